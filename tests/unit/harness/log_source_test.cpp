// Where the W3C log's text comes from (expect/log_source.h): a folder, or a command that prints
// the log (the target's w3cLog.fetchCommand, run/log_commands.h), read incrementally either way.
#include "expect/log_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "expect/substatus_resolver.h"
#include "expect/w3c_log.h"
#include "run/log_commands.h"

namespace authreplay::expect {
namespace {

using namespace std::chrono_literals;

// A fetch whose output the test sets, as a remote `type u_exYYMMDD.log` would print it.
struct ScriptedFetch {
  std::string text;
  std::optional<std::string> error;
  int calls = 0;
  LogFetch fetch() {
    return [this] {
      ++calls;
      return FetchedLog{{{"u_ex261121.log", text}}, error};
    };
  }
};

// A log that never writes a newline must not be held in memory whole (issue 12): the overlong
// line is dropped, the lines after it are read.
TEST(CommandLogSource, ALineLongerThanTheLimitIsDroppedAndTheNextLinesAreRead) {
  ScriptedFetch remote;
  auto source = makeCommandLogSource(remote.fetch(), "the output of fetchCommand");
  remote.text = "first\n" + std::string(kMaxLogLineBytes + 1, 'x');
  auto read = source->read();
  ASSERT_EQ(read.appended.size(), 1u);
  EXPECT_EQ(read.appended[0].text, "first\n");
  remote.text += std::string(3 * kMaxLogLineBytes, 'x');
  EXPECT_TRUE(source->read().appended.empty());
  remote.text += "x\nnext\n";
  read = source->read();
  ASSERT_EQ(read.appended.size(), 1u);
  EXPECT_EQ(read.appended[0].text, "next\n");
}

TEST(FolderLogSource, AFileReadsAtMostTheReadLimitPerPoll) {
  const auto folder = std::filesystem::temp_directory_path() /
                      ("authreplay-log-source-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string line(1023, 'l');
  {
    std::ofstream out(folder / "u_ex261121.log", std::ios::binary);
    for (std::size_t written = 0; written < kMaxLogReadBytes + 4096; written += 1024)
      out << line << '\n';
  }
  auto source = makeFolderLogSource(folder, {"u_ex", ".log", ""});
  auto first = source->read();
  ASSERT_EQ(first.appended.size(), 1u);
  EXPECT_EQ(first.appended[0].text.size(), kMaxLogReadBytes);
  auto second = source->read();
  ASSERT_EQ(second.appended.size(), 1u);
  EXPECT_EQ(second.appended[0].text.size(), 4096u);
  std::filesystem::remove_all(folder);
}

TEST(CommandLogSource, HandsOutOnlyWhatTheOutputGainedAndWholeLinesOnly) {
  ScriptedFetch remote;
  auto source = makeCommandLogSource(remote.fetch(), "the output of fetchCommand");
  remote.text = "a\nb";
  auto read = source->read();
  ASSERT_EQ(read.appended.size(), 1u);
  EXPECT_EQ(read.appended[0].file, "u_ex261121.log");
  EXPECT_EQ(read.appended[0].text, "a\n");  // "b" is still being written
  EXPECT_FALSE(read.restarted);
  remote.text = "a\nb\nc\n";
  read = source->read();
  ASSERT_EQ(read.appended.size(), 1u);
  EXPECT_EQ(read.appended[0].text, "b\nc\n");
  read = source->read();
  EXPECT_TRUE(read.appended.empty());
  EXPECT_EQ(source->where(), "the output of fetchCommand");
  EXPECT_GE(source->pollInterval(), 1s);  // a round trip to the server: not every 200 ms
}

TEST(CommandLogSource, AnOutputThatDoesNotExtendTheLastOneIsReadAnew) {
  ScriptedFetch remote;
  auto source = makeCommandLogSource(remote.fetch(), "fetch");
  remote.text = "a\nb\n";
  source->read();
  remote.text = "x\nb\nc\n";  // same length prefix, other bytes: the file was replaced
  const auto read = source->read();
  EXPECT_TRUE(read.restarted);
  ASSERT_EQ(read.appended.size(), 1u);
  EXPECT_EQ(read.appended[0].text, "x\nb\nc\n");
}

TEST(CommandLogSource, AFailedFetchIsReportedWithWhatItGot) {
  ScriptedFetch remote;
  remote.text = "a\n";
  remote.error = "fetchCommand exited with status 255: ssh: connect to host iis01: No route";
  auto source = makeCommandLogSource(remote.fetch(), "fetch");
  const auto read = source->read();
  EXPECT_EQ(read.error, remote.error);
  ASSERT_EQ(read.appended.size(), 1u);
}

constexpr const char* kHeader =
    "#Software: Microsoft Internet Information Services 10.0\r\n"
    "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username sc-status sc-substatus "
    "sc-win32-status\r\n";

std::string line(const std::string& marker, int status, int substatus, std::uint32_t win32) {
  return "2026-11-21 10:00:00 GET /app/ authreplay-leg=" + marker + " - " + std::to_string(status) +
         " " + std::to_string(substatus) + " " + std::to_string(win32) + "\r\n";
}

scenario::SubstatusSettings fetchedLogSettings(std::chrono::milliseconds timeout) {
  scenario::SubstatusSettings settings;
  settings.source = scenario::SubstatusSource::kW3cLog;
  settings.w3cLog.fetchCommand = "stands in for ssh";
  settings.w3cLog.timeout = timeout;
  return settings;
}

std::vector<LegObservation> handshakeLegs() {
  std::vector<LegObservation> legs(2);
  legs[0].exchange.response.status = 401;
  legs[1].exchange.response.status = 200;
  return legs;
}

TEST(SubstatusFromAFetchedLog, TheResolverReadsTheCommandsOutputInsteadOfAFolder) {
  ScriptedFetch remote;
  remote.text = kHeader;
  SubstatusResolver resolver(fetchedLogSettings(5s), remote.fetch());
  resolver.start();
  // The run's lines arrive after it started, as HTTP.sys flushes them.
  remote.text += line("r.1.1", 401, 1, 2148074254u) + line("r.1.1", 200, 0, 0);
  auto legs = handshakeLegs();
  resolver.resolve(legs, "r.1.1", "GET", "/app/");
  EXPECT_EQ(legs[0].substatus, 1);
  EXPECT_EQ(legs[0].win32Status, 2148074254u);
  EXPECT_EQ(legs[0].substatusSource, "W3C log");
  EXPECT_EQ(legs[1].substatus, 0);
}

TEST(SubstatusFromAFetchedLog, ALogReadAnewDuringTheWaitIsIndexedAgain) {
  ScriptedFetch remote;
  remote.text = std::string(kHeader) + line("old.1", 200, 0, 0) + line("old.2", 200, 0, 0);
  SubstatusResolver resolver(fetchedLogSettings(5s), remote.fetch());
  resolver.start();
  // The server's file was replaced (rotated, or the command prints a tail): shorter than before.
  remote.text = std::string(kHeader) + line("r.1.1", 401, 2, 5) + line("r.1.1", 200, 0, 0);
  auto legs = handshakeLegs();
  resolver.resolve(legs, "r.1.1", "GET", "/app/");
  EXPECT_EQ(legs[0].substatus, 2);
  EXPECT_EQ(legs[1].substatus, 0);
}

TEST(SubstatusFromAFetchedLog, AFailingFetchIsInTheNoteOfEveryLegLeftWithoutALine) {
  ScriptedFetch remote;
  remote.error = "fetchCommand for u_ex261121.log exited with status 5: Access is denied.";
  SubstatusResolver resolver(fetchedLogSettings(0ms), remote.fetch());
  auto legs = handshakeLegs();
  resolver.resolve(legs, "r.1.1", "GET", "/app/");
  EXPECT_FALSE(legs[0].substatus.has_value());
  EXPECT_NE(legs[0].substatusNote.find("the output of fetchCommand"), std::string::npos)
      << legs[0].substatusNote;
  EXPECT_NE(legs[0].substatusNote.find("Access is denied."), std::string::npos)
      << legs[0].substatusNote;
}

TEST(LogFetch, RunsTheCommandOncePerSiteAndUtcDayOfTheRunAndNamesEachFile) {
  scenario::W3cLogSettings log;
  log.siteIds = {1, 3};
  log.fetchCommand = "printf 'site {siteId} day {date}\\n'";
  const auto now = std::chrono::system_clock::now();
  // A run that started yesterday (UTC) and is still going: two files for each site.
  const auto fetched = run::logFetch(log, now - std::chrono::hours(24))();
  EXPECT_FALSE(fetched.error.has_value()) << *fetched.error;
  ASSERT_EQ(fetched.files.size(), 4u);
  const auto today = run::expandLogCommand("{date}", 3, now);
  EXPECT_EQ(fetched.files[3].file, "W3SVC3/u_ex" + today + ".log");
  EXPECT_EQ(fetched.files[3].text, "site 3 day " + today + "\n");
  EXPECT_EQ(fetched.files[1].file, "W3SVC1/u_ex" + today + ".log");
}

TEST(LogFetch, AFailingCommandSaysWhyAndGivesNoText) {
  scenario::W3cLogSettings log;
  log.fetchCommand = "echo 'Access is denied.' >&2; exit 5";
  const auto fetched = run::logFetch(log, std::chrono::system_clock::now())();
  EXPECT_TRUE(fetched.files.empty());
  ASSERT_TRUE(fetched.error.has_value());
  EXPECT_NE(fetched.error->find("exited with status 5: Access is denied."), std::string::npos)
      << *fetched.error;
}

TEST(LogFetch, TheCommandReadsAFileAsSshWouldPrintIt) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authreplay-fetch-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "W3SVC2");
  const auto now = std::chrono::system_clock::now();
  const auto file = dir / "W3SVC2" / ("u_ex" + run::expandLogCommand("{date}", 2, now) + ".log");
  std::ofstream(file) << kHeader << line("r.7.1", 401, 2, 5);
  scenario::W3cLogSettings log;
  log.siteIds = {2};
  log.fetchCommand = "cat '" + dir.string() + "/W3SVC{siteId}/u_ex{date}.log'";
  W3cLogReader reader(makeCommandLogSource(run::logFetch(log, now), "fetch"));
  reader.refresh();
  ASSERT_EQ(reader.entries().size(), 1u);
  EXPECT_EQ(reader.entries()[0].substatus, 2);
  std::ofstream(file, std::ios::app) << line("r.7.1", 200, 0, 0);
  reader.refresh();
  ASSERT_EQ(reader.entries().size(), 2u);  // the new line only, not the file again
  EXPECT_EQ(reader.entries()[1].status, 200);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace authreplay::expect

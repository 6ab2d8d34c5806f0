// The target's log commands (run/shell_command.h, run/log_commands.h): a remote IIS's flush and
// fetch commands run bounded in time and output, with the password in their environment only.
#include "run/log_commands.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/progress_line.h"
#include "run/shell_command.h"

namespace authreplay::run {
namespace {

using namespace std::chrono_literals;

TEST(ShellCommand, CapturesOutputAndExitStatus) {
  const auto ok = runShellCommand("printf 'a b\\n'; echo oops >&2", {}, {});
  EXPECT_TRUE(ok.succeeded());
  EXPECT_EQ(ok.out, "a b\n");
  EXPECT_EQ(ok.err, "oops\n");
  const auto failed =
      runShellCommand("echo first >&2; echo 'no route to iis01' >&2; exit 3", {}, {});
  EXPECT_FALSE(failed.succeeded());
  EXPECT_EQ(failed.exitCode, 3);
  EXPECT_EQ(describeFailure(failed, {}), "exited with status 3: no route to iis01");
}

TEST(ShellCommand, AHangingCommandIsKilledWithItsChildrenAtTheTimeout) {
  ShellCommandLimits limits;
  limits.timeout = 300ms;
  // The sleep is a grandchild that keeps stdout open: the whole process group must go.
  const auto result = runShellCommand("sleep 30 | cat", {}, limits);
  EXPECT_TRUE(result.timedOut);
  EXPECT_FALSE(result.succeeded());
  EXPECT_EQ(describeFailure(result, limits), "timed out after 300 ms");
}

TEST(ShellCommand, OutputPastTheLimitIsDroppedAndSaidSo) {
  ShellCommandLimits limits;
  limits.maxOutput = 1000;
  const auto result = runShellCommand("yes | head -c 100000", {}, limits);
  EXPECT_TRUE(result.succeeded());
  EXPECT_TRUE(result.truncated);
  EXPECT_EQ(result.out.size(), 1000u);
}

TEST(ShellCommand, ExtraEnvironmentReachesTheCommandButNotItsArguments) {
  const auto result = runShellCommand("printf %s \"$AUTHREPLAY_LOG_PASSWORD\"",
                                      {{"AUTHREPLAY_LOG_PASSWORD", "s3"}}, {});
  EXPECT_EQ(result.out, "s3");
}

TEST(LogCommands, PlaceholdersAreTheSiteIdAndTheUtcDayOfTheLogFile) {
  // 2026-11-21 23:30 UTC: IIS's file of that day is u_ex261121.log.
  const auto day = std::chrono::sys_days(std::chrono::year(2026) / 11 / 21) + 23h + 30min;
  EXPECT_EQ(expandLogCommand("ssh iis01 type W3SVC{siteId}\\u_ex{date}.log", 3, day),
            "ssh iis01 type W3SVC3\\u_ex261121.log");
}

TEST(LogCommands, TheFlushCommandGetsThePasswordFromTheTargetsFileInItsEnvironment) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authreplay-logcmd-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "password") << "pa55\n";
  scenario::Target target;
  auto& log = target.substatus.w3cLog;
  log.passwordFile = (dir / "password").string();
  log.flushCommand = "test \"$AUTHREPLAY_LOG_PASSWORD\" = pa55";
  EXPECT_EQ(flushLog(target), std::nullopt);
  log.flushCommand = "echo 'Access is denied.' >&2; exit 5";
  EXPECT_EQ(flushLog(target), "flushCommand exited with status 5: Access is denied.");
  log.passwordFile = (dir / "missing").string();
  const auto unread = flushLog(target);
  ASSERT_TRUE(unread.has_value());
  EXPECT_EQ(unread->rfind("flushCommand not run: ", 0), 0u) << *unread;
  std::filesystem::remove_all(dir);
}

// `netsh http flush logbuffer` flushes every site: once per run, unless the command names a site.
TEST(LogCommands, TheFlushCommandRunsOncePerSiteOnlyWhenItNamesTheSite) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authreplay-flush-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  scenario::Target target;
  auto& log = target.substatus.w3cLog;
  log.siteIds = {1, 2};
  log.flushCommand = "echo all >> '" + (dir / "runs").string() + "'";
  EXPECT_EQ(flushLog(target), std::nullopt);
  log.flushCommand = "echo {siteId} >> '" + (dir / "runs").string() + "'";
  EXPECT_EQ(flushLog(target), std::nullopt);
  std::ifstream in(dir / "runs");
  std::stringstream runs;
  runs << in.rdbuf();
  EXPECT_EQ(runs.str(), "all\n1\n2\n");
  std::filesystem::remove_all(dir);
}

// A server whose HTTPERR folder is not mounted: one command per server prints its log, with the
// w3cLog password in its environment; a failing one says why (issue 11 part 3).
TEST(LogCommands, EachHttpErrFetchCommandPrintsOneServersLog) {
  scenario::SubstatusSettings substatus;
  substatus.httpErrLog.fetchCommands = {
      "printf '#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status "
      "s-siteid s-reason s-queuename\\r\\n'",
      "echo 'The system cannot find the file specified.' >&2; exit 1"};
  auto fetches = httpErrFetches(substatus);
  ASSERT_EQ(fetches.size(), 2u);
  const auto printed = fetches[0]();
  EXPECT_FALSE(printed.error.has_value());
  ASSERT_EQ(printed.files.size(), 1u);
  EXPECT_EQ(printed.files[0].file, "HTTPERR 1");
  EXPECT_EQ(printed.files[0].text.rfind("#Fields: date time c-ip", 0), 0u) << printed.files[0].text;
  const auto failed = fetches[1]();
  EXPECT_TRUE(failed.files.empty());
  EXPECT_EQ(failed.error,
            "httpErrLog.fetchCommand exited with status 1: The system cannot find the file "
            "specified.");
}

}  // namespace
}  // namespace authreplay::run

namespace authreplay::cli {
namespace {

TEST(ProgressLine, RewritesOneLineAndErasesItBeforeOtherOutput) {
  std::ostringstream terminal;
  ProgressLine line(&terminal, 40);
  line.sending(0, 32, "ie.zero-length-post\x1b]0;x");
  EXPECT_EQ(terminal.str(), "\r[1/32] sending ie.zero-length-post?]0;x\x1b[K");
  terminal.str("");
  line.waitingForLog(0, 96, std::chrono::milliseconds(52300));
  // Cut to the width, one column short so the cursor never wraps.
  EXPECT_EQ(terminal.str(), "\rwaiting for the W3C log: 0 of 96 legs w\x1b[K");
  terminal.str("");
  line.clear();
  EXPECT_EQ(terminal.str(), "\r\x1b[K");
  terminal.str("");
  line.clear();
  EXPECT_EQ(terminal.str(), "") << "nothing shown, nothing to erase";
}

}  // namespace
}  // namespace authreplay::cli

// A target that is not IIS (substatus.source "none", docs/non-iis-servers.md): its legs show the
// status alone, the W3C log is never advised, substatus and win32Status expectations are refused
// before anything is sent (with their position), and the user check accepts the names the
// target's credentials.userAliases give the expected user.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "browser/browser_catalogue.h"
#include "cli/app.h"
#include "expect/step_checks.h"
#include "expect/substatus_resolver.h"
#include "expect/user_name_match.h"
#include "json/source_document.h"
#include "scenario/scenario_loader.h"
#include "scenario/target_compatibility.h"
#include "scenario/target_file.h"

namespace authreplay {
namespace {

using expect::LegObservation;

LegObservation legWithStatus(int status) {
  LegObservation leg;
  leg.exchange.response.status = status;
  leg.exchange.response.body = "<html><head><title>401 Unauthorized</title></head></html>";
  return leg;
}

std::vector<LegObservation> resolvedBy(scenario::SubstatusSource source,
                                       std::vector<LegObservation> legs) {
  scenario::SubstatusSettings settings;
  settings.source = source;
  expect::SubstatusResolver(settings).resolve(legs, "", "GET", "/app/");
  return legs;
}

// -- statusLabel and the resolver -------------------------------------------------------------

TEST(NonIisStatusLabel, ATargetWithoutSubstatusShowsTheStatusAlone) {
  const auto legs =
      resolvedBy(scenario::SubstatusSource::kNone, {legWithStatus(401), legWithStatus(200)});
  EXPECT_EQ(expect::statusLabel(legs[0]), "401");
  EXPECT_EQ(expect::statusLabel(legs[1]), "200");
  EXPECT_FALSE(legs[0].substatusApplies);
  EXPECT_EQ(legs[0].substatusSource, "none");
  EXPECT_FALSE(legs[0].substatus.has_value());
}

TEST(NonIisStatusLabel, AnIisTargetStillMarksAnUnknownSubstatus) {
  // The same Apache-style page read as IIS's: the substatus is unknown, and that shows.
  const auto legs = resolvedBy(scenario::SubstatusSource::kErrorPage, {legWithStatus(401)});
  EXPECT_EQ(expect::statusLabel(legs[0]), "401.?");
  EXPECT_TRUE(legs[0].substatusApplies);
  auto known = legs[0];
  known.substatus = 2;
  EXPECT_EQ(expect::statusLabel(known), "401.2");
  EXPECT_EQ(expect::statusLabel(legWithStatus(0)), "---");
}

TEST(NonIisStatusLabel, TheW3cLogIsNeverAdvisedForATargetWithoutSubstatus) {
  const auto iis = resolvedBy(scenario::SubstatusSource::kErrorPage, {legWithStatus(401)});
  EXPECT_NE(iis[0].substatusNote.find("W3C log"), std::string::npos) << iis[0].substatusNote;
  const auto other = resolvedBy(scenario::SubstatusSource::kNone, {legWithStatus(401)});
  EXPECT_EQ(other[0].substatusNote.find("W3C log"), std::string::npos) << other[0].substatusNote;
}

// -- user names and aliases -------------------------------------------------------------------

TEST(UserNameMatch, DomainAndRealmCompareWithoutCaseTheAccountExactly) {
  EXPECT_TRUE(expect::sameUserName("HARNESS\\alice", "harness\\alice"));
  EXPECT_TRUE(expect::sameUserName("alice@HARNESS.TEST", "alice@harness.test"));
  EXPECT_FALSE(expect::sameUserName("HARNESS\\alice", "HARNESS\\Alice"));
  EXPECT_FALSE(expect::sameUserName("alice@HARNESS.TEST", "Alice@HARNESS.TEST"));
  // Another form is another name: only an alias makes them the same account.
  EXPECT_FALSE(expect::sameUserName("HARNESS\\alice", "alice@HARNESS"));
  EXPECT_FALSE(expect::sameUserName("HARNESS\\alice", "alice"));
  EXPECT_FALSE(expect::sameUserName("HARNESS\\alice", "OTHER\\alice"));
  EXPECT_TRUE(expect::sameUserName("alice", "alice"));
  EXPECT_FALSE(expect::sameUserName("alice", "ALICE"));
}

TEST(UserNameMatch, AliasesAreFoundByTheExpectedNameAndSayWhichMatched) {
  const scenario::UserAliases aliases{{"HARNESS\\alice", {"alice@HARNESS.TEST", "alice"}}};
  EXPECT_EQ(expect::matchUser("HARNESS\\alice", "HARNESS\\alice", aliases).alias, "");
  EXPECT_TRUE(expect::matchUser("HARNESS\\alice", "HARNESS\\alice", aliases).matched);
  const auto kerberos = expect::matchUser("alice@harness.test", "harness\\alice", aliases);
  EXPECT_TRUE(kerberos.matched);
  EXPECT_EQ(kerberos.alias, "alice@HARNESS.TEST");
  EXPECT_EQ(expect::matchUser("alice", "HARNESS\\alice", aliases).alias, "alice");
  EXPECT_FALSE(expect::matchUser("bob@HARNESS.TEST", "HARNESS\\alice", aliases).matched);
  EXPECT_FALSE(expect::matchUser("alice@HARNESS.TEST", "HARNESS\\bob", aliases).matched);
  EXPECT_FALSE(expect::matchUser("alice@HARNESS.TEST", "HARNESS\\alice", {}).matched);
}

scenario::StepExpectations expectationsOf(const std::string& expectJson) {
  const auto s = scenario::parseScenario(
      R"({"id": "t", "title": "t", "steps": [ { "request": { "path": "/whoami" }, "expect": )" +
          expectJson + "} ] }",
      "t.json", ".", browser::catalogue());
  return std::get<scenario::RequestStep>(s.steps[0].action).expect;
}

std::vector<LegObservation> reportedUser(std::optional<std::string> user, bool iis = true) {
  auto leg = legWithStatus(200);
  leg.user = std::move(user);
  leg.substatusApplies = iis;
  return {leg};
}

const scenario::UserAliases kAliases{{"HARNESS\\alice", {"alice@HARNESS.TEST", "alice"}}};

TEST(UserCheck, PassesOnAnAliasAndSaysWhichOne) {
  const auto checks = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                        reportedUser("alice@HARNESS.TEST"), nullptr, kAliases);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_TRUE(checks[0].passed);
  EXPECT_EQ(checks[0].actual, "alice@HARNESS.TEST");
  EXPECT_EQ(checks[0].expected, "HARNESS\\alice (or its alias alice@HARNESS.TEST, alice)");
  EXPECT_EQ(checks[0].note,
            "matched the alias \"alice@HARNESS.TEST\" of \"HARNESS\\alice\" (target "
            "credentials.userAliases)");
}

TEST(UserCheck, TheExpectedNameItselfNeedsNoNoteAndIsCaseInsensitiveInTheDomain) {
  const auto checks = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                        reportedUser("harness\\alice"), nullptr, kAliases);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_TRUE(checks[0].passed);
  EXPECT_EQ(checks[0].note, "");
}

TEST(UserCheck, WithoutTheAliasTheKerberosNameFails) {
  const auto checks = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                        reportedUser("alice@HARNESS.TEST"), nullptr);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_FALSE(checks[0].passed);
  EXPECT_EQ(checks[0].expected, "HARNESS\\alice");
  EXPECT_EQ(checks[0].actual, "alice@HARNESS.TEST");
  EXPECT_EQ(checks[0].where.location(), "t.json:1:94");
}

TEST(UserCheck, AnotherUserFailsWhateverTheAliases) {
  const auto checks = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                        reportedUser("bob@HARNESS.TEST"), nullptr, kAliases);
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_FALSE(checks[0].passed);
  EXPECT_EQ(checks[0].actual, "bob@HARNESS.TEST");
}

TEST(UserCheck, AnUnknownUserOnANonIisTargetIsNotSentToTheW3cLog) {
  const auto iis = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                     reportedUser(std::nullopt, true), nullptr);
  EXPECT_NE(iis[0].note.find("give the target a W3C log"), std::string::npos) << iis[0].note;
  const auto other = expect::checkStep(expectationsOf(R"({ "user": "HARNESS\\alice" })"),
                                       reportedUser(std::nullopt, false), nullptr);
  EXPECT_FALSE(other[0].passed);
  EXPECT_EQ(other[0].actual, "unknown");
  EXPECT_EQ(other[0].note,
            "the user comes from an identity page answering {\"user\": ...} (this target has no "
            "W3C log): request one, or assert the header or body the server reports the user in");
}

// -- the target file --------------------------------------------------------------------------

TEST(TargetFileUserAliases, AreReadFromCredentials) {
  const auto t = scenario::parseTargetFile(R"json({
    "name": "apache",
    "origins": { "default": "http://localhost:8080" },
    "credentials": {
      "user": "HARNESS\\alice",
      "userAliases": { "HARNESS\\alice": ["alice@HARNESS.TEST", "alice"], "HARNESS\\bob": [] }
    },
    "substatus": { "source": "none" }
  })json",
                                           "apache.json", "/tmp");
  ASSERT_EQ(t.credentials.userAliases.size(), 2u);
  EXPECT_EQ(t.credentials.userAliases.at("HARNESS\\alice"),
            (std::vector<std::string>{"alice@HARNESS.TEST", "alice"}));
  EXPECT_TRUE(t.credentials.userAliases.at("HARNESS\\bob").empty());
  EXPECT_EQ(t.substatus.source, scenario::SubstatusSource::kNone);
}

std::string targetError(const std::string& credentials) {
  try {
    scenario::parseTargetFile(
        "{\n  \"origins\": { \"default\": \"http://localhost:8080\" },\n  \"credentials\": " +
            credentials + "\n}\n",
        "apache.json", "/tmp");
  } catch (const json::SourceError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(TargetFileUserAliases, BadAliasesNameFileLineAndColumn) {
  EXPECT_EQ(targetError(R"({ "userAliases": ["alice@HARNESS.TEST"] })"),
            "apache.json:3:35: expected an object for \"userAliases\", got array");
  EXPECT_EQ(targetError(R"({ "userAliases": { "HARNESS\\alice": "alice@HARNESS.TEST" } })"),
            "apache.json:3:55: expected an array of strings for \"HARNESS\\alice\", got string");
  EXPECT_EQ(targetError(R"({ "userAliases": { "HARNESS\\alice": ["alice", 7] } })"),
            "apache.json:3:65: expected a string, got integer");
  EXPECT_EQ(targetError(R"({ "userAliases": { "HARNESS\\alice": [""] } })"),
            "apache.json:3:56: an alias of \"HARNESS\\alice\" must not be empty");
  EXPECT_EQ(targetError(R"({ "userAliases": { "": ["alice"] } })"),
            "apache.json:3:37: a user name in \"userAliases\" must not be empty");
  EXPECT_EQ(targetError(R"({ "userAlias": {} })"),
            "apache.json:3:20: unknown key \"userAlias\" in \"credentials\" (did you mean "
            "\"userAliases\"?)");
}

// -- validate: what a non-IIS target cannot check ---------------------------------------------

constexpr const char* kScenario = R"json({
  "id": "t.substatus", "title": "asserts IIS substatus",
  "client": { "browser": "chrome" },
  "steps": [
    { "request": { "path": "/app/" },
      "expect": {
        "substatus": 0,
        "legs": [
          { "sent": "none", "status": 401, "substatus": 2, "win32Status": 5 },
          { "sent": "Negotiate(Kerberos)", "status": 200 } ] } },
    { "request": { "path": "/app/" }, "expect": { "status": 200, "win32Status": 0 } } ] }
)json";

scenario::Target targetWith(scenario::SubstatusSource source) {
  auto target = scenario::targetFromUrl("http://localhost:8080");
  target.name = "apache-gssapi";
  target.substatus.source = source;
  return target;
}

TEST(UncheckableExpectations, NoneRejectsEverySubstatusAndWin32StatusWithItsPosition) {
  const auto s = scenario::parseScenario(kScenario, "scenarios/t.json", ".", browser::catalogue());
  const auto errors =
      scenario::uncheckableExpectations({s}, targetWith(scenario::SubstatusSource::kNone));
  std::vector<std::string> messages;
  for (const auto& e : errors)
    messages.push_back(e.what());
  const std::string why =
      " cannot be checked on a non-IIS server (substatus.source is \"none\"; remove the "
      "expectation or run the scenario against IIS)";
  EXPECT_EQ(messages,
            (std::vector<std::string>{
                "scenarios/t.json:7:22: \"substatus\" expected of step 1, but target "
                "\"apache-gssapi\" has no substatus source: substatus" +
                    why,
                "scenarios/t.json:9:57: \"substatus\" expected of leg 1 of step 1, but target "
                "\"apache-gssapi\" has no substatus source: substatus" +
                    why,
                "scenarios/t.json:9:75: \"win32Status\" expected of leg 1 of step 1, but target "
                "\"apache-gssapi\" has no substatus source: win32Status" +
                    why,
                "scenarios/t.json:11:81: \"win32Status\" expected of step 2, but target "
                "\"apache-gssapi\" has no substatus source: win32Status" +
                    why}));
}

TEST(UncheckableExpectations, IisSourcesAcceptThemAndNoneAcceptsTheRest) {
  const auto s = scenario::parseScenario(kScenario, "scenarios/t.json", ".", browser::catalogue());
  for (const auto source : {scenario::SubstatusSource::kErrorPage,
                            scenario::SubstatusSource::kW3cLog, scenario::SubstatusSource::kBoth}) {
    EXPECT_TRUE(scenario::uncheckableExpectations({s}, targetWith(source)).empty())
        << scenario::toString(source);
  }
  const auto portable = scenario::parseScenario(
      R"({"id": "t.portable", "title": "t", "steps": [ { "request": { "path": "/whoami" },
          "expect": { "legs": [ { "sent": "none", "status": 401, "offers": ["Negotiate"] },
                                { "status": 200, "connection": "same" } ],
                      "user": "HARNESS\\alice" } } ] })",
      "p.json", ".", browser::catalogue());
  EXPECT_TRUE(
      scenario::uncheckableExpectations({portable}, targetWith(scenario::SubstatusSource::kNone))
          .empty());
}

// -- the command line -------------------------------------------------------------------------

struct AppRun {
  int code;
  std::string out;
  std::string err;
};

AppRun app(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  const int code = cli::runApp(args, out, err);
  return {code, out.str(), err.str()};
}

const std::string kSource = AUTHREPLAY_SOURCE_DIR;
const std::string kExampleTarget = kSource + "/ci/examples/apache-gssapi.target.json";
const std::string kSubstatusScenario = kSource + "/scenarios/basics/curl-negotiate-kerberos.json";

TEST(NonIisCli, ValidateRefusesSubstatusNamingFileLineAndColumn) {
  const auto r = app({"validate", kSubstatusScenario, "--target-file", kExampleTarget});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, kSubstatusScenario +
                       ":13:57: \"substatus\" expected of leg 1 of step 1, but target \"apache "
                       "mod_auth_gssapi (web01)\" has no substatus source: substatus cannot be "
                       "checked on a non-IIS server (substatus.source is \"none\"; remove the "
                       "expectation or run the scenario against IIS)\n"
                       "1 expectation cannot be checked against this target\n");
}

TEST(NonIisCli, ValidateAcceptsAScenarioWithoutSubstatus) {
  const auto r = app({"validate", kSource + "/scenarios/seed-003-negotiate", "--glob",
                      "seed-003.chrome-*", "--target-file", kExampleTarget});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "1 scenario valid\n");
}

TEST(NonIisCli, RunRefusesBeforeSendingAnything) {
  // The origin is a closed port: had anything been sent, the run would end 3 (could not run).
  const auto dir =
      std::filesystem::temp_directory_path() / ("authreplay-non-iis-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto target = dir / "closed.target.json";
  std::ofstream(target) << R"({ "name": "closed", "origins": { "default": "http://127.0.0.1:9" },
                                "substatus": { "source": "none" } })";
  const auto r = app({"run", kSource + "/scenarios", "--target-file", target.string()});
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("curl-negotiate-kerberos.json:13:57: \"substatus\" expected of leg 1 of "
                       "step 1, but target \"closed\" has no substatus source"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(" expectations cannot be checked against this target: nothing was sent\n"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace authreplay

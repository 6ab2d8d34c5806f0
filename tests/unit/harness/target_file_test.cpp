#include "scenario/target_file.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "golden.h"
#include "json/source_document.h"

namespace authreplay::scenario {
namespace {

using testing::expectGolden;
using testing::loadErrorsOf;
using testing::readText;
using testing::testDataDir;

// Exactly what fixtures/lab/labctl's write_target_json writes (docs/lab.md).
constexpr const char* kLabTarget = R"json({
  "name": "authreplay lab (/tmp/lab)",
  "origins": {
    "default": "http://localhost:41001",
    "tls": "https://localhost:41002",
    "second": "http://127.0.0.1:41003"
  },
  "tls": { "caFile": "/tmp/lab/tls/ca.pem" },
  "credentials": {
    "user": "HARNESS\\alice",
    "passwordFile": "/tmp/lab/secrets/password",
    "kerberos": {
      "principal": "alice@HARNESS.TEST",
      "ccache": "FILE:/tmp/lab/krb5/ccache",
      "config": "/tmp/lab/krb5/krb5.conf"
    }
  },
  "proxies": {
    "pinned": "http://127.0.0.1:41004",
    "unpinned": "http://127.0.0.1:41005"
  },
  "substatus": {
    "source": "errorPage",
    "w3cLog": { "directory": "/tmp/lab/logs/W3SVC1", "timeoutMs": 5000 }
  },
  "recycle": { "url": "http://127.0.0.1:41006/recycle?site={site}&app={app}", "method": "POST" }
})json";

TEST(TargetFile, ReadsTheLabsTargetFileAsWritten) {
  const auto t = parseTargetFile(kLabTarget, "target.json", "/tmp/lab");
  EXPECT_EQ(t.origins.at("default"), "http://localhost:41001");
  EXPECT_EQ(t.origins.at("second"), "http://127.0.0.1:41003");
  EXPECT_EQ(t.caFile, "/tmp/lab/tls/ca.pem");
  EXPECT_EQ(t.credentials.user, "HARNESS\\alice");
  EXPECT_EQ(t.credentials.passwordFile, "/tmp/lab/secrets/password");
  EXPECT_EQ(t.credentials.kerberos.ccache, "FILE:/tmp/lab/krb5/ccache");
  EXPECT_EQ(t.proxies.at("unpinned"), "http://127.0.0.1:41005");
  EXPECT_EQ(t.substatus.source, SubstatusSource::kErrorPage);
  EXPECT_EQ(t.substatus.w3cLog.timeout, std::chrono::milliseconds(5000));
  ASSERT_TRUE(t.recycle.has_value());
  EXPECT_EQ(t.recycle->method, "POST");
  EXPECT_FALSE(t.insecure);
}

TEST(TargetFile, OptionalKeysAndRelativePaths) {
  const auto t = parseTargetFile(R"json({
    "$schema": "../docs/target.schema.json",
    "origins": { "default": "https://staging.example.test/" },
    "pathPrefixes": { "/ActiveXTest/": "/qa/ActiveXTest/" },
    "resolve": { "staging.example.test:443": "127.0.0.1" },
    "noProxy": ["staging.example.test"],
    "tls": { "caFile": "ca.pem", "insecure": true },
    "credentials": { "user": "CORP\\qa", "passwordEnv": "QA_PASSWORD",
                     "kerberos": { "ccache": "cc", "clientKeytab": "qa.keytab" } },
    "substatus": { "source": "w3cLog", "w3cLog": { "directory": "logs", "marker": false } },
    "recycle": { "command": "ssh iis appcmd recycle apppool {site}", "sites": { "default": "QA" } },
    "timeouts": { "connectMs": 1500, "requestMs": 9000 }
  })json",
                                 "conf/target.json", "/etc/authreplay");
  EXPECT_EQ(t.pathPrefixes.at("/ActiveXTest/"), "/qa/ActiveXTest/");
  EXPECT_EQ(t.resolve, std::vector<std::string>{"staging.example.test:443:127.0.0.1"});
  EXPECT_EQ(t.caFile, "/etc/authreplay/ca.pem");
  EXPECT_TRUE(t.insecure);
  EXPECT_EQ(t.credentials.passwordEnv, "QA_PASSWORD");
  EXPECT_EQ(t.credentials.kerberos.ccache, "/etc/authreplay/cc");
  EXPECT_EQ(t.credentials.kerberos.clientKeytab, "/etc/authreplay/qa.keytab");
  EXPECT_EQ(t.substatus.w3cLog.directory, "/etc/authreplay/logs");
  EXPECT_FALSE(t.substatus.w3cLog.marker);
  EXPECT_EQ(t.recycle->sites.at("default"), "QA");
  EXPECT_EQ(t.connectTimeout, std::chrono::milliseconds(1500));
}

// A remote IIS without a mounted log folder: the log comes from a command (issue 11).
TEST(TargetFile, ALogFetchedByACommandNeedsNoFolder) {
  const auto t = parseTargetFile(R"json({
    "origins": { "default": "https://iis01.example.test" },
    "substatus": { "source": "w3cLog",
                   "w3cLog": { "fetchCommand": "ssh iis01 type W3SVC{siteId}\\u_ex{date}.log",
                               "flushCommand": "ssh iis01 netsh http flush logbuffer",
                               "siteId": 3, "commandTimeoutMs": 5000,
                               "passwordFile": "secrets/winrm" } }
  })json",
                                 "t.json", "/etc/authreplay");
  const auto& log = t.substatus.w3cLog;
  EXPECT_EQ(log.directory, "");
  EXPECT_EQ(log.fetchCommand, "ssh iis01 type W3SVC{siteId}\\u_ex{date}.log");
  EXPECT_EQ(log.flushCommand, "ssh iis01 netsh http flush logbuffer");
  EXPECT_EQ(log.siteIds, std::vector<int>{3});
  EXPECT_EQ(log.commandTimeout, std::chrono::milliseconds(5000));
  EXPECT_EQ(log.passwordFile, "/etc/authreplay/secrets/winrm");
}

// A server with two sites the scenarios reach: the fetch command prints each site's file.
TEST(TargetFile, SiteIdMayNameEverySiteTheScenariosReach) {
  const auto t = parseTargetFile(R"json({
    "origins": { "default": "https://iis01.example.test" },
    "substatus": { "source": "w3cLog", "w3cLog": { "fetchCommand": "x", "siteId": [1, 2] } }
  })json",
                                 "t.json", "/etc/authreplay");
  EXPECT_EQ(t.substatus.w3cLog.siteIds, (std::vector<int>{1, 2}));
  EXPECT_THROW(parseTargetFile(R"json({ "origins": { "default": "https://a.test" },
    "substatus": { "w3cLog": { "fetchCommand": "x", "siteId": [1, "2"] } } })json",
                               "t.json", "/etc"),
               std::exception);
  EXPECT_THROW(parseTargetFile(R"json({ "origins": { "default": "https://a.test" },
    "substatus": { "w3cLog": { "fetchCommand": "x", "siteId": [] } } })json",
                               "t.json", "/etc"),
               std::exception);
}

// Issue 14 part 3: the clients' DNS view of a CNAME, for the browsers that build the Kerberos SPN
// from the canonical name. Names compare without case; a port or scheme is refused, with where.
TEST(TargetFile, CnamesMapAliasesToCanonicalHostNames) {
  const auto t = parseTargetFile(R"json({
    "origins": { "default": "http://Intranet.example.test" },
    "cnames": { "Intranet.example.test": "web01.Example.test" }
  })json",
                                 "t.json", "/etc");
  EXPECT_EQ(t.cnames.at("intranet.example.test"), "web01.example.test");
  for (const char* bad : {R"json({ "intranet.example.test:80": "web01" })json",
                          R"json({ "intranet": "http://web01" })json",
                          R"json({ "intranet": "" })json", R"json({ "intranet": 1 })json"}) {
    try {
      (void)parseTargetFile(std::string(R"json({ "origins": { "default": "https://a.test" },
        "cnames": )json") + bad +
                                "}",
                            "t.json", "/etc");
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::exception& error) {
      EXPECT_NE(std::string(error.what()).find("t.json:2:"), std::string::npos) << error.what();
    }
  }
}

// HTTP.sys's HTTPERR folder, read whatever the substatus source (issue 11 part 3): one folder,
// or one per server behind the origins.
TEST(TargetFile, HttpErrLogIsAFolderOrOnePerServer) {
  const auto one = parseTargetFile(R"json({
    "origins": { "default": "https://iis01.example.test" },
    "substatus": { "httpErrLog": { "directory": "iis01/HTTPERR" } }
  })json",
                                   "t.json", "/mnt");
  EXPECT_EQ(one.substatus.source, SubstatusSource::kErrorPage);
  EXPECT_EQ(one.substatus.httpErrLog.directories, std::vector<std::string>{"/mnt/iis01/HTTPERR"});
  EXPECT_EQ(one.substatus.httpErrLog.timeout, std::chrono::milliseconds(10000));
  const auto farm = parseTargetFile(R"json({
    "origins": { "default": "https://iis01.example.test" },
    "substatus": { "httpErrLog": { "directory": ["/mnt/iis01/HTTPERR", "/mnt/iis02/HTTPERR"],
                                   "timeoutMs": 70000 } }
  })json",
                                    "t.json", "/");
  EXPECT_EQ(farm.substatus.httpErrLog.directories,
            (std::vector<std::string>{"/mnt/iis01/HTTPERR", "/mnt/iis02/HTTPERR"}));
  EXPECT_EQ(farm.substatus.httpErrLog.timeout, std::chrono::milliseconds(70000));
  EXPECT_FALSE(targetFromUrl("http://127.0.0.1:9/").substatus.httpErrLog.enabled());
  // A server whose HTTPERR folder is not mounted: a command prints its log.
  const auto fetched = parseTargetFile(R"json({
    "origins": { "default": "https://iis01.example.test" },
    "substatus": { "httpErrLog": {
      "fetchCommand": "ssh iis01 type C:\\Windows\\System32\\LogFiles\\HTTPERR\\httperr*.log" } }
  })json",
                                       "t.json", "/");
  EXPECT_TRUE(fetched.substatus.httpErrLog.directories.empty());
  EXPECT_EQ(fetched.substatus.httpErrLog.fetchCommands,
            std::vector<std::string>{
                "ssh iis01 type C:\\Windows\\System32\\LogFiles\\HTTPERR\\httperr*.log"});
}

TEST(TargetFile, TargetUrlIsTheDefaultOrigin) {
  const auto t = targetFromUrl("http://127.0.0.1:9/");
  EXPECT_EQ(t.origins.at("default"), "http://127.0.0.1:9");
  EXPECT_EQ(t.substatus.source, SubstatusSource::kErrorPage);
  // A dead target must fail in seconds, not after libcurl's default five minutes.
  EXPECT_LE(t.connectTimeout, std::chrono::milliseconds(5000));
}

TEST(TargetFile, InvalidFilesGiveThePositionAndAClearMessage) {
  expectGolden(
      loadErrorsOf("invalid-targets",
                   [](const std::string& text, const std::string& name,
                      const std::filesystem::path& dir) { parseTargetFile(text, name, dir); }),
      "invalid-targets.txt");
}

}  // namespace
}  // namespace authreplay::scenario

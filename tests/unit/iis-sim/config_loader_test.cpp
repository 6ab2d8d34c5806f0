// The config loader: IIS inheritance down the path, and the exact "file:line:col: message" text
// users see for mistakes (STYLE.md: golden error messages).
#include "iis-sim/config/config_loader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "json/source_document.h"
#include "temp_folder.h"

namespace iissim {
namespace {

class ConfigLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(folder_.path() / "www" / "App" / "Sub");
    std::filesystem::create_directories(folder_.path() / "elsewhere");
  }

  ServerConfig parse(const std::string& text) {
    return parseServerConfig(text, "sim.json", folder_.path());
  }

  // The message of the SourceError TEXT raises, "" when it loads.
  std::string errorOf(const std::string& text) {
    try {
      parse(text);
    } catch (const authreplay::json::SourceError& error) {
      return error.what();
    }
    return "";
  }

  testing::TempFolder folder_;
};

// One site, one binding, physicalPath "www"; BODY is spliced into the site object.
std::string siteWith(const std::string& body) {
  return "{\"sites\": [{\"name\": \"Default\", \"id\": 1,\n"
         "  \"bindings\": [{\"protocol\": \"http\", \"bindingInformation\": "
         "\"127.0.0.1:0:localhost\"}],\n"
         "  \"physicalPath\": \"www\"" +
         body + "}]}";
}

TEST_F(ConfigLoaderTest, ReadsSiteBindingAndDefaults) {
  const ServerConfig config = parse(siteWith(""));
  ASSERT_EQ(config.sites.size(), 1u);
  const Site& site = config.sites[0];
  EXPECT_EQ(site.name, "Default");
  EXPECT_EQ(site.id, 1);
  ASSERT_EQ(site.bindings.size(), 1u);
  EXPECT_EQ(site.bindings[0].address, "127.0.0.1");
  EXPECT_EQ(site.bindings[0].port, 0);
  EXPECT_EQ(site.bindings[0].hostHeader, "localhost");
  EXPECT_EQ(site.connectionTimeout, std::chrono::seconds(120));  // IIS default 00:02:00
  ASSERT_EQ(site.locations.size(), 1u);
  const Location& root = site.locations[0];
  EXPECT_EQ(root.path, "/");
  EXPECT_EQ(root.physicalPath, folder_.path() / "www");  // relative to the config's folder
  // IIS defaults: anonymous on, Windows off with Negotiate then NTLM, kernel mode on.
  EXPECT_TRUE(root.authentication.anonymousEnabled);
  EXPECT_FALSE(root.authentication.windows.enabled);
  EXPECT_EQ(root.authentication.windows.providers,
            (std::vector<Provider>{Provider::kNegotiate, Provider::kNtlm}));
  EXPECT_TRUE(root.authentication.windows.useKernelMode);
  // The simulator's choice where IIS is unconfirmed: Persistent-Auth after NTLM too.
  EXPECT_TRUE(root.authentication.windows.persistentAuthAfterNtlm);
  EXPECT_EQ(root.errorMode, ErrorMode::kDetailedLocalOnly);
  EXPECT_FALSE(site.logFile.enabled);
}

TEST_F(ConfigLoaderTest, ChildInheritsEachAttributeItDoesNotSet) {
  const ServerConfig config = parse(siteWith(R"(,
  "httpErrors": {"errorMode": "Custom"},
  "applications": [{"path": "/App", "anonymousAuthentication": {"enabled": false},
                    "windowsAuthentication": {"enabled": true, "providers": ["NTLM"],
                                              "useKernelMode": false,
                                              "persistentAuthAfterNtlm": false}}],
  "virtualDirectories": [{"path": "/App/Sub/", "anonymousAuthentication": {"enabled": true}},
                         {"path": "/Other/", "physicalPath": "elsewhere"}])"));
  const Site& site = config.sites[0];
  ASSERT_EQ(site.locations.size(), 4u);
  const Location& app = site.locations[1];
  EXPECT_EQ(app.path, "/App/");  // trailing slash added
  EXPECT_TRUE(app.isApplication);
  EXPECT_EQ(app.physicalPath, folder_.path() / "www" / "App");
  EXPECT_FALSE(app.authentication.anonymousEnabled);
  EXPECT_EQ(app.errorMode, ErrorMode::kCustom);  // from the site
  const Location* sub = nullptr;
  const Location* other = nullptr;
  for (const Location& location : site.locations) {
    if (location.path == "/App/Sub/")
      sub = &location;
    if (location.path == "/Other/")
      other = &location;
  }
  ASSERT_NE(sub, nullptr);
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(sub->isApplication);
  EXPECT_TRUE(sub->authentication.anonymousEnabled);                  // its own setting
  EXPECT_TRUE(sub->authentication.windows.enabled);                   // inherited from /App/
  EXPECT_FALSE(sub->authentication.windows.useKernelMode);            // inherited from /App/
  EXPECT_FALSE(sub->authentication.windows.persistentAuthAfterNtlm);  // inherited from /App/
  EXPECT_EQ(sub->authentication.windows.providers, std::vector<Provider>{Provider::kNtlm});
  EXPECT_EQ(sub->physicalPath, folder_.path() / "www" / "App" / "Sub");
  EXPECT_EQ(other->physicalPath, folder_.path() / "elsewhere");
  EXPECT_FALSE(other->authentication.windows.enabled);  // from the site, not from /App/
}

TEST_F(ConfigLoaderTest, ReadsLimitsLogFileAndTls) {
  std::ofstream(folder_.path() / "cert.pem") << "x";
  std::ofstream(folder_.path() / "key.pem") << "x";
  const ServerConfig config = parse(R"({"sites": [{"name": "S", "id": 7,
    "bindings": [{"protocol": "https", "bindingInformation": "127.0.0.1:8443:",
                  "certificateFile": "cert.pem", "keyFile": "key.pem"}],
    "physicalPath": "www", "limits": {"connectionTimeout": "00:00:05"},
    "logFile": {"directory": "logs", "flushIntervalSeconds": 60}}]})");
  const Site& site = config.sites[0];
  EXPECT_EQ(site.bindings[0].protocol, Binding::Protocol::kHttps);
  EXPECT_EQ(site.bindings[0].port, 8443);
  EXPECT_EQ(site.bindings[0].hostHeader, "");
  EXPECT_EQ(site.bindings[0].certificateFile, folder_.path() / "cert.pem");
  EXPECT_EQ(site.connectionTimeout, std::chrono::seconds(5));
  EXPECT_TRUE(site.logFile.enabled);
  EXPECT_EQ(site.logFile.directory, folder_.path() / "logs");
  EXPECT_EQ(site.logFile.flushIntervalSeconds, 60);
}

TEST_F(ConfigLoaderTest, HttpErrLogDefaultsBesideTheFirstSiteLog) {
  // ErrorLoggingDir unset: <log dir>/HTTPERR of the first site that logs; buffered like the W3C
  // log only when asked; DefaultAppPool as the request queue.
  const ServerConfig config = parse(siteWith(R"(, "logFile": {"directory": "logs"})"));
  EXPECT_TRUE(config.errorLog.enabled);
  EXPECT_EQ(config.errorLog.directory, folder_.path() / "logs");
  EXPECT_EQ(config.errorLog.flushIntervalSeconds, 0);
  EXPECT_EQ(config.errorLog.truncateSize, 1024u * 1024u);
  EXPECT_EQ(config.sites[0].applicationPool, "DefaultAppPool");
  // Nowhere to write it: no HTTPERR log.
  EXPECT_FALSE(parse(siteWith("")).errorLog.enabled);
}

TEST_F(ConfigLoaderTest, ReadsHttpSysErrorLoggingInRegistryNames) {
  const ServerConfig config = parse(R"({"httpSys": {"maxFieldLength": 512,
    "errorLoggingDir": "errors", "errorLogFileTruncateSize": 2097152,
    "errorLogFlushIntervalSeconds": 60},
    "sites": [{"name": "S", "id": 3, "applicationPool": "SmallLimitsPool",
      "bindings": [{"protocol": "http", "bindingInformation": "127.0.0.1:0:"}],
      "physicalPath": "www"}]})");
  EXPECT_EQ(config.limits.maxFieldLength, 512u);
  EXPECT_EQ(config.errorLog.directory, folder_.path() / "errors");
  EXPECT_EQ(config.errorLog.truncateSize, 2097152u);
  EXPECT_EQ(config.errorLog.flushIntervalSeconds, 60);
  EXPECT_EQ(config.sites[0].applicationPool, "SmallLimitsPool");
  EXPECT_EQ(errorOf(R"({"httpSys": {"errorLogFileTruncateSize": 1000}, "sites": []})"),
            "sim.json:1:42: \"errorLogFileTruncateSize\" must be in 1048576..4294967295");
  EXPECT_FALSE(parse(R"({"httpSys": {"enableErrorLogging": false, "errorLoggingDir": "e"},
    "sites": [{"name": "S", "id": 1, "physicalPath": "www",
      "bindings": [{"protocol": "http", "bindingInformation": "127.0.0.1:0:"}]}]})")
                   .errorLog.enabled);
}

TEST_F(ConfigLoaderTest, UnknownKeySuggestsTheClosestOne) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "applications": [{"path": "/App/", "windowsAuthentication": {"enabeld": true}}])")),
            "sim.json:4:64: unknown key \"enabeld\" in \"windowsAuthentication\" (did you mean "
            "\"enabled\"?)");
}

TEST_F(ConfigLoaderTest, UnknownProviderSuggestsTheClosestOne) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"providers": ["Negotiate", "NTML"]})")),
            "sim.json:4:56: unknown provider \"NTML\" (did you mean \"NTLM\"?)");
}

TEST_F(ConfigLoaderTest, UnknownErrorModeSuggestsTheClosestOne) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "httpErrors": {"errorMode": "DetailedLocalonly"})")),
            "sim.json:4:31: unknown errorMode \"DetailedLocalonly\" (did you mean "
            "\"DetailedLocalOnly\"?)");
}

TEST_F(ConfigLoaderTest, BadBindingInformationNamesThePort) {
  EXPECT_EQ(
      errorOf(R"({"sites": [{"name": "S", "id": 1, "physicalPath": "www",
  "bindings": [{"protocol": "http", "bindingInformation": "127.0.0.1:http:localhost"}]}]})"),
      "sim.json:2:59: bad bindingInformation \"127.0.0.1:http:localhost\": port \"http\" is not a "
      "number in 0..65535");
}

// windowsAuthentication/extendedProtection (iis-docs "Windows Extended Protection"): tokenChecking,
// the flags comma list and the spn collection, each inherited down the path.
TEST_F(ConfigLoaderTest, ExtendedProtectionIsReadInIisNamesAndInherited) {
  const ServerConfig config = parse(siteWith(R"(,
  "windowsAuthentication": {"enabled": true, "extendedProtection": {"tokenChecking": "Allow",
     "flags": "Proxy, NoServiceNameCheck", "spn": ["HTTP/www.contoso.com", "HTTP/contoso.com"]}},
  "applications": [{"path": "/App/", "windowsAuthentication": {"extendedProtection":
     {"tokenChecking": "Require"}}},
    {"path": "/App/Sub/", "windowsAuthentication": {"extendedProtection":
     {"flags": "Proxy,AllowDotlessSpn", "spn": ["HTTP/localhost"]}}}])"));
  const auto& locations = config.sites[0].locations;
  ASSERT_EQ(locations.size(), 3u);
  const ExtendedProtectionSettings& root = locations[0].authentication.windows.extendedProtection;
  EXPECT_EQ(root.tokenChecking, TokenChecking::kAllow);
  EXPECT_EQ(root.flags, extended_protection::kProxy | extended_protection::kNoServiceNameCheck);
  EXPECT_EQ(root.spns, (std::vector<std::string>{"HTTP/www.contoso.com", "HTTP/contoso.com"}));
  const ExtendedProtectionSettings& app = locations[1].authentication.windows.extendedProtection;
  EXPECT_EQ(app.tokenChecking, TokenChecking::kRequire);
  EXPECT_EQ(app.flags, root.flags);
  EXPECT_EQ(app.spns, root.spns);
  const ExtendedProtectionSettings& sub = locations[2].authentication.windows.extendedProtection;
  EXPECT_EQ(sub.tokenChecking, TokenChecking::kRequire);
  EXPECT_EQ(sub.flags, extended_protection::kProxy | extended_protection::kAllowDotlessSpn);
  EXPECT_EQ(sub.spns, std::vector<std::string>{"HTTP/localhost"});
}

TEST_F(ConfigLoaderTest, ExtendedProtectionDefaultsToNone) {
  const ServerConfig config = parse(siteWith(""));
  const ExtendedProtectionSettings& ep =
      config.sites[0].locations[0].authentication.windows.extendedProtection;
  EXPECT_EQ(ep.tokenChecking, TokenChecking::kNone);
  EXPECT_EQ(ep.flags, 0u);
  EXPECT_TRUE(ep.spns.empty());
}

TEST_F(ConfigLoaderTest, ExtendedProtectionBadValuesNameTheirPosition) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"tokenChecking": "Required"}})")),
            "sim.json:4:69: unknown tokenChecking \"Required\" (did you mean \"Require\"?)");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"flags": "Proxy, NoServiceNameChek"}})")),
            "sim.json:4:61: unknown extendedProtection flag \"NoServiceNameChek\" (did you mean "
            "\"NoServiceNameCheck\"?)");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"flags": "Proxy,"}})")),
            "sim.json:4:61: empty extendedProtection flag in \"Proxy,\"; expected a comma list of "
            "None, Proxy, NoServiceNameCheck, AllowDotlessSpn, ProxyCohosting");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"flags": "ProxyCohosting"}})")),
            "sim.json:4:61: extendedProtection flag ProxyCohosting needs Proxy as well");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"spn": ["www.contoso.com"]}})")),
            "sim.json:4:60: expected a service name \"HTTP/<host>\" for spn");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"spn": ["HTTP/a.b", "http/A.B"]}})")),
            "sim.json:4:72: spn \"http/A.B\" is listed twice");
}

// HTTP_CHANNEL_BIND_DOTLESS_SERVICE: without AllowDotlessSpn a NetBIOS-style name is refused, also
// when the flag is removed below the level that configured the name.
TEST_F(ConfigLoaderTest, DotlessSpnNeedsAllowDotlessSpn) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"spn": ["HTTP/www.contoso.com", "HTTP/iis01"]}})")),
            "sim.json:4:84: spn \"HTTP/iis01\" has a dotless host name: HTTP.sys refuses it unless "
            "flags include AllowDotlessSpn");
  EXPECT_EQ(errorOf(siteWith(R"(,
  "windowsAuthentication": {"extendedProtection": {"flags": "AllowDotlessSpn", "spn": ["HTTP/iis01"]}},
  "applications": [{"path": "/App/", "windowsAuthentication": {"extendedProtection": {"flags": "None"}}}])")),
            "sim.json:5:96: spn \"HTTP/iis01\" has a dotless host name: HTTP.sys refuses it unless "
            "flags include AllowDotlessSpn");
}

TEST_F(ConfigLoaderTest, WrongTypeIsReportedAtTheValue) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "anonymousAuthentication": {"enabled": "yes"})")),
            "sim.json:4:42: expected true or false for \"enabled\", got string");
}

// <location path="Default/App/Service.asmx">: one file with its own settings, its content mapped by
// its folder (seed 000: the anonymous service in the same folder as the Windows-auth page).
TEST_F(ConfigLoaderTest, LocationForOneFileInheritsAndOverrides) {
  const ServerConfig config = parse(siteWith(R"(,
  "applications": [{"path": "/App/", "anonymousAuthentication": {"enabled": false},
                    "windowsAuthentication": {"enabled": true}}],
  "locations": [{"path": "/App/Service.asmx", "anonymousAuthentication": {"enabled": true},
                 "windowsAuthentication": {"enabled": false}}])"));
  const Site& site = config.sites[0];
  ASSERT_EQ(site.locations.size(), 3u);
  const Location& file = site.locations[2];
  EXPECT_EQ(file.path, "/App/Service.asmx/");
  EXPECT_FALSE(file.isApplication);  // shares /App/'s first-request state (KB 2749007)
  EXPECT_TRUE(file.authentication.anonymousEnabled);
  EXPECT_FALSE(file.authentication.windows.enabled);
  EXPECT_EQ(file.physicalPath, folder_.path() / "www" / "App" / "Service.asmx");
}

TEST_F(ConfigLoaderTest, LocationCannotMapContent) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "locations": [{"path": "/App/x.asmx", "physicalPath": "elsewhere"}])")),
            "sim.json:4:41: a location has no physicalPath of its own (use a virtual directory to "
            "map content)");
}

TEST_F(ConfigLoaderTest, MissingPhysicalPathFolderIsAnError) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "applications": [{"path": "/App/", "physicalPath": "missing"}])")),
            "sim.json:4:54: \"" + (folder_.path() / "missing").string() + "\" does not exist");
}

TEST_F(ConfigLoaderTest, DuplicateApplicationPathIsAnError) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "applications": [{"path": "/App/"}, {"path": "/app"}])")),
            "sim.json:4:48: duplicate path \"/app/\"");
}

TEST_F(ConfigLoaderTest, ConnectionTimeoutMustBeATimeSpan) {
  EXPECT_EQ(errorOf(siteWith(R"(,
  "limits": {"connectionTimeout": "120"})")),
            "sim.json:4:35: connectionTimeout \"120\" is not a TimeSpan \"hh:mm:ss\" of at least "
            "one second");
}

// sscanf's %u read "-1:00:00" as 4294967295 hours, and hours * 3600 overflowed (issue 12).
TEST_F(ConfigLoaderTest, TimeSpanWithASignOrTooManyDigitsIsAnError) {
  for (const std::string value : {"-1:00:00", "+1:00:00", " 1:00:00", "4294967296:00:00",
                                  "99999:00:00", "1:2:3:4", "01:60:00", "01:00:1x"}) {
    EXPECT_EQ(errorOf(siteWith(R"(,
  "limits": {"connectionTimeout": ")" +
                               value + R"("})")),
              "sim.json:4:35: connectionTimeout \"" + value +
                  "\" is not a TimeSpan \"hh:mm:ss\" of at least one second")
        << value;
  }
}

// HTTP/2 is on by default on https bindings (IIS 10); a binding's sslFlags DisableHTTP2 or
// httpSys.enableHttp2Tls = false (the registry's EnableHttp2Tls=0) turn it off.
TEST_F(ConfigLoaderTest, ReadsDisableHttp2AndEnableHttp2Tls) {
  std::ofstream(folder_.path() / "cert.pem") << "x";
  std::ofstream(folder_.path() / "key.pem") << "x";
  const std::string bindings = R"("bindings": [
      {"protocol": "https", "bindingInformation": "127.0.0.1:0:", "certificateFile": "cert.pem",
       "keyFile": "key.pem"},
      {"protocol": "https", "bindingInformation": "127.0.0.1:0:", "certificateFile": "cert.pem",
       "keyFile": "key.pem", "sslFlags": "Sni, DisableHTTP2"}])";
  const ServerConfig config =
      parse(R"({"sites": [{"name": "S", "id": 1, "physicalPath": "www", )" + bindings + "}]}");
  EXPECT_TRUE(config.enableHttp2Tls);
  EXPECT_FALSE(config.sites[0].bindings[0].disableHttp2);
  EXPECT_TRUE(config.sites[0].bindings[1].disableHttp2);
  const ServerConfig off = parse(R"({"httpSys": {"enableHttp2Tls": false}, "sites": [{"name": "S",
    "id": 1, "physicalPath": "www", )" +
                                 bindings + "}]}");
  EXPECT_FALSE(off.enableHttp2Tls);
}

TEST_F(ConfigLoaderTest, LogExtFileFlagsAddProtocolVersionToTheDefaults) {
  const std::string defaults =
      "Date, Time, ClientIP, UserName, ServerIP, Method, UriStem, UriQuery, HttpStatus, "
      "Win32Status, TimeTaken, ServerPort, UserAgent, Referer, HttpSubStatus";
  EXPECT_FALSE(
      parse(siteWith(R"(, "logFile": {"directory": "logs"})")).sites[0].logFile.protocolVersion);
  EXPECT_TRUE(parse(siteWith(R"(, "logFile": {"directory": "logs", "logExtFileFlags": ")" +
                             defaults + R"(, ProtocolVersion"})"))
                  .sites[0]
                  .logFile.protocolVersion);
  const std::string partial =
      errorOf(siteWith(R"(, "logFile": {"directory": "logs", "logExtFileFlags": "Date, Time"})"));
  EXPECT_NE(partial.find("logExtFileFlags without ClientIP is not modelled"), std::string::npos)
      << partial;
  const std::string cookie = errorOf(siteWith(
      R"(, "logFile": {"directory": "logs", "logExtFileFlags": ")" + defaults + R"(, Cookie"})"));
  EXPECT_NE(cookie.find("Cookie"), std::string::npos) << cookie;
}

TEST_F(ConfigLoaderTest, UnknownSslFlagSuggestsTheClosestOne) {
  std::ofstream(folder_.path() / "cert.pem") << "x";
  std::ofstream(folder_.path() / "key.pem") << "x";
  const std::string message = errorOf(R"({"sites": [{"name": "S", "id": 1, "physicalPath": "www",
  "bindings": [{"protocol": "https", "bindingInformation": "127.0.0.1:0:",
    "certificateFile": "cert.pem", "keyFile": "key.pem", "sslFlags": "DisableHttp2"}]}]})");
  EXPECT_NE(message.find("DisableHTTP2"), std::string::npos) << message;
  EXPECT_EQ(errorOf(R"({"sites": [{"name": "S", "id": 1, "physicalPath": "www",
  "bindings": [{"protocol": "http", "bindingInformation": "127.0.0.1:0:",
    "sslFlags": "DisableHTTP2"}]}]})"),
            "sim.json:3:17: sslFlags belong to https bindings only");
}

TEST_F(ConfigLoaderTest, HttpsBindingNeedsACertificate) {
  EXPECT_EQ(errorOf(R"({"sites": [{"name": "S", "id": 1, "physicalPath": "www",
  "bindings": [{"protocol": "https", "bindingInformation": "127.0.0.1:0:"}]}]})"),
            "sim.json:2:16: missing required key \"certificateFile\" in a binding");
}

TEST_F(ConfigLoaderTest, SyntaxErrorsCarryThePosition) {
  const std::string message = errorOf("{\"sites\": [}");
  EXPECT_EQ(message.rfind("sim.json:1:12: ", 0), 0u) << message;
}

}  // namespace
}  // namespace iissim

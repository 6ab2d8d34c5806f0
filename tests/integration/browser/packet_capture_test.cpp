// Issue 4 "Done when": a packet capture on loopback of an ie11 run shows the harness sending what
// the profile says. tshark (Debian `tshark`) captures the lab's default site while authreplay runs
// the two seed-000 scenarios; the capture, not the harness's own record, is then read back:
//   - the POST to the anonymous WebService.asmx carries `Authorization: NTLM` with a Type 1 and
//     `Content-Length: 0`, and the server answers 400;
//   - with ntlmPreAuth: false the POST carries the SOAP envelope (and gets 200);
//   - the Type 1 and Type 3 of each NTLM handshake travel on one TCP stream.
// Other tests use the same lab at the same time, so only the TCP streams whose client ports the
// run's JSON report names are looked at.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "auth/base64.h"
#include "auth/ntlm/ntlm_keys.h"
#include "auth/ntlm_message.h"
#include "auth/tls_server_end_point.h"
#include "authreplay_cli.h"
#include "lab_env.h"
#include "text/ascii.h"

extern char** environ;

namespace authreplay::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// One HTTP message as tshark decoded it from the capture.
struct WireMessage {
  long frame = 0;
  long stream = -1;
  int srcPort = 0;
  int dstPort = 0;
  std::string method;  // empty for a response
  std::string uri;
  std::string authorization;
  std::string contentLength;
  std::string ntlmType;  // "0x00000001" ...
  int status = 0;        // responses
  std::string body;
};

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos)
      return out;
    start = tab + 1;
  }
}

bool findTool(const char* name) {
  return std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0;
}

// tshark writing the loopback traffic of some TCP ports to a file, stopped by SIGINT.
class Capture {
 public:
  Capture(const fs::path& file, const fs::path& log, std::vector<int> ports)
      : log_(log), port_(ports.at(0)) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::string filter;
    for (const int port : ports)
      filter += (filter.empty() ? "tcp port " : " or tcp port ") + std::to_string(port);
    // -P -l: a line per packet in the log while writing the file, so waitCapturing() can see
    // that packets are really being captured.
    std::vector<std::string> args = {"tshark", "-i",          "lo", "-f", filter,
                                     "-w",     file.string(), "-P", "-l"};
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "tshark", &actions, nullptr, argv.data(), environ) != 0)
      pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Capture() { stop(); }

  // Waits (bounded) until a probe connection to the port shows up in tshark's packet lines (dumpcap
  // says "Capturing on" a moment before it really captures); false with the reason when it cannot.
  bool waitCapturing(std::string& why) {
    const auto deadline = Clock::now() + 15s;
    while (Clock::now() < deadline) {
      const auto text = readFile(log_);
      if (text.find("Capturing on") != std::string::npos) {
        if (text.find("[SYN]") != std::string::npos)
          return true;
        probe();
      }
      int status = 0;
      if (pid_ < 0 || ::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        why = "tshark could not start capturing on lo: " + text;
        return false;
      }
      std::this_thread::sleep_for(50ms);
    }
    why = "tshark did not start capturing within 15 s: " + readFile(log_);
    return false;
  }

  // SIGINT lets tshark flush the file; SIGKILL after 10 s keeps the test bounded.
  void stop() {
    if (pid_ <= 0)
      return;
    ::kill(pid_, SIGINT);
    const auto deadline = Clock::now() + 10s;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(20ms);
    }
    pid_ = -1;
  }

 private:
  // A TCP connection to the port, closed at once: something for the capture to see.
  void probe() const {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
      return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::close(fd);
  }

  pid_t pid_ = -1;
  fs::path log_;
  int port_ = 0;
};

// The lines tshark prints for COMMAND's fields, split at tabs.
std::vector<std::vector<std::string>> tsharkFields(const std::string& command) {
  std::vector<std::vector<std::string>> out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return out;
  std::string text;
  char buffer[65536];
  while (const auto n = std::fread(buffer, 1, sizeof buffer, pipe))
    text.append(buffer, n);
  ::pclose(pipe);
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line))
    out.push_back(splitTabs(line));
  return out;
}

std::vector<WireMessage> decode(const fs::path& file, int port) {
  const std::string command =
      "tshark -r " + shellQuote(file.string()) + " -d tcp.port==" + std::to_string(port) +
      ",http -Y http -T fields -E separator=/t -E occurrence=f -e frame.number -e tcp.stream "
      "-e tcp.srcport -e tcp.dstport -e http.request.method -e http.request.uri "
      "-e http.authorization -e http.content_length_header -e ntlmssp.messagetype "
      "-e http.response.code -e http.file_data 2>/dev/null";
  std::vector<WireMessage> out;
  for (const auto& f : tsharkFields(command)) {
    if (f.size() < 11)
      continue;
    WireMessage m;
    m.frame = std::atol(f[0].c_str());
    m.stream = std::atol(f[1].c_str());
    m.srcPort = std::atoi(f[2].c_str());
    m.dstPort = std::atoi(f[3].c_str());
    m.method = f[4];
    m.uri = f[5];
    m.authorization = f[6];
    m.contentLength = f[7];
    m.ntlmType = f[8];
    m.status = std::atoi(f[9].c_str());
    m.body = f[10];
    out.push_back(std::move(m));
  }
  return out;
}

class PacketCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    lab_ = LabEnv::load();
    if (!lab_)
      GTEST_SKIP() << LabEnv::skipReason();
    if (!findTool("tshark"))
      GTEST_SKIP() << "tshark is not installed (Debian package tshark; ci/install-deps adds it)";
    work_ = fs::temp_directory_path() / ("authreplay-capture-it-" + std::to_string(::getpid()));
    fs::remove_all(work_);
    fs::create_directories(work_);
    // dumpcap may drop root's privileges for the file: let anyone write into the folder.
    fs::permissions(work_, fs::perms::all);
  }
  void TearDown() override {
    if (!work_.empty())
      fs::remove_all(work_);
  }

  // A capture of the lab's default site while authreplay runs the seed-000 scenarios `ids`: the
  // run, what tshark decoded, and the client ports of each scenario's legs (from the run's own
  // report: other tests use the same lab at the same time). `skipWhy` is set when tshark cannot
  // capture here.
  struct CapturedRun {
    std::string skipWhy;
    int port = 0;
    CliRun run;
    std::vector<WireMessage> messages;
    std::map<std::string, std::set<int>> portsOf;
  };
  CapturedRun captureRun(const std::string& name, const std::vector<std::string>& ids) {
    CapturedRun captured;
    const auto target = lab_->get("AUTHREPLAY_TARGET");
    captured.port = std::stoi(target.substr(target.rfind(':') + 1));
    const auto file = work_ / (name + ".pcapng");
    Capture capture(file, work_ / (name + ".tshark.log"), {captured.port});
    if (!capture.waitCapturing(captured.skipWhy))
      return captured;
    std::vector<std::string> args{
        "run", std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios/seed-000-zero-length-post"};
    for (const auto& id : ids) {
      args.push_back("--id");
      args.push_back(id);
    }
    args.push_back("--target-file");
    args.push_back((fs::path(lab_->dir()) / "target.json").string());
    captured.run = runAuthreplay(work_, args);
    std::this_thread::sleep_for(300ms);  // the last segments reach the capture
    capture.stop();
    if (captured.run.exitCode == 0) {
      for (const auto& scenario : captured.run.report.at("scenarios"))
        for (const auto& step : scenario.at("steps"))
          for (const auto& leg : step.at("legs"))
            captured.portsOf[scenario.at("id")].insert(
                leg.at("connection").at("localPort").get<int>());
    }
    captured.messages = decode(file, captured.port);
    return captured;
  }

  std::optional<LabEnv> lab_;
  fs::path work_;
};

TEST_F(PacketCapture, Ie11SendsOnTheWireWhatItsProfileSays) {
  const auto captured = captureRun("ie11", {"seed-000.ie11-empty-post-to-anonymous-service",
                                            "seed-000.ie11-disable-ntlm-preauth"});
  if (!captured.skipWhy.empty())
    GTEST_SKIP() << captured.skipWhy;
  const auto& run = captured.run;
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  const int port = captured.port;
  auto portsOf = captured.portsOf;
  ASSERT_EQ(portsOf.size(), 2u);
  const auto& messages = captured.messages;
  ASSERT_FALSE(messages.empty()) << "nothing decoded from the capture";
  // Per scenario: its requests in capture order, each with the response on its stream.
  auto exchangesOf = [&](const std::set<int>& ports) {
    std::vector<std::pair<WireMessage, WireMessage>> out;
    std::map<long, std::size_t> pending;  // stream -> index of its unanswered request
    for (const auto& m : messages) {
      if (!m.method.empty() && ports.count(m.srcPort) && m.dstPort == port) {
        pending[m.stream] = out.size();
        out.push_back({m, WireMessage{}});
      } else if (m.method.empty() && m.srcPort == port && ports.count(m.dstPort) &&
                 pending.count(m.stream)) {
        out[pending[m.stream]].second = m;
        pending.erase(m.stream);
      }
    }
    return out;
  };

  const auto preauth = exchangesOf(portsOf["seed-000.ie11-empty-post-to-anonymous-service"]);
  const auto noPreauth = exchangesOf(portsOf["seed-000.ie11-disable-ntlm-preauth"]);
  ASSERT_EQ(preauth.size(), 4u) << "anonymous GET, Type 1, Type 3, the POST";
  ASSERT_EQ(noPreauth.size(), 4u);

  // 1. IE's pre-authenticated POST: NTLM Type 1, Content-Length: 0, answered 400.
  const auto& [post, answer] = preauth.back();
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.uri.substr(0, post.uri.find('?')), "/ActiveXTest/Anonymous/WebService.asmx");
  EXPECT_EQ(post.authorization.rfind("NTLM ", 0), 0u) << post.authorization;
  EXPECT_EQ(post.ntlmType, "0x00000001");
  EXPECT_EQ(post.contentLength, "0");
  EXPECT_EQ(post.body, "");
  EXPECT_EQ(answer.status, 400);

  // 2. With ntlmPreAuth: false the POST carries the envelope (and the service answers it).
  const auto& [envelopePost, helloWorld] = noPreauth.back();
  EXPECT_EQ(envelopePost.method, "POST");
  EXPECT_EQ(envelopePost.authorization, "");
  EXPECT_EQ(envelopePost.contentLength, "341");
  EXPECT_NE(envelopePost.body.find("soap:Envelope"), std::string::npos) << envelopePost.body;
  EXPECT_EQ(helloWorld.status, 200);
  EXPECT_NE(helloWorld.body.find("Hello World abc"), std::string::npos);

  // 3. Each handshake's Type 1 and Type 3 on one TCP stream (and the Type 2 came back on it).
  int handshakes = 0;
  for (const auto* exchanges : {&preauth, &noPreauth}) {
    std::map<long, long> type1Stream;  // index of the handshake -> stream
    long lastType1 = -1;
    for (const auto& [request, response] : *exchanges) {
      if (request.ntlmType == "0x00000001") {
        lastType1 = request.stream;
        if (response.status == 401) {
          EXPECT_EQ(response.ntlmType, "0x00000002") << "frame " << response.frame;
        }
      } else if (request.ntlmType == "0x00000003") {
        ++handshakes;
        EXPECT_EQ(request.stream, lastType1)
            << "Type 3 in frame " << request.frame << " is not on its Type 1's TCP stream";
        EXPECT_EQ(response.status, 200);
      }
    }
  }
  EXPECT_EQ(handshakes, 2);
}

// Issue 9: the scripted profiles put on the wire what their browsers send. From the capture (not
// the harness's record): the chrome profile's Type 1 is Chromium's 32-byte message (flags
// 0x00088207, no Version; net/ntlm/ntlm_client.cc) and its Type 3 carries a MIC (88-byte header,
// MsvAvFlags MIC_PRESENT); the ie11 profile's Type 1 is Windows SSPI's 40 bytes with Version.
TEST_F(PacketCapture, ScriptedProfilesSendTheirBrowsersNtlmMessages) {
  namespace ntlm = authreplay::auth::ntlm;
  const auto captured = captureRun("profiles", {"seed-000.chrome-post-to-anonymous-service",
                                                "seed-000.ie11-disable-ntlm-preauth"});
  if (!captured.skipWhy.empty())
    GTEST_SKIP() << captured.skipWhy;
  ASSERT_EQ(captured.run.exitCode, 0) << captured.run.out << captured.run.err;
  const int port = captured.port;
  std::map<int, std::string> scenarioOfPort;
  for (const auto& [id, ports] : captured.portsOf)
    for (const int localPort : ports)
      scenarioOfPort[localPort] = id;

  std::map<std::string, std::vector<std::vector<std::uint8_t>>> tokensOf;  // scenario -> NTLM msgs
  for (const auto& m : captured.messages) {
    if (m.method.empty() || m.dstPort != port || !scenarioOfPort.count(m.srcPort) ||
        m.authorization.rfind("NTLM ", 0) != 0)
      continue;
    const auto token = authreplay::auth::base64Decode(m.authorization.substr(5));
    ASSERT_TRUE(token) << m.authorization;
    tokensOf[scenarioOfPort[m.srcPort]].push_back(*token);
  }
  const auto& chrome = tokensOf["seed-000.chrome-post-to-anonymous-service"];
  const auto& ie11 = tokensOf["seed-000.ie11-disable-ntlm-preauth"];
  ASSERT_GE(chrome.size(), 2u);
  ASSERT_GE(ie11.size(), 2u);

  EXPECT_EQ(authreplay::auth::base64Encode(chrome[0]),
            "TlRMTVNTUAABAAAAB4IIAAAAAAAgAAAAAAAAACAAAAA=")
      << "Chromium's Type 1";
  const auto type3 = ntlm::decodeAuthenticate(chrome[1]);
  ASSERT_TRUE(std::holds_alternative<ntlm::AuthenticateMessage>(type3));
  const auto& message = std::get<ntlm::AuthenticateMessage>(type3);
  EXPECT_EQ(message.payloadStart, 88u) << "header with Version and MIC slots";
  EXPECT_TRUE(message.hasMic);
  ASSERT_GT(message.ntResponse.size(), 44u) << "NTLMv2";
  auto pairs = ntlm::decodeAvPairList(std::span(message.ntResponse).subspan(44));
  ASSERT_TRUE(std::holds_alternative<std::vector<ntlm::AvPair>>(pairs));
  const auto* flags =
      ntlm::findAvPair(std::get<std::vector<ntlm::AvPair>>(pairs), ntlm::AvId::kFlags);
  ASSERT_NE(flags, nullptr);
  EXPECT_EQ(flags->value[0] & 0x02, 0x02) << "MsvAvFlags MIC_PRESENT";
  const std::vector<std::uint8_t> mic(chrome[1].begin() + 72, chrome[1].begin() + 88);
  EXPECT_NE(mic, std::vector<std::uint8_t>(16, 0)) << "the MIC is filled in";

  EXPECT_EQ(ie11[0].size(), 40u) << "Windows SSPI's Type 1 with Version";
  const auto ieType1 = ntlm::decodeNegotiate(ie11[0]);
  ASSERT_TRUE(std::holds_alternative<ntlm::NegotiateMessage>(ieType1));
  EXPECT_EQ(std::get<ntlm::NegotiateMessage>(ieType1).negotiateFlags, 0xe2088297u);
}

std::vector<std::uint8_t> bytesOfHex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// MsvAvChannelBindings as hex for a certificate (DER): MD5 of the tls-server-end-point bindings.
std::string bindingHashOf(std::span<const std::uint8_t> der) {
  const auto binding = auth::tlsServerEndPoint(der);
  if (!std::holds_alternative<auth::ChannelBindingData>(binding))
    return "no binding: " + std::get<std::string>(binding);
  return text::hexEncode(
      auth::ntlm::channelBindingsHash(std::get<auth::ChannelBindingData>(binding)));
}

int portOf(const std::string& url) {
  return std::stoi(url.substr(url.rfind(':') + 1));
}

// Issue 13 "Done when": over TLS the ie11 profile's Type 3 carries MsvAvChannelBindings equal to
// the MD5 of the tls-server-end-point binding (RFC 5929) of iis-sim's certificate, and the SSL-
// offloading proxy presents a certificate other than iis-sim's, so the binding IE computes
// through it names the proxy's certificate. Read from a capture of the client's TLS connections
// decrypted with the run's own TLS keys (SSLKEYLOGFILE, which libcurl's OpenSSL backend writes in
// the NSS key log format tshark reads), not from the harness's record.
TEST_F(PacketCapture, Ie11BindsItsType3ToTheCertificateItsConnectionPresented) {
  const auto tlsUrl = lab_->get("AUTHREPLAY_TARGET_TLS");
  const auto offloadUrl = lab_->get("AUTHREPLAY_TARGET_OFFLOAD");
  ASSERT_FALSE(tlsUrl.empty());
  ASSERT_FALSE(offloadUrl.empty()) << "the lab names no SSL-offloading proxy";
  const int tlsPort = portOf(tlsUrl);
  const int offloadPort = portOf(offloadUrl);
  const auto file = work_ / "epa.pcapng";
  const auto keys = work_ / "tls-keys.log";
  Capture capture(file, work_ / "epa.tshark.log", {tlsPort, offloadPort});
  std::string why;
  if (!capture.waitCapturing(why))
    GTEST_SKIP() << why;
  ::setenv("SSLKEYLOGFILE", keys.c_str(), 1);
  const auto run = runAuthreplay(
      work_,
      {"run", std::string(AUTHREPLAY_SOURCE_DIR) + "/scenarios/todays-failures", "--id",
       "today.epa-require-ie11-ntlm-with-binding", "--id", "today.epa-require-through-ssl-offload",
       "--target-file", (fs::path(lab_->dir()) / "target.json").string()});
  ::unsetenv("SSLKEYLOGFILE");
  std::this_thread::sleep_for(300ms);  // the last segments reach the capture
  capture.stop();
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  ASSERT_TRUE(fs::exists(keys)) << "libcurl wrote no TLS key log";
  std::set<int> clientPorts;  // this run's connections (other tests use the same lab)
  for (const auto& scenario : run.report.at("scenarios"))
    for (const auto& step : scenario.at("steps"))
      for (const auto& leg : step.at("legs"))
        clientPorts.insert(leg.at("connection").at("localPort").get<int>());

  const std::string read = "tshark -r " + shellQuote(file.string()) + " -o " +
                           shellQuote("tls.keylog_file:" + keys.string()) +
                           " -d tcp.port==" + std::to_string(tlsPort) +
                           ",tls -d tcp.port==" + std::to_string(offloadPort) +
                           ",tls -d tls.port==" + std::to_string(tlsPort) +
                           ",http -d tls.port==" + std::to_string(offloadPort) + ",http";
  // The leaf certificate each server port presented to this run's connections.
  std::map<int, std::vector<std::uint8_t>> certificateOf;  // server port -> DER
  for (const auto& f :
       tsharkFields(read + " -Y tls.handshake.certificate -T fields -E separator=/t "
                           "-E occurrence=f -e tcp.srcport -e tcp.dstport "
                           "-e tls.handshake.certificate 2>/dev/null")) {
    if (f.size() >= 3 && clientPorts.count(std::atoi(f[1].c_str())) && !f[2].empty())
      certificateOf[std::atoi(f[0].c_str())] = bytesOfHex(f[2]);
  }
  // MsvAvChannelBindings of each Type 3 this run sent, by server port.
  std::map<int, std::vector<std::string>> bindingsTo;
  for (const auto& f :
       tsharkFields(read + " -Y ntlmssp.messagetype==3 -T fields -E separator=/t "
                           "-E occurrence=f -e tcp.srcport -e tcp.dstport "
                           "-e ntlmssp.ntlmv2_response.channel_bindings 2>/dev/null")) {
    if (f.size() >= 3 && clientPorts.count(std::atoi(f[0].c_str())))
      bindingsTo[std::atoi(f[1].c_str())].push_back(f[2]);
  }

  // iis-sim presented the lab's server certificate; the offloading proxy another one.
  const auto labPem = readFile(fs::path(lab_->dir()) / "tls" / "server.pem");
  ASSERT_TRUE(certificateOf.count(tlsPort)) << "no certificate decoded from iis-sim's port";
  ASSERT_TRUE(certificateOf.count(offloadPort)) << "no certificate decoded from the proxy's port";
  const auto& iisCertificate = certificateOf[tlsPort];
  const auto& proxyCertificate = certificateOf[offloadPort];
  const auto labBinding = auth::tlsServerEndPointOfPem(labPem);
  ASSERT_TRUE(std::holds_alternative<auth::ChannelBindingData>(labBinding));
  EXPECT_EQ(bindingHashOf(iisCertificate), text::hexEncode(auth::ntlm::channelBindingsHash(
                                               std::get<auth::ChannelBindingData>(labBinding))))
      << "the certificate on the wire is the lab's tls/server.pem";
  EXPECT_NE(proxyCertificate, iisCertificate) << "the offloading proxy has its own certificate";

  // Each Type 3 carries the binding of the certificate its own connection presented.
  ASSERT_EQ(bindingsTo[tlsPort].size(), 1u) << "one NTLM logon directly to iis-sim";
  ASSERT_EQ(bindingsTo[offloadPort].size(), 1u) << "one NTLM logon through the proxy";
  EXPECT_EQ(bindingsTo[tlsPort][0], bindingHashOf(iisCertificate));
  EXPECT_EQ(bindingsTo[offloadPort][0], bindingHashOf(proxyCertificate));
  EXPECT_NE(bindingsTo[offloadPort][0], bindingsTo[tlsPort][0]);
}

}  // namespace
}  // namespace authreplay::testing

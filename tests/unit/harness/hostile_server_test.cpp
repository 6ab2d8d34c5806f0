// Servers that misbehave, against authreplay's transport and runner (issue 12): a raw-socket server
// on a loopback port, in a thread of the test, answers every connection with one crafted response
// and stops by itself (a deadline, and when the test is done with it). No lab is needed.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

#include "cli/app.h"
#include "hostile_support.h"
#include "http/client.h"
#include "http/curl_global.h"

namespace authreplay {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using testing::peakRssKb;
using testing::TempFolder;

// Accepts connections on 127.0.0.1 for at most LIFETIME; for each, reads the request's header
// block and hands the socket to ANSWER, then closes it.
class CraftedServer {
 public:
  using Answer = std::function<void(int fd, const std::atomic<bool>& stop)>;

  CraftedServer(Answer answer, std::chrono::seconds lifetime = 20s) : answer_(std::move(answer)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 16);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    const auto deadline = std::chrono::steady_clock::now() + lifetime;
    thread_ = std::thread([this, deadline] { serve(deadline); });
  }
  ~CraftedServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve(std::chrono::steady_clock::time_point deadline) {
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0)
        continue;
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0)
        continue;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        pollfd r{fd, POLLIN, 0};
        if (::poll(&r, 1, 2000) <= 0)
          break;
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0)
          break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      answer_(fd, stop_);
      ::close(fd);
    }
  }

  Answer answer_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void sendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      return;
    sent += static_cast<std::size_t>(n);
  }
}

CraftedServer::Answer respond(std::string response) {
  return [response](int fd, const std::atomic<bool>&) { sendAll(fd, response); };
}

std::string page401(const std::string& body) {
  return "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\nWWW-Authenticate: NTLM\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

http::TransferResult get(const std::string& url, std::chrono::milliseconds timeout = 5000ms) {
  http::ensureCurlGlobalInit();
  http::Client client;
  http::TransferRequest request;
  request.url = url + "/";
  request.totalTimeout = timeout;
  return client.perform(request);
}

TEST(HostileServer, ResponseCutInsideItsHeadersIsAnErrorNotA200) {
  CraftedServer server(respond("HTTP/1.1 200 OK\r\nServer: x\r\nContent-Ty"));
  const auto result = get(server.url());
  ASSERT_TRUE(result.error) << "libcurl 7.88 reports this as a success";
  EXPECT_EQ(result.error->kind, http::TransferError::Kind::kProtocol);
  EXPECT_EQ(result.error->message,
            "the connection closed before the end of the response headers (HTTP 200 status line "
            "received)");
  ASSERT_EQ(result.exchanges.size(), 1u);
  EXPECT_FALSE(result.exchanges[0].response.headersComplete);
}

TEST(HostileServer, EndlessBodyIsKeptUpTo1MibAndCountedNotStored) {
  CraftedServer server([](int fd, const std::atomic<bool>& stop) {
    sendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n");
    const std::string piece(64 * 1024, 'x');
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (!stop && std::chrono::steady_clock::now() < until) {
      if (::send(fd, piece.data(), piece.size(), MSG_NOSIGNAL) <= 0)
        return;
    }
  });
  const long before = peakRssKb();
  const auto result = get(server.url(), 2000ms);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->kind, http::TransferError::Kind::kTimeout);
  ASSERT_EQ(result.exchanges.size(), 1u);
  const auto& response = result.exchanges[0].response;
  EXPECT_TRUE(response.bodyTruncated);
  EXPECT_EQ(response.body.size(), 1024u * 1024u);
  EXPECT_GT(response.bodyBytesReceived, 8u * 1024u * 1024u);
  EXPECT_LT(peakRssKb() - before, 64 * 1024) << "KB of peak memory grown by the endless body";
}

// Scenario files of one step each, in a temporary folder.
class ScenarioFiles {
 public:
  void add(const std::string& id, const std::string& expect) {
    folder_.write(id + ".json", R"({"id": ")" + id +
                                    R"(", "title": "t", "client": {"browser": "anonymous"},
              "steps": [ { "request": { "path": "/" }, "expect": )" +
                                    expect + "} ] }");
  }
  const fs::path& dir() const { return folder_.path(); }

 private:
  TempFolder folder_;
};

struct Run {
  int code;
  std::string out;
  std::string err;
  std::string report;
};

Run runAgainst(const std::string& url, const ScenarioFiles& files) {
  const auto report = files.dir() / "report.json";
  std::ostringstream out, err;
  const int code = cli::runApp(
      {"run", files.dir().string(), "--target", url, "--report", "json:" + report.string()}, out,
      err);
  std::ifstream in(report);
  std::stringstream text;
  text << in.rdbuf();
  return {code, out.str(), err.str(), text.str()};
}

TEST(HostileServer, ErrorPageWithAnElevenDigitSubstatusFailsItsCheckAndTheReportIsWritten) {
  CraftedServer server(respond(page401("<h3>HTTP Error 401.99999999999 - Unauthorized</h3>")));
  ScenarioFiles files;
  files.add("a.first", R"({ "status": 401, "substatus": 2 })");
  files.add("b.second", R"({ "status": 401 })");
  const auto run = runAgainst(server.url(), files);
  // The page is not a detailed error page the parser accepts, so the substatus is unknown: the
  // scenario could not run (issue 15: missing evidence is not a regression), exit 3, and it is
  // said once, not as an internal error.
  EXPECT_EQ(run.code, 3) << run.err;
  EXPECT_EQ(run.err.find("internal error"), std::string::npos) << run.err;
  EXPECT_EQ(run.report.find("internal error"), std::string::npos) << run.report;
  EXPECT_NE(run.report.find("the IIS substatus is unknown"), std::string::npos) << run.report;
  EXPECT_NE(run.report.find("\"a.first\""), std::string::npos);
  EXPECT_NE(run.report.find("\"b.second\""), std::string::npos);
}

// `authreplay bench` judged the same page with the same parser and died with it.
TEST(HostileServer, BenchJudgesAnElevenDigitSubstatusPageWithoutDying) {
  CraftedServer server(respond(page401("<h3>HTTP Error 401.99999999999 - Unauthorized</h3>")));
  ScenarioFiles files;
  files.add("bench", R"({ "status": 401, "substatus": 2 })");
  std::ostringstream out, err;
  const int code =
      cli::runApp({"bench", (files.dir() / "bench.json").string(), "--target", server.url(),
                   "--requests", "3", "--check-every", "1", "--no-progress"},
                  out, err);
  EXPECT_EQ(err.str().find("internal error"), std::string::npos) << err.str();
  EXPECT_NE(out.str().find("3"), std::string::npos) << out.str();
  EXPECT_NE(code, 0);  // the check fails (substatus unknown), and nothing authenticated
}

TEST(HostileServer, ErrorPageWith20KbOfSpacesAfterErrorCodeIsRead) {
  CraftedServer server(respond(page401("<h3>HTTP Error 401.2 - Unauthorized</h3>Error Code" +
                                       std::string(20 * 1024, ' ') + "0x80070005")));
  ScenarioFiles files;
  files.add("spaces", R"({ "status": 401, "substatus": 2, "win32Status": 5 })");
  const auto run = runAgainst(server.url(), files);
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  EXPECT_NE(run.report.find("\"spaces\""), std::string::npos);
}

TEST(HostileServer, ResponseCutInsideItsHeadersIsAScenarioErrorWithTheReportWritten) {
  CraftedServer server(respond("HTTP/1.1 200 OK\r\nServer: x\r\n"));
  ScenarioFiles files;
  files.add("cut", R"({ "status": 200 })");
  const auto run = runAgainst(server.url(), files);
  EXPECT_EQ(run.code, 3) << run.out << run.err;
  EXPECT_NE(run.report.find("\"outcome\": \"error\""), std::string::npos) << run.report;
  EXPECT_NE(run.report.find("before the end of the response headers"), std::string::npos);
}

}  // namespace
}  // namespace authreplay

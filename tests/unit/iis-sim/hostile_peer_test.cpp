// iis-sim's HTTP server against peers that do not play fair (issue 12): an endless chunk
// extension or trailer must not grow a connection's buffer without bound (HTTP.sys answers 400 and
// closes), and running out of file descriptors must not make the accept loop spin. The server runs
// in a child process (so that its file-descriptor limit is its own) on a loopback port; every test
// is bounded in time and stops the child itself.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "../../support/child_process.h"
#include "../../support/process_stats.h"
#include "iis-sim/http/http_server.h"

namespace iissim {
namespace {

using namespace std::chrono_literals;

class OkHandler : public ConnectionHandler {
 public:
  std::optional<HttpResponse> authorize(const HttpRequest&) override { return std::nullopt; }
  HttpResponse handle(const HttpRequest&) override {
    HttpResponse response;
    response.body = "ok";
    response.headers = {{"Content-Length", "2"}};
    return response;
  }
  HttpResponse contentTooLarge(const HttpRequest&) override {
    HttpResponse response;
    response.status = 404;
    response.close = true;
    response.headers = {{"Content-Length", "0"}};
    return response;
  }
  void responseSent(const HttpResponse&, std::chrono::milliseconds) override {}
};

// iis-sim's HttpServer in a child process; NOFILE > 0 lowers its file-descriptor limit first.
class ChildServer {
 public:
  explicit ChildServer(rlim_t nofile = 0) {
    int ports[2];
    if (::pipe(ports) != 0)
      return;
    std::fflush(nullptr);  // the child must not write the parent's buffered output again
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ports[0]);
      if (nofile > 0) {
        rlimit limit{nofile, nofile};
        ::setrlimit(RLIMIT_NOFILE, &limit);
      }
      HttpServer server(false);
      ListenerSpec spec;
      spec.address = "127.0.0.1";
      spec.timeout = std::chrono::seconds(30);
      spec.makeHandler = [](const ConnectionInfo&) { return std::make_unique<OkHandler>(); };
      const std::uint16_t port = server.listen(spec);
      (void)!::write(ports[1], &port, sizeof port);
      ::close(ports[1]);
      server.run();
      ::_exit(0);
    }
    ::close(ports[1]);
    if (::read(ports[0], &port_, sizeof port_) != sizeof port_)
      port_ = 0;
    ::close(ports[0]);
  }
  ~ChildServer() {
    if (pid_ > 0)
      authreplay::testing::stopChild(pid_, 5s);
  }
  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }

  long rssKb() const { return authreplay::testing::residentKb(pid_); }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

int connectTo(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  return fd;
}

bool sendAll(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// Everything the server sends until it closes (or 5 s pass).
std::string readUntilClose(int fd) {
  std::string out;
  char buffer[4096];
  while (true) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0)
      return out;
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

// Sends HEAD, then up to 64 MiB of FILLER in 64 KiB pieces until the server stops taking it.
std::string floodAfter(std::uint16_t port, const std::string& head, char filler) {
  const int fd = connectTo(port);
  if (fd < 0)
    return "(no connection)";
  sendAll(fd, head);
  const std::string piece(64 * 1024, filler);
  for (int i = 0; i < 1024 && sendAll(fd, piece); ++i) {
  }
  const std::string answer = readUntilClose(fd);
  ::close(fd);
  return answer;
}

TEST(HostilePeer, EndlessChunkExtensionIsAnswered400AndClosedWithBoundedMemory) {
  ChildServer server;
  ASSERT_NE(server.port(), 0);
  const auto answer = floodAfter(
      server.port(),
      "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n1;x=", 'a');
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer.substr(0, 200);
  EXPECT_LT(server.rssKb(), 64 * 1024) << "KB resident after the flood";
}

TEST(HostilePeer, EndlessTrailerIsAnswered400AndClosedWithBoundedMemory) {
  ChildServer server;
  ASSERT_NE(server.port(), 0);
  const auto answer = floodAfter(
      server.port(),
      "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: ",
      'a');
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer.substr(0, 200);
  EXPECT_LT(server.rssKb(), 64 * 1024) << "KB resident after the flood";
}

TEST(HostilePeer, ChunkedRequestWithinTheLimitsIsServed) {
  ChildServer server;
  ASSERT_NE(server.port(), 0);
  const int fd = connectTo(server.port());
  ASSERT_GE(fd, 0);
  sendAll(fd,
          "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: "
          "close\r\n\r\n5;ext=" +
              std::string(1000, 'e') + "\r\nhello\r\n0\r\nX-Trailer: yes\r\n\r\n");
  const auto answer = readUntilClose(fd);
  ::close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 ", 0), 0u) << answer.substr(0, 200);
}

TEST(HostilePeer, OutOfFileDescriptorsTheAcceptLoopBacksOffAndRecovers) {
  ChildServer server(/*nofile=*/32);
  ASSERT_NE(server.port(), 0);
  // More connections than the child has descriptors: the rest wait in the listen backlog, and
  // every accept() fails with EMFILE.
  std::vector<int> held;
  for (int i = 0; i < 64; ++i) {
    const int fd = connectTo(server.port());
    if (fd >= 0)
      held.push_back(fd);
  }
  std::this_thread::sleep_for(500ms);
  const long spent = authreplay::testing::cpuTicksDuring(server.pid(), 1s);
  EXPECT_LT(spent, ::sysconf(_SC_CLK_TCK) / 5) << "CPU ticks in one second with no descriptors";
  for (const int fd : held)
    ::close(fd);
  // The simulator serves again once descriptors are free (the back-off is 100 ms).
  std::string answer;
  for (int attempt = 0; attempt < 20 && answer.rfind("HTTP/1.1 200 ", 0) != 0; ++attempt) {
    std::this_thread::sleep_for(100ms);
    const int fd = connectTo(server.port());
    if (fd < 0)
      continue;
    sendAll(fd, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    answer = readUntilClose(fd);
    ::close(fd);
  }
  EXPECT_EQ(answer.rfind("HTTP/1.1 200 ", 0), 0u) << answer.substr(0, 200);
}

}  // namespace
}  // namespace iissim

#include "raw_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace iissim::testing {

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0)
    throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    const std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("connect 127.0.0.1:" + std::to_string(port) + ": " + reason);
  }
}

std::uint16_t RawConnection::localPort() const {
  sockaddr_in address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return 0;
  return ntohs(address.sin_port);
}

void RawConnection::abort() {
  if (fd_ < 0)
    return;
  const linger reset{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
  ::close(fd_);
  fd_ = -1;
}

RawConnection::~RawConnection() {
  if (fd_ >= 0)
    ::close(fd_);
}

void RawConnection::send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      return;  // the server may close early (that is what some tests expect)
    sent += static_cast<std::size_t>(n);
  }
}

std::string RawConnection::readUntilClose(std::chrono::milliseconds timeout, bool* closed) {
  std::string received;
  *closed = false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[8192];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      return received;
    pollfd waitFor{fd_, POLLIN, 0};
    if (::poll(&waitFor, 1, static_cast<int>(left.count())) <= 0)
      return received;
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      *closed = true;  // orderly close (0) or reset: either way the server hung up
      return received;
    }
    received.append(buffer, static_cast<std::size_t>(n));
  }
}

std::string RawConnection::readResponse(std::chrono::milliseconds timeout) {
  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  char buffer[8192];
  while (true) {
    const auto headEnd = received.find("\r\n\r\n");
    if (headEnd != std::string::npos) {
      std::size_t length = 0;
      const auto field = received.find("\r\nContent-Length:");
      if (field != std::string::npos && field < headEnd)
        length = std::strtoul(received.c_str() + field + 17, nullptr, 10);
      if (received.size() >= headEnd + 4 + length)
        return received;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd waitFor{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&waitFor, 1, static_cast<int>(left.count())) <= 0)
      return received;
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0)
      return received;
    received.append(buffer, static_cast<std::size_t>(n));
  }
}

int statusOf(const std::string& response) {
  // "HTTP/1.1 " then three digits.
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0)
    return 0;
  const auto space = response.find(' ');
  if (space == std::string::npos || space + 4 > response.size())
    return 0;
  int status = 0;
  for (std::size_t i = space + 1; i < space + 4; ++i) {
    if (response[i] < '0' || response[i] > '9')
      return 0;
    status = status * 10 + (response[i] - '0');
  }
  return status;
}

std::uint16_t portOf(const std::string& url) {
  const std::string authority = authorityOf(url);
  const auto colon = authority.rfind(':');
  if (colon == std::string::npos)
    throw std::runtime_error("no port in " + url);
  return static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1)));
}

std::string authorityOf(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos)
    throw std::runtime_error("not a URL: " + url);
  const auto end = url.find('/', start + 3);
  return url.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
}

}  // namespace iissim::testing

#include "curl_legs.h"

#include <cctype>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "auth/authorization_header.h"
#include "auth/base64.h"
#include "auth/ntlm_message.h"
#include "text/ascii.h"

namespace authreplay::testing {
namespace {

using authreplay::text::startsWithIgnoreCase;

std::string_view trimLine(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

std::string Leg::sent() const {
  const auto header = auth::parseAuthorizationHeader(authorization);
  if (!header) {
    return "anonymous";
  }
  if (const auto token = auth::base64Decode(header->token);
      token && auth::ntlm::messageType(*token)) {
    return header->scheme + "/" + auth::ntlm::legLabel(*token).substr(5);
  }
  return header->scheme;
}

std::vector<std::string> Leg::offeredSchemes() const {
  std::vector<std::string> schemes;
  for (const std::string& value : wwwAuthenticate) {
    const auto header = auth::parseAuthorizationHeader(value);
    schemes.push_back(header ? header->scheme : value);
  }
  return schemes;
}

LegRecorder::LegRecorder() : handle_(curl_easy_init()) {
  if (!handle_) {
    throw std::runtime_error("curl_easy_init failed");
  }
  CURL* curl = handle_.get();
  curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);  // DEBUGFUNCTION only runs in verbose mode
  curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, &LegRecorder::onDebug);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &LegRecorder::onBody);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "");  // only CURLOPT_PROXY decides
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  // Connection-based authentication is an HTTP/1.1 affair: libcurl 7.88 offers h2 on https by
  // default and iis-sim's https binding accepts it (IIS 10's default), which would add a leg reset
  // with HTTP_1_1_REQUIRED before each handshake. HTTP/2 has its own test
  // (tests/integration/iis-sim/http2_lab_test.sh); tests/support/http_client.cpp pins 1.1 too.
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
}

Transfer LegRecorder::perform(const std::string& url) {
  current_ = Transfer{};
  errorBuffer_[0] = '\0';
  // Bound here rather than in the constructor: a LegRecorder may have moved since.
  curl_easy_setopt(handle_.get(), CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(handle_.get(), CURLOPT_WRITEDATA, this);
  curl_easy_setopt(handle_.get(), CURLOPT_ERRORBUFFER, errorBuffer_);
  curl_easy_setopt(handle_.get(), CURLOPT_URL, url.c_str());
  current_.result = curl_easy_perform(handle_.get());
  current_.error = errorBuffer_;
  curl_easy_getinfo(handle_.get(), CURLINFO_RESPONSE_CODE, &current_.status);
  return std::move(current_);
}

int LegRecorder::onDebug(CURL* handle, curl_infotype type, char* data, std::size_t size,
                         void* self) {
  auto& transfer = static_cast<LegRecorder*>(self)->current_;
  const std::string_view text(data, size);
  if (type == CURLINFO_HEADER_OUT) {
    // One request header block = one leg.
    Leg leg;
    curl_easy_getinfo(handle, CURLINFO_LOCAL_PORT, &leg.localPort);
    std::istringstream lines{std::string(text)};
    for (std::string line; std::getline(lines, line);) {
      const std::string_view value = trimLine(line);
      if (startsWithIgnoreCase(value, "Authorization:")) {
        leg.authorization = std::string(trimLine(value.substr(14)));
        while (!leg.authorization.empty() && leg.authorization.front() == ' ') {
          leg.authorization.erase(0, 1);
        }
      }
    }
    transfer.legs.push_back(std::move(leg));
  } else if (type == CURLINFO_HEADER_IN && !transfer.legs.empty()) {
    const std::string_view line = trimLine(text);
    Leg& leg = transfer.legs.back();
    if (startsWithIgnoreCase(line, "HTTP/")) {
      const auto space = line.find(' ');
      const int status = space == std::string_view::npos
                             ? 0
                             : std::atoi(std::string(line.substr(space + 1, 3)).c_str());
      if (status >= 200) {  // interim 100 Continue does not end a leg
        leg.status = status;
        leg.wwwAuthenticate.clear();
      }
    } else if (startsWithIgnoreCase(line, "WWW-Authenticate:")) {
      std::string value(line.substr(17));
      while (!value.empty() && value.front() == ' ') {
        value.erase(0, 1);
      }
      leg.wwwAuthenticate.push_back(std::move(value));
    }
  }
  return 0;
}

std::size_t LegRecorder::onBody(char* data, std::size_t size, std::size_t count, void* self) {
  static_cast<LegRecorder*>(self)->current_.body.append(data, size * count);
  return size * count;
}

}  // namespace authreplay::testing

#include "http_client.h"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "text/ascii.h"

namespace authreplay::testing {

namespace {

using authreplay::text::equalsIgnoreCase;
using authreplay::text::trimWhitespace;

size_t onBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// libcurl hands over one header line at a time; a status line starts a new response.
size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto& responses = *static_cast<std::vector<HttpResponseRecord>*>(user);
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    HttpResponseRecord record;
    const auto space = line.find(' ');
    if (space != std::string_view::npos) {
      record.status = std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
    }
    responses.push_back(std::move(record));
  } else if (const auto colon = line.find(':');
             colon != std::string_view::npos && !responses.empty()) {
    responses.back().headers.emplace_back(trimWhitespace(line.substr(0, colon)),
                                          trimWhitespace(line.substr(colon + 1)));
  }
  return size * count;
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::vector<std::string> HttpResult::headerValues(std::string_view name) const {
  std::vector<std::string> values;
  if (responses.empty())
    return values;
  for (const auto& [key, value] : responses.back().headers) {
    if (equalsIgnoreCase(key, name))
      values.push_back(value);
  }
  return values;
}

std::optional<std::string> HttpResult::header(std::string_view name) const {
  const auto values = headerValues(name);
  if (values.empty())
    return std::nullopt;
  return values.front();
}

HttpClient::HttpClient() : curl_(curl_easy_init()) {
  if (curl_ == nullptr)
    throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr)
    curl_easy_cleanup(curl_);
}

HttpClient::HttpClient(HttpClient&& other) noexcept : curl_(other.curl_) {
  other.curl_ = nullptr;
}

HttpClient& HttpClient::operator=(HttpClient&& other) noexcept {
  if (this != &other) {
    if (curl_ != nullptr)
      curl_easy_cleanup(curl_);
    curl_ = other.curl_;
    other.curl_ = nullptr;
  }
  return *this;
}

HttpResult HttpClient::perform(const HttpRequestOptions& request) {
  HttpResult result;
  // curl_easy_reset keeps the connection cache: a later perform() can reuse the connection.
  curl_easy_reset(curl_);
  char errorBuffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(curl_, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_PROXY, request.proxy.c_str());  // "" = no proxy, env ignored
  curl_easy_setopt(curl_, CURLOPT_FORBID_REUSE, request.forbidReuse ? 1L : 0L);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &result.body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &result.responses);
  if (!request.caFile.empty())
    curl_easy_setopt(curl_, CURLOPT_CAINFO, request.caFile.c_str());
  if (request.httpAuth != CURLAUTH_NONE) {
    curl_easy_setopt(curl_, CURLOPT_HTTPAUTH, request.httpAuth);
    curl_easy_setopt(curl_, CURLOPT_USERPWD, request.userPassword.c_str());
  }
  if (request.method == "HEAD") {
    curl_easy_setopt(curl_, CURLOPT_NOBODY, 1L);
  } else if (request.body) {
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body->size()));
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body->c_str());
    if (request.method != "POST") {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else if (request.method != "GET") {
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const std::string& header : request.headers) {
    headers.reset(curl_slist_append(headers.release(), header.c_str()));
  }
  if (headers)
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers.get());

  result.error = curl_easy_perform(curl_);
  if (result.error != CURLE_OK) {
    result.errorText = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(result.error);
  }
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &result.status);
  curl_easy_getinfo(curl_, CURLINFO_LOCAL_PORT, &result.localPort);
  curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &result.numConnects);
  // The error buffer lives on this stack frame; do not leave libcurl pointing at it.
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, nullptr);
  return result;
}

}  // namespace authreplay::testing

#include "http/leg_recorder.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "text/ascii.h"

namespace authreplay::http {

namespace {

using authreplay::text::equalsIgnoreCase;
using authreplay::text::trimWhitespace;

using std::chrono::duration_cast;
using std::chrono::microseconds;

std::string_view trimEol(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::optional<long> connectionNumber(std::string_view text) {
  const auto hash = text.find('#');
  if (hash == std::string_view::npos)
    return std::nullopt;
  long id = 0;
  const auto* begin = text.data() + hash + 1;
  const auto [ptr, ec] = std::from_chars(begin, text.data() + text.size(), id);
  if (ec != std::errc() || ptr == begin)
    return std::nullopt;
  return id;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The error code's name in libcurl's "HTTP/2 stream N was not closed cleanly: NAME (err N)".
std::optional<std::string> streamResetName(std::string_view text) {
  constexpr std::string_view kMarker = "was not closed cleanly: ";
  const auto at = text.find(kMarker);
  if (at == std::string_view::npos)
    return std::nullopt;
  auto rest = text.substr(at + kMarker.size());
  const auto end = rest.find(" (err ");
  rest = trimWhitespace(rest.substr(0, end));
  if (rest.empty() || rest.size() > 64)
    return std::nullopt;
  return std::string(rest);
}

std::optional<Header> parseHeaderLine(std::string_view line) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  return Header{std::string(trimWhitespace(line.substr(0, colon))),
                std::string(trimWhitespace(line.substr(colon + 1)))};
}

}  // namespace

void LegRecorder::onText(std::string_view text, Clock::time_point at) {
  // Texts as libcurl 7.88 writes them (lib/connect.c, lib/url.c, lib/vtls/openssl.c).
  if (startsWith(text, "  Trying ") || startsWith(text, "Trying ")) {
    closeLeg(at);  // the previous leg ended when the client turned to the next connection
    if (!pending_.connectStart)
      pending_.connectStart = at;
  } else if (startsWith(text, "Connected to ")) {
    pending_.opened = true;
    pending_.id = connectionNumber(text);
    pending_.connected = at;
  } else if (startsWith(text, "Re-using existing connection")) {
    closeLeg(at);
    pending_.opened = false;
    pending_.id = connectionNumber(text);
  } else if (startsWith(text, "SSL connection using")) {
    pending_.tlsDone = at;
  } else if (text.find("seems to be dead") != std::string_view::npos ||
             startsWith(text, "Connection died")) {
    // lib/url.c and lib/multi.c: a cached connection the peer has closed is dropped, or a request
    // sent on one is retried on a fresh connection.
    pending_.deadConnectionSeen = true;
  } else if (startsWith(text, "HTTP/2 stream ")) {
    // lib/http2.c, on RST_STREAM: "HTTP/2 stream 1 was not closed cleanly: HTTP_1_1_REQUIRED
    // (err 13)" (nghttp2_http2_strerror's name of the error code).
    if (const auto reset = streamResetName(text)) {
      lastStreamReset_ = *reset;
      if (current_)
        current_->exchange.response.streamReset = *reset;
    }
  }
}

void LegRecorder::onPrerequest(std::string remoteAddress, int remotePort, int localPort,
                               std::vector<std::uint8_t> peerCertificate) {
  pending_.peerCertificate = std::move(peerCertificate);
  pending_.remoteAddress = std::move(remoteAddress);
  pending_.remotePort = remotePort;
  pending_.localPort = localPort;
}

void LegRecorder::onHeaderOut(std::string_view block, Clock::time_point at) {
  bytesOut_ += block.size();
  closeLeg(at);
  Leg leg;
  leg.start = pending_.connectStart.value_or(at);
  auto& exchange = leg.exchange;
  exchange.requestHeaderBytes = block.size();
  std::size_t pos = 0;
  bool first = true;
  while (pos < block.size()) {
    const auto end = block.find('\n', pos);
    const auto line = trimEol(block.substr(pos, end == std::string_view::npos ? end : end - pos));
    pos = end == std::string_view::npos ? block.size() : end + 1;
    if (line.empty())
      continue;
    if (first) {
      first = false;
      const auto sp1 = line.find(' ');
      const auto sp2 = line.rfind(' ');
      if (sp1 != std::string_view::npos && sp2 > sp1) {
        exchange.request.method = std::string(line.substr(0, sp1));
        exchange.request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
        exchange.request.httpVersion = std::string(line.substr(sp2 + 1));
      }
      continue;
    }
    if (auto header = parseHeaderLine(line))
      exchange.request.headers.push_back(std::move(*header));
  }

  // The connection: what the info texts said since the last request, else the one before (libcurl
  // says nothing when it keeps using a connection it never released, e.g. after a 100 Continue).
  auto& connection = exchange.connection;
  connection.id = pending_.id.value_or(lastConnectionId_);
  connection.opened = pending_.opened;
  connection.localPort = pending_.localPort != 0 ? pending_.localPort : lastLocalPort_;
  connection.remoteAddress = pending_.remoteAddress;
  connection.remotePort = pending_.remotePort;
  connection.peerCertificate = std::move(pending_.peerCertificate);
  connection.replacedDeadConnection = pending_.deadConnectionSeen && pending_.opened;
  if (pending_.opened && pending_.connectStart && pending_.connected) {
    exchange.timings.connect =
        duration_cast<microseconds>(*pending_.connected - *pending_.connectStart);
  }
  if (pending_.opened && pending_.connected && pending_.tlsDone) {
    exchange.timings.tls = duration_cast<microseconds>(*pending_.tlsDone - *pending_.connected);
  }
  lastConnectionId_ = connection.id;
  lastLocalPort_ = connection.localPort;
  pending_ = PendingConnection{};
  current_ = std::move(leg);
}

void LegRecorder::onDataOut(std::string_view bytes) {
  bytesOut_ += bytes.size();
  if (current_)
    current_->exchange.request.body.append(bytes);
}

void LegRecorder::onHeaderIn(std::string_view rawLine, Clock::time_point at) {
  bytesIn_ += rawLine.size();
  if (!current_)
    return;
  auto& leg = *current_;
  auto& response = leg.exchange.response;
  const auto line = trimEol(rawLine);
  // libcurl 7.88 does not always pass the blank line that ends a 1xx (100 Continue) to the debug
  // callback: a status line after a 1xx starts the final response even inside its "headers".
  const bool afterInterim =
      leg.inHeaders && response.status >= 100 && response.status < 200 && startsWith(line, "HTTP/");
  if (!leg.inHeaders || afterInterim) {
    if (!startsWith(line, "HTTP/"))
      return;
    // A new status line: if the previous one was 1xx, it was interim (100 Continue).
    if (response.status != 0 && response.status < 200)
      response.interimStatuses.push_back(response.status);
    if (response.status == 0) {
      leg.exchange.timings.firstByte = duration_cast<microseconds>(at - leg.start);
    }
    response.headers.clear();
    leg.exchange.responseHeaderBytes = rawLine.size();  // the final response's block only
    const auto sp1 = line.find(' ');
    response.httpVersion = std::string(line.substr(0, sp1));
    if (sp1 != std::string_view::npos) {
      const auto rest = line.substr(sp1 + 1);
      int status = 0;
      std::from_chars(rest.data(), rest.data() + rest.size(), status);
      response.status = status;
      const auto sp2 = rest.find(' ');
      response.reason = sp2 == std::string_view::npos ? "" : std::string(rest.substr(sp2 + 1));
    }
    leg.inHeaders = true;
    return;
  }
  leg.exchange.responseHeaderBytes += rawLine.size();
  if (line.empty()) {
    leg.inHeaders = false;
    const auto te = firstHeader(response.headers, "Transfer-Encoding");
    leg.chunked = te && equalsIgnoreCase(trimWhitespace(*te), "chunked");
    return;
  }
  if ((line.front() == ' ' || line.front() == '\t') && !response.headers.empty()) {
    response.headers.back().value +=
        " " + std::string(trimWhitespace(line));  // obsolete line folding
    return;
  }
  if (auto header = parseHeaderLine(line))
    response.headers.push_back(std::move(*header));
}

void LegRecorder::onDataIn(std::string_view bytes, Clock::time_point) {
  bytesIn_ += bytes.size();
  if (!current_)
    return;
  auto& response = current_->exchange.response;
  response.bodyBytesReceived += bytes.size();
  auto& body = current_->rawBody;
  if (body.size() < maxKeptBody_)
    body.append(bytes.substr(0, maxKeptBody_ - body.size()));
  if (response.bodyBytesReceived > maxKeptBody_)
    response.bodyTruncated = true;  // the rest is counted, never stored
}

void LegRecorder::closeLeg(Clock::time_point at) {
  if (!current_)
    return;
  auto& leg = *current_;
  auto& response = leg.exchange.response;
  // A status line arrived but its header block never ended: the peer closed mid-headers.
  if (response.status != 0 && leg.inHeaders)
    response.headersComplete = false;
  response.body =
      leg.chunked ? dechunk(leg.rawBody, response.bodyTruncated) : std::move(leg.rawBody);
  leg.exchange.timings.total = duration_cast<microseconds>(at - leg.start);
  leg.exchange.started =
      wallAnchor_ + duration_cast<std::chrono::system_clock::duration>(leg.start - steadyAnchor_);
  done_.push_back(std::move(leg.exchange));
  current_.reset();
}

std::vector<Exchange> LegRecorder::finish(const std::string& url, Clock::time_point at) {
  closeLeg(at);
  for (auto& exchange : done_)
    exchange.url = url;
  auto out = std::move(done_);
  done_.clear();
  return out;
}

// RFC 9112 §7.1 chunked framing; anything malformed is returned as it came. A body kept only in
// part ends inside a chunk (or its size line): what there is of it is decoded.
std::string LegRecorder::dechunk(const std::string& raw, bool truncated) {
  std::string out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto eol = raw.find("\r\n", pos);
    if (eol == std::string::npos)
      return truncated ? out : raw;
    std::size_t size = 0;
    const auto [ptr, ec] = std::from_chars(raw.data() + pos, raw.data() + eol, size, 16);
    if (ec != std::errc() || ptr == raw.data() + pos)
      return raw;
    if (size == 0)
      return out;
    const auto start = eol + 2;
    if (start + size > raw.size()) {
      if (!truncated)
        return raw;
      out.append(raw, start, std::string::npos);
      return out;
    }
    out.append(raw, start, size);
    pos = start + size + 2;
  }
  return out;
}

}  // namespace authreplay::http

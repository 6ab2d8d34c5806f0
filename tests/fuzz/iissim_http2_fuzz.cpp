// Fuzz target: iis-sim's HTTP/2 connection (http/http2_connection.h) on the bytes a client sends
// after TLS negotiated `h2`, in process: nghttp2's frame parser and iis-sim's glue around it
// (header collection bounded by MaxRequestBytes, stream and body bounds, the RST_STREAM
// HTTP_1_1_REQUIRED downgrade of Windows authentication, GOAWAY on connection errors) and the
// same per-stream pipeline as HTTP/1.1 (pipeline/site_connection.h: routing, the authentication
// stage with the fuzzer's tokens, handlers over fixtures/lab/wwwroot, error pages).
// The first byte chooses whether the client connection preface is put in front (so most inputs
// reach the frames) and how the rest is cut into reads. Checks that nothing crashes, throws or
// hits UB, and that the connection stops producing output: every produce() call is bounded, and
// a connection that neither reads nor writes any more is done.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_input.h"
#include "iis-sim/config/config_loader.h"
#include "iis-sim/http/http2_connection.h"
#include "iis-sim/pipeline/site_connection.h"
#include "iis-sim/pipeline/site_runtime.h"
#include "iissim_credentials.h"

namespace {

using authreplay::fuzz::invariantFailed;

// RFC 9113 §3.4: the client connection preface.
constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

// A TLS site with Windows and Basic authentication over the lab's wwwroot; no log file.
const iissim::ServerConfig& h2Config() {
  static const iissim::ServerConfig config = iissim::parseServerConfig(
      R"({
  "sites": [ {
    "name": "H2", "id": 1,
    "bindings": [ { "protocol": "http", "bindingInformation": "127.0.0.1:0:" } ],
    "physicalPath": ")" AUTHREPLAY_LAB_WWWROOT R"(",
    "httpErrors": { "errorMode": "Detailed" },
    "applications": [
      { "path": "/ActiveXTest/", "anonymousAuthentication": { "enabled": false },
        "windowsAuthentication": { "enabled": true, "providers": ["Negotiate", "NTLM"] } },
      { "path": "/BasicTls/", "anonymousAuthentication": { "enabled": false },
        "basicAuthentication": { "enabled": true, "realm": "localhost" } }
    ]
  } ]
})",
      "fuzz-iis-sim-h2.json", ".");
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  const std::uint8_t mode = data[0];
  std::string input = (mode & 1) ? std::string(kPreface) : std::string();
  input.append(reinterpret_cast<const char*>(data + 1), size - 1);

  const auto& config = h2Config();
  iissim::SiteRuntime site(config.sites.front(), config.limits);
  iissim::ConnectionInfo info{"127.0.0.1", 443, "127.0.0.1", 50000, true};
  iissim::Http2Settings settings;
  settings.limits = config.limits;
  iissim::Http2Connection connection(
      info, settings,
      [&site](const iissim::ConnectionInfo& connectionInfo) {
        return std::make_unique<iissim::SiteConnection>(site, authreplay::fuzz::iissimCredentials(),
                                                        connectionInfo, false);
      },
      [](const iissim::HttpSysEvent&) {}, false);

  // Reads of 1 + (mode >> 1) * 97 bytes: from byte-by-byte to whole frames at once.
  const std::size_t chunk = 1 + static_cast<std::size_t>(mode >> 1) * 97;
  std::string output;
  for (std::size_t at = 0; at < input.size() && connection.wantsRead(); at += chunk) {
    const std::size_t count = std::min(chunk, input.size() - at);
    if (!connection.receive(reinterpret_cast<const std::uint8_t*>(input.data() + at), count))
      break;
    output.clear();
    connection.produce(output, 1 << 16);
  }
  // What is pending goes out in bounded pieces and then stops: the connection never produces
  // without end from a finite input (the response bodies are the lab's small files).
  for (int round = 0; connection.wantsWrite(); ++round) {
    if (round > 4096)
      invariantFailed("the HTTP/2 connection kept producing output");
    output.clear();
    connection.produce(output, 1 << 16);
    if (output.empty())
      break;
  }
  return 0;
}

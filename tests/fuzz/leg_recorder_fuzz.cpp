// Fuzz target: http::LegRecorder (harness/http/leg_recorder.cpp), the only parser of what a server
// sends the harness: libcurl hands it the response's status lines, header lines and raw bodies
// (chunked framing undone here) and its own info texts (connection numbers, the HTTP/2 stream
// reset code), all of which carry peer bytes. The input is a sequence of debug-callback calls
// separated by 0x1E (ASCII record separator); each record's first byte says which call:
//   T text, O request header block, o request body, I response header line, i response body,
//   P prereq (the rest: the local port in decimal).
// Checks no crash, no UB, no exception, the byte counters equal what was fed, every kept body at
// most the bound (maxKeptBody, here 4 KiB) and a stream reset name of at most 64 bytes.
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_input.h"
#include "http/leg_recorder.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace fuzz = authreplay::fuzz;
  using authreplay::http::LegRecorder;
  constexpr std::size_t kMaxKept = 4096;
  LegRecorder recorder(kMaxKept);
  auto now = LegRecorder::Clock::time_point{};
  std::size_t in = 0;
  std::size_t out = 0;
  for (const auto record : fuzz::splitAt(fuzz::asText(data, size), "\x1e")) {
    if (record.empty())
      continue;
    const auto bytes = record.substr(1);
    now += std::chrono::microseconds(1);
    switch (record.front()) {
      case 'T':
        recorder.onText(bytes, now);
        break;
      case 'O':
        recorder.onHeaderOut(bytes, now);
        out += bytes.size();
        break;
      case 'o':
        recorder.onDataOut(bytes);
        out += bytes.size();
        break;
      case 'I':
        recorder.onHeaderIn(bytes, now);
        in += bytes.size();
        break;
      case 'i':
        recorder.onDataIn(bytes, now);
        in += bytes.size();
        break;
      case 'P': {
        int port = 0;
        std::from_chars(bytes.data(), bytes.data() + bytes.size(), port);
        recorder.onPrerequest("127.0.0.1", 443, port);
        break;
      }
      default:
        break;
    }
  }
  if (recorder.bytesIn() != in || recorder.bytesOut() != out)
    fuzz::invariantFailed("the byte counters differ from what was fed");
  if (recorder.lastStreamReset().size() > 64)
    fuzz::invariantFailed("a stream reset name over 64 bytes");
  for (const auto& leg : recorder.finish("https://localhost/", now)) {
    // Dechunking only ever shortens what was kept.
    if (leg.response.body.size() > kMaxKept)
      fuzz::invariantFailed("a kept body over maxKeptBody");
    if (leg.response.streamReset.size() > 64)
      fuzz::invariantFailed("a leg's stream reset name over 64 bytes");
  }
  return 0;
}

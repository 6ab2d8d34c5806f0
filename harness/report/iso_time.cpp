#include "report/iso_time.h"

#include <cstdio>
#include <ctime>

namespace authreplay::report {

std::string isoTimeMillis(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto millis = floor<milliseconds>(at);
  const auto seconds = floor<std::chrono::seconds>(millis);
  const std::time_t t = system_clock::to_time_t(system_clock::time_point(seconds));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[24];
  const auto length = std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>((millis - seconds).count()));
  return std::string(date, length) + fraction;
}

}  // namespace authreplay::report

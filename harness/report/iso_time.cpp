#include "report/iso_time.h"

#include <cstdio>
#include <ctime>

namespace authreplay::report {

std::string isoTimeSeconds(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const std::time_t t = system_clock::to_time_t(floor<seconds>(at));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[24];
  const auto length = std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(date, length);
}

std::string isoTimeMillis(std::chrono::system_clock::time_point at) {
  using namespace std::chrono;
  const auto millis = floor<milliseconds>(at);
  const auto seconds = floor<std::chrono::seconds>(millis);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>((millis - seconds).count()));
  return isoTimeSeconds(at) + fraction;
}

}  // namespace authreplay::report

// What a test can read of a process from /proc (Linux, proc(5)): its resident memory, its peak,
// and the CPU time it has used. The hostile-input tests (issue 12) bound a server's memory under
// a flood and check that it idles once an attack stops.
#pragma once

#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>

namespace authreplay::testing {

// FIELD ("VmRSS:", "VmHWM:") of /proc/PID/status in KB, -1 when the process is gone.
inline long procStatusKb(const std::string& pid, const std::string& field) {
  std::ifstream in("/proc/" + pid + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(field, 0) == 0)
      return std::stol(line.substr(field.size()));
  }
  return -1;
}

// Resident memory of PID now, in KB.
inline long residentKb(pid_t pid) {
  return procStatusKb(std::to_string(pid), "VmRSS:");
}

// Peak resident memory of this process so far, in KB.
inline long peakRssKb() {
  return procStatusKb("self", "VmHWM:");
}

// User + system CPU time PID has used, in clock ticks (/proc/PID/stat fields 14 and 15; the
// command name in field 2 may hold spaces, so fields are counted after its closing parenthesis).
inline long cpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = stat.rfind(')');
  if (close == std::string::npos)
    return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14)
      utime = std::stol(field);
    if (i == 15)
      stime = std::stol(field);
  }
  return utime + stime;
}

// Clock ticks per second (sysconf(_SC_CLK_TCK), 100 on Linux).
inline long ticksPerSecond() {
  return ::sysconf(_SC_CLK_TCK);
}

// The CPU PID uses while this thread sleeps for WINDOW, in clock ticks: what "it idles" checks.
inline long cpuTicksDuring(pid_t pid, std::chrono::milliseconds window) {
  const long before = cpuTicks(pid);
  std::this_thread::sleep_for(window);
  return cpuTicks(pid) - before;
}

}  // namespace authreplay::testing

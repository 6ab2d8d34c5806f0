// Fills in each leg's IIS substatus, win32 status and user from where the target says they can be
// read (IIS-FACTS.md §1: never on the wire): the detailed error page, the W3C log, or both (which
// must then agree).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "expect/leg_observation.h"
#include "expect/w3c_log.h"
#include "scenario/target.h"

namespace authreplay::expect {

class SubstatusResolver {
 public:
  explicit SubstatusResolver(scenario::SubstatusSettings settings);

  bool usesLog() const;
  // With a log and marker on: the query parameter the runner adds to each request so that its log
  // lines are found exactly ("" when the log is not used or markers are off).
  const std::string& markerParameter() const;

  // Call before a transfer: remembers where the log stood (for correlation without a marker).
  void beforeTransfer();

  // MARKER is the value the transfer's URL carried (empty without one); METHOD and STEM identify
  // its lines when there is no marker.
  void resolve(std::vector<LegObservation>& legs, const std::string& marker,
               const std::string& method, const std::string& stem);

 private:
  static void markNotIis(std::vector<LegObservation>& legs);
  void fromErrorPage(LegObservation& leg) const;
  void fromLog(std::vector<LegObservation>& legs, const std::string& marker,
               const std::string& method, const std::string& stem);

  scenario::SubstatusSettings settings_;
  std::unique_ptr<W3cLogReader> log_;
  std::size_t logStart_ = 0;
  std::string markerParameter_;
};

}  // namespace authreplay::expect

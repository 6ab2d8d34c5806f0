// One virtual browser: the scenario's browser profile (browser/profile.h, the same objects the
// runner drives) replaying the scenario's steps on its own connection pool, run after run. The
// engine asks it for a run's first transfer, feeds back each finished transfer, and gets the next
// transfer or the end of the run (its RequestRecord, and for a checked run its verdict).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/request_record.h"
#include "bench/workload.h"
#include "browser/profile.h"
#include "expect/check_result.h"
#include "expect/leg_observation.h"
#include "expect/substatus_resolver.h"

namespace authreplay::bench {

// A checked run's verdict: the scenario's expectations against what the server answered.
struct RunVerdict {
  bool passed = true;
  std::string firstFailure;  // "step 2 leg 1 status: expected 401, got 400"
};

class VirtualBrowser {
 public:
  // WORKLOAD must outlive the browser. Throws std::invalid_argument when a step cannot be built
  // (unknown origin or proxy) or is not a request (recycle steps are not benchmarked).
  explicit VirtualBrowser(const Workload& workload);

  // Starts a run: its first transfer, or nullopt when it ended before anything was sent
  // (record() says why). CHECK: judge this run against the scenario's expectations.
  std::optional<http::TransferRequest> begin(bool check);
  // A transfer of the current run finished: the next one, or nullopt when the run is over.
  std::optional<http::TransferRequest> onTransfer(http::TransferResult&& result);

  const RequestRecord& record() const { return record_; }
  // Set when the run just over was checked.
  const std::optional<RunVerdict>& verdict() const { return verdict_; }

 private:
  std::optional<http::TransferRequest> startStep();
  std::optional<http::TransferRequest> decide(browser::Decision decision);
  void judgeStep();
  std::string stepLabel() const;

  const Workload& workload_;
  std::vector<http::TransferRequest> stepRequests_;  // built once, one per step
  std::unique_ptr<browser::Profile> profile_;
  expect::SubstatusResolver substatus_;
  RequestRecord record_;
  std::size_t step_ = 0;
  bool checking_ = false;
  std::vector<http::Exchange> stepLegs_;  // the current step's legs, kept when checking
  std::optional<expect::LegObservation> previousLeg_;
  std::optional<RunVerdict> verdict_;
};

}  // namespace authreplay::bench

#include "bench/bench_engine.h"

#include <memory>
#include <vector>

#include "bench/virtual_browser.h"
#include "http/multi_driver.h"

namespace authreplay::bench {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kProgressEvery{250};
constexpr std::chrono::milliseconds kPollWait{50};

class Engine {
 public:
  Engine(const Workload& workload, const BenchLimits& limits)
      : limits_(limits),
        driver_(static_cast<std::size_t>(limits.connections),
                [this](std::size_t client, http::TransferResult&& result) {
                  onDone(client, std::move(result));
                }),
        checkEvery_(workload.checkEvery),
        newBrowserPerRun_(!workload.repeatedRequest) {
    for (int i = 0; i < limits.connections; ++i)
      clients_.push_back(std::make_unique<VirtualBrowser>(workload));
    runs_.assign(clients_.size(), 0);
    warmups_.assign(clients_.size(), 0);
  }

  BenchResult run(const std::function<void(const BenchProgress&)>& progress) {
    // Warm-up first, every browser's runs finished before the clock starts: a browser still
    // warming up while others measure would load the server during the measurement.
    if (limits_.warmup > 0) {
      warming_ = true;
      for (std::size_t i = 0; i < clients_.size(); ++i)
        startNext(i);
      while (driver_.running() > 0)
        driver_.poll(kPollWait);
      warming_ = false;
    }
    start_ = Clock::now();
    if (limits_.duration)
      deadline_ = start_ + *limits_.duration;
    for (std::size_t i = 0; i < clients_.size(); ++i)
      startNext(i);
    auto nextProgress = start_ + kProgressEvery;
    while (driver_.running() > 0) {
      driver_.poll(kPollWait);
      if (progress && Clock::now() >= nextProgress) {
        nextProgress += kProgressEvery;
        progress({result_.stats.requests(), result_.stats.failed(), limits_.requests,
                  Clock::now() - start_, limits_.duration});
      }
    }
    result_.elapsed = (lastEnd_ > start_ ? lastEnd_ : Clock::now()) - start_;
    return std::move(result_);
  }

 private:
  bool mayStart(std::size_t i) const {
    if (limits_.stopRequested && limits_.stopRequested())
      return false;
    if (warming_)
      return warmups_[i] < static_cast<std::uint64_t>(limits_.warmup);
    if (limits_.requests > 0 && started_ >= limits_.requests)
      return false;
    return !deadline_ || Clock::now() < *deadline_;
  }

  // Starts client I's next request; a request that fails before sending anything (no token) is
  // recorded and the next one tried, within the budget.
  void startNext(std::size_t i) {
    while (mayStart(i)) {
      if (warming_)
        ++warmups_[i];
      else
        ++started_;
      auto& client = *clients_[i];
      // A scenario's every run is a new browser: no connection, nothing libcurl learnt, as
      // `authreplay run` gives each scenario a client of its own.
      if (newBrowserPerRun_)
        driver_.renew(i);
      // Warm-up runs are not judged: every browser's first measured run is.
      const bool check =
          !warming_ && checkEvery_ > 0 && runs_[i]++ % static_cast<std::uint64_t>(checkEvery_) == 0;
      if (auto transfer = client.begin(check)) {
        driver_.start(i, *transfer);
        return;
      }
      finish(client);
    }
  }

  void finish(const VirtualBrowser& client) {
    if (warming_) {
      ++result_.warmup.runs;
      if (!client.record().authenticated)
        ++result_.warmup.failed;
      return;
    }
    result_.stats.add(client.record());
    if (const auto& verdict = client.verdict(); verdict && client.record().errorKind.empty()) {
      ++result_.checkedRuns;
      if (!verdict->passed) {
        ++result_.failedChecks;
        if (result_.firstFailure.empty())
          result_.firstFailure = verdict->firstFailure;
      }
    }
    lastEnd_ = Clock::now();
  }

  void onDone(std::size_t i, http::TransferResult&& result) {
    auto& client = *clients_[i];
    if (auto next = client.onTransfer(std::move(result))) {
      driver_.start(i, *next);
      return;
    }
    finish(client);
    startNext(i);
  }

  BenchLimits limits_;
  std::vector<std::unique_ptr<VirtualBrowser>> clients_;
  http::MultiDriver driver_;
  int checkEvery_;
  bool newBrowserPerRun_;
  std::vector<std::uint64_t> runs_;     // measured runs started, per browser
  std::vector<std::uint64_t> warmups_;  // warm-up runs started, per browser
  bool warming_ = false;
  BenchResult result_;
  Clock::time_point start_;
  Clock::time_point lastEnd_;
  std::optional<Clock::time_point> deadline_;
  long started_ = 0;
};

}  // namespace

double BenchResult::authenticatedPerSecond() const {
  const double seconds = std::chrono::duration<double>(elapsed).count();
  return seconds > 0 ? static_cast<double>(stats.authenticated()) / seconds : 0.0;
}

BenchResult runBench(const Workload& workload, const BenchLimits& limits,
                     const std::function<void(const BenchProgress&)>& progress) {
  Engine engine(workload, limits);
  return engine.run(progress);
}

}  // namespace authreplay::bench

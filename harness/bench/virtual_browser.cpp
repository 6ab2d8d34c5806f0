#include "bench/virtual_browser.h"

#include <stdexcept>

#include "browser/browser_catalogue.h"
#include "browser/step_request.h"
#include "expect/step_checks.h"

namespace authreplay::bench {

namespace {

// The bench reads substatus from the detailed error page only: correlating W3C log lines for
// thousands of runs a second is not what a benchmark should spend its time on.
scenario::SubstatusSettings errorPageOnly() {
  scenario::SubstatusSettings settings;
  settings.source = scenario::SubstatusSource::kErrorPage;
  return settings;
}

std::string describeFailure(std::size_t step, const expect::CheckResult& check) {
  std::string out = "step " + std::to_string(step + 1);
  if (check.leg > 0)
    out += " leg " + std::to_string(check.leg);
  out += " " + check.subject + ": expected " + check.expected + ", got " + check.actual;
  if (!check.note.empty())
    out += " (" + check.note + ")";
  return out;
}

}  // namespace

VirtualBrowser::VirtualBrowser(const Workload& workload)
    : workload_(workload), substatus_(errorPageOnly()) {
  const auto& scenario = workload.scenario;
  for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
    const auto* step = std::get_if<scenario::RequestStep>(&scenario.steps[i].action);
    if (step == nullptr) {
      throw std::invalid_argument("step " + std::to_string(i + 1) +
                                  " recycles an application pool: the bench replays requests only");
    }
    auto built = browser::requestForStep(step->request, scenario.client, workload.target,
                                         workload.proxyCredentials);
    if (!built.error.empty())
      throw std::invalid_argument("step " + std::to_string(i + 1) + ": " + built.error);
    stepRequests_.push_back(std::move(built.request));
  }
  if (stepRequests_.empty())
    throw std::invalid_argument("the scenario has no step");
}

std::string VirtualBrowser::stepLabel() const {
  if (workload_.scenario.steps.size() == 1)
    return "";
  const auto& name = workload_.scenario.steps[step_].name;
  return name.empty() ? "step " + std::to_string(step_ + 1) : name;
}

std::optional<http::TransferRequest> VirtualBrowser::begin(bool check) {
  record_.begin(std::chrono::steady_clock::now());
  verdict_.reset();
  checking_ = check;
  if (checking_)
    verdict_ = RunVerdict{};
  previousLeg_.reset();
  step_ = 0;
  if (!profile_ || !workload_.repeatedRequest)
    profile_ = browser::makeProfile(workload_.scenario.client, workload_.credentials);
  return startStep();
}

std::optional<http::TransferRequest> VirtualBrowser::startStep() {
  stepLegs_.clear();
  return decide(profile_->begin(stepRequests_[step_]));
}

std::optional<http::TransferRequest> VirtualBrowser::decide(browser::Decision decision) {
  if (auto* leg = std::get_if<http::TransferRequest>(&decision))
    return std::move(*leg);
  if (const auto* failed = std::get_if<browser::StepFailed>(&decision)) {
    record_.fail("client: " + failed->message);
    return std::nullopt;
  }
  // The step is done.
  if (checking_)
    judgeStep();
  if (++step_ < stepRequests_.size())
    return startStep();
  record_.finish(workload_.repeatedRequest);
  return std::nullopt;
}

std::optional<http::TransferRequest> VirtualBrowser::onTransfer(http::TransferResult&& result) {
  record_.addTransfer(result, stepLabel());
  if (result.error || result.exchanges.empty()) {
    profile_->onTransferFailed();
    record_.fail(result.error ? "transport: " + result.error->summary
                              : std::string("transport: no response"));
    return std::nullopt;
  }
  auto outcome = browser::outcomeOf(result.exchanges);
  if (checking_) {
    for (auto& exchange : result.exchanges)
      stepLegs_.push_back(std::move(exchange));
  }
  return decide(profile_->onLeg(outcome));
}

void VirtualBrowser::judgeStep() {
  const auto& step = std::get<scenario::RequestStep>(workload_.scenario.steps[step_].action);
  std::vector<expect::LegObservation> legs;
  for (auto& exchange : stepLegs_)
    legs.push_back(expect::observe(std::move(exchange)));
  stepLegs_.clear();
  std::vector<expect::CheckResult> checks;
  try {
    substatus_.resolve(legs, "", step.request.method, step.request.path);
    checks = expect::checkStep(step.expect, legs, previousLeg_ ? &*previousLeg_ : nullptr);
  } catch (const std::exception& e) {
    // A failed judgement of this run, not the end of the bench (issue 12: an error page's parser
    // threw and `authreplay bench` died with it).
    verdict_->passed = false;
    verdict_->firstFailure = "internal error: " + std::string(e.what());
    return;
  }
  for (const auto& check : checks) {
    if (!check.passed && verdict_->passed) {
      verdict_->passed = false;
      verdict_->firstFailure = describeFailure(step_, check);
    }
  }
  if (!legs.empty())
    previousLeg_ = legs.back();
}

}  // namespace authreplay::bench

#include "run/step_driver.h"

#include "browser/step_request.h"

namespace authreplay::run {

http::TransferResult driveStep(browser::Profile& profile, http::Transport& transport,
                               const http::TransferRequest& step,
                               const std::string& transferParameter) {
  http::TransferResult result;
  auto fail = [&result](std::string message) {
    result.error = http::TransferError{http::TransferError::Kind::kOther, 0, std::move(message),
                                       "the browser profile stopped"};
  };
  browser::Decision decision = profile.begin(step);
  int transfers = 0;
  while (auto* leg = std::get_if<http::TransferRequest>(&decision)) {
    if (!transferParameter.empty()) {
      leg->url =
          browser::withQueryParameter(leg->url, transferParameter, std::to_string(++transfers));
    }
    auto sent = transport.perform(*leg);
    const auto firstOfTransfer = result.exchanges.size();
    for (auto& exchange : sent.exchanges)
      result.exchanges.push_back(std::move(exchange));
    if (sent.error) {
      profile.onTransferFailed();
      result.error = std::move(sent.error);
      return result;
    }
    if (result.exchanges.empty()) {
      profile.onTransferFailed();
      fail("the transfer recorded no leg");
      return result;
    }
    decision =
        profile.onLeg(browser::outcomeOf(std::span(result.exchanges).subspan(firstOfTransfer)));
  }
  if (const auto* failed = std::get_if<browser::StepFailed>(&decision))
    fail(failed->message);
  return result;
}

}  // namespace authreplay::run

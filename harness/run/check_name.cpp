#include "run/check_name.h"

#include <charconv>
#include <vector>

#include "text/ascii.h"

namespace authreplay::run {

namespace {

// A positive decimal number of at most 6 digits (no scenario has a million steps or legs).
std::optional<int> positive(std::string_view word) {
  if (word.empty() || word.size() > 6)
    return std::nullopt;
  int value = 0;
  const auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || ptr != word.data() + word.size() || value <= 0)
    return std::nullopt;
  return value;
}

}  // namespace

bool CheckName::names(int stepIndex, const expect::CheckResult& check) const {
  return step == stepIndex && leg == check.leg && subject == check.subject;
}

std::string CheckName::toString() const {
  std::string out = "step " + std::to_string(step);
  if (leg > 0)
    out += " leg " + std::to_string(leg);
  return out + " " + subject;
}

CheckName checkNameOf(int stepIndex, const expect::CheckResult& check) {
  return CheckName{stepIndex, check.leg, check.subject};
}

std::optional<CheckName> parseCheckName(std::string_view notation) {
  const auto w = text::splitSpaces(notation);
  if (w.size() < 3 || w[0] != "step")
    return std::nullopt;
  CheckName name;
  const auto step = positive(w[1]);
  if (!step)
    return std::nullopt;
  name.step = *step;
  std::size_t next = 2;
  if (w[next] == "leg") {
    const auto leg = next + 1 < w.size() ? positive(w[next + 1]) : std::nullopt;
    if (!leg)
      return std::nullopt;
    name.leg = *leg;
    next += 2;
  }
  if (next >= w.size())
    return std::nullopt;
  for (std::size_t i = next; i < w.size(); ++i) {
    // "status of leg 3" is the console's title of a check, not this notation: refused rather
    // than kept as a subject no check has.
    if (w[i] == "of" && i + 1 < w.size() && w[i + 1] == "leg")
      return std::nullopt;
    name.subject += (i == next ? "" : " ") + w[i];
  }
  return name;
}

std::optional<FirstFailure> firstFailure(const ScenarioResult& scenario) {
  for (const auto& step : scenario.steps) {
    for (const auto& check : step.checks) {
      if (!check.passed)
        return FirstFailure{&step, &check};
    }
  }
  return std::nullopt;
}

}  // namespace authreplay::run

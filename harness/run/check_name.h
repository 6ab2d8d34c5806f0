// A name for one expectation of a scenario, built from its CheckResult: "step 2 leg 1 substatus",
// "step 1 number of legs" (a step's own check has no leg), "step 3 leg 2 header Server". A
// baseline entry names the check it expects to fail in this notation (docs/scenario-format.md
// "The baseline file"); `authreplay baseline write` writes it, so users copy it, not invent it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "expect/check_result.h"
#include "run/results.h"

namespace authreplay::run {

struct CheckName {
  int step = 0;         // 1-based
  int leg = 0;          // 1-based; 0 for the step's own checks (number of legs, user)
  std::string subject;  // CheckResult::subject: "status", "substatus", "header Server", ...

  bool names(int stepIndex, const expect::CheckResult& check) const;
  std::string toString() const;
  bool operator==(const CheckName&) const = default;
};

CheckName checkNameOf(int stepIndex, const expect::CheckResult& check);

// "step N [leg M] SUBJECT", words separated by spaces; nullopt when NOTATION is not of that form.
std::optional<CheckName> parseCheckName(std::string_view notation);

// Where a failed scenario failed first: its first step with a failing check, and that check.
struct FirstFailure {
  const StepResult* step = nullptr;
  const expect::CheckResult* check = nullptr;
};
std::optional<FirstFailure> firstFailure(const ScenarioResult& scenario);

}  // namespace authreplay::run

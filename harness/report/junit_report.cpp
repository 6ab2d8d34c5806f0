#include "report/junit_report.h"

#include <cstdio>
#include <ctime>

#include "report/iso_time.h"
#include "report/text_format.h"
#include "text/markup_escape.h"

namespace authreplay::report {

namespace {

std::string seconds(std::chrono::microseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(duration.count()) / 1e6);
  return buffer;
}

// "basics.ntlm-handshake" -> "basics": CI servers group test cases by class name.
std::string className(const std::string& id) {
  const auto dot = id.find('.');
  return dot == std::string::npos ? "authreplay" : id.substr(0, dot);
}

std::string details(const run::ScenarioResult& scenario) {
  std::string text;
  for (const auto& step : scenario.steps) {
    text += "step " + std::to_string(step.index) + "  " + step.method + " " + step.url + "\n";
    if (!step.legs.empty())
      text += legTable(step, "  ");
    if (step.error)
      text += "error: " + *step.error + "\n";
    for (const auto& note : step.browserNotes)
      text += "note: " + note + "\n";
    for (const auto& check : step.checks) {
      if (!check.passed)
        text += failureText(check, "");
    }
  }
  return text;
}

// A listed scenario's baseline entry, for the failure text: "baseline: NOTE (file:line:col)".
std::string baselineLine(const run::ScenarioResult& scenario) {
  if (!scenario.baseline || scenario.baseline->note.empty())
    return "";
  return "baseline: " + scenario.baseline->note + " (" + scenario.baseline->entry.location() +
         ")\n";
}

}  // namespace

void writeJunitReport(const run::RunResult& result, std::ostream& out) {
  // By verdict (run/verdict.h): an expected failure is counted skipped, a fixed scenario under
  // --strict-baseline a failure.
  const bool strict = result.baseline && result.baseline->strict;
  const auto tests = std::to_string(result.scenarios.size());
  const auto failures = std::to_string(result.count(run::Verdict::kFailed) +
                                       (strict ? result.count(run::Verdict::kFixed) : 0));
  const auto errors = std::to_string(result.count(run::Verdict::kCouldNotRun));
  const auto skipped = std::to_string(result.count(run::Verdict::kSkipped) +
                                      result.count(run::Verdict::kNotApplicable) +
                                      result.count(run::Verdict::kExpectedFailure));
  const auto name = text::escapeMarkup(
      result.targetName.empty() ? "authreplay" : "authreplay " + result.targetName);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << name << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"" << seconds(result.duration) << "\">\n";
  out << "  <testsuite name=\"" << name << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\""
      << seconds(result.duration) << "\" timestamp=\"" << isoTimeSeconds(result.started) << "\">\n";
  for (const auto& scenario : result.scenarios) {
    out << "    <testcase classname=\"" << text::escapeMarkup(className(scenario.id))
        << "\" name=\"" << text::escapeMarkup(scenario.id) << "\" file=\""
        << text::escapeMarkup(scenario.file) << "\" time=\"" << seconds(scenario.duration) << "\"";
    const auto verdict = scenario.verdict();
    // What the scenario is about (its description and source), in <system-out>, which CI test
    // views (Jenkins, GitLab, Azure DevOps) show beside the result; after any verdict text.
    std::string output;
    if (!scenario.description.empty())
      output += scenario.description + "\n";
    if (!scenario.source.empty())
      output += "source: " + scenario.source + "\n";
    if (verdict == run::Verdict::kPassed && output.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    switch (verdict) {
      case run::Verdict::kPassed:
        break;
      case run::Verdict::kSkipped:
        // JUnit's <skipped message="..."/> (the Ant/Surefire schema); CI test views show it.
        out << "      <skipped message=\"" << text::escapeMarkup(scenario.skipReason) << "\"/>\n";
        break;
      case run::Verdict::kNotApplicable:
        out << "      <skipped type=\"not applicable\" message=\""
            << text::escapeMarkup("not applicable: " + scenario.notApplicableReason) << "\"/>\n";
        break;
      case run::Verdict::kExpectedFailure:
        // Neither a pass nor a failure, as pytest reports an xfail to JUnit: skipped, with why;
        // what failed goes to the test case's output, where CI test views show it beside.
        out << "      <skipped message=\""
            << text::escapeMarkup("expected failure: " + scenario.baseline->reason) << "\"/>\n";
        output = firstFailureText(scenario) + "\n" + details(scenario) +
                 (output.empty() ? "" : "\n" + output);
        break;
      case run::Verdict::kFixed: {
        const std::string message = "fixed: listed in the baseline (" +
                                    scenario.baseline->entry.location() +
                                    ") as an expected failure, but passed; remove it from the "
                                    "baseline";
        if (strict)
          out << "      <failure type=\"fixed\" message=\"" << text::escapeMarkup(message)
              << "\"/>\n";
        else
          output = message + (output.empty() ? "" : "\n" + output);
        break;
      }
      case run::Verdict::kFailed:
        out << "      <failure type=\"expectation\" message=\""
            << text::escapeMarkup(firstFailureText(scenario)) << "\">"
            << text::escapeMarkup(details(scenario) + baselineLine(scenario)) << "</failure>\n";
        break;
      case run::Verdict::kCouldNotRun:
        out << "      <error type=\"could not run\" message=\""
            << text::escapeMarkup(scenario.error) << "\">"
            << text::escapeMarkup(details(scenario) + baselineLine(scenario)) << "</error>\n";
        break;
    }
    if (!output.empty())
      out << "      <system-out>" << text::escapeMarkup(output) << "</system-out>\n";
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace authreplay::report

#include "report/junit_report.h"

#include <cstdio>
#include <ctime>

#include "report/text_format.h"
#include "text/markup_escape.h"

namespace authreplay::report {

namespace {

std::string seconds(std::chrono::microseconds duration) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(duration.count()) / 1e6);
  return buffer;
}

std::string isoTime(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
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
    for (const auto& check : step.checks) {
      if (!check.passed)
        text += failureText(check, "");
    }
  }
  return text;
}

std::string firstFailure(const run::ScenarioResult& scenario) {
  for (const auto& step : scenario.steps) {
    for (const auto& check : step.checks) {
      if (!check.passed) {
        return "step " + std::to_string(step.index) + ": " + checkTitle(check) + ": expected " +
               check.expected + ", actual " + check.actual;
      }
    }
  }
  return "failed";
}

}  // namespace

void writeJunitReport(const run::RunResult& result, std::ostream& out) {
  const auto tests = std::to_string(result.scenarios.size());
  const auto failures = std::to_string(result.count(run::Outcome::kFailed));
  const auto errors = std::to_string(result.count(run::Outcome::kError));
  const auto skipped = std::to_string(result.count(run::Outcome::kSkipped));
  const auto name = text::escapeMarkup(
      result.targetName.empty() ? "authreplay" : "authreplay " + result.targetName);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"" << name << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" time=\"" << seconds(result.duration) << "\">\n";
  out << "  <testsuite name=\"" << name << "\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\" time=\""
      << seconds(result.duration) << "\" timestamp=\"" << isoTime(result.started) << "\">\n";
  for (const auto& scenario : result.scenarios) {
    out << "    <testcase classname=\"" << text::escapeMarkup(className(scenario.id))
        << "\" name=\"" << text::escapeMarkup(scenario.id) << "\" file=\""
        << text::escapeMarkup(scenario.file) << "\" time=\"" << seconds(scenario.duration) << "\"";
    if (scenario.outcome == run::Outcome::kPassed) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (scenario.outcome == run::Outcome::kSkipped) {
      // JUnit's <skipped message="..."/> (the Ant/Surefire schema); CI test views show the message.
      out << "      <skipped message=\"" << text::escapeMarkup(scenario.skipReason) << "\"/>\n";
    } else if (scenario.outcome == run::Outcome::kFailed) {
      out << "      <failure type=\"expectation\" message=\""
          << text::escapeMarkup(firstFailure(scenario)) << "\">"
          << text::escapeMarkup(details(scenario)) << "</failure>\n";
    } else {
      out << "      <error type=\"could not run\" message=\"" << text::escapeMarkup(scenario.error)
          << "\">" << text::escapeMarkup(details(scenario)) << "</error>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace authreplay::report

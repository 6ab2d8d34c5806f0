#include "report/text_format.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "run/check_name.h"

namespace authreplay::report {

namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width)
    text.append(width - text.size(), ' ');
  return text;
}

std::string joinOffers(const std::vector<std::string>& offers) {
  if (offers.empty())
    return "-";
  std::string out;
  for (std::size_t i = 0; i < offers.size(); ++i)
    out += (i ? "," : "") + offers[i];
  return out;
}

std::string connectionText(const http::ConnectionUse& connection) {
  if (connection.id < 0)
    return "-";
  return "#" + std::to_string(connection.id) + (connection.opened ? " new" : " reused") +
         (connection.localPort ? " :" + std::to_string(connection.localPort) : "");
}

}  // namespace

std::string legTable(const run::StepResult& step, const std::string& indent) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"leg", "request", "status", "offers", "sent", "length", "connection"});
  int n = 0;
  for (const auto& leg : step.legs) {
    const auto& request = leg.exchange.request;
    rows.push_back({std::to_string(++n), request.method + " " + request.target,
                    expect::statusLabel(leg), joinOffers(leg.offers), leg.authorization.toString(),
                    std::to_string(leg.contentLength), connectionText(leg.exchange.connection)});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : pad(row[i], widths[i] + 2);
    }
    out += line + "\n";
  }
  return out;
}

std::string legHeaders(const run::StepResult& step, const std::string& indent,
                       TokenDisplay display) {
  std::string out;
  int n = 0;
  for (const auto& leg : step.legs) {
    const auto& request = leg.exchange.request;
    const auto& response = leg.exchange.response;
    out += indent + "leg " + std::to_string(++n) + "\n";
    out += indent + "> " + request.method + " " + request.target + " " + request.httpVersion + "\n";
    for (const auto& header : request.headers) {
      out += indent + "> " + header.name + ": " +
             displayHeaderValue(header.name, header.value, display) + "\n";
    }
    if (!request.body.empty()) {
      out += indent + "> (" + std::to_string(request.body.size()) + " bytes of body)\n";
    }
    if (response.status == 0) {
      out +=
          indent + (response.streamReset.empty() ? "< (no response)\n"
                                                 : "< RST_STREAM(" + response.streamReset + ")\n");
      continue;
    }
    for (const int interim : response.interimStatuses) {
      out += indent + "< " + response.httpVersion + " " + std::to_string(interim) + "\n";
    }
    out += indent + "< " + response.httpVersion + " " + std::to_string(response.status) + " " +
           response.reason + "\n";
    for (const auto& header : response.headers) {
      out += indent + "< " + header.name + ": " +
             displayHeaderValue(header.name, header.value, display) + "\n";
    }
    out += indent + "< (" + std::to_string(response.body.size()) + " bytes of body)\n";
  }
  return out;
}

std::string checkTitle(const expect::CheckResult& check) {
  if (check.leg == 0)
    return check.subject;
  return check.subject + " of leg " + std::to_string(check.leg);
}

std::string failureText(const expect::CheckResult& check, const std::string& indent) {
  std::string out = indent + "error: " + checkTitle(check) + "\n";
  const auto& where = check.where;
  if (where.known()) {
    const auto number = std::to_string(where.line);
    const std::string gutter(number.size(), ' ');
    out += indent + "  --> " + where.location() + "\n";
    out += indent + "   " + gutter + " |\n";
    const auto shown = where.excerpt();
    out += indent + "   " + number + " | " + shown.text + "\n";
    out += indent + "   " + gutter + " | " + std::string(shown.caretColumn - 1, ' ') + "^\n";
  }
  out += indent + "  actual:   " + check.actual + "\n";
  out += indent + "  expected: " + check.expected + "\n";
  if (!check.note.empty())
    out += indent + "  note:     " + check.note + "\n";
  return out;
}

std::string countsText(const run::RunResult& result) {
  const auto n = result.scenarios.size();
  const auto count = [&](run::Verdict v) { return std::to_string(result.count(v)); };
  std::string out = std::to_string(n) + " scenario" + (n == 1 ? "" : "s") + ": " +
                    count(run::Verdict::kPassed) + " passed, " + count(run::Verdict::kFailed) +
                    " failed, ";
  if (result.baseline) {
    const auto expected = result.count(run::Verdict::kExpectedFailure);
    out += std::to_string(expected) + " expected failure" + (expected == 1 ? "" : "s") + ", " +
           count(run::Verdict::kFixed) + " fixed, ";
  }
  out += count(run::Verdict::kCouldNotRun) + " could not run, " + count(run::Verdict::kSkipped) +
         " skipped";
  // Only when there are any: most runs' summary keeps its shape.
  if (result.count(run::Verdict::kNotApplicable) > 0)
    out += ", " + count(run::Verdict::kNotApplicable) + " not applicable";
  return out;
}

bool gateFailed(const run::RunResult& result) {
  return result.count(run::Verdict::kFailed) > 0 ||
         (result.baseline && result.baseline->strict && result.count(run::Verdict::kFixed) > 0);
}

std::string firstFailureText(const run::ScenarioResult& scenario) {
  const auto first = run::firstFailure(scenario);
  if (!first)
    return "failed";
  const auto& check = *first->check;
  return "step " + std::to_string(first->step->index) + ": " + checkTitle(check) + ": expected " +
         check.expected + ", actual " + check.actual;
}

std::string formatDuration(std::chrono::microseconds duration) {
  const auto us = duration.count();
  char buffer[32];
  if (us < 1000000) {
    std::snprintf(buffer, sizeof buffer, "%lld ms", static_cast<long long>((us + 500) / 1000));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f s", static_cast<double>(us) / 1e6);
  }
  return buffer;
}

}  // namespace authreplay::report

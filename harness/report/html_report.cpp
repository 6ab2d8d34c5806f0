#include "report/html_report.h"

#include <algorithm>
#include <ctime>

#include "report/html_leg_evidence.h"
#include "report/html_sequence_diagram.h"
#include "report/text_format.h"
#include "text/markup_escape.h"

namespace authreplay::report {

namespace {

// The whole style sheet. Colours: green passed, red failed, amber could not run, grey skipped
// (nothing was sent), purple an expected failure and blue fixed (a baseline's verdicts); in
// diagrams a 401/407 is purple (an expected step of every handshake, not an error by itself).
constexpr const char* kStyle = R"css(
:root { --pass: #1a7f37; --fail: #cf222e; --error: #9a6700; --ink: #1f2328; --muted: #59636e;
        --line: #d0d7de; --bg: #f6f8fa; --skip: #6e7781; --xfail: #8250df; --fixed: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
header { padding: 18px 32px 14px; border-bottom: 1px solid var(--line); background: var(--bg); }
h1 { margin: 0 0 2px; font-size: 21px; }
.meta { color: var(--muted); margin: 0 0 8px; }
.verdict { margin: 0; font-size: 16px; font-weight: 600; }
main { padding: 12px 32px 40px; max-width: 1120px; }
code, .id, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.badge { display: inline-block; min-width: 52px; padding: 1px 8px; border-radius: 10px;
         color: #fff; font-size: 12px; font-weight: 700; text-align: center; letter-spacing: .03em; }
.badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); }
.badge.error { background: var(--error); } .badge.skipped { background: var(--skip); }
.badge.xfail { background: var(--xfail); } .badge.fixed { background: var(--fixed); }
table.summary { border-collapse: collapse; width: 100%; margin: 10px 0 6px; }
table.summary th, table.summary td { text-align: left; padding: 5px 10px; vertical-align: top;
                                     border-bottom: 1px solid var(--line); }
table.summary th { font-size: 12px; color: var(--muted); text-transform: uppercase; }
table.summary tr.failed td { background: #ffebe9; } table.summary tr.error td { background: #fff8c5; }
table.summary tr.skipped td { color: var(--muted); }
table.summary a { color: inherit; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.legend { color: var(--muted); font-size: 12px; margin: 0 0 22px; }
section.scenario { border: 1px solid var(--line); border-left: 6px solid var(--pass);
                   border-radius: 6px; margin: 0 0 22px; padding: 10px 16px 12px; }
section.scenario.failed { border-left-color: var(--fail); }
section.scenario.error { border-left-color: var(--error); }
section.scenario.skipped { border-left-color: var(--skip); }
section.scenario.xfail { border-left-color: var(--xfail); }
section.scenario.fixed { border-left-color: var(--fixed); }
.baseline { background: #fbefff; border: 1px solid #c297ff; border-radius: 4px; padding: 6px 10px;
            margin: 8px 0; } .baseline .where { color: var(--muted); font-size: 12px; }
.skip-reason { background: var(--bg); border: 1px solid var(--line); border-radius: 4px;
               padding: 6px 10px; margin: 8px 0; }
h2 { font-size: 16px; margin: 0; } h2 .id { margin-left: 6px; }
.title { margin: 2px 0 0; font-size: 15px; }
.description { margin: 4px 0 0; font-size: 13px; line-height: 1.4; max-width: 78em; }
.facts { color: var(--muted); font-size: 12px; margin: 2px 0 4px; }
.problem { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; padding: 6px 10px;
           margin: 8px 0; white-space: pre-wrap; }
.note { background: #ddf4ff; border: 1px solid #54aeff; border-radius: 4px; padding: 6px 10px;
        margin: 8px 0; }
.step h3 { font-size: 13px; font-weight: 600; margin: 14px 0 4px; }
.step h3 .time { color: var(--muted); font-weight: 400; }
svg.diagram { display: block; width: 100%; max-width: 960px; height: auto; margin: 2px 0; }
svg.diagram text { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
                   font-size: 12px; fill: var(--ink); paint-order: stroke; stroke: #fff;
                   stroke-width: 4px; stroke-linejoin: round; }
.who { fill: var(--bg); stroke: #8c959f; }
svg.diagram text.who-role { font-weight: 700; font-size: 13px; stroke: none; }
svg.diagram text.who-detail { fill: var(--muted); font-size: 11px; stroke: none; }
.lifeline { stroke: #8c959f; stroke-dasharray: 3 4; }
.msg { stroke: #424a53; stroke-width: 1.5; } .msg.reply { stroke-dasharray: 6 4; }
.msg.fail { stroke: var(--fail); stroke-width: 2.5; }
.head { fill: #424a53; } .head-fail { fill: var(--fail); }
svg.diagram text.req { font-weight: 700; }
svg.diagram text.req-detail, svg.diagram text.resp-detail { fill: var(--muted); }
svg.diagram text.resp { font-weight: 700; }
svg.diagram text.s2 { fill: var(--pass); } svg.diagram text.s3 { fill: #0969da; }
svg.diagram text.s401 { fill: #8250df; } svg.diagram text.s4 { fill: #bc4c00; }
svg.diagram text.fail, svg.diagram text.fail-text { fill: var(--fail); font-weight: 700; }
.legno { fill: #424a53; } .legno.fail { fill: var(--fail); }
svg.diagram text.legno-text { fill: #fff; stroke: none; font-weight: 700; font-size: 11px; }
.conn { fill: #fff; stroke-width: 1.5; }
svg.diagram text.conn-id { font-weight: 700; stroke: none; }
svg.diagram text.conn-detail { fill: var(--muted); font-size: 11px; stroke: none; }
.c0 { stroke: #0969da; } .c1 { stroke: #bf3989; } .c2 { stroke: #1a7f37; }
.c3 { stroke: #bc4c00; } .c4 { stroke: #8250df; } .c5 { stroke: #1b7c83; } .cx { stroke: #8c959f; }
.failure { border-left: 4px solid var(--fail); background: #ffebe9; border-radius: 0 4px 4px 0;
           padding: 6px 12px; margin: 6px 0; }
.failure .what { font-weight: 700; color: var(--fail); }
.failure pre { margin: 4px 0; background: #fff; }
.failure table td, .failure table th { padding: 0 12px 0 0; text-align: left; vertical-align: top; }
.failure table th { font-weight: 600; color: var(--muted); }
pre { background: var(--bg); padding: 6px 8px; overflow-x: auto; font-size: 12px; margin: 4px 0; }
details.headers summary { cursor: pointer; color: var(--muted); font-size: 12px; }
details.evidence summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.evidence-leg { margin: 6px 0 10px 12px; font-size: 12px; }
.evidence-leg h4 { margin: 6px 0 2px; font-size: 12px; font-family: var(--mono, monospace); }
.evidence-leg .timings { margin: 0; color: var(--muted); }
.evidence-leg dl { margin: 2px 0 2px 12px; display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; }
.evidence-leg dt { color: var(--muted); }
.evidence-leg dd { margin: 0; word-break: break-word; }
.evidence-leg ul { margin: 0; padding-left: 16px; }
.evidence-leg pre { max-height: 16em; overflow: auto; }
)css";

// By verdict (run/verdict.h): with a baseline, an expected failure and a fixed scenario have badges
// of their own.
const char* verdictClass(run::Verdict verdict) {
  switch (verdict) {
    case run::Verdict::kPassed:
      return "passed";
    case run::Verdict::kFailed:
      return "failed";
    case run::Verdict::kCouldNotRun:
      return "error";
    case run::Verdict::kSkipped:
    case run::Verdict::kNotApplicable:
      return "skipped";
    case run::Verdict::kExpectedFailure:
      return "xfail";
    case run::Verdict::kFixed:
      return "fixed";
  }
  return "error";
}

const char* verdictLabel(run::Verdict verdict) {
  switch (verdict) {
    case run::Verdict::kPassed:
      return "PASS";
    case run::Verdict::kFailed:
      return "FAIL";
    case run::Verdict::kCouldNotRun:
      return "ERROR";
    case run::Verdict::kSkipped:
      return "SKIP";
    case run::Verdict::kNotApplicable:
      return "N/A";
    case run::Verdict::kExpectedFailure:
      return "XFAIL";
    case run::Verdict::kFixed:
      return "FIXED";
  }
  return "ERROR";
}

std::string badge(run::Verdict verdict) {
  return std::string("<span class=\"badge ") + verdictClass(verdict) + "\">" +
         verdictLabel(verdict) + "</span>";
}

std::string utcTime(std::chrono::system_clock::time_point at) {
  const std::time_t t = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[40];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer;
}

std::size_t legCount(const run::ScenarioResult& scenario) {
  std::size_t n = 0;
  for (const auto& step : scenario.steps)
    n += step.legs.size();
  return n;
}

// Scenario ids are [A-Za-z0-9._-] (the loader enforces it), so they are valid fragment ids.
std::string anchor(const run::ScenarioResult& scenario) {
  return "s-" + text::escapeMarkup(scenario.id);
}

void writeHead(const run::RunResult& result, std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // Nothing on this page may load or run anything: it is read offline and from CI artifacts.
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n"
      << "<title>authreplay: " << text::escapeMarkup(countsText(result))
      << (result.targetName.empty() ? "" : " \u2014 " + text::escapeMarkup(result.targetName))
      << "</title>\n<style>" << kStyle << "</style>\n</head>\n";
}

void writeHeader(const run::RunResult& result, std::ostream& out) {
  out << "<header>\n<h1>authreplay report</h1>\n<p class=\"meta\">target <b>"
      << text::escapeMarkup(result.targetName.empty() ? "(unnamed)" : result.targetName)
      << "</b> \u00b7 started " << utcTime(result.started) << " \u00b7 took "
      << formatDuration(result.duration);
  if (result.baseline) {
    out << " \u00b7 baseline <code>" << text::escapeMarkup(result.baseline->file) << "</code>"
        << (result.baseline->strict ? " (strict)" : "");
  }
  out << "</p>\n";
  if (result.baseline) {
    for (const auto& stale : result.baseline->staleEntries)
      out << "<p class=\"meta\">warning: " << text::escapeMarkup(stale) << "</p>\n";
  }
  out << "<p class=\"verdict\">";
  if (result.count(run::Verdict::kCouldNotRun) > 0)
    out << badge(run::Verdict::kCouldNotRun) << " ";
  else if (gateFailed(result))
    out << badge(run::Verdict::kFailed) << " ";
  else
    out << badge(run::Verdict::kPassed) << " ";
  out << text::escapeMarkup(countsText(result)) << "</p>\n</header>\n";
}

void writeSummary(const run::RunResult& result, std::ostream& out) {
  out << "<table class=\"summary\">\n<thead><tr><th>scenario</th><th>title</th><th>result</th>"
         "<th class=\"num\">legs</th><th class=\"num\">time</th></tr></thead>\n<tbody>\n";
  for (const auto& scenario : result.scenarios) {
    out << "<tr class=\"" << verdictClass(scenario.verdict()) << "\"><td class=\"id\"><a href=\"#"
        << anchor(scenario) << "\">" << text::escapeMarkup(scenario.id) << "</a></td><td>"
        << text::escapeMarkup(scenario.title) << "</td><td>" << badge(scenario.verdict())
        << "</td><td class=\"num\">" << legCount(scenario) << "</td><td class=\"num\">"
        << formatDuration(scenario.duration) << "</td></tr>\n";
  }
  out << "</tbody>\n</table>\n"
      << "<p class=\"legend\">In the diagrams: a solid arrow is a request, a dashed one its "
         "response; <code>NTLM/1</code> is the Authorization sent (scheme and NTLM message type); "
         "<code>conn #N</code> is the TCP connection, <i>new</i> or <i>reused</i>, with the "
         "client's port. Red marks a leg whose expectation failed.</p>\n";
}

void writeFailure(const expect::CheckResult& check, std::ostream& out) {
  out << "<div class=\"failure\"><div class=\"what\">\u2717 "
      << text::escapeMarkup(checkTitle(check)) << "</div>";
  const auto& where = check.where;
  if (where.known()) {
    const auto number = std::to_string(where.line);
    const std::string gutter(number.size(), ' ');
    const auto shown = where.excerpt();
    out << "<pre>--&gt; " << text::escapeMarkup(where.location()) << "\n"
        << number << " | " << text::escapeMarkup(shown.text) << "\n"
        << gutter << " | " << std::string(shown.caretColumn - 1, ' ') << "^</pre>";
  }
  out << "<table><tr><th>actual</th><td><code>" << text::escapeMarkup(check.actual)
      << "</code></td></tr><tr><th>expected</th><td><code>" << text::escapeMarkup(check.expected)
      << "</code></td></tr>";
  if (!check.note.empty())
    out << "<tr><th>note</th><td>" << text::escapeMarkup(check.note) << "</td></tr>";
  out << "</table></div>\n";
}

void writeStep(const run::StepResult& step, const std::string& browser, TokenDisplay display,
               std::ostream& out) {
  out << "<div class=\"step\"><h3>step " << step.index;
  if (!step.name.empty())
    out << " (" << text::escapeMarkup(step.name) << ")";
  out << " \u00b7 ";
  if (step.kind == "recycle")
    out << "recycle " << text::escapeMarkup(step.url);  // an app-pool recycle: no legs to draw
  else
    out << text::escapeMarkup(step.method) << " " << text::escapeMarkup(step.url);
  out << " <span class=\"time\">" << formatDuration(step.duration) << "</span></h3>\n";
  out << htmlSequenceDiagram(step, browser) << "\n";
  if (step.error)
    out << "<div class=\"problem\"><b>could not run:</b> " << text::escapeMarkup(*step.error)
        << "</div>\n";
  for (const auto& note : step.browserNotes)
    out << "<div class=\"note\"><b>browser:</b> " << text::escapeMarkup(note) << "</div>\n";
  for (const auto& check : step.checks) {
    if (!check.passed)
      writeFailure(check, out);
  }
  if (!step.legs.empty()) {
    out << "<details class=\"headers\"><summary>request and response headers</summary><pre>"
        << text::escapeMarkup(legHeaders(step, "", display)) << "</pre></details>\n";
    writeLegEvidence(step, out);
  }
  out << "</div>\n";
}

// What the baseline says of a listed scenario: the accepted reason, fixed, or why it is not
// excused.
void writeBaseline(const run::ScenarioResult& scenario, std::ostream& out) {
  if (!scenario.baseline)
    return;
  const auto& b = *scenario.baseline;
  const auto where = text::escapeMarkup(b.entry.location());
  out << "<div class=\"baseline\">";
  switch (b.verdict) {
    case run::Verdict::kExpectedFailure:
      out << "<b>expected failure:</b> " << text::escapeMarkup(b.reason)
          << " <span class=\"where\">("
          << (b.check.empty() ? "" : "check " + text::escapeMarkup(b.check) + ", ") << "baseline "
          << where << ")</span>";
      break;
    case run::Verdict::kFixed:
      out << "<b>fixed</b> (remove it from the baseline) <span class=\"where\">(" << where
          << ")</span>";
      break;
    default:
      out << "<b>baseline:</b> " << text::escapeMarkup(b.note) << " <span class=\"where\">("
          << where << ")</span>";
      break;
  }
  out << "</div>\n";
}

void writeScenario(const run::ScenarioResult& scenario, TokenDisplay display, std::ostream& out) {
  out << "<section class=\"scenario " << verdictClass(scenario.verdict()) << "\" id=\""
      << anchor(scenario) << "\">\n<h2>" << badge(scenario.verdict()) << "<span class=\"id\">"
      << text::escapeMarkup(scenario.id) << "</span></h2>\n<p class=\"title\">"
      << text::escapeMarkup(scenario.title) << "</p>\n";
  if (!scenario.description.empty())
    out << "<p class=\"description\">" << text::escapeMarkup(scenario.description) << "</p>\n";
  out << "<p class=\"facts\">" << text::escapeMarkup(scenario.file);
  if (!scenario.browser.empty())
    out << " \u00b7 browser " << text::escapeMarkup(scenario.browser);
  if (!scenario.tags.empty()) {
    std::string tags;
    for (const auto& tag : scenario.tags)
      tags += (tags.empty() ? "" : ", ") + tag;
    out << " \u00b7 tags " << text::escapeMarkup(tags);
  }
  out << " \u00b7 " << formatDuration(scenario.duration);
  if (!scenario.source.empty())
    out << "<br>source: " << text::escapeMarkup(scenario.source);
  out << "</p>\n";
  // The scenario's error is its first step's; shown here only when no step shows it.
  const bool stepShowsError = std::any_of(scenario.steps.begin(), scenario.steps.end(),
                                          [](const auto& step) { return step.error.has_value(); });
  if (scenario.outcome == run::Outcome::kError && !scenario.error.empty() && !stepShowsError)
    out << "<div class=\"problem\"><b>could not run:</b> " << text::escapeMarkup(scenario.error)
        << "</div>\n";
  if (scenario.outcome == run::Outcome::kSkipped)
    out << "<div class=\"skip-reason\"><b>skipped:</b> " << text::escapeMarkup(scenario.skipReason)
        << "</div>\n";
  if (scenario.outcome == run::Outcome::kNotApplicable)
    out << "<div class=\"skip-reason\"><b>not applicable:</b> "
        << text::escapeMarkup(scenario.notApplicableReason) << "</div>\n";
  writeBaseline(scenario, out);
  for (const auto& step : scenario.steps)
    writeStep(step, scenario.browser, display, out);
  out << "</section>\n";
}

}  // namespace

void writeHtmlReport(const run::RunResult& result, std::ostream& out, TokenDisplay display) {
  writeHead(result, out);
  out << "<body>\n" << htmlDiagramDefinitions();
  writeHeader(result, out);
  out << "<main>\n";
  writeSummary(result, out);
  for (const auto& scenario : result.scenarios)
    writeScenario(scenario, display, out);
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace authreplay::report

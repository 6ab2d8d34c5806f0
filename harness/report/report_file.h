// `--report FORMAT:FILE`: which file reports a run writes (junit, json, html, har).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/token_display.h"
#include "run/results.h"

namespace authreplay::report {

enum class ReportFormat { kJunit, kJson, kHtml, kHar };

struct ReportFile {
  ReportFormat format;
  std::string path;
};

// "junit:out/j.xml" -> {kJunit, "out/j.xml"}; nullopt for anything else.
std::optional<ReportFile> parseReportSpec(const std::string& spec);
const std::vector<std::string>& reportFormatNames();

// Writes the report; throws std::runtime_error naming the file when it cannot be written.
void writeReportFile(const ReportFile& file, const run::RunResult& result, TokenDisplay display);

}  // namespace authreplay::report

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

// Why FILE could not be written after the run, checked before it starts (a run of many minutes
// that could not keep its report is lost): its folder does not exist or is not writable, or the
// path is a folder or an existing file that is not writable. nullopt when it can. Writes nothing.
std::optional<std::string> unwritableReason(const ReportFile& file);

// Writes the report; throws std::runtime_error naming the file when it cannot be written.
void writeReportFile(const ReportFile& file, const run::RunResult& result, TokenDisplay display);

}  // namespace authreplay::report

#include "report/report_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "report/har_report.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit_report.h"

namespace authreplay::report {

const std::vector<std::string>& reportFormatNames() {
  static const std::vector<std::string> names = {"junit", "json", "html", "har"};
  return names;
}

std::optional<ReportFile> parseReportSpec(const std::string& spec) {
  const auto colon = spec.find(':');
  if (colon == std::string::npos || colon + 1 == spec.size())
    return std::nullopt;
  const auto format = spec.substr(0, colon);
  const auto path = spec.substr(colon + 1);
  if (format == "junit")
    return ReportFile{ReportFormat::kJunit, path};
  if (format == "json")
    return ReportFile{ReportFormat::kJson, path};
  if (format == "html")
    return ReportFile{ReportFormat::kHtml, path};
  if (format == "har")
    return ReportFile{ReportFormat::kHar, path};
  return std::nullopt;
}

std::optional<std::string> unwritableReason(const ReportFile& file) {
  namespace fs = std::filesystem;
  const fs::path path(file.path);
  std::error_code ec;
  if (fs::is_directory(path, ec))
    return "report " + file.path + " is a folder";
  if (fs::exists(path, ec)) {
    if (!fs::is_regular_file(path, ec))
      return "report " + file.path + " exists and is not a regular file";
    if (::access(path.c_str(), W_OK) != 0)
      return "report " + file.path + " is not writable: " + std::strerror(errno);
    return std::nullopt;
  }
  const auto folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    return "the folder of report " + file.path + " does not exist (" + folder.string() + ")";
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return "the folder of report " + file.path + " is not writable: " + std::strerror(errno);
  return std::nullopt;
}

void writeReportFile(const ReportFile& file, const run::RunResult& result, TokenDisplay display) {
  std::ofstream out(file.path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw std::runtime_error("cannot write report " + file.path);
  switch (file.format) {
    case ReportFormat::kJunit:
      writeJunitReport(result, out);
      break;
    case ReportFormat::kJson:
      writeJsonReport(result, out, display);
      break;
    case ReportFormat::kHtml:
      writeHtmlReport(result, out, display);
      break;
    case ReportFormat::kHar:
      writeHarReport(result, out, display);
      break;
  }
  out.flush();
  if (!out)
    throw std::runtime_error("cannot write report " + file.path);
}

}  // namespace authreplay::report

#include "expect/httperr_log.h"

#include "expect/w3c_extended_format.h"
#include "expect/w3c_log.h"

namespace authreplay::expect {

namespace {

std::string_view pathOf(std::string_view uri) {
  return uri.substr(0, uri.find('?'));
}

std::string_view queryOf(std::string_view uri) {
  const auto question = uri.find('?');
  return question == std::string_view::npos ? std::string_view() : uri.substr(question + 1);
}

bool carriesMarker(const HttpErrEntry& entry, const HttpErrLegKey& leg) {
  if (leg.markerParameter.empty() || leg.marker.empty() || entry.uri.empty())
    return false;
  return queryParameter(queryOf(entry.uri), leg.markerParameter) == leg.marker;
}

bool sameConnection(const HttpErrEntry& entry, const HttpErrLegKey& leg) {
  return !leg.viaProxy && entry.clientPort == leg.clientPort && entry.serverPort == leg.serverPort;
}

}  // namespace

const std::vector<std::string>& defaultHttpErrFields() {
  static const std::vector<std::string> fields = {
      "date",      "time",   "c-ip",      "c-port",   "s-ip",     "s-port",     "cs-version",
      "cs-method", "cs-uri", "sc-status", "s-siteid", "s-reason", "s-queuename"};
  return fields;
}

std::vector<HttpErrEntry> parseHttpErrLog(std::string_view text, std::vector<std::string>& fields) {
  if (fields.empty())
    fields = defaultHttpErrFields();
  std::vector<HttpErrEntry> out;
  forEachW3cRecord(text, fields, [&out](const auto& names, const auto& values) {
    HttpErrEntry entry;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto& field = names[i];
      const auto& value = values[i];
      if (field == "date")
        entry.date = value;
      else if (field == "time")
        entry.time = value;
      else if (field == "c-ip")
        entry.clientIp = w3cText(value);
      else if (field == "c-port")
        entry.clientPort = w3cNumber<int>(value);
      else if (field == "s-ip")
        entry.serverIp = w3cText(value);
      else if (field == "s-port")
        entry.serverPort = w3cNumber<int>(value);
      else if (field == "cs-version")
        entry.version = w3cText(value);
      else if (field == "cs-method")
        entry.method = w3cText(value);
      else if (field == "cs-uri")
        entry.uri = w3cText(value);
      else if (field == "sc-status")
        entry.status = w3cNumber<int>(value);
      else if (field == "s-siteid")
        entry.siteId = w3cNumber<std::int64_t>(value);
      else if (field == "s-reason")
        entry.reason = w3cText(value);
      else if (field == "s-queuename")
        entry.queueName = w3cText(value);
    }
    out.push_back(std::move(entry));
  });
  return out;
}

HttpErrLogReader::HttpErrLogReader(std::filesystem::path directory)
    : HttpErrLogReader(makeFolderLogSource(std::move(directory), {"httperr", ".log", "HTTPERR"})) {}

HttpErrLogReader::HttpErrLogReader(std::unique_ptr<LogSource> source)
    : ParsedLog(std::move(source), parseHttpErrLog) {}

std::optional<std::size_t> findHttpErrLine(const std::vector<HttpErrEntry>& entries,
                                           std::size_t from, const std::vector<bool>& taken,
                                           const HttpErrLegKey& leg) {
  const bool markers = !leg.markerParameter.empty() && !leg.marker.empty();
  for (std::size_t i = from; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (taken[i])
      continue;
    if (markers && carriesMarker(entry, leg) &&
        (leg.viaProxy || !entry.clientPort || entry.clientPort == leg.clientPort)) {
      return i;
    }
  }
  for (std::size_t i = from; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (taken[i] || !sameConnection(entry, leg))
      continue;
    if (entry.uri.empty() || (!markers && pathOf(entry.uri) == leg.stem))
      return i;
  }
  return std::nullopt;
}

}  // namespace authreplay::expect

#include "expect/w3c_log.h"

#include <algorithm>
#include <sstream>
#include <thread>

#include "expect/w3c_extended_format.h"

namespace authreplay::expect {

std::vector<W3cLogEntry> parseW3cLog(std::string_view text, std::vector<std::string>& fields) {
  std::vector<W3cLogEntry> out;
  forEachW3cRecord(text, fields, [&out](const auto& names, const auto& values) {
    W3cLogEntry entry;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto& field = names[i];
      const auto& value = values[i];
      if (field == "cs-method")
        entry.method = value;
      else if (field == "cs-uri-stem")
        entry.uriStem = value;
      else if (field == "cs-uri-query")
        entry.uriQuery = w3cText(value);
      else if (field == "cs-username")
        entry.username = w3cText(value);
      else if (field == "sc-status")
        entry.status = w3cNumber<int>(value).value_or(0);
      else if (field == "sc-substatus")
        entry.substatus = w3cNumber<int>(value);
      else if (field == "sc-win32-status")
        entry.win32Status = w3cNumber<std::uint32_t>(value);
    }
    out.push_back(std::move(entry));
  });
  return out;
}

std::optional<std::string_view> queryParameter(std::string_view query, std::string_view parameter) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    const auto end = std::min(query.find('&', pos), query.size());
    const auto pair = query.substr(pos, end - pos);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == parameter)
      return pair.substr(eq + 1);
    pos = end + 1;
  }
  return std::nullopt;
}

std::string transferParameter(std::string_view markerParameter) {
  return std::string(markerParameter) + "-transfer";
}

bool queryHasParameter(std::string_view query, std::string_view parameter, std::string_view value) {
  return queryParameter(query, parameter) == value;
}

W3cLogReader::W3cLogReader(std::filesystem::path directory)
    : W3cLogReader(makeFolderLogSource(std::move(directory), {"u_ex", ".log", "W3SVC"})) {}

W3cLogReader::W3cLogReader(std::unique_ptr<LogSource> source)
    : ParsedLog(std::move(source), parseW3cLog) {}

namespace {

template <typename Select>
std::vector<W3cLogEntry> poll(W3cLogReader& reader, std::size_t count,
                              std::chrono::milliseconds timeout, Select select) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    reader.refresh();
    auto found = select(reader.entries());
    if (found.size() >= count || std::chrono::steady_clock::now() >= deadline)
      return found;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

std::vector<W3cLogEntry> W3cLogReader::waitForMarked(std::string_view parameter,
                                                     std::string_view value, std::size_t count,
                                                     std::chrono::milliseconds timeout) {
  return poll(*this, count, timeout, [&](const std::vector<W3cLogEntry>& entries) {
    std::vector<W3cLogEntry> found;
    for (const auto& entry : entries) {
      if (queryHasParameter(entry.uriQuery, parameter, value))
        found.push_back(entry);
    }
    return found;
  });
}

std::vector<W3cLogEntry> W3cLogReader::waitForRequests(std::size_t from, std::string_view method,
                                                       std::string_view stem, std::size_t count,
                                                       std::chrono::milliseconds timeout) {
  return poll(*this, count, timeout, [&](const std::vector<W3cLogEntry>& entries) {
    std::vector<W3cLogEntry> found;
    for (std::size_t i = from; i < entries.size() && found.size() < count; ++i) {
      if (entries[i].method == method && entries[i].uriStem == stem)
        found.push_back(entries[i]);
    }
    return found;
  });
}

}  // namespace authreplay::expect

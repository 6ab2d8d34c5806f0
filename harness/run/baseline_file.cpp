#include "run/baseline_file.h"

#include <nlohmann/json.hpp>

#include "json/source_document.h"
#include "text/ascii.h"

namespace authreplay::run {

namespace {

using json::ObjectReader;
using json::SourceDocument;

scenario::SourceRef refOf(const SourceDocument& doc, const std::string& pointer) {
  const auto position = doc.valuePosition(pointer);
  return {doc.file(), position.line, position.column, doc.source()};
}

BaselineEntry entry(const SourceDocument& doc, const std::string& pointer) {
  ObjectReader reader(doc, pointer, "an expected failure");
  reader.allow("scenario");
  reader.allow("check");
  reader.allow("reason");
  reader.rejectUnknownKeys();
  BaselineEntry out;
  out.where = refOf(doc, pointer);
  out.scenario = reader.requiredString("scenario");
  if (out.scenario.empty())
    throw doc.errorAt(reader.pointerOf("scenario"), "\"scenario\" is empty: expected an id");
  if (reader.has("check")) {
    const auto text = reader.requiredString("check");
    out.check = parseCheckName(text);
    if (!out.check) {
      throw doc.errorAt(reader.pointerOf("check"),
                        "expected a check like \"step 2 leg 1 substatus\" or \"step 1 user\" "
                        "(step N, optionally leg M, then what is checked), got \"" +
                            text + "\"");
    }
  }
  out.reason = reader.requiredString("reason");
  if (text::trimWhitespace(out.reason).empty()) {
    throw doc.errorAt(reader.pointerOf("reason"),
                      "\"reason\" is blank: say why this failure is accepted");
  }
  return out;
}

Baseline fromDocument(const SourceDocument& doc) {
  ObjectReader top(doc, "", "the baseline file");
  top.allow("version");
  top.allow("expectedFailures");
  top.rejectUnknownKeys();
  const auto version = top.requiredInteger("version");
  if (version != kBaselineVersion) {
    throw doc.errorAt("/version", "unsupported baseline version " + std::to_string(version) +
                                      " (this authreplay reads version " +
                                      std::to_string(kBaselineVersion) + ")");
  }
  if (!top.has("expectedFailures"))
    throw doc.errorAt("", "missing required key \"expectedFailures\" in the baseline file");
  const auto& list = top.value("expectedFailures");
  if (!list.is_array()) {
    throw doc.errorAt(
        "/expectedFailures",
        std::string("expected an array for \"expectedFailures\", got ") + json::typeName(list));
  }
  Baseline baseline;
  baseline.file = doc.file();
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto pointer = json::childPointer("/expectedFailures", i);
    auto e = entry(doc, pointer);
    if (const auto* first = baseline.find(e.scenario)) {
      throw doc.errorAt(json::childPointer(pointer, "scenario"),
                        "scenario \"" + e.scenario + "\" is listed twice (first at " +
                            std::to_string(first->where.line) + ":" +
                            std::to_string(first->where.column) +
                            "); list it once, without \"check\" to accept any failure");
    }
    baseline.entries.push_back(std::move(e));
  }
  return baseline;
}

}  // namespace

const BaselineEntry* Baseline::find(const std::string& scenarioId) const {
  for (const auto& e : entries) {
    if (e.scenario == scenarioId)
      return &e;
  }
  return nullptr;
}

Baseline parseBaselineFile(std::string_view text, const std::string& fileName) {
  return fromDocument(SourceDocument::parse(text, fileName));
}

Baseline loadBaselineFile(const std::filesystem::path& path) {
  return fromDocument(SourceDocument::load(path));
}

std::string baselineFileText(const std::vector<BaselineEntry>& entries) {
  nlohmann::ordered_json out;
  out["version"] = kBaselineVersion;
  out["expectedFailures"] = nlohmann::ordered_json::array();
  for (const auto& e : entries) {
    nlohmann::ordered_json item;
    item["scenario"] = e.scenario;
    if (e.check)
      item["check"] = e.check->toString();
    item["reason"] = e.reason;
    out["expectedFailures"].push_back(std::move(item));
  }
  return out.dump(2) + "\n";
}

}  // namespace authreplay::run

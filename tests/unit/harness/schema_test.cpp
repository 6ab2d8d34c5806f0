// The JSON Schemas in docs/ document the formats for editors and other tools; they must stay in
// step with what the loaders accept.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "browser/browser_catalogue.h"
#include "scenario/httperr_reasons.h"
#include "scenario/scenario_loader.h"

namespace {

nlohmann::json readSchema(const std::string& name) {
  std::ifstream in(std::string(AUTHREPLAY_SOURCE_DIR) + "/docs/" + name);
  return nlohmann::json::parse(in);
}

TEST(Schemas, AreJsonSchema2020Documents) {
  for (const char* name : {"scenario.schema.json", "target.schema.json"}) {
    const auto schema = readSchema(name);
    EXPECT_EQ(schema.at("$schema"), "https://json-schema.org/draft/2020-12/schema") << name;
    EXPECT_EQ(schema.at("additionalProperties"), false)
        << name << " must be as strict as the loader";
  }
}

TEST(Schemas, ScenarioSchemaListsTheBrowsersTheLoaderAccepts) {
  const auto schema = readSchema("scenario.schema.json");
  const auto browsers = schema.at("$defs")
                            .at("client")
                            .at("properties")
                            .at("browser")
                            .at("enum")
                            .get<std::vector<std::string>>();
  EXPECT_EQ(browsers, authreplay::browser::catalogue().names());
  const auto top = schema.at("properties");
  for (const char* key : {"id", "title", "source", "description", "tags", "client", "steps"}) {
    EXPECT_TRUE(top.contains(key)) << key;
  }
}

TEST(Schemas, ScenarioSchemaListsTheHttpErrReasonsTheLoaderAccepts) {
  const auto reasons = readSchema("scenario.schema.json")
                           .at("$defs")
                           .at("responseExpect")
                           .at("httpErrReason")
                           .at("enum")
                           .get<std::vector<std::string>>();
  EXPECT_EQ(reasons, authreplay::scenario::httpErrReasons());
}

}  // namespace

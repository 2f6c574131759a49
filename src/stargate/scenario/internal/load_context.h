// State shared by the entity readers while one scenario loads: diagnostics,
// and the ids defined and referenced, checked once every file is read.
#ifndef STARGATE_SCENARIO_INTERNAL_LOAD_CONTEXT_H_
#define STARGATE_SCENARIO_INTERNAL_LOAD_CONTEXT_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"

namespace stargate {

enum class EntityKind { kAccelerator, kCountry, kSite, kFinancier };

struct IdDefinition {
  EntityKind kind;
  std::string id;
  TextLocation location;
};

struct IdReference {
  EntityKind kind;
  std::string id;
  TextLocation location;
  std::string field;  // e.g. "country of site 'abilene'"
};

struct LoadContext {
  DiagnosticList diagnostics;
  std::vector<IdDefinition> definitions;
  std::vector<IdReference> references;
  Scenario scenario;
  bool has_scenario_block = false;
  TextLocation scenario_block_location;

  void Define(EntityKind kind, const std::string& id, TextLocation where) {
    definitions.push_back({kind, id, std::move(where)});
  }
  void Refer(EntityKind kind, const std::string& id, TextLocation where, std::string field) {
    references.push_back({kind, id, std::move(where), std::move(field)});
  }
};

// One reader per top-level list; each appends valid records to ctx->scenario.
void ReadAccelerators(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadCountries(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadSites(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadFinanciers(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadDemand(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadSupply(const YAML::Node& list, const std::string& file, LoadContext* ctx);
void ReadScenarioBlock(const YAML::Node& block, const std::string& file, LoadContext* ctx);

// Duplicate ids and dangling references, after every file is read.
void CheckReferences(LoadContext* ctx);

}  // namespace stargate

#endif  // STARGATE_SCENARIO_INTERNAL_LOAD_CONTEXT_H_

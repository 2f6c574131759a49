// JSON views of the domain entities, shared by the CLI (--json) and the server.
// Field names match the data files so that what users read is what they write.
#ifndef STARGATE_MODEL_MODEL_JSON_H_
#define STARGATE_MODEL_MODEL_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/model/scenario.h"

namespace stargate {

nlohmann::json ToJson(const Provenance& p);
nlohmann::json ToJson(const Accelerator& a);
nlohmann::json ToJson(const Country& c);
nlohmann::json ToJson(const Site& s);
nlohmann::json ToJson(const Financier& f);
nlohmann::json ToJson(const Demand& d);
nlohmann::json ToJson(const Supply& s);

}  // namespace stargate

#endif  // STARGATE_MODEL_MODEL_JSON_H_

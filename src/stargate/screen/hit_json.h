// The JSON view of a screening hit with its explanation, shared by
// `stargate screen --json` and the server's POST /api/screen.
#ifndef STARGATE_SCREEN_HIT_JSON_H_
#define STARGATE_SCREEN_HIT_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/screen/screen.h"

namespace stargate::screen {

// {score, list, entry_id, entry_name, type, programs, matched_name,
//  name_role, source, explanation: {coverage, quality, *_factor, parts}}.
nlohmann::json ToJson(const Hit& hit);

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_HIT_JSON_H_

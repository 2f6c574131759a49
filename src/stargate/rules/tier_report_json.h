// The JSON view of a country's tier report, shared by `tier --json` and the
// server's GET /api/tier. Field names are the CLI contract (docs/regimes.md).
#ifndef STARGATE_RULES_TIER_REPORT_JSON_H_
#define STARGATE_RULES_TIER_REPORT_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/rules/tier_report.h"

namespace stargate::rules {

// {country, name, date, regime, tier, tier_name, how, cite, home,
//  headquarters_rule, treatments, lpp_tpp_per_consignee_per_year, caps, upgrades}.
nlohmann::json ToJson(const TierReport& report);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_TIER_REPORT_JSON_H_

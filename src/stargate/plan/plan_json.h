// JSON views of a plan (plan.json) and of its shipments (check's input format).
#ifndef STARGATE_PLAN_PLAN_JSON_H_
#define STARGATE_PLAN_PLAN_JSON_H_

#include <nlohmann/json.hpp>

#include "stargate/plan/plan_result.h"

namespace stargate::plan {

nlohmann::json PlanToJson(const Plan& plan);
nlohmann::json KpisToJson(const Kpis& kpis);
// A JSON array of shipments: id, date, accelerator, quantity, destination,
// consignee, consignee_hq and (for UVEU operators) veu.
nlohmann::json ShipmentsToJson(const Plan& plan);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_JSON_H_

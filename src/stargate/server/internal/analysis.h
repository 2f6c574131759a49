// Finance and Monte Carlo over plans (GET /api/finance, POST
// /api/simulations).
#ifndef STARGATE_SERVER_INTERNAL_ANALYSIS_H_
#define STARGATE_SERVER_INTERNAL_ANALYSIS_H_

#include <memory>
#include <string>

#include "stargate/server/internal/call.h"
#include "stargate/server/internal/router.h"

namespace stargate::plan {
struct Plan;
}

namespace stargate::server {

class Service;

void AddAnalysisRoutes(const Service& service, Router* router);

// The plan a finished plan job made; not_found, bad_request (not a plan job)
// or conflict (not done yet) otherwise.
Expected<std::shared_ptr<const plan::Plan>> PlanOfJob(const Service& service,
                                                      const std::string& id);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_ANALYSIS_H_

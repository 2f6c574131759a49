// Plan: the optimal, compliant build-out of sites, accelerators and financing
// for a scenario, solved with COIN-OR CLP (LP) or CBC (MILP), with KPIs, the
// shipments it implies, the value of binding constraints, and a diagnosis in
// words when demand is not met or the model is infeasible.
//
// The front door of the module: code outside plan includes this header (and
// stochastic.h for the two-stage plan, a library of its own). The headers it
// gathers are the public surface: the export limits and their reading from
// the rules engine, the model and the solver (the CLI exports the model as
// MPS and the benchmark times the build and the solve apart), the plan's
// JSON, its reading back and the diff of two plans. What only the module
// needs (the model builder's steps, MakePlan's steps, the CSV table reader,
// the stochastic decomposition) lives in plan/internal/.
#ifndef STARGATE_PLAN_PLAN_H_
#define STARGATE_PLAN_PLAN_H_

#include <filesystem>

#include "absl/status/statusor.h"
#include "stargate/model/model.h"
#include "stargate/plan/export_limits.h"
#include "stargate/plan/export_limits_from_rules.h"
#include "stargate/plan/lp_model.h"
#include "stargate/plan/plan_diff.h"
#include "stargate/plan/plan_json.h"
#include "stargate/plan/plan_model.h"
#include "stargate/plan/plan_reader.h"
#include "stargate/plan/plan_result.h"
#include "stargate/plan/solver.h"

namespace stargate::plan {

struct PlanOptions {
  BuildOptions build;
  SolveOptions solve;
};

// Builds, solves and reads back the plan. A plan that is infeasible or not
// optimal is still a Plan (status + diagnosis), not an error.
absl::StatusOr<Plan> MakePlan(const Scenario& scenario, const ExportLimits& limits,
                              const PlanOptions& options);

// Writes plan.json, site_quarters.csv, installs.csv, served.csv, unmet.csv,
// demand.csv, financing.csv, values_by_year.csv and shipments.json into `dir`
// (created if needed); docs/outputs.md describes every file and column.
absl::Status WritePlan(const Plan& plan, const std::filesystem::path& dir);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_H_

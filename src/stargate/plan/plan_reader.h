// Reading back a plan directory written by `stargate plan --out DIR` (the
// counterpart of plan_writer.cc; used by finance, simulate and report): plan.json (status, KPIs,
// binding constraints, diagnosis) and the tables site_quarters.csv, installs.csv, financing.csv and
// unmet.csv, checked against the scenario, with every problem at its file, line and column.
#ifndef STARGATE_PLAN_PLAN_READER_H_
#define STARGATE_PLAN_PLAN_READER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan_result.h"

namespace stargate::plan {

// The texts of a plan directory's files, for tests that need no disk.
struct PlanTexts {
  std::string plan_json, site_quarters_csv, installs_csv, financing_csv, unmet_csv;
};

// A Plan with its summary, KPIs, binding constraints, diagnosis and the
// site-quarter, install, funding and unmet tables filled (served demand and
// shipments are left empty: no reader needs them). Errors:
// InvalidArgument, with each problem in `diagnostics`.
absl::StatusOr<plan::Plan> ReadPlanDirectory(const std::filesystem::path& dir,
                                             const Scenario& scenario,
                                             std::vector<Diagnostic>* diagnostics);

// The same from texts; `dir_name` prefixes file names in messages.
absl::StatusOr<plan::Plan> ReadPlanTexts(const PlanTexts& texts, const std::string& dir_name,
                                         const Scenario& scenario,
                                         std::vector<Diagnostic>* diagnostics);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_PLAN_READER_H_

#include "plan_input.h"

#include <iostream>
#include <vector>

#include "plan_limits.h"
#include "scenario_input.h"
#include "stargate/plan/plan.h"

namespace stargate::cli {
namespace {

bool Feasible(plan::SolveStatus status) {
  return status == plan::SolveStatus::kOptimal || status == plan::SolveStatus::kFeasible ||
         status == plan::SolveStatus::kTimeLimit;
}

}  // namespace

std::optional<PlanInput> ReadOrSolvePlan(const Scenario& scenario, const Args& args,
                                         const std::string& regime,
                                         const plan::PlanOptions& options, int* exit_code) {
  PlanInput input;
  if (auto dir = args.Value("--plan")) {
    std::vector<Diagnostic> diagnostics;
    auto read = plan::ReadPlanDirectory(*dir, scenario, &diagnostics);
    if (!read.ok()) {
      *exit_code = ReportInputProblems(diagnostics, *dir, args);
      return std::nullopt;
    }
    input.plan = std::move(*read);
    input.origin = "read from " + *dir;
  } else {
    auto limits = ExportLimitsFor(scenario, regime.empty() ? scenario.regime : regime);
    if (!limits.ok()) {
      std::cerr << "error: " << limits.status().message() << "\n";
      *exit_code = kExitBadInput;
      return std::nullopt;
    }
    ProgressLine("solving the plan...");
    auto solved = plan::MakePlan(scenario, *limits, options);
    if (!solved.ok()) {
      std::cerr << "error: " << solved.status().message() << "\n";
      *exit_code = kExitDomainFailure;
      return std::nullopt;
    }
    input.plan = std::move(*solved);
    input.origin = "solved here (" + plan::SolveStatusName(input.plan.status) + ")";
  }
  if (!Feasible(input.plan.status) || input.plan.no_solution) {
    std::cerr << "error: the plan is " << plan::SolveStatusName(input.plan.status)
              << "; expected a feasible plan (see 'stargate plan')\n";
    *exit_code = kExitDomainFailure;
    return std::nullopt;
  }
  return input;
}

std::optional<finance::FinanceAssumptions> FinanceAssumptionsOrReport(const Args& args) {
  auto file = args.Value("--assumptions");
  if (!file) return finance::FinanceAssumptions{};
  std::vector<Diagnostic> diagnostics;
  auto loaded = finance::LoadFinanceAssumptions(*file, &diagnostics);
  if (!loaded.ok()) {
    ReportInputProblems(diagnostics, *file, args);
    return std::nullopt;
  }
  return *loaded;
}

}  // namespace stargate::cli

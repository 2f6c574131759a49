// The two ways to evaluate one run (internal to the sim module): on the
// fixed plan's precomputed arrays, or by re-solving the plan on a perturbed
// copy of the scenario. Both fill one row of metrics; the layout is shared.
#ifndef STARGATE_SIM_INTERNAL_RUNNER_H_
#define STARGATE_SIM_INTERNAL_RUNNER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "stargate/finance/finance.h"
#include "stargate/sim/internal/cap_watch.h"
#include "stargate/sim/sampler.h"
#include "stargate/sim/sim.h"

namespace stargate::sim {

// Where each metric sits in a row.
struct RowLayout {
  std::vector<int> years;     // calendar years reported
  std::vector<int> year_end;  // their last quarter index within the horizon
  size_t gw = 0;              // one per year
  size_t delivered = 0, overrun_usd = 0, overrun_share = 0, npv_overall = 0;
  size_t npv_funders = 0;  // one per funder id
  std::vector<std::string> funder_ids;
  std::map<std::string, size_t> funder_column;
  size_t caps = 0;  // one per country at risk
  std::vector<std::string> cap_countries;
  size_t drivers = 0;  // kDriverCount columns: the run's draws, summarised (drivers.h)
  size_t width = 0;
};

// What the runners share, set up once.
struct SimContext {
  const Scenario& scenario;
  const UncertaintySpec& spec;
  const finance::FinanceAssumptions& assumptions;
  const SimOptions& options;
  plan::ExportLimits base_limits;
  std::optional<plan::ExportLimits> alternative_limits;
  double existing_mw = 0;
  RowLayout layout;
};

// Per-thread scratch space.
struct Scratch {
  RunDraws draws;
  std::unique_ptr<finance::Workspace> workspace;
  std::vector<double> npv;
};

class Runner {
 public:
  virtual ~Runner() = default;
  virtual void Run(uint64_t run, double* row, Scratch* scratch) const = 0;
};

class FixedPlanRunner : public Runner {
 public:
  FixedPlanRunner(const SimContext& context, finance::FinanceModel model, const plan::Plan& plan,
                  int path_length);
  void Run(uint64_t run, double* row, Scratch* scratch) const override;
  const finance::FinanceModel& model() const { return model_; }

 private:
  const SimContext& context_;
  finance::FinanceModel model_;
  Sampler sampler_;
  CapWatch caps_;
  std::vector<size_t> funder_column_;  // per model funder
};

class ReoptimizingRunner : public Runner {
 public:
  ReoptimizingRunner(const SimContext& context, int path_length);
  void Run(uint64_t run, double* row, Scratch* scratch) const override;

 private:
  const SimContext& context_;
  Sampler sampler_;
};

}  // namespace stargate::sim

#endif  // STARGATE_SIM_INTERNAL_RUNNER_H_

// The two-stage stochastic plan (docs/formulation.md, "The stochastic
// model"): construction starts and financing draws up to a decision quarter
// are chosen once for every scenario (first stage); installs, shipments,
// service and unmet demand adapt to each scenario (recourse). Solved as one
// extensive-form LP stitched from per-scenario models of the ordinary
// builder, with EVPI, VSS and an optional CVaR term.
#ifndef STARGATE_PLAN_STOCHASTIC_H_
#define STARGATE_PLAN_STOCHASTIC_H_

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"
#include "stargate/plan/export_limits.h"
#include "stargate/plan/lp_model.h"
#include "stargate/plan/plan.h"

namespace stargate::plan {

// One future: how it differs from the base scenario. Multipliers scale the
// base data; delays add quarters to every site's construction lead time.
struct StochasticScenario {
  std::string name;
  double probability = 0;
  std::string regime_change_to;  // empty: the base regime throughout
  Quarter regime_change_at;      // first quarter under regime_change_to
  double demand_multiplier = 1;
  double supply_multiplier = 1;
  double chip_price_multiplier = 1;
  int grid_delay_quarters = 0;
  int construction_delay_quarters = 0;
};

// A triangular distribution of a multiplier (min <= mode <= max).
struct Triangular {
  double min = 1, mode = 1, max = 1;
};
// Whole quarters of delay with their probabilities.
struct DiscreteDelay {
  std::vector<int> quarters = {0};
  std::vector<double> probabilities = {1};
};

// data/plan-uncertainty.yaml: what `--scenarios N` samples from.
struct PlanUncertainty {
  double regime_change_probability = 0;
  std::vector<std::string> regime_change_regimes;  // drawn uniformly
  Quarter regime_change_from, regime_change_to;    // window, drawn uniformly
  Triangular demand, supply, chip_price;
  DiscreteDelay grid_delay, construction_delay;
};

// Loads data/plan-uncertainty.yaml; every problem is a located diagnostic.
// `known_regimes` are the regime ids a change may name.
absl::StatusOr<PlanUncertainty> LoadPlanUncertainty(const std::filesystem::path& path,
                                                    const std::vector<std::string>& known_regimes,
                                                    std::vector<Diagnostic>* diagnostics);

// N scenarios of probability 1/N, the same for the same seed on every
// machine (the generator and the distributions are written out here, not
// taken from <random>'s implementation-defined distributions).
std::vector<StochasticScenario> SampleScenarios(const PlanUncertainty& uncertainty, int count,
                                                unsigned long long seed);

// An explicit scenario set (--scenario-set FILE): names, probabilities
// summing to 1, regimes among `known_regimes`, quarters within the horizon.
absl::StatusOr<std::vector<StochasticScenario>> LoadScenarioSet(
    const std::filesystem::path& path, const Scenario& base,
    const std::vector<std::string>& known_regimes, std::vector<Diagnostic>* diagnostics);

// The base scenario as `future` sees it (demand, supply, chip prices and
// lead times changed; the regime is the export limits' business).
Scenario ApplyScenario(const Scenario& base, const StochasticScenario& future);

// The export limits of `base` until `switch_at`, of `after` from then on;
// caps are clipped to their regime's part of the horizon.
ExportLimits SwitchLimits(const ExportLimits& base, const ExportLimits& after, Quarter switch_at);

// The mean-value future: multipliers averaged by probability, the most
// probable regime path, and the earliest delays (see the .cc for why).
StochasticScenario MeanScenario(const std::vector<StochasticScenario>& futures);

struct RiskMeasure {
  double alpha = 0;   // CVaR level: the mean of the worst (1 - alpha) share of outcomes
  double weight = 0;  // objective = (1 - weight) E[cost] + weight CVaR_alpha[cost]
};
// "cvar:ALPHA:WEIGHT", alpha in [0, 1), weight in [0, 1].
absl::StatusOr<RiskMeasure> ParseRiskMeasure(const std::string& text);

// The processes the independent solves are shared over (MPI ranks:
// apps/stargate/plan_stochastic_mpi.cc over sim's MpiSession). Every process runs SolveStochastic
// on the same input; rank 0 solves the extensive form, the others the
// wait-and-see and mean-value solves, and their figures are gathered to
// rank 0, which alone has the whole result.
class SolveGroup {
 public:
  virtual ~SolveGroup() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Collective: every process passes its values; rank 0 gets every
  // process's, concatenated in rank order; the others get an empty list.
  virtual absl::StatusOr<std::vector<double>> GatherToRoot(const std::vector<double>& mine) = 0;
  // Collective: every process gets rank 0's `values` (the others' are ignored).
  virtual absl::StatusOr<std::vector<double>> BroadcastFromRoot(
      const std::vector<double>& values) = 0;
};

// How the hedged plan is solved: the extensive form on CLP in one piece, or
// scenario decomposition (the L-shaped method, stochastic_decomposition.h).
enum class StochasticMethod { kExtensiveForm, kDecomposition };
// "ef" | "decomposition"; nullopt for anything else.
std::optional<StochasticMethod> ParseStochasticMethod(const std::string& text);
std::string StochasticMethodName(StochasticMethod method);

// Where the decomposition stands after an iteration (reported on rank 0).
struct DecompositionProgress {
  int iteration = 0;
  double lower_bound_usd = -kInfinity;  // the master's objective: no plan can do better
  double upper_bound_usd = kInfinity;   // the best plan evaluated in every scenario
  double gap = kInfinity;               // (upper - lower) / |upper|
  double seconds = 0;
  int feasibility_cuts = 0;  // first stages some scenario could not carry out
  // Where the seconds went (rank 0's wall clock, summed over iterations):
  // solving the master, and evaluating the subproblems (every rank's, the
  // gather included).
  double master_seconds = 0;
  double subproblem_seconds = 0;
  // Why the run stopped: "gap reached", "time limit", "iteration limit", or
  // a subproblem with neither an optimum nor a cut; empty while it runs.
  std::string stopped_because;
};

struct StochasticOptions {
  PlanOptions plan;      // LP and the cost objective only
  std::string regime;    // the base regime: an id or by_date; empty: the scenario's
  Quarter decide_until;  // last quarter of the first stage
  std::optional<RiskMeasure> risk;
  std::string export_mps;  // when set, the extensive form is written there as free MPS
  // Threads for the independent solves (the extensive form beside the
  // wait-and-see and mean-value ones); 0: TBB's default. Results do not
  // depend on it.
  int threads = 0;
  // Null: this process alone. Results do not depend on the group's size.
  SolveGroup* group = nullptr;
  StochasticMethod method = StochasticMethod::kExtensiveForm;
  // Decomposition: stop at this relative gap between its bounds, after this
  // many iterations or at plan.solve's time limit, whichever comes first.
  double relative_gap = 1e-4;
  int max_iterations = 500;
  std::function<void(const DecompositionProgress&)> progress;  // rank 0; may be empty
};

// The export limits of a regime id (or by_date) for the base scenario.
using LimitsProvider = std::function<absl::StatusOr<ExportLimits>(const std::string& regime)>;

struct ScenarioOutcome {
  StochasticScenario future;
  std::string regime_label;
  double cost_usd = 0;                         // this scenario's cost under the hedged plan
  double wait_and_see_cost_usd = 0;            // solved alone, knowing the future
  double mean_value_first_stage_cost_usd = 0;  // the mean-value plan's first stage, then recourse
  double served_h100e_quarters = 0, unmet_h100e_quarters = 0, gw_online_end = 0;
  // MW built but idle for want of grid (complete recourse), summed over
  // sites and quarters: what the hedge leaves standing in this future.
  double stranded_mw_quarters = 0;
  // The shipments the hedged plan implies in this future (check's input
  // format), each allowed under this future's regime at its date.
  std::vector<PlannedShipment> shipments;
};

struct FirstStageDecision {
  std::string kind;  // "build_mw" or "fund_usd"
  std::string site_or_financier, country;
  int commitment = -1;  // fund: the financier's commitment index
  Quarter quarter;
  double value = 0;
  double mean_value_plan = 0;  // the same decision in the mean-value plan
};

struct StochasticResult {
  // False on every rank but 0 of a group: that process holds no figures and
  // writes nothing.
  bool root = true;
  SolveStatus status = SolveStatus::kError;
  int rows = 0, columns = 0;
  size_t nonzeros = 0;
  double build_seconds = 0, solve_seconds = 0, total_seconds = 0;
  Quarter decide_until;
  std::string base_regime;  // the regime (id or by_date) before any future's change
  std::optional<RiskMeasure> risk;
  std::vector<ScenarioOutcome> scenarios;
  StochasticMethod method = StochasticMethod::kExtensiveForm;
  // Decomposition: its bounds when it stopped (the extensive form: both are
  // the objective, the gap 0, one iteration).
  DecompositionProgress bounds;
  double objective_usd = 0;          // the extensive form's objective
  double expected_cost_usd = 0;      // sum p_s cost_s
  double wait_and_see_cost_usd = 0;  // sum p_s (scenario solved alone)
  double evpi_usd = 0;               // expected - wait-and-see
  StochasticScenario mean_scenario;
  // False when the mean-value first stage cannot be carried out in some
  // future (named in mean_value_infeasible_in): its expectation and the VSS
  // are then unbounded, reported as null.
  bool mean_value_feasible = true;
  std::vector<std::string> mean_value_infeasible_in;
  double mean_value_first_stage_expected_cost_usd = 0;
  double vss_usd = 0;   // mean-value first stage's expectation - expected
  double cvar_usd = 0;  // with a risk measure
  std::vector<FirstStageDecision> first_stage;
  // The hedged plan as it unfolds in the most probable scenario (the first
  // of equals): the tables and KPIs of plan.json.
  int reference_scenario = 0;
  Plan reference_plan;
};

// Solves the extensive form, every scenario alone and the mean-value
// problem. A status error for bad options; an infeasible or unsolved
// extensive form is a result whose status says so.
absl::StatusOr<StochasticResult> SolveStochastic(const Scenario& base,
                                                 const std::vector<StochasticScenario>& futures,
                                                 const LimitsProvider& limits,
                                                 const StochasticOptions& options);

// plan.json's "stochastic" block.
nlohmann::json StochasticToJson(const StochasticResult& result);
// Removes the block's wall-clock seconds (the model's and the method's),
// which differ from run to run.
void EraseTimings(nlohmann::json* stochastic_block);
// The reference plan's files (WritePlan), plan.json with the stochastic
// block, first_stage.csv, and scenarios/sN-shipments.json per scenario N
// (1-based, in the scenarios' order). The files hold no wall-clock times
// (those are StochasticToJson's and the command's output), so that runs on
// any number of threads and ranks compare byte for byte.
absl::Status WriteStochasticPlan(const StochasticResult& result, const std::filesystem::path& dir);

}  // namespace stargate::plan

#endif  // STARGATE_PLAN_STOCHASTIC_H_

#include "plan_stochastic.h"

#include <cstdlib>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "plan_limits.h"
#include "plan_stochastic_mpi.h"
#include "scenario_input.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/plan/plan.h"
#include "stargate/plan/stochastic.h"
#include "stargate/rules/rules.h"
#include "table.h"

namespace stargate::cli {
namespace {

// Silences std::cout and std::cerr on ranks other than 0 for its lifetime.
class QuietUnlessRoot {
 public:
  explicit QuietUnlessRoot(const plan::SolveGroup* group)
      : quiet_(group != nullptr && group->rank() != 0) {
    if (!quiet_) return;
    out_ = std::cout.rdbuf(nullptr);
    err_ = std::cerr.rdbuf(nullptr);
  }
  ~QuietUnlessRoot() {
    if (!quiet_) return;
    std::cout.rdbuf(out_);
    std::cout.clear();
    std::cerr.rdbuf(err_);
    std::cerr.clear();
  }
  QuietUnlessRoot(const QuietUnlessRoot&) = delete;
  QuietUnlessRoot& operator=(const QuietUnlessRoot&) = delete;

 private:
  bool quiet_;
  std::streambuf* out_ = nullptr;
  std::streambuf* err_ = nullptr;
};

bool ParseWhole(const std::string& text, long long min, long long max, long long* out) {
  char* end = nullptr;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end == text.c_str() || *end != '\0' || v < min || v > max) return false;
  *out = v;
  return true;
}

std::string Describe(const plan::StochasticScenario& f) {
  std::string text = f.regime_change_to.empty() ? "no regime change"
                                                : absl::StrCat(f.regime_change_to, " from ",
                                                               f.regime_change_at.ToString());
  return text;
}

void PrintSummary(const plan::StochasticResult& r, const Scenario& s, const std::string& out_dir,
                  int ranks) {
  std::cout << "stochastic plan for " << s.id << " (" << s.start.ToString() << ".."
            << s.end.ToString() << "), " << r.scenarios.size() << " scenarios, first stage up to "
            << r.decide_until.ToString() << "\n"
            << "status     " << plan::SolveStatusName(r.status)
            << (r.method == plan::StochasticMethod::kDecomposition
                    ? absl::StrFormat(
                          " (clp, decomposition: %d iterations, relative gap %.2e, %s; master "
                          "%.1f s, subproblems %.1f s",
                          r.bounds.iteration, r.bounds.gap, r.bounds.stopped_because,
                          r.bounds.master_seconds, r.bounds.subproblem_seconds)
                    : std::string(" (clp, extensive form"))
            << (ranks > 1 ? absl::StrCat("; ", ranks, " MPI ranks") : std::string()) << ")\n"
            << "model      " << FormatNumber(r.rows) << " rows, " << FormatNumber(r.columns)
            << " columns, " << FormatNumber(static_cast<double>(r.nonzeros))
            << " nonzeros; built in "
            << absl::StrFormat("%.2f s, solved in %.2f s, %.2f s in all", r.build_seconds,
                               r.solve_seconds, r.total_seconds)
            << "\n"
            << "expected   " << FormatUsd(r.expected_cost_usd)
            << " (hedged plan, discounted cost)\n"
            << "wait-see   " << FormatUsd(r.wait_and_see_cost_usd)
            << " (each scenario solved knowing it)\n"
            << "EVPI       " << FormatUsd(r.evpi_usd)
            << " (what perfect foresight would be worth)\n"
            << "mean-value "
            << (r.mean_value_feasible
                    ? FormatUsd(r.mean_value_first_stage_expected_cost_usd)
                    : "infeasible in " + absl::StrJoin(r.mean_value_infeasible_in, ", "))
            << " (the mean scenario's first stage, then the best recourse)\n"
            << "VSS        "
            << (r.mean_value_feasible ? FormatUsd(r.vss_usd) : std::string("unbounded"))
            << " (what hedging saves over planning for the mean)\n";
  if (r.risk) {
    std::cout << absl::StrFormat(
        "CVaR       %s (mean of the worst %.0f%%; weight %.2f in the objective)\n",
        FormatUsd(r.cvar_usd), 100 * (1 - r.risk->alpha), r.risk->weight);
  }
  Table t({"scenario", "p", "regime", "demand", "supply", "chip price", "delay q", "cost",
           "unmet H100e-q", "GW at end"});
  for (const auto& o : r.scenarios) {
    const auto& f = o.future;
    t.AddRow({f.name, absl::StrFormat("%.3f", f.probability), Describe(f),
              absl::StrFormat("x%.2f", f.demand_multiplier),
              absl::StrFormat("x%.2f", f.supply_multiplier),
              absl::StrFormat("x%.2f", f.chip_price_multiplier),
              std::to_string(f.grid_delay_quarters + f.construction_delay_quarters),
              FormatUsd(o.cost_usd), FormatNumber(o.unmet_h100e_quarters),
              FormatNumber(o.gw_online_end, 2)});
  }
  std::cout << "\n";
  t.Print(std::cout);
  double mw = 0, usd = 0;
  for (const auto& d : r.first_stage) (d.kind == "build_mw" ? mw : usd) += d.value;
  std::cout << "\nfirst stage: " << FormatNumber(mw) << " MW of construction starts and "
            << FormatUsd(usd) << " of financing drawn up to " << r.decide_until.ToString() << " ("
            << out_dir << "/first_stage.csv)\n"
            << "plan.json's tables are the hedged plan in scenario '"
            << r.scenarios[r.reference_scenario].future.name << "'\n";
}

}  // namespace

std::optional<std::string> StochasticOnlyFlag(const Args& args) {
  for (const char* flag : {"--scenarios", "--seed", "--decide-until", "--risk", "--scenario-set",
                           "--method", "--gap"}) {
    if (args.Has(flag)) return std::string(flag);
  }
  return std::nullopt;
}

int RunStochasticPlan(const Command& command, const Args& args) {
  // Under mpirun every rank runs this same command; only rank 0 speaks and
  // writes (the others' input errors are rank 0's too).
  const std::unique_ptr<plan::SolveGroup> group = JoinMpiGroup();
  const QuietUnlessRoot quiet(group.get());
  if (args.positional.size() > 1)
    return UsageError(command, "too many arguments", "plan [SCENARIO] --stochastic");
  if (args.Has("--milp"))
    return UsageError(command, "--milp with --stochastic", "an LP: leave out --milp");
  if (args.Has("--ledger")) {
    return UsageError(command, "--ledger is not supported with --stochastic",
                      "plan --stochastic without --ledger");
  }
  if (args.Has("--scenario-set") && (args.Has("--scenarios") || args.Has("--seed"))) {
    return UsageError(command, "--scenario-set with --scenarios or --seed",
                      "either a scenario set or a number of sampled scenarios");
  }
  long long count = 10, seed = 1;
  if (auto n = args.Value("--scenarios"); n && !ParseWhole(*n, 1, 10000, &count)) {
    return UsageError(command, "scenario count '" + *n + "' is not a whole number from 1 to 10000",
                      "--scenarios 10");
  }
  if (auto s = args.Value("--seed"); s && !ParseWhole(*s, 0, 1LL << 62, &seed)) {
    return UsageError(command, "seed '" + *s + "' is not a non-negative whole number", "--seed 1");
  }
  plan::StochasticOptions options;
  if (auto risk = args.Value("--risk")) {
    auto parsed = plan::ParseRiskMeasure(*risk);
    if (!parsed.ok()) {
      std::cerr << "error: " << parsed.status().message() << "\n";
      return kExitBadInput;
    }
    options.risk = *parsed;
  }
  // The extensive form stays the default: on the default scenario the
  // decomposition has not yet been measured faster (docs/stochastic.md).
  const std::string method_flag = args.Value("--method").value_or("ef");
  if (!plan::ParseStochasticMethod(method_flag)) {
    return UsageError(command, "method '" + method_flag + "' is not ef or decomposition",
                      "--method decomposition");
  }
  if (auto gap = args.Value("--gap")) {
    char* end = nullptr;
    const double v = std::strtod(gap->c_str(), &end);
    if (gap->empty() || *end != '\0' || !(v > 0 && v < 1)) {
      return UsageError(command, "gap '" + *gap + "' is not a number between 0 and 1",
                        "--gap 1e-4");
    }
    options.relative_gap = v;
  }
  if (auto objective = args.Value("--objective");
      objective && ParseEnum<Objective>(*objective) != Objective::kCost) {
    return UsageError(command, "objective '" + *objective + "' with --stochastic",
                      "--objective cost");
  }
  if (auto bad = ReadTimeLimit(command, args, &options.plan.solve.time_limit_seconds)) return *bad;

  const auto path = ScenarioPath(args);
  ProgressLine("loading " + path.string());
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  if (scenario->options.objective != Objective::kCost) {
    std::cerr << "error: " << path.string() << ": the scenario's objective is "
              << SpellingOf(scenario->options.objective) << "; expected cost for --stochastic\n";
    return kExitBadInput;
  }
  // The plan is made at the horizon's start: "next year" is the one after it.
  options.decide_until =
      std::min(scenario->end, Quarter::FromYearAndNumber(scenario->start.year() + 1, 4));
  if (auto q = args.Value("--decide-until")) {
    auto parsed = Quarter::Parse(*q);
    if (!parsed.ok())
      return UsageError(command, "decide-until '" + *q + "' is not a quarter",
                        "--decide-until 2026Q4");
    if (*parsed < scenario->start || *parsed > scenario->end) {
      return UsageError(
          command, "decide-until " + *q + " is outside the horizon",
          "a quarter in " + scenario->start.ToString() + ".." + scenario->end.ToString());
    }
    options.decide_until = *parsed;
  }
  options.regime = args.Value("--regime").value_or(scenario->regime);
  options.export_mps = args.Value("--export-mps").value_or("");

  std::vector<Diagnostic> diagnostics;
  auto catalog = rules::LoadRegimeCatalog(DataDir() / "regimes", &diagnostics);
  if (!catalog.ok())
    return ReportInputProblems(diagnostics, (DataDir() / "regimes").string(), args);
  const std::vector<std::string> regimes = catalog->ids();

  std::vector<plan::StochasticScenario> futures;
  if (auto file = args.Value("--scenario-set")) {
    auto set = plan::LoadScenarioSet(*file, *scenario, regimes, &diagnostics);
    if (!set.ok()) return ReportInputProblems(diagnostics, *file, args);
    futures = std::move(*set);
  } else {
    const auto defaults = DataDir() / "plan-uncertainty.yaml";
    auto uncertainty = plan::LoadPlanUncertainty(defaults, regimes, &diagnostics);
    if (!uncertainty.ok()) return ReportInputProblems(diagnostics, defaults.string(), args);
    futures = plan::SampleScenarios(*uncertainty, static_cast<int>(count),
                                    static_cast<unsigned long long>(seed));
  }

  options.method = *plan::ParseStochasticMethod(method_flag);
  if (options.method == plan::StochasticMethod::kDecomposition) {
    ProgressLine(absl::StrCat("solving ", futures.size(),
                              " scenarios by decomposition (L-shaped, CLP subproblems)..."));
    options.progress = [](const plan::DecompositionProgress& p) {
      ProgressLine(absl::StrFormat(
          "decomposition: iteration %d, bounds %s .. %s, gap %.2e, %.1f s (master %.1f s)",
          // Whole dollars: the bounds of a near-converged run differ in the
          // fourth digit, past what FormatUsd shows.
          p.iteration, "$" + FormatNumber(p.lower_bound_usd, 0),
          "$" + FormatNumber(p.upper_bound_usd, 0), p.gap, p.seconds, p.master_seconds));
    };
  } else {
    ProgressLine(
        absl::StrCat("solving the extensive form of ", futures.size(), " scenarios with CLP..."));
  }
  const plan::LimitsProvider limits = [&](const std::string& regime) {
    return ExportLimitsFor(*scenario, regime);
  };
  options.group = group.get();
  auto result = plan::SolveStochastic(*scenario, futures, limits, options);
  if (result.ok() && !result->root) return kExitOk;  // rank 0 reports and writes
  if (!result.ok()) {
    std::cerr << "error: " << result.status().message() << "\n";
    return absl::IsInvalidArgument(result.status()) ? kExitBadInput : kExitDomainFailure;
  }
  if (result->status == plan::SolveStatus::kFeasible) {
    std::cerr << absl::StrFormat(
        "warning: the decomposition stopped after %d iterations (%s) with a relative gap of %.3g; "
        "the plan written is the best found (--method ef solves the extensive form whole)\n",
        result->bounds.iteration, result->bounds.stopped_because, result->bounds.gap);
  } else if (result->status != plan::SolveStatus::kOptimal) {
    std::cerr << "error: the "
              << (options.method == plan::StochasticMethod::kDecomposition ? "decomposition"
                                                                           : "extensive form")
              << " is " << plan::SolveStatusName(result->status) << "; no plan written\n";
    return kExitDomainFailure;
  }
  const std::string out_dir = args.Value("--out").value_or("out");
  if (auto status = plan::WriteStochasticPlan(*result, out_dir); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return kExitBadInput;
  }
  if (args.json()) {
    nlohmann::json j = plan::PlanToJson(result->reference_plan);
    j["stochastic"] = plan::StochasticToJson(*result);
    std::cout << j.dump(2) << "\n";
  } else {
    PrintSummary(*result, *scenario, out_dir, group ? group->size() : 1);
  }
  return kExitOk;
}

nlohmann::json StochasticBlockOf(const std::filesystem::path& dir) {
  // ReadPlanDirectory, called before, reported any problem with plan.json.
  DiagnosticList problems;
  nlohmann::json doc = ReadJsonFile((dir / "plan.json").string(), &problems);
  if (!doc.is_object() || !doc.contains("stochastic") || !doc["stochastic"].is_object())
    return nullptr;
  return doc["stochastic"];
}

std::string StochasticBaseRegime(const nlohmann::json& block, const Scenario& scenario) {
  auto it = block.find("base_regime");
  if (it != block.end() && it->is_string() && !it->get<std::string>().empty()) return *it;
  return scenario.regime;
}

std::optional<plan::Plan> DeterministicBeside(const Scenario& scenario, const std::string& regime,
                                              const plan::PlanOptions& options) {
  auto limits = ExportLimitsFor(scenario, regime);
  if (!limits.ok()) {
    std::cerr << "warning: no deterministic plan beside the hedged one: "
              << limits.status().message() << "\n";
    return std::nullopt;
  }
  ProgressLine("solving the deterministic plan to set beside the hedged one...");
  auto solved = plan::MakePlan(scenario, *limits, options);
  if (!solved.ok()) {
    std::cerr << "warning: no deterministic plan beside the hedged one: "
              << solved.status().message() << "\n";
    return std::nullopt;
  }
  return std::move(*solved);
}

}  // namespace stargate::cli

// stargate plan: build and solve the planning model for a scenario, write the
// plan's files, and print a short summary.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "absl/strings/str_format.h"
#include "command.h"
#include "ledger_cli.h"
#include "plan_limits.h"
#include "plan_stochastic.h"
#include "scenario_input.h"
#include "stargate/compliance/compliance.h"
#include "stargate/plan/plan.h"
#include "table.h"

namespace stargate::cli {
namespace {

// The program's values: compute in Free countries by year, by data-protection
// zone at the horizon's end, and what the minimum freedom score costs.
std::string ValuesSummary(const plan::Kpis& k, const Scenario& s, bool cost_objective) {
  std::string out =
      absl::StrFormat("free       compute in countries Freedom House rates Free (score >= %g):",
                      k.free_min_freedom_score);
  for (const auto& [year, share] : k.free_compute_share_by_year)
    out += absl::StrFormat(" %d %.1f%%", year, 100 * share);
  out += "\nzones      compute by data-protection zone in " + std::to_string(s.end.year()) + ":";
  std::vector<std::pair<double, std::string>> zones;
  for (const auto& [zone, years] : k.compute_share_by_zone_year) {
    if (auto it = years.find(s.end.year()); it != years.end()) zones.emplace_back(it->second, zone);
  }
  std::sort(zones.rbegin(), zones.rend());
  for (const auto& [share, zone] : zones) out += absl::StrFormat(" %s %.1f%%", zone, 100 * share);
  out += "\n";
  if (k.min_freedom_score > 0) {
    out += absl::StrFormat("min free   demand served only where the freedom score is >= %g; ",
                           k.min_freedom_score);
    out += k.freedom_constraint_cost > 0
               ? "it costs " +
                     (cost_objective
                          ? FormatUsd(k.freedom_constraint_cost)
                          : FormatNumber(k.freedom_constraint_cost) + " H100e-quarters served") +
                     " (objective with it minus without)\n"
               : "it costs nothing here\n";
  }
  return out;
}

void PrintSummary(const plan::Plan& p, const Scenario& s, const std::string& out_dir) {
  std::cout << "plan for " << s.id << " (" << s.start.ToString() << ".." << s.end.ToString()
            << "), regime " << p.regime << ", objective " << SpellingOf(p.objective_kind) << "\n"
            << "status     " << plan::SolveStatusName(p.status) << " (" << p.solver;
  if (p.relative_gap > 0) std::cout << absl::StrFormat(", gap %.3f%%", 100 * p.relative_gap);
  std::cout << ")\n";
  std::cout << "model      " << FormatNumber(p.rows) << " rows, " << FormatNumber(p.columns)
            << " columns, " << FormatNumber(static_cast<double>(p.nonzeros))
            << " nonzeros; built in "
            << absl::StrFormat("%.2f s, solved in %.2f s", p.build_seconds, p.solve_seconds)
            << "\n";
  const auto& k = p.kpis;
  if (p.objective_kind == Objective::kCost) {
    std::cout << "objective  " << FormatUsd(p.objective) << " (discounted cost)\n";
  } else {
    std::cout << "objective  " << FormatNumber(p.objective) << " H100e-quarters served\n";
  }
  // The objective's parts, present values; under the compute objective the
  // plan's cost priced the same way.
  auto term = [&](const char* name) {
    auto it = k.objective_usd_by_term.find(name);
    return FormatUsd(it == k.objective_usd_by_term.end() ? 0.0 : it->second);
  };
  std::cout << "  of which facility " << term("facility_capex") << ", chips " << term("chip_capex")
            << ", energy " << term("energy") << ", financing " << term("financing_cost")
            << ", unfunded penalty " << term("unfunded_penalty") << ", unmet demand "
            << term("unmet_demand_value") << " (at "
            << FormatUsd(k.unmet_value_usd_per_h100e_quarter) << " per H100e-quarter)\n";
  const std::string last = s.end.ToString();
  const double gw = k.gw_online_by_quarter.count(last) ? k.gw_online_by_quarter.at(last) : 0;
  std::cout << absl::StrFormat("online     %.2f GW in %s\n", gw, last) << "capex      "
            << FormatUsd(k.capex_usd) << " (shell " << FormatUsd(k.shell_capex_usd) << ", chips "
            << FormatUsd(k.chip_capex_usd) << ")\n"
            << "energy     " << FormatNumber(k.energy_mwh / 1e6, 2) << " TWh, "
            << FormatUsd(k.opex_energy_usd) << ", " << FormatNumber(k.co2_tonnes / 1e6, 2)
            << " Mt CO2\n"
            << absl::StrFormat("demand     %.1f%% served: %s of %s H100e-quarters, %s unmet\n",
                               100 * k.served_share, FormatNumber(k.served_h100e_quarters),
                               FormatNumber(k.demand_h100e_quarters),
                               FormatNumber(k.unmet_h100e_quarters))
            << absl::StrFormat("tier 1     %.1f%% of compute at the horizon's end\n",
                               100 * k.tier1_compute_share)
            << ValuesSummary(k, s, p.objective_kind == Objective::kCost)
            << (k.unfunded_usd > 1
                    ? "funding    " + FormatUsd(k.unfunded_usd) +
                          " of capex is UNFUNDED (beyond every eligible commitment)\n"
                    : std::string("funding    all capex within eligible commitments\n"))
            << "shipments  " << p.shipments.size() << " (in " << out_dir << "/shipments.json)\n";
  if (!k.h100e_by_country_year.empty()) {
    std::cout << "\nH100-equivalents installed at year end\n";
    std::vector<std::string> header = {"country"};
    for (int y = s.start.year(); y <= s.end.year(); ++y) header.push_back(std::to_string(y));
    Table t(header);
    for (const auto& [country, years] : k.h100e_by_country_year) {
      std::vector<std::string> row = {country};
      for (int y = s.start.year(); y <= s.end.year(); ++y) {
        row.push_back(FormatNumber(years.count(y) ? years.at(y) : 0));
      }
      t.AddRow(row);
    }
    t.Print(std::cout);
  }
  if (!p.binding.empty()) {
    std::cout << "\nwhat binds (first " << std::min<size_t>(p.binding.size(), 8) << ")\n";
    for (size_t i = 0; i < p.binding.size() && i < 8; ++i)
      std::cout << "  " << p.binding[i].sentence << "\n";
    // The minimum freedom score's rows, each named: a value choice, not a resource.
    for (size_t i = 8; i < p.binding.size(); ++i) {
      if (p.binding[i].family == "freedom") std::cout << "  " << p.binding[i].sentence << "\n";
    }
  }
  if (!p.diagnosis.empty()) {
    std::cout << "\ndiagnosis\n";
    for (const auto& line : p.diagnosis) std::cout << "  " << line << "\n";
  }
}

// What the ledger says was already shipped against each cap ("cap:<id>"
// running totals); the plan's caps shrink by it.
bool ReadCapUsage(const Args& args, rules::CapUsage* used, int* exit_code) {
  auto book = OpenLedgerOrReport(args, exit_code);
  if (!book) return false;
  // The compliance module's reading, the one `check` and `tier` use.
  auto usage = compliance::AllCapUsage(*book);
  if (!usage.ok()) {
    *exit_code = ReportLedgerError(usage.status(), args);
    return false;
  }
  *used = std::move(*usage);
  ProgressLine("caps already used per the ledger: " + std::to_string(used->cap_used_tpp.size()));
  return true;
}

std::string Signed(double v, const std::string& text) { return (v > 0 ? "+" : "") + text; }

// stargate plan diff DIR_A DIR_B [SCENARIO]
int RunDiff(const Command& command, const Args& args) {
  if (args.positional.size() < 3) {
    return UsageError(command, "plan diff needs two plan directories",
                      "stargate plan diff DIR_A DIR_B [SCENARIO]");
  }
  const auto path = ScenarioPath(args, 3);
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  std::vector<plan::Plan> plans;
  for (size_t i = 1; i <= 2; ++i) {
    std::vector<Diagnostic> diagnostics;
    auto read = plan::ReadPlanDirectory(args.positional[i], *scenario, &diagnostics);
    if (!read.ok()) return ReportInputProblems(diagnostics, args.positional[i], args);
    plans.push_back(std::move(*read));
  }
  const plan::PlanDiff diff =
      plan::DiffPlans(*scenario, plans[0], plans[1], args.positional[1], args.positional[2]);
  if (args.json()) {
    std::cout << plan::PlanDiffToJson(diff).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "plan diff: A = " << diff.label_a << " (regime " << diff.regime_a << ", objective "
            << SpellingOf(diff.objective_kind_a) << "), B = " << diff.label_b << " (regime "
            << diff.regime_b << ", objective " << SpellingOf(diff.objective_kind_b) << ")\n"
            << absl::StrFormat("served     %.1f%% -> %.1f%%\n", 100 * diff.served_share_a,
                               100 * diff.served_share_b)
            << "objective  " << FormatNumber(diff.objective_a) << " -> "
            << FormatNumber(diff.objective_b) << "\n";
  if (diff.rows.empty()) {
    std::cout << "\nno country and year differs\n";
  } else {
    std::cout << "\nchange B - A per country and year (H100e and MW at year end; capex and cost in "
                 "the year)\n";
    Table t({"country", "year", "H100e", "MW", "capex", "cost"});
    for (const auto& r : diff.rows) {
      t.AddRow({r.country, std::to_string(r.year),
                Signed(r.h100e_b - r.h100e_a, FormatNumber(r.h100e_b - r.h100e_a)),
                Signed(r.mw_b - r.mw_a, FormatNumber(r.mw_b - r.mw_a, 1)),
                Signed(r.capex_usd_b - r.capex_usd_a, FormatUsd(r.capex_usd_b - r.capex_usd_a)),
                Signed(r.cost_usd_b - r.cost_usd_a, FormatUsd(r.cost_usd_b - r.cost_usd_a))});
    }
    t.Print(std::cout);
  }
  auto list = [](const char* title, const std::vector<plan::Binding>& binding) {
    std::cout << "\n" << title << (binding.empty() ? ": none\n" : "\n");
    for (const auto& b : binding) std::cout << "  " << b.sentence << "\n";
  };
  list("binds in A only", diff.binding_only_a);
  list("binds in B only", diff.binding_only_b);
  return kExitOk;
}

// --min-freedom N: a Freedom House score, 0..100.
std::optional<int> ReadMinFreedom(const Command& command, const Args& args,
                                  std::optional<double>* score) {
  auto text = args.Value("--min-freedom");
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double parsed = std::strtod(text->c_str(), &end);
  if (end == text->c_str() || *end != '\0' || !(parsed >= 0 && parsed <= 100)) {
    return UsageError(command, "minimum freedom score '" + *text + "' is not in 0..100",
                      "--min-freedom N with N a Freedom House score from 0 to 100, e.g. 70");
  }
  *score = parsed;
  return std::nullopt;
}

int Run(const Command& command, const Args& args) {
  if (!args.positional.empty() && args.positional[0] == "diff") return RunDiff(command, args);
  if (args.Has("--stochastic") && args.Has("--min-freedom")) {
    return UsageError(command, "--min-freedom with --stochastic",
                      "options: {min_freedom_score: N} in the scenario for a stochastic plan");
  }
  if (args.Has("--stochastic")) return RunStochasticPlan(command, args);
  if (auto flag = StochasticOnlyFlag(args)) {
    return UsageError(command, *flag + " without --stochastic",
                      "plan --stochastic " + *flag + " ...");
  }
  if (args.positional.size() > 1) {
    return UsageError(command, "too many arguments",
                      "plan [SCENARIO] or plan diff DIR_A DIR_B [SCENARIO]");
  }
  plan::PlanOptions options;
  const auto objective_flag = args.Value("--objective");
  std::optional<Objective> objective;
  if (objective_flag) {
    objective = ParseEnum<Objective>(*objective_flag);
    if (!objective) {
      return UsageError(command, "objective '" + *objective_flag + "' is not known",
                        "--objective cost or --objective compute");
    }
  }
  if (auto bad = ReadTimeLimit(command, args, &options.solve.time_limit_seconds)) return *bad;
  options.build.milp = args.Has("--milp");
  if (options.build.milp) options.solve.solver = plan::SolverKind::kCbc;
  std::optional<double> min_freedom;
  if (auto bad = ReadMinFreedom(command, args, &min_freedom)) return *bad;
  const auto path = ScenarioPath(args);
  ProgressLine("loading " + path.string());
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  if (min_freedom) scenario->options.min_freedom_score = *min_freedom;
  options.build.objective = objective.value_or(scenario->options.objective);

  const std::string regime = args.Value("--regime").value_or(scenario->regime);
  rules::CapUsage used;
  if (args.Has("--ledger")) {
    int exit_code = kExitOk;
    if (!ReadCapUsage(args, &used, &exit_code)) return exit_code;
  }
  auto limits = ExportLimitsFor(*scenario, regime, used);
  if (!limits.ok()) {
    std::cerr << "error: " << limits.status().message() << "\n";
    return kExitBadInput;
  }
  if (auto mps = args.Value("--export-mps")) {
    auto built = plan::BuildPlanModel(*scenario, *limits, options.build);
    if (!built.ok()) {
      std::cerr << "error: " << built.status().message() << "\n";
      return kExitBadInput;
    }
    if (auto status = plan::WriteMps(built->lp, *mps); !status.ok()) {
      std::cerr << "error: " << status.message() << "\n";
      return kExitBadInput;
    }
    ProgressLine("wrote " + *mps);
  }
  ProgressLine(options.build.milp ? "solving with CBC..." : "solving with CLP...");
  if (isatty(STDERR_FILENO)) {
    options.solve.progress = [](const plan::SolveProgress& p) {
      std::cerr << absl::StrFormat(
          "  %6.0f s  incumbent %s  bound %s  gap %s\n", p.seconds,
          p.has_incumbent ? FormatNumber(p.incumbent, 1) : std::string("none"),
          FormatNumber(p.bound, 1),
          p.has_incumbent ? absl::StrFormat("%.2f%%", 100 * p.relative_gap) : "n/a");
    };
  }
  auto result = plan::MakePlan(*scenario, *limits, options);
  if (!result.ok()) {
    std::cerr << "error: " << result.status().message() << "\n";
    return kExitDomainFailure;
  }
  const bool usable = !result->no_solution && (result->status == plan::SolveStatus::kOptimal ||
                                               result->status == plan::SolveStatus::kFeasible ||
                                               result->status == plan::SolveStatus::kTimeLimit);
  if (!usable) {
    // No plan to write: empty files with a $0 objective would read as a plan.
    if (args.json()) std::cout << plan::PlanToJson(*result).dump(2) << "\n";
    if (result->status == plan::SolveStatus::kTimeLimit || result->no_solution) {
      std::cerr << absl::StrFormat("error: no feasible solution within %g s; no plan written\n",
                                   options.solve.time_limit_seconds);
    } else {
      std::cerr << "error: the model is " << plan::SolveStatusName(result->status)
                << "; no plan written\n";
    }
    for (const auto& line : result->diagnosis) std::cerr << "  " << line << "\n";
    return kExitDomainFailure;
  }
  const std::string out_dir = args.Value("--out").value_or("out");
  if (auto status = plan::WritePlan(*result, out_dir); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return kExitBadInput;
  }
  if (args.json()) {
    std::cout << plan::PlanToJson(*result).dump(2) << "\n";
  } else {
    PrintSummary(*result, *scenario, out_dir);
  }
  return kExitOk;
}

}  // namespace

const Command& PlanCommand() {
  static const Command command{
      .name = "plan",
      .synopsis =
          "plan [SCENARIO] [--out DIR] [--regime ID] [--objective cost|compute] [--milp] "
          "[--export-mps FILE] [--time-limit S] [--min-freedom N] [--ledger URI] [--json] | plan "
          "[SCENARIO] "
          "--stochastic "
          "[--scenarios N] [--seed S] [--decide-until QUARTER] [--risk cvar:ALPHA:WEIGHT] "
          "[--scenario-set FILE] [--method ef|decomposition] [--gap REL] [--out DIR] | plan "
          "diff DIR_A DIR_B [SCENARIO] [--json]",
      .summary = "the optimal, compliant build-out of sites, chips and financing",
      .description =
          "Builds the planning LP (or MILP with --milp) for SCENARIO (default: the global "
          "scenario)\n"
          "with the export caps of the regime in force, solves it with COIN-OR CLP (CBC for "
          "--milp),\n"
          "and writes plan.json, CSV tables and shipments.json (check's input format) into DIR\n"
          "(default: out). With --ledger URI, each cap shrinks by what the ledger says was\n"
          "already shipped against it. Exit code 1 when the model is infeasible or no plan\n"
          "was found (nothing is written then). docs/outputs.md describes every file.\n"
          "'plan diff DIR_A DIR_B' compares two written plans of the same scenario: per country\n"
          "and year the change in H100e, MW, capex and cost, and the constraints that bind in\n"
          "one plan only (--json: the document GET /api/plans/diff and 'report --compare' show).\n"
          "--stochastic hedges the plan over scenarios (sampled from data/plan-uncertainty.yaml, "
          "or\n"
          "listed with probabilities in --scenario-set FILE): construction starts and financing up "
          "to\n"
          "--decide-until are shared, installs and shipments adapt to each scenario's regime, "
          "demand\n"
          "and supply. plan.json gets a stochastic block (EVPI, VSS, per-scenario KPIs) and\n"
          "first_stage.csv the shared decisions; see docs/formulation.md. --method ef solves the\n"
          "extensive form in one CLP run; decomposition (the L-shaped method: scenario\n"
          "subproblems on threads and MPI ranks) stops at --gap (docs/stochastic.md).",
      .flags =
          {{"--out", "DIR", "where to write the plan's files (default: out)"},
           {"--regime", "ID", "a regime id, or by_date (default: the scenario's)"},
           {"--objective", "KIND",
            "cost (minimise discounted cost) or compute (maximise served compute)"},
           {"--milp", "", "site opening with fixed costs and modular builds, solved by CBC"},
           {"--export-mps", "FILE", "also write the model as free MPS"},
           {"--time-limit", "S", "solver time limit in seconds (default 300)"},
           {"--min-freedom", "N",
            "serve demand only from countries with a Freedom House score >= N (0..100); "
            "overrides the scenario's options.min_freedom_score"},
           {"--ledger", "URI", "subtract what this ledger already counts against each cap"},
           {"--stochastic", "", "a two-stage plan hedged over scenarios"},
           {"--scenarios", "N", "--stochastic: scenarios to sample (default 10)"},
           {"--seed", "S", "--stochastic: the sampling seed (default 1)"},
           {"--decide-until", "QUARTER",
            "--stochastic: last first-stage quarter (default: end of the year after the start)"},
           {"--risk", "cvar:ALPHA:WEIGHT",
            "--stochastic: (1-WEIGHT) E[cost] + WEIGHT CVaR_ALPHA[cost]"},
           {"--scenario-set", "FILE",
            "--stochastic: scenarios with probabilities (YAML) instead of sampling"},
           {"--method", "KIND",
            "--stochastic: ef (extensive form, the default) or decomposition (L-shaped)"},
           {"--gap", "REL",
            "--stochastic --method decomposition: stop at this relative gap (default 1e-4)"}},
      .min_positional = 0,
      .max_positional = 4,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

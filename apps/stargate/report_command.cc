// stargate report: one self-contained HTML file about a plan (read from
// --plan DIR or solved here), with charts, a world map of the sites and the
// compliance table; it works offline because the chart bundle is inlined.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "command.h"
#include "plan_input.h"
#include "plan_stochastic.h"
#include "rules_input.h"
#include "scenario_input.h"
#include "stargate/core/atomic_file.h"
#include "stargate/finance/finance.h"
#include "stargate/plan/plan.h"
#include "stargate/report/report.h"

namespace stargate::cli {
namespace {

int Run(const Command& command, const Args& args) {
  const auto out = args.Value("--out");
  if (!out) return UsageError(command, "no output file given", "--out FILE.html");
  const std::filesystem::path bundle_path =
      args.Value("--bundle").value_or(report::DefaultBundlePath(DataDir()).string());
  auto bundle = report::LoadBundle(bundle_path);
  if (!bundle.ok()) {
    std::cerr << "error: " << bundle.status().message() << "\n";
    return kExitBadInput;
  }

  const auto path = ScenarioPath(args);
  ProgressLine("loading " + path.string());
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;

  const auto assumptions = FinanceAssumptionsOrReport(args);
  if (!assumptions) return kExitBadInput;

  // Without --regime: the regime the plan was made under, else the scenario's.
  std::string regime = args.Value("--regime").value_or("");
  plan::PlanOptions options;
  options.build.objective = scenario->options.objective;
  int exit_code = kExitOk;
  auto input = ReadOrSolvePlan(*scenario, args, regime, options, &exit_code);
  if (!input) return exit_code;
  // A hedged plan (`stargate plan --stochastic --out DIR`): its block as
  // written, under the regime it was made in before any future's change.
  nlohmann::json stochastic;
  if (auto dir = args.Value("--plan")) stochastic = StochasticBlockOf(*dir);
  if (regime.empty() && stochastic.is_object())
    regime = StochasticBaseRegime(stochastic, *scenario);
  if (regime.empty()) regime = args.Has("--plan") ? input->plan.regime : scenario->regime;
  if (regime.empty()) regime = kRegimeByDate;
  const plan::Plan& plan = input->plan;
  const std::string& origin = input->origin;

  report::ReportInputs inputs{*scenario, plan, origin, *catalog, regime};
  // --compare DIR: this plan (A) against the one in DIR (B), as
  // `stargate plan diff` computes it.
  std::optional<plan::PlanDiff> comparison;
  if (auto other = args.Value("--compare")) {
    std::vector<Diagnostic> diagnostics;
    auto read = plan::ReadPlanDirectory(*other, *scenario, &diagnostics);
    if (!read.ok()) return ReportInputProblems(diagnostics, *other, args);
    const std::string label_a = args.Value("--plan").value_or("the plan solved here");
    comparison = plan::DiffPlans(*scenario, plan, *read, label_a, *other);
    inputs.comparison = &*comparison;
  }
  // The hedged plan beside the scenario's deterministic plan.
  std::optional<plan::Plan> deterministic;
  if (stochastic.is_object()) {
    inputs.stochastic = &stochastic;
    deterministic = DeterministicBeside(*scenario, regime, options);
    if (deterministic) inputs.deterministic = &*deterministic;
  }
  auto analysis = finance::AnalyzePlan(*scenario, plan, *assumptions, origin);
  if (analysis.ok()) {
    inputs.finance = &*analysis;
  } else {
    inputs.finance_note = std::string(analysis.status().message());
    std::cerr << "warning: no finance figures: " << analysis.status().message() << "\n";
  }
  auto data = report::BuildReportData(inputs);
  if (!data.ok()) {
    std::cerr << "error: " << data.status().message() << "\n";
    return kExitBadInput;
  }
  const std::string html = report::RenderHtml(*data, *bundle);
  if (auto status = WriteFileAtomically(*out, html); !status.ok()) {
    std::cerr << "error: " << status.message() << "; expected a writable path for --out\n";
    return kExitBadInput;
  }
  const auto& compliance = (*data)["compliance"]["countries"];
  if (args.json()) {
    std::cout << nlohmann::json{{"ok", true},
                                {"out", *out},
                                {"bytes", html.size()},
                                {"schema", report::kReportSchema},
                                {"scenario", scenario->id},
                                {"plan",
                                 {{"origin", origin},
                                  {"status", plan::SolveStatusName(plan.status)}}},
                                {"regime", regime},
                                {"bundle", bundle_path.string()},
                                {"finance", inputs.finance != nullptr},
                                {"comparison",
                                 comparison ? nlohmann::json{{"a", comparison->label_a},
                                                             {"b", comparison->label_b},
                                                             {"rows", comparison->rows.size()}}
                                            : nlohmann::json(nullptr)},
                                {"stochastic", inputs.stochastic != nullptr},
                                {"sites", scenario->sites.size()},
                                {"compliance_countries", compliance.size()}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "wrote " << *out << absl::StrFormat(" (%.1f MB)", html.size() / 1e6)
              << ": plan of " << scenario->id << " " << origin << ", regime " << regime << ", "
              << scenario->sites.size() << " sites, " << compliance.size()
              << " countries in the compliance table"
              << (inputs.finance ? "" : ", no finance figures")
              << (comparison ? absl::StrFormat(", compared with %s (%d countries and years differ)",
                                               comparison->label_b, comparison->rows.size())
                             : std::string())
              << "\n"
              << "open it in a browser; it needs no network\n";
  }
  return kExitOk;
}

}  // namespace

const Command& ReportCommand() {
  static const Command command{
      .name = "report",
      .synopsis =
          "report [SCENARIO] [--plan DIR] [--compare DIR_B] --out FILE.html [--regime ID] "
          "[--assumptions FILE] [--bundle FILE] [--json]",
      .summary = "one self-contained HTML report of a plan, with charts and the compliance table",
      .description =
          "Writes one HTML file that works offline: capacity online by country over time,\n"
          "accelerators and H100-equivalents by country, the share of compute by tier, capex and\n"
          "financing by financier (with NPV and IRR), energy and CO2, unmet demand, the binding\n"
          "constraints, a world map of the sites sized by capacity, and the compliance table "
          "(each\n"
          "country's tier, the caps on it, what the plan uses and what is left).\n"
          "The plan is read from --plan DIR (written by 'stargate plan --out DIR') or solved.\n"
          "With --compare DIR_B, a Comparison section sets it (A) against the plan in DIR_B (B):\n"
          "the figures of 'stargate plan diff A DIR_B', per country and year, and what binds in "
          "one only.\n"
          "A plan written by 'stargate plan --stochastic' gets a Hedged plan section: its\n"
          "expected cost, wait-and-see cost, EVPI, VSS and CVaR, each scenario's figures, and the\n"
          "scenario's deterministic plan (solved here) beside it.\n"
          "The charts come from web/dist/report-bundle.js beside the data directory (build it\n"
          "with: npm --prefix web ci && npm --prefix web run build), or --bundle FILE.",
      .flags = {{"--out", "FILE", "the HTML file to write"},
                {"--plan", "DIR", "read the plan from DIR instead of solving it"},
                {"--compare", "DIR_B",
                 "add a Comparison section: this plan against the plan in DIR_B"},
                {"--regime", "ID",
                 "regime for tiers and caps (default: the plan's, else the scenario's)"},
                {"--assumptions", "FILE",
                 "financing assumptions (YAML, see data/finance-assumptions.yaml)"},
                {"--bundle", "FILE",
                 "the chart bundle (default: DATA_DIR/../web/dist/report-bundle.js)"}},
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

// stargate finance: the cash flows of a plan per site and per financier, and
// NPV, IRR, payback and peak funding need for each and for the whole.
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "command.h"
#include "plan_input.h"
#include "scenario_input.h"
#include "stargate/finance/finance.h"
#include "table.h"

namespace stargate::cli {
namespace {

// Rounding noise of a cent must not print as "$-0".
std::string Money(double usd) { return FormatUsd(std::fabs(usd) < 0.5 ? 0.0 : usd); }

std::string Percent(const std::optional<double>& rate) {
  return rate ? absl::StrFormat("%.1f%%", 100 * *rate) : "n/a";
}

void PrintReport(const finance::FinanceReport& r, const std::string& out_dir) {
  const finance::Totals& t = r.totals;
  std::cout << "finance for " << r.scenario_id << " (plan " << r.start.ToString() << ".."
            << r.horizon_end.ToString() << ", cash flows until " << r.analysis_end.ToString()
            << "), plan " << r.plan_origin << "\n"
            << "capex       " << Money(t.facility_capex_usd + t.chip_capex_usd) << " (facility "
            << Money(t.facility_capex_usd) << ", chips " << Money(t.chip_capex_usd) << "); debt "
            << Money(t.debt_usd) << ", equity " << Money(t.equity_usd) << "\n"
            << (t.funding_gap_usd > 1
                    ? "funding gap " + Money(t.funding_gap_usd) +
                          " of capex no financier's commitment covers (UNFUNDED; carried as the "
                          "stand-in 'unnamed-equity')\n"
                    : std::string())
            << "revenue     " << Money(t.revenue_usd) << "; energy " << Money(t.energy_usd)
            << ", operations " << Money(t.operations_usd) << ", interest " << Money(t.interest_usd)
            << ", tax " << Money(t.tax_usd) << ", residual value " << Money(t.residual_usd) << "\n"
            << absl::StrFormat(
                   "overall     NPV %s at %.1f%%, IRR %s, payback %s, peak funding %s\n",
                   Money(r.overall.npv_usd), 100 * r.overall.discount_rate, Percent(r.overall.irr),
                   r.overall.payback ? r.overall.payback->ToString() : "never",
                   Money(r.overall.peak_funding_usd));
  std::cout << "\nper financier (NPV at its cost of capital)\n";
  Table funders({"financier", "kind", "role", "paid in", "received", "rate", "NPV", "IRR",
                 "payback", "peak need"});
  for (const auto& f : r.funders) {
    const auto& x = f.returns;
    funders.AddRow({f.funder.id, f.funder.kind, f.role, Money(x.paid_in_usd), Money(x.received_usd),
                    absl::StrFormat("%.1f%%", 100 * x.discount_rate), Money(x.npv_usd),
                    Percent(x.irr), x.payback ? x.payback->ToString() : "never",
                    Money(x.peak_funding_usd)});
  }
  funders.Print(std::cout);
  std::cout << "\nper site (project cash flows at "
            << absl::StrFormat("%.1f%%", 100 * r.overall.discount_rate) << ")\n";
  Table sites({"site", "country", "facility", "chips", "debt", "revenue", "NPV", "IRR", "payback"});
  for (const auto& s : r.sites) {
    sites.AddRow({s.id, s.country, Money(s.facility_capex_usd), Money(s.chip_capex_usd),
                  Money(s.debt_usd), Money(s.revenue_usd), Money(s.returns.npv_usd),
                  Percent(s.returns.irr),
                  s.returns.payback ? s.returns.payback->ToString() : "never"});
  }
  sites.Print(std::cout);
  std::cout
      << "\nwrote finance_sites.csv, finance_financiers.csv, finance_summary.csv, finance.json in "
      << out_dir << "\n";
}

int Run(const Command& command, const Args& args) {
  (void)command;
  const auto path = ScenarioPath(args);
  ProgressLine("loading " + path.string());
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;

  const auto assumptions = FinanceAssumptionsOrReport(args);
  if (!assumptions) return kExitBadInput;
  plan::PlanOptions options;
  options.build.objective = scenario->options.objective;
  int exit_code = kExitOk;
  auto input = ReadOrSolvePlan(*scenario, args, scenario->regime, options, &exit_code);
  if (!input) return exit_code;

  auto report = finance::AnalyzePlan(*scenario, input->plan, *assumptions, input->origin);
  if (!report.ok()) {
    std::cerr << "error: " << report.status().message() << "\n";
    return kExitDomainFailure;
  }
  const std::string out_dir = args.Value("--out").value_or(args.Value("--plan").value_or("out"));
  if (auto status = finance::WriteFinanceFiles(*report, out_dir); !status.ok()) {
    std::cerr << "error: " << status.message() << "; expected a writable directory\n";
    return kExitBadInput;
  }
  if (args.json()) {
    std::cout << finance::FinanceReportToJson(*report).dump(2) << "\n";
  } else {
    PrintReport(*report, out_dir);
  }
  return kExitOk;
}

}  // namespace

const Command& FinanceCommand() {
  static const Command command{
      .name = "finance",
      .synopsis = "finance [SCENARIO] [--plan DIR] [--assumptions FILE] [--out DIR] [--json]",
      .summary = "cash flows, NPV and IRR per financier and site for a plan",
      .description =
          "Quarterly cash flows of a plan per site and per financier: facility and chip capex,\n"
          "energy (the country's price x PUE) and operations, revenue (H100e-hours sold at the\n"
          "scenario's price and utilization), depreciation, tax, project debt (its share, rate,\n"
          "tenor and amortization) and equity split among the financiers by what they fund; then\n"
          "NPV, IRR, payback and peak funding need per financier, per site and overall.\n"
          "The plan is read from --plan DIR (written by 'stargate plan --out DIR') or solved.\n"
          "Financing assumptions default to data/finance-assumptions.yaml's values; --assumptions\n"
          "overrides any of them. Writes CSV files and finance.json into --out DIR (default: the\n"
          "--plan directory, else out). docs/finance.md has the formulas.",
      .flags = {{"--plan", "DIR", "read the plan from DIR instead of solving it"},
                {"--assumptions", "FILE",
                 "financing assumptions (YAML, see data/finance-assumptions.yaml)"},
                {"--out", "DIR", "where to write the CSV and JSON files"}},
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

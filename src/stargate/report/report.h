// Report: one self-contained HTML file about a plan, for people who will not
// run the CLI: capacity online by country, compute by country and tier,
// capex and financing, energy and CO2, unmet demand, the binding constraints,
// a world map of the sites, and the compliance table (each country's tier,
// the caps that apply, what the plan uses and what is left). The C++ side
// gathers the figures into one JSON document (schema "stargate-report/1");
// the charts are drawn by a pre-built script bundle (web/, built with npm)
// that is inlined with the data, so the file works offline. Its last section
// lists the sources the report's records cite, with titles, dates and URLs
// from the bibliography (docs/sources.md), never a bare key. With a second
// plan it also compares the two, as `stargate plan diff` does.
//
//   auto data = report::BuildReportData({scenario, plan, "solved", regimes});
//   auto bundle = report::LoadBundle(report::DefaultBundlePath(data_dir));
//   WriteFileAtomically("report.html", report::RenderHtml(*data, *bundle));
#ifndef STARGATE_REPORT_REPORT_H_
#define STARGATE_REPORT_REPORT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "stargate/finance/finance.h"
#include "stargate/model/bibliography.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/rules/rules.h"

namespace stargate::report {

inline constexpr const char* kReportSchema = "stargate-report/1";
// The regime whose tiers define "Tier 1" for the share-of-compute chart, as
// in the plan's KPI, even when the regime in force has no tiers.
inline constexpr const char* kFrameworkRegime = "ai-diffusion-2025";

struct ReportInputs {
  const Scenario& scenario;
  const plan::Plan& plan;
  std::string plan_origin;  // "solved (optimal)" or "read from DIR"
  const rules::RegimeCatalog& regimes;
  std::string regime_choice = kRegimeByDate;
  const finance::FinanceReport* finance = nullptr;  // null: no finance figures
  std::string finance_note;                         // why they are missing
  // The bibliography the "sources" section resolves keys with. Null: the one
  // beside the data directory the regimes were loaded from (as `show` finds it).
  const Bibliography* bibliography = nullptr;
  // The "comparison" section: this plan (A) against another (B), as
  // `stargate plan diff A B` computes it. Null: no comparison.
  const plan::PlanDiff* comparison = nullptr;
  // The "stochastic" section: plan.json's "stochastic" block as
  // `stargate plan --stochastic` wrote it (shown as written, never
  // recomputed), and the scenario's deterministic plan set beside the hedged
  // one (null: none). Null block: a deterministic plan, no section.
  const nlohmann::json* stochastic = nullptr;
  const plan::Plan* deterministic = nullptr;
};

// The figures the report draws. Errors: InvalidArgument when the regime
// choice is unknown.
absl::StatusOr<nlohmann::json> BuildReportData(const ReportInputs& inputs);

// Where `stargate report` looks for the bundle without --bundle: beside the
// data directory, as the web build leaves it (DATA_DIR/../web/dist).
std::filesystem::path DefaultBundlePath(const std::filesystem::path& data_dir);

// Where the bibliography lies beside the data directory: DATA_DIR/../docs/sources.md.
std::filesystem::path DefaultBibliographyPath(const std::filesystem::path& data_dir);

// The bundle's text. Errors: NotFound (with the commands that build it) or
// InvalidArgument when the file is not a script bundle.
absl::StatusOr<std::string> LoadBundle(const std::filesystem::path& path);

// The HTML page: the data as an inert JSON script element and the bundle as
// an inline script, both escaped so that neither can close its element early.
std::string RenderHtml(const nlohmann::json& data, std::string_view bundle);

}  // namespace stargate::report

#endif  // STARGATE_REPORT_REPORT_H_

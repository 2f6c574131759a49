// stargate show countries|sites|accelerators|financiers [SCENARIO]: the
// scenario's entities as a table, or as JSON with --json.
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "scenario_input.h"
#include "stargate/model/bibliography.h"
#include "stargate/model/model_json.h"
#include "table.h"

namespace stargate::cli {
namespace {

template <typename T>
nlohmann::json JsonList(const std::vector<T>& items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) list.push_back(ToJson(item));
  return list;
}

void ShowAccelerators(const Scenario& s) {
  Table t({"id", "vendor", "TPP", "die mm2", "PD", "H100e", "kW", "price", "installed", "memory GB",
           "from"});
  for (const auto& a : s.accelerators) {
    t.AddRow({a.id, a.vendor, FormatNumber(a.tpp()), FormatNumber(a.die_area_mm2),
              a.die_area_mm2 > 0 ? absl::StrFormat("%.2f", a.performance_density()) : "n/a",
              absl::StrFormat("%.2f", a.h100e()), absl::StrFormat("%.2f", a.power_kw),
              a.price_usd > 0 ? FormatUsd(a.price_usd) : "n/a",
              a.price_usd > 0 ? FormatUsd(a.InstalledCostUsd()) : "n/a", FormatNumber(a.memory_gb),
              a.available_from.ToString()});
  }
  t.Print(std::cout);
}

void ShowCountries(const Scenario& s) {
  Table t({"iso2", "name", "region", "zone", "partner", "$/MWh", "gCO2/kWh", "freedom", "groups"});
  for (const auto& c : s.countries) {
    t.AddRow({c.iso2, c.name, c.region, c.data_protection_zone, EnumName(c.partner_status),
              FormatNumber(c.electricity_usd_per_mwh), FormatNumber(c.grid_gco2_per_kwh),
              FormatNumber(c.freedom_score), absl::StrJoin(c.memberships, " ")});
  }
  t.Print(std::cout);
}

void ShowSites(const Scenario& s) {
  Table t({"id", "country", "status", "grid MW", "existing MW", "PUE", "shell $/MW", "lead q",
           "operator"});
  for (const auto& site : s.sites) {
    t.AddRow({site.id, site.country, EnumName(site.status), FormatNumber(site.grid_mw_max),
              FormatNumber(site.existing_mw), absl::StrFormat("%.2f", site.pue),
              FormatUsd(site.shell_capex_usd_per_mw), std::to_string(site.lead_quarters),
              site.operator_name});
  }
  t.Print(std::cout);
}

void ShowFinanciers(const Scenario& s) {
  Table t({"id", "kind", "hq", "committed", "cost of capital", "eligible", "screening"});
  for (const auto& f : s.financiers) {
    t.AddRow({f.id, EnumName(f.kind), f.hq, FormatUsd(f.TotalCommittedUsd()),
              absl::StrFormat("%.1f%%", f.cost_of_capital * 100),
              f.eligible_everywhere ? "all" : absl::StrJoin(f.eligible_countries, " "),
              EnumName(f.screening_status)});
  }
  t.Print(std::cout);
}

int Run(const Command& command, const Args& args) {
  const std::string what = args.positional[0];
  const std::vector<std::string> kinds = {"accelerators", "countries", "financiers", "sites"};
  if (std::find(kinds.begin(), kinds.end(), what) == kinds.end()) {
    return UsageError(command, "cannot show '" + what + "'",
                      "one of accelerators, countries, financiers, sites");
  }
  auto scenario = LoadScenarioOrReport(ScenarioPath(args, 1), args);
  if (!scenario) return kExitBadInput;
  if (args.json()) {
    nlohmann::json list;
    if (what == "accelerators") list = JsonList(scenario->accelerators);
    if (what == "countries") list = JsonList(scenario->countries);
    if (what == "sites") list = JsonList(scenario->sites);
    if (what == "financiers") list = JsonList(scenario->financiers);
    if (auto bibliography = Bibliography::Load(DataDir().parent_path() / "docs" / "sources.md");
        bibliography.ok()) {
      AddReferences(&list, *bibliography);
    }
    std::cout << nlohmann::json{{what, list}}.dump(2) << "\n";
    return kExitOk;
  }
  if (what == "accelerators") ShowAccelerators(*scenario);
  if (what == "countries") ShowCountries(*scenario);
  if (what == "sites") ShowSites(*scenario);
  if (what == "financiers") ShowFinanciers(*scenario);
  return kExitOk;
}

}  // namespace

const Command& ShowCommand() {
  static const Command command{
      .name = "show",
      .synopsis = "show accelerators|countries|financiers|sites [SCENARIO] [--json]",
      .summary = "list a scenario's accelerators, countries, financiers or sites",
      .description =
          "Prints the entities of SCENARIO (default: the global scenario) as a table,\n"
          "or with --json as {\"<kind>\": [...]} with every field and its provenance.",
      .flags = {},
      .min_positional = 1,
      .max_positional = 2,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

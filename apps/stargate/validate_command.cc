// stargate validate [SCENARIO]: load every data file, report every problem,
// and summarise what the scenario holds.
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "command.h"
#include "scenario_input.h"
#include "table.h"

namespace stargate::cli {
namespace {

struct Summary {
  double grid_mw = 0;
  double existing_mw = 0;
  double committed_usd = 0;
  std::map<std::string, int> sites_by_status;
  int partner_countries = 0;
};

Summary Summarize(const Scenario& s) {
  Summary sum;
  for (const auto& site : s.sites) {
    if (site.status == SiteStatus::kCancelled) continue;
    sum.grid_mw += site.grid_mw_max;
    sum.existing_mw += site.existing_mw;
    ++sum.sites_by_status[EnumName(site.status)];
  }
  for (const auto& f : s.financiers) sum.committed_usd += f.TotalCommittedUsd();
  for (const auto& c : s.countries) {
    if (c.partner_status != PartnerStatus::kNone) ++sum.partner_countries;
  }
  return sum;
}

int Run(const Command&, const Args& args) {
  const auto path = ScenarioPath(args);
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  const Summary sum = Summarize(*scenario);
  if (args.json()) {
    nlohmann::json j = {
        {"ok", true},
        {"scenario",
         {{"id", scenario->id},
          {"name", scenario->name},
          {"start", scenario->start.ToString()},
          {"end", scenario->end.ToString()},
          {"regime", scenario->regime},
          {"files", scenario->files}}},
        {"counts",
         {{"accelerators", scenario->accelerators.size()},
          {"countries", scenario->countries.size()},
          {"sites", scenario->sites.size()},
          {"financiers", scenario->financiers.size()},
          {"demand", scenario->demand.size()},
          {"supply", scenario->supply.size()}}},
        {"summary",
         {{"grid_mw_max", sum.grid_mw},
          {"existing_mw", sum.existing_mw},
          {"committed_usd", sum.committed_usd},
          {"sites_by_status", sum.sites_by_status},
          {"partner_countries", sum.partner_countries}}}};
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "ok: " << path.string() << " is valid (" << scenario->files.size() << " files)\n\n"
            << "scenario   " << scenario->id << ": " << scenario->name << "\n"
            << "horizon    " << scenario->start.ToString() << " .. " << scenario->end.ToString()
            << " (" << scenario->num_quarters() << " quarters)\n"
            << "regime     " << scenario->regime << "\n\n";
  Table counts({"entity", "count"});
  counts.AddRow({"accelerators", std::to_string(scenario->accelerators.size())});
  counts.AddRow({"countries", std::to_string(scenario->countries.size())});
  counts.AddRow({"sites", std::to_string(scenario->sites.size())});
  counts.AddRow({"financiers", std::to_string(scenario->financiers.size())});
  counts.AddRow({"demand rows", std::to_string(scenario->demand.size())});
  counts.AddRow({"supply rows", std::to_string(scenario->supply.size())});
  counts.Print(std::cout);
  std::cout << "\ngrid capacity at build-out  " << FormatNumber(sum.grid_mw) << " MW ("
            << FormatNumber(sum.existing_mw) << " MW existing)\n"
            << "capital committed           " << FormatUsd(sum.committed_usd) << "\n"
            << "partner countries           " << sum.partner_countries << "\n"
            << "sites by status            ";
  for (const auto& [status, n] : sum.sites_by_status) std::cout << " " << status << " " << n;
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

const Command& ValidateCommand() {
  static const Command command{
      .name = "validate",
      .synopsis = "validate [SCENARIO] [--json]",
      .summary = "check a scenario's data files and print a summary",
      .description =
          "Loads SCENARIO (default: data/scenarios/stargate-global.yaml) and every file it\n"
          "includes, and reports every problem as 'error: FILE:LINE:COL: what; expected what'.\n"
          "Exit code 2 when there is any problem; nothing is loaded then.",
      .flags = {},
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

// stargate validate [SCENARIO]: load every data file, report every problem,
// and summarise what the scenario holds.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "scenario_input.h"
#include "screening_input.h"
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

// The scenario's financiers screened against the configured lists.
struct FinancierScreening {
  size_t screened = 0;
  std::string lists;  // file names, for the summary line
  float threshold = screen::kDefaultThreshold;
  std::vector<std::pair<const Financier*, std::vector<screen::Hit>>> hits;
};

// Every financier's name is screened; a name the screener cannot take is
// reported as a problem, never passed as clear.
std::optional<int> ScreenFinanciers(const Command& command, const Args& args,
                                    const Scenario& scenario,
                                    std::optional<FinancierScreening>* out) {
  const auto listed = ScreeningLists(args, false);
  if (!listed.ok() || listed->paths.empty()) return std::nullopt;
  const auto& paths = listed->paths;
  FinancierScreening result;
  if (auto usage = ReadThreshold(command, args, &result.threshold)) return *usage;
  int exit_code = kExitOk;
  auto list = LoadScreeningListOrReport(paths, args, &exit_code);
  if (!list) return exit_code;
  std::vector<std::string> files;
  for (const auto& f : list->info().files) files.push_back(f.name);
  result.lists = absl::StrJoin(files, ", ");
  screen::ScreenOptions options;
  options.threshold = result.threshold;
  options.max_hits = 3;
  for (const Financier& f : scenario.financiers) {
    auto hits = screen::Screen(*list, f.name, options);
    if (!hits.ok()) {
      std::cerr << "error: financier '" << f.id << "': name '" << f.name
                << "' cannot be screened: " << hits.status().message()
                << "; expected a name with a letter or digit\n";
      return kExitBadInput;
    }
    ++result.screened;
    if (!hits->empty()) result.hits.emplace_back(&f, std::move(*hits));
  }
  *out = std::move(result);
  return std::nullopt;
}

nlohmann::json ScreeningJson(const FinancierScreening& s) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& [financier, found] : s.hits) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& hit : found) {
      entries.push_back({{"score", hit.score},
                         {"list", hit.list},
                         {"entry_id", hit.entry_id},
                         {"entry_name", hit.entry_name},
                         {"programs", hit.programs}});
    }
    hits.push_back({{"financier", financier->id}, {"name", financier->name}, {"hits", entries}});
  }
  return {{"lists", s.lists},
          {"threshold", s.threshold},
          {"financiers_screened", s.screened},
          {"financiers_hit", s.hits.size()},
          {"hits", hits}};
}

void PrintScreening(const FinancierScreening& s) {
  std::cout << "\nscreening   " << s.screened << " financiers against " << s.lists
            << " at threshold " << absl::StrFormat("%.2f", s.threshold) << ": " << s.hits.size()
            << " hit\n";
  for (const auto& [financier, found] : s.hits) {
    const screen::Hit& best = found.front();
    std::cout << "HIT        financier '" << financier->id << "' (" << financier->name
              << ") matches " << best.list << " entry " << best.entry_id << " (" << best.entry_name
              << ", " << absl::StrJoin(best.programs, " ") << ") with score "
              << absl::StrFormat("%.3f", best.score) << "\n";
  }
}

int Run(const Command& command, const Args& args) {
  const auto path = ScenarioPath(args);
  auto scenario = LoadScenarioOrReport(path, args);
  if (!scenario) return kExitBadInput;
  std::optional<FinancierScreening> screening;
  if (auto exit_code = ScreenFinanciers(command, args, *scenario, &screening)) return *exit_code;
  const int exit_code = screening && !screening->hits.empty() ? kExitDomainFailure : kExitOk;
  const Summary sum = Summarize(*scenario);
  if (args.json()) {
    nlohmann::json j = {{"ok", true},
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
    if (screening) j["screening"] = ScreeningJson(*screening);
    std::cout << j.dump(2) << "\n";
    return exit_code;
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
  if (screening) PrintScreening(*screening);
  return exit_code;
}

}  // namespace

const Command& ValidateCommand() {
  static const Command command{
      .name = "validate",
      .synopsis = "validate [SCENARIO] [--list L] [--threshold X] [--json]",
      .summary = "check a scenario's data files and print a summary",
      .description =
          "Loads SCENARIO (default: data/scenarios/stargate-global.yaml) and every file it\n"
          "includes, and reports every problem as 'error: FILE:LINE:COL: what; expected what'.\n"
          "Exit code 2 when there is any problem; nothing is loaded then.\n"
          "With a restricted-party list (--list FILE|DIR, or $STARGATE_SCREEN_LIST), every\n"
          "financier's name is screened too; exit code 1 when any scores at or above the\n"
          "threshold.",
      .flags = ScreeningFlags(),
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

#include "rules_input.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "scenario_input.h"
#include "stargate/core/clock.h"
#include "stargate/core/text.h"
#include "stargate/rules/rules.h"

namespace stargate::cli {

FlagSpec ScenarioFlag() {
  return {"--scenario", "FILE",
          "accelerators and countries from FILE (default: the global scenario)"};
}

std::optional<Scenario> LoadRulesScenario(const Args& args) {
  const auto flag = args.Value("--scenario");
  const std::filesystem::path path =
      flag ? std::filesystem::path(*flag) : DataDir() / "scenarios" / "stargate-global.yaml";
  return LoadScenarioOrReport(path, args);
}

void PrintProblems(const std::vector<Diagnostic>& problems, const std::string& name) {
  for (const auto& d : problems) {
    if (d.location.line > 0) {
      std::cerr << "error: " << d.ToString() << "\n";
    } else {
      std::cerr << "error: " << d.what << (d.expected.empty() ? "" : "; expected " + d.expected)
                << "\n";
    }
  }
  std::cerr << problems.size() << (problems.size() == 1 ? " problem" : " problems") << " in "
            << name << "\n";
}

std::optional<rules::RegimeCatalog> LoadRegimesOrReport() {
  const auto dir = DataDir() / "regimes";
  std::vector<Diagnostic> problems;
  auto catalog = rules::LoadRegimeCatalog(dir, &problems);
  if (catalog.ok()) return std::move(*catalog);
  PrintProblems(problems, dir.string());
  return std::nullopt;
}

std::optional<Date> DateFlag(const Command& command, const Args& args) {
  const auto text = args.Value("--date");
  if (!text) return TodayUtc();
  auto date = Date::Parse(*text);
  if (!date.ok()) {
    UsageError(command, absl::StrCat("--date '", *text, "' is not a calendar date"),
               "--date YYYY-MM-DD");
    return std::nullopt;
  }
  return *date;
}

std::optional<std::string> RegimeFlag(const Command& command, const Args& args,
                                      const rules::RegimeCatalog& catalog) {
  const auto value = args.Value("--regime");
  if (!value || *value == kRegimeByDate) return std::string(kRegimeByDate);
  if (catalog.Find(*value)) return *value;
  std::vector<std::string> choices = catalog.ids();
  choices.insert(choices.begin(), kRegimeByDate);
  std::string what = absl::StrCat("regime '", *value, "' is not known");
  if (auto near = ClosestMatch(*value, choices))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  UsageError(command, what, OneOf(choices));
  return std::nullopt;
}

}  // namespace stargate::cli

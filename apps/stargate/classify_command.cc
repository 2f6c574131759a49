// stargate classify ACCELERATOR | --tpp N --die-area-mm2 A [--date D]: the
// ECCN 3A090 class of a catalogue accelerator or a hypothetical chip, with
// every threshold test and the one that decided it.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "command.h"
#include "rules_input.h"
#include "stargate/core/text.h"
#include "stargate/rules/rules.h"
#include "table.h"

namespace stargate::cli {
namespace {

std::optional<double> NumberFlag(const Command& command, const Args& args, const std::string& flag,
                                 bool positive) {
  const std::string text = *args.Value(flag);
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v) ||
      (positive ? v <= 0 : v < 0)) {
    UsageError(command,
               absl::StrCat(flag, " '", text, "' is not a number ", positive ? "> 0" : ">= 0"),
               absl::StrCat(flag, positive ? " N with N > 0" : " A with A >= 0"));
    return std::nullopt;
  }
  return v;
}

int Run(const Command& command, const Args& args) {
  const bool named = !args.positional.empty();
  const bool tpp_given = args.Has("--tpp"), area_given = args.Has("--die-area-mm2");
  if (named && (tpp_given || area_given)) {
    return UsageError(command, "both an accelerator and --tpp/--die-area-mm2 are given",
                      "either ACCELERATOR or --tpp N --die-area-mm2 A");
  }
  if (!named && !tpp_given && !area_given) {
    return UsageError(command, "nothing to classify", "ACCELERATOR or --tpp N --die-area-mm2 A");
  }
  if (!named && tpp_given != area_given) {
    return UsageError(command,
                      tpp_given ? "--tpp is given without --die-area-mm2"
                                : "--die-area-mm2 is given without --tpp",
                      "--tpp N --die-area-mm2 A (A = 0 when the die area is unknown)");
  }
  const auto date = DateFlag(command, args);
  if (!date) return kExitBadInput;
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;
  const auto choice = RegimeFlag(command, args, *catalog);
  if (!choice) return kExitBadInput;

  rules::ChipMetrics chip;
  std::string accelerator_id, accelerator_name;
  if (named) {
    auto scenario = LoadRulesScenario(args);
    if (!scenario) return kExitBadInput;
    const std::string& id = args.positional[0];
    const Accelerator* a = scenario->FindAccelerator(id);
    if (!a) {
      std::vector<std::string> ids;
      for (const auto& acc : scenario->accelerators) ids.push_back(acc.id);
      std::string what = absl::StrCat("accelerator '", id, "' is not in the catalogue");
      if (auto near = ClosestMatch(id, ids))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      std::cerr << "error: " << what << "; expected " << OneOf(ids)
                << ", or --tpp N --die-area-mm2 A for a hypothetical chip\n";
      return kExitBadInput;
    }
    accelerator_id = a->id;
    accelerator_name = a->name;
    chip = {a->tpp(), a->die_area_mm2, std::nullopt, a->datacenter};
  } else {
    const auto tpp = NumberFlag(command, args, "--tpp", true);
    if (!tpp) return kExitBadInput;
    const auto area = NumberFlag(command, args, "--die-area-mm2", false);
    if (!area) return kExitBadInput;
    chip = {*tpp, *area, std::nullopt, true};
  }

  const rules::Regime* regime =
      *choice == kRegimeByDate ? catalog->InForceOn(*date) : catalog->Find(*choice);
  if (!regime) {
    const auto earliest = catalog->EarliestDate();
    std::cerr << "error: no regime is in force on " << date->ToString()
              << "; expected a --date on or after "
              << (earliest ? earliest->ToString() : "the first regime") << ", or --regime ID\n";
    return kExitBadInput;
  }
  const rules::Classification c = rules::Classify(regime->classification, *date, chip, true);

  if (args.json()) {
    nlohmann::json tests = nlohmann::json::array();
    for (const auto& t : c.tests)
      tests.push_back({{"id", t.id}, {"condition", t.condition}, {"met", t.met}});
    nlohmann::json j = {
        {"accelerator", named ? nlohmann::json(accelerator_id) : nlohmann::json(nullptr)},
        {"tpp", chip.tpp},
        {"die_area_mm2", chip.die_area_mm2},
        {"performance_density", chip.density_known() ? nlohmann::json(chip.performance_density())
                                                     : nlohmann::json(nullptr)},
        {"datacenter", chip.datacenter},
        {"date", date->ToString()},
        {"regime", regime->id},
        {"classification", c.indeterminate ? "indeterminate" : rules::EccnName(c.eccn)},
        {"decided_by", c.decided_by},
        {"tests", tests},
        {"cite", regime->classification.cite}};
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  const std::string what =
      named ? absl::StrCat(accelerator_id, " (", accelerator_name, ")") : "hypothetical chip";
  std::cout << what << ": " << (c.indeterminate ? "indeterminate" : rules::EccnName(c.eccn)) << "\n"
            << "  TPP " << FormatNumber(chip.tpp, chip.tpp == std::floor(chip.tpp) ? 0 : 2)
            << ", die area "
            << (chip.density_known() ? FormatNumber(chip.die_area_mm2, 0) + " mm2" : "unknown")
            << ", performance density "
            << (chip.density_known() ? absl::StrFormat("%.2f", chip.performance_density()) : "n/a")
            << (chip.datacenter ? "" : ", not a datacenter IC") << "\n";
  if (c.decided_by != "none") {
    for (const auto& t : c.tests) {
      if (t.id == c.decided_by) std::cout << "  decided by " << t.id << ": " << t.condition << "\n";
    }
  } else if (c.indeterminate) {
    std::cout << "  the die area is unknown, so the performance-density tests cannot be run and\n"
                 "  the chip could be 3A090.a or .b: a shipment of it is held (fail closed)\n";
  } else {
    std::cout << "  no 3A090 test is met: not controlled\n";
  }
  std::cout << "  regime " << regime->id << " on " << date->ToString() << "; "
            << regime->classification.cite << "\n\n";
  Table table({"test", "condition", "met"});
  for (const auto& t : c.tests) table.AddRow({t.id, t.condition, t.met ? "yes" : "no"});
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace

const Command& ClassifyCommand() {
  static const Command command{
      .name = "classify",
      .synopsis =
          "classify ACCELERATOR | --tpp N --die-area-mm2 A [--date D] [--regime ID] [--json]",
      .summary = "the ECCN 3A090 class of an accelerator, with the thresholds that decided it",
      .description =
          "Classifies a catalogue accelerator (see 'stargate show accelerators') or a "
          "hypothetical\n"
          "chip given by its TPP and die area (0 when unknown: the density tests then cannot "
          "apply)\n"
          "under the thresholds of the regime in force on --date (default: today) or of --regime.\n"
          "Prints the class (3A090.a, 3A090.b or not_controlled), every threshold test with its\n"
          "outcome, and the citation.",
      .flags = {{"--tpp", "N", "Total Processing Performance of a hypothetical chip"},
                {"--die-area-mm2", "A", "its applicable die area in mm2 (0: unknown)"},
                {"--date", "D", "the date whose thresholds apply (YYYY-MM-DD; default today)"},
                {"--regime", "ID", "a regime by id instead of the one in force on the date"},
                ScenarioFlag()},
      .min_positional = 0,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

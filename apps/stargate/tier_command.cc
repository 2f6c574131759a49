// stargate tier COUNTRY [--date D] [--regime ID]: a country's tier, how
// controlled chips are treated there, the caps that apply and what is left,
// and the upgrade path: each criterion met or missing, with its evidence.
#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "rules_input.h"
#include "stargate/rules/engine.h"
#include "stargate/rules/tier_report.h"
#include "stargate/rules/tier_report_json.h"
#include "table.h"

namespace stargate::cli {
namespace {

using nlohmann::json;

std::string LineText(const rules::TreatmentLine& line) {
  std::string out = rules::OutcomeName(line.outcome);
  if (!line.exception.empty()) absl::StrAppend(&out, " (", line.exception, ")");
  if (line.review_policy) absl::StrAppend(&out, ", ", rules::ReviewPolicyName(*line.review_policy));
  if (!line.try_first.empty()) {
    absl::StrAppend(&out, "; first ", absl::StrJoin(line.try_first, ", then "));
  }
  return out;
}

void PrintText(const rules::TierReport& t) {
  std::cout << t.country << " " << t.country_name << " under " << t.regime << " on "
            << t.date.ToString() << "\n"
            << "tier: " << t.group << " (" << t.group_name << "): " << t.how << "\n"
            << "      [" << t.group_cite << "]\n";
  if (t.home) {
    std::cout << "\nShipments within " << t.country << " are not exports: no license is needed.\n";
  }
  if (t.headquarters_rule) {
    std::cout << "Entities headquartered here are treated as if in " << t.group
              << " wherever they are.\n";
  }
  std::cout << "\ncontrolled chips (consignee headquartered in " << t.country << "):\n";
  for (const auto& tr : t.treatments) {
    if (tr.lines.empty()) {
      std::cout << "  " << rules::EccnName(tr.eccn) << ": no license required\n";
      continue;
    }
    for (size_t i = 0; i < tr.lines.size(); ++i) {
      const auto& l = tr.lines[i];
      std::cout << "  " << rules::EccnName(tr.eccn) << ": "
                << (l.condition.empty() ? (i == 0 ? "" : "otherwise ") : "if " + l.condition + ": ")
                << LineText(l) << "  [" << l.cite << "]\n";
    }
  }
  if (t.lpp_tpp_per_consignee_per_year) {
    std::cout << "  LPP: up to " << rules::FormatTpp(*t.lpp_tpp_per_consignee_per_year)
              << " TPP per consignee per calendar year, not counted against caps  [" << t.lpp_cite
              << "]\n";
  }
  std::cout << "\ncaps:";
  if (t.caps.empty()) {
    std::cout << " none apply on this date\n";
  } else {
    std::cout << "\n";
    Table table({"cap", "window", "limit TPP", "used", "left", "consignee"});
    for (const auto& c : t.caps) {
      table.AddRow({c.id, c.window, rules::FormatTpp(c.limit_tpp), rules::FormatTpp(c.used_tpp),
                    rules::FormatTpp(c.remaining_tpp()),
                    c.consignee.empty() ? "any" : c.consignee});
    }
    table.Print(std::cout);
    for (const auto& c : t.caps) {
      std::cout << "  " << c.id << ": " << c.description
                << (c.multiplied_by.empty() ? "" : "; multiplied by " + c.multiplied_by) << "\n"
                << "    [" << c.cite << "]\n";
    }
  }
  std::cout << "\nupgrade path:";
  if (t.upgrades.empty()) {
    std::cout << " none from " << t.base_group << " in this regime\n";
    return;
  }
  std::cout << "\n";
  for (const auto& u : t.upgrades) {
    std::cout << "  " << u.id << ": " << u.name << " — " << (u.met ? "MET" : "not met") << "\n"
              << "    unlocks: " << u.unlocks << "\n";
    for (const auto& c : u.criteria) {
      std::cout << "    [" << (c.met ? "met" : "missing") << "] "
                << rules::CriterionName(c.criterion) << " ("
                << rules::CriterionDescription(c.criterion) << "): " << c.evidence << "\n";
    }
    std::cout << "    [" << u.cite << "]\n";
  }
}

int Run(const Command& command, const Args& args) {
  std::string country = args.positional[0];
  if (country.size() == 2) {
    for (char& ch : country) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  const auto date = DateFlag(command, args);
  if (!date) return kExitBadInput;
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;
  const auto choice = RegimeFlag(command, args, *catalog);
  if (!choice) return kExitBadInput;
  auto scenario = LoadRulesScenario(args);
  if (!scenario) return kExitBadInput;
  const rules::Engine engine(*catalog, *scenario);
  auto report = rules::DescribeTier(engine, country, *date, *choice, rules::CapUsage{});
  if (!report.ok()) {
    std::cerr << "error: " << report.status().message() << "\n";
    return kExitBadInput;
  }
  if (args.json()) {
    std::cout << rules::ToJson(*report).dump(2) << "\n";
  } else {
    PrintText(*report);
  }
  return kExitOk;
}

}  // namespace

const Command& TierCommand() {
  static const Command command{
      .name = "tier",
      .synopsis = "tier COUNTRY [--date D] [--regime ID] [--json]",
      .summary = "a country's tier, its caps and what is left, and how it moves up",
      .description =
          "Shows where COUNTRY (ISO 3166 alpha-2) sits in the regime in force on --date (default:\n"
          "today) or in --regime: its tier and why, how 3A090.a and 3A090.b are treated for a\n"
          "consignee headquartered there, the caps that apply with what is left, and each upgrade\n"
          "path open to it: every criterion met or missing with its evidence, and the cap or\n"
          "status it would unlock.",
      .flags = {{"--date", "D", "the date to look at (YYYY-MM-DD; default today)"},
                {"--regime", "ID", "a regime by id instead of the one in force on the date"},
                ScenarioFlag()},
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

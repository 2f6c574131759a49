// stargate tier COUNTRY [--date D] [--regime ID] [--plan DIR] [--chip ID]:
// what a partner country gets, when, and how it moves up, in plain words:
// its tier and how controlled chips are treated there, every cap and
// allowance in TPP, H100e and chips of the current generation, what the plan
// in DIR builds there by year, and the upgrade path as a checklist, with
// links to the legal text and the terms explained (docs/glossary.md).
// GET /api/tier/{country} gives the same answer (report::PartnerViewJson).
#include <iostream>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "rules_input.h"
#include "scenario_input.h"
#include "stargate/model/model.h"
#include "stargate/plan/plan.h"
#include "stargate/report/partner_view.h"
#include "stargate/rules/rules.h"
#include "table.h"

namespace stargate::cli {
namespace {

using report::PartnerView;

// "790,000,000 TPP = about 49,900 H100 = about 13,200 GB300".
std::string AmountText(const report::Amount& a, const PartnerView& v) {
  std::string out =
      absl::StrCat(rules::FormatTpp(a.tpp), " TPP = about ", report::Rounded(a.h100e), " H100");
  if (v.current.tpp > 0 && v.current.id != v.h100.id) {
    absl::StrAppend(&out, " = about ", report::Rounded(a.chips), " ", v.current.id);
  }
  return out;
}

void PrintLinks(const std::vector<report::Link>& links, const char* indent) {
  if (links.empty()) return;
  std::vector<std::string> parts;
  for (const auto& l : links) parts.push_back(absl::StrCat(l.label, " <", l.url, ">"));
  std::cout << indent << "legal text: " << absl::StrJoin(parts, "; ") << "\n";
}

void PrintPlan(const PartnerView& v) {
  const std::string& name = v.tier.country_name;
  if (v.plan_origin.empty()) {
    std::cout << "\nWhat the plan gives " << name
              << ": no plan given (--plan DIR, written by 'stargate plan --out DIR')\n";
    return;
  }
  std::cout << "\nWhat the plan gives " << name << " (plan " << v.plan_origin
            << "), installed at each year's end:\n";
  bool any = false;
  for (const auto& y : v.plan_by_year) any = any || y.h100e > 0 || y.mw_online > 0;
  if (!any) {
    std::cout << "  nothing: the plan builds no site and installs no chip in " << name << "\n";
    return;
  }
  Table table({"year", "H100e", "chips", "MW online", "chips by type"});
  for (const auto& y : v.plan_by_year) {
    std::vector<std::string> types;
    for (const auto& [id, n] : y.chips_by_type)
      types.push_back(absl::StrCat(report::Rounded(n), " ", id));
    table.AddRow({std::to_string(y.year), report::Rounded(y.h100e), report::Rounded(y.chips),
                  report::Rounded(y.mw_online), absl::StrJoin(types, ", ")});
  }
  table.Print(std::cout);
}

void PrintText(const PartnerView& v) {
  const rules::TierReport& t = v.tier;
  std::cout << t.country_name << " (" << t.country << ") under " << v.regime_term << " on "
            << t.date.ToString() << "\n";
  PrintLinks(v.regime_links, "  ");
  std::cout << "\nTier: " << v.tier_term << "\n";
  if (!v.tier_meaning.empty()) std::cout << "  " << v.tier_meaning << "\n";
  std::cout << "  why: " << v.how << "\n";
  PrintLinks(v.tier_links, "  ");
  std::cout << "  values: Freedom House score " << v.freedom_score << " of 100 ("
            << (v.rated_free ? "rated Free" : "not rated Free") << "; Free is "
            << kFreedomHouseFreeMinScore << " or more); data-protection zone "
            << v.data_protection_zone << "\n";
  if (t.home)
    std::cout << "  Shipments within " << t.country_name
              << " are not exports: no license is needed.\n";
  if (t.headquarters_rule) {
    std::cout << "  Companies headquartered here are treated as if in " << v.tier_term
              << " wherever they are.\n";
  }
  std::cout << "\nAmounts are in TPP, in H100-equivalents (1 H100 = "
            << rules::FormatTpp(v.h100.tpp) << " TPP)";
  if (v.current.tpp > 0 && v.current.id != v.h100.id) {
    std::cout << " and in " << v.current.id << " chips (" << rules::FormatTpp(v.current.tpp)
              << " TPP each; " << v.current.why << ")";
  }
  std::cout << ".\n";

  std::cout << "\nControlled chips, for a buyer headquartered in " << t.country_name << ":\n";
  for (const auto& l : v.treatments) {
    std::cout << "  - " << l.chips << (l.condition.empty() ? "" : ", " + l.condition) << ": "
              << l.answer << "\n";
    PrintLinks(l.links, "      ");
  }
  if (v.lpp) {
    std::cout
        << "\nAllowance without a license (License Exception LPP), per buyer per calendar year:\n  "
        << AmountText(*v.lpp, v) << "; not counted against any cap\n";
    PrintLinks(v.lpp_links, "  ");
  }
  std::cout << "\nCaps:";
  if (v.caps.empty()) {
    std::cout << " none apply to " << t.country_name << " on this date\n";
  } else {
    std::cout << "\n";
    for (const auto& c : v.caps) {
      std::cout << "  - " << c.title << " (" << c.window
                << (c.consignee.empty() ? "" : ", for " + c.consignee) << ")\n"
                << "      limit: " << AmountText(c.limit, v) << "\n"
                << "      used:  " << AmountText(c.used, v) << "\n"
                << "      left:  " << AmountText(c.left, v) << "\n";
      if (!c.multiplied_by.empty()) std::cout << "      raised by: " << c.multiplied_by << "\n";
      PrintLinks(c.links, "      ");
    }
  }
  PrintPlan(v);

  std::cout << "\nHow to move up:";
  if (v.upgrades.empty()) {
    std::cout << " this regime has no upgrade path from " << v.tier_term
              << (v.caps.empty() ? " (no country cap applies here to lift)" : "") << "\n";
  } else {
    std::cout << "\n";
    for (const auto& u : v.upgrades) {
      std::cout << "  " << (u.met ? "[x] " : "[ ] ") << u.name << (u.met ? " (met)" : "") << "\n"
                << "      unlocks: " << u.unlocks << "\n";
      for (const auto& c : u.checklist) {
        std::cout << "      " << (c.met ? "[x] " : "[ ] ") << c.criterion << ": " << c.evidence
                  << "\n";
      }
      PrintLinks(u.links, "      ");
    }
  }
  if (!v.terms.empty()) {
    std::cout << "\nTerms used (docs/glossary.md):\n";
    for (const auto* e : v.terms) {
      std::cout << "  " << e->term << ": " << e->meaning;
      if (!e->urls.empty()) std::cout << " <" << e->urls.front() << ">";
      std::cout << "\n";
    }
  }
  if (!v.sources.empty()) {
    std::cout << "\nSources of " << t.country_name << "'s figures:\n";
    for (const auto& s : v.sources) {
      std::cout << "  " << s.title << (s.date.empty() ? "" : " (" + s.date + ")");
      for (const auto& url : s.urls) std::cout << " <" << url << ">";
      std::cout << "\n";
    }
  }
}

int Run(const Command& command, const Args& args) {
  const auto date = DateFlag(command, args);
  if (!date) return kExitBadInput;
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;
  const auto choice = RegimeFlag(command, args, *catalog);
  if (!choice) return kExitBadInput;
  auto scenario = LoadRulesScenario(args);
  if (!scenario) return kExitBadInput;
  // The country first: a misspelt name is the user's first problem.
  const CountryResolution country =
      CountryResolver(scenario->countries).Resolve(args.positional[0]);
  if (!country.ok()) {
    std::cerr << "error: " << country.what << "; expected " << country.expected << "\n";
    return kExitBadInput;
  }
  std::optional<plan::Plan> plan;
  std::string origin;
  if (auto dir = args.Value("--plan")) {
    std::vector<Diagnostic> diagnostics;
    auto read = plan::ReadPlanDirectory(*dir, *scenario, &diagnostics);
    if (!read.ok()) return ReportInputProblems(diagnostics, *dir, args);
    plan = std::move(*read);
    origin = "read from " + *dir;
  }
  const auto glossary = report::Glossary::Load(report::DefaultGlossaryPath(DataDir()));
  const auto bibliography = Bibliography::Load(DataDir().parent_path() / "docs" / "sources.md");
  const rules::Engine engine(*catalog, *scenario);
  report::PartnerViewInputs in{.engine = engine, .country = country.country->iso2, .date = *date};
  in.regime_choice = *choice;
  in.plan = plan ? &*plan : nullptr;
  in.plan_origin = origin;
  in.glossary = glossary.ok() ? &*glossary : nullptr;
  in.bibliography = bibliography.ok() ? &*bibliography : nullptr;
  in.chip = args.Value("--chip").value_or("");
  auto view = report::BuildPartnerView(in);
  if (!view.ok()) {
    std::cerr << "error: " << view.status().message() << "\n";
    return kExitBadInput;
  }
  if (args.json()) {
    std::cout << report::PartnerViewJson(*view).dump(2) << "\n";
  } else {
    PrintText(*view);
  }
  return kExitOk;
}

}  // namespace

const Command& TierCommand() {
  static const Command command{
      .name = "tier",
      .synopsis = "tier COUNTRY [--date D] [--regime ID] [--plan DIR] [--chip ID] [--json]",
      .summary = "what a country gets, when, and how it moves up a tier",
      .description =
          "COUNTRY is a name or ISO 3166 alpha-2 code in any case (Germany, de, UAE, Türkiye).\n"
          "Shows, in plain words with links to the legal text, the country's tier in the regime "
          "in\n"
          "force on --date (default: today) or in --regime, how controlled chips are treated for "
          "a\n"
          "buyer headquartered there, every cap and allowance in TPP, H100-equivalents and chips "
          "of\n"
          "the current generation (or --chip ID), what the plan in --plan DIR installs there by "
          "year\n"
          "(H100e, chips, MW), and each upgrade path as a checklist with what it unlocks in "
          "H100e.\n"
          "Terms are explained from docs/glossary.md. --json carries the same (limit_h100e,\n"
          "plan_by_year, glossary, ...), as GET /api/tier/{country} does.",
      .flags = {{"--date", "D", "the date to look at (YYYY-MM-DD; default today)"},
                {"--regime", "ID", "a regime by id instead of the one in force on the date"},
                {"--plan", "DIR",
                 "a plan written by 'stargate plan --out DIR': what it gives the country"},
                {"--chip", "ID",
                 "count amounts in this accelerator (default: the most supplied one)"},
                ScenarioFlag()},
      .min_positional = 1,
      .max_positional = 1,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

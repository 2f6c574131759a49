// stargate regime list | show ID | diff A B [--country C] | timeline [--country C]:
// the regimes the engine knows, one regime in plain words with its citations,
// what changes between two of them, and every dated change of the law.
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "command.h"
#include "rules_input.h"
#include "scenario_input.h"
#include "stargate/core/text.h"
#include "stargate/model/bibliography.h"
#include "stargate/model/model.h"
#include "stargate/rules/rules.h"
#include "table.h"

namespace stargate::cli {
namespace {

using nlohmann::json;

std::string Num(const rules::Versioned<double>& v) {
  std::vector<std::string> parts;
  for (const auto& e : v.entries) {
    const std::string value = e.value ? rules::FormatTpp(*e.value) : "ends";
    parts.push_back(e.from == Date() ? value : absl::StrCat(value, " from ", e.from.ToString()));
  }
  return absl::StrJoin(parts, ", ");
}

void Cited(const std::string& cite, const std::string& unconfirmed, const char* indent = "    ") {
  std::cout << indent << "[" << cite << "]\n";
  if (!unconfirmed.empty()) std::cout << indent << "unconfirmed: " << unconfirmed << "\n";
}

int List(const rules::RegimeCatalog& catalog, const Args& args) {
  if (args.json()) {
    json list = json::array();
    for (const auto& r : catalog.regimes()) list.push_back(rules::SummaryJson(r));
    std::cout << json{{"regimes", list}}.dump(2) << "\n";
    return kExitOk;
  }
  Table table({"id", "in force", "chosen", "name"});
  for (const auto& r : catalog.regimes()) {
    table.AddRow({r.id, r.EffectiveRange(),
                  r.by_date ? "by date" : (r.illustrative ? "by name (illustrative)" : "by name"),
                  r.name});
  }
  table.Print(std::cout);
  return kExitOk;
}

void ShowGroups(const rules::Regime& r, const Scenario& scenario) {
  std::cout << "\ncountry groups (a country belongs to the first that lists it):\n";
  // Each scenario country under the first group that takes it (upgrades aside).
  std::map<std::string, std::vector<std::string>> members_of;
  for (const auto& c : scenario.countries) {
    std::string home;
    for (const auto& g : r.groups) {
      if (!g.is_default && g.Contains(c, r.reference_date)) {
        home = g.id;
        break;
      }
    }
    if (home.empty() && r.DefaultGroupIndex() >= 0) home = r.groups[r.DefaultGroupIndex()].id;
    members_of[home].push_back(c.iso2);
  }
  for (const auto& g : r.groups) {
    const std::vector<std::string>& members = members_of[g.id];
    std::cout << "  " << g.id << " (" << g.name << ")" << (g.is_default ? ", the default" : "")
              << (g.headquarters_rule ? ", also for entities headquartered there" : "") << ": "
              << g.description << "\n";
    if (!g.member_of.empty()) {
      std::cout << "    members of " << absl::StrJoin(g.member_of, ", ")
                << (g.except_member_of.empty()
                        ? ""
                        : " unless also " + absl::StrJoin(g.except_member_of, ", "))
                << "\n";
    }
    if (!g.countries.empty()) {
      for (const auto& e : g.countries.entries) {
        std::cout << "    listed" << (e.from == Date() ? "" : " from " + e.from.ToString()) << ": "
                  << (e.value ? absl::StrJoin(*e.value, " ") : "none") << "\n";
      }
    }
    if (!g.is_default) {
      std::cout << "    in the scenario on " << r.reference_date.ToString() << ": "
                << (members.empty() ? "none" : absl::StrJoin(members, " ")) << "\n";
    }
    Cited(g.cite, g.unconfirmed);
  }
}

int Show(const rules::Regime& r, const Scenario& scenario, const Args& args) {
  if (args.json()) {
    std::cout << rules::ToJson(r).dump(2) << "\n";
    return kExitOk;
  }
  std::cout << r.id << ": " << r.name << (r.illustrative ? " (illustrative)" : "") << "\n"
            << "in force: " << r.EffectiveRange()
            << (r.compliance_date ? "; compliance date " + r.compliance_date->ToString() : "")
            << (r.by_date ? "" : "; chosen only by name") << "\n"
            << "[" << r.cite << "]\n\n"
            << r.summary << "\n";
  for (const auto& note : r.notes) std::cout << "\nnote: " << note << "\n";
  if (!r.sources.empty()) {
    // Titles and URLs from docs/sources.md, not bare keys.
    auto bibliography = Bibliography::Load(DataDir().parent_path() / "docs" / "sources.md");
    std::cout << "\nsources:\n";
    for (const auto& source : r.sources) {
      std::cout << "  " << (bibliography.ok() ? bibliography->Describe(source) : source) << "\n";
    }
  }
  if (r.affiliates_rule) {
    std::cout << "\naffiliates rule (50%-owned affiliates of listed parties) in force:";
    for (const auto& w : r.affiliates_rule->in_force) {
      std::cout << " " << w.from.ToString() << " .. " << (w.to ? w.to->ToString() : "");
    }
    std::cout << "\n";
    Cited(r.affiliates_rule->cite, r.affiliates_rule->unconfirmed);
  }
  for (const auto& d : r.duties) {
    std::cout << "\nduty " << d.id << ": " << d.rate * 100 << "% on "
              << absl::StrJoin(d.accelerators, ", ") << " from " << d.from.ToString()
              << " (a cost, not a license requirement); exempt: "
              << absl::StrJoin(d.exemptions, "; ") << "\n";
    Cited(d.cite, d.unconfirmed);
  }
  const auto& c = r.classification;
  std::cout << "\nclassification (ECCN 3A090):\n"
            << "  3A090.a: TPP >= " << Num(c.a_tpp_min)
            << ", or TPP >= " << Num(c.a_density_tpp_min)
            << " with performance density >= " << Num(c.a_density_min) << "\n"
            << "  3A090.b: " << Num(c.b_tpp_min)
            << " <= TPP < 3A090.a's, with density >= " << Num(c.b_density_min)
            << "; or TPP >= " << Num(c.b_wide_tpp_min)
            << " with density >= " << Num(c.b_wide_density_min) << " (below 3A090.a's)\n"
            << "  chips not designed for datacenters: only TPP >= " << Num(c.non_datacenter_tpp_min)
            << "\n";
  Cited(c.cite, c.unconfirmed, "  ");
  ShowGroups(r, scenario);
  std::cout << "\nlicense requirements (the first row that applies decides):\n";
  for (const auto& row : r.license_rows) {
    std::vector<std::string> when;
    std::vector<std::string> classes;
    for (auto e : row.classifications) classes.push_back(rules::EccnName(e));
    if (!classes.empty()) when.push_back(absl::StrJoin(classes, ", "));
    if (!row.accelerators.empty()) {
      when.push_back("named products " + absl::StrJoin(row.accelerators, ", "));
    }
    if (!row.tiers.empty()) when.push_back("to " + absl::StrJoin(row.tiers, ", "));
    if (!row.destinations.empty()) when.push_back("in " + absl::StrJoin(row.destinations, ", "));
    if (!row.hq_tiers.empty())
      when.push_back("consignee HQ in " + absl::StrJoin(row.hq_tiers, ", "));
    if (row.from) when.push_back("from " + row.from->ToString());
    if (row.to) when.push_back("until " + row.to->ToString());
    if (row.tpp_below) when.push_back(absl::StrCat("TPP < ", *row.tpp_below));
    if (row.memory_bandwidth_below_gbps) {
      when.push_back(
          absl::StrCat("memory bandwidth < ", *row.memory_bandwidth_below_gbps, " GB/s"));
    }
    std::string then = rules::OutcomeName(row.outcome);
    if (!row.exception.empty()) absl::StrAppend(&then, " ", row.exception);
    if (row.review_policy)
      absl::StrAppend(&then, ", ", rules::ReviewPolicyName(*row.review_policy));
    if (!row.try_first.empty())
      absl::StrAppend(&then, "; first try ", absl::StrJoin(row.try_first, ", "));
    std::cout << "  " << row.id << ": " << absl::StrJoin(when, "; ") << " -> " << then << "\n";
    if (!row.description.empty()) std::cout << "    " << row.description << "\n";
    for (const auto& c : row.conditions) std::cout << "    condition: " << c << "\n";
    Cited(row.cite, row.unconfirmed);
  }
  if (r.lpp || r.uveu || r.nveu) std::cout << "\nexceptions and validated end users:\n";
  if (r.lpp) {
    std::cout << "  " << r.lpp->id << ": up to " << Num(r.lpp->tpp_per_consignee_per_year)
              << " TPP per consignee per calendar year, not counted against caps"
              << (r.lpp->not_for_hq_tiers.empty()
                      ? ""
                      : "; not for consignees headquartered in " +
                            absl::StrJoin(r.lpp->not_for_hq_tiers, ", "))
              << "\n";
    Cited(r.lpp->cite, r.lpp->unconfirmed);
  }
  if (r.uveu) {
    const auto& u = *r.uveu;
    std::cout << "  " << u.id << ": for consignees headquartered in "
              << absl::StrJoin(u.hq_tiers, ", ") << ", to "
              << absl::StrJoin(u.destination_tiers, ", ") << "; at least "
              << u.min_tier1_share * 100 << "% of its compute in " << u.tier1_group << ", at most "
              << u.max_single_tier2_share * 100 << "% in any one " << u.tier2_group
              << " country, at least " << u.min_us_share_for_us_hq * 100
              << "% in the US when headquartered there\n";
    Cited(u.cite, u.unconfirmed);
  }
  if (r.nveu) {
    std::cout << "  " << r.nveu->id << ": per country, to "
              << absl::StrJoin(r.nveu->destination_tiers, ", ") << "; installed base up to "
              << Num(r.nveu->installed_base_limit_tpp) << " TPP\n";
    Cited(r.nveu->cite, r.nveu->unconfirmed);
  }
  if (!r.caps.empty()) std::cout << "\ncaps (on licensed TPP):\n";
  for (const auto& cap : r.caps) {
    const std::string limit = cap.share_of.empty()
                                  ? rules::FormatTpp(cap.limit_tpp) + " TPP"
                                  : absl::StrCat(cap.share * 100, "% of ", cap.share_of);
    std::cout << "  " << cap.id << ": " << cap.description << "; " << limit
              << (cap.period == rules::CapPeriod::kCalendarYear ? " a calendar year" : " in all")
              << ", shipments dated " << cap.from.ToString() << " .. " << cap.to.ToString()
              << "; over it: "
              << (cap.on_exceed == rules::Outcome::kProhibited
                      ? "prohibited"
                      : rules::ReviewPolicyName(*cap.on_exceed_review))
              << "\n";
    Cited(cap.cite, cap.unconfirmed);
  }
  if (!r.upgrades.empty()) std::cout << "\ntier upgrades:\n";
  for (const auto& up : r.upgrades) {
    std::vector<std::string> criteria;
    for (auto c : up.criteria) criteria.emplace_back(rules::CriterionName(c));
    std::cout << "  " << up.id << ": " << up.name << "; from " << absl::StrJoin(up.from_tiers, ", ")
              << " when " << absl::StrJoin(criteria, " and ") << " -> "
              << (up.unlock_tier.empty() ? absl::StrCat(up.unlock_cap, " x", up.factor)
                                         : "moves to " + up.unlock_tier)
              << "\n";
    Cited(up.cite, up.unconfirmed);
  }
  return kExitOk;
}

int Diff(const rules::Engine& engine, const Command& command, const Args& args) {
  std::optional<std::string> country;
  if (auto c = args.Value("--country")) {
    const CountryResolution found = CountryResolver(engine.scenario().countries).Resolve(*c);
    if (!found.ok()) return UsageError(command, found.what, found.expected);
    country = found.country->iso2;
  }
  std::optional<Date> date;
  if (args.Has("--date")) {
    auto d = DateFlag(command, args);
    if (!d) return kExitBadInput;
    date = *d;
  }
  auto diff = rules::DiffRegimes(engine, args.positional[1], args.positional[2], country, date);
  if (!diff.ok()) {
    std::cerr << "error: " << diff.status().message() << "\n";
    return kExitBadInput;
  }
  if (args.json()) {
    json changes = json::array();
    for (const auto& e : diff->entries) {
      changes.push_back({{"topic", e.topic}, {"subject", e.subject}, {"a", e.a}, {"b", e.b}});
    }
    std::cout << json{{"a", diff->a},
                      {"b", diff->b},
                      {"date_a", diff->date_a.ToString()},
                      {"date_b", diff->date_b.ToString()},
                      {"country", country ? json(*country) : json(nullptr)},
                      {"changes", changes}}
                     .dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << diff->a << " (on " << diff->date_a.ToString() << ") -> " << diff->b << " (on "
            << diff->date_b.ToString() << ")" << (country ? ", for " + *country : "") << "\n\n";
  if (diff->entries.empty()) {
    std::cout << "no differences\n";
    return kExitOk;
  }
  Table table({"topic", "what", diff->a, diff->b});
  for (const auto& e : diff->entries) table.AddRow({e.topic, e.subject, e.a, e.b});
  table.Print(std::cout);
  return kExitOk;
}

// Every dated change the regimes record, in date order, with what each
// regime's own dates say (in force, compliance date, end).
struct Change {
  Date date;
  std::string regime;
  std::string change;
  std::string cite;
  std::vector<std::string> sources;
  std::vector<std::string> countries;
  std::string unconfirmed;
};

std::vector<Change> Timeline(const rules::RegimeCatalog& catalog) {
  std::vector<Change> out;
  for (const auto& r : catalog.regimes()) {
    if (r.effective_from && r.by_date) {
      out.push_back({*r.effective_from,
                     r.id,
                     absl::StrCat("regime ", r.id, " governs by date (", r.name, ")"),
                     r.cite,
                     {},
                     {},
                     ""});
    }
    for (const auto& e : r.timeline) {
      out.push_back({e.date, r.id, e.change, e.cite, e.sources, e.countries, e.unconfirmed});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Change& a, const Change& b) { return a.date < b.date; });
  return out;
}

bool Concerns(const Change& c, const Country* country) {
  if (!country || c.countries.empty()) return true;
  for (const auto& place : c.countries) {
    if (place == country->iso2 || country->IsMemberOf(place)) return true;
  }
  return false;
}

int ShowTimeline(const rules::RegimeCatalog& catalog, const Command& command, const Args& args) {
  const Country* country = nullptr;
  std::optional<Scenario> scenario;
  if (auto code = args.Value("--country")) {
    scenario = LoadRulesScenario(args);
    if (!scenario) return kExitBadInput;
    const CountryResolution found = CountryResolver(scenario->countries).Resolve(*code);
    if (!found.ok()) return UsageError(command, found.what, found.expected);
    country = found.country;
  }
  // Sources print as titles and URLs (docs/sources.md); without the file, as keys.
  auto bibliography = Bibliography::Load(DataDir().parent_path() / "docs" / "sources.md");
  auto describe = [&](const std::string& source) {
    return bibliography.ok() ? bibliography->Describe(source) : source;
  };
  const std::vector<Change> changes = Timeline(catalog);
  if (args.json()) {
    json list = json::array();
    for (const auto& c : changes) {
      if (!Concerns(c, country)) continue;
      json sources = json::array();
      for (const auto& s : c.sources) {
        json entry = {{"key", s}};
        if (bibliography.ok()) {
          if (const SourceEntry* e = bibliography->Find(s)) {
            entry["title"] = e->title;
            entry["date"] = e->date;
            entry["urls"] = e->urls;
          } else if (IsUrl(s)) {
            entry["urls"] = json::array({s});
          }
        }
        sources.push_back(std::move(entry));
      }
      json j = {{"date", c.date.ToString()}, {"regime", c.regime},
                {"change", c.change},        {"cite", c.cite},
                {"sources", sources},        {"countries", c.countries}};
      if (!c.unconfirmed.empty()) j["unconfirmed"] = c.unconfirmed;
      list.push_back(std::move(j));
    }
    json out = {{"timeline", list}};
    if (country) out["country"] = country->iso2;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& c : changes) {
    if (!Concerns(c, country)) continue;
    std::cout << c.date.ToString() << "  " << c.change << "\n";
    std::cout << "            regime: " << c.regime;
    if (!c.countries.empty()) std::cout << "; concerns " << absl::StrJoin(c.countries, ", ");
    std::cout << "\n            [" << c.cite << "]\n";
    if (!c.unconfirmed.empty()) std::cout << "            unconfirmed: " << c.unconfirmed << "\n";
    for (const auto& s : c.sources) std::cout << "            source: " << describe(s) << "\n";
  }
  return kExitOk;
}

int Run(const Command& command, const Args& args) {
  const std::string what = args.positional[0];
  const size_t n = args.positional.size();
  if (what != "list" && what != "show" && what != "diff" && what != "timeline") {
    std::string message = absl::StrCat("cannot do 'regime ", what, "'");
    if (auto near = ClosestMatch(what, {"list", "show", "diff", "timeline"})) {
      absl::StrAppend(&message, " (did you mean '", *near, "'?)");
    }
    return UsageError(command, message,
                      "regime list, regime show ID, regime diff A B or regime timeline");
  }
  if (what == "timeline") {
    if (n != 1)
      return UsageError(command, "regime timeline takes no argument",
                        "regime timeline [--country C]");
    if (args.Has("--date")) {
      return UsageError(command, "--date does not apply to regime timeline",
                        "regime timeline [--country C] [--json]");
    }
    auto catalog = LoadRegimesOrReport();
    if (!catalog) return kExitBadInput;
    return ShowTimeline(*catalog, command, args);
  }
  if (what == "list" && n != 1)
    return UsageError(command, "regime list takes no argument", "regime list");
  if (what == "show" && n != 2)
    return UsageError(command, "regime show takes one regime id", "regime show ID");
  if (what == "diff" && n != 3)
    return UsageError(command, "regime diff takes two regime ids", "regime diff A B");
  if (what != "diff" && (args.Has("--country") || args.Has("--date"))) {
    return UsageError(command, "--country and --date only apply to regime diff and timeline",
                      "regime diff A B [--country C] [--date D]");
  }
  auto catalog = LoadRegimesOrReport();
  if (!catalog) return kExitBadInput;
  if (what == "list") return List(*catalog, args);
  if (what == "show") {
    const rules::Regime* regime = catalog->Find(args.positional[1]);
    if (!regime) {
      std::string message = absl::StrCat("regime '", args.positional[1], "' is not known");
      if (auto near = ClosestMatch(args.positional[1], catalog->ids())) {
        absl::StrAppend(&message, " (did you mean '", *near, "'?)");
      }
      std::cerr << "error: " << message << "; expected " << OneOf(catalog->ids()) << "\n";
      return kExitBadInput;
    }
    auto scenario = LoadRulesScenario(args);
    if (!scenario) return kExitBadInput;
    return Show(*regime, *scenario, args);
  }
  auto scenario = LoadRulesScenario(args);
  if (!scenario) return kExitBadInput;
  const rules::Engine engine(*catalog, *scenario);
  return Diff(engine, command, args);
}

}  // namespace

const Command& RegimeCommand() {
  static const Command command{
      .name = "regime",
      .synopsis =
          "regime list | show ID | diff A B [--country C] [--date D] | timeline [--country C] "
          "[--json]",
      .summary = "the export-control regimes: list them, show one, compare two, their timeline",
      .description =
          "list: every regime in data/regimes with the dates it is in force.\n"
          "show ID: the regime in plain words: thresholds, country groups (and which countries of\n"
          "the scenario are in each), license requirements, exceptions, caps, agreements and\n"
          "upgrade paths, each with its citation and what research could not confirm.\n"
          "diff A B: what changes from A to B: parameters, caps, upgrades, and country by country\n"
          "the tier and the treatment of 3A090.a and 3A090.b (a licensed-size shipment to a\n"
          "consignee headquartered there), each regime on its reference date or on --date.\n"
          "timeline: every dated change of the law the regimes record (rules taking effect,\n"
          "compliance dates, letters, authorizations, suspensions), in date order, each with its\n"
          "citation and sources (titles and URLs from docs/sources.md); --country keeps the\n"
          "changes that concern that country (and those that concern every country).",
      .flags = {{"--country", "C",
                 "diff: only this country's tier, treatment and caps; timeline: its changes"},
                {"--date", "D", "diff: look at both regimes on this date"},
                ScenarioFlag()},
      .min_positional = 1,
      .max_positional = 3,
      .run = Run};
  return command;
}

}  // namespace stargate::cli

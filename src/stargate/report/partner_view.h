// What a partner government asks, answered in human terms: "what do we get,
// when, and how do we move up?" The country's tier and how controlled chips
// are treated there, in plain words (the glossary's terms) with links to the
// legal text; every cap and allowance in TPP, in H100-equivalents and in
// chips of the current generation; the plan's H100e, chips and MW in the
// country by year; and the upgrade path as a checklist, each path with what
// it unlocks in H100e. `stargate tier` and GET /api/tier/{country} both build
// this and write it with PartnerViewJson, so the two doors give one answer.
#ifndef STARGATE_REPORT_PARTNER_VIEW_H_
#define STARGATE_REPORT_PARTNER_VIEW_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/model/bibliography.h"
#include "stargate/plan/plan.h"
#include "stargate/report/glossary.h"
#include "stargate/report/legal_links.h"
#include "stargate/rules/rules.h"

namespace stargate::report {

// A chip that amounts are counted in.
struct ReferenceChip {
  std::string id, name;
  double tpp = 0;
  std::string why;  // how it was chosen, in words
};

// An amount of controlled compute three ways.
struct Amount {
  double tpp = 0, h100e = 0, chips = 0;  // chips: of the current generation
};

struct PlainLine {
  std::string chips;      // "the most advanced AI chips (ECCN 3A090.a)"
  std::string condition;  // "" or "if ..."
  std::string answer;     // "a license is needed; applications are presumed denied"
  std::vector<Link> links;
};

struct PlainCap {
  std::string title;  // the cap's description
  std::string window, consignee;
  Amount limit, used, left;
  std::string multiplied_by;  // plain: "doubled by a government-to-government agreement"
  std::vector<Link> links;
};

struct ChecklistItem {
  std::string criterion;  // plain description
  bool met = false;
  std::string evidence;  // plain: "yes, since 2025-05-15", "not yet", "2 recorded"
};

struct PlainUpgrade {
  std::string name;
  bool met = false;
  std::vector<ChecklistItem> checklist;
  std::string unlocks;             // plain words
  double unlocks_h100e = 0;        // more H100e a year or window it allows (0 with unlimited)
  bool unlocks_unlimited = false;  // lifts every country cap
  std::vector<Link> links;
};

struct PlanYear {
  int year = 0;
  double h100e = 0, chips = 0, mw_online = 0;
  std::map<std::string, double> chips_by_type;  // accelerator id -> installed units at year end
};

struct PartnerView {
  rules::TierReport tier;   // the engine's answer, for the machine fields
  std::string regime_term;  // plain regime name
  std::vector<Link> regime_links;
  std::string tier_term, tier_meaning, how;
  // The program's values for the country: its Freedom House score, whether
  // that counts as Free (Country::RatedFree) and its data-protection zone.
  double freedom_score = 0;
  bool rated_free = false;
  std::string data_protection_zone;
  std::vector<Link> tier_links;
  ReferenceChip h100, current;
  std::vector<PlainLine> treatments;
  std::optional<Amount> lpp;  // per consignee per calendar year
  std::vector<Link> lpp_links;
  std::vector<PlainCap> caps;
  std::vector<PlainUpgrade> upgrades;
  std::string plan_origin;  // "" without a plan
  std::vector<PlanYear> plan_by_year;
  std::vector<SourceEntry> sources;         // the country record's sources, resolved
  std::vector<const GlossaryEntry*> terms;  // every glossary entry the answer uses, once
};

struct PartnerViewInputs {
  const rules::Engine& engine;
  std::string country;  // as the user wrote it: a name or code in any case
  Date date;
  std::string regime_choice = kRegimeByDate;
  rules::CapUsage usage;
  const plan::Plan* plan = nullptr;
  std::string plan_origin;
  const Glossary* glossary = nullptr;
  const Bibliography* bibliography = nullptr;
  std::string chip;  // "" picks the current generation from supply
};

// Errors: NotFound for a country that is not in the scenario (with a "did
// you mean" or the names an ambiguous word could be), InvalidArgument for a
// date without a regime or an unknown chip.
absl::StatusOr<PartnerView> BuildPartnerView(const PartnerViewInputs& in);

nlohmann::json PartnerViewJson(const PartnerView& view);

// "49,900": three significant figures with thousands separators, since an
// amount in chips is an estimate, not a count; "0" for zero.
std::string Rounded(double value);
// "49,900 H100e".
std::string FormatH100e(double h100e);

}  // namespace stargate::report

#endif  // STARGATE_REPORT_PARTNER_VIEW_H_

#include "stargate/rules/export_constraints.h"

#include <functional>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/date.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/text.h"
#include "stargate/rules/engine.h"

namespace stargate::rules {
namespace {

struct Window {
  Date from, to;
  int year;
};

std::vector<Window> WindowsOf(const CapRule& cap) {
  if (cap.period == CapPeriod::kCumulative) return {{cap.from, cap.to, cap.from.year()}};
  std::vector<Window> windows;
  for (int y = cap.from.year(); y <= cap.to.year(); ++y) {
    Date from = *Date::FromYmd(y, 1, 1), to = *Date::FromYmd(y, 12, 31);
    windows.push_back({std::max(from, cap.from), std::min(to, cap.to), y});
  }
  return windows;
}

// Runs of consecutive quarters for which `counts` holds.
std::vector<std::pair<Quarter, Quarter>> Runs(Quarter start, Quarter end,
                                              const std::function<bool(Quarter)>& counts) {
  std::vector<std::pair<Quarter, Quarter>> runs;
  for (Quarter q = start; q <= end; q = q + 1) {
    if (!counts(q)) continue;
    if (!runs.empty() && runs.back().second + 1 == q) {
      runs.back().second = q;
    } else {
      runs.emplace_back(q, q);
    }
  }
  return runs;
}

}  // namespace

bool ExportConstraints::Allowed(const Site& site, const std::string& accelerator_id,
                                Quarter quarter) const {
  Shipment s;
  s.id = "allowed";
  s.date = Date::FirstDayOf(quarter);
  s.accelerator = accelerator_id;
  s.quantity = 1;
  s.destination = site.country;
  s.consignee = site.operator_name;
  s.consignee_hq = site.operator_hq;
  s.veu = site.uveu ? VeuKind::kUniversal : VeuKind::kNone;
  ResolvedShipment resolved;
  std::string field, problem;
  if (!engine_->Resolve(s, regime_choice_, &resolved, &field, &problem)) return false;
  return Permits(engine_->Decide(resolved, nullptr, {false, regime_choice_}));
}

std::string ExportConstraints::RegimeAt(Quarter quarter) const {
  const int r = engine_->RegimeFor(regime_choice_, Date::FirstDayOf(quarter));
  return r < 0 ? "" : engine_->regime(r).id;
}

std::string ExportConstraints::TierAt(const std::string& country, Quarter quarter) const {
  const Date date = Date::FirstDayOf(quarter);
  const int r = engine_->RegimeFor(regime_choice_, date);
  const int c = engine_->CountryIndex(country);
  if (r < 0 || c < 0) return "";
  return engine_->regime(r).groups[engine_->GroupOf(r, c, date).group].id;
}

std::optional<UveuShareRule> ExportConstraints::UveuSharesAt(Quarter quarter) const {
  const int r = engine_->RegimeFor(regime_choice_, Date::FirstDayOf(quarter));
  if (r < 0 || !engine_->regime(r).uveu) return std::nullopt;
  const UveuRule& u = *engine_->regime(r).uveu;
  return UveuShareRule{u.min_tier1_share, u.max_single_tier2_share, u.min_us_share_for_us_hq,
                       u.cite};
}

absl::StatusOr<ExportConstraints> BuildExportConstraints(const Scenario& scenario,
                                                         const RegimeCatalog& regimes,
                                                         const std::string& regime_choice,
                                                         const CapUsage& usage) {
  if (regime_choice != kRegimeByDate && !regimes.Find(regime_choice)) {
    std::vector<std::string> choices = regimes.ids();
    choices.insert(choices.begin(), kRegimeByDate);
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("regime '", regime_choice, "' is not known"),
                   std::string(OneOf(choices)));
  }
  ExportConstraints out;
  auto engine = std::make_shared<Engine>(regimes, scenario);
  out.regime_choice_ = regime_choice;

  std::vector<int> site_countries;
  for (const auto& site : scenario.sites) {
    const int c = engine->CountryIndex(site.country);
    if (c >= 0 &&
        std::find(site_countries.begin(), site_countries.end(), c) == site_countries.end()) {
      site_countries.push_back(c);
    }
  }
  std::sort(site_countries.begin(), site_countries.end());

  for (size_t ri = 0; ri < engine->catalog().regimes().size(); ++ri) {
    const Regime& regime = engine->regime(static_cast<int>(ri));
    const bool named = regime_choice != kRegimeByDate;
    if (named ? regime.id != regime_choice : !regime.by_date) continue;
    for (size_t cap_index = 0; cap_index < regime.caps.size(); ++cap_index) {
      const CapRule& cap = regime.caps[cap_index];
      for (int c : site_countries) {
        const Country& country = scenario.countries[c];
        std::vector<std::string> consignees;
        if (!cap.consignee_keys.empty()) {
          std::set<std::string> names;
          for (const auto& site : scenario.sites) {
            if (site.country != country.iso2) continue;
            const std::string key = NormalizeConsignee(site.operator_name);
            if (std::find(cap.consignee_keys.begin(), cap.consignee_keys.end(), key) !=
                cap.consignee_keys.end()) {
              names.insert(site.operator_name);
            }
          }
          if (names.empty()) continue;  // no site of this entity: the quota cannot bind
          consignees.assign(names.begin(), names.end());
        }
        for (const Window& w : WindowsOf(cap)) {
          // A quarter's shipments (dated its first day) count when that day is
          // in the window, under this regime, and the cap applies then (the
          // same test check's engine runs; consignees are handled above).
          auto counts = [&](Quarter q) {
            const Date day = Date::FirstDayOf(q);
            if (day < w.from || w.to < day) return false;
            if (engine->RegimeFor(regime_choice, day) != static_cast<int>(ri)) return false;
            CapQuery query;
            query.regime = static_cast<int>(ri);
            query.country = c;
            query.date = day;
            query.consignee = ConsigneeFilter::kAny;
            return engine->CapApplies(query, static_cast<int>(cap_index));
          };
          const auto runs = Runs(scenario.start, scenario.end, counts);
          if (runs.empty()) continue;
          // A window split by a regime or tier change is one cap with one
          // limit: the pieces become one constraint over the whole span. The
          // quarters between pieces are counted too, which only tightens it
          // (a plan within it still passes check).
          CapConstraint cc;
          cc.id = engine->CapInstanceId(regime, cap, c, w.year);
          cc.description = absl::StrCat(cap.description, ": ", country.name, ", shipments dated ",
                                        w.from.ToString(), " to ", w.to.ToString());
          cc.cite = cap.cite;
          cc.country = country.iso2;
          cc.from = runs.front().first;
          cc.to = runs.back().second;
          const Date probe = Date::FirstDayOf(runs.front().first);
          for (const auto& a : scenario.accelerators) {
            ChipMetrics m{a.tpp(), a.die_area_mm2, std::nullopt, a.datacenter};
            const Eccn eccn = Classify(regime.classification, probe, m, false).eccn;
            const bool counted =
                cap.classifications.empty()
                    ? eccn != Eccn::kNotControlled
                    : std::find(cap.classifications.begin(), cap.classifications.end(), eccn) !=
                          cap.classifications.end();
            if (counted) cc.accelerators.push_back(a.id);
          }
          cc.counts_uveu_sites = false;
          // The smallest limit over the span (an upgrade may raise it later on).
          double limit = engine->CapLimit(regime, cap, c, Date::FirstDayOf(cc.from));
          for (const auto& run : runs) {
            limit = std::min(limit, engine->CapLimit(regime, cap, c, Date::FirstDayOf(run.first)));
          }
          cc.limit_tpp = limit;
          cc.used_tpp = usage.CapUsed(cc.id);
          cc.consignees = consignees;
          // A cap that continues another regime's (counts_as) shares its
          // instance: one constraint over both spans, with the smaller limit.
          auto same = std::find_if(out.caps_.begin(), out.caps_.end(),
                                   [&](const CapConstraint& c) { return c.id == cc.id; });
          if (same != out.caps_.end()) {
            same->from = std::min(same->from, cc.from);
            same->to = std::max(same->to, cc.to);
            same->limit_tpp = std::min(same->limit_tpp, cc.limit_tpp);
            for (const auto& a : cc.accelerators) {
              if (std::find(same->accelerators.begin(), same->accelerators.end(), a) ==
                  same->accelerators.end()) {
                same->accelerators.push_back(a);
              }
            }
            continue;
          }
          out.caps_.push_back(std::move(cc));
        }
      }
    }
  }
  out.engine_ = std::move(engine);
  return out;
}

}  // namespace stargate::rules

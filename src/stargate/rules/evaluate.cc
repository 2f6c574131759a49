#include "stargate/rules/evaluate.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "stargate/core/text.h"
#include "stargate/rules/engine.h"

namespace stargate::rules {
namespace {

// How far ahead to prefetch when walking a batch in date order.
constexpr size_t kAhead = 8;

std::vector<std::string> AcceleratorIds(const Scenario& scenario) {
  std::vector<std::string> ids;
  for (const auto& a : scenario.accelerators) ids.push_back(a.id);
  return ids;
}

std::string WithSuggestion(std::string what, const std::string& word,
                           const std::vector<std::string>& candidates) {
  if (auto near = ClosestMatch(word, candidates))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  return what;
}

}  // namespace

std::vector<ShipmentProblem> CheckShipments(const RegimeCatalog& regimes, const Scenario& scenario,
                                            const std::vector<Shipment>& shipments,
                                            const std::string& regime_choice) {
  std::vector<ShipmentProblem> problems;
  const bool by_date = regime_choice == kRegimeByDate;
  const Regime* named = by_date ? nullptr : regimes.Find(regime_choice);
  if (!by_date && !named) {
    std::vector<std::string> choices = regimes.ids();
    choices.insert(choices.begin(), kRegimeByDate);
    problems.push_back({0, "regime",
                        WithSuggestion(absl::StrCat("regime '", regime_choice, "' is not known"),
                                       regime_choice, choices),
                        OneOf(choices)});
    return problems;
  }
  const auto earliest = regimes.EarliestDate();
  const auto accelerators = AcceleratorIds(scenario);
  const std::string kCountryExpected =
      "the ISO 3166 alpha-2 code of a country in the scenario (see 'stargate show countries')";
  for (size_t i = 0; i < shipments.size(); ++i) {
    const Shipment& s = shipments[i];
    if (by_date && !regimes.InForceOn(s.date)) {
      problems.push_back({i, "date", absl::StrCat("no regime is in force on ", s.date.ToString()),
                          earliest ? absl::StrCat("a date on or after ", earliest->ToString(),
                                                  ", or --regime ID for a what-if")
                                   : std::string("a regime file in force by date")});
    }
    if (!s.hypothetical && !scenario.FindAccelerator(s.accelerator)) {
      problems.push_back(
          {i, "accelerator",
           WithSuggestion(absl::StrCat("accelerator '", s.accelerator, "' is not in the catalogue"),
                          s.accelerator, accelerators),
           "an accelerator id (see 'stargate show accelerators') or {\"tpp\": N, "
           "\"die_area_mm2\": A}"});
    }
    if (s.quantity <= 0) {
      problems.push_back({i, "quantity", absl::StrCat("quantity ", s.quantity, " is not positive"),
                          "a positive integer"});
    }
    if (!scenario.FindCountry(s.destination)) {
      problems.push_back({i, "destination",
                          absl::StrCat("destination '", s.destination, "' is not a known country"),
                          kCountryExpected});
    }
    if (!s.consignee_hq.empty() && !scenario.FindCountry(s.consignee_hq)) {
      problems.push_back(
          {i, "consignee_hq",
           absl::StrCat("consignee_hq '", s.consignee_hq, "' is not a known country"),
           kCountryExpected});
    }
  }
  return problems;
}

std::vector<Decision> Evaluate(const RegimeCatalog& regimes, const Scenario& scenario,
                               const std::vector<Shipment>& shipments,
                               const std::string& regime_choice, const CapUsage& usage,
                               bool with_trace) {
  const Engine engine(regimes, scenario);
  return Evaluate(engine, shipments, regime_choice, usage, with_trace);
}

std::vector<Decision> Evaluate(const Engine& engine, const std::vector<Shipment>& shipments,
                               const std::string& regime_choice, const CapUsage& usage,
                               bool with_trace, CapUsage* usage_after) {
  const size_t n = shipments.size();
  std::vector<Decision> decisions(n);
  UsageState state(usage);
  // Date order, then input order. Consignees claiming UVEU status are found
  // first: their whole fleet, from the first day, enters the share rules.
  std::vector<std::pair<long, uint32_t>> order(n);
  bool any_fleet = false;
  for (size_t i = 0; i < n; ++i) {
    const Shipment& s = shipments[i];
    order[i] = {s.date.DaysSinceEpoch(), static_cast<uint32_t>(i)};
    if (s.veu == VeuKind::kUniversal) {
      state.TrackFleet(state.InternConsignee(s.consignee), engine.country_codes());
      any_fleet = true;
    }
  }
  std::sort(order.begin(), order.end());

  // One day at a time: resolve, add to fleets, decide; a day's shipments stay
  // in cache from the first step to the last.
  std::vector<ResolvedShipment> day;
  std::string field, problem;
  const DecideOptions options{with_trace, regime_choice};
  for (size_t k = 0; k < n;) {
    size_t end = k;
    while (end < n && order[end].first == order[k].first) ++end;
    day.assign(end - k, ResolvedShipment{});
    for (size_t j = k; j < end; ++j) {
      // Shipments come in date order from anywhere in the batch: fetch ahead.
      if (j + kAhead < n) __builtin_prefetch(&shipments[order[j + kAhead].second]);
      const uint32_t i = order[j].second;
      const Shipment& s = shipments[i];
      ResolvedShipment& r = day[j - k];
      if (!engine.Resolve(s, regime_choice, &r, &field, &problem)) {
        r.regime = -1;
        Decision& d = decisions[i];
        d.id = s.id;
        d.outcome = Outcome::kProhibited;
        d.input_error = absl::StrCat(field, ": ", problem);
        if (with_trace) d.trace.push_back({"input", {{"field", field}}, problem, ""});
        continue;
      }
      r.consignee = state.InternConsignee(s.consignee);
      if (any_fleet) state.AddFleet(r.consignee, r.destination, r.tpp_total);
    }
    for (size_t j = k; j < end; ++j) {
      if (j + kAhead < end) __builtin_prefetch(&decisions[order[j + kAhead].second], 1);
      if (day[j - k].regime >= 0)
        engine.DecideInto(day[j - k], &state, options, &decisions[order[j].second]);
    }
    k = end;
  }
  if (usage_after) *usage_after = state.ToUsage(engine.country_codes());
  return decisions;
}

UsageKeys KeysFor(const Engine& engine, const std::vector<Shipment>& shipments,
                  const std::string& regime_choice) {
  std::set<std::string> caps;
  std::set<std::pair<std::string, int>> lpp;
  ResolvedShipment r;
  std::string field, problem;
  // A batch names few consignees many times; the canonical form costs ICU work.
  std::map<std::string, std::string, std::less<>> canonical;
  for (const Shipment& s : shipments) {
    if (!engine.Resolve(s, regime_choice, &r, &field, &problem)) continue;
    const Regime& regime = engine.regime(r.regime);
    auto known = canonical.find(s.consignee);
    if (known == canonical.end())
      known = canonical.emplace(s.consignee, NormalizeConsignee(s.consignee)).first;
    const std::string& consignee = known->second;
    CapQuery query;
    query.regime = r.regime;
    query.country = r.destination;
    query.date = s.date;
    query.consignee = ConsigneeFilter::kMatch;
    query.consignee_key = consignee;
    std::vector<int> applicable;
    engine.ApplicableCaps(query, &applicable);
    for (int i : applicable) {
      caps.insert(engine.CapInstanceId(regime, regime.caps[i], r.destination, s.date.year()));
    }
    if (regime.nveu && s.veu == VeuKind::kNational) {
      caps.insert(engine.NveuInstanceId(regime, r.destination, consignee));
    }
    if (regime.lpp) lpp.emplace(consignee, s.date.year());
  }
  return {{caps.begin(), caps.end()}, {lpp.begin(), lpp.end()}};
}

}  // namespace stargate::rules

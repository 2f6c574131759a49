#include "stargate/rules/internal/engine_tables.h"

#include <algorithm>
#include <iterator>

#include "stargate/rules/eccn.h"

namespace stargate::rules::internal {
namespace {

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

RegimeTables BuildRegimeTables(const Regime& regime, const Scenario& scenario,
                               const std::vector<ChipMetrics>& accelerator_metrics) {
  RegimeTables t;
  for (const auto& group : regime.groups) {
    for (const auto& entry : group.countries.entries) {
      if (entry.from != Date()) t.breakpoints.push_back(entry.from);
    }
  }
  // Upgrades look at compliance flags, some of which hold only from a date.
  if (!regime.upgrades.empty()) {
    for (const auto& country : scenario.countries) {
      for (const auto& [flag, since] : country.compliance.since) t.breakpoints.push_back(since);
    }
  }
  auto group_indices = [&](const std::vector<std::string>& ids) {
    std::vector<int> out;
    for (const auto& id : ids) out.push_back(regime.GroupIndex(id));
    return out;
  };
  for (const auto& row : regime.license_rows) {
    RowTable rt{group_indices(row.tiers), group_indices(row.hq_tiers), {}, {}};
    if (!row.accelerators.empty()) {
      rt.accelerator.assign(scenario.accelerators.size(), 0);
      t.named_accelerator.resize(scenario.accelerators.size(), 0);
      for (size_t a = 0; a < scenario.accelerators.size(); ++a) {
        rt.accelerator[a] = Contains(row.accelerators, scenario.accelerators[a].id);
        t.named_accelerator[a] |= rt.accelerator[a];
      }
    }
    if (!row.destinations.empty()) {
      rt.destination.assign(scenario.countries.size(), 0);
      for (size_t c = 0; c < scenario.countries.size(); ++c) {
        for (const auto& d : row.destinations) {
          if (scenario.countries[c].iso2 == d || scenario.countries[c].IsMemberOf(d)) {
            rt.destination[c] = 1;
          }
        }
      }
    }
    t.rows.push_back(std::move(rt));
  }
  for (const auto& cap : regime.caps) {
    CapTable ct{group_indices(cap.tiers), std::vector<char>(scenario.countries.size(), 0)};
    for (size_t c = 0; c < scenario.countries.size(); ++c) {
      ct.country[c] = Contains(cap.countries, scenario.countries[c].iso2);
    }
    t.caps.push_back(std::move(ct));
  }
  std::sort(t.breakpoints.begin(), t.breakpoints.end());
  t.breakpoints.erase(std::unique(t.breakpoints.begin(), t.breakpoints.end()), t.breakpoints.end());
  const int default_group = regime.DefaultGroupIndex();
  for (size_t seg = 0; seg <= t.breakpoints.size(); ++seg) {
    const Date date = seg == 0 ? Date() : t.breakpoints[seg - 1];
    std::vector<GroupAssignment> row(scenario.countries.size());
    for (size_t c = 0; c < scenario.countries.size(); ++c) {
      const Country& country = scenario.countries[c];
      GroupAssignment a;
      for (size_t g = 0; g < regime.groups.size(); ++g) {
        const CountryGroup& group = regime.groups[g];
        if (group.is_default) continue;
        const auto* listed = group.countries.At(date);
        if (listed && Contains(*listed, country.iso2)) {
          a.group = a.base_group = static_cast<int16_t>(g);
          a.via = GroupVia::kListed;
          break;
        }
        if (group.Contains(country, date)) {
          a.group = a.base_group = static_cast<int16_t>(g);
          a.via = GroupVia::kMembership;
          break;
        }
      }
      if (a.group < 0) {
        a.group = a.base_group = static_cast<int16_t>(default_group);
        a.via = GroupVia::kDefault;
      }
      for (size_t u = 0; u < regime.upgrades.size(); ++u) {
        const TierUpgrade& up = regime.upgrades[u];
        if (up.unlock_tier.empty() || a.base_group < 0) continue;
        if (!Contains(up.from_tiers, regime.groups[a.base_group].id)) continue;
        if (!up.MetBy(country, date)) continue;
        a.group = static_cast<int16_t>(regime.GroupIndex(up.unlock_tier));
        a.upgrade = static_cast<int16_t>(u);
        break;
      }
      row[c] = a;
    }
    t.segments.push_back(std::move(row));
  }
  // Classification depends only on the chip while the thresholds are constant
  // from the regime's first day on.
  const Date probe = regime.effective_from.value_or(regime.reference_date);
  if (regime.classification.constant() && regime.classification.DefinedOn(probe)) {
    t.cached_from = probe;
    t.cached_eccn.assign(accelerator_metrics.size(), -1);
    for (size_t a = 0; a < accelerator_metrics.size(); ++a) {
      const Classification c =
          Classify(regime.classification, probe, accelerator_metrics[a], false);
      t.cached_eccn[a] = c.indeterminate ? kIndeterminateSlot : static_cast<int8_t>(c.eccn);
    }
  }
  return t;
}

}  // namespace

std::unique_ptr<const EngineTables> CompileTables(const RegimeCatalog& catalog,
                                                  const Scenario& scenario) {
  auto tables = std::make_unique<EngineTables>();
  std::fill(std::begin(tables->country_index), std::end(tables->country_index),
            static_cast<int16_t>(-1));
  for (size_t i = 0; i < scenario.countries.size(); ++i) {
    const int slot = EngineTables::CodeSlot(scenario.countries[i].iso2);
    if (slot >= 0) tables->country_index[slot] = static_cast<int16_t>(i);
  }
  for (size_t i = 0; i < scenario.accelerators.size(); ++i) {
    const Accelerator& a = scenario.accelerators[i];
    tables->accelerator_index.emplace(a.id, static_cast<int>(i));
    ChipMetrics m;
    m.tpp = a.tpp();
    m.die_area_mm2 = a.die_area_mm2;
    if (a.memory_bandwidth_gbps > 0) m.memory_bandwidth_gbps = a.memory_bandwidth_gbps;
    m.datacenter = a.datacenter;
    tables->accelerator_metrics.push_back(m);
  }
  for (const auto& regime : catalog.regimes()) {
    tables->regimes.push_back(BuildRegimeTables(regime, scenario, tables->accelerator_metrics));
  }
  return tables;
}

}  // namespace stargate::rules::internal

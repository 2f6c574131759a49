#include "stargate/rules/engine.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/rules/internal/engine_tables.h"

namespace stargate::rules {
namespace {

bool Contains(const std::vector<int>& list, int item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

// ---------------------------------------------------------------- UsageState

int UsageState::InternConsignee(const std::string& name) {
  if (auto it = raw_ids_.find(name); it != raw_ids_.end()) return it->second;
  std::string key = NormalizeConsignee(name);
  auto [it, inserted] = consignee_ids_.emplace(key, static_cast<int>(consignee_keys_.size()));
  if (inserted) consignee_keys_.push_back(std::move(key));
  raw_ids_.emplace(name, it->second);
  return it->second;
}

int UsageState::FindCap(uint64_t key) const {
  auto it = cap_index_.find(key);
  return it == cap_index_.end() ? -1 : it->second;
}

int UsageState::AddCap(uint64_t key, std::string id, double limit) {
  // A cap that continues another (counts_as) shares its instance.
  if (auto it = id_index_.find(id); it != id_index_.end()) {
    cap_index_.emplace(key, it->second);
    return it->second;
  }
  const int slot = static_cast<int>(caps_.size());
  id_index_.emplace(id, slot);
  const double used = initial_.CapUsed(id);
  caps_.push_back({std::move(id), limit, used});
  cap_index_.emplace(key, slot);
  return slot;
}

double& UsageState::Lpp(int consignee, int year) {
  const uint64_t key = (static_cast<uint64_t>(consignee) << 16) | static_cast<uint64_t>(year);
  auto [it, inserted] = lpp_.emplace(key, 0.0);
  if (inserted) {
    auto found = initial_.lpp_used_tpp.find({consignee_keys_[consignee], year});
    if (found != initial_.lpp_used_tpp.end()) it->second = found->second;
  }
  return it->second;
}

void UsageState::TrackFleet(int consignee, const std::vector<std::string>& country_codes) {
  if (TracksFleet(consignee)) return;
  if (static_cast<size_t>(consignee) >= fleet_slot_.size()) fleet_slot_.resize(consignee + 1, -1);
  fleet_slot_[consignee] = static_cast<int>(fleets_.size());
  fleets_.emplace_back(country_codes.size(), 0.0);
  fleet_owner_.push_back(consignee);
  Fleet& fleet = fleets_.back();
  const std::string& key = consignee_keys_[consignee];
  for (auto f = initial_.fleet_tpp.lower_bound({key, ""});
       f != initial_.fleet_tpp.end() && f->first.first == key; ++f) {
    auto code = std::find(country_codes.begin(), country_codes.end(), f->first.second);
    if (code == country_codes.end()) continue;  // a country this scenario does not know
    fleet[code - country_codes.begin()] += f->second;
  }
}

CapUsage UsageState::ToUsage(const std::vector<std::string>& country_codes) const {
  CapUsage usage = initial_;
  for (const auto& cap : caps_) usage.cap_used_tpp[cap.id] = cap.used;
  for (const auto& [key, used] : lpp_) {
    const int consignee = static_cast<int>(key >> 16);
    const int year = static_cast<int>(key & 0xffff);
    usage.lpp_used_tpp[{consignee_keys_[consignee], year}] = used;
  }
  for (size_t f = 0; f < fleets_.size(); ++f) {
    for (size_t country = 0; country < fleets_[f].size(); ++country) {
      if (fleets_[f][country] == 0) continue;
      usage.fleet_tpp[{consignee_keys_[fleet_owner_[f]], country_codes[country]}] =
          fleets_[f][country];
    }
  }
  return usage;
}

// -------------------------------------------------------------------- Engine

Engine::Engine(const RegimeCatalog& catalog, const Scenario& scenario)
    : catalog_(catalog), scenario_(scenario) {
  for (const auto& country : scenario_.countries) country_codes_.push_back(country.iso2);
  tables_ = internal::CompileTables(catalog_, scenario_);
}

Engine::~Engine() = default;

int Engine::CountryIndex(std::string_view iso2) const {
  const int slot = internal::EngineTables::CodeSlot(iso2);
  return slot < 0 ? -1 : tables_->country_index[slot];
}

int Engine::AcceleratorIndex(std::string_view id) const {
  auto it = tables_->accelerator_index.find(absl::string_view(id.data(), id.size()));
  return it == tables_->accelerator_index.end() ? -1 : it->second;
}

int Engine::RegimeIndex(std::string_view id) const {
  const auto& regimes = catalog_.regimes();
  for (size_t i = 0; i < regimes.size(); ++i) {
    if (regimes[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

int Engine::RegimeFor(std::string_view choice, Date date) const {
  if (choice != kRegimeByDate) return RegimeIndex(choice);
  const auto& regimes = catalog_.regimes();
  for (size_t i = 0; i < regimes.size(); ++i) {
    if (regimes[i].InForceOn(date)) return static_cast<int>(i);
  }
  return -1;
}

Classification Engine::ClassifyChip(int regime, const ResolvedShipment& s, bool explain) const {
  const internal::RegimeTables& t = tables_->regimes[regime];
  const Date date = s.shipment->date;
  if (!explain && s.accelerator >= 0 && !t.cached_eccn.empty() && !(date < t.cached_from)) {
    Classification c;
    const int8_t cached = t.cached_eccn[s.accelerator];
    if (cached == internal::kIndeterminateSlot) {
      c.indeterminate = true;
    } else {
      c.eccn = static_cast<Eccn>(cached);
    }
    return c;
  }
  return Classify(catalog_.regimes()[regime].classification, date, s.chip, explain);
}

GroupAssignment Engine::GroupOf(int regime, int country, Date date) const {
  const internal::RegimeTables& t = tables_->regimes[regime];
  const size_t seg =
      std::upper_bound(t.breakpoints.begin(), t.breakpoints.end(), date) - t.breakpoints.begin();
  return t.segments[seg][country];
}

double Engine::CapLimit(const Regime& regime, const CapRule& cap, int country, Date date) const {
  double limit = cap.limit_tpp;
  if (!cap.share_of.empty()) {
    const CapRule* parent = regime.FindCap(cap.share_of);
    limit = parent ? cap.share * CapLimit(regime, *parent, country, date) : 0;
  }
  for (const auto& up : regime.upgrades) {
    if (up.unlock_cap == cap.id && up.MetBy(scenario_.countries[country], date)) {
      limit *= up.factor;
    }
  }
  return limit;
}

std::string Engine::NveuInstanceId(const Regime& regime, int country,
                                   std::string_view consignee_key) const {
  return absl::StrCat(regime.id, "/nveu/", country_codes_[country], "/",
                      absl::string_view(consignee_key.data(), consignee_key.size()));
}

bool Engine::CapApplies(const CapQuery& q, int cap_index) const {
  const Regime& r = regime(q.regime);
  const CapRule& cap = r.caps[cap_index];
  if (q.date < cap.from || cap.to < q.date) return false;
  if (q.classification && !cap.classifications.empty() &&
      std::find(cap.classifications.begin(), cap.classifications.end(), *q.classification) ==
          cap.classifications.end()) {
    return false;
  }
  const internal::CapTable& t = tables_->regimes[q.regime].caps[cap_index];
  const int group = q.group >= 0 ? q.group : GroupOf(q.regime, q.country, q.date).group;
  if (!t.country[q.country] && !Contains(t.tiers, group)) return false;
  if (cap.consignee_keys.empty()) return true;
  switch (q.consignee) {
    case ConsigneeFilter::kAny:
      return true;
    case ConsigneeFilter::kUnnamedOnly:
      return false;
    case ConsigneeFilter::kMatch:
      return Contains(cap.consignee_keys, q.consignee_key);
  }
  return false;
}

std::string Engine::CapInstanceId(const Regime& regime, const CapRule& cap, int country,
                                  int year) const {
  std::string id = cap.counts_as.empty()
                       ? absl::StrCat(regime.id, "/", cap.id, "/", country_codes_[country])
                       : absl::StrCat(cap.counts_as, "/", country_codes_[country]);
  if (cap.period == CapPeriod::kCalendarYear) absl::StrAppend(&id, "/", year);
  return id;
}

const LicenseRow* Engine::FindRow(int regime_index, Eccn eccn, int effective_group, int hq_group,
                                  int destination, Date date, const ChipMetrics& chip) const {
  const auto& tables = tables_->regimes[regime_index].rows;
  const Regime& r = regime(regime_index);
  for (size_t i = 0; i < r.license_rows.size(); ++i) {
    const LicenseRow& row = r.license_rows[i];
    const auto& t = tables[i];
    if (!t.accelerator.empty()) continue;  // a named-product row: FindNamedRow
    if (!row.classifications.empty() &&
        std::find(row.classifications.begin(), row.classifications.end(), eccn) ==
            row.classifications.end()) {
      continue;
    }
    if (!t.tiers.empty() && !Contains(t.tiers, effective_group)) continue;
    if (!t.hq_tiers.empty() && !Contains(t.hq_tiers, hq_group)) continue;
    if (!t.destination.empty() && !t.destination[destination]) continue;
    if (row.from && date < *row.from) continue;
    if (row.to && *row.to < date) continue;
    if (row.tpp_below && !(chip.tpp < *row.tpp_below)) continue;
    if (row.memory_bandwidth_below_gbps &&
        !(chip.memory_bandwidth_gbps &&
          *chip.memory_bandwidth_gbps < *row.memory_bandwidth_below_gbps)) {
      continue;
    }
    return &row;
  }
  return nullptr;
}

const LicenseRow* Engine::FindNamedRow(int regime_index, int accelerator, int effective_group,
                                       int hq_group, int destination, Date date) const {
  const internal::RegimeTables& rt = tables_->regimes[regime_index];
  // Most chips are named by no row: one look-up, no loop.
  if (accelerator < 0 || rt.named_accelerator.empty() || !rt.named_accelerator[accelerator]) {
    return nullptr;
  }
  const Regime& r = regime(regime_index);
  for (size_t i = 0; i < r.license_rows.size(); ++i) {
    const LicenseRow& row = r.license_rows[i];
    const auto& t = rt.rows[i];
    if (t.accelerator.empty() || !t.accelerator[accelerator]) continue;
    if (!t.tiers.empty() && !Contains(t.tiers, effective_group)) continue;
    if (!t.hq_tiers.empty() && !Contains(t.hq_tiers, hq_group)) continue;
    if (!t.destination.empty() && !t.destination[destination]) continue;
    if (row.from && date < *row.from) continue;
    if (row.to && *row.to < date) continue;
    return &row;
  }
  return nullptr;
}

bool Engine::Resolve(const Shipment& s, std::string_view regime_choice, ResolvedShipment* out,
                     std::string* field, std::string* problem) const {
  out->shipment = &s;
  out->regime = RegimeFor(regime_choice, s.date);
  if (out->regime < 0) {
    *field = regime_choice == kRegimeByDate ? "date" : "regime";
    *problem = regime_choice == kRegimeByDate
                   ? absl::StrCat("no regime is in force on ", s.date.ToString())
                   : absl::StrCat("regime '", std::string(regime_choice), "' is not known");
    return false;
  }
  if (s.hypothetical) {
    out->accelerator = -1;
    out->chip.tpp = s.hypothetical->tpp;
    out->chip.die_area_mm2 = s.hypothetical->die_area_mm2;
    out->chip.memory_bandwidth_gbps = s.hypothetical->memory_bandwidth_gbps;
    out->chip.datacenter = true;
  } else {
    out->accelerator = AcceleratorIndex(s.accelerator);
    if (out->accelerator < 0) {
      *field = "accelerator";
      *problem = absl::StrCat("accelerator '", s.accelerator, "' is not in the catalogue");
      return false;
    }
    out->chip = tables_->accelerator_metrics[out->accelerator];
  }
  if (s.quantity <= 0) {
    *field = "quantity";
    *problem = absl::StrCat("quantity ", s.quantity, " is not positive");
    return false;
  }
  out->destination = CountryIndex(s.destination);
  if (out->destination < 0) {
    *field = "destination";
    *problem = absl::StrCat("destination '", s.destination, "' is not a known country");
    return false;
  }
  out->tpp_total = out->chip.tpp * static_cast<double>(s.quantity);
  out->hq_given = !s.consignee_hq.empty();
  out->hq = out->hq_given ? CountryIndex(s.consignee_hq) : out->destination;
  if (out->hq < 0) {
    *field = "consignee_hq";
    *problem = absl::StrCat("consignee_hq '", s.consignee_hq, "' is not a known country");
    return false;
  }
  return true;
}

}  // namespace stargate::rules

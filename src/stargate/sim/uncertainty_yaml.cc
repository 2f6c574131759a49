// data/uncertainty.yaml: one block per uncertainty, every key optional (a
// key given replaces that value; a map or list given replaces the whole map
// or list), each block with its source or assumption.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/record_reader.h"
#include "stargate/core/yaml_file.h"
#include "stargate/sim/uncertainty.h"

namespace stargate::sim {
namespace {

const std::vector<std::string>& Tiers() {
  static const std::vector<std::string> t = {"tier1", "tier2", "tier3"};
  return t;
}

bool ReadDistribution(const YAML::Node& node, const std::string& file, const std::string& kind,
                      DiagnosticList* diagnostics, DelayDistribution* out) {
  RecordReader r(node, file, kind, diagnostics);
  if (!r.is_map()) return false;
  const size_t before = diagnostics->size();
  DelayDistribution d;
  d.quarters.clear();
  d.probabilities.clear();
  YAML::Node quarters, probabilities;
  const bool has_quarters = r.Sequence("quarters", &quarters);
  const bool has_probabilities = r.Sequence("probabilities", &probabilities);
  if (has_quarters) {
    for (const auto& item : quarters) {
      double q = 0;
      if (r.ScalarNumber(item, "delay", {0, 40}, &q)) {
        if (q != std::floor(q)) {
          r.Report(item, absl::StrCat("delay ", q, " is not whole quarters"),
                   "an integer number of quarters");
        }
        d.quarters.push_back(static_cast<int>(q));
      }
    }
  }
  if (has_probabilities) {
    double sum = 0;
    for (const auto& item : probabilities) {
      double p = 0;
      if (r.ScalarNumber(item, "probability", kFraction, &p)) {
        d.probabilities.push_back(p);
        sum += p;
      }
    }
    if (d.probabilities.size() == probabilities.size() && std::fabs(sum - 1) > 1e-6) {
      r.Report(probabilities, absl::StrCat("probabilities add up to ", sum),
               "probabilities that add up to 1");
    }
  }
  if (has_quarters && has_probabilities && quarters.size() != probabilities.size()) {
    r.Report(probabilities,
             absl::StrCat(probabilities.size(), " probabilities for ", quarters.size(), " delays"),
             "one probability per delay");
  }
  r.Finish();
  if (diagnostics->size() != before) return false;
  *out = d;
  return true;
}

void ReadDelays(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                UncertaintySpec* spec) {
  RecordReader r(node, file, "construction_delay", diagnostics);
  if (!r.is_map()) return;
  if (YAML::Node d = r.Child("default")) {
    ReadDistribution(d, file, "default delay", diagnostics, &spec->delay_default);
  }
  auto read_map = [&](const char* key, bool countries,
                      std::map<std::string, DelayDistribution>* out) {
    YAML::Node map = r.Child(key);
    if (!map) return;
    if (!map.IsMap()) {
      r.Report(map, absl::StrCat(key, " is not a map"),
               countries ? "a map from country code to {quarters, probabilities}"
                         : "a map from region to {quarters, probabilities}");
      return;
    }
    out->clear();
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string name;
      const bool ok = countries ? r.ScalarCountryCode(it->first, absl::StrCat(key, " key"), &name)
                                : r.ScalarText(it->first, absl::StrCat(key, " key"), &name);
      DelayDistribution d;
      if (ok &&
          ReadDistribution(it->second, file, absl::StrCat("delay of ", name), diagnostics, &d)) {
        (*out)[name] = d;
      }
    }
  };
  read_map("by_region", false, &spec->delay_by_region);
  read_map("by_country", true, &spec->delay_by_country);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadTriangular(RecordReader& r, const YAML::Node& node, const NumberRange& range,
                    Triangular* t) {
  Triangular next = *t;
  r.Number("min", &next.min, range, false);
  r.Number("mode", &next.mode, range, false);
  r.Number("max", &next.max, range, false);
  if (!(next.min <= next.mode && next.mode <= next.max)) {
    r.Report(node,
             absl::StrCat("min ", next.min, ", mode ", next.mode, ", max ", next.max,
                          " are out of order"),
             "min <= mode <= max");
    return;
  }
  *t = next;
}

void ReadOverrun(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                 UncertaintySpec* spec) {
  RecordReader r(node, file, "capex_overrun", diagnostics);
  if (!r.is_map()) return;
  ReadTriangular(r, node, {-0.9, 10}, &spec->overrun);
  r.Number("per_delay_quarter", &spec->overrun_per_delay_quarter, {0, 1}, false);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadShortfall(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                   UncertaintySpec* spec) {
  RecordReader r(node, file, "supply_shortfall", diagnostics);
  if (!r.is_map()) return;
  r.Number("probability", &spec->shortfall_probability, kFraction, false);
  ReadTriangular(r, node, kFraction, &spec->shortfall);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadPrice(const YAML::Node& node, const std::string& file, const char* kind,
               DiagnosticList* diagnostics, PricePath* path) {
  RecordReader r(node, file, kind, diagnostics);
  if (!r.is_map()) return;
  r.Number("annual_drift", &path->annual_drift, {-0.9, 10}, false);
  r.Number("annual_volatility", &path->annual_volatility, {0, 2}, false);
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadWindow(RecordReader& r, const YAML::Node& node, Quarter* from, Quarter* to) {
  Quarter a = *from, b = *to;
  r.QuarterValue("from", &a, false);
  r.QuarterValue("to", &b, false);
  if (b < a) {
    r.Report(node,
             absl::StrCat("window ends (", b.ToString(), ") before it starts (", a.ToString(), ")"),
             "to >= from");
    return;
  }
  *from = a;
  *to = b;
}

void ReadRegimeChange(const YAML::Node& node, const std::string& file, DiagnosticList* diagnostics,
                      UncertaintySpec* spec) {
  RecordReader r(node, file, "regime_change", diagnostics);
  if (!r.is_map()) return;
  RegimeChange& c = spec->regime_change;
  r.Number("probability", &c.probability, kFraction, false);
  if (r.Text("regime", &c.regime, false)) c.location = r.LocationOfKey("regime");
  ReadWindow(r, node, &c.from, &c.to);
  if (c.probability > 0 && c.regime.empty()) {
    r.Report(node, "regime_change has a probability but no regime", "regime: a regime id");
  }
  Provenance provenance;
  r.ReadProvenance(&provenance);
  r.Finish();
}

void ReadTierChanges(const YAML::Node& list, const std::string& file, DiagnosticList* diagnostics,
                     UncertaintySpec* spec) {
  if (!list.IsSequence()) {
    diagnostics->Add(LocationOf(file, list), "tier_changes is not a list",
                     "a list of {country, tier, probability, from, to}");
    return;
  }
  spec->tier_changes.clear();
  for (const auto& item : list) {
    RecordReader r(item, file, "tier change", diagnostics);
    if (!r.is_map()) continue;
    const size_t before = diagnostics->size();
    TierChange c;
    if (r.CountryCode("country", &c.country)) {
      c.location = r.LocationOfKey("country");
      r.set_kind(absl::StrCat("tier change of ", c.country));
    }
    if (YAML::Node tier = r.Child("tier")) {
      if (r.ScalarText(tier, "tier", &c.tier) &&
          std::find(Tiers().begin(), Tiers().end(), c.tier) == Tiers().end()) {
        r.Report(tier, absl::StrCat("tier '", c.tier, "' is not known"), OneOf(Tiers()));
      }
    } else {
      r.Report(item, "tier change has no 'tier'", OneOf(Tiers()));
    }
    r.Number("probability", &c.probability, kFraction);
    r.QuarterValue("from", &c.from);
    r.QuarterValue("to", &c.to);
    if (c.to < c.from) r.Report(item, "window ends before it starts", "to >= from");
    const bool has_cap = r.Number("cap_h100e", &c.cap_h100e, kNonNegative, false);
    if (c.tier == "tier2" && !has_cap) {
      r.Report(item, absl::StrCat("tier change of ", c.country, " to tier2 has no cap_h100e"),
               "cap_h100e: the country's cap in H100-equivalents");
    }
    Provenance provenance;
    r.ReadProvenance(&provenance);
    r.Finish();
    if (diagnostics->size() == before) spec->tier_changes.push_back(c);
  }
}

}  // namespace

absl::StatusOr<UncertaintySpec> UncertaintyFromText(const std::string& text,
                                                    const std::string& name,
                                                    std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  UncertaintySpec spec;
  spec.origin = name;
  if (auto root = ParseSettings(text, name, &list)) {
    CheckTopLevelKeys(*root, name,
                      {"construction_delay", "capex_overrun", "supply_shortfall", "gpu_hour_price",
                       "electricity_price", "regime_change", "tier_changes"},
                      &list);
    const YAML::Node& map = *root;
    if (YAML::Node n = map["construction_delay"]) ReadDelays(n, name, &list, &spec);
    if (YAML::Node n = map["capex_overrun"]) ReadOverrun(n, name, &list, &spec);
    if (YAML::Node n = map["supply_shortfall"]) ReadShortfall(n, name, &list, &spec);
    if (YAML::Node n = map["gpu_hour_price"])
      ReadPrice(n, name, "gpu_hour_price", &list, &spec.gpu_hour_price);
    if (YAML::Node n = map["electricity_price"]) {
      ReadPrice(n, name, "electricity_price", &list, &spec.electricity_price);
    }
    if (YAML::Node n = map["regime_change"]) ReadRegimeChange(n, name, &list, &spec);
    if (YAML::Node n = map["tier_changes"]) ReadTierChanges(n, name, &list, &spec);
  }
  if (auto status = FinishDiagnostics(&list, diagnostics); !status.ok()) return status;
  return spec;
}

absl::StatusOr<UncertaintySpec> LoadUncertainty(const std::filesystem::path& path,
                                                std::vector<Diagnostic>* diagnostics) {
  DiagnosticList list;
  auto text = ReadSettingsFile(path, &list);
  if (!text) return FinishDiagnostics(&list, diagnostics);
  return UncertaintyFromText(*text, path.string(), diagnostics);
}

}  // namespace stargate::sim

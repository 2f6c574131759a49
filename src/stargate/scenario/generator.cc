#include "stargate/scenario/generator.h"

#include <cmath>
#include <sstream>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace stargate {
namespace {

struct CountrySeed {
  const char* iso2;
  const char* region;
  const char* zone;
  const char* groups;  // YAML list body
};

// Tier 1 of the January 2025 framework first, then Tier 2 from every region,
// then D:5 countries (which receive no sites).
constexpr CountrySeed kCountries[] = {
    {"US", "north_america", "US", "NATO, A:1"},
    {"GB", "europe", "UK", "NATO, A:1"},
    {"DE", "europe", "EU", "EU, NATO, A:1"},
    {"FR", "europe", "EU", "EU, NATO, A:1"},
    {"JP", "east_asia", "JP", "A:1"},
    {"KR", "east_asia", "KR", "A:1"},
    {"NO", "europe", "EU", "NATO, A:1"},
    {"AU", "oceania", "AU", "A:1"},
    {"CA", "north_america", "CA", "NATO, A:1"},
    {"NL", "europe", "EU", "EU, NATO, A:1"},
    {"SE", "europe", "EU", "EU, NATO, A:1"},
    {"FI", "europe", "EU", "EU, NATO, A:1"},
    {"DK", "europe", "EU", "EU, NATO, A:1"},
    {"IE", "europe", "EU", "EU, A:1"},
    {"IT", "europe", "EU", "EU, NATO, A:1"},
    {"ES", "europe", "EU", "EU, NATO, A:1"},
    {"BE", "europe", "EU", "EU, NATO, A:1"},
    {"NZ", "oceania", "NZ", "A:1"},
    {"TW", "east_asia", "TW", "A:1"},
    {"AE", "middle_east", "AE", "D:3, D:4"},
    {"SA", "middle_east", "SA", "D:3, D:4"},
    {"IN", "south_asia", "IN", "D:3, D:4"},
    {"AR", "latin_america", "AR", "A:1"},
    {"BR", "latin_america", "BR", "A:1"},
    {"MX", "latin_america", "MX", "A:1"},
    {"CL", "latin_america", "CL", "A:1"},
    {"SG", "southeast_asia", "SG", "A:1"},
    {"MY", "southeast_asia", "MY", "A:1"},
    {"ID", "southeast_asia", "ID", "A:1"},
    {"TH", "southeast_asia", "TH", "A:1"},
    {"VN", "southeast_asia", "VN", "D:1, D:3, D:4"},
    {"PH", "southeast_asia", "PH", "A:1"},
    {"IL", "middle_east", "IL", "D:2, D:4"},
    {"CH", "europe", "CH", "A:1"},
    {"PL", "europe", "EU", "EU, NATO, A:1"},
    {"PT", "europe", "EU", "EU, NATO, A:1"},
    {"GR", "europe", "EU", "EU, NATO, A:1"},
    {"EE", "europe", "EU", "EU, NATO, A:1"},
    {"LT", "europe", "EU", "EU, NATO, A:1"},
    {"LV", "europe", "EU", "EU, NATO, A:1"},
    {"CZ", "europe", "EU", "EU, NATO, A:1"},
    {"AT", "europe", "EU", "EU, A:1"},
    {"HU", "europe", "EU", "EU, NATO, A:1"},
    {"RO", "europe", "EU", "EU, NATO, A:1"},
    {"TR", "middle_east", "TR", "NATO, A:1"},
    {"QA", "middle_east", "QA", "D:3, D:4"},
    {"KW", "middle_east", "KW", "D:3, D:4"},
    {"EG", "africa", "EG", "D:3, D:4"},
    {"ZA", "africa", "ZA", "A:1"},
    {"KE", "africa", "KE", "A:1"},
    {"NG", "africa", "NG", "A:1"},
    {"MA", "africa", "MA", "A:1"},
    {"KZ", "central_asia", "KZ", "D:1, D:3, D:4"},
    {"UZ", "central_asia", "UZ", "D:1, D:3, D:4"},
    {"PK", "south_asia", "PK", "D:2, D:3, D:4"},
    {"BD", "south_asia", "BD", "A:1"},
    {"CO", "latin_america", "CO", "A:1"},
    {"PE", "latin_america", "PE", "A:1"},
    {"UA", "europe", "UA", "D:1, D:3"},
    {"RS", "europe", "RS", "A:1"},
    {"IS", "europe", "EU", "NATO, A:1"},
    {"LU", "europe", "EU", "EU, NATO, A:1"},
    {"SK", "europe", "EU", "EU, NATO, A:1"},
    {"SI", "europe", "EU", "EU, NATO, A:1"},
    {"HR", "europe", "EU", "EU, NATO, A:1"},
    {"BG", "europe", "EU", "EU, NATO, A:1"},
    {"CY", "europe", "EU", "EU, A:1"},
    {"MT", "europe", "EU", "EU, A:1"},
    {"JO", "middle_east", "JO", "D:3, D:4"},
    {"OM", "middle_east", "OM", "D:3, D:4"},
    {"BH", "middle_east", "BH", "D:3, D:4"},
    {"GH", "africa", "GH", "A:1"},
    {"ET", "africa", "ET", "A:1"},
    {"TZ", "africa", "TZ", "A:1"},
    {"LK", "south_asia", "LK", "A:1"},
    {"NP", "south_asia", "NP", "A:1"},
    {"UY", "latin_america", "UY", "A:1"},
    {"PA", "latin_america", "PA", "A:1"},
    {"CR", "latin_america", "CR", "A:1"},
    {"EC", "latin_america", "EC", "A:1"},
    {"CN", "east_asia", "CN", "D:1, D:3, D:4, D:5, arms_embargo"},
    {"RU", "europe", "RU", "D:1, D:2, D:3, D:4, D:5, arms_embargo"},
    {"IR", "middle_east", "IR", "D:1, D:2, D:3, D:4, D:5, arms_embargo"},
    {"BY", "europe", "BY", "D:1, D:2, D:3, D:4, D:5, arms_embargo"},
    {"VE", "latin_america", "VE", "D:1, D:3, D:4, D:5, arms_embargo"},
    {"MM", "southeast_asia", "MM", "D:1, D:3, D:4, D:5, arms_embargo"},
};
constexpr int kNumSeeds = sizeof(kCountries) / sizeof(kCountries[0]);
constexpr int kNumEmbargoed = 6;  // the last entries

// splitmix64: a tiny, portable generator, so a seed means the same scenario everywhere.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * (Next() >> 11) * 0x1.0p-53; }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }

 private:
  uint64_t state_;
};

std::string Quarter(int start_year, int t) {
  return absl::StrFormat("%dQ%d", start_year + t / 4, t % 4 + 1);
}

}  // namespace

absl::StatusOr<std::string> GenerateScenarioYaml(const GeneratorOptions& o) {
  if (o.sites < 1 || o.sites > 100000)
    return absl::InvalidArgumentError("--sites must be in 1..100000");
  if (o.types < 1 || o.types > 200) return absl::InvalidArgumentError("--types must be in 1..200");
  if (o.quarters < 1 || o.quarters > 200)
    return absl::InvalidArgumentError("--quarters must be in 1..200");
  if (o.countries < 2 || o.countries > kNumSeeds) {
    return absl::InvalidArgumentError(absl::StrFormat("--countries must be in 2..%d", kNumSeeds));
  }
  Random rng(o.seed);
  std::ostringstream y;
  const std::string last = Quarter(o.start_year, o.quarters - 1);
  y << "# Generated by `stargate gen` (seed " << o.seed
    << "): synthetic, for tests and benchmarks.\n"
    << "scenario:\n  id: generated-" << o.seed << "\n  name: Generated scenario\n"
    << "  horizon: {start: " << o.start_year << "Q1, end: " << last
    << "}\n  regime: by_date\n"
    // No system_cost_factor: the loader's default (kDefaultSystemCostFactor)
    // prices the synthetic chips installed, as it does the shipped ones.
    << "  options: {objective: cost, discount_rate: 0.08, unmet_penalty_usd_per_h100e: 25000, "
       "accelerator_life_quarters: 20}\n"
    << "  assumption: synthetic scenario generated from a seed\n";

  y << "accelerators:\n";
  for (int k = 0; k < o.types; ++k) {
    const double fp8 = rng.Uniform(1500, 15000);
    const int from = rng.Int(0, std::max(0, o.quarters / 2));
    y << absl::StrFormat(
        "  - {id: G%d, name: Generated %d, vendor: Synthetic, dense_tflops: {fp8: %.1f, bf16: "
        "%.1f}, "
        "die_area_mm2: %.0f, power_kw: %.2f, price_usd: %.0f, memory_gb: 192, available_from: %s, "
        "assumption: synthetic}\n",
        k, k, fp8, fp8 / 2, rng.Uniform(800, 1700), 0.9 + fp8 / 8000.0, 8000 + fp8 * 6,
        Quarter(o.start_year, from));
  }

  // Countries: the first (countries - embargoed) seeds, plus the embargoed ones.
  const int embargoed = std::min(kNumEmbargoed, o.countries / 10);
  std::vector<int> picked;
  for (int i = 0; i < o.countries - embargoed; ++i) picked.push_back(i);
  for (int i = 0; i < embargoed; ++i) picked.push_back(kNumSeeds - kNumEmbargoed + i);
  y << "countries:\n";
  for (int i : picked) {
    const CountrySeed& c = kCountries[i];
    y << absl::StrFormat(
        "  - {iso2: %s, name: Country %s, region: %s, memberships: [%s], electricity_usd_per_mwh: "
        "%.0f, "
        "grid_gco2_per_kwh: %.0f, freedom_score: %.0f, data_protection_zone: %s, partner_status: "
        "%s, "
        "compliance: {g2g_agreement: %s}, assumption: synthetic}\n",
        c.iso2, c.iso2, c.region, c.groups, rng.Uniform(40, 250), rng.Uniform(20, 700),
        rng.Uniform(5, 100), c.zone, i < 25 ? "negotiating" : "none",
        rng.Int(0, 4) == 0 ? "true" : "false");
  }
  const int host_countries = o.countries - embargoed;

  y << "sites:\n";
  for (int s = 0; s < o.sites; ++s) {
    // Half the sites in the first few (large) countries, the rest spread out.
    const int c =
        s % 2 == 0 ? rng.Int(0, std::min(host_countries, 6) - 1) : rng.Int(0, host_countries - 1);
    const double grid = rng.Uniform(100, 1500);
    const bool uveu = rng.Int(0, 9) == 0;
    y << absl::StrFormat(
        "  - {id: site-%d, name: Site %d, country: %s, lat: %.3f, lon: %.3f, operator: %s, "
        "operator_hq: US, "
        "uveu: %s, status: %s, grid_mw_max: %.0f, pue: %.2f, shell_capex_usd_per_mw: %.0f, "
        "lead_quarters: %d, "
        "existing_mw: %.0f, fixed_cost_usd: %.0f, min_build_mw: %.0f, assumption: synthetic}\n",
        s, s, kCountries[c].iso2, rng.Uniform(-50, 70), rng.Uniform(-170, 170),
        uveu ? "VeuCloud" : absl::StrFormat("Operator %d", s % 17), uveu ? "true" : "false",
        s % 5 == 0 ? "operating" : "candidate", grid, rng.Uniform(1.1, 1.4), rng.Uniform(9e6, 18e6),
        rng.Int(2, 8), s % 5 == 0 ? grid * 0.1 : 0.0, rng.Uniform(5e7, 5e8), std::min(grid, 100.0));
  }

  y << "financiers:\n";
  const int financiers = std::max(3, o.countries / 3);
  for (int f = 0; f < financiers; ++f) {
    y << absl::StrFormat(
        "  - {id: fin-%d, name: Financier %d, kind: %s, hq: US, commitments: [", f, f,
        f % 3 == 0 ? "project_debt" : (f % 3 == 1 ? "strategic" : "sovereign_fund"));
    for (int j = 0; j < 2; ++j) {
      const int from = j * o.quarters / 2;
      const int to = std::min(o.quarters - 1, from + o.quarters / 2);
      y << absl::StrFormat("%s{from: %s, to: %s, usd: %.0f}", j ? ", " : "",
                           Quarter(o.start_year, from), Quarter(o.start_year, to),
                           rng.Uniform(5e9, 8e10));
    }
    y << "], eligible_countries: ";
    if (f % 4 == 0) {
      y << "all";
    } else {
      y << "[";
      for (int j = 0; j < 5; ++j)
        y << (j ? ", " : "") << kCountries[rng.Int(0, host_countries - 1)].iso2;
      y << "]";
    }
    y << absl::StrFormat(
        ", cost_of_capital: %.3f, screening_status: clear, assumption: synthetic}\n",
        rng.Uniform(0.05, 0.14));
  }

  y << "demand:\n";
  for (int i : picked) {
    const char* residency = i % 3 == 0 ? "in_country" : (i % 3 == 1 ? "in_zone" : "anywhere");
    // Large enough in Tier 2 countries that a country cap of ~50,000 H100e binds.
    y << absl::StrFormat(
        "  - {country: %s, from: %s, to: %s, start_h100e: %.0f, annual_growth: %.2f, residency: "
        "%s, "
        "assumption: synthetic}\n",
        kCountries[i].iso2, Quarter(o.start_year, rng.Int(0, std::max(0, o.quarters / 4))), last,
        rng.Uniform(5000, 60000), rng.Uniform(0.2, 0.8), residency);
  }
  y << "supply:\n";
  for (int k = 0; k < o.types; ++k) {
    y << absl::StrFormat(
        "  - {accelerator: G%d, from: %dQ1, to: %s, units_per_quarter: %.0f, annual_growth: %.2f, "
        "assumption: synthetic}\n",
        k, o.start_year, last, rng.Uniform(20000, 200000) * std::max(1.0, o.sites / 50.0),
        rng.Uniform(0.1, 0.5));
  }
  return y.str();
}

}  // namespace stargate

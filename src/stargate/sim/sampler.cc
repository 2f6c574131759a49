#include "stargate/sim/sampler.h"

#include <algorithm>
#include <cmath>

#include "stargate/sim/random.h"

namespace stargate::sim {
namespace {

// Purposes: each kind of draw has its own counter domain, and the item is
// the country, site, year or list entry it is for.
enum Purpose : uint32_t {
  kShortfall = 1,
  kRegimeChange = 2,
  kDelay = 3,
  kOverrun = 4,
  kGpuPrice = 5,
  kElectricityPrice = 6,
  kTierChange = 7,
};

int UniformQuarter(double u, int from, int to) {
  const int n = to - from + 1;
  return from + std::min(n - 1, static_cast<int>(u * n));
}

// Year y (quarters 4y..4y+3) moves by exp(mu + sigma Z_y); years 2k and
// 2k+1 share the Box-Muller pair of block k (uniforms 2k and 2k + 1), and
// year 0 is at 1.
void FillPath(const double* uniforms, double mu, double sigma, std::vector<double>* path) {
  double level = 1;
  std::array<double, 2> z{};
  const int n = static_cast<int>(path->size());
  for (int year = 0; 4 * year < n; ++year) {
    if (year > 0) {
      const int k = year / 2;
      if (year % 2 == 0 || year == 1) z = BoxMuller(uniforms[2 * k], uniforms[2 * k + 1]);
      level *= std::exp(mu + sigma * z[year % 2]);
    }
    std::fill(path->begin() + 4 * year, path->begin() + std::min(n, 4 * year + 4), level);
  }
}

// Blocks FillPath uses for a path of n quarters: one per two years after the first.
int PathBlocks(int n) {
  const int years = (n + 3) / 4;
  return years >= 2 ? (years - 1) / 2 + 1 : 0;
}

}  // namespace

Sampler::Sampler(const UncertaintySpec& spec, const Scenario& scenario, int length)
    : spec_(spec), scenario_(scenario), length_(length) {
  for (const Country& c : scenario.countries) country_delay_.push_back(&spec.DelayFor(c));
  for (const Site& s : scenario.sites) {
    const Country* c = scenario.FindCountry(s.country);
    site_country_.push_back(c ? static_cast<int>(c - scenario.countries.data()) : -1);
  }
  draw_country_.assign(scenario.countries.size(), 1);
  draw_site_.assign(scenario.sites.size(), 1);
  for (const TierChange& t : spec.tier_changes) {
    const Country* c = scenario.FindCountry(t.country);
    tier_country_.push_back(c ? static_cast<int>(c - scenario.countries.data()) : -1);
    tier_is_ban_.push_back(t.tier == "tier3");
  }
  auto mu = [](const PricePath& p) {
    return std::log(1 + p.annual_drift) - p.annual_volatility * p.annual_volatility / 2;
  };
  gpu_mu_ = mu(spec.gpu_hour_price);
  electricity_mu_ = mu(spec.electricity_price);
  ListCounters();
}

void Sampler::ListCounters() {
  counters_.clear();
  auto add = [&](Purpose purpose, size_t item) {
    counters_.push_back({purpose, static_cast<uint32_t>(item)});
  };
  for (size_t c = 0; c < draw_country_.size(); ++c) {
    if (draw_country_[c]) add(kDelay, c);
  }
  for (size_t s = 0; s < draw_site_.size(); ++s) {
    if (draw_site_[s]) add(kOverrun, s);
  }
  add(kShortfall, 0);
  for (int k = 0; k < PathBlocks(length_); ++k) add(kGpuPrice, k);
  for (int k = 0; k < PathBlocks(length_); ++k) add(kElectricityPrice, k);
  add(kRegimeChange, 0);
  for (size_t i = 0; i < spec_.tier_changes.size(); ++i) add(kTierChange, i);
}

void Sampler::Restrict(std::vector<char> countries, std::vector<char> sites) {
  countries.resize(scenario_.countries.size(), 0);
  sites.resize(scenario_.sites.size(), 0);
  draw_country_ = std::move(countries);
  draw_site_ = std::move(sites);
  ListCounters();
}

void Sampler::Draw(uint64_t seed, uint64_t run, RunDraws* d) const {
  d->uniforms.resize(2 * counters_.size());
  RunStream(seed, run).ManyUniforms(counters_.data(), counters_.size(), d->uniforms.data());
  // Taken in the order ListCounters laid them out.
  const double* u = d->uniforms.data();
  const size_t countries = scenario_.countries.size(), sites = scenario_.sites.size();
  d->country_delay.resize(countries);
  for (size_t c = 0; c < countries; ++c) {
    d->country_delay[c] = draw_country_[c] ? country_delay_[c]->Sample(u[0]) : 0;
    if (draw_country_[c]) u += 2;
  }
  d->site_overrun.resize(sites);
  for (size_t s = 0; s < sites; ++s) {
    if (!draw_site_[s]) {
      d->site_overrun[s] = 1;
      continue;
    }
    const int c = site_country_[s];
    const int delay = c >= 0 ? d->country_delay[c] : 0;
    d->site_overrun[s] =
        std::max(0.0, 1 + spec_.overrun.Sample(u[0]) + spec_.overrun_per_delay_quarter * delay);
    u += 2;
  }
  d->supply_factor = u[0] < spec_.shortfall_probability ? 1 - spec_.shortfall.Sample(u[1]) : 1.0;
  u += 2;
  d->gpu_price.resize(length_);
  d->electricity_price.resize(length_);
  FillPath(u, gpu_mu_, spec_.gpu_hour_price.annual_volatility, &d->gpu_price);
  u += 2 * PathBlocks(length_);
  FillPath(u, electricity_mu_, spec_.electricity_price.annual_volatility, &d->electricity_price);
  u += 2 * PathBlocks(length_);
  const RegimeChange& rc = spec_.regime_change;
  d->regime_change = u[0] < rc.probability
                         ? UniformQuarter(u[1], rc.from - scenario_.start, rc.to - scenario_.start)
                         : finance::kNever;
  u += 2;
  d->tier_change.resize(spec_.tier_changes.size());
  for (size_t i = 0; i < spec_.tier_changes.size(); ++i, u += 2) {
    const TierChange& tc = spec_.tier_changes[i];
    d->tier_change[i] = u[0] < tc.probability ? UniformQuarter(u[1], tc.from - scenario_.start,
                                                               tc.to - scenario_.start)
                                              : finance::kNever;
  }
}

finance::Shocks Sampler::ShocksFor(const finance::FinanceModel& model, RunDraws* d) const {
  const size_t n = model.sites.size();
  d->site_delay.resize(n);
  d->model_site_overrun.resize(n);
  d->site_blocked_from.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int s = model.sites[i].scenario_site;
    const int c = site_country_[s];
    d->site_delay[i] = c >= 0 ? d->country_delay[c] : 0;
    d->model_site_overrun[i] = d->site_overrun[s];
    int blocked = finance::kNever;
    for (size_t k = 0; k < spec_.tier_changes.size(); ++k) {
      if (tier_is_ban_[k] && c >= 0 && tier_country_[k] == c) {
        blocked = std::min(blocked, d->tier_change[k]);
      }
    }
    d->site_blocked_from[i] = blocked;
  }
  finance::Shocks shocks;
  shocks.site_delay = d->site_delay.data();
  shocks.site_overrun = d->model_site_overrun.data();
  shocks.supply_factor = d->supply_factor;
  shocks.gpu_price = d->gpu_price.data();
  shocks.electricity_price = d->electricity_price.data();
  shocks.alternative_from = d->regime_change;
  shocks.site_blocked_from = d->site_blocked_from.data();
  return shocks;
}

double Sampler::MeanOverHorizon(const std::vector<double>& path) const {
  const int n = std::min<int>(scenario_.num_quarters(), static_cast<int>(path.size()));
  double sum = 0;
  for (int t = 0; t < n; ++t) sum += path[t];
  return n > 0 ? sum / n : 1.0;
}

}  // namespace stargate::sim

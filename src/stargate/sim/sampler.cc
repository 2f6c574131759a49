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
// 2k+1 share one Box-Muller pair.
void FillPath(const RunStream& stream, uint32_t purpose, double mu, double sigma, std::vector<double>* path) {
  double level = 1;
  std::array<double, 2> z{};
  const int n = static_cast<int>(path->size());
  for (int t = 0; t < n; ++t) {
    if (t > 0 && t % 4 == 0) {
      const int year = t / 4;
      if (year % 2 == 0 || year == 1) z = stream.Normals(purpose, static_cast<uint32_t>(year / 2));
      level *= std::exp(mu + sigma * z[year % 2]);
    }
    (*path)[t] = level;
  }
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
}

void Sampler::Restrict(std::vector<char> countries, std::vector<char> sites) {
  countries.resize(scenario_.countries.size(), 0);
  sites.resize(scenario_.sites.size(), 0);
  draw_country_ = std::move(countries);
  draw_site_ = std::move(sites);
}

void Sampler::Draw(uint64_t seed, uint64_t run, RunDraws* d) const {
  const RunStream stream(seed, run);
  const size_t countries = scenario_.countries.size(), sites = scenario_.sites.size();
  d->country_delay.resize(countries);
  for (size_t c = 0; c < countries; ++c) {
    d->country_delay[c] =
        draw_country_[c] ? country_delay_[c]->Sample(stream.Uniform(kDelay, static_cast<uint32_t>(c))) : 0;
  }
  d->site_overrun.resize(sites);
  for (size_t s = 0; s < sites; ++s) {
    if (!draw_site_[s]) {
      d->site_overrun[s] = 1;
      continue;
    }
    const int c = site_country_[s];
    const int delay = c >= 0 ? d->country_delay[c] : 0;
    d->site_overrun[s] = std::max(0.0, 1 + spec_.overrun.Sample(stream.Uniform(kOverrun, static_cast<uint32_t>(s))) +
                                           spec_.overrun_per_delay_quarter * delay);
  }
  const auto shortfall = stream.Uniforms(kShortfall, 0);
  d->supply_factor = shortfall[0] < spec_.shortfall_probability ? 1 - spec_.shortfall.Sample(shortfall[1]) : 1.0;
  d->gpu_price.resize(length_);
  d->electricity_price.resize(length_);
  FillPath(stream, kGpuPrice, gpu_mu_, spec_.gpu_hour_price.annual_volatility, &d->gpu_price);
  FillPath(stream, kElectricityPrice, electricity_mu_, spec_.electricity_price.annual_volatility,
           &d->electricity_price);
  const auto regime = stream.Uniforms(kRegimeChange, 0);
  const RegimeChange& rc = spec_.regime_change;
  d->regime_change = regime[0] < rc.probability
                         ? UniformQuarter(regime[1], rc.from - scenario_.start, rc.to - scenario_.start)
                         : finance::kNever;
  d->tier_change.resize(spec_.tier_changes.size());
  for (size_t i = 0; i < spec_.tier_changes.size(); ++i) {
    const TierChange& tc = spec_.tier_changes[i];
    const auto u = stream.Uniforms(kTierChange, static_cast<uint32_t>(i));
    d->tier_change[i] = u[0] < tc.probability
                            ? UniformQuarter(u[1], tc.from - scenario_.start, tc.to - scenario_.start)
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

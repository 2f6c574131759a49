#include "stargate/finance/internal/metrics.h"

#include <algorithm>
#include <cmath>

namespace stargate::finance {
namespace {

// NPV at a rate per period (not annual), in the form the IRR search needs.
double NpvPerPeriod(const std::vector<double>& flows, double rate) {
  double npv = 0, factor = 1;
  const double step = 1.0 / (1.0 + rate);
  for (double flow : flows) {
    npv += flow * factor;
    factor *= step;
  }
  return npv;
}

}  // namespace

double PeriodRate(double annual_rate, int periods_per_year) {
  return std::pow(1.0 + annual_rate, 1.0 / periods_per_year) - 1.0;
}

double Discount(double annual_rate, int t, int periods_per_year) {
  return std::pow(1.0 + annual_rate, -static_cast<double>(t) / periods_per_year);
}

double Npv(const std::vector<double>& flows, double annual_rate, int periods_per_year) {
  double npv = 0;
  for (size_t t = 0; t < flows.size(); ++t) {
    npv += flows[t] * Discount(annual_rate, static_cast<int>(t), periods_per_year);
  }
  return npv;
}

std::optional<double> Irr(const std::vector<double>& flows, int periods_per_year) {
  const bool any_negative = std::any_of(flows.begin(), flows.end(), [](double f) { return f < 0; });
  const bool any_positive = std::any_of(flows.begin(), flows.end(), [](double f) { return f > 0; });
  if (!any_negative || !any_positive) return std::nullopt;
  // Bracket a root starting from 0% a period, then bisect: slower than
  // Newton's method but it cannot diverge, and it is exactly reproducible.
  double lo = 0, hi = 0;
  const double at_zero = NpvPerPeriod(flows, 0);
  if (at_zero == 0) return 0.0;
  if (at_zero > 0) {
    hi = 0.01;
    while (NpvPerPeriod(flows, hi) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > 1e4) return std::nullopt;
    }
  } else {
    // The NPV rises as the rate falls towards -100% when late flows are positive.
    lo = -0.01;
    while (NpvPerPeriod(flows, lo) < 0) {
      hi = lo;
      lo = -1 + (1 + lo) / 2;
      if (lo < -0.9999) return std::nullopt;
    }
  }
  const double sign_lo = NpvPerPeriod(flows, lo) > 0 ? 1 : -1;
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = lo + (hi - lo) / 2;
    const double v = NpvPerPeriod(flows, mid);
    if ((v > 0 ? 1 : -1) == sign_lo) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  const double per_period = lo + (hi - lo) / 2;
  return std::pow(1.0 + per_period, periods_per_year) - 1.0;
}

std::optional<int> PaybackPeriod(const std::vector<double>& flows) {
  double cumulative = 0;
  int last_negative = -1;
  for (size_t t = 0; t < flows.size(); ++t) {
    cumulative += flows[t];
    if (cumulative < 0) last_negative = static_cast<int>(t);
  }
  if (last_negative < 0) return 0;
  if (last_negative + 1 >= static_cast<int>(flows.size())) return std::nullopt;
  return last_negative + 1;
}

double PeakFundingNeed(const std::vector<double>& flows) {
  double cumulative = 0, lowest = 0;
  for (double flow : flows) {
    cumulative += flow;
    lowest = std::min(lowest, cumulative);
  }
  return -lowest;
}

}  // namespace stargate::finance

// Money metrics over a series of cash flows, one per period: net present
// value, internal rate of return, payback and peak funding need. Pure
// functions; the finance and sim modules and their tests share them.
#ifndef STARGATE_FINANCE_INTERNAL_METRICS_H_
#define STARGATE_FINANCE_INTERNAL_METRICS_H_

#include <optional>
#include <vector>

namespace stargate::finance {

// The rate per period that compounds to `annual_rate` over `periods_per_year`.
double PeriodRate(double annual_rate, int periods_per_year);

// Discount factor of period t at an annual rate, compounding per period:
// (1 + annual_rate)^(-t / periods_per_year). Matches plan::DiscountFactor for
// quarters.
double Discount(double annual_rate, int t, int periods_per_year);

// Sum of flows[t] * Discount(annual_rate, t, periods_per_year).
double Npv(const std::vector<double>& flows, double annual_rate, int periods_per_year);

// The annual rate at which the NPV is zero, or nullopt when there is none
// (all flows of one sign, or no sign change of the NPV between -99.99% and
// 1,000,000% a period). When the NPV has several roots, the one found by
// searching from 0% outwards.
std::optional<double> Irr(const std::vector<double>& flows, int periods_per_year);

// The first period from which the cumulative flow stays at or above zero;
// nullopt when it ends below zero. 0 when it never goes below zero.
std::optional<int> PaybackPeriod(const std::vector<double>& flows);

// The largest amount the cumulative flow goes below zero (>= 0).
double PeakFundingNeed(const std::vector<double>& flows);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_INTERNAL_METRICS_H_

// The definition of a run's cash flows, flow by flow and lender by lender,
// with every flow recorded: what `stargate finance` reports and what the
// fast Evaluate (evaluate.cc) must reproduce. Allocates; not for the Monte
// Carlo loop.
#include <algorithm>

#include "stargate/finance/evaluate.h"

namespace stargate::finance {
namespace {

// sum a[i] * b[i] with four independent partial sums: the same operations in
// the same order on every thread and process.
double Dot(const double* a, const double* b, int n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

}  // namespace

void Ledger::Reset(const FinanceModel& model) {
  const int n = model.length();
  sites.assign(model.sites.size(), std::vector<SiteFlows>(n));
  paid_in.assign(model.funders.size(), std::vector<double>(n, 0.0));
  received.assign(model.funders.size(), std::vector<double>(n, 0.0));
}

void EvaluateWithLedger(const FinanceModel& m, const Shocks& sh, Outcome* out, Ledger* ledger) {
  const int T = m.plan_quarters, life = m.life_quarters;
  for (size_t f = 0; f < m.funders.size(); ++f) out->funder_npv[f] = 0;
  out->overall_npv = out->capex_usd = out->facility_capex_usd = out->delivered_h100e = 0;
  ledger->Reset(m);
  int tenor = 1;
  for (const Funder& f : m.funders) tenor = std::max(tenor, f.terms.tenor);
  const int padding = tenor + 1;  // zeros before a lender's first draw, for LoanState
  const double* overall_discount = m.discount[m.overall_rate].data();
  // One lender at the site being evaluated.
  struct Lender {
    const LoanTerms* terms = nullptr;
    const double* discount = nullptr;
    std::vector<double> draws;  // [padding + quarter - first]
    LoanState state;
    double facility_share = 0, chip_share = 0, npv = 0;
    int funder = 0;
  };
  std::vector<ChipCohort> chosen(T);
  for (size_t si = 0; si < m.sites.size(); ++si) {
    const SiteModel& s = m.sites[si];
    const int d = sh.site_delay ? std::clamp(sh.site_delay[si], 0, m.max_shift) : 0;
    const double overrun = sh.site_overrun ? sh.site_overrun[si] : 1.0;
    const int blocked = sh.site_blocked_from ? sh.site_blocked_from[si] : kNever;
    const bool alternative = sh.alternative_from != kNever && !s.chips_alternative.empty();
    // The chips each plan quarter's delivery brings in this run.
    const double supply = sh.supply_factor;
    for (int tau = 0; tau < T; ++tau) {
      const int arrives = tau + d;
      ChipCohort& c = chosen[tau];
      if (arrives < blocked) {
        const ChipCohort& planned =
            alternative && arrives >= sh.alternative_from ? s.chips_alternative[tau] : s.chips[tau];
        c.capex = planned.capex * supply;
        c.revenue = planned.revenue * supply;
        c.energy_mwh = planned.energy_mwh * supply;
        c.depreciation = planned.depreciation * supply;
        c.h100e = planned.h100e * supply;
      } else {
        c = ChipCohort{};
      }
      if (arrives < T) out->delivered_h100e += c.h100e;
    }
    const int first = s.first_quarter, end = s.end_quarter + d, n = end - first;
    const int delivered_from =
        std::max(0, first - d);  // the first plan quarter the walk below reads
    std::vector<Lender> lenders;
    for (const SiteFunding& part : s.lenders) {
      Lender l;
      l.terms = &m.funders[part.funder].terms;
      l.discount = m.discount[m.funder_rate[part.funder]].data();
      l.draws.assign(padding + n, 0.0);
      l.facility_share = part.facility_share;
      l.chip_share = part.chip_share;
      l.funder = part.funder;
      lenders.push_back(std::move(l));
    }
    // Series indexed from the site's first quarter.
    std::vector<double> equity_series(n), net_series(n), distribution_series(n);
    const double equity_facility = s.equity_facility_share, equity_chips = s.equity_chip_share;
    double revenue_rate = 0, energy_rate = 0, depreciation_rate = 0, h100e_alive = 0;
    double losses = 0, facility_depreciated = 0;
    for (int t = first; t < end; ++t) {
      const int tau = t - d;
      const double capex_facility = t < T ? s.facility_capex[t] * overrun : 0.0;
      double capex_chips = 0;
      if (tau >= 0 && tau < T) {
        const ChipCohort& c = chosen[tau];
        capex_chips = c.capex;
        revenue_rate += c.revenue;
        energy_rate += c.energy_mwh;
        depreciation_rate += c.depreciation;
        h100e_alive += c.h100e;
      }
      // Only chips the walk added retire.
      if (const int retired = tau - life; retired >= delivered_from && retired < T) {
        const ChipCohort& c = chosen[retired];
        revenue_rate -= c.revenue;
        energy_rate -= c.energy_mwh;
        depreciation_rate -= c.depreciation;
        h100e_alive -= c.h100e;
      }
      const double price_index =
          t < static_cast<int>(m.price_index.size()) ? m.price_index[t] : 1.0;
      const double revenue = revenue_rate * price_index * (sh.gpu_price ? sh.gpu_price[t] : 1.0);
      const double energy = energy_rate * s.electricity_usd_per_mwh *
                            (sh.electricity_price ? sh.electricity_price[t] : 1.0);
      const double mw = tau >= 0 ? s.new_mw[tau] : 0.0;
      const double operations = mw * s.operations_usd_per_mw_quarter;
      const double facility_depreciation = tau >= 0 ? s.facility_depreciation[tau] * overrun : 0.0;
      facility_depreciated += facility_depreciation;

      double interest = 0, principal = 0, debt_draws = 0;
      for (Lender& l : lenders) {
        const double draw = l.facility_share * capex_facility + l.chip_share * capex_chips;
        const int k = t - first + padding;
        l.draws[k] = draw;
        double i = 0, p = 0;
        l.state.Step(*l.terms, l.draws.data(), k, &i, &p);
        interest += i;
        principal += p;
        debt_draws += draw;
        l.npv += (i + p - draw) * l.discount[t];
        ledger->paid_in[l.funder][t] += draw;
        ledger->received[l.funder][t] += i + p;
      }

      const double taxable =
          revenue - energy - operations - facility_depreciation - depreciation_rate - interest;
      double tax = 0;
      if (taxable < 0) {
        losses -= taxable;
      } else {
        const double offset = std::min(losses, taxable);
        losses -= offset;
        tax = s.tax_rate * (taxable - offset);
      }
      const double cash_available = revenue - energy - operations - tax;
      const double distributions = cash_available - interest - principal;
      const double capex = capex_facility + capex_chips;
      equity_series[t - first] =
          distributions - equity_facility * capex_facility - equity_chips * capex_chips;
      net_series[t - first] = cash_available - capex;
      distribution_series[t - first] = distributions;
      out->capex_usd += capex;
      out->facility_capex_usd += capex_facility;
      SiteFlows& row = ledger->sites[si][t];
      row.capex_facility = capex_facility;
      row.capex_chips = capex_chips;
      row.revenue = revenue;
      row.energy = energy;
      row.operations = operations;
      row.depreciation = facility_depreciation + depreciation_rate;
      row.interest = interest;
      row.principal = principal;
      row.tax = tax;
      row.debt_draws = debt_draws;
      row.equity_draws = capex - debt_draws;
      row.distributions = distributions;
      row.mw_online = s.existing_mw + mw;
      row.h100e_installed = h100e_alive;
    }
    // The last quarter: what is still owed is repaid and the facility is
    // worth its book value; both go through equity.
    const int last = end - 1;
    const double residual =
        m.residual_value_share * (s.facility_capex_usd * overrun - facility_depreciated);
    double payoff = 0;
    for (Lender& l : lenders) {
      const double owed = l.state.balance;
      payoff += owed;
      l.npv += owed * l.discount[last];
      out->funder_npv[l.funder] += l.npv;
      ledger->received[l.funder][last] += owed;
    }
    equity_series[last - first] += residual - payoff;
    net_series[last - first] += residual;
    distribution_series[last - first] += residual - payoff;
    SiteFlows& row = ledger->sites[si][last];
    row.principal += payoff;
    row.distributions += residual - payoff;
    row.residual = residual;
    // Equity holders by weight, each at its own rate; the project at the scenario's.
    for (const SiteFunding& part : s.equity) {
      const double* discount = m.discount[s.equity_rates[part.rate_slot]].data();
      out->funder_npv[part.funder] +=
          part.equity_weight * Dot(equity_series.data(), discount + first, n);
      for (int t = first; t < end; ++t) {
        const SiteFlows& r = ledger->sites[si][t];
        ledger->paid_in[part.funder][t] +=
            part.facility_share * r.capex_facility + part.chip_share * r.capex_chips;
        ledger->received[part.funder][t] += part.equity_weight * distribution_series[t - first];
      }
    }
    out->overall_npv += Dot(net_series.data(), overall_discount + first, n);
  }
}

}  // namespace stargate::finance

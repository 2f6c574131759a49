// The Monte Carlo evaluation: the flows EvaluateWithLedger defines, from
// the model's SiteTables. What is linear in the shocks comes from the tables
// (scaled by the overrun o and the supply factor S, looked up by delay d and
// by the cuts a regime change or a ban makes); what is not, the prices and
// the tax with its loss carry-forward, is walked quarter by quarter.
#include "stargate/finance/evaluate.h"

#include <algorithm>
#include <cstring>

namespace stargate::finance {

Workspace::Workspace(const FinanceModel& model) {
  size_t quarters = 1, columns = 1;
  for (const SiteTables& tb : model.tables) {
    // A site's quarters, and the max_shift its delay can put before them.
    quarters = std::max<size_t>(quarters, tb.quarters + model.max_shift);
    columns = std::max<size_t>(columns, tb.columns);
  }
  for (std::vector<double>* v : {&cash_, &taxable_, &revenue_, &energy_, &expenses_})
    v->assign(quarters, 0.0);
  values_.assign(columns, 0.0);
  discount_.assign(columns, nullptr);
  ones_.assign(model.length(), 1.0);
  base_gpu_ = model.price_index;
  base_gpu_.resize(model.length(), 1.0);
  gpu_.assign(model.length(), 1.0);
}

namespace {

// A site's per-quarter inputs, from the quarter its chips and halls start.
struct Quarters {
  const double *revenue, *energy, *chip_expenses;  // chips, unit supply
  const double *gpu, *electricity;                 // price multipliers
  const double *operations, *facility_expenses;    // facility; expenses for unit overrun
};

// A delayed site's first d quarters: its halls and chips have not started,
// so there is no operating cash, and the facility debt's interest (o x the
// tables') is the only item before tax (the debt's flows themselves are in
// the tables' present values).
void Early(int d, double overrun, const double* interest, double* __restrict cash,
           double* __restrict taxable) {
  for (int q = 0; q < d; ++q) {
    cash[q] = 0;
    taxable[q] = -overrun * interest[q];
  }
}

// What does not depend on the tax: cash from operations and taxable profit,
// each quarter on its own. The outputs alias no input (restrict), so the
// compiler vectorizes the loop.
void BeforeTax(int n, double supply, double overrun, const Quarters& q, double* __restrict cash,
               double* __restrict taxable) {
  for (int i = 0; i < n; ++i) {
    const double operating =
        supply * (q.revenue[i] * q.gpu[i] - q.energy[i] * q.electricity[i]) - q.operations[i];
    cash[i] = operating;
    taxable[i] = operating - overrun * q.facility_expenses[i] - supply * q.chip_expenses[i];
  }
}

// The tax, losses carried forward from the site's first quarter, taken off
// the cash. The definition's two cases in one: a loss (taxable < 0 <=
// losses) uses up min(losses, taxable) = taxable, which adds it to the
// losses and leaves no tax.
void AfterTax(int n, double tax_rate, const double* __restrict taxable, double* __restrict cash) {
  double losses = 0;
#pragma GCC unroll 2
  for (int i = 0; i < n; ++i) {
    const double used = std::min(losses, taxable[i]);
    losses -= used;
    cash[i] -= tax_rate * (taxable[i] - used);
  }
}

// A chip flow with the planned chips of plan quarters before cut c1 and the
// alternative regime's from c1 to c2, from tables per cut (site_tables.h):
// by linearity planned[c1] + alternative[c2] - alternative[c1]. c1 and c2
// index the arrays as given (the caller scales them by the values per cut).
double Switched(const double* planned, const double* alternative, size_t c1, size_t c2) {
  return planned[c1] + (alternative[c2] - alternative[c1]);
}

// Two doubles in one SSE2 (or NEON) register: GCC and Clang vector types.
using Pair = double __attribute__((vector_size(16)));
Pair Load(const double* p) {
  Pair v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// out[k] += sum_i cash[i] * discount[k][i] for up to four k, in one pass
// over the cash: two quarters at a time, each rate with its own two partial
// sums. The same operations in the same order on every thread and process.
template <int kRates>
void AddPresent(const double* cash, int n, const double* const* discount, double* out) {
  Pair sum[kRates] = {};
  int i = 0;
  for (; i + 2 <= n; i += 2) {
    const Pair c = Load(cash + i);
    for (int k = 0; k < kRates; ++k) sum[k] += c * Load(discount[k] + i);
  }
  for (int k = 0; k < kRates; ++k) {
    double total = sum[k][0] + sum[k][1];
    if (i < n) total += cash[i] * discount[k][i];
    out[k] += total;
  }
}

void AddPresentValues(const double* cash, int n, const double* const* discount, int rates,
                      double* out) {
  for (; rates >= 4; rates -= 4, discount += 4, out += 4) AddPresent<4>(cash, n, discount, out);
  switch (rates) {
    case 3:
      return AddPresent<3>(cash, n, discount, out);
    case 2:
      return AddPresent<2>(cash, n, discount, out);
    case 1:
      return AddPresent<1>(cash, n, discount, out);
  }
}

}  // namespace

struct FastEvaluator {
  static void Run(const FinanceModel& m, const Shocks& sh, Workspace* ws, Outcome* out) {
    const int T = m.plan_quarters, delays = m.max_shift + 1;
    for (size_t f = 0; f < m.funders.size(); ++f) out->funder_npv[f] = 0;
    out->overall_npv = out->capex_usd = out->facility_capex_usd = out->delivered_h100e = 0;
    // The base case's price path, times the run's shock when it has one.
    const double* gpu_price = ws->base_gpu_.data();
    if (sh.gpu_price) {
      for (size_t t = 0; t < ws->gpu_.size(); ++t) ws->gpu_[t] = ws->base_gpu_[t] * sh.gpu_price[t];
      gpu_price = ws->gpu_.data();
    }
    const double* electricity_price =
        sh.electricity_price ? sh.electricity_price : ws->ones_.data();
    const double S = sh.supply_factor;
    for (size_t si = 0; si < m.sites.size(); ++si) {
      const SiteModel& s = m.sites[si];
      const SiteTables& tb = m.tables[si];
      const int d = sh.site_delay ? std::clamp(sh.site_delay[si], 0, m.max_shift) : 0;
      const double o = sh.site_overrun ? sh.site_overrun[si] : 1.0;
      // Chips of plan quarter tau arrive at tau + d: the planned ones before
      // the regime change or ban (cut c1), the alternative's until the ban
      // (c2), none after.
      auto cut = [&](int from) {
        return from == kNever ? T
                              : static_cast<int>(
                                    std::clamp<long long>(static_cast<long long>(from) - d, 0, T));
      };
      const int c2 = cut(sh.site_blocked_from ? sh.site_blocked_from[si] : kNever);
      const int c1 = tb.alternative ? std::min(cut(sh.alternative_from), c2) : c2;
      const bool switched = c1 < c2;
      // A regime change's rows, composed into `into`.
      auto compose = [&](const double* planned, const double* alternative, int width,
                         double* into) {
        for (int i = 0; i < width; ++i)
          into[i] = Switched(planned + i, alternative + i, c1 * width, c2 * width);
        return into;
      };
      const int n = tb.quarters;
      const double* revenue = tb.chips.revenue.data() + c2 * n;
      const double* energy = tb.chips.energy.data() + c2 * n;
      const double* chip_expenses = tb.chips.expenses.data() + c2 * n;
      if (switched) {
        revenue = compose(tb.chips.revenue.data(), tb.alternative_chips.revenue.data(), n,
                          ws->revenue_.data());
        energy = compose(tb.chips.energy.data(), tb.alternative_chips.energy.data(), n,
                         ws->energy_.data());
        chip_expenses = compose(tb.chips.expenses.data(), tb.alternative_chips.expenses.data(), n,
                                ws->expenses_.data());
      }

      // Quarter first + q: for q < d only the facility debt's interest, then
      // chips and halls i = q - d quarters after they start. The tax walks
      // all d + n, so the early interest is taxed as the definition taxes it
      // whatever its sign.
      const int start = s.first_quarter + d;
      double* cash = ws->cash_.data();
      double* taxable = ws->taxable_.data();
      Early(d, o, tb.early_interest.data(), cash, taxable);
      BeforeTax(n, S, o,
                {revenue, energy, chip_expenses, gpu_price + start, electricity_price + start,
                 tb.operations.data(), tb.facility_expenses.data() + d * n},
                cash + d, taxable + d);
      AfterTax(d + n, s.tax_rate, taxable, cash);

      // Present values: the tables' linear part, plus the cash for the
      // project and equity.
      const int columns = tb.columns;
      double* value = ws->values_.data();
      const double* facility = tb.facility_values.data() + d * columns;
      if (switched) {
        // Composed per (cut, delay) row of `columns` values.
        const size_t width = static_cast<size_t>(delays) * columns;
        const double* planned = tb.chip_values.values.data() + d * columns;
        const double* alternative = tb.alternative_values.values.data() + d * columns;
        for (int k = 0; k < columns; ++k) {
          value[k] =
              o * facility[k] + S * Switched(planned + k, alternative + k, c1 * width, c2 * width);
        }
      } else {
        const double* chips =
            tb.chip_values.values.data() + (static_cast<size_t>(c2) * delays + d) * columns;
        for (int k = 0; k < columns; ++k) value[k] = o * facility[k] + S * chips[k];
      }
      const int rates = static_cast<int>(tb.rates.size());
      const double** discount = ws->discount_.data();
      for (int k = 0; k < rates; ++k)
        discount[k] = m.discount[tb.rates[k]].data() + s.first_quarter;
      AddPresentValues(cash, d + n, discount, rates, value);

      out->overall_npv += value[0];
      for (const SiteFunding& part : s.equity) {
        out->funder_npv[part.funder] += part.equity_weight * value[1 + part.rate_slot];
      }
      const double* lender_value = value + 1 + s.equity_rates.size();
      for (size_t j = 0; j < s.lenders.size(); ++j)
        out->funder_npv[s.lenders[j].funder] += lender_value[j];

      const ChipValues& planned = tb.chip_values;
      const ChipValues& alternative = tb.alternative_values;
      // Per cut; the alternative's table exists only when it differs.
      auto chips_before = [&](const std::vector<double>& p, const std::vector<double>& a, int from,
                              int to) {
        return from < to ? Switched(p.data(), a.data(), from, to) : p[to];
      };
      out->facility_capex_usd += o * s.facility_capex_usd;
      out->capex_usd +=
          o * s.facility_capex_usd + S * chips_before(planned.capex, alternative.capex, c1, c2);
      // Delivered within the horizon: plan quarters before T - d.
      const int horizon = std::max(0, T - d);
      out->delivered_h100e += S * chips_before(planned.h100e, alternative.h100e,
                                               std::min(c1, horizon), std::min(c2, horizon));
    }
  }
};

void Evaluate(const FinanceModel& model, const Shocks& shocks, Workspace* workspace,
              Outcome* outcome) {
  FastEvaluator::Run(model, shocks, workspace, outcome);
}

}  // namespace stargate::finance

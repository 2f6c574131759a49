#include "stargate/finance/internal/site_tables.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/finance/finance_model.h"

namespace stargate::finance {
namespace {

// One loan's flows per quarter for draws[0..n), without the final repayment
// (the evaluation adds what is still owed when the site ends).
struct LoanFlows {
  std::vector<double> interest, principal, balance;
};

LoanFlows Flows(const LoanTerms& terms, const std::vector<double>& draws) {
  const int n = static_cast<int>(draws.size()), pad = terms.tenor + 1;
  std::vector<double> history(pad + n, 0.0);
  std::copy(draws.begin(), draws.end(), history.begin() + pad);
  LoanFlows f{std::vector<double>(n), std::vector<double>(n), std::vector<double>(n)};
  LoanState state;
  for (int q = 0; q < n; ++q) {
    state.Step(terms, history.data() + pad, q, &f.interest[q], &f.principal[q]);
    f.balance[q] = state.balance;
  }
  return f;
}

// The site's debt on one series of capex (facility or chips), quarter by
// quarter from the site's first quarter: each lender's flows and the totals.
struct Debt {
  std::vector<LoanFlows> lenders;
  std::vector<double> shares;  // per lender: its share of each dollar of capex
  std::vector<double> interest, service,
      balance;  // summed over lenders; service = interest + principal
};

Debt DebtOn(const FinanceModel& m, const SiteModel& s, const std::vector<double>& capex,
            bool chips) {
  const size_t n = capex.size();
  Debt debt{{},
            {},
            std::vector<double>(n, 0.0),
            std::vector<double>(n, 0.0),
            std::vector<double>(n, 0.0)};
  for (const SiteFunding& part : s.lenders) {
    const double share = chips ? part.chip_share : part.facility_share;
    std::vector<double> draws(n);
    for (size_t q = 0; q < n; ++q) draws[q] = share * capex[q];
    LoanFlows f = Flows(m.funders[part.funder].terms, draws);
    for (size_t q = 0; q < n; ++q) {
      debt.interest[q] += f.interest[q];
      debt.service[q] += f.interest[q] + f.principal[q];
      debt.balance[q] += f.balance[q];
    }
    debt.lenders.push_back(std::move(f));
    debt.shares.push_back(share);
  }
  return debt;
}

bool SameCohort(const ChipCohort& a, const ChipCohort& b) {
  return a.capex == b.capex && a.revenue == b.revenue && a.energy_mwh == b.energy_mwh &&
         a.depreciation == b.depreciation && a.h100e == b.h100e;
}

// The tables start at the site's first quarter, but the definition
// (evaluate_ledger.cc) reads a site delayed by d from plan quarter
// first - d: there must be nothing there to deliver, run or depreciate.
absl::Status CheckNothingBeforeFirst(const SiteModel& s) {
  for (int t = 0; t < s.first_quarter; ++t) {
    const bool alternative =
        !s.chips_alternative.empty() && !SameCohort(s.chips_alternative[t], ChipCohort{});
    if (s.new_mw[t] != 0 || s.facility_depreciation[t] != 0 ||
        !SameCohort(s.chips[t], ChipCohort{}) || alternative) {
      return absl::InternalError(absl::StrCat("finance model: site '", s.id,
                                              "' has halls or chips in quarter ", t,
                                              ", before its first quarter ", s.first_quarter));
    }
  }
  return absl::OkStatus();
}

// Present values, per payee column (site_tables.h), of what `capex` and its
// debt pay in quarters q < end, discounted as quarter start + q: the debt
// still owed after quarter end - 1 is repaid then, when `residual` is also
// realised. `equity_share`: equity's part of each dollar of this capex.
void Values(const FinanceModel& m, const SiteModel& s, const std::vector<double>& capex,
            const Debt& debt, double equity_share, double residual, int start, int end,
            double* out) {
  auto present = [&](int rate, auto flow) {
    const double* discount = m.discount[rate].data() + start;
    double sum = 0;
    for (int q = 0; q < end; ++q) sum += flow(q) * discount[q];
    return std::make_pair(sum, discount[end - 1]);
  };
  const int last = end - 1;
  size_t column = 0;
  const auto [project, project_last] = present(m.overall_rate, [&](int q) { return -capex[q]; });
  out[column++] = project + residual * project_last;
  for (int rate : s.equity_rates) {
    const auto [equity, at_last] =
        present(rate, [&](int q) { return -(debt.service[q] + equity_share * capex[q]); });
    out[column++] = equity + (residual - debt.balance[last]) * at_last;
  }
  for (size_t j = 0; j < s.lenders.size(); ++j) {
    const LoanFlows& loan = debt.lenders[j];
    const auto [lender, at_last] = present(m.funder_rate[s.lenders[j].funder], [&](int q) {
      return loan.interest[q] + loan.principal[q] - debt.shares[j] * capex[q];
    });
    out[column++] = lender + loan.balance[last] * at_last;
  }
}

// Facility-driven parts, for unit overrun, on the facility's schedule
// (quarter q = t - first), for each delay of the site's end.
void FacilityTables(const FinanceModel& m, const SiteModel& s, SiteTables* tb) {
  const int T = m.plan_quarters, M = m.max_shift, f = s.first_quarter, n = tb->quarters;
  const int span = n + M;
  tb->operations.resize(n);
  double depreciated = 0;
  for (int i = 0; i < n; ++i) {
    tb->operations[i] = s.new_mw[f + i] * s.operations_usd_per_mw_quarter;
    depreciated += s.facility_depreciation[f + i];
  }
  std::vector<double> capex(span, 0.0);
  for (int q = 0; q < span && f + q < T; ++q) capex[q] = s.facility_capex[f + q];
  const Debt debt = DebtOn(m, s, capex, /*chips=*/false);
  tb->facility_expenses.resize(static_cast<size_t>(M + 1) * n);
  for (int d = 0; d <= M; ++d) {
    for (int i = 0; i < n; ++i) {
      tb->facility_expenses[d * n + i] = s.facility_depreciation[f + i] + debt.interest[d + i];
    }
  }
  tb->early_interest.assign(debt.interest.begin(), debt.interest.begin() + M);
  // The site ends d quarters late, its facility worth its book value.
  const double residual = m.residual_value_share * (s.facility_capex_usd - depreciated);
  tb->facility_values.resize(static_cast<size_t>(M + 1) * tb->columns);
  for (int d = 0; d <= M; ++d) {
    Values(m, s, capex, debt, s.equity_facility_share, residual, f, n + d,
           &tb->facility_values[d * tb->columns]);
  }
}

// Chip-driven parts, for unit supply, for the cohorts of plan quarters
// before each cut c, on the chips' schedule (i = tau - first), for each
// delay d (the discount factors move by d). `quarters` and `columns` are
// the site's SiteTables fields, passed by value: rows and values are parts
// of that same SiteTables.
void ChipTables(const FinanceModel& m, const SiteModel& s, const std::vector<ChipCohort>& cohorts,
                int quarters, int columns, ChipRows* rows, ChipValues* values) {
  const int T = m.plan_quarters, M = m.max_shift, f = s.first_quarter, n = quarters,
            life = m.life_quarters;
  for (std::vector<double>* v : {&rows->revenue, &rows->energy, &rows->expenses}) {
    v->assign(static_cast<size_t>(T + 1) * n, 0.0);
  }
  values->values.resize(static_cast<size_t>(T + 1) * (M + 1) * columns);
  values->capex.assign(T + 1, 0.0);
  values->h100e.assign(T + 1, 0.0);
  for (int c = 1; c <= T; ++c) {
    values->capex[c] = values->capex[c - 1] + cohorts[c - 1].capex;
    values->h100e[c] = values->h100e[c - 1] + cohorts[c - 1].h100e;
  }
  for (int c = 0; c <= T; ++c) {
    // The chips before the cut, alive for `life` quarters from delivery;
    // only those delivered from the site's first quarter on are added, so
    // only those retire.
    auto kept = [&](int tau) { return tau >= f && tau < c; };
    std::vector<double> capex(n, 0.0);
    const size_t row = static_cast<size_t>(c) * n;
    double revenue = 0, energy = 0, depreciation = 0;
    for (int i = 0; i < n; ++i) {
      const int tau = f + i;
      if (kept(tau)) {
        const ChipCohort& k = cohorts[tau];
        capex[i] = k.capex;
        revenue += k.revenue;
        energy += k.energy_mwh;
        depreciation += k.depreciation;
      }
      if (kept(tau - life)) {
        const ChipCohort& k = cohorts[tau - life];
        revenue -= k.revenue;
        energy -= k.energy_mwh;
        depreciation -= k.depreciation;
      }
      rows->revenue[row + i] = revenue;
      rows->energy[row + i] = energy * s.electricity_usd_per_mwh;
      rows->expenses[row + i] = depreciation;
    }
    const Debt debt = DebtOn(m, s, capex, /*chips=*/true);
    for (int i = 0; i < n; ++i) rows->expenses[row + i] += debt.interest[i];
    for (int d = 0; d <= M; ++d) {
      Values(m, s, capex, debt, s.equity_chip_share, 0.0, f + d, n,
             &values->values[(static_cast<size_t>(c) * (M + 1) + d) * columns]);
    }
  }
}

}  // namespace

absl::Status BuildSiteTables(FinanceModel* model) {
  FinanceModel& m = *model;
  m.tables.assign(m.sites.size(), SiteTables{});
  for (size_t si = 0; si < m.sites.size(); ++si) {
    const SiteModel& s = m.sites[si];
    if (absl::Status status = CheckNothingBeforeFirst(s); !status.ok()) return status;
    SiteTables& tb = m.tables[si];
    tb.quarters = s.end_quarter - s.first_quarter;
    tb.columns = static_cast<int>(1 + s.equity_rates.size() + s.lenders.size());
    tb.rates = {m.overall_rate};
    tb.rates.insert(tb.rates.end(), s.equity_rates.begin(), s.equity_rates.end());
    FacilityTables(m, s, &tb);
    ChipTables(m, s, s.chips, tb.quarters, tb.columns, &tb.chips, &tb.chip_values);
    tb.alternative =
        !s.chips_alternative.empty() &&
        !std::equal(s.chips.begin(), s.chips.end(), s.chips_alternative.begin(), SameCohort);
    if (tb.alternative) {
      ChipTables(m, s, s.chips_alternative, tb.quarters, tb.columns, &tb.alternative_chips,
                 &tb.alternative_values);
    }
  }
  return absl::OkStatus();
}

}  // namespace stargate::finance

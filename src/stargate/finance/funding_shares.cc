#include "stargate/finance/internal/funding_shares.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "stargate/finance/internal/metrics.h"

namespace stargate::finance {
namespace {

constexpr double kTiny = 1.0;  // USD: amounts are in the millions and more

// Raw amounts per site before they become shares: by scenario financier,
// then market debt, then unnamed equity.
struct SiteAmounts {
  std::vector<double> lend, equity;  // per scenario financier
  double market_debt = 0, unnamed_equity = 0;
  double debt = 0;  // target debt
};

// Equity weights for a site no equity financier paid for: those who paid
// equity elsewhere in its country; else the equity financiers eligible there,
// by what they committed within the horizon and the plan did not draw (or by
// what they committed, when the plan drew it all).
std::vector<double> FallbackEquity(const Scenario& scenario, const std::string& country,
                                   const std::vector<double>& country_equity,
                                   const std::vector<double>& plan_funding,
                                   const std::vector<bool>& lender) {
  double total = 0;
  for (double v : country_equity) total += v;
  if (total > kTiny) return country_equity;
  const size_t P = scenario.financiers.size();
  std::vector<double> undrawn(P, 0.0), committed(P, 0.0);
  double undrawn_total = 0;
  for (size_t p = 0; p < P; ++p) {
    const Financier& f = scenario.financiers[p];
    if (lender[p] || !f.EligibleFor(country)) continue;
    for (const Commitment& c : f.commitments) {
      if (c.to >= scenario.start && c.from <= scenario.end) committed[p] += c.usd;
    }
    undrawn[p] = std::max(0.0, committed[p] - plan_funding[p]);
    undrawn_total += undrawn[p];
  }
  return undrawn_total > kTiny ? undrawn : committed;
}

}  // namespace

absl::Status AssignFunding(const Scenario& scenario, const plan::Plan& plan,
                           const FinanceAssumptions& assumptions, FinanceModel* m) {
  const int T = m->plan_quarters;
  const size_t P = scenario.financiers.size();
  // Capex per site and quarter, and per country and quarter.
  std::map<std::string, std::vector<double>> country_capex;
  for (const SiteModel& s : m->sites) {
    auto& total = country_capex[s.country];
    total.resize(T, 0.0);
    for (int t = 0; t < T; ++t) total[t] += s.facility_capex[t] + s.chips[t].capex;
  }
  std::map<std::string, int> financier_index;
  for (size_t p = 0; p < P; ++p) financier_index[scenario.financiers[p].id] = static_cast<int>(p);
  std::vector<double> plan_funding(P, 0.0);
  std::vector<std::vector<double>> paid(m->sites.size(), std::vector<double>(P, 0.0));
  for (const auto& row : plan.funding) {
    auto it = financier_index.find(row.financier);
    if (it == financier_index.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("plan names financier '", row.financier, "', not in the scenario"));
    }
    plan_funding[it->second] += row.usd;
    const int t = row.quarter - m->start;
    auto c = country_capex.find(row.country);
    if (t < 0 || t >= T || c == country_capex.end() || c->second[t] <= kTiny) continue;
    for (size_t s = 0; s < m->sites.size(); ++s) {
      const SiteModel& site = m->sites[s];
      if (site.country != row.country) continue;
      paid[s][it->second] +=
          row.usd * (site.facility_capex[t] + site.chips[t].capex) / c->second[t];
    }
  }

  std::vector<bool> lender(P);
  for (size_t p = 0; p < P; ++p) lender[p] = assumptions.IsLender(scenario.financiers[p].kind);
  // Equity paid per country, for sites only lenders paid for.
  std::map<std::string, std::vector<double>> country_equity;
  for (size_t s = 0; s < m->sites.size(); ++s) {
    auto& e = country_equity[m->sites[s].country];
    e.resize(P, 0.0);
    for (size_t p = 0; p < P; ++p) {
      if (!lender[p]) e[p] += paid[s][p];
    }
  }

  std::vector<SiteAmounts> amounts(m->sites.size());
  for (size_t s = 0; s < m->sites.size(); ++s) {
    const SiteModel& site = m->sites[s];
    SiteAmounts& a = amounts[s];
    a.lend.assign(P, 0.0);
    a.equity.assign(P, 0.0);
    const double capex = site.facility_capex_usd + site.chip_capex_usd;
    // Sums of billions carry rounding far above a cent: a difference must be
    // worth a dollar per billion of capex to count.
    const double noise = std::max(kTiny, 1e-9 * capex);
    a.debt = assumptions.debt_share_facility * site.facility_capex_usd +
             assumptions.debt_share_chips * site.chip_capex_usd;
    double lent = 0, equity_paid = 0, all_paid = 0;
    for (size_t p = 0; p < P; ++p) {
      all_paid += paid[s][p];
      (lender[p] ? lent : equity_paid) += paid[s][p];
    }
    if (a.debt > kTiny) {
      const double scale = lent > a.debt ? a.debt / lent : 1.0;
      for (size_t p = 0; p < P; ++p) {
        if (lender[p]) a.lend[p] = paid[s][p] * scale;
      }
      a.market_debt = a.debt - lent > noise ? a.debt - lent : 0.0;
    }
    // Equity weights: what each equity financier paid, plus the gap.
    const double gap = capex - all_paid > noise ? capex - all_paid : 0.0;
    if (equity_paid + gap > noise) {
      for (size_t p = 0; p < P; ++p) {
        if (!lender[p]) a.equity[p] = paid[s][p];
      }
      a.unnamed_equity = gap;
      m->funding_gap_usd += gap;
    } else {
      a.equity = FallbackEquity(scenario, site.country, country_equity[site.country], plan_funding,
                                lender);
      double total = 0;
      for (double v : a.equity) total += v;
      if (total <= kTiny) a.unnamed_equity = 1;
    }
  }

  // Funders: the financiers with a part anywhere, in scenario order, then the stand-ins.
  std::vector<int> funder_of(P, -1);
  bool any_market = false, any_unnamed = false;
  for (const auto& a : amounts) {
    any_market |= a.market_debt > kTiny;
    any_unnamed |= a.unnamed_equity > 0;
  }
  m->funders.clear();
  for (size_t p = 0; p < P; ++p) {
    bool used = false;
    for (const auto& a : amounts) used |= a.lend[p] > kTiny || a.equity[p] > kTiny;
    if (!used && plan_funding[p] <= kTiny) continue;
    const Financier& f = scenario.financiers[p];
    Funder funder;
    funder.id = f.id;
    funder.name = f.name;
    funder.kind = EnumName(f.kind);
    funder.lender = lender[p];
    funder.discount_rate =
        f.cost_of_capital > 0 ? f.cost_of_capital : scenario.options.discount_rate;
    funder.loan_rate = f.cost_of_capital > 0 ? f.cost_of_capital : assumptions.DebtRate();
    funder.plan_funding_usd = plan_funding[p];
    funder_of[p] = static_cast<int>(m->funders.size());
    m->funders.push_back(funder);
  }
  int market = -1, unnamed = -1;
  if (any_market) {
    Funder f;
    f.id = kMarketDebtId;
    f.name = "Project debt from the market (beyond the plan's lenders)";
    f.kind = "stand_in";
    f.lender = true;
    f.loan_rate = f.discount_rate = assumptions.DebtRate();
    market = static_cast<int>(m->funders.size());
    m->funders.push_back(f);
  }
  if (any_unnamed) {
    Funder f;
    f.id = kUnnamedEquityId;
    f.name = "Equity no financier of the plan provides (its funding gap)";
    f.kind = "stand_in";
    f.discount_rate = scenario.options.discount_rate;
    unnamed = static_cast<int>(m->funders.size());
    m->funders.push_back(f);
  }
  for (Funder& f : m->funders) {
    if (f.lender) {
      f.terms = LoanTerms::Make(f.loan_rate, assumptions.debt_tenor_quarters,
                                assumptions.debt_interest_only_quarters, assumptions.amortization);
    }
  }

  const double df = assumptions.debt_share_facility, dc = assumptions.debt_share_chips;
  for (size_t s = 0; s < m->sites.size(); ++s) {
    SiteModel& site = m->sites[s];
    const SiteAmounts& a = amounts[s];
    site.lenders.clear();
    site.equity.clear();
    if (a.debt > kTiny) {
      auto add_lender = [&](int funder, double amount) {
        if (amount <= kTiny) return;
        const double part = amount / a.debt;
        site.lenders.push_back({funder, part * df, part * dc, 0});
      };
      for (size_t p = 0; p < P; ++p) add_lender(funder_of[p], a.lend[p]);
      add_lender(market, a.market_debt);
    }
    double equity_total = a.unnamed_equity;
    for (double v : a.equity) equity_total += v;
    auto add_equity = [&](int funder, double amount) {
      if (amount <= 0) return;
      const double weight = amount / equity_total;
      site.equity.push_back({funder, weight * (1 - df), weight * (1 - dc), weight});
    };
    for (size_t p = 0; p < P; ++p) add_equity(funder_of[p], a.equity[p]);
    add_equity(unnamed, a.unnamed_equity);
  }
  return absl::OkStatus();
}

}  // namespace stargate::finance

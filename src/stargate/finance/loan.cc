#include "stargate/finance/internal/loan.h"

#include <algorithm>
#include <cmath>

namespace stargate::finance {

std::string AmortizationName(Amortization a) {
  switch (a) {
    case Amortization::kAnnuity:
      return "annuity";
    case Amortization::kLinear:
      return "linear";
    case Amortization::kBullet:
      return "bullet";
  }
  return "?";
}

std::vector<std::string> AmortizationNames() { return {"annuity", "linear", "bullet"}; }

std::optional<Amortization> ParseAmortization(const std::string& name) {
  for (Amortization a : {Amortization::kAnnuity, Amortization::kLinear, Amortization::kBullet}) {
    if (AmortizationName(a) == name) return a;
  }
  return std::nullopt;
}

LoanTerms LoanTerms::Make(double annual_rate, int tenor_quarters, int interest_only_quarters,
                          Amortization amortization) {
  LoanTerms t;
  t.rate = std::pow(1.0 + annual_rate, 0.25) - 1.0;
  t.tenor = std::max(1, tenor_quarters);
  t.interest_only = std::clamp(interest_only_quarters, 0, t.tenor - 1);
  t.amortization = amortization;
  const int n = t.tenor - t.interest_only;
  t.annuity_payment = t.rate > 0 ? t.rate / (1.0 - std::pow(1.0 + t.rate, -n)) : 1.0 / n;
  return t;
}

std::vector<LoanRow> LoanSchedule(const LoanTerms& terms, const std::vector<double>& draws,
                                  int quarters) {
  quarters = std::max<int>(quarters, static_cast<int>(draws.size()));
  const int pad = terms.tenor + 1;
  std::vector<double> history(pad + quarters, 0.0);
  std::copy(draws.begin(), draws.end(), history.begin() + pad);
  std::vector<LoanRow> rows(quarters);
  LoanState state;
  for (int t = 0; t < quarters; ++t) {
    LoanRow& row = rows[t];
    row.draw = history[pad + t];
    state.Step(terms, history.data() + pad, t, &row.interest, &row.principal);
    if (t == quarters - 1) {
      row.principal += state.balance;
      state.balance = 0;
    }
    row.balance = state.balance;
  }
  return rows;
}

}  // namespace stargate::finance

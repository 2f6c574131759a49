// Project debt: the repayment terms of a loan and its schedule. Each quarter's
// draw is a tranche with the same terms (interest-only for a grace period,
// then repaid over the rest of the tenor); LoanState carries the sum of all
// tranches forward one quarter at a time in constant work, which is what the
// fast Monte Carlo evaluation needs.
#ifndef STARGATE_FINANCE_INTERNAL_LOAN_H_
#define STARGATE_FINANCE_INTERNAL_LOAN_H_

#include <optional>
#include <string>
#include <vector>

namespace stargate::finance {

// annuity: level payments (interest + principal) after the grace period;
// linear: equal principal instalments; bullet: all principal at maturity.
enum class Amortization { kAnnuity, kLinear, kBullet };
std::string AmortizationName(Amortization a);
std::optional<Amortization> ParseAmortization(const std::string& name);
std::vector<std::string> AmortizationNames();

struct LoanTerms {
  double rate = 0;        // per quarter
  int tenor = 1;          // quarters from draw to final repayment
  int interest_only = 0;  // first quarters after a draw that pay interest only (< tenor)
  Amortization amortization = Amortization::kAnnuity;
  double annuity_payment = 0;  // per unit drawn, each amortizing quarter

  static LoanTerms Make(double annual_rate, int tenor_quarters, int interest_only_quarters,
                        Amortization amortization);
};

// The sum of all tranches of one loan (one lender at one site). Draws are
// kept by the caller in `draws`, indexed by quarter, and must hold zeros for
// the `tenor + 1` quarters before the first draw (the caller pads the array),
// so that the windows need no bounds checks.
struct LoanState {
  double balance = 0;
  double window_interest_only = 0;  // draws still in their grace period
  double window_amortizing = 0;     // draws being repaid

  // Quarter t: interest on the balance at the end of t-1, the principal due,
  // then this quarter's draw (which the caller has stored in draws[t]).
  void Step(const LoanTerms& terms, const double* draws, int t, double* interest,
            double* principal) {
    const int g = terms.interest_only;
    window_interest_only += draws[t - 1] - draws[t - 1 - g];
    window_amortizing += draws[t - 1 - g] - draws[t - 1 - terms.tenor];
    *interest = terms.rate * balance;
    switch (terms.amortization) {
      case Amortization::kAnnuity:
        // Level payment on amortizing tranches, less the interest on them.
        *principal = terms.annuity_payment * window_amortizing -
                     terms.rate * (balance - window_interest_only);
        break;
      case Amortization::kLinear:
        *principal = window_amortizing / (terms.tenor - g);
        break;
      case Amortization::kBullet:
        *principal = draws[t - terms.tenor];
        break;
    }
    balance += draws[t] - *principal;
  }
};

struct LoanRow {
  double draw = 0, interest = 0, principal = 0, balance = 0;  // balance after the quarter
};

// The schedule of a loan with the given draws, over `quarters` quarters (at
// least draws.size()); what is still owed at the end is repaid in the last one.
std::vector<LoanRow> LoanSchedule(const LoanTerms& terms, const std::vector<double>& draws,
                                  int quarters);

}  // namespace stargate::finance

#endif  // STARGATE_FINANCE_INTERNAL_LOAN_H_

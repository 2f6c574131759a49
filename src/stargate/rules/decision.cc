#include "stargate/rules/decision.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace stargate::rules {

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kNoLicenseRequired:
      return "no_license_required";
    case Outcome::kLicenseException:
      return "license_exception";
    case Outcome::kLicenseRequired:
      return "license_required";
    case Outcome::kProhibited:
      return "prohibited";
    case Outcome::kIndeterminate:
      return "indeterminate";
    case Outcome::kNeedsReview:
      return "needs_review";
  }
  return "prohibited";
}

std::optional<Outcome> ParseOutcome(std::string_view name) {
  for (Outcome o :
       {Outcome::kNoLicenseRequired, Outcome::kLicenseException, Outcome::kLicenseRequired,
        Outcome::kProhibited, Outcome::kIndeterminate, Outcome::kNeedsReview}) {
    if (OutcomeName(o) == name) return o;
  }
  return std::nullopt;
}

std::vector<std::string> OutcomeNames() {
  return {"no_license_required", "license_exception", "license_required",
          "prohibited",          "indeterminate",     "needs_review"};
}

const char* ReviewPolicyName(ReviewPolicy policy) {
  switch (policy) {
    case ReviewPolicy::kPresumptionOfApproval:
      return "presumption_of_approval";
    case ReviewPolicy::kCaseByCase:
      return "case_by_case";
    case ReviewPolicy::kPresumptionOfDenial:
      return "presumption_of_denial";
  }
  return "presumption_of_denial";
}

std::optional<ReviewPolicy> ParseReviewPolicy(std::string_view name) {
  for (ReviewPolicy p : {ReviewPolicy::kPresumptionOfApproval, ReviewPolicy::kCaseByCase,
                         ReviewPolicy::kPresumptionOfDenial}) {
    if (ReviewPolicyName(p) == name) return p;
  }
  return std::nullopt;
}

std::vector<std::string> ReviewPolicyNames() {
  return {"presumption_of_approval", "case_by_case", "presumption_of_denial"};
}

std::string FormatTpp(double tpp) {
  const double rounded = std::round(tpp);
  if (std::fabs(tpp - rounded) > 1e-6 * std::max(1.0, std::fabs(tpp)) || std::fabs(tpp) >= 1e18) {
    return absl::StrFormat("%.6g", tpp);
  }
  std::string digits = absl::StrFormat("%.0f", std::fabs(rounded));
  std::string out;
  const int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return rounded < 0 ? "-" + out : out;
}

bool Permits(const Decision& decision) {
  return decision.outcome != Outcome::kProhibited && decision.outcome != Outcome::kIndeterminate &&
         decision.outcome != Outcome::kNeedsReview &&
         decision.review_policy != ReviewPolicy::kPresumptionOfDenial;
}

}  // namespace stargate::rules

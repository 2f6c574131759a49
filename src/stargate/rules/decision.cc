#include "stargate/rules/decision.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"
#include "stargate/rules/shipment.h"

namespace stargate {

template <>
const std::vector<EnumSpelling<rules::Outcome>>& Spellings() {
  using rules::Outcome;
  static const std::vector<EnumSpelling<Outcome>> k = {
      {Outcome::kNoLicenseRequired, "no_license_required"},
      {Outcome::kLicenseException, "license_exception"},
      {Outcome::kLicenseRequired, "license_required"},
      {Outcome::kProhibited, "prohibited"},
      {Outcome::kIndeterminate, "indeterminate"},
      {Outcome::kNeedsReview, "needs_review"}};
  return k;
}

template <>
const std::vector<EnumSpelling<rules::ReviewPolicy>>& Spellings() {
  using rules::ReviewPolicy;
  static const std::vector<EnumSpelling<ReviewPolicy>> k = {
      {ReviewPolicy::kPresumptionOfApproval, "presumption_of_approval"},
      {ReviewPolicy::kCaseByCase, "case_by_case"},
      {ReviewPolicy::kPresumptionOfDenial, "presumption_of_denial"}};
  return k;
}

template <>
const std::vector<EnumSpelling<rules::VeuKind>>& Spellings() {
  using rules::VeuKind;
  static const std::vector<EnumSpelling<VeuKind>> k = {{VeuKind::kUniversal, "uveu"},
                                                       {VeuKind::kNational, "nveu"}};
  return k;
}

}  // namespace stargate

namespace stargate::rules {

const char* OutcomeName(Outcome outcome) { return SpellingOf(outcome); }
std::optional<Outcome> ParseOutcome(std::string_view name) { return ParseEnum<Outcome>(name); }
std::vector<std::string> OutcomeNames() { return EnumNames<Outcome>(); }

const char* ReviewPolicyName(ReviewPolicy policy) { return SpellingOf(policy); }
std::optional<ReviewPolicy> ParseReviewPolicy(std::string_view name) {
  return ParseEnum<ReviewPolicy>(name);
}
std::vector<std::string> ReviewPolicyNames() { return EnumNames<ReviewPolicy>(); }

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

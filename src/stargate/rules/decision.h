// What the engine answers for a shipment: a Decision (a result, never an
// error) with the caps it consumed and the ordered rule steps that produced it,
// each with its citation.
#ifndef STARGATE_RULES_DECISION_H_
#define STARGATE_RULES_DECISION_H_

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "stargate/rules/eccn.h"

namespace stargate::rules {

// kIndeterminate and kNeedsReview hold a shipment (neither permits it): the
// first when the rules cannot classify the chip from what is known (fail
// closed), the second when screening found a possible restricted-party match
// that a person must clear.
enum class Outcome {
  kNoLicenseRequired,
  kLicenseException,
  kLicenseRequired,
  kProhibited,
  kIndeterminate,
  kNeedsReview,
};
inline constexpr int kOutcomeCount = 6;
enum class ReviewPolicy { kPresumptionOfApproval, kCaseByCase, kPresumptionOfDenial };

}  // namespace stargate::rules

namespace stargate {
// "no_license_required", ...; "presumption_of_approval", ... (decision.cc).
template <>
const std::vector<EnumSpelling<rules::Outcome>>& Spellings();
template <>
const std::vector<EnumSpelling<rules::ReviewPolicy>>& Spellings();
}  // namespace stargate

namespace stargate::rules {

// Forms of the one table (Spellings<Outcome>, Spellings<ReviewPolicy>).
const char* OutcomeName(Outcome outcome);
std::optional<Outcome> ParseOutcome(std::string_view name);
std::vector<std::string> OutcomeNames();
const char* ReviewPolicyName(ReviewPolicy policy);
std::optional<ReviewPolicy> ParseReviewPolicy(std::string_view name);
std::vector<std::string> ReviewPolicyNames();

// A cap or allowance a shipment was counted against (or refused by).
struct CapState {
  std::string id;
  double limit_tpp = 0;
  double used_tpp_before = 0;
  double used_tpp_after = 0;
  // Set for a License Exception LPP allowance (per consignee and calendar
  // year) rather than a cap: the usage key is (lpp_consignee, lpp_year).
  std::string lpp_consignee;
  int lpp_year = 0;
  double remaining_tpp() const {
    return limit_tpp > used_tpp_after ? limit_tpp - used_tpp_after : 0;
  }
};

struct TraceInput {
  std::string name;
  std::variant<double, std::string, bool> value;
};

struct TraceStep {
  std::string rule;  // "classification", "license-requirement/tier2-a", ...
  std::vector<TraceInput> inputs;
  std::string result;
  std::string cite;  // e.g. "15 CFR 740.29"
};

struct Decision {
  std::string id;
  std::string regime;
  Eccn classification = Eccn::kNotControlled;
  std::string tier;
  Outcome outcome = Outcome::kNoLicenseRequired;
  std::string exception;  // "LPP", "AIA", ...; empty when none
  std::optional<ReviewPolicy> review_policy;
  // Conditions a license under this decision carries (e.g. the 15% revenue
  // share of the August 2025 H20/MI308 licenses), each with its citation.
  std::vector<std::string> conditions;
  double tpp_total = 0;
  std::vector<CapState> caps;
  std::vector<TraceStep> trace;  // empty unless traces were asked for
  // Set only by the library entry point for a shipment it could not read (an
  // unknown accelerator or country); such a decision is prohibited. `check`
  // rejects these inputs before deciding anything.
  std::string input_error;
};

// 790000000 -> "790,000,000"; non-integral values keep six significant digits.
std::string FormatTpp(double tpp);

// Whether a decision lets the shipment go ahead (possibly after a license):
// not prohibited, not held (indeterminate, needs_review), and no presumption
// of denial.
bool Permits(const Decision& decision);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_DECISION_H_

#include "stargate/rules/affiliates_rule.h"

#include "absl/strings/str_cat.h"

namespace stargate::rules {
namespace {

std::string Window(const DatedWindow& w) {
  return absl::StrCat(w.from.ToString(), " .. ", w.to ? w.to->ToString() : "");
}

}  // namespace

bool AffiliatesRuleInForce(const Regime& regime, Date date, std::string* citation) {
  if (!regime.affiliates_rule) {
    if (citation) *citation = absl::StrCat(regime.id, " has no affiliates rule");
    return false;
  }
  const AffiliatesRule& rule = *regime.affiliates_rule;
  for (const DatedWindow& w : rule.in_force) {
    if (!w.Contains(date)) continue;
    if (citation) *citation = absl::StrCat(rule.cite, "; in force ", Window(w));
    return true;
  }
  if (citation) {
    *citation = absl::StrCat(rule.cite, "; not in force on ", date.ToString());
    for (const DatedWindow& w : rule.in_force)
      absl::StrAppend(citation, " (in force ", Window(w), ")");
  }
  return false;
}

bool AffiliatesRuleInForce(const RegimeCatalog& catalog, Date date, std::string* citation) {
  const Regime* regime = catalog.InForceOn(date);
  if (!regime) {
    if (citation) *citation = absl::StrCat("no regime is in force on ", date.ToString());
    return false;
  }
  return AffiliatesRuleInForce(*regime, date, citation);
}

}  // namespace stargate::rules

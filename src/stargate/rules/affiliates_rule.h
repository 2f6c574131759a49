// The BIS affiliates rule (90 FR 47201): whether it is in force on a date, for
// the compliance module that applies it to a consignee's listed owners. The
// windows are regime data (`affiliates_rule:` in data/regimes/*.yaml): in force
// from 2025-09-29, suspended from 2025-11-10 through 2026-11-09, in force again
// from 2026-11-10.
#ifndef STARGATE_RULES_AFFILIATES_RULE_H_
#define STARGATE_RULES_AFFILIATES_RULE_H_

#include <string>

#include "stargate/core/date.h"
#include "stargate/rules/regime.h"

namespace stargate::rules {

// Under `regime` (a named what-if or the one in force): true when its
// affiliates rule holds on `date`. `citation`, when given, receives the rule's
// citation and the window that holds (or why none does).
bool AffiliatesRuleInForce(const Regime& regime, Date date, std::string* citation);

// By date: the regime the catalogue has in force on `date` decides; false when
// none is in force or it has no affiliates rule.
bool AffiliatesRuleInForce(const RegimeCatalog& catalog, Date date, std::string* citation);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_AFFILIATES_RULE_H_

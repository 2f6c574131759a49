// Import duties on named chips as data (Section 232, Proclamation 11002): a
// cost the finance and planning modules add where it applies; it never changes
// a license decision.
#ifndef STARGATE_RULES_INTERNAL_DUTY_H_
#define STARGATE_RULES_INTERNAL_DUTY_H_

#include <string_view>

#include "stargate/core/date.h"
#include "stargate/rules/regime.h"

namespace stargate::rules {

// The duty of `regime` on chip `accelerator` (a catalogue id) on `date`, or
// nullptr. Exemptions (e.g. chips for US data centres) are listed in the duty
// for the caller to apply; they are not decided here.
const Duty* DutyOn(const Regime& regime, std::string_view accelerator, Date date);

// By date: the duty under the regime in force on `date`.
const Duty* DutyOn(const RegimeCatalog& catalog, std::string_view accelerator, Date date);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_INTERNAL_DUTY_H_

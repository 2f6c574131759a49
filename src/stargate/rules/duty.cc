#include "stargate/rules/internal/duty.h"

#include <algorithm>

namespace stargate::rules {

const Duty* DutyOn(const Regime& regime, std::string_view accelerator, Date date) {
  for (const Duty& duty : regime.duties) {
    if (date < duty.from || (duty.to && *duty.to < date)) continue;
    if (std::find(duty.accelerators.begin(), duty.accelerators.end(), accelerator) !=
        duty.accelerators.end()) {
      return &duty;
    }
  }
  return nullptr;
}

const Duty* DutyOn(const RegimeCatalog& catalog, std::string_view accelerator, Date date) {
  const Regime* regime = catalog.InForceOn(date);
  return regime ? DutyOn(*regime, accelerator, date) : nullptr;
}

}  // namespace stargate::rules

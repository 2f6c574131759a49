// A regime parameter whose value changes on given dates (OpenFisca-style): each
// entry holds from its date until the next entry's date; an entry without a
// value ends the parameter.
#ifndef STARGATE_RULES_VERSIONED_H_
#define STARGATE_RULES_VERSIONED_H_

#include <optional>
#include <vector>

#include "stargate/core/date.h"

namespace stargate::rules {

template <typename T>
struct Versioned {
  struct Entry {
    Date from;               // 1970-01-01 for "from the regime's start"
    std::optional<T> value;  // nullopt: the parameter ends on `from`
  };
  std::vector<Entry> entries;  // sorted by `from`

  static Versioned Always(T value) { return Versioned{{Entry{Date(), std::move(value)}}}; }

  // The value in force on `date`; nullptr before the first entry or after an end.
  const T* At(Date date) const {
    const T* found = nullptr;
    for (const auto& entry : entries) {
      if (date < entry.from) break;
      found = entry.value ? &*entry.value : nullptr;
    }
    return found;
  }
  bool empty() const { return entries.empty(); }
  // True when one value holds throughout (so results may be cached).
  bool constant() const { return entries.size() <= 1; }
};

}  // namespace stargate::rules

#endif  // STARGATE_RULES_VERSIONED_H_

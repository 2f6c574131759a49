// The engine's compiled form of a regime catalogue against one scenario:
// country and accelerator names turned into indices, and each regime's
// license rows, caps and country groups turned into tables indexed by them,
// so that deciding a shipment compares integers. Built once by the Engine's
// constructor and read only by engine.cc; callers see none of it.
#ifndef STARGATE_RULES_INTERNAL_ENGINE_TABLES_H_
#define STARGATE_RULES_INTERNAL_ENGINE_TABLES_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "stargate/core/date.h"
#include "stargate/model/model.h"
#include "stargate/rules/eccn.h"
#include "stargate/rules/engine.h"
#include "stargate/rules/regime.h"

namespace stargate::rules::internal {

// A license row with its group and country names turned into indices.
struct RowTable {
  std::vector<int> tiers, hq_tiers;
  std::vector<char> destination;  // per country; empty: any destination
  std::vector<char> accelerator;  // per accelerator for a named-product row; empty: not one
};

// A cap rule likewise.
struct CapTable {
  std::vector<int> tiers;
  std::vector<char> country;  // per country listed explicitly
};

struct RegimeTables {
  std::vector<RowTable> rows;
  std::vector<CapTable> caps;
  std::vector<Date> breakpoints;                       // dates where group lists change
  std::vector<std::vector<GroupAssignment>> segments;  // [segment][country]
  std::vector<int8_t> cached_eccn;                     // per accelerator; empty: not cached
  std::vector<char> named_accelerator;                 // per accelerator: some row names it
  Date cached_from;                                    // the cache holds on and after this date
};

// The classification cache's value for a chip whose class is indeterminate.
inline constexpr int8_t kIndeterminateSlot = 3;

struct EngineTables {
  // Country index by ISO code: slot (A..Z)*26 + (A..Z), -1 where no country.
  // An array, not a map: country look-ups are on the per-shipment path.
  int16_t country_index[26 * 26];
  absl::flat_hash_map<std::string, int> accelerator_index;
  std::vector<ChipMetrics> accelerator_metrics;
  std::vector<RegimeTables> regimes;  // per regime of the catalogue

  // The slot of a two-letter upper-case code in country_index, or -1.
  static int CodeSlot(std::string_view iso2) {
    if (iso2.size() != 2) return -1;
    const int a = iso2[0] - 'A', b = iso2[1] - 'A';
    if (a < 0 || a >= 26 || b < 0 || b >= 26) return -1;
    return a * 26 + b;
  }
};

// Compiles `catalog` against `scenario` (engine_tables.cc).
std::unique_ptr<const EngineTables> CompileTables(const RegimeCatalog& catalog,
                                                  const Scenario& scenario);

}  // namespace stargate::rules::internal

#endif  // STARGATE_RULES_INTERNAL_ENGINE_TABLES_H_

// Loading regime files: YAML -> Regime, with every problem reported as
// file:line:col, and the catalogue checks across files (unique ids, by-date
// regimes that do not overlap). LoadRegimeCatalog() is declared in
// export_constraints.h, where the planner finds it.
#ifndef STARGATE_RULES_REGIME_LOADER_H_
#define STARGATE_RULES_REGIME_LOADER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"
#include "stargate/rules/export_constraints.h"
#include "stargate/rules/regime.h"

namespace stargate::rules {

// One regime from YAML text; `name` is the file name used in messages.
absl::StatusOr<Regime> LoadRegimeFromText(const std::string& text, const std::string& name,
                                          std::vector<Diagnostic>* diagnostics = nullptr);

// A catalogue from regimes already loaded (checks ids and by-date overlaps).
absl::StatusOr<RegimeCatalog> MakeRegimeCatalog(std::vector<Regime> regimes,
                                                std::vector<Diagnostic>* diagnostics = nullptr);

}  // namespace stargate::rules

#endif  // STARGATE_RULES_REGIME_LOADER_H_

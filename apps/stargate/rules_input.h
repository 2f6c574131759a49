// What the rules commands (classify, check, tier, regime) share: finding the
// regime catalogue and the scenario, reading --date, and printing problems in
// the CLI's "error: FILE:LINE:COL: what; expected what" form.
#ifndef STARGATE_APPS_STARGATE_RULES_INPUT_H_
#define STARGATE_APPS_STARGATE_RULES_INPUT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "stargate/core/date.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"
#include "stargate/rules/rules.h"

namespace stargate::cli {

// The --scenario flag every rules command takes.
FlagSpec ScenarioFlag();
// --scenario FILE, or the default scenario (data/scenarios/stargate-global.yaml).
std::optional<Scenario> LoadRulesScenario(const Args& args);
// DATA_DIR/regimes, with every problem printed; nullopt on failure.
std::optional<rules::RegimeCatalog> LoadRegimesOrReport();

// --date D, or today (UTC) when absent; prints a usage error and returns
// nullopt when D is not a date.
std::optional<Date> DateFlag(const Command& command, const Args& args);

// The --regime value ("by_date" when absent), checked against the catalogue;
// prints a usage error and returns nullopt when unknown.
std::optional<std::string> RegimeFlag(const Command& command, const Args& args,
                                      const rules::RegimeCatalog& catalog);

// Prints "error: <diagnostic>" lines and "N problems in <name>" on stderr.
void PrintProblems(const std::vector<Diagnostic>& problems, const std::string& name);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_RULES_INPUT_H_

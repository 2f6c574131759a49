// Finding and loading the scenario a command works on, with its errors
// printed in the CLI's "error: FILE:LINE:COL: what; expected what" form.
#ifndef STARGATE_APPS_STARGATE_SCENARIO_INPUT_H_
#define STARGATE_APPS_STARGATE_SCENARIO_INPUT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "stargate/core/diagnostic.h"
#include "stargate/model/model.h"

namespace stargate::cli {

// The data directory: $STARGATE_DATA_DIR, else ./data when it holds
// scenarios/, else the source tree's data/ this binary was built from.
std::filesystem::path DataDir();

// The scenario named on the command line, or the default
// (DATA_DIR/scenarios/stargate-global.yaml).
std::filesystem::path ScenarioPath(const Args& args, size_t positional_index = 0);

// Loads and prints every problem on stderr (or as JSON on stdout with --json).
// Returns nullopt on failure; the caller exits with kExitBadInput.
std::optional<Scenario> LoadScenarioOrReport(const std::filesystem::path& path, const Args& args);

// Prints the problems found in `what` (a file or directory) as
// "error: FILE:LINE:COL: ..." lines on stderr, and as {"ok": false, "errors":
// [...]} on stdout with --json. Returns kExitBadInput.
int ReportInputProblems(const std::vector<Diagnostic>& diagnostics, const std::string& what,
                        const Args& args);

// A progress line on stderr, only when a person is watching (stderr is a terminal).
void ProgressLine(const std::string& line);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_SCENARIO_INPUT_H_

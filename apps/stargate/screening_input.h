// Restricted-party screening as the CLI configures it: which lists (--list or
// $STARGATE_SCREEN_LIST), at what threshold, loading them with errors in the
// CLI's form, and a hit in the forms `check` and the ledger need. Shared by
// `screen`, `check` and `validate`.
#ifndef STARGATE_APPS_STARGATE_SCREENING_INPUT_H_
#define STARGATE_APPS_STARGATE_SCREENING_INPUT_H_

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "command.h"
#include "stargate/rules/shipment.h"
#include "stargate/screen/screen.h"

namespace stargate::cli {

// The --list flags, else $STARGATE_SCREEN_LIST (paths separated by ':', like
// PATH); empty when no list is configured.
std::vector<std::filesystem::path> ScreeningListPaths(const Args& args);

// The flags every screening command takes.
std::vector<FlagSpec> ScreeningFlags();

// --threshold X, or the default. Returns an exit code after a usage error.
std::optional<int> ReadThreshold(const Command& command, const Args& args, float* threshold);

// Loads the configured lists (honouring --cache DIR and --no-cache); prints
// notes, and on failure the error (JSON too with --json) and sets *exit_code.
std::optional<screen::ScreeningList> LoadScreeningListOrReport(
    const std::vector<std::filesystem::path>& paths, const Args& args, int* exit_code);

// The best hit as the rules engine records it.
rules::RestrictedPartyMatch ToRestrictedPartyMatch(const screen::Hit& hit, float threshold);

// The body of a ledger "screening" entry: the name, what it was screened as
// (`role`: "consignee", "financier", "name"), "hit" or "clear", and the hits.
nlohmann::json ScreeningEntryBody(const std::string& name, const std::string& role,
                                  const std::vector<screen::Hit>& hits, float threshold,
                                  const screen::ScreeningList& list);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_SCREENING_INPUT_H_

// Restricted-party screening as the CLI configures it: which lists (--list or
// $STARGATE_SCREEN_LIST), at what threshold, loading them with errors in the
// CLI's form, and a hit in the forms `check` and the ledger need. Shared by
// `screen`, `check` and `validate`.
#ifndef STARGATE_APPS_STARGATE_SCREENING_INPUT_H_
#define STARGATE_APPS_STARGATE_SCREENING_INPUT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "command.h"
#include "stargate/compliance/compliance.h"
#include "stargate/rules/rules.h"
#include "stargate/screen/screen.h"

namespace stargate::cli {

// The lists to screen against: the --list flags, else $STARGATE_SCREEN_LIST
// (paths separated by ':', like PATH), else, when `use_default`, every list
// of the lists folder (data/screening, or $STARGATE_LISTS_DIR), whose
// manifest gives their dates too. No paths when none is configured.
struct ConfiguredLists {
  std::vector<std::filesystem::path> paths;
  std::vector<compliance::ListDate> dates;  // the lists folder's only: named lists have none
};
absl::StatusOr<ConfiguredLists> ScreeningLists(const Args& args, bool use_default);

// The lists folder (data/screening, or $STARGATE_LISTS_DIR).
std::filesystem::path ListsDir();

// The screening a check runs: off with --no-screening, else the configured
// lists at --threshold and --review-threshold. Prints the error and sets
// *exit_code on failure.
std::optional<compliance::Screening> ScreeningOrReport(const Command& command, const Args& args,
                                                       int* exit_code);

// The flags every screening command takes.
std::vector<FlagSpec> ScreeningFlags();

// --threshold X, or the default. Returns an exit code after a usage error.
std::optional<int> ReadThreshold(const Command& command, const Args& args, float* threshold,
                                 float fallback = screen::kDefaultThreshold);

// Loads the configured lists (honouring --cache DIR and --no-cache); prints
// notes, and on failure the error (JSON too with --json) and sets *exit_code.
std::optional<screen::ScreeningList> LoadScreeningListOrReport(
    const std::vector<std::filesystem::path>& paths, const Args& args, int* exit_code);

// The body of a ledger "screening" entry for `stargate screen --record`: the
// name, "hit" or "clear", and the hits.
nlohmann::json ScreeningEntryBody(const std::string& name, const std::string& role,
                                  const std::vector<screen::Hit>& hits, float threshold,
                                  const screen::ScreeningList& list);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_SCREENING_INPUT_H_

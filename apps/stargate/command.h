// The command-line contract shared by every subcommand: parsed arguments,
// exit codes, and the table of commands main() dispatches on.
#ifndef STARGATE_APPS_STARGATE_COMMAND_H_
#define STARGATE_APPS_STARGATE_COMMAND_H_

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace stargate::cli {

// DESIGN.md: 0 success, 1 domain failure (infeasible, tampered ledger, ...),
// 2 bad input or usage.
inline constexpr int kExitOk = 0;
inline constexpr int kExitDomainFailure = 1;
inline constexpr int kExitBadInput = 2;

struct FlagSpec {
  std::string name;        // "--regime"
  std::string value_name;  // "ID"; empty for a boolean flag
  std::string help;
  bool repeatable = false;
};

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;  // flag -> values given
  bool Has(const std::string& flag) const { return values.count(flag) > 0; }
  std::optional<std::string> Value(const std::string& flag) const;
  bool json() const { return Has("--json"); }
};

struct Command;
using RunFunction = int (*)(const Command& command, const Args& args);

struct Command {
  std::string name;
  std::string synopsis;         // "plan [SCENARIO] [--out DIR] ..."
  std::string summary;          // one line for `stargate --help`
  std::string description;      // paragraphs for `stargate CMD --help`
  std::vector<FlagSpec> flags;  // --json and --help are implied
  int min_positional = 0;
  int max_positional = 0;
  RunFunction run = nullptr;
};

// Parses argv after the command name. On a usage error returns nullopt and
// prints "error: ...; expected ..." to stderr.
std::optional<Args> ParseArgs(const Command& command, const std::vector<std::string>& argv,
                              std::ostream& err);
void PrintCommandHelp(const Command& command, std::ostream& out);
// Prints "error: <what>; expected <expected>" and returns kExitBadInput.
int UsageError(const Command& command, const std::string& what, const std::string& expected);
// --time-limit S into *seconds (left alone when the flag is absent). Returns
// the exit code of a usage error when S is not a positive number.
std::optional<int> ReadTimeLimit(const Command& command, const Args& args, double* seconds);

// A whole-number flag in [min, max] into *value (left alone when the flag is
// absent). False after printing the usage error ("--seed 'x' is not a whole
// number in 0..N"), so that every command reads counts, ports and seeds alike.
bool ReadWholeNumber(const Command& command, const Args& args, const std::string& flag,
                     uint64_t min, uint64_t max, uint64_t* value);
template <typename T>
bool ReadWholeFlag(const Command& command, const Args& args, const std::string& flag, T min, T max,
                   T* value) {
  uint64_t read = static_cast<uint64_t>(*value);
  if (!ReadWholeNumber(command, args, flag, static_cast<uint64_t>(min), static_cast<uint64_t>(max),
                       &read)) {
    return false;
  }
  *value = static_cast<T>(read);
  return true;
}

// One entry per subcommand, defined in the subcommand's own file.
const Command& ValidateCommand();
const Command& ShowCommand();
const Command& ClassifyCommand();
const Command& CheckCommand();
const Command& ListsCommand();
const Command& TierCommand();
const Command& RegimeCommand();
const Command& ScreenCommand();
const Command& PlanCommand();
const Command& GenCommand();
const Command& LedgerCommand();
const Command& FinanceCommand();
const Command& SimulateCommand();
const Command& ReportCommand();
const Command& ServeCommand();

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_COMMAND_H_

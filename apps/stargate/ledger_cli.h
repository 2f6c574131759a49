// Shared pieces of `stargate ledger ...`: the ledger URI from the command
// line, opening it, and reporting errors in the CLI's form and exit codes.
#ifndef STARGATE_APPS_STARGATE_LEDGER_CLI_H_
#define STARGATE_APPS_STARGATE_LEDGER_CLI_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "command.h"
#include "stargate/ledger/ledger.h"

namespace stargate::cli {

// --ledger URI, else sqlite:./stargate.db.
std::string LedgerUriArg(const Args& args);

// Prints "error: <what>; expected <what>" (and {"ok": false, ...} on stdout
// with --json); returns 2 for bad input, a missing, old or unreachable
// ledger, 1 for anything else (DESIGN.md exit codes).
int ReportLedgerError(const absl::Status& status, const Args& args);

// The ledger named by the arguments, or nullptr after reporting why not.
// kReadOnly never creates or changes a file (a missing, empty or foreign file
// is "no ledger at ...; expected `stargate ledger init`", exit 2); kCreate
// makes a missing ledger and says so on stderr.
std::unique_ptr<ledger::Ledger> OpenLedgerOrReport(const Args& args, ledger::OpenMode mode,
                                                   int* exit_code);
// kCreate for a command that records (--record), kReadOnly otherwise.
std::unique_ptr<ledger::Ledger> OpenLedgerOrReport(const Args& args, int* exit_code);

// Subcommands living in ledger_listing.cc.
int RunLedgerList(const Args& args);
int RunLedgerExport(const Args& args);
int RunLedgerTotals(const Args& args);

// Subcommands living in ledger_trust_command.cc.
int RunLedgerKeygen(const Args& args);
int RunLedgerCheckpoint(const Args& args);
int RunLedgerProve(const Args& args);
int RunLedgerCheckProof(const Args& args);
// verify --checkpoints FILE --pubkey KEY.pub, after the chain was found whole:
// kExitOk (and a summary line, empty without the options), or the exit code
// after reporting.
int CheckLedgerCheckpoints(ledger::Ledger& book, const Args& args, std::string* summary);

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_LEDGER_CLI_H_

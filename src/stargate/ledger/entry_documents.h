// Reading what `stargate ledger add` appends: one entry document (a JSON
// object) or a batch (a JSON array of them), from a file or standard input,
// with every problem reported at its file:line:col.
#ifndef STARGATE_LEDGER_ENTRY_DOCUMENTS_H_
#define STARGATE_LEDGER_ENTRY_DOCUMENTS_H_

#include <optional>
#include <string>

#include "stargate/core/diagnostic.h"
#include "stargate/ledger/entry.h"

namespace stargate::ledger {

// `path` "-" reads standard input (named "<stdin>" in messages). nullopt, with
// every problem in `problems`, when anything is wrong: nothing is appended then.
std::optional<Batch> ReadEntryDocuments(const std::string& path, DiagnosticList* problems);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_ENTRY_DOCUMENTS_H_

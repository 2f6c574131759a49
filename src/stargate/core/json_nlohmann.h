// The bridge to nlohmann::json for code that works on its values (ledger
// entries, API bodies): the text is read by ReadJson, with its limits and
// located problems, and only a valid document is converted.
#ifndef STARGATE_CORE_JSON_NLOHMANN_H_
#define STARGATE_CORE_JSON_NLOHMANN_H_

#include <nlohmann/json.hpp>
#include <string>

#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/json_reader.h"

namespace stargate {

// Integers within int64 stay integers; other numbers become doubles. Members
// keep their names (nlohmann orders them by name). The recursion is bounded
// by the document's depth, which the reader limited.
nlohmann::json ToNlohmann(const JsonValue& value);

// A JSON file read by ReadFileText and ReadJson, converted; null, with the
// problems (located) in `problems`, when it cannot be read or is not JSON.
nlohmann::json ReadJsonFile(const std::string& path, DiagnosticList* problems,
                            const FileReadOptions& options = {});

}  // namespace stargate

#endif  // STARGATE_CORE_JSON_NLOHMANN_H_

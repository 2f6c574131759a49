// POST /api/check's hot path: decisions written straight to JSON text, byte
// for byte what rules::ToJson(decision).dump() gives (keys in sorted order,
// numbers as nlohmann prints them), without building a JSON tree first. A
// decision with its trace is ~1.5 KB of JSON; building and copying the tree
// cost more than deciding it. decision_writer_test.cc checks the bytes
// against rules::ToJson on every shipped regime.
#ifndef STARGATE_SERVER_INTERNAL_DECISION_WRITER_H_
#define STARGATE_SERVER_INTERNAL_DECISION_WRITER_H_

#include <string>
#include <string_view>

#include "stargate/rules/rules.h"

namespace stargate::server {

void AppendDecisionJson(const rules::Decision& decision, std::string* out);

// A JSON string literal as nlohmann writes it (UTF-8 kept; invalid bytes
// become U+FFFD, as with its "replace" error handler).
void AppendJsonString(std::string_view text, std::string* out);
// A double as nlohmann writes it ("126656.0", "0.5", null when not finite).
void AppendJsonNumber(double value, std::string* out);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_DECISION_WRITER_H_

// Where each value of a JSON text starts, by JSON Pointer, so that problems
// found after parsing (a wrong field in the fourth entry) can be reported as
// file:line:col. The scan is strict RFC 8259 and also reports what nlohmann's
// parser would let through silently: duplicate keys (the last would win).
#ifndef STARGATE_APPS_STARGATE_LEDGER_JSON_LOCATOR_H_
#define STARGATE_APPS_STARGATE_LEDGER_JSON_LOCATOR_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace stargate::cli {

struct JsonPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in characters
};

struct JsonProblem {
  JsonPosition position;
  std::string what;
  std::string expected;
};

class JsonLocator {
 public:
  // Scans `text`. A syntax error stops the scan and is the last problem.
  static JsonLocator Scan(std::string_view text);

  // Syntax errors and duplicate keys; empty when the text is valid JSON.
  const std::vector<JsonProblem>& problems() const { return problems_; }

  // Where the value at `pointer` starts, or, with `at_key`, its member name.
  // Falls back to the nearest enclosing value for a pointer that does not
  // exist (a missing field is reported at its parent object).
  JsonPosition Find(const std::string& pointer, bool at_key = false) const;

 private:
  friend class JsonScanner;
  std::unordered_map<std::string, JsonPosition> values_;
  std::unordered_map<std::string, JsonPosition> keys_;
  std::vector<JsonProblem> problems_;
};

}  // namespace stargate::cli

#endif  // STARGATE_APPS_STARGATE_LEDGER_JSON_LOCATOR_H_

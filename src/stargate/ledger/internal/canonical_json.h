// Canonical JSON: the single byte sequence the ledger stores and hashes for a
// value. Object keys sorted by their UTF-8 bytes, no whitespace, strings in
// UTF-8 with only '"', '\' and control characters escaped, integers in
// decimal, other numbers in the shortest form that reads back to the same
// double (nlohmann::json 3.11's dump). Verification hashes the stored bytes, so
// the canonical form only has to be stable for the writer.
#ifndef STARGATE_LEDGER_INTERNAL_CANONICAL_JSON_H_
#define STARGATE_LEDGER_INTERNAL_CANONICAL_JSON_H_

#include <charconv>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "stargate/ledger/entry.h"

namespace stargate::ledger {

// InvalidArgument for invalid UTF-8 or a NaN/infinite number (which JSON cannot hold).
absl::StatusOr<std::string> CanonicalJson(const nlohmann::json& value);

// {"key":amount,...}; keys must already satisfy IsValidCounterKey.
std::string CanonicalIncrements(const Increments& increments);

// Reads canonical increments without building a JSON tree (verification reads
// one per entry). Calls visit(key, amount) in key order; false when `text` is
// not canonical increments.
template <typename Visit>
bool ForEachIncrement(std::string_view text, Visit&& visit) {
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return false;
  size_t i = 1;
  const size_t end = text.size() - 1;
  if (i == end) return true;
  while (true) {
    if (text[i] != '"') return false;
    const size_t key_end = text.find('"', i + 1);
    if (key_end == std::string_view::npos || key_end + 1 >= end || text[key_end + 1] != ':') {
      return false;
    }
    const std::string_view key = text.substr(i + 1, key_end - i - 1);
    const char* first = text.data() + key_end + 2;
    double amount = 0;
    const auto [ptr, ec] = std::from_chars(first, text.data() + end, amount);
    if (ec != std::errc() || ptr == first) return false;
    visit(key, amount);
    i = static_cast<size_t>(ptr - text.data());
    if (i == end) return true;
    if (text[i] != ',') return false;
    ++i;
  }
}

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_INTERNAL_CANONICAL_JSON_H_

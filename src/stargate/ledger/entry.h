// What the ledger records: entries of four kinds, each a JSON object kept in
// canonical form, together with the running-total increments it adds (cap and
// LPP allowance usage in TPP), so that what was used can be read back without
// scanning the entries.
#ifndef STARGATE_LEDGER_ENTRY_H_
#define STARGATE_LEDGER_ENTRY_H_

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/ledger/hash_chain.h"

namespace stargate::ledger {

enum class EntryKind { kShipmentDecision, kCommitment, kScreening, kTierChange };

// "shipment_decision", "commitment", "screening", "tier_change".
std::string_view KindName(EntryKind kind);
std::optional<EntryKind> ParseKind(std::string_view name);
const std::vector<std::string>& KindNames();

// Counter key -> amount. Keys follow the conventions below; amounts are finite
// and may be negative (a correction is a new entry, never an edit).
using Increments = std::map<std::string, double>;
using CounterMap = std::map<std::string, double>;

// The one place counter keys are made (the CLI, the server and the planner
// call these). A name goes into a key as it is when that is safe: valid UTF-8
// without control characters, '"', '\\', and not starting with '#', short
// enough for the key to stay within 256 bytes. Any other name (a quote, a
// backslash, a control character, 10 kB) goes in as "#" and the SHA-256 of its
// bytes in hex, so every name can be recorded; the display name is kept in the
// entry's body. Keys made before this kept their plain form, so an existing
// ledger's totals stay where they were.
//
// "cap:<cap id>": TPP counted against a cap (the rules engine's cap id).
std::string CapCounterKey(std::string_view cap_id);
// "lpp:<consignee>:<year>": TPP shipped under the LPP exception to one
// consignee (its canonical name, as the caller passes it) in one calendar year.
std::string LppCounterKey(std::string_view consignee, int year);
// The name as it appears in a "cap:" key: itself, or "#<64 hex digits>".
std::string CounterKeyName(std::string_view name);
inline constexpr size_t kMaxCounterKeyBytes = 256;
// 1..256 bytes of UTF-8 without control characters, '"' or '\'.
bool IsValidCounterKey(std::string_view key);
// The smallest string greater than every string starting with `prefix`, for
// a range scan [prefix, end); empty when there is none (no upper bound).
std::string PrefixEnd(std::string_view prefix);

// An entry to append; the ledger assigns its sequence number, time and hash.
struct NewEntry {
  EntryKind kind = EntryKind::kShipmentDecision;
  nlohmann::json body = nlohmann::json::object();
  Increments increments;
};

// Entries appended together, atomically: all or none.
struct Batch {
  std::vector<NewEntry> entries;
};

// An entry as stored. Text fields are kept verbatim so that verification hashes
// exactly the bytes on disk (a tampered row may hold anything).
struct StoredEntry {
  int64_t seq = 0;
  std::string kind;
  std::string recorded_at;  // UTC, "2026-11-28T10:15:30.123456Z"
  std::string increments;   // canonical JSON object
  std::string body;         // canonical JSON object
  // Canonical JSON object: the running total this entry left for each key it
  // incremented (schema 3 on; "" in older entries and entries without
  // increments). Hashed with the entry, so the totals table can be checked
  // against the chain a key at a time.
  std::string totals;
  Hash prev_hash{};
  Hash hash{};
};

// A stored entry as a backend's scan reads it, without copying: the text
// fields point into the backend's row and are valid only while the scan's
// visitor runs. Verification hashes straight from them.
struct EntryView {
  int64_t seq = 0;
  std::string_view kind;
  std::string_view recorded_at;
  std::string_view increments;
  std::string_view body;
  std::string_view totals;
  Hash prev_hash{};
  Hash hash{};
};

EntryView ViewOf(const StoredEntry& entry);
// Copies the view into `out`, reusing its strings' capacity.
void CopyInto(const EntryView& view, StoredEntry* out);
StoredEntry ToStored(const EntryView& view);

// The bytes that are hashed for an entry: the canonical JSON object
// {"entry":BODY,"increments":INCREMENTS,"kind":"K","recorded_at":"T","seq":N}
// with ,"totals":TOTALS before the closing brace when the entry has totals.
// Keys are in sorted order, so this equals nlohmann's dump of that object.
void AppendEnvelope(const EntryView& entry, std::string* out);
// The same into a buffer of at least EnvelopeBound(entry) bytes; returns the
// bytes written. For verification, which writes one per entry it reads.
size_t EnvelopeBound(const EntryView& entry);
size_t WriteEnvelope(const EntryView& entry, char* out);
void AppendEnvelope(const StoredEntry& entry, std::string* out);
std::string Envelope(const StoredEntry& entry);

// One JSON Lines record of `stargate ledger export`: the envelope plus
// "hash" and "prev_hash" in hex, keys sorted.
std::string ExportLine(const StoredEntry& entry);

// A problem with an entry. `pointer` is a JSON Pointer (RFC 6901) into the
// entry document {"kind": ..., "entry": {...}, "increments": {...}} so that a
// caller holding the source text can turn it into line:column.
struct EntryProblem {
  std::string pointer;
  std::string what;
  std::string expected;
  bool at_key = false;           // the problem is the member's name (unknown key), not its value
  std::string ToString() const;  // "<pointer>: <what>; expected <expected>"
};

// Checks the kind's required fields, the counter keys and amounts, UTF-8 and
// the size limit. Empty when the entry may be appended.
std::vector<EntryProblem> CheckEntry(const NewEntry& entry);
// The same, also giving the canonical body (valid only when there is no problem).
std::vector<EntryProblem> CheckEntry(const NewEntry& entry, std::string* canonical_body);

// "~" and "/" escaped as JSON Pointer requires.
std::string PointerToken(std::string_view key);

// Largest canonical body accepted, in bytes.
inline constexpr size_t kMaxBodyBytes = 1 << 20;

// Reads one entry document (the form `stargate ledger add` accepts). Problems
// are appended with `pointer_prefix` before each pointer (e.g. "/3" for the
// fourth document of an array); nullopt when there is any.
std::optional<NewEntry> EntryFromDocument(const nlohmann::json& document,
                                          const std::string& pointer_prefix,
                                          std::vector<EntryProblem>* problems);
// The document form of an entry (inverse of EntryFromDocument).
nlohmann::json EntryToDocument(const NewEntry& entry);

}  // namespace stargate::ledger

#endif  // STARGATE_LEDGER_ENTRY_H_

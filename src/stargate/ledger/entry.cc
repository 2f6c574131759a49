#include "stargate/ledger/entry.h"

#include <charconv>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "stargate/core/utf8.h"
#include "stargate/ledger/internal/canonical_json.h"

namespace stargate::ledger {
namespace {

struct KindInfo {
  EntryKind kind;
  std::string_view name;
};

constexpr KindInfo kKinds[] = {
    {EntryKind::kShipmentDecision, "shipment_decision"},
    {EntryKind::kCommitment, "commitment"},
    {EntryKind::kScreening, "screening"},
    {EntryKind::kTierChange, "tier_change"},
};

}  // namespace

std::string_view KindName(EntryKind kind) {
  for (const auto& info : kKinds) {
    if (info.kind == kind) return info.name;
  }
  return "unknown";
}

std::optional<EntryKind> ParseKind(std::string_view name) {
  for (const auto& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

const std::vector<std::string>& KindNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& info : kKinds) out.emplace_back(info.name);
    return out;
  }();
  return names;
}

namespace {

// `room`: the bytes the key has left for the name.
bool IsPlainName(std::string_view name, size_t room) {
  if (name.empty() || name.size() > room || name.front() == '#') return false;
  for (size_t i = 0; i < name.size();) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') return false;
    const size_t n = Utf8SequenceLength(name, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string NameInKey(std::string_view name, size_t room) {
  if (IsPlainName(name, room)) return std::string(name);
  return absl::StrCat("#", ToHex(Sha256(name)));
}

}  // namespace

std::string CounterKeyName(std::string_view name) {
  return NameInKey(name, kMaxCounterKeyBytes - 4);
}

std::string CapCounterKey(std::string_view cap_id) {
  // "cap:" alone is the prefix of every cap key (TotalsWithPrefix).
  if (cap_id.empty()) return "cap:";
  return absl::StrCat("cap:", NameInKey(cap_id, kMaxCounterKeyBytes - 4));
}

std::string LppCounterKey(std::string_view consignee, int year) {
  const std::string suffix = absl::StrCat(":", year);
  return absl::StrCat("lpp:", NameInKey(consignee, kMaxCounterKeyBytes - 4 - suffix.size()),
                      suffix);
}

bool IsValidCounterKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxCounterKeyBytes) return false;
  for (size_t i = 0; i < key.size();) {
    const unsigned char c = static_cast<unsigned char>(key[i]);
    if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') return false;
    const size_t n = Utf8SequenceLength(key, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

EntryView ViewOf(const StoredEntry& entry) {
  return {entry.seq,  entry.kind,   entry.recorded_at, entry.increments,
          entry.body, entry.totals, entry.prev_hash,   entry.hash};
}

void CopyInto(const EntryView& view, StoredEntry* out) {
  out->seq = view.seq;
  out->kind.assign(view.kind);
  out->recorded_at.assign(view.recorded_at);
  out->increments.assign(view.increments);
  out->body.assign(view.body);
  out->totals.assign(view.totals);
  out->prev_hash = view.prev_hash;
  out->hash = view.hash;
}

StoredEntry ToStored(const EntryView& view) {
  StoredEntry entry;
  CopyInto(view, &entry);
  return entry;
}

namespace {

constexpr std::string_view kEntryKey = "{\"entry\":", kIncrementsKey = ",\"increments\":",
                           kKindKey = ",\"kind\":\"", kRecordedAtKey = "\",\"recorded_at\":\"",
                           kSeqKey = "\",\"seq\":", kTotalsKey = ",\"totals\":";
constexpr size_t kMaxSeqDigits = 20;  // "-9223372036854775808"

char* Put(char* out, std::string_view text) {
  std::memcpy(out, text.data(), text.size());
  return out + text.size();
}

}  // namespace

size_t EnvelopeBound(const EntryView& entry) {
  return kEntryKey.size() + entry.body.size() + kIncrementsKey.size() + entry.increments.size() +
         kKindKey.size() + entry.kind.size() + kRecordedAtKey.size() + entry.recorded_at.size() +
         kSeqKey.size() + kMaxSeqDigits + kTotalsKey.size() + entry.totals.size() + 1;
}

size_t WriteEnvelope(const EntryView& entry, char* out) {
  char* p = Put(out, kEntryKey);
  p = Put(p, entry.body);
  p = Put(p, kIncrementsKey);
  p = Put(p, entry.increments);
  p = Put(p, kKindKey);
  p = Put(p, entry.kind);
  p = Put(p, kRecordedAtKey);
  p = Put(p, entry.recorded_at);
  p = Put(p, kSeqKey);
  p = std::to_chars(p, p + kMaxSeqDigits, entry.seq).ptr;
  if (!entry.totals.empty()) {
    p = Put(p, kTotalsKey);
    p = Put(p, entry.totals);
  }
  *p++ = '}';
  return static_cast<size_t>(p - out);
}

void AppendEnvelope(const EntryView& entry, std::string* out) {
  const size_t old = out->size();
  out->resize(old + EnvelopeBound(entry));
  out->resize(old + WriteEnvelope(entry, out->data() + old));
}

void AppendEnvelope(const StoredEntry& entry, std::string* out) {
  AppendEnvelope(ViewOf(entry), out);
}

std::string Envelope(const StoredEntry& entry) {
  std::string out;
  AppendEnvelope(entry, &out);
  return out;
}

std::string ExportLine(const StoredEntry& entry) {
  // Stored text fields are verbatim; escaping them keeps a tampered row from
  // breaking the line's JSON.
  const auto quoted = [](const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  return absl::StrCat("{\"entry\":", entry.body, ",\"hash\":\"", ToHex(entry.hash),
                      "\",\"increments\":", entry.increments, ",\"kind\":", quoted(entry.kind),
                      ",\"prev_hash\":\"", ToHex(entry.prev_hash),
                      "\",\"recorded_at\":", quoted(entry.recorded_at), ",\"seq\":", entry.seq,
                      entry.totals.empty() ? "" : ",\"totals\":", entry.totals, "}");
}

std::string EntryProblem::ToString() const {
  std::string text = absl::StrCat(pointer.empty() ? "/" : pointer, ": ", what);
  if (!expected.empty()) absl::StrAppend(&text, "; expected ", expected);
  return text;
}

}  // namespace stargate::ledger

// What makes an entry well-formed: each kind's required fields, and the entry
// document form that `stargate ledger add` reads.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "stargate/core/date.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"
#include "stargate/ledger/entry.h"
#include "stargate/ledger/internal/canonical_json.h"

namespace stargate::ledger {
namespace {

using nlohmann::json;

enum class FieldType { kObject, kString, kDate, kCountry, kPositiveInteger, kNonNegativeNumber };

struct FieldRule {
  std::string_view parent;  // "" for a top-level field, else a top-level object field
  std::string_view name;
  FieldType type;
};

// Only what the ledger itself and its readers rely on; any other field is kept as given.
const std::vector<FieldRule>& RulesFor(EntryKind kind) {
  static const std::vector<FieldRule> kShipment = {
      {"", "shipment", FieldType::kObject},
      {"shipment", "id", FieldType::kString},
      {"shipment", "date", FieldType::kDate},
      {"shipment", "destination", FieldType::kCountry},
      {"shipment", "quantity", FieldType::kPositiveInteger},
      {"", "decision", FieldType::kObject},
      {"decision", "outcome", FieldType::kString},
  };
  static const std::vector<FieldRule> kCommitment = {
      {"", "financier", FieldType::kString},
      {"", "amount_usd", FieldType::kNonNegativeNumber},
      {"", "date", FieldType::kDate},
  };
  static const std::vector<FieldRule> kScreening = {
      {"", "name", FieldType::kString},
      {"", "result", FieldType::kString},
  };
  static const std::vector<FieldRule> kTierChange = {
      {"", "country", FieldType::kCountry},
      {"", "from", FieldType::kString},
      {"", "to", FieldType::kString},
      {"", "effective", FieldType::kDate},
  };
  switch (kind) {
    case EntryKind::kShipmentDecision:
      return kShipment;
    case EntryKind::kCommitment:
      return kCommitment;
    case EntryKind::kScreening:
      return kScreening;
    case EntryKind::kTierChange:
      return kTierChange;
  }
  return kScreening;
}

std::string_view Expected(FieldType type) {
  switch (type) {
    case FieldType::kObject:
      return "an object";
    case FieldType::kString:
      return "a non-empty string";
    case FieldType::kDate:
      return "a date \"YYYY-MM-DD\"";
    case FieldType::kCountry:
      return "an ISO 3166 alpha-2 country code such as \"AE\"";
    case FieldType::kPositiveInteger:
      return "a positive integer";
    case FieldType::kNonNegativeNumber:
      return "a number >= 0";
  }
  return "";
}

bool Fits(const json& value, FieldType type) {
  switch (type) {
    case FieldType::kObject:
      return value.is_object();
    case FieldType::kString:
      return value.is_string() && !value.get_ref<const std::string&>().empty();
    case FieldType::kDate:
      return value.is_string() && Date::Parse(value.get_ref<const std::string&>()).ok();
    case FieldType::kCountry:
      return value.is_string() && IsCountryCodeShape(value.get_ref<const std::string&>());
    case FieldType::kPositiveInteger:
      return (value.is_number_unsigned() && value.get<uint64_t>() > 0) ||
             (value.is_number_integer() && value.get<int64_t>() > 0);
    case FieldType::kNonNegativeNumber:
      return value.is_number() && value.get<double>() >= 0;
  }
  return false;
}

// A short rendering of a value for messages.
std::string Shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

void CheckFields(const NewEntry& entry, std::vector<EntryProblem>* problems) {
  const json& body = entry.body;
  for (const FieldRule& rule : RulesFor(entry.kind)) {
    const json* parent = &body;
    std::string parent_pointer = "/entry";
    if (!rule.parent.empty()) {
      auto it = body.find(rule.parent);
      if (it == body.end() || !it->is_object()) continue;  // reported with the parent itself
      parent = &*it;
      absl::StrAppend(&parent_pointer, "/", PointerToken(rule.parent));
    }
    const std::string parent_name(rule.parent), name(rule.name), kind(KindName(entry.kind));
    const std::string field = parent_name.empty() ? name : absl::StrCat(parent_name, ".", name);
    auto it = parent->find(rule.name);
    if (it == parent->end()) {
      problems->push_back({parent_pointer, absl::StrCat(kind, " entry has no '", field, "'"),
                           absl::StrCat("'", name, "': ", std::string(Expected(rule.type)))});
    } else if (!Fits(*it, rule.type)) {
      problems->push_back({absl::StrCat(parent_pointer, "/", PointerToken(rule.name)),
                           absl::StrCat("'", field, "' is ", Shown(*it)),
                           std::string(Expected(rule.type))});
    }
  }
}

void CheckIncrements(const Increments& increments, std::vector<EntryProblem>* problems) {
  for (const auto& [key, amount] : increments) {
    const std::string pointer = absl::StrCat("/increments/", PointerToken(key));
    if (!IsValidCounterKey(key)) {
      problems->push_back(
          {pointer, absl::StrCat("counter key ", Shown(json(key)), " is not allowed"),
           "1 to 256 bytes of UTF-8 without control characters, '\"' or '\\', such as "
           "\"cap:<cap id>\" or \"lpp:<consignee>:<year>\"",
           true});
    } else if (!std::isfinite(amount)) {
      problems->push_back(
          {pointer, absl::StrCat("increment of '", key, "' is not finite"), "a finite number"});
    }
  }
}

}  // namespace

std::string PointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<EntryProblem> CheckEntry(const NewEntry& entry, std::string* canonical_body) {
  std::vector<EntryProblem> problems;
  if (!entry.body.is_object()) {
    problems.push_back({"/entry", absl::StrCat("the entry is ", Shown(entry.body)),
                        "an object with the entry's fields"});
    return problems;
  }
  CheckFields(entry, &problems);
  CheckIncrements(entry.increments, &problems);
  auto canonical = CanonicalJson(entry.body);
  if (!canonical.ok()) {
    problems.push_back({"/entry", std::string(canonical.status().message()), ""});
  } else if (canonical->size() > kMaxBodyBytes) {
    problems.push_back({"/entry", absl::StrCat("the entry is ", canonical->size(), " bytes"),
                        absl::StrCat("at most ", kMaxBodyBytes, " bytes")});
  } else if (canonical_body != nullptr) {
    *canonical_body = *std::move(canonical);
  }
  return problems;
}

std::vector<EntryProblem> CheckEntry(const NewEntry& entry) { return CheckEntry(entry, nullptr); }

std::optional<NewEntry> EntryFromDocument(const json& document, const std::string& pointer_prefix,
                                          std::vector<EntryProblem>* problems) {
  const size_t before = problems->size();
  auto add = [&](const std::string& pointer, std::string what, std::string expected,
                 bool at_key = false) {
    problems->push_back({pointer_prefix + pointer, std::move(what), std::move(expected), at_key});
  };
  if (!document.is_object()) {
    add("", absl::StrCat("an entry document is ", Shown(document)),
        "an object {\"kind\": ..., \"entry\": {...}, \"increments\": {...}}");
    return std::nullopt;
  }
  static const std::vector<std::string> kKeys = {"kind", "entry", "increments"};
  for (const auto& [key, value] : document.items()) {
    if (key == "kind" || key == "entry" || key == "increments") continue;
    std::string what = absl::StrCat("unknown key '", key, "' in an entry document");
    if (auto close = ClosestMatch(key, kKeys))
      absl::StrAppend(&what, " (did you mean '", *close, "'?)");
    add("/" + PointerToken(key), std::move(what), OneOf(kKeys), true);
  }
  NewEntry entry;
  bool checkable = true;  // the kind is known and there is an entry, so its fields can be checked
  auto kind = document.find("kind");
  if (kind == document.end()) {
    checkable = false;
    add("", "an entry document has no 'kind'", absl::StrCat("'kind': ", OneOf(KindNames())));
  } else if (!kind->is_string()) {
    checkable = false;
    add("/kind", absl::StrCat("kind is ", Shown(*kind)), OneOf(KindNames()));
  } else if (auto parsed = ParseKind(kind->get_ref<const std::string&>())) {
    entry.kind = *parsed;
  } else {
    checkable = false;
    const std::string& name = kind->get_ref<const std::string&>();
    std::string what = absl::StrCat("kind '", name, "' is not known");
    if (auto close = ClosestMatch(name, KindNames()))
      absl::StrAppend(&what, " (did you mean '", *close, "'?)");
    add("/kind", std::move(what), OneOf(KindNames()));
  }
  auto body = document.find("entry");
  if (body == document.end()) {
    checkable = false;
    add("", "an entry document has no 'entry'", "'entry': an object with the entry's fields");
  } else {
    entry.body = *body;
  }
  auto increments = document.find("increments");
  if (increments != document.end()) {
    if (!increments->is_object()) {
      add("/increments", absl::StrCat("increments is ", Shown(*increments)),
          "an object of counter key -> number, such as {\"cap:tier2/IN\": 31664}");
    } else {
      for (const auto& [key, amount] : increments->items()) {
        if (!amount.is_number()) {
          add("/increments/" + PointerToken(key),
              absl::StrCat("increment of '", key, "' is ", Shown(amount)), "a number");
          continue;
        }
        entry.increments[key] = amount.get<double>();
      }
    }
  }
  if (!checkable) return std::nullopt;
  for (auto& problem : CheckEntry(entry)) {
    problem.pointer = pointer_prefix + problem.pointer;
    problems->push_back(std::move(problem));
  }
  if (problems->size() != before) return std::nullopt;
  return entry;
}

json EntryToDocument(const NewEntry& entry) {
  json increments = json::object();
  for (const auto& [key, amount] : entry.increments) increments[key] = amount;
  return {{"kind", KindName(entry.kind)}, {"entry", entry.body}, {"increments", increments}};
}

}  // namespace stargate::ledger

// Field readers shared by the regime file sections.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"
#include "stargate/rules/internal/regime_yaml.h"

namespace stargate::rules::internal {
namespace {

const std::vector<std::string>& KnownMemberships() {
  static const std::vector<std::string> k = {"EU",  "NATO", "OECD",        "GCC", "A:1",
                                             "A:5", "A:6",  "D:1",         "D:2", "D:3",
                                             "D:4", "D:5",  "arms_embargo"};
  return k;
}

std::string Shown(const YAML::Node& node) {
  if (node.IsScalar()) return absl::StrCat("'", node.Scalar(), "'");
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing";
}

bool ReadCodeItems(RecordReader& r, const YAML::Node& list, const std::string& what,
                   std::vector<std::string>* out) {
  if (!list.IsSequence()) {
    r.Report(list, absl::StrCat(what, " is ", Shown(list)), "a list of ISO 3166 alpha-2 codes");
    return false;
  }
  bool ok = true;
  for (const auto& item : list) {
    std::string code;
    if (r.ScalarCountryCode(item, absl::StrCat("an entry of ", what), &code)) {
      out->push_back(code);
    } else {
      ok = false;
    }
  }
  return ok;
}

}  // namespace

bool ReadDateNode(RecordReader& r, const YAML::Node& node, const std::string& what, Date* out) {
  if (node.IsScalar()) {
    if (auto d = Date::Parse(node.Scalar()); d.ok()) {
      *out = *d;
      return true;
    }
  }
  r.Report(node, absl::StrCat(what, " is ", Shown(node)), "a date such as 2025-01-13");
  return false;
}

bool Required(RecordReader& r, const std::string& kind, const char* key,
              const std::string& expected) {
  YAML::Node node = r.Child(key);
  if (node && !node.IsNull()) return true;
  r.diagnostics()->Add(r.location(), absl::StrCat(kind, " has no '", key, "'"), expected);
  return false;
}

bool ReadDate(RecordReader& r, const char* key, Date* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  return ReadDateNode(r, node, key, out);
}

bool ReadOptionalDate(RecordReader& r, const char* key, std::optional<Date>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  Date d;
  if (!ReadDateNode(r, node, key, &d)) return false;
  *out = d;
  return true;
}

bool ReadTextList(RecordReader& r, const char* key, std::vector<std::string>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  if (node.IsScalar()) {
    out->push_back(node.Scalar());
    return true;
  }
  if (!node.IsSequence()) {
    r.Report(node, absl::StrCat(key, " is ", Shown(node)), "text or a list of texts");
    return false;
  }
  bool ok = true;
  for (const auto& item : node) {
    std::string text;
    if (r.ScalarText(item, absl::StrCat("an entry of ", key), &text)) {
      out->push_back(text);
    } else {
      ok = false;
    }
  }
  return ok;
}

bool ReadPlaces(RecordReader& r, const char* key, std::vector<std::string>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsSequence()) {
    r.Report(node, absl::StrCat(key, " is ", Shown(node)),
             "a list of ISO codes or country groups such as D:5");
    return false;
  }
  bool ok = true;
  const auto& groups = KnownMemberships();
  for (const auto& item : node) {
    std::string text;
    if (!r.ScalarText(item, absl::StrCat("an entry of ", key), &text)) {
      ok = false;
      continue;
    }
    if (IsCountryCodeShape(text) || std::find(groups.begin(), groups.end(), text) != groups.end()) {
      out->push_back(text);
      continue;
    }
    std::string what =
        absl::StrCat("'", text, "' in ", key, " is neither a country code nor a country group");
    if (auto near = ClosestMatch(text, groups))
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    r.Report(item, what, absl::StrCat("an ISO 3166 alpha-2 code or ", OneOf(groups)));
    ok = false;
  }
  return ok;
}

namespace {

// A field that holds one value for all dates, or a map from dates (in
// increasing order) to a value or null (none from that date on).
// read(node, what, &value) reads one value and reports what is wrong with it.
template <typename T, typename Read>
bool ReadVersioned(RecordReader& r, const char* key, bool needs_values, Read read,
                   Versioned<T>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  if (!node.IsMap()) {
    T value{};
    if (!read(node, std::string(key), &value)) return false;
    *out = Versioned<T>::Always(std::move(value));
    return true;
  }
  Versioned<T> result;
  bool ok = true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    Date from;
    if (!ReadDateNode(r, it->first, absl::StrCat("a date key of ", key), &from)) {
      ok = false;
      continue;
    }
    if (!result.entries.empty() && !(result.entries.back().from < from)) {
      r.Report(it->first,
               absl::StrCat("date ", from.ToString(), " of ", key, " is not after the one before"),
               "dates in increasing order");
      ok = false;
      continue;
    }
    if (it->second.IsNull()) {
      result.entries.push_back({from, std::nullopt});
      continue;
    }
    T value{};
    if (!read(it->second, absl::StrCat(key, " from ", from.ToString()), &value)) {
      ok = false;
      continue;
    }
    result.entries.push_back({from, std::move(value)});
  }
  if (ok && needs_values && result.entries.empty()) {
    r.Report(node, absl::StrCat(key, " has no values"), "at least one {date: value}");
    ok = false;
  }
  if (ok) *out = std::move(result);
  return ok;
}

}  // namespace

bool ReadVersionedNumber(RecordReader& r, const char* key, const NumberRange& range,
                         Versioned<double>* out) {
  return ReadVersioned<double>(
      r, key, /*needs_values=*/true,
      [&](const YAML::Node& node, const std::string& what, double* v) {
        return r.ScalarNumber(node, what, range, v);
      },
      out);
}

bool ReadVersionedCodes(RecordReader& r, const char* key,
                        Versioned<std::vector<std::string>>* out) {
  return ReadVersioned<std::vector<std::string>>(
      r, key, /*needs_values=*/false,
      [&](const YAML::Node& node, const std::string& what, std::vector<std::string>* codes) {
        return ReadCodeItems(r, node, what, codes);
      },
      out);
}

bool ReadEccns(RecordReader& r, const char* key, std::vector<Eccn>* out) {
  std::vector<std::string> names;
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  const YAML::Node& list = node;
  if (!list.IsSequence()) {
    r.Report(list, absl::StrCat(key, " is ", Shown(list)), "a list such as [3A090.a]");
    return false;
  }
  bool ok = true;
  const std::vector<std::string> controlled = {"3A090.a", "3A090.b"};
  for (const auto& item : list) {
    std::string text;
    if (!r.ScalarText(item, absl::StrCat("an entry of ", key), &text)) {
      ok = false;
      continue;
    }
    auto eccn = ParseEccn(text);
    if (!eccn || *eccn == Eccn::kNotControlled) {
      std::string what = absl::StrCat("classification '", text, "' is not known");
      if (auto near = ClosestMatch(text, controlled))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      r.Report(item, what, OneOf(controlled));
      ok = false;
      continue;
    }
    out->push_back(*eccn);
  }
  return ok;
}

bool ReadGroupRef(RecordReader& r, const Regime& regime, const char* key, std::string* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  std::string id;
  if (!r.ScalarText(node, key, &id)) return false;
  if (regime.GroupIndex(id) >= 0) {
    *out = id;
    return true;
  }
  std::vector<std::string> ids;
  for (const auto& g : regime.groups) ids.push_back(g.id);
  std::string what = absl::StrCat(key, " '", id, "' is not a group of regime '", regime.id, "'");
  if (auto near = ClosestMatch(id, ids)) absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  r.Report(node, what, ids.empty() ? "a group defined under 'groups'" : OneOf(ids));
  return false;
}

bool ReadGroupRefs(RecordReader& r, const Regime& regime, const char* key,
                   std::vector<std::string>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  std::vector<std::string> ids;
  for (const auto& g : regime.groups) ids.push_back(g.id);
  std::vector<YAML::Node> items;
  if (node.IsScalar()) {
    items.push_back(node);
  } else if (node.IsSequence()) {
    for (const auto& item : node) items.push_back(item);
  } else {
    r.Report(node, absl::StrCat(key, " is ", Shown(node)), "a list of group ids");
    return false;
  }
  bool ok = true;
  for (const auto& item : items) {
    std::string id;
    if (!r.ScalarText(item, absl::StrCat("an entry of ", key), &id)) {
      ok = false;
      continue;
    }
    if (regime.GroupIndex(id) >= 0) {
      out->push_back(id);
      continue;
    }
    std::string what =
        absl::StrCat("group '", id, "' in ", key, " is not a group of regime '", regime.id, "'");
    if (auto near = ClosestMatch(id, ids)) absl::StrAppend(&what, " (did you mean '", *near, "'?)");
    r.Report(item, what, ids.empty() ? "a group defined under 'groups'" : OneOf(ids));
    ok = false;
  }
  return ok;
}

void ReadCite(RecordReader& r, std::string* cite, std::string* unconfirmed) {
  r.Text("cite", cite);
  r.Text("unconfirmed", unconfirmed, false);
}

bool ReadReviewPolicy(RecordReader& r, const char* key, std::optional<ReviewPolicy>* out) {
  YAML::Node node = r.Child(key);
  if (!node || node.IsNull()) return true;
  std::string text;
  if (!r.ScalarText(node, key, &text)) return false;
  if (auto p = ParseReviewPolicy(text)) {
    *out = p;
    return true;
  }
  std::string what = absl::StrCat(key, " '", text, "' is not known");
  if (auto near = ClosestMatch(text, ReviewPolicyNames()))
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  r.Report(node, what, OneOf(ReviewPolicyNames()));
  return false;
}

}  // namespace stargate::rules::internal

#include "stargate/core/record_reader.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/ids.h"
#include "stargate/core/text.h"

namespace stargate {
namespace {

std::string Shown(const YAML::Node& node) {
  if (node.IsScalar()) {
    std::string text = node.Scalar();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return absl::StrCat("'", text, "'");
  }
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "nothing";
}

std::string FormatNumber(double v) { return absl::StrFormat("%g", v); }

}  // namespace

TextLocation LocationOf(const std::string& file, const YAML::Node& node) {
  return LocationOf(file, node.Mark());
}

TextLocation LocationOf(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

std::string NumberRange::Describe() const {
  if (max >= kNoLimit) {
    return absl::StrCat("a number ", min_exclusive ? "> " : ">= ", FormatNumber(min));
  }
  if (min_exclusive)
    return absl::StrCat("a number > ", FormatNumber(min), " and <= ", FormatNumber(max));
  return absl::StrCat("a number in ", FormatNumber(min), "..", FormatNumber(max));
}

bool NumberRange::Contains(double value) const {
  if (min_exclusive ? value <= min : value < min) return false;
  return value <= max;
}

RecordReader::RecordReader(const YAML::Node& node, const std::string& file, std::string kind,
                           DiagnosticList* diagnostics)
    : node_(node), file_(file), kind_(std::move(kind)), diagnostics_(diagnostics) {
  is_map_ = node_.IsMap();
  if (!is_map_) {
    Report(node_, absl::StrCat(kind_, " is ", Shown(node_)), "a map of fields");
  }
}

void RecordReader::Report(const YAML::Node& at, std::string what, std::string expected) {
  diagnostics_->Add(LocationOf(file_, at), std::move(what), std::move(expected));
}

TextLocation RecordReader::LocationOfKey(const char* key) const {
  if (is_map_) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) return LocationOf(file_, it->first);
    }
  }
  return location();
}

YAML::Node RecordReader::Lookup(const char* key, bool required, const std::string& expected) {
  if (std::find(known_keys_.begin(), known_keys_.end(), key) == known_keys_.end()) {
    known_keys_.emplace_back(key);
  }
  if (!is_map_) return YAML::Node(YAML::NodeType::Undefined);
  const YAML::Node& self = node_;
  YAML::Node value = self[key];
  if (!value || value.IsNull()) {
    if (required) missing_.emplace_back(key, expected);
    return YAML::Node(YAML::NodeType::Undefined);
  }
  return value;
}

bool RecordReader::ScalarText(const YAML::Node& node, const std::string& what, std::string* out) {
  if (!node.IsScalar()) {
    Report(node, absl::StrCat(what, " is ", Shown(node)), "text");
    return false;
  }
  *out = node.Scalar();
  return true;
}

bool RecordReader::ScalarNumber(const YAML::Node& node, const std::string& what,
                                const NumberRange& range, double* out) {
  double value = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, value) || !std::isfinite(value)) {
    Report(node, absl::StrCat(what, " is ", Shown(node)), range.Describe());
    return false;
  }
  if (!range.Contains(value)) {
    Report(node, absl::StrCat(what, " ", FormatNumber(value), " is out of range"),
           range.Describe());
    return false;
  }
  *out = value;
  return true;
}

bool RecordReader::ScalarQuarter(const YAML::Node& node, const std::string& what, Quarter* out) {
  if (node.IsScalar()) {
    if (auto q = Quarter::Parse(node.Scalar()); q.ok()) {
      *out = *q;
      return true;
    }
  }
  Report(node, absl::StrCat(what, " is ", Shown(node)), "a quarter such as 2026Q3");
  return false;
}

bool RecordReader::ScalarCountryCode(const YAML::Node& node, const std::string& what,
                                     std::string* out) {
  if (node.IsScalar() && IsCountryCodeShape(node.Scalar())) {
    *out = node.Scalar();
    return true;
  }
  Report(node, absl::StrCat(what, " is ", Shown(node)),
         "an ISO 3166 alpha-2 country code such as DE");
  return false;
}

bool RecordReader::Text(const char* key, std::string* out, bool required) {
  YAML::Node value = Lookup(key, required, "text");
  return value && ScalarText(value, key, out);
}

bool RecordReader::Id(const char* key, std::string* out, bool required) {
  constexpr const char* kExpected = "an id of letters, digits, '-', '_' or '.' (at most 64)";
  YAML::Node value = Lookup(key, required, kExpected);
  if (!value) return false;
  if (!value.IsScalar() || !IsValidId(value.Scalar())) {
    Report(value, absl::StrCat(key, " is ", Shown(value)), kExpected);
    return false;
  }
  *out = value.Scalar();
  return true;
}

bool RecordReader::CountryCode(const char* key, std::string* out, bool required) {
  YAML::Node value = Lookup(key, required, "an ISO 3166 alpha-2 country code such as DE");
  return value && ScalarCountryCode(value, key, out);
}

bool RecordReader::Number(const char* key, double* out, const NumberRange& range, bool required) {
  YAML::Node value = Lookup(key, required, range.Describe());
  return value && ScalarNumber(value, key, range, out);
}

bool RecordReader::Integer(const char* key, long long* out, long long min, long long max,
                           bool required) {
  const std::string expected = absl::StrCat("an integer in ", min, "..", max);
  YAML::Node value = Lookup(key, required, expected);
  if (!value) return false;
  long long parsed = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, parsed)) {
    Report(value, absl::StrCat(key, " is ", Shown(value)), expected);
    return false;
  }
  if (parsed < min || parsed > max) {
    Report(value, absl::StrCat(key, " ", parsed, " is out of range"), expected);
    return false;
  }
  *out = parsed;
  return true;
}

bool RecordReader::Bool(const char* key, bool* out, bool required) {
  YAML::Node value = Lookup(key, required, "true or false");
  if (!value) return false;
  bool parsed = false;
  if (!value.IsScalar() || !YAML::convert<bool>::decode(value, parsed)) {
    Report(value, absl::StrCat(key, " is ", Shown(value)), "true or false");
    return false;
  }
  *out = parsed;
  return true;
}

bool RecordReader::QuarterValue(const char* key, Quarter* out, bool required) {
  YAML::Node value = Lookup(key, required, "a quarter such as 2026Q3");
  return value && ScalarQuarter(value, key, out);
}

YAML::Node RecordReader::Child(const char* key) { return Lookup(key, false, ""); }

bool RecordReader::Sequence(const char* key, YAML::Node* out, bool required) {
  YAML::Node value = Lookup(key, required, "a list");
  if (!value) return false;
  if (!value.IsSequence()) {
    Report(value, absl::StrCat(key, " is ", Shown(value)), "a list");
    return false;
  }
  *out = value;
  return true;
}

void RecordReader::EnumProblem(const YAML::Node& value, const char* key,
                               const std::vector<std::string>& names) {
  std::string what = absl::StrCat(key, " ", Shown(value), " is not known");
  if (auto near = ClosestMatch(value.Scalar(), names)) {
    absl::StrAppend(&what, " (did you mean '", *near, "'?)");
  }
  Report(value, what, OneOf(names));
}

void RecordReader::ReadProvenance(Provenance* out) {
  YAML::Node source = Child("source");
  if (source) {
    if (source.IsScalar()) {
      out->sources.push_back(source.Scalar());
    } else if (source.IsSequence()) {
      for (const auto& item : source) {
        std::string text;
        if (ScalarText(item, "source entry", &text)) out->sources.push_back(text);
      }
    } else {
      Report(source, absl::StrCat("source is ", Shown(source)),
             "a URL or research key, or a list of them");
    }
  }
  Text("assumption", &out->assumption, false);
  YAML::Node assumptions = Child("assumptions");
  if (assumptions) {
    if (!assumptions.IsMap()) {
      Report(assumptions, absl::StrCat("assumptions is ", Shown(assumptions)),
             "a map from field name to reason");
    } else {
      for (auto it = assumptions.begin(); it != assumptions.end(); ++it) {
        std::string field, reason;
        if (ScalarText(it->first, "assumptions key", &field) &&
            ScalarText(it->second, absl::StrCat("assumption for ", field), &reason)) {
          out->assumptions[field] = reason;
        }
      }
    }
  }
  if (is_map_ && out->sources.empty() && out->assumption.empty()) {
    Report(node_, absl::StrCat(kind_, " has neither source nor assumption"),
           "'source: URL or research key' or 'assumption: reason'");
  }
}

void RecordReader::Finish() {
  if (!is_map_) return;
  std::vector<std::string> near_misses;
  std::map<std::string, int> seen;
  YAML::Node assumptions;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    // A copy: it->first lives in a proxy that dies with the full expression.
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar()) {
      Report(key_node, absl::StrCat("a key of ", kind_, " is ", Shown(key_node)), "a field name");
      continue;
    }
    const std::string& key = key_node.Scalar();
    if (++seen[key] == 2) {
      Report(key_node, absl::StrCat("key '", key, "' is given twice in ", kind_), "each key once");
    }
    if (key == "assumptions") assumptions = it->second;
    if (std::find(known_keys_.begin(), known_keys_.end(), key) != known_keys_.end()) continue;
    std::string what = absl::StrCat("unknown key '", key, "' in ", kind_);
    if (auto near = ClosestMatch(key, known_keys_)) {
      absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      near_misses.push_back(*near);
    }
    Report(key_node, what, OneOf(known_keys_));
  }
  for (const auto& [key, expected] : missing_) {
    if (std::find(near_misses.begin(), near_misses.end(), key) != near_misses.end()) continue;
    Report(node_, absl::StrCat(kind_, " has no '", key, "'"), expected);
  }
  // Each per-field assumption must name a field of this record.
  if (assumptions && assumptions.IsMap()) {
    for (auto it = assumptions.begin(); it != assumptions.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      const std::string field = it->first.Scalar();
      if (std::find(known_keys_.begin(), known_keys_.end(), field) != known_keys_.end()) continue;
      std::string what =
          absl::StrCat("assumptions names '", field, "', which is not a field of ", kind_);
      if (auto near = ClosestMatch(field, known_keys_)) {
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      }
      Report(it->first, what, OneOf(known_keys_));
    }
  }
}

}  // namespace stargate

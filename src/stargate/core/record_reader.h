// Reads one YAML mapping (a record, or a nested block of one) field by field,
// checking types and ranges, and reporting every problem with its file, line
// and column. Keys that no getter asked for are reported by Finish(), with a
// "did you mean" suggestion. Nothing here throws: yaml-cpp's conversions are
// called through their non-throwing decode functions.
#ifndef STARGATE_CORE_RECORD_READER_H_
#define STARGATE_CORE_RECORD_READER_H_

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "stargate/core/diagnostic.h"
#include "stargate/core/enum_spelling.h"
#include "stargate/core/provenance.h"
#include "stargate/core/quarter.h"
#include "stargate/core/text.h"

namespace stargate {

TextLocation LocationOf(const std::string& file, const YAML::Node& node);
// Where yaml-cpp says a problem is (an exception's mark); 0:0 when it does not know.
TextLocation LocationOf(const std::string& file, const YAML::Mark& mark);

// An inclusive numeric range with its wording for "expected" messages.
struct NumberRange {
  double min;
  double max;
  bool min_exclusive = false;
  std::string Describe() const;
  bool Contains(double value) const;
};
inline constexpr double kNoLimit = 1e300;
inline const NumberRange kPositive{0, kNoLimit, true};
inline const NumberRange kNonNegative{0, kNoLimit};
inline const NumberRange kFraction{0, 1};

class RecordReader {
 public:
  // `kind` names the record in messages ("site", "compliance of country 'DE'").
  RecordReader(const YAML::Node& node, const std::string& file, std::string kind,
               DiagnosticList* diagnostics);

  bool is_map() const { return is_map_; }
  // Renames the record once its id is known ("site" -> "site 'abilene'").
  void set_kind(std::string kind) { kind_ = std::move(kind); }
  TextLocation location() const { return LocationOf(file_, node_); }
  TextLocation LocationOfKey(const char* key) const;
  const std::string& file() const { return file_; }
  DiagnosticList* diagnostics() const { return diagnostics_; }

  // Each getter returns true when the value was present and valid. A missing
  // required key or an invalid value is reported; `*out` is left unchanged.
  bool Text(const char* key, std::string* out, bool required = true);
  bool Id(const char* key, std::string* out, bool required = true);
  bool CountryCode(const char* key, std::string* out, bool required = true);
  bool Number(const char* key, double* out, const NumberRange& range, bool required = true);
  bool Integer(const char* key, long long* out, long long min, long long max, bool required = true);
  bool Bool(const char* key, bool* out, bool required = false);
  bool QuarterValue(const char* key, Quarter* out, bool required = true);
  template <typename E>
  bool Enum(const char* key, E* out, bool required = true);

  // The raw child node (marks the key as known); an undefined node when absent.
  YAML::Node Child(const char* key);
  // A child that must be a sequence when present; reports otherwise.
  bool Sequence(const char* key, YAML::Node* out, bool required = true);

  // source / assumption / assumptions; at least one of source and assumption.
  void ReadProvenance(Provenance* out);

  // Reports keys nobody asked for and keys given twice. Call last.
  void Finish();

  // Scalar helpers usable on any node (sequence items, map values).
  bool ScalarText(const YAML::Node& node, const std::string& what, std::string* out);
  bool ScalarNumber(const YAML::Node& node, const std::string& what, const NumberRange& range,
                    double* out);
  bool ScalarQuarter(const YAML::Node& node, const std::string& what, Quarter* out);
  bool ScalarCountryCode(const YAML::Node& node, const std::string& what, std::string* out);

  void Report(const YAML::Node& at, std::string what, std::string expected);

 private:
  YAML::Node Lookup(const char* key, bool required, const std::string& expected);
  void EnumProblem(const YAML::Node& value, const char* key, const std::vector<std::string>& names);

  YAML::Node node_;
  std::string file_;
  std::string kind_;
  DiagnosticList* diagnostics_;
  bool is_map_ = false;
  std::vector<std::string> known_keys_;
  // Required keys found missing; reported by Finish() unless an unknown key is
  // a near-miss of one (then the misspelling alone is the problem).
  std::vector<std::pair<std::string, std::string>> missing_;  // key, expected
};

template <typename E>
bool RecordReader::Enum(const char* key, E* out, bool required) {
  std::string text;
  const auto names = EnumNames<E>();
  YAML::Node value = Lookup(key, required, OneOf(names));
  if (!value) return false;
  if (!ScalarText(value, key, &text)) return false;
  if (auto parsed = ParseEnum<E>(text)) {
    *out = *parsed;
    return true;
  }
  EnumProblem(value, key, names);
  return false;
}

}  // namespace stargate

#endif  // STARGATE_CORE_RECORD_READER_H_

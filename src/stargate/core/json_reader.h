// The one JSON reader for every input (check's files and API bodies, ledger
// entries, plan.json): strict RFC 8259 into a tree where every value and
// every member name knows its byte offset and line:column, so that problems
// found later (a wrong field in the fourth shipment) are reported where they
// are.
//
// Hostile input is refused as located problems, never a crash or a silent
// guess: nesting past a limit (the reader keeps its own stack, so depth costs
// no call stack), duplicate member names (the last would otherwise win),
// numbers beyond the range of a double (1e400), invalid UTF-8 and lone UTF-16
// surrogates. Time is linear in the text, and messages quote at most a short
// excerpt of it.
//
// Choices: a UTF-8 byte order mark at the very start is skipped (RFC 8259
// 8.1 allows it) and takes no column; anywhere else it is an unexpected
// character. A number that underflows (1e-400) reads as zero of its sign. An
// integer literal (no fraction or exponent) within int64 also keeps its exact
// value (integer()); "-0" is the integer 0 and the double -0.0.
#ifndef STARGATE_CORE_JSON_READER_H_
#define STARGATE_CORE_JSON_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/core/diagnostic.h"

namespace stargate {

enum class JsonType : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "a boolean", "a number", "a string", "an array", "an object".
std::string_view JsonTypeName(JsonType type);

struct JsonReadOptions {
  // Arrays and objects nested deeper than this are refused. Every input the
  // project reads is a few levels deep; 64 leaves room and bounds the cost.
  int max_depth = 64;
  // The reader stops after this many problems (a syntax error stops it at once).
  size_t max_problems = 100;
};

class JsonDocument;

// One value of a document: a small handle that is valid while its document lives.
class JsonValue {
 public:
  JsonType type() const;
  bool is_null() const { return type() == JsonType::kNull; }
  bool is_bool() const { return type() == JsonType::kBool; }
  bool is_number() const { return type() == JsonType::kNumber; }
  bool is_string() const { return type() == JsonType::kString; }
  bool is_array() const { return type() == JsonType::kArray; }
  bool is_object() const { return type() == JsonType::kObject; }

  // Where the value's text starts and ends (byte offsets, end exclusive).
  size_t offset() const;
  size_t end_offset() const;
  // 1-based line and column (in characters) of the value's first character.
  int line() const;
  int column() const;
  // file:line:col, with the document's name.
  TextLocation location() const;
  // The value as written in the text, and at most ~40 characters of it for messages.
  std::string_view source() const;
  std::string Excerpt() const;

  bool boolean() const;   // false unless a boolean
  double number() const;  // 0 unless a number
  // The exact value of an integer literal within int64; nullopt otherwise
  // (a fraction, an exponent, a bigger integer, or not a number).
  std::optional<int64_t> integer() const;
  std::string_view string() const;  // decoded; empty unless a string

  // Items of an array or members of an object; 0 for anything else.
  size_t size() const;
  JsonValue item(size_t i) const;  // array item i (i < size())
  // Member i of an object (i < size()): its name (a string value placed where
  // the name is written) and its value, in the order of the text.
  JsonValue key(size_t i) const;
  JsonValue value(size_t i) const;
  // The member named `name`, if this is an object that has it.
  std::optional<JsonValue> Find(std::string_view name) const;
  // That member's name, for problems placed at the name rather than the value.
  std::optional<JsonValue> FindKey(std::string_view name) const;

 private:
  friend class JsonDocument;
  JsonValue(const JsonDocument* document, uint32_t index) : document_(document), index_(index) {}
  const JsonDocument* document_;
  uint32_t index_;
};

// A read document: owns its text and the values' storage.
class JsonDocument {
 public:
  JsonValue root() const { return JsonValue(this, root_); }
  const std::string& name() const { return name_; }
  const std::string& text() const { return text_; }

  // The value at a JSON Pointer (RFC 6901: "/shipments/3/tpp", "" is the
  // root), or, when it does not exist, the nearest enclosing value that does
  // (so a missing member is reported at its object). `exact` says which.
  JsonValue AtPointer(std::string_view pointer, bool* exact = nullptr) const;
  // The member name a pointer ends in ("/0/kind" -> the "kind" name), when
  // the pointer names an existing object member.
  std::optional<JsonValue> KeyAtPointer(std::string_view pointer) const;

 private:
  friend class JsonValue;
  friend class JsonParser;
  // Values in one flat array: a container's children are contiguous (an
  // object's as name, value, name, value ...), so reading is linear and a
  // document of millions of values stays a few allocations.
  struct Node {
    JsonType type = JsonType::kNull;
    bool boolean = false;
    bool has_integer = false;
    int32_t line = 1;
    int32_t column = 1;
    size_t offset = 0;
    size_t end = 0;
    // number: bits of the double in `a`, the integer in `b`; string: start
    // and size in strings_; array/object: first child and member count.
    uint64_t a = 0;
    uint64_t b = 0;
  };
  const Node& node(uint32_t index) const { return nodes_[index]; }

  std::string name_;
  std::string text_;
  std::vector<Node> nodes_;
  std::string strings_;  // decoded strings, back to back
  uint32_t root_ = 0;
};

// Reads `text` (named `name` in problems). nullopt, with every problem in
// `problems`, when the text is not valid JSON or breaks a limit above.
std::optional<JsonDocument> ReadJson(std::string text, const std::string& name,
                                     DiagnosticList* problems, const JsonReadOptions& options = {});

}  // namespace stargate

#endif  // STARGATE_CORE_JSON_READER_H_

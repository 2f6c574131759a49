// Reading a JsonDocument's values, and finding them by JSON Pointer.
#include <cstring>

#include "stargate/core/json_reader.h"
#include "stargate/core/text.h"

namespace stargate {

std::string_view JsonTypeName(JsonType type) {
  switch (type) {
    case JsonType::kNull:
      return "null";
    case JsonType::kBool:
      return "a boolean";
    case JsonType::kNumber:
      return "a number";
    case JsonType::kString:
      return "a string";
    case JsonType::kArray:
      return "an array";
    case JsonType::kObject:
      return "an object";
  }
  return "a JSON value";
}

JsonType JsonValue::type() const { return document_->node(index_).type; }
size_t JsonValue::offset() const { return document_->node(index_).offset; }
size_t JsonValue::end_offset() const { return document_->node(index_).end; }
int JsonValue::line() const { return document_->node(index_).line; }
int JsonValue::column() const { return document_->node(index_).column; }

TextLocation JsonValue::location() const { return {document_->name(), line(), column()}; }

std::string_view JsonValue::source() const {
  return std::string_view(document_->text()).substr(offset(), end_offset() - offset());
}

std::string JsonValue::Excerpt() const { return stargate::Excerpt(source()); }

bool JsonValue::boolean() const {
  const auto& n = document_->node(index_);
  return n.type == JsonType::kBool && n.boolean;
}

double JsonValue::number() const {
  const auto& n = document_->node(index_);
  if (n.type != JsonType::kNumber) return 0;
  double v;
  std::memcpy(&v, &n.a, sizeof v);
  return v;
}

std::optional<int64_t> JsonValue::integer() const {
  const auto& n = document_->node(index_);
  if (n.type != JsonType::kNumber || !n.has_integer) return std::nullopt;
  return static_cast<int64_t>(n.b);
}

std::string_view JsonValue::string() const {
  const auto& n = document_->node(index_);
  if (n.type != JsonType::kString) return {};
  return std::string_view(document_->strings_).substr(n.a, n.b);
}

size_t JsonValue::size() const {
  const auto& n = document_->node(index_);
  return n.type == JsonType::kArray || n.type == JsonType::kObject ? n.b : 0;
}

JsonValue JsonValue::item(size_t i) const {
  return JsonValue(document_, static_cast<uint32_t>(document_->node(index_).a + i));
}

JsonValue JsonValue::key(size_t i) const {
  return JsonValue(document_, static_cast<uint32_t>(document_->node(index_).a + 2 * i));
}

JsonValue JsonValue::value(size_t i) const {
  return JsonValue(document_, static_cast<uint32_t>(document_->node(index_).a + 2 * i + 1));
}

std::optional<JsonValue> JsonValue::Find(std::string_view name) const {
  if (!is_object()) return std::nullopt;
  // Names are unique (the reader refuses duplicates), so the first match is the one.
  for (size_t i = 0; i < size(); ++i) {
    if (key(i).string() == name) return value(i);
  }
  return std::nullopt;
}

std::optional<JsonValue> JsonValue::FindKey(std::string_view name) const {
  if (!is_object()) return std::nullopt;
  for (size_t i = 0; i < size(); ++i) {
    if (key(i).string() == name) return key(i);
  }
  return std::nullopt;
}

namespace {

// The next reference token of a pointer, unescaped (~1 is '/', ~0 is '~').
std::string NextToken(std::string_view* rest) {
  rest->remove_prefix(1);  // the '/'
  const size_t slash = rest->find('/');
  const std::string_view raw = rest->substr(0, slash);
  *rest = slash == std::string_view::npos ? std::string_view() : rest->substr(slash);
  std::string token;
  for (size_t k = 0; k < raw.size(); ++k) {
    if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
      token.push_back(raw[++k] == '0' ? '~' : '/');
    } else {
      token.push_back(raw[k]);
    }
  }
  return token;
}

// The array index a token names, or nullopt ("01", "-", "x" name none).
std::optional<size_t> Index(const std::string& token) {
  if (token.empty() || token.size() > 18 || (token.size() > 1 && token[0] == '0'))
    return std::nullopt;
  size_t v = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<size_t>(c - '0');
  }
  return v;
}

}  // namespace

JsonValue JsonDocument::AtPointer(std::string_view pointer, bool* exact) const {
  JsonValue at = root();
  bool found = pointer.empty() || pointer[0] == '/';
  while (found && !pointer.empty()) {
    const std::string token = NextToken(&pointer);
    std::optional<JsonValue> next;
    if (at.is_object()) {
      next = at.Find(token);
    } else if (at.is_array()) {
      if (auto i = Index(token); i && *i < at.size()) next = at.item(*i);
    }
    if (!next) {
      found = false;
      break;
    }
    at = *next;
  }
  if (exact) *exact = found;
  return at;
}

std::optional<JsonValue> JsonDocument::KeyAtPointer(std::string_view pointer) const {
  const size_t slash = pointer.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  bool exact = false;
  const JsonValue parent = AtPointer(pointer.substr(0, slash), &exact);
  if (!exact || !parent.is_object()) return std::nullopt;
  std::string_view last = pointer.substr(slash);
  return parent.FindKey(NextToken(&last));
}

}  // namespace stargate

// The parser behind ReadJson: one pass over the bytes with an explicit stack
// of open arrays and objects (so a 100,000-deep input is refused at the
// limit, not by overflowing the call stack). Finished values wait in
// `pending_` until their container closes; then they move, contiguous, into
// the document. Each value is copied twice at most: linear time.
#include "stargate/core/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "stargate/core/line_column.h"
#include "stargate/core/text.h"
#include "stargate/core/utf8.h"

namespace stargate {

namespace {

constexpr std::string_view kAValue =
    "a JSON value (object, array, string, number, true, false or null)";
constexpr std::string_view kSurrogatePair =
    "a high surrogate followed by a low one, e.g. \\ud83d\\ude80";

uint64_t DoubleBits(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

// Whether a number literal that from_chars found out of range is too big
// (rather than too small, which reads as zero): the decimal exponent of its
// first significant digit decides.
bool Overflows(std::string_view literal) {
  const size_t begin = literal[0] == '-' ? 1 : 0;
  const size_t e = std::min(literal.find_first_of("eE"), literal.size());
  const size_t dot = std::min(literal.find('.'), e);
  long long lead = 0;  // the decimal exponent of the first digit that is not 0
  bool found = false;
  for (size_t k = begin; k < e && !found; ++k) {
    if (k == dot || literal[k] == '0') continue;
    found = true;
    lead = k < dot ? static_cast<long long>(dot - k) - 1 : -static_cast<long long>(k - dot);
  }
  if (!found) return false;
  long long exponent = 0;
  bool negative = false;
  size_t k = e + 1;
  if (k < literal.size() && (literal[k] == '+' || literal[k] == '-'))
    negative = literal[k++] == '-';
  for (; k < literal.size(); ++k)
    exponent = std::min(exponent * 10 + (literal[k] - '0'), 1'000'000'000LL);
  return lead + (negative ? -exponent : exponent) > 0;
}

}  // namespace

class JsonParser {
 public:
  using Node = JsonDocument::Node;

  JsonParser(JsonDocument* document, const JsonReadOptions& options, DiagnosticList* problems)
      : doc_(document),
        text_(document->text_),
        where_(text_),
        options_(options),
        problems_(problems) {}

  static std::optional<JsonDocument> Read(std::string text, const std::string& name,
                                          DiagnosticList* problems,
                                          const JsonReadOptions& options) {
    JsonDocument document;
    document.name_ = name;
    document.text_ = std::move(text);
    if (!JsonParser(&document, options, problems).Run()) return std::nullopt;
    return document;
  }

 private:
  bool Run() {
    if (text_.size() > std::numeric_limits<uint32_t>::max()) {
      Problem(0, absl::StrCat("the text is ", text_.size(), " bytes"), "at most 4 GiB of JSON");
      return false;
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    SkipSpace();
    if (AtEnd()) return Fail("the text is empty", "a JSON value");
    while (true) {
      // Here a value starts.
      bool opened = false;
      if (!Value(&opened)) return false;
      if (opened) continue;  // the first value inside a new container comes next
      // A value is complete: close containers, or move to the next item.
      while (true) {
        SkipSpace();
        if (stack_.empty()) {
          if (!AtEnd()) return Fail("unexpected text after the JSON value", "the end of the input");
          return Finish();
        }
        const bool object = stack_.back().node.type == JsonType::kObject;
        if (Peek(',')) {
          ++i_;
          SkipSpace();
          if (object && !Key()) return false;
          break;
        }
        if (Peek(object ? '}' : ']')) {
          ++i_;
          Close();
          continue;
        }
        return Fail(Unexpected(), object ? "',' or '}'" : "',' or ']'");
      }
      if (Stopped()) return false;
    }
  }

  struct Frame {
    Node node;
    size_t first_pending;
  };

  bool AtEnd() const { return i_ >= text_.size(); }
  bool Peek(char c) const { return i_ < text_.size() && text_[i_] == c; }
  bool Digit() const { return i_ < text_.size() && text_[i_] >= '0' && text_[i_] <= '9'; }

  void SkipSpace() {
    while (i_ < text_.size()) {
      const char c = text_[i_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++i_;
    }
  }

  Node Start(JsonType type) {
    Node node;
    node.type = type;
    node.offset = i_;
    const LineColumn at = where_.At(i_);
    node.line = at.line;
    node.column = at.column;
    return node;
  }

  void Problem(size_t offset, std::string what, std::string_view expected) {
    const LineColumn at = where_.At(offset);
    problems_->Add({doc_->name_, at.line, at.column}, std::move(what), std::string(expected));
  }
  bool Fail(std::string what, std::string_view expected) {
    return Fail(i_, std::move(what), expected);
  }
  bool Fail(size_t offset, std::string what, std::string_view expected) {
    Problem(offset, std::move(what), expected);
    return false;
  }
  bool Stopped() const { return problems_->size() - problems_at_start_ >= options_.max_problems; }

  std::string Unexpected() const {
    if (AtEnd()) return "the text ends too early";
    const unsigned char c = static_cast<unsigned char>(text_[i_]);
    if (c >= 0x20 && c < 0x7F)
      return absl::StrCat("unexpected character '", std::string(1, c), "'");
    return absl::StrCat("unexpected byte 0x", absl::Hex(c, absl::kZeroPad2));
  }

  // A value at i_: scalars go to pending_; '[' or '{' opens a container and,
  // unless it is empty, sets `opened` (its first value comes next).
  bool Value(bool* opened) {
    if (AtEnd()) return Fail(Unexpected(), "a JSON value");
    switch (text_[i_]) {
      case '{':
      case '[':
        return Open(opened);
      case '"': {
        Node node = Start(JsonType::kString);
        if (!String(&node)) return false;
        pending_.push_back(node);
        return true;
      }
      case 't':
        return Literal("true", JsonType::kBool, true);
      case 'f':
        return Literal("false", JsonType::kBool, false);
      case 'n':
        return Literal("null", JsonType::kNull, false);
      default:
        if (Peek('-') || Digit()) return Number();
        return Fail(Unexpected(), kAValue);
    }
  }

  bool Open(bool* opened) {
    const bool object = text_[i_] == '{';
    if (stack_.size() >= static_cast<size_t>(options_.max_depth)) {
      return Fail(absl::StrCat("values are nested more than ", options_.max_depth, " levels deep"),
                  "shallower JSON");
    }
    stack_.push_back({Start(object ? JsonType::kObject : JsonType::kArray), pending_.size()});
    ++i_;
    SkipSpace();
    if (Peek(object ? '}' : ']')) {
      ++i_;
      Close();
      return true;
    }
    if (object && !Key()) return false;
    *opened = true;
    return true;
  }

  // A member name, its ':' and the space before the value.
  bool Key() {
    if (!Peek('"')) return Fail(Unexpected(), "a member name in double quotes");
    Node key = Start(JsonType::kString);
    if (!String(&key)) return false;
    pending_.push_back(key);
    SkipSpace();
    if (!Peek(':')) return Fail(Unexpected(), "':' after the member name");
    ++i_;
    SkipSpace();
    return true;
  }

  // Moves the open container's children into the document and makes it a
  // finished value.
  void Close() {
    Frame frame = stack_.back();
    stack_.pop_back();
    Node node = frame.node;
    node.end = i_;
    const size_t children = pending_.size() - frame.first_pending;
    node.a = doc_->nodes_.size();
    node.b = node.type == JsonType::kObject ? children / 2 : children;
    doc_->nodes_.insert(doc_->nodes_.end(), pending_.begin() + frame.first_pending, pending_.end());
    pending_.resize(frame.first_pending);
    if (node.type == JsonType::kObject && node.b > 1) CheckDuplicateKeys(node);
    pending_.push_back(node);
  }

  void CheckDuplicateKeys(const Node& object) {
    const auto key = [&](uint64_t k) -> const Node& { return doc_->nodes_[object.a + 2 * k]; };
    const auto text = [&](const Node& n) {
      return std::string_view(doc_->strings_).substr(n.a, n.b);
    };
    std::vector<uint64_t> order(object.b);
    for (uint64_t k = 0; k < object.b; ++k) order[k] = k;
    // Stable: among equal names the first written stays first.
    std::stable_sort(order.begin(), order.end(),
                     [&](uint64_t x, uint64_t y) { return text(key(x)) < text(key(y)); });
    for (size_t k = 1; k < order.size() && !Stopped(); ++k) {
      const Node& here = key(order[k]);
      size_t first = k - 1;
      if (text(here) != text(key(order[first]))) continue;
      while (first > 0 && text(key(order[first - 1])) == text(here)) --first;
      const Node& original = key(order[first]);
      problems_->Add({doc_->name_, here.line, here.column},
                     absl::StrCat("duplicate key '", stargate::Excerpt(text(here)), "' (first at ",
                                  original.line, ":", original.column, ")"),
                     "each key at most once in an object");
    }
  }

  bool Finish() {
    if (problems_->size() != problems_at_start_) return false;
    doc_->nodes_.push_back(pending_.back());
    doc_->root_ = static_cast<uint32_t>(doc_->nodes_.size() - 1);
    return true;
  }

  bool Literal(std::string_view word, JsonType type, bool value) {
    if (text_.compare(i_, word.size(), word) != 0) return Fail(Unexpected(), kAValue);
    Node node = Start(type);
    node.boolean = value;
    i_ += word.size();
    node.end = i_;
    pending_.push_back(node);
    return true;
  }

  bool Number() {
    Node node = Start(JsonType::kNumber);
    const size_t start = i_;
    const auto digits = [&] {
      if (!Digit()) return false;
      while (Digit()) ++i_;
      return true;
    };
    if (Peek('-')) ++i_;
    if (Peek('0')) {
      ++i_;
    } else if (!digits()) {
      return Fail(start, "a malformed number", "digits after '-'");
    }
    bool integer = true;
    if (Peek('.')) {
      integer = false;
      ++i_;
      if (!digits()) return Fail(start, "a malformed number", "digits after the decimal point");
    }
    if (Peek('e') || Peek('E')) {
      integer = false;
      ++i_;
      if (Peek('+') || Peek('-')) ++i_;
      if (!digits()) return Fail(start, "a malformed number", "digits in the exponent");
    }
    node.end = i_;
    const std::string_view literal = text_.substr(start, i_ - start);
    const char* first = literal.data();
    const char* last = first + literal.size();
    double value = 0;
    if (integer) {
      int64_t exact = 0;
      if (std::from_chars(first, last, exact).ec == std::errc()) {
        node.has_integer = true;
        node.b = static_cast<uint64_t>(exact);
        value = exact == 0 && literal[0] == '-' ? -0.0 : static_cast<double>(exact);
        node.a = DoubleBits(value);
        pending_.push_back(node);
        return true;
      }
    }
    const auto [end, error] = std::from_chars(first, last, value);
    if (error == std::errc::result_out_of_range) {
      if (Overflows(literal)) {
        Problem(start, absl::StrCat("the number ", stargate::Excerpt(literal), " is out of range"),
                "a number a double holds (magnitude below 1.8e308)");
        if (Stopped()) return false;
      }
      value = literal[0] == '-' ? -0.0 : 0.0;
    } else if (error != std::errc() || end != last) {
      return Fail(start, "a malformed number", "a JSON number");
    }
    node.a = DoubleBits(value);
    pending_.push_back(node);
    return true;
  }

  int HexDigits4() {
    if (text_.size() - i_ < 4) return -1;
    int value = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text_[i_ + k];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return -1;
      value = value * 16 + digit;
    }
    i_ += 4;
    return value;
  }

  bool Escape(std::string* out) {
    const size_t at = i_;
    ++i_;  // the backslash
    if (AtEnd()) return Fail("the text ends inside a string", "a closing '\"'");
    const char c = text_[i_];
    static constexpr std::string_view kSimple = "\"\\/bfnrt";
    static constexpr std::string_view kMeaning = "\"\\/\b\f\n\r\t";
    if (const size_t k = kSimple.find(c); k != std::string_view::npos) {
      out->push_back(kMeaning[k]);
      ++i_;
      return true;
    }
    if (c != 'u') {
      return Fail(at,
                  absl::StrCat("invalid escape '\\", stargate::Excerpt(text_.substr(i_, 1)),
                               "' in a string"),
                  "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
    }
    ++i_;
    int code = HexDigits4();
    if (code < 0) return Fail(at, "a malformed \\u escape", "\\u and four hex digits");
    if (code >= 0xD800 && code <= 0xDBFF) {
      int low = -1;
      if (text_.compare(i_, 2, "\\u") == 0) {
        i_ += 2;
        low = HexDigits4();
      }
      if (low < 0xDC00 || low > 0xDFFF)
        return Fail(at, "a \\u escape of a lone UTF-16 surrogate", kSurrogatePair);
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return Fail(at, "a \\u escape of a lone UTF-16 surrogate", kSurrogatePair);
    }
    AppendUtf8(static_cast<char32_t>(code), out);
    return true;
  }

  // A string at i_ (the opening quote), decoded to the end of strings_.
  bool String(Node* node) {
    const size_t start = i_;
    std::string& out = doc_->strings_;
    node->a = out.size();
    ++i_;
    while (true) {
      // Plain bytes in runs: the common case costs one comparison a byte.
      size_t run = i_;
      while (run < text_.size()) {
        const unsigned char c = static_cast<unsigned char>(text_[run]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++run;
      }
      out.append(text_, i_, run - i_);
      i_ = run;
      if (AtEnd()) return Fail(start, "a string that is never closed", "a closing '\"'");
      const unsigned char c = static_cast<unsigned char>(text_[i_]);
      if (c == '"') {
        ++i_;
        break;
      }
      if (c < 0x20)
        return Fail("a control character inside a string", "\\n, \\t or \\u escapes instead");
      if (c == '\\') {
        if (!Escape(&out)) return false;
        continue;
      }
      const size_t n = Utf8SequenceLength(text_, i_);
      if (n == 0) return Fail("invalid UTF-8 inside a string", "UTF-8 text");
      out.append(text_, i_, n);
      i_ += n;
    }
    node->b = out.size() - node->a;
    node->end = i_;
    return true;
  }

  JsonDocument* doc_;
  std::string_view text_;
  LineColumnCounter where_;
  const JsonReadOptions& options_;
  DiagnosticList* problems_;
  size_t problems_at_start_ = problems_->size();
  size_t i_ = 0;
  std::vector<Frame> stack_;
  std::vector<Node> pending_;
};

std::optional<JsonDocument> ReadJson(std::string text, const std::string& name,
                                     DiagnosticList* problems, const JsonReadOptions& options) {
  return JsonParser::Read(std::move(text), name, problems, options);
}

}  // namespace stargate

#include "ledger_json_locator.h"

#include "absl/strings/str_cat.h"
#include "stargate/ledger/entry.h"

namespace stargate::cli {

// Recursive descent over the text, recording positions as it goes.
class JsonScanner {
 public:
  JsonScanner(std::string_view text, JsonLocator* out) : text_(text), out_(out) {}

  void Run() {
    SkipSpace();
    if (AtEnd()) {
      Fail("the text is empty", "a JSON value");
      return;
    }
    if (!Value("", 0)) return;
    SkipSpace();
    if (!AtEnd()) Fail("unexpected text after the JSON value", "the end of the input");
  }

 private:
  static constexpr int kMaxDepth = 256;

  bool AtEnd() const { return i_ >= text_.size(); }
  bool Peek(char c) const { return !AtEnd() && text_[i_] == c; }
  bool Digit() const { return !AtEnd() && text_[i_] >= '0' && text_[i_] <= '9'; }
  JsonPosition Here() const { return {line_, column_}; }

  void Advance() {
    const unsigned char c = static_cast<unsigned char>(text_[i_++]);
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column_;  // continuation bytes belong to the character already counted
    }
  }

  void SkipSpace() {
    while (!AtEnd() && (text_[i_] == ' ' || text_[i_] == '\t' || text_[i_] == '\n' ||
                        text_[i_] == '\r')) {
      Advance();
    }
  }

  std::string Unexpected() const {
    if (AtEnd()) return "the text ends too early";
    const unsigned char c = static_cast<unsigned char>(text_[i_]);
    if (c >= 0x20 && c < 0x7F) return absl::StrCat("unexpected character '", std::string(1, c), "'");
    return absl::StrCat("unexpected byte 0x", absl::Hex(c));
  }

  bool Fail(std::string what, std::string expected) {
    return Fail(Here(), std::move(what), std::move(expected));
  }
  bool Fail(JsonPosition at, std::string what, std::string expected) {
    out_->problems_.push_back({at, std::move(what), std::move(expected)});
    return false;
  }

  bool Value(const std::string& pointer, int depth) {
    out_->values_[pointer] = Here();
    if (depth > kMaxDepth) {
      return Fail(absl::StrCat("values are nested more than ", kMaxDepth, " levels deep"),
                  "shallower JSON");
    }
    if (AtEnd()) return Fail(Unexpected(), "a JSON value");
    switch (text_[i_]) {
      case '{':
        return Object(pointer, depth);
      case '[':
        return Array(pointer, depth);
      case '"': {
        std::string ignored;
        return String(&ignored);
      }
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (Peek('-') || Digit()) return Number();
        return Fail(Unexpected(),
                    "a JSON value (object, array, string, number, true, false or null)");
    }
  }

  bool Object(const std::string& pointer, int depth) {
    Advance();
    SkipSpace();
    if (Peek('}')) {
      Advance();
      return true;
    }
    std::unordered_map<std::string, JsonPosition> seen;
    while (true) {
      SkipSpace();
      if (!Peek('"')) return Fail(Unexpected(), "a member name in double quotes");
      const JsonPosition key_at = Here();
      std::string key;
      if (!String(&key)) return false;
      const std::string child = absl::StrCat(pointer, "/", ledger::PointerToken(key));
      if (auto [first, inserted] = seen.emplace(key, key_at); !inserted) {
        Fail(key_at,
             absl::StrCat("duplicate key '", key, "' (first at ", first->second.line, ":",
                          first->second.column, ")"),
             "each key at most once in an object");
      } else {
        out_->keys_[child] = key_at;
      }
      SkipSpace();
      if (!Peek(':')) return Fail(Unexpected(), "':' after the member name");
      Advance();
      SkipSpace();
      if (!Value(child, depth + 1)) return false;
      SkipSpace();
      if (Peek(',')) {
        Advance();
        continue;
      }
      if (Peek('}')) {
        Advance();
        return true;
      }
      return Fail(Unexpected(), "',' or '}'");
    }
  }

  bool Array(const std::string& pointer, int depth) {
    Advance();
    SkipSpace();
    if (Peek(']')) {
      Advance();
      return true;
    }
    for (size_t index = 0;; ++index) {
      SkipSpace();
      if (!Value(absl::StrCat(pointer, "/", index), depth + 1)) return false;
      SkipSpace();
      if (Peek(',')) {
        Advance();
        continue;
      }
      if (Peek(']')) {
        Advance();
        return true;
      }
      return Fail(Unexpected(), "',' or ']'");
    }
  }

  bool Literal(std::string_view word) {
    if (text_.substr(i_, word.size()) != word) {
      return Fail(Unexpected(), "a JSON value (object, array, string, number, true, false or null)");
    }
    for (size_t k = 0; k < word.size(); ++k) Advance();
    return true;
  }

  bool Number() {
    const JsonPosition start = Here();
    const auto digits = [&] {
      if (!Digit()) return false;
      while (Digit()) Advance();
      return true;
    };
    if (Peek('-')) Advance();
    if (Peek('0')) {
      Advance();
    } else if (!digits()) {
      return Fail(start, "a malformed number", "digits after '-'");
    }
    if (Peek('.')) {
      Advance();
      if (!digits()) return Fail(start, "a malformed number", "digits after the decimal point");
    }
    if (Peek('e') || Peek('E')) {
      Advance();
      if (Peek('+') || Peek('-')) Advance();
      if (!digits()) return Fail(start, "a malformed number", "digits in the exponent");
    }
    return true;
  }

  int HexDigits4() {
    int value = 0;
    for (int k = 0; k < 4; ++k) {
      if (AtEnd()) return -1;
      const char c = text_[i_];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return -1;
      value = value * 16 + digit;
      Advance();
    }
    return value;
  }

  static void AppendUtf8(unsigned code, std::string* out) {
    if (code < 0x80) {
      out->push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out->push_back(static_cast<char>(0xC0 | (code >> 6)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out->push_back(static_cast<char>(0xE0 | (code >> 12)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out->push_back(static_cast<char>(0xF0 | (code >> 18)));
      out->push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out->push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  // Length of a valid UTF-8 sequence at the cursor, or 0.
  size_t Utf8Length() const {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text_[i_ + k]); };
    const unsigned char c = byte(0);
    size_t n = 0;
    unsigned code = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      n = 2, code = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 3, code = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 4, code = c & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (i_ + n > text_.size()) return 0;
    for (size_t k = 1; k < n; ++k) {
      if ((byte(k) & 0xC0) != 0x80) return 0;
      code = (code << 6) | (byte(k) & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return n;
  }

  bool Escape(std::string* out) {
    const JsonPosition at = Here();
    Advance();  // the backslash
    if (AtEnd()) return Fail("the text ends inside a string", "a closing '\"'");
    const char c = text_[i_];
    static constexpr std::string_view kSimple = "\"\\/bfnrt";
    static constexpr std::string_view kMeaning = "\"\\/\b\f\n\r\t";
    if (const size_t k = kSimple.find(c); k != std::string_view::npos) {
      out->push_back(kMeaning[k]);
      Advance();
      return true;
    }
    if (c != 'u') {
      return Fail(at, absl::StrCat("invalid escape '\\", std::string(1, c), "' in a string"),
                  "one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
    }
    Advance();
    int code = HexDigits4();
    if (code < 0) return Fail(at, "a malformed \\u escape", "\\u and four hex digits");
    if (code >= 0xD800 && code <= 0xDBFF) {
      int low = -1;
      if (Peek('\\')) {
        Advance();
        if (Peek('u')) {
          Advance();
          low = HexDigits4();
        }
      }
      if (low < 0xDC00 || low > 0xDFFF) {
        return Fail(at, "a \\u escape of a lone UTF-16 surrogate",
                    "a high surrogate followed by a low one, e.g. \\ud83d\\ude80");
      }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    } else if (code >= 0xDC00 && code <= 0xDFFF) {
      return Fail(at, "a \\u escape of a lone UTF-16 surrogate",
                  "a high surrogate followed by a low one, e.g. \\ud83d\\ude80");
    }
    AppendUtf8(static_cast<unsigned>(code), out);
    return true;
  }

  bool String(std::string* out) {
    const JsonPosition start = Here();
    Advance();  // the opening quote
    while (true) {
      if (AtEnd()) return Fail(start, "a string that is never closed", "a closing '\"'");
      const unsigned char c = static_cast<unsigned char>(text_[i_]);
      if (c == '"') {
        Advance();
        return true;
      }
      if (c < 0x20) {
        return Fail("a control character inside a string", "\\n, \\t or \\u escapes instead");
      }
      if (c == '\\') {
        if (!Escape(out)) return false;
      } else if (c < 0x80) {
        out->push_back(static_cast<char>(c));
        Advance();
      } else {
        const size_t n = Utf8Length();
        if (n == 0) return Fail("invalid UTF-8 inside a string", "UTF-8 text");
        out->append(text_.substr(i_, n));
        for (size_t k = 0; k < n; ++k) Advance();
      }
    }
  }

  std::string_view text_;
  JsonLocator* out_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

JsonLocator JsonLocator::Scan(std::string_view text) {
  JsonLocator locator;
  JsonScanner(text, &locator).Run();
  return locator;
}

JsonPosition JsonLocator::Find(const std::string& pointer, bool at_key) const {
  if (at_key) {
    if (auto it = keys_.find(pointer); it != keys_.end()) return it->second;
  }
  std::string p = pointer;
  while (true) {
    if (auto it = values_.find(p); it != values_.end()) return it->second;
    if (p.empty()) return {};
    const size_t slash = p.rfind('/');
    p.erase(slash == std::string::npos ? 0 : slash);
  }
}

}  // namespace stargate::cli

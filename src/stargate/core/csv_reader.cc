#include "stargate/core/csv_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "stargate/core/line_column.h"
#include "stargate/core/utf8.h"

namespace stargate {
namespace {

constexpr char kEofMarker = '\x1A';

bool OnlyTrailerLeft(std::string_view rest) {
  for (char c : rest) {
    if (c != kEofMarker && c != '\r' && c != '\n' && c != ' ' && c != '\t') return false;
  }
  return true;
}

int Columns(char c) { return IsUtf8Continuation(static_cast<unsigned char>(c)) ? 0 : 1; }

// The character at text[i] for a message: the whole UTF-8 sequence, or the
// byte in hex, so that a message is always valid UTF-8 (it may go into JSON).
std::string CharacterAt(std::string_view text, size_t i) {
  const size_t length = Utf8SequenceLength(text, i);
  if (length == 0) return absl::StrFormat("\\x%02X", static_cast<unsigned char>(text[i]));
  return std::string(text.substr(i, length));
}

}  // namespace

CsvReader::CsvReader(std::string_view data, std::string file, CsvOptions options)
    : data_(data), file_(std::move(file)), options_(std::move(options)) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  if (size_t bad = 0; options_.require_utf8 && !IsValidUtf8(data_, &bad)) {
    const LineColumn at = LineColumnAt(data_, bad);
    Fail(at.line, at.column, "invalid UTF-8 in the CSV text", "UTF-8 text");
  }
}

bool CsvReader::Fail(int line, int column, std::string what, std::string expected) {
  problem_ = Diagnostic{{file_, line, column}, std::move(what), std::move(expected)};
  status_ = absl::InvalidArgumentError(problem_->ToString());
  return false;
}

void CsvReader::SkipBlankLines() {
  const size_t size = data_.size();
  while (pos_ < size) {
    const char c = data_[pos_];
    if (c == '\n' || c == '\r') {
      ++pos_;
      if (c == '\r' && pos_ < size && data_[pos_] == '\n') ++pos_;
      ++line_;
      column_ = 1;
    } else if (c == kEofMarker && options_.allow_eof_marker &&
               OnlyTrailerLeft(data_.substr(pos_))) {
      pos_ = size;
    } else {
      return;
    }
  }
}

bool CsvReader::ReadQuoted(CsvField* field) {
  const size_t size = data_.size();
  ++pos_;  // the opening quote
  ++column_;
  size_t chunk = pos_;
  while (true) {
    if (pos_ >= size) {
      return Fail(field->line, field->column, "quoted field is never closed",
                  "a closing '\"' before the end of the file");
    }
    const char c = data_[pos_];
    if (c == '"') {
      field->text.append(data_.data() + chunk, pos_ - chunk);
      if (pos_ + 1 < size && data_[pos_ + 1] == '"') {  // "" is one quote
        field->text.push_back('"');
        pos_ += 2;
        column_ += 2;
        chunk = pos_;
        continue;
      }
      ++pos_;
      ++column_;
      break;
    }
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else {
      column_ += Columns(c);
    }
    ++pos_;
  }
  if (pos_ < size) {
    const char after = data_[pos_];
    if (after != options_.separator && after != '\n' && after != '\r') {
      return Fail(
          line_, column_,
          absl::StrCat("unexpected character '", CharacterAt(data_, pos_),
                       "' after a closing quote"),
          absl::StrCat("'", std::string(1, options_.separator), "' or the end of the line"));
    }
  }
  return true;
}

bool CsvReader::ReadUnquoted(CsvField* field) {
  const size_t size = data_.size();
  const char separator = options_.separator;
  const size_t start = pos_;
  int columns = 0;
  while (pos_ < size) {
    const char c = data_[pos_];
    if (c == separator || c == '\n' || c == '\r') break;
    if (c == '"') {
      return Fail(line_, column_ + columns, "stray '\"' inside an unquoted field",
                  "the whole field in quotes, with '\"' written as '\"\"'");
    }
    columns += Columns(c);
    ++pos_;
  }
  field->text.assign(data_.data() + start, pos_ - start);
  column_ += columns;
  return true;
}

bool CsvReader::Next(std::vector<CsvField>* record) {
  record->clear();
  if (problem_) return false;
  SkipBlankLines();
  const size_t size = data_.size();
  if (pos_ >= size) return false;
  record_line_ = line_;
  while (true) {
    if (options_.max_fields != 0 && record->size() >= options_.max_fields) {
      return Fail(line_, column_,
                  absl::StrCat("line ", line_, " has more than ", options_.max_fields, " cells"),
                  absl::StrCat("at most ", options_.max_fields, " cells per line",
                               options_.max_fields_note));
    }
    CsvField& field = record->emplace_back();
    field.line = line_;
    field.column = column_;
    const bool read = pos_ < size && data_[pos_] == '"' ? ReadQuoted(&field) : ReadUnquoted(&field);
    if (!read) return false;
    if (pos_ >= size) return true;
    const char c = data_[pos_++];
    if (c == options_.separator) {
      ++column_;
      continue;
    }
    // The end of the line: LF, CRLF or a lone CR.
    if (c == '\r' && pos_ < size && data_[pos_] == '\n') ++pos_;
    ++line_;
    column_ = 1;
    return true;
  }
}

}  // namespace stargate

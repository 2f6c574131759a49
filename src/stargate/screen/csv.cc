#include "stargate/screen/csv.h"

#include "stargate/core/diagnostic.h"

namespace stargate::screen {
namespace {

constexpr char kCtrlZ = '\x1A';

bool OnlyTrailerLeft(std::string_view rest) {
  for (char c : rest) {
    if (c != kCtrlZ && c != '\r' && c != '\n' && c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

CsvReader::CsvReader(std::string_view data, std::string file, char separator)
    : data_(data), file_(std::move(file)), separator_(separator) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

char CsvReader::Peek(size_t ahead) const {
  return pos_ + ahead < data_.size() ? data_[pos_ + ahead] : '\0';
}

void CsvReader::Advance() {
  if (data_[pos_] == '\n') {
    ++line_;
    column_ = 1;
  } else {
    ++column_;
  }
  ++pos_;
}

bool CsvReader::Fail(int line, int column, const std::string& what, const std::string& expected) {
  status_ = InputError({file_, line, column}, what, expected);
  return false;
}

bool CsvReader::Next(std::vector<CsvField>* record) {
  record->clear();
  if (!status_.ok()) return false;
  // Blank lines between records carry nothing; the Ctrl-Z trailer ends the data.
  while (pos_ < data_.size()) {
    if (data_[pos_] == '\n') {
      Advance();
    } else if (data_[pos_] == '\r' && Peek(1) == '\n') {
      Advance();
      Advance();
    } else if (data_[pos_] == kCtrlZ && OnlyTrailerLeft(data_.substr(pos_))) {
      pos_ = data_.size();
    } else {
      break;
    }
  }
  if (pos_ >= data_.size()) return false;
  record_line_ = line_;
  while (true) {
    CsvField field;
    field.line = line_;
    field.column = column_;
    if (Peek() == '"') {
      Advance();
      while (true) {
        if (pos_ >= data_.size()) {
          return Fail(field.line, field.column, "quoted field is never closed",
                      "a closing '\"' before the end of the file");
        }
        const char c = data_[pos_];
        if (c == '"') {
          if (Peek(1) == '"') {
            field.text.push_back('"');
            Advance();
            Advance();
            continue;
          }
          Advance();
          break;
        }
        field.text.push_back(c);
        Advance();
      }
      const char after = Peek();
      if (pos_ < data_.size() && after != separator_ && after != '\n' && after != '\r') {
        return Fail(line_, column_,
                    std::string("unexpected character '") + after + "' after a closing quote",
                    std::string("'") + separator_ + "' or the end of the line");
      }
    } else {
      while (pos_ < data_.size()) {
        const char c = data_[pos_];
        if (c == separator_ || c == '\n' || c == '\r') break;
        if (c == '"') {
          return Fail(line_, column_, "stray '\"' inside an unquoted field",
                      "the whole field in quotes, with '\"' written as '\"\"'");
        }
        field.text.push_back(c);
        Advance();
      }
    }
    record->push_back(std::move(field));
    if (pos_ >= data_.size()) return true;
    const char c = data_[pos_];
    if (c == separator_) {
      Advance();
      continue;
    }
    // End of line: LF, CRLF or a lone CR.
    Advance();
    if (c == '\r') {
      if (pos_ < data_.size() && data_[pos_] == '\n') {
        Advance();
      } else {
        ++line_;
        column_ = 1;
      }
    }
    return true;
  }
}

}  // namespace stargate::screen

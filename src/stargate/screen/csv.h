// A strict, position-aware CSV reader for sanctions list files (OFAC legacy
// CSV, the trade.gov Consolidated Screening List) and the evaluation pairs.
// Strict because a list file that is silently half-read screens names as
// clear: every malformed record is an error with its file:line:column.
#ifndef STARGATE_SCREEN_CSV_H_
#define STARGATE_SCREEN_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace stargate::screen {

struct CsvField {
  std::string text;
  int line = 0;    // 1-based position of the field's first character
  int column = 0;  // 1-based, in bytes
};

class CsvReader {
 public:
  // `data` must outlive the reader. `file` is only used in error messages.
  CsvReader(std::string_view data, std::string file, char separator = ',');

  // Reads the next record into `record`. Returns false at the end of the data
  // or on an error; status() tells which. Skips a UTF-8 byte order mark, the
  // 0x1A end-of-file byte OFAC appends, and blank lines. Accepts LF and CRLF.
  bool Next(std::vector<CsvField>* record);
  const absl::Status& status() const { return status_; }
  // Line of the record last returned by Next().
  int record_line() const { return record_line_; }

 private:
  bool Fail(int line, int column, const std::string& what, const std::string& expected);
  char Peek(size_t ahead = 0) const;
  void Advance();

  std::string_view data_;
  std::string file_;
  char separator_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int record_line_ = 0;
  absl::Status status_;
};

}  // namespace stargate::screen

#endif  // STARGATE_SCREEN_CSV_H_

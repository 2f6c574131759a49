// The one CSV reader: RFC 4180 quoting, strictly. A file that is silently
// half-read (a sanctions list screening names as clear, a shipment batch
// missing rows) is worse than one refused, so every malformed record stops
// reading with a problem at its file:line:column. Columns count characters,
// as core/line_column.h does; a UTF-8 byte order mark takes none.
#ifndef STARGATE_CORE_CSV_READER_H_
#define STARGATE_CORE_CSV_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "stargate/core/diagnostic.h"

namespace stargate {

struct CsvField {
  std::string text;
  int line = 0;    // 1-based position of the field's first character
  int column = 0;  // 1-based, in characters (the opening quote of a quoted field)
};

struct CsvOptions {
  char separator = ',';
  // More fields than this in one record stop reading there (0: no limit).
  // A hostile line of millions of separators then costs nothing.
  size_t max_fields = 0;
  // Said after "at most N cells per line" (such as the known columns).
  std::string max_fields_note;
  // The whole text must be well-formed UTF-8 (checked before the first
  // record; the problem is at the first bad byte). Off for readers that judge
  // text field by field with their own message.
  bool require_utf8 = true;
  // Accept the 0x1A end-of-file byte OFAC appends to its list files.
  bool allow_eof_marker = false;
};

class CsvReader {
 public:
  // `data` must outlive the reader. `file` names the input in problems.
  CsvReader(std::string_view data, std::string file, CsvOptions options = {});

  // Reads the next record into `record`. Returns false at the end of the data
  // or on a problem; problem() tells which. Skips a UTF-8 byte order mark and
  // blank lines; a line ends at LF, CRLF or a lone CR.
  bool Next(std::vector<CsvField>* record);

  // The problem that stopped reading, if any.
  const std::optional<Diagnostic>& problem() const { return problem_; }
  // OK, or the problem as an InvalidArgument "file:line:col: what; expected ...".
  const absl::Status& status() const { return status_; }
  // Line of the record last returned by Next().
  int record_line() const { return record_line_; }

 private:
  bool Fail(int line, int column, std::string what, std::string expected);
  void SkipBlankLines();
  bool ReadQuoted(CsvField* field);
  bool ReadUnquoted(CsvField* field);

  std::string_view data_;
  std::string file_;
  CsvOptions options_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  int record_line_ = 0;
  std::optional<Diagnostic> problem_;
  absl::Status status_;
};

}  // namespace stargate

#endif  // STARGATE_CORE_CSV_READER_H_

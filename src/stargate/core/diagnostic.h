// The one problem type: where it is (when known), what is wrong and what was
// expected. Loaders collect every problem rather than stopping at the first,
// then turn the list into one absl::Status. That status carries the problems
// themselves (a payload), so the CLI and the API error body show what and
// expected apart without taking the message to pieces.
#ifndef STARGATE_CORE_DIAGNOSTIC_H_
#define STARGATE_CORE_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace stargate {

struct TextLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  // "file:line:col"; just "file" when the line is unknown; "" when nothing is.
  std::string ToString() const;
};

struct Diagnostic {
  TextLocation location;
  std::string what;
  std::string expected;
  // "file:line:col: what; expected what" (the CLI prefixes "error: "); the
  // location part as TextLocation::ToString gives it, left out when empty.
  std::string ToString() const;
  // ToString() without the "; expected ..." part.
  std::string LocatedWhat() const;
};

class DiagnosticList {
 public:
  void Add(TextLocation location, std::string what, std::string expected);
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Sorted by file, line, column so that reports are stable and readable.
  void Sort();
  // OK when empty; otherwise InvalidArgument whose message is one diagnostic per line.
  absl::Status ToStatus() const;

 private:
  std::vector<Diagnostic> items_;
};

// A status with `code` whose message is the problems' text, one a line, and
// which carries the problems themselves (see ProblemsOf). `problems` is not empty.
absl::Status ProblemStatus(absl::StatusCode code, const std::vector<Diagnostic>& problems);

// One problem without a location (a bad argument, a missing record, a refused
// operation): what was wrong and what would have been accepted.
absl::Status Problem(absl::StatusCode code, std::string what, std::string expected);

// One input error as a status, for code paths that stop at the first problem.
absl::Status InputError(const TextLocation& location, const std::string& what,
                        const std::string& expected);

// The problems a status carries. A status made elsewhere (a library's, or one
// rebuilt with a new message) gives one problem: its message as `what`,
// nothing expected. Empty for an OK status.
std::vector<Diagnostic> ProblemsOf(const absl::Status& status);

}  // namespace stargate

#endif  // STARGATE_CORE_DIAGNOSTIC_H_

// Input diagnostics: a problem in a user's file, with where it is, what is
// wrong and what was expected. Loaders collect every problem rather than
// stopping at the first, then turn the list into one absl::Status.
#ifndef STARGATE_CORE_DIAGNOSTIC_H_
#define STARGATE_CORE_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace stargate {

struct TextLocation {
  std::string file;
  int line = 0;                  // 1-based; 0 when unknown
  int column = 0;                // 1-based; 0 when unknown
  std::string ToString() const;  // "file:line:col"
};

struct Diagnostic {
  TextLocation location;
  std::string what;
  std::string expected;
  // "file:line:col: what; expected what" (the CLI prefixes "error: ").
  std::string ToString() const;
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

// One input error as a status, for code paths that stop at the first problem.
absl::Status InputError(const TextLocation& location, const std::string& what,
                        const std::string& expected);

}  // namespace stargate

#endif  // STARGATE_CORE_DIAGNOSTIC_H_

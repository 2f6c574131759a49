#include "stargate/core/diagnostic.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stargate {

std::string TextLocation::ToString() const { return absl::StrCat(file, ":", line, ":", column); }

std::string Diagnostic::ToString() const {
  std::string text = absl::StrCat(location.ToString(), ": ", what);
  if (!expected.empty()) absl::StrAppend(&text, "; expected ", expected);
  return text;
}

void DiagnosticList::Add(TextLocation location, std::string what, std::string expected) {
  items_.push_back({std::move(location), std::move(what), std::move(expected)});
}

void DiagnosticList::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
}

absl::Status DiagnosticList::ToStatus() const {
  if (items_.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(
      items_, "\n", [](std::string* out, const Diagnostic& d) { out->append(d.ToString()); }));
}

absl::Status InputError(const TextLocation& location, const std::string& what,
                        const std::string& expected) {
  return absl::InvalidArgumentError(Diagnostic{location, what, expected}.ToString());
}

}  // namespace stargate

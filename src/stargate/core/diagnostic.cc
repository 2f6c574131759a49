#include "stargate/core/diagnostic.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <tuple>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace stargate {

namespace {

// Where a status keeps its problems (absl's payloads are keyed by a type URL).
constexpr char kProblemsPayload[] = "stargate/problems";

}  // namespace

std::string TextLocation::ToString() const {
  if (line <= 0) return file;
  return absl::StrCat(file, ":", line, ":", column);
}

std::string Diagnostic::LocatedWhat() const {
  const std::string where = location.ToString();
  return where.empty() ? what : absl::StrCat(where, ": ", what);
}

std::string Diagnostic::ToString() const {
  std::string text = LocatedWhat();
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
  return ProblemStatus(absl::StatusCode::kInvalidArgument, items_);
}

absl::Status ProblemStatus(absl::StatusCode code, const std::vector<Diagnostic>& problems) {
  absl::Status status(code,
                      absl::StrJoin(problems, "\n", [](std::string* out, const Diagnostic& d) {
                        out->append(d.ToString());
                      }));
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : problems) {
    list.push_back({d.location.file, d.location.line, d.location.column, d.what, d.expected});
  }
  // Invalid UTF-8 in a user's text must not make the status itself fail.
  status.SetPayload(
      kProblemsPayload,
      absl::Cord(list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return status;
}

absl::Status Problem(absl::StatusCode code, std::string what, std::string expected) {
  Diagnostic d;
  d.what = std::move(what);
  d.expected = std::move(expected);
  return ProblemStatus(code, {d});
}

absl::Status InputError(const TextLocation& location, const std::string& what,
                        const std::string& expected) {
  return ProblemStatus(absl::StatusCode::kInvalidArgument, {{location, what, expected}});
}

std::vector<Diagnostic> ProblemsOf(const absl::Status& status) {
  if (status.ok()) return {};
  std::vector<Diagnostic> problems;
  if (auto payload = status.GetPayload(kProblemsPayload)) {
    const nlohmann::json list = nlohmann::json::parse(std::string(*payload), nullptr, false);
    for (const auto& row : list.is_array() ? list : nlohmann::json::array()) {
      if (!row.is_array() || row.size() != 5) continue;
      Diagnostic d;
      d.location = {row[0].get<std::string>(), row[1].get<int>(), row[2].get<int>()};
      d.what = row[3].get<std::string>();
      d.expected = row[4].get<std::string>();
      problems.push_back(std::move(d));
    }
  }
  if (problems.empty()) {
    Diagnostic d;
    d.what = std::string(status.message());
    problems.push_back(std::move(d));
  }
  return problems;
}

}  // namespace stargate

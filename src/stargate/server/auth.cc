#include "stargate/server/internal/auth.h"

#include <algorithm>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "stargate/core/file_reader.h"
#include "stargate/core/text.h"
#include "stargate/ledger/ledger.h"

namespace stargate::server {
namespace {

// Tokens are compared through their SHA-256, so the lookup's timing says
// nothing about how much of a guessed token was right.
std::string Digest(std::string_view token) { return ledger::ToHex(ledger::Sha256(token)); }

bool IsTokenChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
         c == '~' || c == '+' || c == '/' || c == '=';
}

std::vector<std::string> RoleNames() { return {"viewer", "planner", "compliance"}; }

// Words of a line with their 1-based columns; '#' ends the line.
std::vector<std::pair<std::string, int>> Words(const std::string& line) {
  std::vector<std::pair<std::string, int>> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    words.emplace_back(line.substr(start, i - start), static_cast<int>(start + 1));
  }
  return words;
}

}  // namespace

const char* RoleName(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kPlanner:
      return "planner";
    case Role::kCompliance:
      return "compliance";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "planner") return Role::kPlanner;
  if (name == "compliance") return Role::kCompliance;
  return std::nullopt;
}

absl::StatusOr<TokenTable> TokenTable::Load(const std::filesystem::path& path,
                                            std::vector<Diagnostic>* diagnostics) {
  DiagnosticList problems;
  FileReadOptions options;
  options.max_bytes = size_t{16} << 20;  // tokens are lines of a few dozen bytes
  options.expected = "a readable file of 'TOKEN ROLE NAME' lines";
  const std::optional<std::string> text = ReadFileText(path.string(), &problems, options);
  if (!text) {
    for (const auto& d : problems.items()) diagnostics->push_back(d);
    return problems.ToStatus();
  }
  return Parse(*text, path.string(), diagnostics);
}

absl::StatusOr<TokenTable> TokenTable::Parse(const std::string& text, const std::string& name,
                                             std::vector<Diagnostic>* diagnostics) {
  TokenTable table;
  table.open_ = false;
  DiagnosticList problems;
  std::unordered_map<std::string, int> first_line;  // digest -> line
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    const auto words = Words(line);
    if (words.empty()) continue;
    const auto at = [&](int column) { return TextLocation{name, number, column}; };
    if (words.size() < 3) {
      problems.Add(at(words.front().second),
                   absl::StrCat("a token line needs three fields but has ", words.size()),
                   "TOKEN ROLE NAME, e.g. 'k3Jx...9f compliance alice'");
      continue;
    }
    const auto& [token, token_column] = words[0];
    const auto& [role_name, role_column] = words[1];
    bool ok = true;
    if (token.size() < kMinTokenLength) {
      problems.Add(at(token_column), absl::StrCat("token is ", token.size(), " characters long"),
                   absl::StrCat("at least ", kMinTokenLength,
                                " characters, e.g. from 'openssl rand -hex 24'"));
      ok = false;
    } else if (!std::all_of(token.begin(), token.end(), IsTokenChar)) {
      problems.Add(at(token_column), "token has a character a bearer token may not hold",
                   "letters, digits and - _ . ~ + / =");
      ok = false;
    }
    const auto role = ParseRole(role_name);
    if (!role) {
      std::string what = absl::StrCat("role '", role_name, "' is not known");
      if (auto near = ClosestMatch(role_name, RoleNames())) {
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      }
      problems.Add(at(role_column), what, OneOf(RoleNames()));
      ok = false;
    }
    // The name is the rest of the line (it may hold spaces).
    std::string caller_name = line.substr(words[2].second - 1);
    if (const size_t hash = caller_name.find('#'); hash != std::string::npos) {
      caller_name.resize(hash);
    }
    caller_name = std::string(absl::StripAsciiWhitespace(caller_name));
    if (!ok) continue;
    const std::string digest = Digest(token);
    if (auto [it, inserted] = first_line.emplace(digest, number); !inserted) {
      problems.Add(at(token_column), absl::StrCat("token repeats the one on line ", it->second),
                   "each token once, with one role");
      continue;
    }
    table.callers_[digest] = Caller{*role, caller_name};
  }
  if (problems.empty() && table.callers_.empty()) {
    problems.Add({name, 0, 0}, "the tokens file holds no token",
                 "at least one 'TOKEN ROLE NAME' line (without --tokens the server is open)");
  }
  if (!problems.empty()) {
    problems.Sort();
    for (const auto& d : problems.items()) diagnostics->push_back(d);
    return problems.ToStatus();
  }
  return table;
}

TokenTable::Outcome TokenTable::Authenticate(std::string_view authorization, Caller* caller) const {
  if (open_) {
    *caller = {Role::kCompliance, "anonymous"};
    return Outcome::kOk;
  }
  if (authorization.empty()) return Outcome::kMissing;
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return Outcome::kMalformed;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i])
      return Outcome::kMalformed;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return Outcome::kMalformed;
  auto it = callers_.find(Digest(token));
  if (it == callers_.end()) return Outcome::kUnknown;
  *caller = it->second;
  return Outcome::kOk;
}

}  // namespace stargate::server

// Who may call the API: bearer tokens from a file, each with a role. Roles
// are ordered (viewer < planner < compliance): a viewer reads and checks,
// a planner also runs plans and simulations, a compliance officer also
// records decisions in the ledger. Without a tokens file the server is open:
// every caller is "compliance" (the server then binds loopback only).
#ifndef STARGATE_SERVER_INTERNAL_AUTH_H_
#define STARGATE_SERVER_INTERNAL_AUTH_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "stargate/core/diagnostic.h"

namespace stargate::server {

enum class Role { kViewer = 0, kPlanner = 1, kCompliance = 2 };

const char* RoleName(Role role);  // "viewer", "planner", "compliance"
std::optional<Role> ParseRole(std::string_view name);
inline bool Allows(Role held, Role needed) {
  return static_cast<int>(held) >= static_cast<int>(needed);
}

struct Caller {
  Role role = Role::kViewer;
  std::string name;  // from the tokens file; "anonymous" on an open server
};

// Shortest token accepted: a guessable token is no protection.
inline constexpr size_t kMinTokenLength = 16;

class TokenTable {
 public:
  // An open table: everyone is `compliance`.
  TokenTable() = default;

  // Reads "TOKEN ROLE NAME" lines ('#' starts a comment; blank lines are
  // skipped). Every problem is reported with its line and column in
  // `diagnostics`; InvalidArgument when there is any.
  static absl::StatusOr<TokenTable> Load(const std::filesystem::path& path,
                                         std::vector<Diagnostic>* diagnostics);
  static absl::StatusOr<TokenTable> Parse(const std::string& text, const std::string& name,
                                          std::vector<Diagnostic>* diagnostics);

  bool open() const { return open_; }
  size_t size() const { return callers_.size(); }

  enum class Outcome { kOk, kMissing, kMalformed, kUnknown };
  // Reads an Authorization header value ("Bearer TOKEN").
  Outcome Authenticate(std::string_view authorization, Caller* caller) const;

 private:
  bool open_ = true;
  std::unordered_map<std::string, Caller> callers_;  // by SHA-256 of the token (hex)
};

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_AUTH_H_

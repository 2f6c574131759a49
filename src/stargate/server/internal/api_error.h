// The API's error contract: {"error": {"code", "message", "expected"}} with
// the matching HTTP status, so that every failure says what was wrong and
// what would have been accepted.
#ifndef STARGATE_SERVER_INTERNAL_API_ERROR_H_
#define STARGATE_SERVER_INTERNAL_API_ERROR_H_

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "stargate/core/diagnostic.h"

namespace stargate::server {

struct HttpResponse;

enum class ErrorCode {
  kBadRequest,        // 400
  kUnauthorized,      // 401
  kForbidden,         // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kConflict,          // 409
  kTooLarge,          // 413
  kUriTooLong,        // 414
  kHeadersTooLarge,   // 431
  kInternal,          // 500
  kUnavailable,       // 503
};

const char* ErrorCodeName(ErrorCode code);  // "bad_request", ...
int HttpStatus(ErrorCode code);

// clang-tidy's exception-escape flags the implicit noexcept moves of a
// nlohmann::json member, which do not throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct ApiError {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string expected;
  nlohmann::json details;  // extra members (e.g. "problems"); null when none

  nlohmann::json ToJson() const;
};

// Maps a library status: InvalidArgument -> bad_request, NotFound ->
// not_found, FailedPrecondition -> conflict, Unavailable -> unavailable,
// anything else -> internal. The status's problems (core's ProblemsOf) give
// message and expected, and the "problems" list.
ApiError FromStatus(const absl::Status& status);

// A bad_request for `problems` (not empty): the first one's located what and
// expected, "(and N more problems)", and every problem in "problems".
ApiError FromProblems(ErrorCode code, const std::vector<Diagnostic>& problems);

// [{"file"?, "line", "column", "what", "expected"}, ...]
nlohmann::json ProblemsJson(const std::vector<Diagnostic>& problems);

// Writes the error as the response (status, JSON body).
void SendError(HttpResponse& res, const ApiError& error);
// Writes `body` as JSON with `status`.
void SendJson(HttpResponse& res, const nlohmann::json& body, int status = 200);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_API_ERROR_H_

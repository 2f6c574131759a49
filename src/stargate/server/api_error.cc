#include "stargate/server/internal/api_error.h"

#include "absl/strings/str_cat.h"
#include "stargate/server/http_message.h"

namespace stargate::server {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return "bad_request";
    case ErrorCode::kUnauthorized:
      return "unauthorized";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUriTooLong:
      return "uri_too_long";
    case ErrorCode::kHeadersTooLarge:
      return "headers_too_large";
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kUnavailable:
      return "unavailable";
  }
  return "internal";
}

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUriTooLong:
      return 414;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kUnavailable:
      return 503;
  }
  return 500;
}

nlohmann::json ApiError::ToJson() const {
  nlohmann::json error = {
      {"code", ErrorCodeName(code)}, {"message", message}, {"expected", expected}};
  if (details.is_object()) {
    for (const auto& [key, value] : details.items()) error[key] = value;
  }
  return {{"error", error}};
}

ApiError FromStatus(const absl::Status& status) {
  ApiError error;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      error.code = ErrorCode::kBadRequest;
      break;
    case absl::StatusCode::kNotFound:
      error.code = ErrorCode::kNotFound;
      break;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      error.code = ErrorCode::kConflict;
      break;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kResourceExhausted:
      error.code = ErrorCode::kUnavailable;
      break;
    case absl::StatusCode::kPermissionDenied:
      error.code = ErrorCode::kForbidden;
      break;
    case absl::StatusCode::kUnauthenticated:
      error.code = ErrorCode::kUnauthorized;
      break;
    default:
      error.code = ErrorCode::kInternal;
  }
  return FromProblems(error.code, ProblemsOf(status));
}

ApiError FromProblems(ErrorCode code, const std::vector<Diagnostic>& problems) {
  ApiError error;
  error.code = code;
  if (problems.empty()) return error;
  const Diagnostic& first = problems.front();
  error.message = first.LocatedWhat();
  if (problems.size() > 1)
    absl::StrAppend(&error.message, " (and ", problems.size() - 1, " more problems)");
  error.expected = first.expected;
  error.details = {{"problems", ProblemsJson(problems)}};
  return error;
}

nlohmann::json ProblemsJson(const std::vector<Diagnostic>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const Diagnostic& d : problems) {
    nlohmann::json item = {{"line", d.location.line},
                           {"column", d.location.column},
                           {"what", d.what},
                           {"expected", d.expected}};
    if (!d.location.file.empty()) item["file"] = d.location.file;
    list.push_back(std::move(item));
  }
  return list;
}

void SendJson(HttpResponse& res, const nlohmann::json& body, int status) {
  res.status = status;
  // Replace rather than throw on invalid UTF-8 that came from stored text.
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.content_type = "application/json";
}

void SendError(HttpResponse& res, const ApiError& error) {
  SendJson(res, error.ToJson(), HttpStatus(error.code));
  if (error.code == ErrorCode::kUnauthorized) {
    res.headers.Set("WWW-Authenticate", "Bearer realm=\"stargate\"");
  }
}

}  // namespace stargate::server

#include "stargate/server/dispatch.h"

#include <exception>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/server/internal/api_error.h"
#include "stargate/server/internal/request_shape.h"
#include "stargate/server/service.h"

namespace stargate::server {
namespace {

bool IsApiPath(const std::string& path) {
  return path == "/api" || absl::StartsWith(path, "/api/");
}

void WriteReply(HttpResponse& res, Reply& reply) {
  res.status = reply.status;
  if (!reply.content_type.empty()) {
    res.body = std::move(reply.raw);
    res.content_type = reply.content_type;
    // Names are the server's own (plan.json, site_quarters.csv): no quoting needed.
    if (!reply.filename.empty())
      res.headers.Set("Content-Disposition",
                      absl::StrCat("attachment; filename=\"", reply.filename, "\""));
  } else if (!reply.raw.empty()) {
    res.body = std::move(reply.raw);
    res.content_type = "application/json";
  } else if (reply.text) {
    res.body = *reply.text;
    res.content_type = "application/json";
  } else {
    SendJson(res, reply.body, reply.status);
  }
}

ApiError Unauthorized(TokenTable::Outcome outcome) {
  const std::string expected =
      "an 'Authorization: Bearer <token>' header with a token from the server's --tokens file";
  switch (outcome) {
    case TokenTable::Outcome::kMissing:
      return {ErrorCode::kUnauthorized,
              "this endpoint needs a bearer token and the request has none", expected, nullptr};
    case TokenTable::Outcome::kMalformed:
      return {ErrorCode::kUnauthorized,
              "the Authorization header is not of the form 'Bearer <token>'", expected, nullptr};
    default:
      return {ErrorCode::kUnauthorized, "the bearer token is not known to this server", expected,
              nullptr};
  }
}

// The token and role check of `route`: the caller it names, or the 401 or
// 403 to answer. A route without a token admits everyone as `*caller`.
std::optional<ApiError> Admit(const Service& service, const HttpRequest& req, const Route& route,
                              Caller* caller) {
  if (!route.options.needs_token) return std::nullopt;
  const auto outcome = service.tokens().Authenticate(req.headers.Get("Authorization"), caller);
  if (outcome != TokenTable::Outcome::kOk) return Unauthorized(outcome);
  if (Allows(caller->role, route.role)) return std::nullopt;
  return ApiError{ErrorCode::kForbidden,
                  absl::StrCat(route.method, " ", route.pattern, " needs the ",
                               RoleName(route.role), " role; the token of '", caller->name,
                               "' has the ", RoleName(caller->role), " role"),
                  absl::StrCat("a token with role ", RoleName(route.role),
                               route.role == Role::kCompliance ? "" : " or higher"),
                  nullptr};
}

void AddCommonHeaders(const HttpRequest& req, HttpResponse& res) {
  res.headers.Set("X-Content-Type-Options", "nosniff");
  if (IsApiPath(req.path)) res.headers.Set("Cache-Control", "no-store");
}

}  // namespace

Dispatcher::Dispatcher(const Service& service) : service_(service), site_(service.web_dir()) {}

void Dispatcher::Handle(const HttpRequest& req, HttpResponse& res) const {
  try {
    if (auto malformed = MalformedRequest(req)) {
      SendError(res, *malformed);
    } else if (IsApiPath(req.path)) {
      Api(req, res);
    } else {
      File(req, res);
    }
  } catch (const std::exception& e) {
    res = HttpResponse();
    SendError(res, {ErrorCode::kInternal, absl::StrCat("internal error: ", e.what()), "", nullptr});
  } catch (...) {
    res = HttpResponse();
    SendError(res, {ErrorCode::kInternal, "internal error: unknown exception", "", nullptr});
  }
  AddCommonHeaders(req, res);
}

bool Dispatcher::Offloads(const HttpRequest& req) const {
  if (!IsApiPath(req.path)) return false;  // the dashboard's files: read from the page cache
  const Router::Match match = service_.router().Find(req.method, req.path);
  if (!match.route || match.route->OffloadFor(req) != Offload::kWorker) return false;
  if (MalformedRequest(req) || UndeclaredQuery(req, *match.route)) return false;  // a 400, at once
  Caller caller;
  return !Admit(service_, req, *match.route, &caller);
}

void Dispatcher::Refuse(const HttpRequest& req, Refusal refusal, HttpResponse& res) const {
  const ServerOptions& options = service_.options();
  switch (refusal) {
    case Refusal::kTooLarge:
      SendError(res,
                {ErrorCode::kTooLarge,
                 absl::StrCat("the request body is larger than ", options.max_body_bytes, " bytes"),
                 "a smaller request (split a large batch of shipments)", nullptr});
      break;
    case Refusal::kUriTooLong:
      SendError(
          res, {ErrorCode::kUriTooLong,
                absl::StrCat("the request target is longer than ", options.max_uri_bytes, " bytes"),
                "a shorter path and query (send large inputs in a POST body)", nullptr});
      break;
    case Refusal::kHeadersTooLarge:
      SendError(res, {ErrorCode::kHeadersTooLarge,
                      absl::StrCat("the request's header fields take more than ",
                                   options.max_header_bytes, " bytes"),
                      "fewer or smaller header fields", nullptr});
      break;
    case Refusal::kBusy:
      SendError(
          res,
          {ErrorCode::kUnavailable,
           "the server is busy: every worker for slow requests is taken and their queue is full",
           "the request sent again after the Retry-After delay", nullptr});
      res.headers.Set("Retry-After", "1");
      break;
    case Refusal::kShuttingDown:
      SendError(res, {ErrorCode::kUnavailable, "the server is shutting down",
                      "the request sent again once the server is back", nullptr});
      break;
  }
  AddCommonHeaders(req, res);
}

void Dispatcher::File(const HttpRequest& req, HttpResponse& res) const {
  if (req.method != "GET" && req.method != "HEAD") {
    res.headers.Set("Allow", "GET, HEAD");
    SendError(res, {ErrorCode::kMethodNotAllowed,
                    absl::StrCat(req.method, " is not allowed on the dashboard's files"),
                    "GET or HEAD", nullptr});
    return;
  }
  StaticSite::Answer a = site_.Serve(req.path);
  if (!a.error.empty()) {
    const ErrorCode code = a.status == 403   ? ErrorCode::kForbidden
                           : a.status == 400 ? ErrorCode::kBadRequest
                                             : ErrorCode::kNotFound;
    SendError(res, {code, absl::StrCat(a.error, ": ", req.path),
                    "a file of the dashboard, or / for its start page", nullptr});
    return;
  }
  res.status = a.status;
  res.headers.Set("Cache-Control", std::move(a.cache_control));
  res.content_type = std::move(a.content_type);
  res.body = std::move(a.body);
}

void Dispatcher::Api(const HttpRequest& req, HttpResponse& res) const {
  Router::Match match = service_.router().Find(req.method, req.path);
  if (!match.route) {
    if (!match.allowed_methods.empty()) {
      const std::string allowed = absl::StrJoin(match.allowed_methods, ", ");
      res.headers.Set("Allow", allowed);
      SendError(res, {ErrorCode::kMethodNotAllowed,
                      absl::StrCat(req.method, " is not allowed on ", req.path), allowed, nullptr});
    } else {
      SendError(res, {ErrorCode::kNotFound, absl::StrCat("no API endpoint at ", req.path),
                      "an endpoint listed in docs/api.md, e.g. GET /api/health", nullptr});
    }
    return;
  }
  const Route& route = *match.route;
  Caller caller{Role::kCompliance, "anonymous"};
  if (auto refused = Admit(service_, req, route, &caller)) {
    SendError(res, *refused);
    return;
  }
  if (auto undeclared = UndeclaredQuery(req, route)) {
    SendError(res, *undeclared);
    return;
  }
  Call call{req, std::move(caller), std::move(match.path)};
  Expected<Reply> reply = route.handler(call);
  if (reply.ok()) {
    WriteReply(res, reply.value());
  } else {
    SendError(res, reply.error());
  }
}

}  // namespace stargate::server

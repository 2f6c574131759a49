// One API call as handlers see it: the request, the authenticated caller,
// the path's parameters, and helpers that read query parameters and JSON
// bodies into values or into an ApiError that says what was expected.
#ifndef STARGATE_SERVER_INTERNAL_CALL_H_
#define STARGATE_SERVER_INTERNAL_CALL_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "stargate/server/http_message.h"
#include "stargate/server/internal/api_error.h"
#include "stargate/server/internal/auth.h"

namespace stargate::server {

// A value or the error that stopped it.
template <typename T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Expected(ApiError error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const ApiError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ApiError> v_;
};

struct Reply {
  // clang-tidy's exception-escape flags the implicit noexcept moves of a
  // nlohmann::json member, which do not throw.
  // NOLINTNEXTLINE(bugprone-exception-escape)
  Reply() = default;
  Reply(nlohmann::json b, int s = 200)
      : body(std::move(b)), status(s) {}  // NOLINT: implicit by design
  nlohmann::json body;
  int status = 200;
  // A body serialized once and served as is (static lists); wins over `body`.
  std::shared_ptr<const std::string> text;
  // A body already written as JSON text (hot paths); wins over both.
  std::string raw;
  // Set for a download that is not JSON (a CSV table, an HTML report): `raw`
  // is served as is with this type, and as an attachment named `filename`
  // when that is set.
  std::string content_type;
  std::string filename;
};

// The query string of a request target ("/a?x=1&y=%20" -> {x: 1, y: " "}),
// from the target only: a form-encoded body (curl -d sends one) must not
// pass for query parameters.
std::multimap<std::string, std::string> ParseQuery(std::string_view target);

struct Call {
  Call(const HttpRequest& r, Caller c, std::map<std::string, std::string> p);

  const HttpRequest& request;
  Caller caller;
  std::map<std::string, std::string> path;  // {id} -> value
  std::multimap<std::string, std::string> query;

  const std::string& body() const;
  // Query parameters; each names the parameter and the accepted form on error.
  std::optional<std::string> Query(const std::string& name) const;
  Expected<std::optional<long long>> IntQuery(const std::string& name, long long min,
                                              long long max) const;
  Expected<bool> BoolQuery(const std::string& name, bool fallback) const;
  // The body as a JSON value (any type); bad_request with line and column when malformed.
  Expected<nlohmann::json> JsonBody() const;
};

// Bad request naming `what` and `expected`.
ApiError BadRequest(std::string what, std::string expected);

// Checks a JSON object body's members against `allowed` (with a "did you
// mean" for a misspelled key); empty when all are known.
std::optional<ApiError> OnlyMembers(const nlohmann::json& object,
                                    const std::vector<std::string>& allowed,
                                    const std::string& what);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_CALL_H_

#include "stargate/server/internal/call.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/json_nlohmann.h"
#include "stargate/core/json_reader.h"
#include "stargate/core/text.h"

namespace stargate::server {

ApiError BadRequest(std::string what, std::string expected) {
  return ApiError{ErrorCode::kBadRequest, std::move(what), std::move(expected), nullptr};
}

std::multimap<std::string, std::string> ParseQuery(std::string_view target) {
  std::multimap<std::string, std::string> query;
  std::string_view rest = TargetQuery(target);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    query.emplace(PercentDecode(pair.substr(0, eq), true),
                  eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true));
  }
  return query;
}

Call::Call(const HttpRequest& r, Caller c, std::map<std::string, std::string> p)
    : request(r), caller(std::move(c)), path(std::move(p)), query(ParseQuery(r.target)) {}

const std::string& Call::body() const { return request.body; }

std::optional<std::string> Call::Query(const std::string& name) const {
  const auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Expected<std::optional<long long>> Call::IntQuery(const std::string& name, long long min,
                                                  long long max) const {
  const auto text = Query(name);
  if (!text) return std::optional<long long>();
  long long value = 0;
  if (!absl::SimpleAtoi(*text, &value) || value < min || value > max) {
    return BadRequest(
        absl::StrCat("query parameter ", name, "='", Excerpt(*text), "' is not valid"),
        absl::StrCat("an integer from ", min, " to ", max));
  }
  return std::optional<long long>(value);
}

Expected<bool> Call::BoolQuery(const std::string& name, bool fallback) const {
  const auto text = Query(name);
  if (!text) return fallback;
  if (*text == "true" || *text == "1" || text->empty()) return true;
  if (*text == "false" || *text == "0") return false;
  return BadRequest(
      absl::StrCat("query parameter ", name, "='", Excerpt(*text), "' is not a boolean"),
      absl::StrCat(name, "=true or ", name, "=false"));
}

Expected<nlohmann::json> Call::JsonBody() const {
  if (request.body.empty()) {
    return BadRequest("the request has no body",
                      "a JSON document (Content-Type: application/json)");
  }
  // core's reader refuses deep nesting, duplicate keys and numbers past a
  // double as located problems (a 400), where a parser would crash or guess.
  DiagnosticList problems;
  auto document = ReadJson(request.body, "body", &problems);
  if (!document) {
    problems.Sort();
    const Diagnostic& first = problems.items().front();
    ApiError error = FromProblems(ErrorCode::kBadRequest, problems.items());
    error.message = absl::StrCat("the body is not valid JSON at line ", first.location.line,
                                 ", column ", first.location.column, ": ", first.what);
    error.details["line"] = first.location.line;
    error.details["column"] = first.location.column;
    return error;
  }
  return ToNlohmann(document->root());
}

std::optional<ApiError> OnlyMembers(const nlohmann::json& object,
                                    const std::vector<std::string>& allowed,
                                    const std::string& what) {
  if (!object.is_object()) {
    return BadRequest(absl::StrCat(what, " is a JSON ", object.type_name()),
                      absl::StrCat("a JSON object with ", OneOf(allowed)));
  }
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string message = absl::StrCat(what, " has an unknown member '", Excerpt(key), "'");
    if (auto near = ClosestMatch(key, allowed))
      absl::StrAppend(&message, " (did you mean '", *near, "'?)");
    return BadRequest(message, absl::StrCat("members ", absl::StrJoin(allowed, ", ")));
  }
  return std::nullopt;
}

}  // namespace stargate::server

#include "stargate/server/internal/request_shape.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "stargate/core/text.h"

namespace stargate::server {
namespace {

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// The offset of the first control character in `text`, or npos.
size_t FirstControl(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsControl(static_cast<unsigned char>(text[i]))) return i;
  }
  return std::string_view::npos;
}

std::string Byte(char c) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(c));
  return hex;
}

ApiError Bad(std::string what, std::string expected) {
  return ApiError{ErrorCode::kBadRequest, std::move(what), std::move(expected), nullptr};
}

// A name as echoed in a message: at most 64 bytes of it.
std::string Shown(const std::string& name) {
  return name.size() <= 64 ? name : absl::StrCat(name.substr(0, 64), "...");
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);  // letters only, as in "Authorization"
         });
}

}  // namespace

std::optional<ApiError> MalformedRequest(const HttpRequest& req) {
  if (const size_t at = FirstControl(req.path); at != std::string_view::npos) {
    return Bad(absl::StrCat("the path holds a control character (byte ", Byte(req.path[at]),
                            " at offset ", at, " of the decoded path)"),
               "a path without NUL, CR, LF or other control characters, raw or percent-encoded");
  }
  int authorizations = 0;
  for (const auto& field : req.headers.fields()) {
    if (SameName(field.first, "Authorization")) ++authorizations;
  }
  if (authorizations > 1) {
    return Bad(absl::StrCat("the request has ", authorizations, " Authorization headers"),
               "exactly one 'Authorization: Bearer <token>' header");
  }
  return std::nullopt;
}

std::optional<ApiError> UndeclaredQuery(const HttpRequest& req, const Route& route) {
  if (req.query().empty()) return std::nullopt;  // the common case, without parsing
  const std::vector<std::string>& declared = route.options.query;
  const auto query = ParseQuery(req.target);
  const std::string where = absl::StrCat(route.method, " ", route.pattern);
  const std::string accepted =
      declared.empty() ? absl::StrCat("no query parameters (", where, " takes none)")
                       : absl::StrCat("only ", absl::StrJoin(declared, ", "), " on ", where);
  for (auto it = query.begin(); it != query.end(); it = query.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (FirstControl(name) != std::string_view::npos) {
      return Bad("a query parameter's name holds a control character", accepted);
    }
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      std::string what =
          absl::StrCat("query parameter '", Shown(name), "' is not known on ", where);
      if (auto near = ClosestMatch(name, declared))
        absl::StrAppend(&what, " (did you mean '", *near, "'?)");
      return Bad(what, accepted);
    }
    if (const size_t count = query.count(name); count > 1) {
      return Bad(absl::StrCat("query parameter '", Shown(name), "' is given ", count, " times"),
                 absl::StrCat("'", name, "' at most once"));
    }
    if (const size_t at = FirstControl(it->second); at != std::string_view::npos) {
      return Bad(absl::StrCat("query parameter '", name, "' holds a control character (byte ",
                              Byte(it->second[at]), " at offset ", at, " of its decoded value)"),
                 "a value without NUL, CR, LF or other control characters, raw or percent-encoded");
    }
  }
  return std::nullopt;
}

}  // namespace stargate::server

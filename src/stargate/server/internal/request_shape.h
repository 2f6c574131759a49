// What the dispatcher refuses before any handler runs, whatever the route:
// a control character (NUL, CR, LF, ...) in the path or the query, raw or
// percent-encoded, which no id, date or file name of the API holds and
// which C strings, logs and file names downstream would cut or misread; a
// second Authorization header, which would leave it to chance (the first?
// the last?) which token is checked; and a query parameter that the route
// does not declare (RouteOptions::query) or one given twice, so that a
// typo is never ignored silently and no route can forget to say so.
#ifndef STARGATE_SERVER_INTERNAL_REQUEST_SHAPE_H_
#define STARGATE_SERVER_INTERNAL_REQUEST_SHAPE_H_

#include <optional>

#include "stargate/server/http_message.h"
#include "stargate/server/internal/api_error.h"
#include "stargate/server/internal/router.h"

namespace stargate::server {

// The path and the header fields; for every request, API or dashboard.
std::optional<ApiError> MalformedRequest(const HttpRequest& request);

// The query string against the parameters `route` declares.
std::optional<ApiError> UndeclaredQuery(const HttpRequest& request, const Route& route);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_REQUEST_SHAPE_H_

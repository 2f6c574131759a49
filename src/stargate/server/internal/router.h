// Routing API paths to handlers without regular expressions: a route is a
// method and a path of literal segments and {parameters}; literal segments
// win over parameters, so /api/regimes/diff is never taken for a regime id.
// Knows which methods a path allows, for 405 answers, and where each
// route's handler runs.
#ifndef STARGATE_SERVER_INTERNAL_ROUTER_H_
#define STARGATE_SERVER_INTERNAL_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/server/internal/auth.h"
#include "stargate/server/internal/call.h"

namespace stargate::server {

using Handler = std::function<Expected<Reply>(Call& call)>;

// Where a handler runs (http_transport.h). kInline: on the event thread
// that read the request, which serves many other connections and answers
// none of them meanwhile; only for handlers that take well under a
// millisecond and never wait (no lock another request holds, no ledger
// write, no solve, no batch of unbounded size). kWorker: on the transport's
// worker pool, for everything else.
enum class Offload { kInline, kWorker };

struct RouteOptions {
  bool needs_token = true;  // false: /api/health
  // The query parameters the route reads. The dispatcher answers 400 to
  // any other (and to one given twice) before the handler runs, so every
  // route refuses a misspelt parameter the same way (request_shape.h).
  std::vector<std::string> query;
  Offload offload = Offload::kInline;
  // When set, decides per request instead of `offload`: true means
  // kWorker. For a route that is slow only when asked to be (a check that
  // records). Runs on the event thread, before authentication: it must be
  // cheap and must not trust the request.
  std::function<bool(const HttpRequest&)> offload_when;
};

struct Route {
  std::string method;         // "GET", "POST", "DELETE"
  std::string pattern;        // "/api/jobs/{id}"
  Role role = Role::kViewer;  // the least role that may call it
  Handler handler;
  RouteOptions options;
  std::vector<std::string> segments;  // split pattern

  Offload OffloadFor(const HttpRequest& request) const;
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Role role, Handler handler,
           RouteOptions options = {});

  struct Match {
    const Route* route = nullptr;  // null: none for this method
    std::map<std::string, std::string> path;
    std::vector<std::string> allowed_methods;  // when the path exists for other methods
  };
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// "/a/b/" -> {"a", "b"}; empty segments are dropped.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_ROUTER_H_

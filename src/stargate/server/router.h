// Routing API paths to handlers without regular expressions: a route is a
// method and a path of literal segments and {parameters}; literal segments
// win over parameters, so /api/regimes/diff is never taken for a regime id.
// Knows which methods a path allows, for 405 answers.
#ifndef STARGATE_SERVER_ROUTER_H_
#define STARGATE_SERVER_ROUTER_H_

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "stargate/server/auth.h"
#include "stargate/server/call.h"

namespace stargate::server {

using Handler = std::function<Expected<Reply>(Call& call)>;

struct Route {
  std::string method;                 // "GET", "POST", "DELETE"
  std::string pattern;                // "/api/jobs/{id}"
  Role role = Role::kViewer;          // the least role that may call it
  bool needs_token = true;            // false: /api/health
  Handler handler;
  std::vector<std::string> segments;  // split pattern
};

class Router {
 public:
  void Add(std::string method, std::string pattern, Role role, Handler handler,
           bool needs_token = true);

  struct Match {
    const Route* route = nullptr;                 // null: none for this method
    std::map<std::string, std::string> path;
    std::vector<std::string> allowed_methods;     // when the path exists for other methods
  };
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// "/a/b/" -> {"a", "b"}; empty segments are dropped.
std::vector<std::string> SplitPath(std::string_view path);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_ROUTER_H_

#include "stargate/server/internal/router.h"

#include <algorithm>

namespace stargate::server {
namespace {

bool IsParameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How well a route fits: -1 when it does not; otherwise more literal
// segments score higher.
int Fit(const Route& route, const std::vector<std::string>& segments,
        std::map<std::string, std::string>* path) {
  if (route.segments.size() != segments.size()) return -1;
  int literals = 0;
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsParameter(want)) continue;
    if (want != segments[i]) return -1;
    ++literals;
  }
  if (path) {
    path->clear();
    for (size_t i = 0; i < segments.size(); ++i) {
      const std::string& want = route.segments[i];
      if (IsParameter(want)) (*path)[want.substr(1, want.size() - 2)] = segments[i];
    }
  }
  return literals;
}

}  // namespace

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

Offload Route::OffloadFor(const HttpRequest& request) const {
  if (options.offload_when)
    return options.offload_when(request) ? Offload::kWorker : Offload::kInline;
  return options.offload;
}

void Router::Add(std::string method, std::string pattern, Role role, Handler handler,
                 RouteOptions options) {
  Route route{std::move(method),  std::move(pattern), role,
              std::move(handler), std::move(options), {}};
  route.segments = SplitPath(route.pattern);
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const auto segments = SplitPath(path);
  Match match;
  int best = -1;
  // HEAD is answered like GET (the transport drops the body).
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (const Route& route : routes_) {
    const int fit = Fit(route, segments, nullptr);
    if (fit < 0) continue;
    if (route.method != wanted) {
      if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), route.method) ==
          match.allowed_methods.end()) {
        match.allowed_methods.push_back(route.method);
      }
      continue;
    }
    if (fit > best) {
      best = fit;
      match.route = &route;
    }
  }
  if (match.route) {
    Fit(*match.route, segments, &match.path);
    match.allowed_methods.clear();
  }
  return match;
}

}  // namespace stargate::server

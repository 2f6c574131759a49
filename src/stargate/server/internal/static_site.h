// The dashboard's files (web/dist, built by npm) served under /. A request
// can only reach files inside that directory: ".." segments are refused,
// and a symbolic link that points outside is refused after resolving it.
// Paths without a file extension fall back to index.html (the dashboard
// routes in the browser). Without a build, / says how to make one.
#ifndef STARGATE_SERVER_INTERNAL_STATIC_SITE_H_
#define STARGATE_SERVER_INTERNAL_STATIC_SITE_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace stargate::server {

class StaticSite {
 public:
  explicit StaticSite(std::filesystem::path root);

  // Whether root/index.html exists (checked per request: the build may
  // appear while the server runs).
  bool built() const;

  struct Answer {
    int status = 200;
    std::string body;
    std::string content_type;
    std::string cache_control;
    std::string error;  // for 403/404: what was wrong (JSON error message)
  };
  // `path` is the decoded request path ("/assets/app.js").
  Answer Serve(std::string_view path) const;

  // The page shown at / when the dashboard is not built.
  static std::string NotBuiltPage(const std::filesystem::path& root);

 private:
  std::filesystem::path root_;
};

// "text/javascript; charset=utf-8" for "app.js"; octet-stream when unknown.
std::string ContentTypeFor(const std::filesystem::path& file);

}  // namespace stargate::server

#endif  // STARGATE_SERVER_INTERNAL_STATIC_SITE_H_

#include "stargate/server/internal/static_site.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "stargate/core/file_reader.h"

namespace stargate::server {
namespace fs = std::filesystem;
namespace {

// Largest file served (the dashboard's bundles are far smaller).
constexpr uintmax_t kMaxFileBytes = uintmax_t{64} << 20;

bool ReadFile(const fs::path& path, std::string* out) {
  DiagnosticList problems;  // the visitor gets a 404; what failed is not its business
  FileReadOptions options;
  options.max_bytes = kMaxFileBytes;
  std::optional<std::string> text = ReadFileText(path.string(), &problems, options);
  if (!text) return false;
  *out = std::move(*text);
  return true;
}

// Whether `inside` is `root` or below it (both canonical).
bool IsWithin(const fs::path& root, const fs::path& inside) {
  auto r = root.begin(), i = inside.begin();
  for (; r != root.end(); ++r, ++i) {
    if (i == inside.end() || *r != *i) return false;
  }
  return true;
}

StaticSite::Answer Refuse(int status, std::string error) {
  StaticSite::Answer a;
  a.status = status;
  a.error = std::move(error);
  return a;
}

std::string HtmlEscape(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

}  // namespace

std::string ContentTypeFor(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".geojson", "application/geo+json"},
      {".pbf", "application/x-protobuf"}};
  const auto it = kTypes.find(absl::AsciiStrToLower(file.extension().string()));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

StaticSite::StaticSite(fs::path root) : root_(std::move(root)) {}

bool StaticSite::built() const {
  std::error_code ec;
  return fs::is_regular_file(root_ / "index.html", ec);
}

std::string StaticSite::NotBuiltPage(const fs::path& root) {
  return absl::StrCat(
      "<!doctype html>\n<html lang=\"en\"><head><meta "
      "charset=\"utf-8\"><title>Stargate</title></head>\n"
      "<body style=\"font-family: sans-serif; max-width: 40em; margin: 3em auto\">\n"
      "<h1>Stargate</h1>\n<p>The dashboard is not built: <code>",
      HtmlEscape(root.string()),
      "</code> has no <code>index.html</code>.</p>\n"
      "<p>Build it with <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>, then "
      "reload "
      "this page (or start the server with <code>--web DIR</code>).</p>\n"
      "<p>The API works without it: <a href=\"/api/health\">/api/health</a>; see "
      "<code>docs/api.md</code>.</p>\n</body></html>\n");
}

StaticSite::Answer StaticSite::Serve(std::string_view path) const {
  if (path.empty() || path.front() != '/') return Refuse(400, "the path must start with '/'");
  std::vector<std::string> segments;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    start = end + 1;
    if (segment.empty() || segment == ".") continue;
    if (segment == ".." || segment.find('\\') != std::string_view::npos ||
        segment.find('\0') != std::string_view::npos) {
      return Refuse(403, "the path leaves the dashboard's directory");
    }
    if (segment.front() == '.')
      return Refuse(404, "no such file in the dashboard");  // .env, .git, ...
    segments.emplace_back(segment);
  }
  if (!built()) {
    if (segments.empty() || (segments.size() == 1 && segments[0] == "index.html")) {
      Answer a;
      a.body = NotBuiltPage(root_);
      a.content_type = "text/html; charset=utf-8";
      a.cache_control = "no-cache";
      return a;
    }
    return Refuse(404, "the dashboard is not built, so it has no files");
  }
  fs::path relative;
  for (const auto& s : segments) relative /= s;
  std::error_code ec;
  const fs::path root = fs::canonical(root_, ec);
  if (ec) return Refuse(404, "the dashboard's directory cannot be read");
  fs::path file = root / relative;
  if (segments.empty() || fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::exists(file, ec)) {
    // A path without an extension is a route of the dashboard itself.
    if (!segments.empty() && fs::path(segments.back()).extension().empty()) {
      file = root / "index.html";
    } else {
      return Refuse(404, "no such file in the dashboard");
    }
  }
  const fs::path real = fs::canonical(file, ec);
  if (ec) return Refuse(404, "no such file in the dashboard");
  if (!IsWithin(root, real)) return Refuse(403, "the path leaves the dashboard's directory");
  if (!fs::is_regular_file(real, ec) || fs::file_size(real, ec) > kMaxFileBytes) {
    return Refuse(404, "no such file in the dashboard");
  }
  Answer a;
  if (!ReadFile(real, &a.body)) return Refuse(404, "the file cannot be read");
  a.content_type = ContentTypeFor(real);
  // Vite names bundles by content hash under assets/: those never change.
  a.cache_control = segments.size() > 1 && segments[0] == "assets"
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
  return a;
}

}  // namespace stargate::server

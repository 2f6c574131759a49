// The HTML shell around the data and the bundle. Everything the page needs
// is inline (no network at view time): the data in a
// <script type="application/json"> element the bundle parses, the bundle
// (charts, country shapes, styles) in a plain <script>.
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "stargate/core/diagnostic.h"
#include "stargate/core/file_reader.h"
#include "stargate/report/report.h"

namespace stargate::report {
namespace {

namespace fs = std::filesystem;

// The first line web/build.mjs gives the bundle: how a bundle is told apart
// from any other JavaScript file.
constexpr std::string_view kBundleBanner = "/*! stargate-report-bundle";
constexpr const char* kBuildHint = "run: npm --prefix web ci && npm --prefix web run build";

std::string EscapeHtml(const std::string& text) {
  return absl::StrReplaceAll(text,
                             {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}});
}

// '<', '>' and '&' only occur inside JSON strings, where \u escapes mean the
// same characters, so the text stays valid JSON and cannot end the element.
std::string InertJson(const nlohmann::json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return absl::StrReplaceAll(text, {{"<", "\\u003c"}, {">", "\\u003e"}, {"&", "\\u0026"}});
}

// A script may not contain "</script" (it ends the element) or "<!--" (it
// changes how the parser looks for the end). Both can only occur in string
// or regular-expression literals, where "<\/" and "<\!" mean the same.
std::string InlineScript(std::string_view bundle) {
  std::string out;
  out.reserve(bundle.size());
  for (size_t i = 0; i < bundle.size(); ++i) {
    if (bundle[i] == '<' && i + 1 < bundle.size()) {
      const std::string_view rest = bundle.substr(i + 1);
      if (rest.size() >= 7 && absl::AsciiStrToLower(std::string(rest.substr(0, 7))) == "/script") {
        out += "<\\";
        continue;
      }
      if (rest.substr(0, 3) == "!--") {
        out += "<\\";
        continue;
      }
    }
    out += bundle[i];
  }
  return out;
}

}  // namespace

fs::path DefaultBundlePath(const fs::path& data_dir) {
  return (data_dir / ".." / "web" / "dist" / "report-bundle.js").lexically_normal();
}

fs::path DefaultBibliographyPath(const fs::path& data_dir) {
  return (data_dir / ".." / "docs" / "sources.md").lexically_normal();
}

absl::StatusOr<std::string> LoadBundle(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return Problem(
        absl::StatusCode::kNotFound,
        absl::StrCat("the report's chart bundle '", path.string(), "' is missing"),
        absl::StrCat("the file the web build writes (", kBuildHint, "), or --bundle FILE"));
  }
  DiagnosticList problems;
  std::optional<std::string> text = ReadFileText(path.string(), &problems);
  if (!text) return ProblemStatus(absl::StatusCode::kNotFound, problems.items());
  std::string bundle = std::move(*text);
  if (bundle.compare(0, kBundleBanner.size(), kBundleBanner) != 0) {
    return Problem(absl::StatusCode::kInvalidArgument,
                   absl::StrCat("'", path.string(), "' is not the report's chart bundle"),
                   absl::StrCat("web/dist/report-bundle.js (", kBuildHint, ")"));
  }
  return bundle;
}

std::string RenderHtml(const nlohmann::json& data, std::string_view bundle) {
  const std::string title = data.contains("title") && data["title"].is_string()
                                ? data["title"].get<std::string>()
                                : std::string("Stargate report");
  std::string html;
  html.reserve(bundle.size() + 4096);
  absl::StrAppend(
      &html,
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"stargate report\">\n<title>",
      EscapeHtml(title), "</title>\n</head>\n<body>\n<main id=\"stargate-report\">\n<h1>",
      EscapeHtml(title),
      "</h1>\n<noscript><p>This report draws its charts and tables with JavaScript, which is "
      "turned off. The same figures are in the plan directory's CSV files and in "
      "<code>stargate plan --json</code>.</p></noscript>\n</main>\n"
      "<script type=\"application/json\" id=\"stargate-report-data\">",
      InertJson(data), "</script>\n<script>\n", InlineScript(bundle),
      "\n</script>\n</body>\n</html>\n");
  return html;
}

}  // namespace stargate::report

// What the end-to-end tests read out of a report file written by `stargate
// report`: the JSON document it embeds, and the stand-in chart bundle they
// write so that no web build is needed.
#ifndef STARGATE_TESTS_REPORT_HTML_H_
#define STARGATE_TESTS_REPORT_HTML_H_

#include <nlohmann/json.hpp>
#include <string>

namespace stargate::testing {

// A file that passes for the report's chart bundle (its first line is the marker LoadBundle
// checks).
inline constexpr const char* kFakeReportBundle = "/*! stargate-report-bundle test */\n";

// The report data the page embeds; null when the page has none.
inline nlohmann::json EmbeddedReportData(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"stargate-report-data\">";
  const size_t begin = html.find(open);
  if (begin == std::string::npos) return nullptr;
  const size_t start = begin + open.size();
  return nlohmann::json::parse(html.substr(start, html.find("</script>", start) - start));
}

}  // namespace stargate::testing

#endif  // STARGATE_TESTS_REPORT_HTML_H_

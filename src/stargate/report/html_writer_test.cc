#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "stargate/report/report.h"

namespace stargate::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text of the data element, as a browser's parser would cut it.
std::string DataText(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"stargate-report-data\">";
  const size_t begin = html.find(open) + open.size();
  return html.substr(begin, html.find("</script>", begin) - begin);
}

TEST(RenderHtmlTest, DataCannotCloseItsElementAndParsesBackUnchanged) {
  const nlohmann::json data = {{"title", "Plan <b>&</b> \"quotes\""},
                               {"note", "</script><script>alert(1)</script> <!-- x"},
                               {"value", 1.5}};
  const std::string html = RenderHtml(data, "/*! stargate-report-bundle */ var s = '</script>';");
  // One closing tag for the data element and one for the bundle, none from their contents.
  EXPECT_EQ(Count(html, "</script>"), 2);
  EXPECT_THAT(DataText(html), Not(HasSubstr("<")));
  EXPECT_EQ(nlohmann::json::parse(DataText(html)), data);
  EXPECT_THAT(html, HasSubstr("<title>Plan &lt;b&gt;&amp;&lt;/b&gt; &quot;quotes&quot;</title>"));
}

TEST(RenderHtmlTest, BundleIsInlinedWithScriptEndAndCommentOpenerEscaped) {
  const std::string html = RenderHtml(
      {{"title", "t"}}, "/*! stargate-report-bundle */ a = '</SCRIPT>'; b = /<!--/; c = 1 < 2;");
  EXPECT_THAT(html, HasSubstr("a = '<\\/SCRIPT>'; b = /<\\!--/; c = 1 < 2;"));
  EXPECT_THAT(html, Not(HasSubstr("http://")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, HasSubstr("<main id=\"stargate-report\">"));
}

TEST(BundleTest, DefaultPathIsBesideTheDataDirectory) {
  EXPECT_EQ(DefaultBundlePath("/opt/stargate/data"),
            fs::path("/opt/stargate/web/dist/report-bundle.js"));
}

TEST(BundleTest, BibliographyIsBesideTheDataDirectory) {
  EXPECT_EQ(DefaultBibliographyPath("/opt/stargate/data"),
            fs::path("/opt/stargate/docs/sources.md"));
}

TEST(BundleTest, MissingBundleSaysHowToBuildIt) {
  auto bundle = LoadBundle(fs::temp_directory_path() / "no-such-dir" / "report-bundle.js");
  ASSERT_FALSE(bundle.ok());
  EXPECT_EQ(bundle.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(bundle.status().message(),
              HasSubstr("npm --prefix web ci && npm --prefix web run build"));
}

TEST(BundleTest, OnlyAFileWithTheBannerIsABundle) {
  const fs::path dir =
      fs::temp_directory_path() / ("report_bundle_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "other.js") << "console.log(1);\n";
  std::ofstream(dir / "bundle.js") << "/*! stargate-report-bundle 0.1.0 */\n(()=>{})();\n";
  auto other = LoadBundle(dir / "other.js");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  auto good = LoadBundle(dir / "bundle.js");
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_THAT(*good, HasSubstr("(()=>{})();"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stargate::report

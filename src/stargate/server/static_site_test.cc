#include "stargate/server/internal/static_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace stargate::server {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/stargate-site-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    Write(dir_ / "dist" / "index.html", "<html>dashboard</html>");
    Write(dir_ / "dist" / "assets" / "app-1234.js", "console.log(1)");
    Write(dir_ / "dist" / ".env", "SECRET=1");
    Write(dir_ / "secret.txt", "do not serve");
    fs::create_symlink(dir_ / "secret.txt", dir_ / "dist" / "link.txt");
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(StaticSiteTest, ServesFilesWithTheirTypes) {
  StaticSite site(dir_ / "dist");
  EXPECT_TRUE(site.built());
  auto index = site.Serve("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>dashboard</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  auto js = site.Serve("/assets/app-1234.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_NE(js.cache_control.find("immutable"), std::string::npos);
}

TEST_F(StaticSiteTest, RoutesWithoutExtensionGetTheIndex) {
  StaticSite site(dir_ / "dist");
  auto route = site.Serve("/plans/latest");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, "<html>dashboard</html>");
  EXPECT_EQ(site.Serve("/assets/missing.js").status, 404);
}

TEST_F(StaticSiteTest, NothingOutsideTheDirectoryIsReachable) {
  StaticSite site(dir_ / "dist");
  EXPECT_EQ(site.Serve("/../secret.txt").status, 403);
  EXPECT_EQ(site.Serve("/assets/../../secret.txt").status, 403);
  EXPECT_EQ(site.Serve("/..\\secret.txt").status, 403);
  EXPECT_EQ(site.Serve("/link.txt").status, 403);  // a symbolic link out of it
  EXPECT_EQ(site.Serve("/.env").status, 404);
  EXPECT_TRUE(site.Serve("/link.txt").body.empty());
}

TEST_F(StaticSiteTest, WithoutABuildTheStartPageSaysHowToMakeOne) {
  StaticSite site(dir_ / "nothing");
  EXPECT_FALSE(site.built());
  auto page = site.Serve("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("npm ci &amp;&amp; npm run build"), std::string::npos);
  EXPECT_EQ(site.Serve("/app.js").status, 404);
}

}  // namespace
}  // namespace stargate::server

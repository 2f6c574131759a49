#include "stargate/server/dispatch.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "stargate/server/service.h"

namespace stargate::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kViewer[] = "viewer-token-aaaaaaaaaaaa";

// A Service over the shipped data with one viewer token and a dashboard
// build of one page; requests go straight to the Dispatcher (no socket).
class DispatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/stargate-dispatch-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = new fs::path(pattern);
    fs::create_directories(*dir_ / "dist");
    std::ofstream(*dir_ / "dist" / "index.html") << "<html>dashboard</html>";
    std::ofstream(*dir_ / "tokens.txt") << kViewer << " viewer vera\n";
    ServerOptions options;
    options.data_dir = fs::path(STARGATE_SOURCE_DIR) / "data";
    options.tokens_file = *dir_ / "tokens.txt";
    options.web_dir = *dir_ / "dist";
    options.max_body_bytes = 1024;
    std::ostringstream log;
    auto service = Service::Create(options, log);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = service->release();
    dispatcher_ = new Dispatcher(*service_);
  }
  static void TearDownTestSuite() {
    delete dispatcher_;
    delete service_;
    fs::remove_all(*dir_);
    delete dir_;
  }

  static HttpRequest Request(const std::string& method, const std::string& target,
                             const std::string& token = "", const std::string& body = "") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.path = TargetPath(target);
    if (!token.empty()) request.headers.Add("authorization", "Bearer " + token);
    request.body = body;
    return request;
  }
  static HttpResponse Run(const std::string& method, const std::string& target,
                          const std::string& token = "", const std::string& body = "") {
    HttpResponse response;
    dispatcher_->Handle(Request(method, target, token, body), response);
    return response;
  }
  static bool Offloads(const std::string& method, const std::string& target,
                       const std::string& token = kViewer, const std::string& body = "") {
    return dispatcher_->Offloads(Request(method, target, token, body));
  }
  static std::string Code(const HttpResponse& r) { return json::parse(r.body)["error"]["code"]; }

  static fs::path* dir_;
  static Service* service_;
  static Dispatcher* dispatcher_;
};
fs::path* DispatchTest::dir_ = nullptr;
Service* DispatchTest::service_ = nullptr;
Dispatcher* DispatchTest::dispatcher_ = nullptr;

TEST_F(DispatchTest, ApiAnswersAreJsonNoStoreAndNosniff) {
  const HttpResponse r = Run("GET", "/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store");
  EXPECT_EQ(r.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(json::parse(r.body)["ok"], true);
  // HEAD is routed like GET; the transport leaves the body out.
  EXPECT_EQ(Run("HEAD", "/api/health").status, 200);
}

TEST_F(DispatchTest, TokensRolesAndMethods) {
  const HttpResponse none = Run("GET", "/api/scenario");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(Code(none), "unauthorized");
  EXPECT_EQ(none.headers.Get("WWW-Authenticate"), "Bearer realm=\"stargate\"");
  EXPECT_EQ(Run("GET", "/api/scenario", kViewer).status, 200);
  const HttpResponse forbidden = Run("POST", "/api/plans", kViewer, "{}");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(Code(forbidden), "forbidden");
  const HttpResponse put = Run("PUT", "/api/check", kViewer);
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(put.headers.Get("Allow"), "POST");
  EXPECT_EQ(Code(put), "method_not_allowed");
  EXPECT_EQ(Code(Run("GET", "/api/nothing", kViewer)), "not_found");
}

TEST_F(DispatchTest, QueryParametersComeFromTheTarget) {
  const HttpResponse r = Run("GET", "/api/tier/DE?date=2025%2D06%2D01", kViewer);
  EXPECT_EQ(r.status, 200) << r.body;
  const HttpResponse typo = Run("POST", "/api/check?recrod=true", kViewer, "{}");
  EXPECT_EQ(typo.status, 400);
  EXPECT_NE(typo.body.find("did you mean 'record'"), std::string::npos) << typo.body;
}

TEST_F(DispatchTest, ControlCharactersInThePathOrQueryAre400) {
  const std::vector<std::string> targets = {"/api/countries%00x",
                                            "/api/health%0a",
                                            "/api/tier/DE%7f",
                                            "/index.html%00.png",
                                            std::string("/api/countries\0x", 16),
                                            "/api/tier/DE?date=2025-06-01%00",
                                            "/api/tier/DE?regime%0d=by_date"};
  for (const std::string& target : targets) {
    const HttpResponse r = Run("GET", target, kViewer);
    EXPECT_EQ(r.status, 400) << target << ": " << r.body;
    EXPECT_NE(r.body.find("control character"), std::string::npos) << r.body;
    EXPECT_FALSE(Offloads("GET", target)) << target;
  }
  EXPECT_EQ(Run("GET", "/api/countries", kViewer).status, 200);
}

TEST_F(DispatchTest, TwoAuthorizationHeadersAre400) {
  HttpRequest request = Request("GET", "/api/ledger", kViewer);
  request.headers.Add("Authorization", std::string("Bearer ") + kViewer);
  HttpResponse r;
  dispatcher_->Handle(request, r);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("2 Authorization headers"), std::string::npos) << r.body;
  EXPECT_FALSE(dispatcher_->Offloads(request));
}

// Every route of the table, whoever wrote it, refuses a query parameter it
// does not declare before its handler runs: the check is the dispatcher's.
TEST_F(DispatchTest, EveryRouteRefusesAnUndeclaredQueryParameter) {
  int routes = 0;
  for (const Route& route : service_->router().routes()) {
    std::string target;
    for (const std::string& segment : route.segments)
      target += "/" + (segment[0] == '{' ? "x" : segment);
    const HttpResponse r = Run(route.method, target + "?zz_unknown=1", kViewer);
    if (r.status == 403) continue;  // a viewer may not call it: refused even sooner
    EXPECT_EQ(r.status, 400) << route.method << " " << target << ": " << r.body;
    EXPECT_NE(r.body.find("query parameter 'zz_unknown' is not known on " + route.method + " " +
                          route.pattern),
              std::string::npos)
        << r.body;
    ++routes;
  }
  EXPECT_GE(routes, 15);
  const HttpResponse twice = Run("GET", "/api/tier/DE?date=2025-01-01&date=2026-01-01", kViewer);
  EXPECT_EQ(twice.status, 400);
  EXPECT_NE(twice.body.find("'date' is given 2 times"), std::string::npos) << twice.body;
  const HttpResponse near =
      Run("GET", "/api/regimes/diff?a=oct-2023&b=oct-2023&contry=DE", kViewer);
  EXPECT_NE(near.body.find("did you mean 'country'"), std::string::npos) << near.body;
  EXPECT_NE(near.body.find("only a, b, country, date on GET /api/regimes/diff"), std::string::npos)
      << near.body;
}

TEST_F(DispatchTest, DashboardFilesAndTheirRefusals) {
  const HttpResponse index = Run("GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>dashboard</html>");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(index.headers.Get("Cache-Control"), "no-cache");
  EXPECT_EQ(index.headers.Get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Run("GET", "/%2e%2e/tokens.txt").status, 403);
  const HttpResponse post = Run("POST", "/index.html");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.headers.Get("Allow"), "GET, HEAD");
}

TEST_F(DispatchTest, SlowRoutesGoToTheWorkersFastOnesStayInline) {
  EXPECT_FALSE(Offloads("GET", "/api/health"));
  EXPECT_FALSE(Offloads("GET", "/api/scenario"));
  EXPECT_FALSE(Offloads("GET", "/"));
  EXPECT_FALSE(Offloads("GET", "/api/nothing"));
  EXPECT_FALSE(Offloads("PUT", "/api/ledger"));
  EXPECT_TRUE(Offloads("GET", "/api/ledger"));
  EXPECT_TRUE(Offloads("GET", "/api/tier/DE"));  // may solve the server's plan once
  EXPECT_TRUE(Offloads("GET", "/api/tier/DE?chip=plan=none"));
  EXPECT_FALSE(Offloads("GET", "/api/tier/DE?date=2025-06-01&plan=none"));
  EXPECT_TRUE(Offloads("GET", "/api/ledger/verify"));
  EXPECT_TRUE(Offloads("GET", "/api/regimes/diff?a=oct-2023&b=ai-diffusion-2025"));
  EXPECT_TRUE(Offloads("GET", "/api/finance"));
  EXPECT_TRUE(Offloads("POST", "/api/screen", kViewer, R"({"names": ["Acme"]})"));
  EXPECT_TRUE(Offloads("GET", "/api/jobs/plan-1-000000"));
  // A check is slow when it records or is a large batch.
  const std::string one = R"({"id": "s1"})";
  EXPECT_FALSE(Offloads("POST", "/api/check", kViewer, one));
  EXPECT_FALSE(Offloads("POST", "/api/check?trace=false&record=false", kViewer, one));
  EXPECT_FALSE(Offloads("POST", "/api/check?record=0", kViewer, one));
  EXPECT_TRUE(Offloads("POST", "/api/check?record=true", kViewer, one));
  EXPECT_TRUE(Offloads("POST", "/api/check?trace=false&record", kViewer, one));
  EXPECT_TRUE(Offloads("POST", "/api/check", kViewer, std::string(64u << 10, ' ')));
  // Refused at once, without a worker: no token, an unknown one.
  EXPECT_FALSE(Offloads("GET", "/api/ledger", ""));
  EXPECT_FALSE(Offloads("GET", "/api/ledger", "not-a-known-token-at-all"));
}

TEST_F(DispatchTest, TheTransportsRefusalsHaveTheErrorBody) {
  HttpRequest request;
  request.method = "POST";
  request.target = request.path = "/api/check";
  HttpResponse large;
  dispatcher_->Refuse(request, Dispatcher::Refusal::kTooLarge, large);
  EXPECT_EQ(large.status, 413);
  EXPECT_EQ(Code(large), "too_large");
  EXPECT_NE(large.body.find("larger than 1024 bytes"), std::string::npos) << large.body;
  EXPECT_EQ(large.headers.Get("Cache-Control"), "no-store");
  HttpResponse stopping;
  dispatcher_->Refuse(request, Dispatcher::Refusal::kShuttingDown, stopping);
  EXPECT_EQ(stopping.status, 503);
  EXPECT_EQ(Code(stopping), "unavailable");
  HttpResponse busy;
  dispatcher_->Refuse(request, Dispatcher::Refusal::kBusy, busy);
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(Code(busy), "unavailable");
  EXPECT_EQ(busy.headers.Get("Retry-After"), "1");
  HttpResponse uri;
  dispatcher_->Refuse(request, Dispatcher::Refusal::kUriTooLong, uri);
  EXPECT_EQ(uri.status, 414);
  EXPECT_EQ(Code(uri), "uri_too_long");
  EXPECT_NE(uri.body.find("longer than 8192 bytes"), std::string::npos) << uri.body;
  HttpResponse headers;
  dispatcher_->Refuse(request, Dispatcher::Refusal::kHeadersTooLarge, headers);
  EXPECT_EQ(headers.status, 431);
  EXPECT_EQ(Code(headers), "headers_too_large");
  EXPECT_EQ(headers.headers.Get("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace stargate::server

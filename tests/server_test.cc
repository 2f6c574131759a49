// The HTTP API end to end: the real `stargate serve` on a loopback port,
// driven with httplib's client. Auth and roles, bad requests with clear
// bodies, the size limits, path traversal, background jobs, hostile JSON, and
// responses that match the CLI's --json output. The writes (a ledger shared by
// concurrent checks, SIGTERM, checkpoints, slow requests) are in
// server_writes_test.cc.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// One server with tokens shared by the read-only tests.
class ServerTest : public SharedServerTest {};

TEST_F(ServerTest, HealthNeedsNoToken) {
  auto r = server_->Client().Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["ok"], true);
  EXPECT_TRUE(Body(r)["version"].is_string());
}

TEST_F(ServerTest, EverythingElseNeedsAKnownToken) {
  auto client = server_->Client();
  auto none = client.Get("/api/scenario");
  ExpectError(none, 401, "unauthorized", "needs a bearer token");
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer realm=\"stargate\"");
  ExpectError(client.Get("/api/scenario", Bearer("not-a-known-token-at-all")), 401, "unauthorized",
              "not known");
  ExpectError(client.Get("/api/scenario", {{"Authorization", "Basic dXNlcjpwYXNz"}}), 401,
              "unauthorized", "Bearer <token>");
  auto ok = client.Get("/api/scenario", Bearer(kViewer));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(ServerTest, WritesNeedTheirRole) {
  auto client = server_->Client();
  ExpectError(client.Post("/api/plans", Bearer(kViewer), "{}", "application/json"), 403,
              "forbidden", "needs the planner role");
  ExpectError(client.Delete("/api/jobs/plan-1-000000", Bearer(kViewer)), 403, "forbidden");
  ExpectError(client.Post("/api/simulations", Bearer(kViewer), "{}", "application/json"), 403,
              "forbidden");
  const std::string shipment = Tenth("s1").dump();
  ExpectError(client.Post("/api/check?record=true", Bearer(kPlanner), shipment, "application/json"),
              403, "forbidden", "compliance role");
  // The compliance role passes the role check; this server has no ledger.
  ExpectError(
      client.Post("/api/check?record=true", Bearer(kCompliance), shipment, "application/json"), 409,
      "conflict", "no ledger");
  // Checking without recording is a read.
  auto read = client.Post("/api/check", Bearer(kViewer), shipment, "application/json");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200) << read->body;
}

TEST_F(ServerTest, AFormEncodedJsonBodyIsReadAsTheBody) {
  // What `curl -d '{...}'` sends: the body must not pass for query parameters.
  auto r = server_->Client().Post("/api/check", Bearer(kViewer), Tenth("s1").dump(),
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["decisions"][0]["id"], "s1");
}

TEST_F(ServerTest, BadRequestsSayWhatWasExpected) {
  auto client = server_->Client();
  auto malformed = client.Post("/api/check", Bearer(kViewer), "{\"id\": \"s1\",\n \"date\": }",
                               "application/json");
  ExpectError(malformed, 400, "bad_request", "line 2");
  auto unknown =
      client.Post("/api/check", Bearer(kViewer),
                  R"({"id": "s1", "date": "2025-03-01", "accelerator": "H100-SMX", "quantity": 8,
                                 "destination": "DE", "consignee": "Acme"})",
                  "application/json");
  ExpectError(unknown, 400, "bad_request", "did you mean 'H100-SXM'");
  ASSERT_TRUE(Body(unknown)["error"]["problems"].is_array());
  EXPECT_EQ(Body(unknown)["error"]["problems"][0]["line"], 1);
  ExpectError(client.Post("/api/check?regime=ai-difusion-2025", Bearer(kViewer), Tenth("s1").dump(),
                          "application/json"),
              400, "bad_request", "did you mean 'ai-diffusion-2025'");
  ExpectError(client.Post("/api/check?recrod=true", Bearer(kViewer), Tenth("s1").dump(),
                          "application/json"),
              400, "bad_request", "did you mean 'record'");
  ExpectError(client.Post("/api/check", Bearer(kViewer), "", "application/json"), 400,
              "bad_request", "no body");
  ExpectError(client.Get("/api/tier/DE?date=2025-13-45", Bearer(kViewer)), 400, "bad_request",
              "not a calendar date");
  ExpectError(client.Get("/api/tier/ZZ", Bearer(kViewer)), 404, "not_found", "'ZZ'");
  ExpectError(client.Get("/api/regimes/oct2023", Bearer(kViewer)), 404, "not_found",
              "did you mean 'oct-2023'");
  ExpectError(client.Get("/api/regimes/diff?a=oct-2023", Bearer(kViewer)), 400, "bad_request",
              "two regimes");
  ExpectError(
      client.Post("/api/plans", Bearer(kPlanner), R"({"objective": "speed"})", "application/json"),
      400, "bad_request", "'objective'");
  ExpectError(
      client.Post("/api/plans", Bearer(kPlanner), R"({"regim": "by_date"})", "application/json"),
      400, "bad_request", "did you mean 'regime'");
  ExpectError(client.Get("/api/nothing", Bearer(kViewer)), 404, "not_found", "no API endpoint");
  auto put = client.Put("/api/check", Bearer(kViewer), "{}", "application/json");
  ExpectError(put, 405, "method_not_allowed");
  EXPECT_EQ(put->get_header_value("Allow"), "POST");
  ExpectError(client.Get("/api/jobs/nope-1-000000", Bearer(kViewer)), 404, "not_found");
  ExpectError(client.Get("/api/ledger", Bearer(kViewer)), 409, "conflict", "no ledger");
  // The shipped lists are loaded by default: screening is answered.
  auto screened =
      client.Post("/api/screen", Bearer(kViewer), R"({"names": ["Acme"]})", "application/json");
  ASSERT_TRUE(screened);
  EXPECT_EQ(screened->status, 200) << screened->body;
}

TEST_F(ServerTest, ResponsesMatchTheCli) {
  auto client = server_->Client();
  const auto same = [&](const std::string& path, const std::vector<std::string>& cli) {
    auto r = client.Get(path, Bearer(kViewer));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << path << ": " << r->body;
    const CliResult c = RunStargate(cli);
    ASSERT_EQ(c.exit_code, 0) << c.err;
    EXPECT_EQ(Body(r), json::parse(c.out)) << path;
  };
  same("/api/scenario", {"validate", "--json"});
  same("/api/accelerators", {"show", "accelerators", "--json"});
  same("/api/countries", {"show", "countries", "--json"});
  same("/api/sites", {"show", "sites", "--json"});
  same("/api/financiers", {"show", "financiers", "--json"});
  same("/api/regimes", {"regime", "list", "--json"});
  same("/api/regimes/ai-diffusion-2025", {"regime", "show", "ai-diffusion-2025", "--json"});
  same(
      "/api/regimes/diff?a=ai-diffusion-2025&b=post-rescission-2025&country=AE",
      {"regime", "diff", "ai-diffusion-2025", "post-rescission-2025", "--country", "AE", "--json"});
  // plan=none: the CLI has no plan without --plan (tier_partner_test compares them with one).
  same("/api/tier/de?date=2025-06-01&plan=none", {"tier", "DE", "--date", "2025-06-01", "--json"});
  same("/api/tier/AE?date=2025-06-01&regime=partner-program&plan=none",
       {"tier", "AE", "--date", "2025-06-01", "--regime", "partner-program", "--json"});

  const std::string batch = json::array({Tenth("a"), Tenth("b")}).dump();
  auto r = client.Post("/api/check", Bearer(kViewer), batch, "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const CliResult c = RunStargate({"check", "-", "--json"}, batch);
  EXPECT_EQ(Body(r), json::parse(c.out));
}

TEST_F(ServerTest, HeadIsAnsweredLikeGetWithoutABody) {
  auto client = server_->Client();
  auto get = client.Get("/api/health");
  auto head = client.Head("/api/health");
  ASSERT_TRUE(get);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(get->body.size()));
  EXPECT_EQ(head->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(head->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServerTest, OneConnectionCarriesSeveralRequests) {
  // Written at once (pipelined): each is answered on the same connection, in order.
  const std::string text =
      RawExchange(server_->port(),
                  absl::StrCat("GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n",
                               "GET /api/nothing HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer ",
                               kViewer, "\r\nConnection: close\r\n\r\n"));
  const size_t ok = text.find("HTTP/1.1 200");
  const size_t missing = text.find("HTTP/1.1 404");
  ASSERT_NE(ok, std::string::npos) << text;
  ASSERT_NE(missing, std::string::npos) << text;
  EXPECT_LT(ok, missing);
  EXPECT_NE(text.find("\"not_found\""), std::string::npos) << text;
}

TEST_F(ServerTest, ALongTargetOrLargeHeadersGetJsonErrors) {
  auto client = server_->Client();
  ExpectError(client.Get("/api/health?pad=" + std::string(9000, 'a')), 414, "uri_too_long",
              "longer than 8192 bytes");
  ExpectError(client.Get("/api/health", {{"X-Pad", std::string(40000, 'b')}}), 431,
              "headers_too_large", "more than 32768 bytes");
  httplib::Headers many;
  for (int i = 0; i < 40; ++i) many.emplace(absl::StrCat("X-Pad-", i), std::string(1000, 'c'));
  ExpectError(client.Get("/api/health", many), 431, "headers_too_large");
  // Just under both limits reaches the handler (which knows no such regime).
  ExpectError(client.Get("/api/regimes/" + std::string(8000, 'a'),
                         {{"X-Pad", std::string(30000, 'b')},
                          {"Authorization", std::string("Bearer ") + kViewer}}),
              404, "not_found", "is not known");
}

TEST_F(ServerTest, DashboardWithoutABuildSaysHowToBuildIt) {
  auto client = server_->Client();
  auto r = client.Get("/");
  ASSERT_TRUE(r);
  // The repository's web/dist may or may not be built; either way / answers.
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

// A dashboard directory next to a file that must never be served.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    WriteFile(dir_ + "/dist/index.html", "<html>the dashboard</html>");
    WriteFile(dir_ + "/dist/assets/app.js", "export {}");
    WriteFile(dir_ + "/secret.txt", "TOP SECRET");
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{"--web", dir_ + "/dist"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StaticFilesTest, ServesTheDashboardAndNothingOutsideIt) {
  auto client = server_->Client();
  auto index = client.Get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<html>the dashboard</html>");
  auto js = client.Get("/assets/app.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  for (const std::string path : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                                 "/assets/..%2f..%2fsecret.txt", "/..%5csecret.txt"}) {
    auto r = client.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_TRUE(r->status == 403 || r->status == 404 || r->status == 400)
        << path << " -> " << r->status;
    EXPECT_EQ(r->body.find("TOP SECRET"), std::string::npos) << path;
  }
  ExpectError(client.Get("/assets/../../secret.txt"), 403, "forbidden");
  ExpectError(client.Get("/missing.js"), 404, "not_found");
  ExpectError(client.Post("/index.html", "x", "text/plain"), 405, "method_not_allowed");
}

TEST(ServerLimitsTest, ABodyOverTheLimitIs413) {
  ServerProcess server({"--max-body-mib", "1"});
  auto client = server.Client();
  const std::string big(2u << 20, ' ');
  ExpectError(client.Post("/api/check", big, "application/json"), 413, "too_large",
              "larger than 1048576 bytes");
  // The server is still serving.
  auto r = client.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServerLimitsTest, ABodyOverTheLimitIsNeverReadIn) {
  ServerProcess server({"--max-body-mib", "1"});
  auto client = server.Client();
  // Chunked, so that the size is only known while it arrives.
  const std::string piece(64u << 10, ' ');
  auto chunked = client.Post(
      "/api/check",
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset >= (2u << 20)) {
          sink.done();
          return true;
        }
        return sink.write(piece.data(), piece.size());
      },
      "application/json");
  ExpectError(chunked, 413, "too_large", "larger than 1048576 bytes");
  // A client that waits for "100 Continue" is answered at once and sends nothing.
  const std::string text =
      RawExchange(server.port(),
                  "POST /api/check HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                  "Content-Length: 2097152\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(text.rfind("HTTP/1.1 413", 0), 0u) << text;
  EXPECT_NE(text.find("\"too_large\""), std::string::npos) << text;
  auto r = client.Get("/api/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(ServerLimitsTest, WithoutTokensItStaysOnLoopbackAndSaysSo) {
  ServerProcess open({});
  EXPECT_NE(open.err().find("warning: no --tokens file"), std::string::npos);
  auto r = open.Client().Post("/api/check?record=true", Tenth("s1").dump(), "application/json");
  ExpectError(r, 409, "conflict", "no ledger");  // allowed as compliance, but nothing to record in
  const CliResult refused = RunStargate({"serve", "--host", "0.0.0.0", "--port", "0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("binds loopback only"), std::string::npos) << refused.err;
}

TEST(ServerTokensTest, AMalformedTokensFileStopsTheServerWithItsLine) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/tokens.txt", "short viewer alice\n");
  const CliResult r = RunStargate({"serve", "--port", "0", "--tokens", dir + "/tokens.txt"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tokens.txt:1:1: token is 5 characters long"), std::string::npos) << r.err;
  std::filesystem::remove_all(dir);
}

// Polls a job until it is final.
json AwaitJob(httplib::Client& client, const std::string& id, const std::string& token) {
  const auto deadline = std::chrono::steady_clock::now() + 300s;
  json job;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = client.Get("/api/jobs/" + id, Bearer(token));
    if (!r || r->status != 200) return json();
    job = Body(r);
    const std::string state = job["state"];
    if (state == "done" || state == "failed" || state == "cancelled") return job;
    EXPECT_GE(job["progress"].get<double>(), 0);
    EXPECT_LE(job["progress"].get<double>(), 1);
    std::this_thread::sleep_for(20ms);
  }
  ADD_FAILURE() << "job " << id << " did not finish: " << job.dump();
  return job;
}

class JobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--tokens", TokensFile(dir_), "--scenario",
                                 SourceDir() + "/data/scenarios/small.yaml", "--job-workers", "1"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(JobsTest, APlanRunsInTheBackgroundAndMatchesTheCli) {
  auto client = server_->Client();
  auto submitted =
      client.Post("/api/plans", Bearer(kPlanner), R"({"objective": "cost"})", "application/json");
  ASSERT_TRUE(submitted);
  ASSERT_EQ(submitted->status, 202) << submitted->body;
  const std::string id = Body(submitted)["job"];
  const json job = AwaitJob(client, id, kViewer);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["kind"], "plan");
  EXPECT_EQ(job["progress"], 1.0);
  EXPECT_EQ(job["submitted_by"], "pat");
  const CliResult cli = RunStargate(
      {"plan", SourceDir() + "/data/scenarios/small.yaml", "--objective", "cost", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const json expected = json::parse(cli.out);
  EXPECT_EQ(job["result"]["status"], expected["status"]);
  EXPECT_NEAR(job["result"]["objective"].get<double>(), expected["objective"].get<double>(),
              1e-6 * std::abs(expected["objective"].get<double>()));

  auto list = client.Get("/api/jobs", Bearer(kViewer));
  ASSERT_TRUE(list);
  ASSERT_EQ(Body(list)["jobs"].size(), 1u);
  EXPECT_FALSE(Body(list)["jobs"][0].contains("result"));

  // Finance over that plan.
  auto finance = client.Get("/api/finance?job=" + id, Bearer(kViewer));
  ASSERT_TRUE(finance);
  EXPECT_EQ(finance->status, 200) << finance->body;
  EXPECT_TRUE(Body(finance).contains("financiers")) << finance->body;
  ExpectError(client.Delete("/api/jobs/" + id, Bearer(kPlanner)), 409, "conflict",
              "already finished");
}

TEST_F(JobsTest, QueuedAndRunningJobsCanBeCancelled) {
  auto client = server_->Client();
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = client.Post("/api/plans", Bearer(kPlanner), R"({"milp": true})", "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
    ids.push_back(Body(r)["job"]);
  }
  // One worker: the last job is still waiting when it is cancelled.
  auto cancelled = client.Delete("/api/jobs/" + ids[2], Bearer(kPlanner));
  ASSERT_TRUE(cancelled);
  ASSERT_EQ(cancelled->status, 200) << cancelled->body;
  EXPECT_EQ(Body(cancelled)["state"], "cancelled");
  const json last = AwaitJob(client, ids[2], kViewer);
  EXPECT_EQ(last["state"], "cancelled");
  EXPECT_TRUE(last["result"].is_null());
  EXPECT_TRUE(last["started_at"].is_null());  // it never ran
  const json first = AwaitJob(client, ids[0], kViewer);
  EXPECT_EQ(first["state"], "done");
  auto finance = client.Get("/api/finance?job=" + ids[2], Bearer(kViewer));
  ASSERT_TRUE(finance);
  ExpectError(finance, 409, "conflict", "cancelled");
}

TEST_F(JobsTest, ASimulationRunsOverAPlanJob) {
  auto client = server_->Client();
  auto plan = client.Post("/api/plans", Bearer(kPlanner), "{}", "application/json");
  ASSERT_TRUE(plan);
  const std::string plan_id = Body(plan)["job"];
  ASSERT_EQ(AwaitJob(client, plan_id, kViewer)["state"], "done");
  auto sim = client.Post("/api/simulations", Bearer(kPlanner),
                         json{{"runs", 200}, {"seed", 7}, {"plan_job", plan_id}}.dump(),
                         "application/json");
  ASSERT_TRUE(sim);
  ASSERT_EQ(sim->status, 202) << sim->body;
  const json job = AwaitJob(client, Body(sim)["job"], kViewer);
  ASSERT_EQ(job["state"], "done") << job.dump();
  EXPECT_EQ(job["kind"], "simulation");
  EXPECT_EQ(job["result"]["runs"], 200);
  EXPECT_EQ(job["result"]["seed"], 7);
  EXPECT_FALSE(job["result"]["metrics"].empty());
  ExpectError(
      client.Post("/api/simulations", Bearer(kPlanner), R"({"runs": 0})", "application/json"), 400,
      "bad_request", "'runs'");
}

// Issue 15: hostile JSON bodies are 400s with a located message, never a
// crash (60,000 nested arrays once killed the server) or a 500.
TEST_F(ServerTest, HostileJsonBodiesAreLocatedBadRequests) {
  auto client = server_->Client();
  const std::string deep = std::string(60000, '[') + std::string(60000, ']');
  auto r = client.Post("/api/check", Bearer(kViewer), deep, "application/json");
  ExpectError(r, 400, "bad_request",
              "line 1, column 65: values are nested more than 64 levels deep");
  EXPECT_EQ(Body(r)["error"]["problems"][0]["column"], 65);
  const std::string record =
      R"({"id": "s1", "date": "2025-03-01", "accelerator": "H100-SXM", "destination": "DE", "consignee": "A", )";
  ExpectError(client.Post("/api/check", Bearer(kViewer),
                          record + R"("quantity": 1, "quantity": 100000})", "application/json"),
              400, "bad_request", "duplicate key 'quantity'");
  ExpectError(client.Post("/api/check", Bearer(kViewer), record + R"("quantity": 1e400})",
                          "application/json"),
              400, "bad_request", "the number 1e400 is out of range");
  // Bodies read as generic JSON (jobs) go through the same reader.
  ExpectError(client.Post("/api/plans", Bearer(kPlanner), deep, "application/json"), 400,
              "bad_request", "line 1, column 65: values are nested more than 64 levels deep");
  ExpectError(client.Post("/api/plans", Bearer(kPlanner),
                          R"({"regime": "by_date", "regime": "oct-2023"})", "application/json"),
              400, "bad_request", "duplicate key 'regime'");
  // And the server is still there.
  auto health = client.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

}  // namespace
}  // namespace stargate::testing

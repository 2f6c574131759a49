// The HTTP API end to end: the real `stargate serve` on a loopback port,
// driven with httplib's client. Auth and roles, bad requests with clear
// bodies, the size limits, path traversal, background jobs, concurrent
// recorded checks against one cap on a SQLite ledger, slow requests on the
// worker pool (held behind the ledger's write lock), SIGTERM shutdown, and
// responses that match the CLI's --json output.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// A licensed shipment to the UAE of a tenth of its 18,000,000,000 TPP annual
// quota for 2025 under the rules in force in June 2025 (post-rescission-2025);
// past the quota a shipment is prohibited.
json Tenth(const std::string& id) {
  return {{"id", id},
          {"date", "2025-06-01"},
          {"accelerator", {{"tpp", 1800000}, {"die_area_mm2", 10000}}},
          {"quantity", 1000},
          {"destination", "AE"},
          {"consignee", "Acme " + id}};
}

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

// Concurrent recorded checks against one cap on a SQLite ledger.
class LedgerServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ledger_ = "sqlite:" + dir_ + "/ledger.db";
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--tokens", TokensFile(dir_), "--ledger", ledger_, "--threads", "16"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dir_, ledger_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(LedgerServerTest, ConcurrentRecordedChecksNeverTogetherExceedACap) {
  constexpr int kThreads = 8, kEach = 5;  // 40 tenths of a cap
  std::atomic<int> permitted{0}, prohibited{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto client = server_->Client();
      for (int i = 0; i < kEach; ++i) {
        const std::string id = absl::StrCat("t", t, "-", i);
        auto r = client.Post("/api/check?record=true", Bearer(kCompliance), Tenth(id).dump(),
                             "application/json");
        if (!r || r->status != 200) {
          ++failed;
          continue;
        }
        const json decision = Body(r)["decisions"][0];
        (decision["outcome"] == "license_required" ? permitted : prohibited)++;
        // The consignee's screening entry, then the decision.
        if (Body(r)["recorded"]["count"] != 2) ++failed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(permitted, 10);
  EXPECT_EQ(prohibited, kThreads * kEach - 10);

  auto client = server_->Client();
  auto tier = client.Get("/api/tier/AE?date=2025-06-01", Bearer(kViewer));
  ASSERT_TRUE(tier);
  ASSERT_EQ(tier->status, 200);
  EXPECT_EQ(Body(tier)["caps"][0]["used_tpp"], 18000000000.0);
  EXPECT_EQ(Body(tier)["caps"][0]["remaining_tpp"], 0.0);

  auto page = client.Get("/api/ledger?limit=25", Bearer(kViewer));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  EXPECT_EQ(Body(page)["count"], 25);
  EXPECT_EQ(Body(page)["next_after"], 25);
  auto rest = client.Get("/api/ledger?after=25&limit=100", Bearer(kViewer));
  EXPECT_EQ(Body(rest)["count"], 2 * kThreads * kEach - 25);
  EXPECT_EQ(Body(rest)["entries"][0]["seq"], 26);
  EXPECT_EQ(Body(rest)["entries"][0]["kind"], "shipment_decision");
  EXPECT_EQ(Body(rest)["entries"][0]["entry"]["recorded_by"], "carl");
  auto verify = client.Get("/api/ledger/verify", Bearer(kViewer));
  ASSERT_TRUE(verify);
  EXPECT_EQ(Body(verify)["ok"], true) << verify->body;
  EXPECT_EQ(Body(verify)["entries_checked"], 2 * kThreads * kEach);

  // The CLI reads the same ledger.
  const CliResult totals =
      RunStargate({"ledger", "totals", "cap:post-rescission-2025/us-uae-2025-quota/AE/2025",
                   "--ledger", ledger_, "--json"});
  ASSERT_EQ(totals.exit_code, 0) << totals.err;
  EXPECT_EQ(json::parse(totals.out)["totals"]["cap:post-rescission-2025/us-uae-2025-quota/AE/2025"],
            18000000000.0);
  // ... and counts what the server recorded against the cap.
  const CliResult check =
      RunStargate({"check", "-", "--ledger", ledger_, "--json"}, Tenth("cli").dump());
  ASSERT_FALSE(check.out.empty()) << check.err;
  EXPECT_EQ(json::parse(check.out)["decisions"][0]["outcome"], "prohibited") << check.out;
}

TEST_F(LedgerServerTest, SigtermFinishesInFlightWritesAndExitsZero) {
  std::atomic<int> recorded{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      auto client = server_->Client();
      client.set_read_timeout(30);
      for (int i = 0; !stop; ++i) {
        json shipment = Tenth(absl::StrCat("t", t, "-", i));
        shipment["quantity"] = 1;  // small enough that none is refused
        auto r = client.Post("/api/check?record=true", Bearer(kCompliance), shipment.dump(),
                             "application/json");
        if (!r) return;  // the server has gone
        if (r->status == 200) ++recorded;
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (recorded < 30 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  const int before_signal = recorded;
  const int exit_code = server_->Terminate();
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_GE(before_signal, 30) << server_->err();
  EXPECT_EQ(exit_code, 0) << server_->err();
  EXPECT_NE(server_->err().find("received SIGTERM"), std::string::npos) << server_->err();
  // Every answered write is in the ledger, and the ledger is intact.
  const CliResult verify = RunStargate({"ledger", "verify", "--ledger", ledger_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            2 * recorded.load());  // screening + decision each
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Issue 15: the server signs checkpoints itself, every N entries and at
// shutdown, so a rewrite behind the latest one is caught by `verify`.
TEST(CheckpointingServerTest, SignsEveryNEntriesAndAtShutdown) {
  const std::string dir = MakeTempDir();
  const std::string uri = "sqlite:" + dir + "/ledger.db";
  const std::string log = dir + "/checkpoints";
  ASSERT_EQ(RunStargate({"ledger", "keygen", "--out", dir + "/key"}).exit_code, 0);
  ServerProcess server({"--ledger", uri, "--checkpoint-key", dir + "/key", "--checkpoints", log,
                        "--checkpoint-every", "4"});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  for (const char* id : {"a", "b", "c"}) {  // two entries each: the screening, the decision
    auto r = client.Post("/api/check?record=true", Tenth(id).dump(), "application/json");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  // 6 entries: one checkpoint by count (the thread looks once a second).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (ReadText(log).empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_FALSE(ReadText(log).empty()) << server.err();
  EXPECT_EQ(server.Terminate(), 0) << server.err();
  EXPECT_NE(server.err().find("checkpoint: signed the tree head of 6 entries"), std::string::npos)
      << server.err();
  const CliResult verify = RunStargate({"ledger", "verify", "--ledger", uri, "--checkpoints", log,
                                        "--pubkey", dir + "/key.pub", "--json"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  // A rewrite behind the checkpoint: emptying the database is caught.
  std::filesystem::remove(dir + "/ledger.db");
  ASSERT_EQ(RunStargate({"ledger", "init", "--ledger", uri}).exit_code, 0);
  const CliResult emptied = RunStargate(
      {"ledger", "verify", "--ledger", uri, "--checkpoints", log, "--pubkey", dir + "/key.pub"});
  EXPECT_EQ(emptied.exit_code, 1) << emptied.out << emptied.err;
  // Checkpoint options without a key are a usage error.
  EXPECT_EQ(RunStargate({"serve", "--ledger", uri, "--checkpoint-every", "4"}).exit_code, 2);
}

// Holds SQLite's write lock on a ledger file, as another writer would, so
// that a recorded check waits for it on the server (up to the ledger's
// 30 s busy timeout): a request that is slow for a reason of its own.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK ||
        sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot lock " << path << ": " << sqlite3_errmsg(db_);
    }
  }
  ~WriteLock() { Release(); }
  void Release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

// One event thread, one worker for slow requests and room for one more to
// wait: what each test below needs to show, and nothing to hide behind.
class OffloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    ledger_path_ = dir_ + "/ledger.db";
    server_ = std::make_unique<ServerProcess>(std::vector<std::string>{
        "--tokens", TokensFile(dir_), "--ledger", "sqlite:" + ledger_path_, "--threads", "1",
        "--offload-threads", "1", "--offload-queue", "1"});
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A recorded check sent from another thread; it waits for the write lock.
  std::future<httplib::Result> RecordInBackground(const std::string& id) {
    return std::async(std::launch::async, [this, id] {
      auto client = server_->Client();
      return client.Post("/api/check?record=true", Bearer(kCompliance), Tenth(id).dump(),
                         "application/json");
    });
  }
  static void ExpectRecorded(std::future<httplib::Result>& pending) {
    ASSERT_EQ(pending.wait_for(60s), std::future_status::ready);
    const httplib::Result r = pending.get();
    ASSERT_TRUE(r) << "no response";
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(Body(r)["recorded"]["count"], 2)
        << r->body;  // the consignee's screening, the decision
  }

  std::string dir_, ledger_path_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(OffloadTest, ASlowRequestHoldsUpNoOtherConnection) {
  WriteLock lock(ledger_path_);
  auto slow = RecordInBackground("slow");
  std::this_thread::sleep_for(300ms);  // it has reached the lock by now
  // Same (only) event thread, another connection: answered while the slow one waits.
  auto client = server_->Client();
  client.set_read_timeout(5);
  const auto start = std::chrono::steady_clock::now();
  auto health = client.Get("/api/health");
  auto check = client.Post("/api/check", Bearer(kViewer), Tenth("fast").dump(), "application/json");
  auto tier = client.Get("/api/tier/IN?date=2025-06-01&plan=none",
                         Bearer(kViewer));  // without a plan: inline
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 200) << check->body;
  ASSERT_TRUE(tier);
  EXPECT_EQ(tier->status, 200) << tier->body;
  EXPECT_LT(took, 2s);
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout)
      << "the slow request did not wait for the lock";
  lock.Release();
  ExpectRecorded(slow);
}

TEST_F(OffloadTest, AFullQueueIsAnswered503WithRetryAfter) {
  WriteLock lock(ledger_path_);
  auto running = RecordInBackground("running");
  std::this_thread::sleep_for(300ms);
  auto waiting = RecordInBackground("waiting");
  std::this_thread::sleep_for(300ms);
  auto client = server_->Client();
  client.set_read_timeout(5);
  auto refused = client.Post("/api/check?record=true", Bearer(kCompliance), Tenth("refused").dump(),
                             "application/json");
  ExpectError(refused, 503, "unavailable", "busy");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "1");
  // Fast requests are not queued behind them, on the same connection even.
  auto fast = client.Post("/api/check", Bearer(kViewer), Tenth("fast").dump(), "application/json");
  ASSERT_TRUE(fast);
  EXPECT_EQ(fast->status, 200) << fast->body;
  // A request that fails authentication takes no worker's place either.
  ExpectError(client.Get("/api/ledger/verify"), 401, "unauthorized");
  lock.Release();
  ExpectRecorded(running);
  ExpectRecorded(waiting);
  const CliResult verify =
      RunStargate({"ledger", "verify", "--ledger", "sqlite:" + ledger_path_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            4);  // two checks of two entries; not the refused one
}

TEST_F(OffloadTest, SigtermAnswersAnOffloadedRequestInProgress) {
  WriteLock lock(ledger_path_);
  auto open = server_->Client();  // a keep-alive connection, open before the signal
  open.set_keep_alive(true);
  open.set_read_timeout(5);
  auto health = open.Get("/api/health");
  ASSERT_TRUE(health);
  auto slow = RecordInBackground("slow");
  std::this_thread::sleep_for(300ms);
  auto exited = std::async(std::launch::async, [this] { return server_->Terminate(); });
  // The server waits for the request, however long the lock is held...
  EXPECT_EQ(exited.wait_for(1s), std::future_status::timeout) << server_->err();
  EXPECT_EQ(slow.wait_for(0s), std::future_status::timeout);
  // ... while its event thread still refuses new requests at once.
  ExpectError(open.Get("/api/health"), 503, "unavailable", "shutting down");
  lock.Release();
  ExpectRecorded(slow);
  ASSERT_EQ(exited.wait_for(60s), std::future_status::ready);
  EXPECT_EQ(exited.get(), 0) << server_->err();
  const CliResult verify =
      RunStargate({"ledger", "verify", "--ledger", "sqlite:" + ledger_path_, "--json"});
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(json::parse(verify.out)["entries_checked"],
            2);  // the consignee's screening, the decision
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

// The partner's view end to end, through both doors: `stargate tier` and
// GET /api/tier/{country} give the same answer for the same country, date,
// regime and plan (the CLI reads the plan `stargate plan --out` wrote, the
// server solves the same scenario itself); countries are found by name or
// code in any case in CLI arguments, shipment files and the API, with a
// "did you mean" for a misspelt name.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using nlohmann::json;

std::string SmallScenario() { return SourceDir() + "/data/scenarios/small.yaml"; }

// Equal JSON, numbers within a relative 1e-6 (a plan read back from its CSV
// files against the same plan in memory).
void ExpectSame(const json& a, const json& b, const std::string& path) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    EXPECT_LE(std::fabs(x - y), 1e-6 * std::max({1.0, std::fabs(x), std::fabs(y)}))
        << path << ": " << x << " vs " << y;
    return;
  }
  ASSERT_EQ(a.type(), b.type()) << path << ": " << a.dump() << " vs " << b.dump();
  if (a.is_object()) {
    ASSERT_EQ(a.size(), b.size()) << path << ": " << a.dump() << " vs " << b.dump();
    for (auto it = a.begin(); it != a.end(); ++it) {
      ASSERT_TRUE(b.contains(it.key())) << path << "/" << it.key();
      ExpectSame(it.value(), b[it.key()], path + "/" + it.key());
    }
  } else if (a.is_array()) {
    ASSERT_EQ(a.size(), b.size()) << path;
    for (size_t i = 0; i < a.size(); ++i) ExpectSame(a[i], b[i], path + "/" + std::to_string(i));
  } else {
    EXPECT_EQ(a, b) << path;
  }
}

class TierPartnerTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(TierPartnerTest, CliAndApiGiveTheSameAnswerWithThePlanByYear) {
  const std::string out = dir_ + "/plan";
  const CliResult plan = RunStargate({"plan", SmallScenario(), "--out", out});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  const std::vector<std::string> when = {"--date", "2026-06-01", "--regime", "ai-diffusion-2025"};
  std::vector<std::string> args = {"tier",       "United Arab Emirates", "--plan", out,
                                   "--scenario", SmallScenario(),        "--json"};
  args.insert(args.end(), when.begin(), when.end());
  const CliResult cli = RunStargate(args);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  json from_cli = json::parse(cli.out);

  ServerProcess server({"--scenario", SmallScenario()});
  ASSERT_GT(server.port(), 0) << server.err();
  auto answer = server.Client().Get("/api/tier/uae?date=2026-06-01&regime=ai-diffusion-2025");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  json from_api = json::parse(answer->body);

  // What a minister reads: the cap in H100 and chips of the current generation, and the plan by
  // year.
  EXPECT_EQ(from_cli["country"], "AE");
  EXPECT_EQ(from_cli["tier"], "tier2");
  ASSERT_FALSE(from_cli["caps"].empty());
  EXPECT_NEAR(from_cli["caps"][0]["limit_h100e"].get<double>(),
              from_cli["caps"][0]["limit_tpp"].get<double>() /
                  from_cli["reference_chips"]["h100"]["tpp"].get<double>(),
              1e-6);
  EXPECT_EQ(from_cli["reference_chips"]["current"]["id"], "GB300");
  ASSERT_FALSE(from_cli["plan_by_year"].empty());
  double h100e = 0;
  for (const auto& y : from_cli["plan_by_year"]) h100e += y["h100e"].get<double>();
  EXPECT_GT(h100e, 0) << "small.yaml's AE site gets chips: " << from_cli["plan_by_year"].dump();
  EXPECT_EQ(cli.out.find("(source:"), std::string::npos);

  // The same answer but for where each door's plan came from.
  from_cli.erase("plan");
  from_api.erase("plan");
  ExpectSame(from_cli, from_api, "");
  EXPECT_EQ(server.Terminate(), 0);
}

TEST_F(TierPartnerTest, CountriesByNameOrCodeInAnyCaseWithDidYouMean) {
  for (const char* name : {"Germany", "de", "DE", "germany", "GERMANY"}) {
    const CliResult r = RunStargate({"tier", name, "--json", "--date", "2026-06-01"});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(json::parse(r.out)["country"], "DE") << name;
  }
  for (const char* name : {"IN", "in", "India"}) {
    const CliResult r = RunStargate({"tier", name, "--json", "--date", "2026-06-01"});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_EQ(json::parse(r.out)["country"], "IN") << name;
  }
  for (const char* name : {"Türkiye", "turkey", "UAE", "South Korea", "Hong Kong"}) {
    EXPECT_EQ(RunStargate({"tier", name, "--date", "2026-06-01"}).exit_code, 0) << name;
  }
  const CliResult typo = RunStargate({"tier", "Germny"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean Germany (DE)?"), std::string::npos) << typo.err;
  const CliResult korea = RunStargate({"tier", "Korea"});
  EXPECT_EQ(korea.exit_code, 2);
  EXPECT_NE(korea.err.find("is ambiguous"), std::string::npos) << korea.err;

  // The text answer speaks in chips and plain words, with the terms explained.
  const CliResult text =
      RunStargate({"tier", "india", "--date", "2026-06-01", "--regime", "ai-diffusion-2025"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("790,000,000 TPP = about 49,900 H100"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Terms used"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("https://www.ecfr.gov/current/title-15/section-740.29"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("(source:"), std::string::npos) << text.out;
}

TEST_F(TierPartnerTest, ShipmentFilesAndTheApiTakeCountryNames) {
  const std::string good = dir_ + "/good.csv";
  WriteFile(good,
            "id,date,accelerator,quantity,destination,consignee\n"
            "s1,2026-03-02,H100-SXM,8,germany,Acme GmbH\n"
            "s2,2026-03-02,H100-SXM,8,United Arab Emirates,Acme FZ\n"
            "s3,2026-03-02,H100-SXM,8,in,Acme India\n");
  const CliResult ok = RunStargate({"check", good, "--json", "--no-screening"});
  ASSERT_NE(ok.exit_code, 2) << ok.err;
  const json decisions = json::parse(ok.out)["decisions"];
  ASSERT_EQ(decisions.size(), 3u);
  EXPECT_NE(decisions.dump().find("\"DE\""), std::string::npos) << decisions.dump();

  const std::string bad = dir_ + "/bad.json";
  WriteFile(bad, R"([{"id": "s1", "date": "2026-03-02", "accelerator": "H100-SXM", "quantity": 8,
  "destination": "Germny", "consignee": "Acme GmbH"}])");
  const CliResult refused = RunStargate({"check", bad, "--no-screening"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(
      refused.err.find(
          "bad.json:2:18: shipment 's1': destination 'Germny' is not a known country (did you "
          "mean Germany (DE)?)"),
      std::string::npos)
      << refused.err;

  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  auto tier = client.Get("/api/tier/germany?date=2026-06-01&plan=none");
  ASSERT_TRUE(tier);
  ASSERT_EQ(tier->status, 200) << tier->body;
  EXPECT_EQ(json::parse(tier->body)["country"], "DE");
  auto missing = client.Get("/api/tier/Germny?plan=none");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404) << missing->body;
  EXPECT_NE(missing->body.find("did you mean Germany (DE)?"), std::string::npos) << missing->body;
  auto check =
      client.Post("/api/check",
                  R"({"id": "a1", "date": "2026-03-02", "accelerator": "H100-SXM", "quantity": 8,
                               "destination": "Türkiye", "consignee": "Acme AS"})",
                  "application/json");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 200) << check->body;
  EXPECT_EQ(server.Terminate(), 0);
}

}  // namespace
}  // namespace stargate::testing

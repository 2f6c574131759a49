// The program's values through every door: the share of compute in countries
// Freedom House rates Free and the shares by data-protection zone, by year,
// are one computation (plan/kpis.cc) that `stargate plan --json`, plan.json,
// values_by_year.csv, the report's data and the API's plan job all carry, so
// they must agree figure for figure. The minimum freedom score for hosting
// (`plan --min-freedom`) is checked against a hand-computable fact: its
// reported cost is the objective with it minus the objective without it. The
// partner program's values criteria are checked in `tier` and GET
// /api/tier/{country}.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "absl/strings/str_split.h"
#include "cli_runner.h"
#include "report_html.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;

bool Near(double x, double y, double tolerance = 1e-9) {
  return std::fabs(x - y) <= tolerance * std::max({1.0, std::fabs(x), std::fabs(y)});
}

// The values KPIs of one door equal `want`'s, year by year and zone by zone.
void ExpectSameValues(const json& want, const json& got, const std::string& door) {
  SCOPED_TRACE(door);
  ASSERT_TRUE(got.is_object()) << got.dump().substr(0, 300);
  EXPECT_EQ(want["free_min_freedom_score"], got["free_min_freedom_score"]);
  const json& free_w = want["free_compute_share_by_year"];
  const json& free_g = got["free_compute_share_by_year"];
  ASSERT_EQ(free_w.size(), free_g.size());
  for (const auto& [year, share] : free_w.items()) {
    ASSERT_TRUE(free_g.contains(year)) << year;
    EXPECT_TRUE(Near(share.get<double>(), free_g[year].get<double>()))
        << year << ": " << share << " vs " << free_g[year];
  }
  const json& zone_w = want["compute_share_by_zone_year"];
  const json& zone_g = got["compute_share_by_zone_year"];
  ASSERT_EQ(zone_w.size(), zone_g.size());
  for (const auto& [zone, years] : zone_w.items()) {
    ASSERT_TRUE(zone_g.contains(zone)) << zone;
    for (const auto& [year, share] : years.items()) {
      EXPECT_TRUE(Near(share.get<double>(), zone_g[zone][year].get<double>()))
          << zone << " " << year << ": " << share << " vs " << zone_g[zone][year];
    }
  }
}

// values_by_year.csv back into the JSON shape (its shares have 9 decimals).
json ValuesFromCsv(const std::string& csv) {
  json out = {{"free_compute_share_by_year", json::object()},
              {"compute_share_by_zone_year", json::object()}};
  std::vector<std::string> lines = absl::StrSplit(csv, '\n', absl::SkipEmpty());
  if (lines.empty() || lines[0] != "year,measure,group,share") return nullptr;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = absl::StrSplit(lines[i], ',');
    if (f.size() != 4) return nullptr;
    const double share = std::stod(f[3]);
    if (f[1] == "freedom_house" && f[2] == "free") {
      out["free_compute_share_by_year"][f[0]] = share;
    } else if (f[1] == "data_protection_zone") {
      out["compute_share_by_zone_year"][f[2]][f[0]] = share;
    } else {
      return nullptr;
    }
  }
  return out;
}

json PlanJobKpis(ServerProcess& server) {
  auto client = server.Client();
  auto submitted = client.Post("/api/plans", Bearer(kPlanner), "{}", "application/json");
  if (!submitted || submitted->status != 202) return nullptr;
  const std::string id = Body(submitted)["job"].get<std::string>();
  for (int i = 0; i < 1200; ++i) {
    auto job = client.Get("/api/jobs/" + id, Bearer(kViewer));
    if (!job) return nullptr;
    const json body = Body(job);
    if (body["state"] == "done") return body["result"]["kpis"];
    if (body["state"] != "queued" && body["state"] != "running") return nullptr;
    std::this_thread::sleep_for(100ms);
  }
  return nullptr;
}

TEST(ValuesViewsTest, FreeAndZoneSharesAgreeThroughEveryDoor) {
  const std::string dir = MakeTempDir();
  auto cli = RunStargate({"plan", "--out", dir + "/plan", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const json from_cli = json::parse(cli.out)["kpis"];

  // The figures mean something: every year with compute has a share in
  // (0, 1], the zones of a year add up to 1, and the UAE (18/100, not Free)
  // hosts compute in the default plan, so some year is below 100% Free.
  ASSERT_FALSE(from_cli["free_compute_share_by_year"].empty());
  EXPECT_EQ(from_cli["free_min_freedom_score"], 70);
  bool some_not_free = false;
  for (const auto& [year, share] : from_cli["free_compute_share_by_year"].items()) {
    EXPECT_GT(share.get<double>(), 0) << year;
    EXPECT_LE(share.get<double>(), 1 + 1e-12) << year;
    some_not_free = some_not_free || share.get<double>() < 0.999;
    double zones = 0;
    for (const auto& [zone, years] : from_cli["compute_share_by_zone_year"].items()) {
      if (years.contains(year)) zones += years[year].get<double>();
    }
    EXPECT_TRUE(Near(zones, 1, 1e-9)) << year << ": zones add to " << zones;
  }
  EXPECT_TRUE(some_not_free);
  EXPECT_TRUE(from_cli["compute_share_by_zone_year"].contains("AE"));
  EXPECT_TRUE(from_cli["compute_share_by_zone_year"].contains("EU"));

  // plan.json.
  ExpectSameValues(from_cli, json::parse(ReadFile(dir + "/plan/plan.json"))["kpis"], "plan.json");

  // values_by_year.csv (nine decimals).
  const json csv = ValuesFromCsv(ReadFile(dir + "/plan/values_by_year.csv"));
  ASSERT_TRUE(csv.is_object()) << ReadFile(dir + "/plan/values_by_year.csv").substr(0, 300);
  json csv_full = csv;
  csv_full["free_min_freedom_score"] = from_cli["free_min_freedom_score"];
  for (const auto& [year, share] : from_cli["free_compute_share_by_year"].items()) {
    EXPECT_NEAR(share.get<double>(), csv["free_compute_share_by_year"][year].get<double>(), 1e-9);
  }
  for (const auto& [zone, years] : from_cli["compute_share_by_zone_year"].items()) {
    for (const auto& [year, share] : years.items()) {
      EXPECT_NEAR(share.get<double>(), csv["compute_share_by_zone_year"][zone][year].get<double>(),
                  1e-9)
          << zone << " " << year;
    }
  }

  // The report's data, read back from the plan directory.
  WriteFile(dir + "/bundle.js", kFakeReportBundle);
  auto report = RunStargate({"report", "--plan", dir + "/plan", "--out", dir + "/r.html",
                             "--bundle", dir + "/bundle.js"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json data = EmbeddedReportData(ReadFile(dir + "/r.html"));
  ASSERT_TRUE(data.is_object());
  ExpectSameValues(from_cli, data["kpis"], "report data");

  // The API: a plan job solved by the server.
  const std::string tokens_dir = MakeTempDir();
  ServerProcess server({"--tokens", TokensFile(tokens_dir)});
  ASSERT_GT(server.port(), 0);
  ExpectSameValues(from_cli, PlanJobKpis(server), "API plan job");
}

TEST(ValuesViewsTest, MinimumFreedomScoreKeepsHostingFreeAndReportsItsCost) {
  const std::string dir = MakeTempDir();
  auto base = RunStargate({"plan", "--out", dir + "/base", "--json"});
  ASSERT_EQ(base.exit_code, 0) << base.err;
  auto strict = RunStargate({"plan", "--min-freedom", "70", "--out", dir + "/strict", "--json"});
  ASSERT_EQ(strict.exit_code, 0) << strict.err;
  const json b = json::parse(base.out), s = json::parse(strict.out);
  EXPECT_EQ(b["kpis"]["min_freedom_score"], 0);
  EXPECT_EQ(b["kpis"]["freedom_constraint_cost"], 0);
  EXPECT_EQ(s["kpis"]["min_freedom_score"], 70);
  // Compute that serves demand is then only in Free countries; the default
  // scenario has no existing chips outside them, so every year is 100%.
  for (const auto& [year, share] : s["kpis"]["free_compute_share_by_year"].items()) {
    EXPECT_NEAR(share.get<double>(), 1.0, 1e-9) << year;
  }
  // Its cost is the objective difference against the unconstrained plan.
  const double cost = s["kpis"]["freedom_constraint_cost"].get<double>();
  EXPECT_GT(cost, 0);
  EXPECT_TRUE(Near(cost, s["objective"].get<double>() - b["objective"].get<double>(), 1e-6))
      << cost << " vs " << s["objective"] << " - " << b["objective"];
  // Its shadow prices: one row per demand row it keeps out of unfree hosts
  // (the UAE's, India's and Saudi Arabia's own), each worth at most the value
  // of an unmet H100e-quarter.
  int rows = 0;
  for (const auto& binding : s["binding"]) {
    if (binding["family"] != "freedom") continue;
    ++rows;
    EXPECT_GT(binding["value_per_unit"].get<double>(), 0);
    EXPECT_LE(binding["value_per_unit"].get<double>(),
              s["kpis"]["unmet_value_usd_per_h100e_quarter"].get<double>() * (1 + 1e-9));
    EXPECT_THAT(binding["sentence"].get<std::string>(), HasSubstr("minimum freedom score"));
  }
  EXPECT_GE(rows, 1);
  // The text summary says the same.
  auto text = RunStargate({"plan", "--min-freedom", "70", "--out", dir + "/text"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("free       compute in countries Freedom House rates Free"));
  EXPECT_THAT(text.out, HasSubstr("demand served only where the freedom score is >= 70; it costs"));
}

TEST(ValuesViewsTest, MinimumFreedomOutOfRangeIsAUsageError) {
  for (const char* bad : {"150", "-1", "seventy", ""}) {
    auto r = RunStargate({"plan", "--min-freedom", bad, "--out", MakeTempDir()});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr("is not in 0..100; expected --min-freedom N")) << bad;
  }
}

TEST(ValuesViewsTest, MinimumFreedomInTheScenarioIsCheckedAtItsLine) {
  const std::string dir = MakeTempDir();
  const std::string scenario = SourceDir() + "/data/scenarios/small.yaml";
  std::string text = ReadFile(scenario);
  const size_t at = text.find("options:");
  ASSERT_NE(at, std::string::npos) << "small.yaml has no options block";
  const size_t eol = text.find('\n', at);
  text.insert(eol + 1, "    min_freedom_score: 170\n");
  // Its line, counted before the includes below change the text's length.
  const int line = static_cast<int>(std::count(text.begin(), text.begin() + eol + 1, '\n')) + 1;
  // Its includes, by absolute path from the copy.
  for (const char* file : {"accelerators.yaml", "countries.yaml"}) {
    const std::string relative = std::string("../") + file;
    const size_t where = text.find(relative);
    ASSERT_NE(where, std::string::npos) << file;
    text.replace(where, relative.size(), SourceDir() + "/data/" + file);
  }
  const std::string path = dir + "/scenario.yaml";
  WriteFile(path, text);
  auto r = RunStargate({"plan", path, "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 2) << r.out;
  // Located at the option's line and its value's column.
  EXPECT_THAT(r.err, HasSubstr("scenario.yaml:" + std::to_string(line) + ":24: "));
  EXPECT_THAT(r.err, HasSubstr("min_freedom_score 170 is out of range"));
}

TEST(ValuesViewsTest, PartnerProgramNamesTheValuesCriteriaInTierAndApi) {
  auto cli = RunStargate({"tier", "United Arab Emirates", "--regime", "partner-program", "--date",
                          "2026-03-01", "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const json view = json::parse(cli.out);
  EXPECT_EQ(view["values"]["freedom_score"], 18);
  EXPECT_EQ(view["values"]["rated_free"], false);
  EXPECT_EQ(view["values"]["data_protection_zone"], "AE");
  const json* first_class = nullptr;
  for (const auto& up : view["upgrades"]) {
    if (up["id"] == "first-class-partner") first_class = &up;
  }
  ASSERT_NE(first_class, nullptr);
  std::map<std::string, bool> met;
  for (const auto& c : (*first_class)["criteria"]) met[c["criterion"]] = c["met"];
  ASSERT_TRUE(met.count("min_freedom_score"));
  ASSERT_TRUE(met.count("data_protection_zone"));
  EXPECT_FALSE(met["min_freedom_score"]);
  EXPECT_FALSE(met["data_protection_zone"]);
  EXPECT_EQ((*first_class)["met"], false);

  // Germany meets both values criteria (95/100, the EU's zone).
  auto de = RunStargate({"tier", "de", "--regime", "partner-program", "--json"});
  ASSERT_EQ(de.exit_code, 0) << de.err;
  const json de_view = json::parse(de.out);
  EXPECT_EQ(de_view["values"]["rated_free"], true);

  // The text names them with met / not met.
  auto text = RunStargate({"tier", "AE", "--regime", "partner-program", "--date", "2026-03-01"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("[ ] Freedom House score at least 70 of 100 (rated Free)"));
  EXPECT_THAT(text.out, HasSubstr("[ ] data protected under the law of an accepted zone"));

  // The API gives the same checklist.
  const std::string tokens_dir = MakeTempDir();
  ServerProcess server({"--tokens", TokensFile(tokens_dir)});
  ASSERT_GT(server.port(), 0);
  auto r = server.Client().Get("/api/tier/AE?regime=partner-program&date=2026-03-01&plan=none",
                               Bearer(kViewer));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json api = Body(r);
  EXPECT_EQ(api["values"], view["values"]);
  for (const auto& up : api["upgrades"]) {
    if (up["id"] != "first-class-partner") continue;
    EXPECT_EQ(up["criteria"], (*first_class)["criteria"]);
  }
}

}  // namespace
}  // namespace stargate::testing

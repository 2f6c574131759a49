#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "stargate/plan/plan.h"
#include "stargate/report/report.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::report {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::DoubleNear;

Quarter Q(int year, int number) { return Quarter::FromYearAndNumber(year, number); }

class ReportDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path data = fs::path(STARGATE_SOURCE_DIR) / "data";
    auto scenario = LoadScenario(data / "scenarios" / "small.yaml");
    ASSERT_TRUE(scenario.ok()) << scenario.status();
    scenario_ = *scenario;
    auto regimes = rules::LoadRegimeCatalog(data / "regimes");
    ASSERT_TRUE(regimes.ok()) << regimes.status();
    regimes_ = *regimes;

    // test-us builds 100 MW in 2026Q1 (online from Q3) and gets 1,000 GB300
    // in 2026Q3; test-ae gets 500 GB300 in 2026Q4; AE misses 40,000 H100e in 2026Q3.
    plan_.status = plan::SolveStatus::kOptimal;
    for (int t = 0; t < 8; ++t) {
      const Quarter q = Q(2026, 1) + t;
      plan_.site_quarters.push_back(
          {"test-us", "US", q, t == 0 ? 100.0 : 0.0, t < 2 ? 50.0 : 150.0, 500, 0});
      if (t >= 2)
        plan_.installs.push_back({"test-us", "US", "GB300", q, t == 2 ? 1000.0 : 0.0, 1000});
      if (t >= 3)
        plan_.installs.push_back({"test-ae", "AE", "GB300", q, t == 3 ? 500.0 : 0.0, 500});
    }
    plan_.funding.push_back({"test-equity", "US", Q(2026, 1), 1.25e9});
    plan_.funding.push_back({"test-debt", "US", Q(2027, 2), 2e9});
    plan_.unmet.push_back({"AE", Q(2026, 3), 40000});
  }

  json Build() {
    auto data = BuildReportData({scenario_, plan_, "solved", regimes_});
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? *data : json();
  }

  const Accelerator& Gb300() const { return *scenario_.FindAccelerator("GB300"); }

  Scenario scenario_;
  rules::RegimeCatalog regimes_;
  plan::Plan plan_;
};

TEST_F(ReportDataTest, SeriesFollowThePlanTables) {
  const json d = Build();
  EXPECT_EQ(d["schema"], kReportSchema);
  EXPECT_EQ(d["quarters"].size(), 8u);
  EXPECT_EQ(d["years"], json({2026, 2027}));
  const json& s = d["series"];
  EXPECT_DOUBLE_EQ(s["gw_online_by_country"]["US"][0].get<double>(), 0.05);
  EXPECT_DOUBLE_EQ(s["gw_online_by_country"]["US"][2].get<double>(), 0.15);
  EXPECT_FALSE(s["gw_online_by_country"].contains("AE"));  // no row with capacity
  // Facility capex: 100 MW x $12.5M in 2026; chips: 1,500 GB300 in 2026.
  EXPECT_DOUBLE_EQ(s["capex_by_year"]["facility_usd"][0].get<double>(), 100 * 12.5e6);
  EXPECT_DOUBLE_EQ(s["capex_by_year"]["chips_usd"][0].get<double>(),
                   1500 * Gb300().InstalledCostUsd());
  EXPECT_DOUBLE_EQ(s["capex_by_year"]["chips_usd"][1].get<double>(), 0);
  EXPECT_DOUBLE_EQ(s["accelerators_by_country_year"]["AE"][0].get<double>(), 500);
  EXPECT_DOUBLE_EQ(s["funding_by_financier_year"]["test-debt"][1].get<double>(), 2e9);
  // Demand minus unmet is served.
  EXPECT_DOUBLE_EQ(s["unmet_by_country"]["AE"][2].get<double>(), 40000);
  EXPECT_DOUBLE_EQ(s["served_h100e"][2].get<double>() + 40000, s["demand_h100e"][2].get<double>());
  // Energy in 2027: 1,500 GB300 all year at their sites' PUE.
  const double kw = Gb300().power_kw;
  const double mwh_2027 = 4 * plan::kHoursPerQuarter * kw * (1000 * 1.2 + 500 * 1.3) / 1000.0;
  EXPECT_THAT(s["energy_by_year"]["mwh"][1].get<double>(), DoubleNear(mwh_2027, 1e-6 * mwh_2027));
}

TEST_F(ReportDataTest, ComputeIsSplitByTheFrameworkTiers) {
  const json d = Build();
  EXPECT_EQ(d["framework"]["id"], kFrameworkRegime);
  std::map<std::string, json> by_tier;
  for (const auto& t : d["series"]["h100e_by_tier"]) by_tier[t["id"]] = t;
  ASSERT_TRUE(by_tier.count("tier1") && by_tier.count("tier2"));
  EXPECT_EQ(by_tier["tier1"]["name"], "Tier 1");
  EXPECT_DOUBLE_EQ(by_tier["tier1"]["h100e"][2].get<double>(), 1000 * Gb300().h100e());
  EXPECT_DOUBLE_EQ(by_tier["tier2"]["h100e"][2].get<double>(), 0);
  EXPECT_DOUBLE_EQ(by_tier["tier2"]["h100e"][3].get<double>(), 500 * Gb300().h100e());
  EXPECT_EQ(d["countries"]["AE"]["framework_tier"], "tier2");
}

TEST_F(ReportDataTest, ComplianceCountsThePlansShipmentsAgainstEachCap) {
  const json d = Build();
  json ae;
  for (const auto& row : d["compliance"]["countries"]) {
    if (row["country"] == "AE") ae = row;
  }
  ASSERT_FALSE(ae.is_null());
  EXPECT_EQ(ae["tier_end"]["regime"], "post-rescission-2025");
  EXPECT_FALSE(ae["tier_end"]["name"].get<std::string>().empty());
  EXPECT_EQ(ae["framework_tier"]["id"], "tier2");

  // The caps the rules put on AE, and the plan's 500 GB300 of 2026Q4 in the 2026 ones.
  auto constraints = rules::BuildExportConstraints(scenario_, regimes_, kRegimeByDate, {});
  ASSERT_TRUE(constraints.ok());
  int matched = 0;
  for (const auto& cap : constraints->caps()) {
    if (cap.country != "AE" || cap.to < scenario_.start || cap.from > scenario_.end) continue;
    const bool counts = cap.from <= Q(2026, 4) && Q(2026, 4) <= cap.to &&
                        (cap.consignees.empty() || cap.consignees[0] == "Test operator UAE");
    for (const auto& c : ae["caps"]) {
      if (c["id"] != cap.id) continue;
      ++matched;
      const double plan_tpp = counts ? 500 * Gb300().tpp() : 0.0;
      EXPECT_DOUBLE_EQ(c["plan_tpp"].get<double>(), plan_tpp) << cap.id;
      EXPECT_DOUBLE_EQ(c["left_tpp"].get<double>(), std::max(0.0, cap.limit_tpp - plan_tpp))
          << cap.id;
    }
  }
  EXPECT_GT(matched, 0);
  EXPECT_EQ(matched, static_cast<int>(ae["caps"].size()));

  json us;
  for (const auto& row : d["compliance"]["countries"]) {
    if (row["country"] == "US") us = row;
  }
  EXPECT_DOUBLE_EQ(us["h100e_end"].get<double>(), 1000 * Gb300().h100e());
  // The regime's home country ships to itself: not an export, whatever its group.
  EXPECT_EQ(us["tier_end"]["id"], "home");
  EXPECT_EQ(us["framework_tier"]["id"], "tier1");
}

TEST_F(ReportDataTest, SitesCarryTheirCapacityAtTheHorizonsEnd) {
  const json d = Build();
  ASSERT_EQ(d["sites"].size(), 3u);
  const json& us = d["sites"][0];
  EXPECT_EQ(us["id"], "test-us");
  EXPECT_DOUBLE_EQ(us["mw_online_end"].get<double>(), 150);
  EXPECT_DOUBLE_EQ(us["built_mw"].get<double>(), 100);
  EXPECT_DOUBLE_EQ(us["accelerators_end"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(d["sites"][1]["mw_online_end"].get<double>(), 0);
}

TEST_F(ReportDataTest, AnUnknownRegimeIsAnError) {
  auto data = BuildReportData({scenario_, plan_, "solved", regimes_, "no-such-regime"});
  ASSERT_FALSE(data.ok());
  EXPECT_THAT(data.status().message(), ::testing::HasSubstr("no-such-regime"));
}

TEST_F(ReportDataTest, FinanceIsNullWithoutAReport) {
  const json d = Build();
  EXPECT_TRUE(d["finance"].is_null());
}

// The entry of `sources.entries` whose title is `title`, or null.
json SourceTitled(const json& data, const std::string& title) {
  for (const auto& e : data["sources"]["entries"]) {
    if (e["title"] == title) return e;
  }
  return nullptr;
}

bool Contains(const json& list, const std::string& value) {
  return std::find(list.begin(), list.end(), json(value)) != list.end();
}

// The full scenario's report (empty plan: sources do not depend on it), with
// the bibliography found beside the data directory as `stargate report` does.
TEST(ReportSourcesTest, SourcesGiveTitlesDatesAndUrlsNeverKeys) {
  const fs::path root(STARGATE_SOURCE_DIR);
  auto scenario = LoadScenario(root / "data" / "scenarios" / "stargate-global.yaml");
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  auto regimes = rules::LoadRegimeCatalog(root / "data" / "regimes");
  ASSERT_TRUE(regimes.ok()) << regimes.status();
  auto bibliography = Bibliography::Load(root / "docs" / "sources.md");
  ASSERT_TRUE(bibliography.ok()) << bibliography.status();
  plan::Plan plan;
  plan.status = plan::SolveStatus::kOptimal;
  auto built = BuildReportData({*scenario, plan, "solved", *regimes});
  ASSERT_TRUE(built.ok()) << built.status();
  const json& d = *built;
  EXPECT_EQ(d["sources"]["bibliography_note"], "");
  EXPECT_EQ(d["sources"]["unresolved"], 0) << d["sources"]["unresolved_cited_by"].dump();
  ASSERT_GT(d["sources"]["entries"].size(), 20u);

  // data/sites.yaml: Abilene cites S31 (Crusoe's press release).
  const Site* abilene = nullptr;
  for (const Site& s : scenario->sites) {
    if (s.id == "abilene-tx") abilene = &s;
  }
  ASSERT_NE(abilene, nullptr);
  ASSERT_TRUE(Contains(json(abilene->provenance.sources), "S31"));
  const SourceEntry* s31 = bibliography->Find("S31");
  ASSERT_NE(s31, nullptr);
  const json entry = SourceTitled(d, s31->title);
  ASSERT_FALSE(entry.is_null()) << s31->title;
  EXPECT_EQ(entry["date"], s31->date);
  EXPECT_EQ(entry["urls"], json(s31->urls));
  EXPECT_TRUE(Contains(entry["cited_by"], "site: " + abilene->name)) << entry.dump();

  // A source of the regime in force at the horizon's end is listed under that regime.
  const std::string last_regime = d["compliance"]["regimes_in_force"].back()["regime"];
  const rules::Regime* in_force = regimes->Find(last_regime);
  ASSERT_NE(in_force, nullptr);
  ASSERT_FALSE(in_force->sources.empty());
  const SourceEntry* regime_source = bibliography->Find(in_force->sources[0]);
  ASSERT_NE(regime_source, nullptr) << in_force->sources[0];
  const json regime_entry = SourceTitled(d, regime_source->title);
  ASSERT_FALSE(regime_entry.is_null());
  EXPECT_TRUE(Contains(regime_entry["cited_by"], "regime: " + in_force->name))
      << regime_entry.dump();

  // Every listed source links somewhere, and no bibliography key is a value
  // anywhere in the report: a reader sees titles and URLs only.
  for (const auto& e : d["sources"]["entries"]) {
    ASSERT_FALSE(e["urls"].empty()) << e.dump();
    for (const auto& url : e["urls"]) EXPECT_TRUE(IsUrl(url.get<std::string>())) << e.dump();
    EXPECT_FALSE(e["cited_by"].empty()) << e.dump();
  }
  const std::string html = RenderHtml(d, "/*! stargate-report-bundle */");
  EXPECT_EQ(html.find("program.md#"), std::string::npos);
  EXPECT_EQ(html.find("rules.md#"), std::string::npos);
  EXPECT_FALSE(std::regex_search(html, std::regex("#S[0-9]+")));
  EXPECT_NE(html.find(s31->urls[0]), std::string::npos);
  const std::string text = d.dump();
  for (const auto& [key, e] : bibliography->entries()) {
    EXPECT_EQ(text.find("\"" + key + "\""), std::string::npos) << "bare key " << key;
  }
}

// With a given bibliography, a key it lacks is counted with its citers, not
// shown; a URL the bibliography lists takes the entry's title.
TEST_F(ReportDataTest, KeysTheBibliographyLacksAreCountedNotShown) {
  ASSERT_FALSE(scenario_.countries.empty());
  Country& first = scenario_.countries[0];
  first.provenance.sources = {"KNOWN", "https://example.org/listed", "https://example.org/other",
                              "NOT-THERE"};
  const Bibliography bib = Bibliography::Parse(
      "| key | title | date | URL(s) |\n|---|---|---|---|\n"
      "| KNOWN | A known source | 2025-01-02 | <https://example.org/known> |\n"
      "| LISTED | A listed page | n.d. | <https://example.org/listed> |\n");
  for (Country& c : scenario_.countries) {
    if (&c != &first) c.provenance.sources.clear();
  }
  for (Accelerator& a : scenario_.accelerators) a.provenance.sources.clear();
  rules::RegimeCatalog no_regimes_cited;
  {
    std::vector<rules::Regime> copies = regimes_.regimes();
    for (auto& r : copies) {
      r.sources.clear();
      r.timeline.clear();
      r.duties.clear();
      r.affiliates_rule.reset();
    }
    no_regimes_cited = rules::RegimeCatalog(std::move(copies));
  }
  ReportInputs inputs{scenario_, plan_, "solved", no_regimes_cited};
  inputs.bibliography = &bib;
  auto built = BuildReportData(inputs);
  ASSERT_TRUE(built.ok()) << built.status();
  const json& s = (*built)["sources"];
  const std::string who = "country: " + first.name;
  ASSERT_EQ(s["entries"].size(), 3u) << s.dump();
  EXPECT_EQ(s["entries"][0]["title"], "A known source");
  EXPECT_EQ(s["entries"][0]["urls"], json({"https://example.org/known"}));
  EXPECT_EQ(s["entries"][1]["title"], "A listed page");
  EXPECT_EQ(s["entries"][2]["title"], "");
  EXPECT_EQ(s["entries"][2]["urls"], json({"https://example.org/other"}));
  EXPECT_EQ(s["entries"][0]["cited_by"], json({who}));
  EXPECT_EQ(s["unresolved"], 1);
  EXPECT_EQ(s["unresolved_cited_by"], json({who}));
  EXPECT_EQ(built->dump().find("NOT-THERE"), std::string::npos);
}

// The comparison is `plan diff`'s document as it is: here B ships 250 more
// GB300 to test-ae in 2026Q4 (kept through 2027), nothing else changes.
TEST_F(ReportDataTest, ComparisonIsThePlanDiffDocument) {
  EXPECT_TRUE(Build()["comparison"].is_null());
  plan::Plan other = plan_;
  other.regime = "ai-diffusion-2025";
  for (auto& r : other.installs) {
    if (r.site != "test-ae") continue;
    if (r.quarter == Q(2026, 4)) r.install += 250;
    r.base += 250;
  }
  const plan::PlanDiff diff = plan::DiffPlans(scenario_, plan_, other, "A", "B");
  ReportInputs inputs{scenario_, plan_, "solved", regimes_};
  inputs.comparison = &diff;
  auto data = BuildReportData(inputs);
  ASSERT_TRUE(data.ok()) << data.status();
  const json& c = (*data)["comparison"];
  EXPECT_EQ(c, plan::PlanDiffToJson(diff));
  EXPECT_EQ(c["regime_b"], "ai-diffusion-2025");
  ASSERT_EQ(c["by_country_year"].size(), 2u) << c.dump();
  const json& y2026 = c["by_country_year"][0];
  EXPECT_EQ(y2026["country"], "AE");
  EXPECT_EQ(y2026["year"], 2026);
  EXPECT_DOUBLE_EQ(y2026["h100e_change"].get<double>(), 250 * Gb300().h100e());
  EXPECT_DOUBLE_EQ(y2026["capex_usd_change"].get<double>(), 250 * Gb300().InstalledCostUsd());
  EXPECT_DOUBLE_EQ(y2026["mw_change"].get<double>(), 0);
  // 2027: the same installed base, no new chips, a year of their energy.
  const json& y2027 = c["by_country_year"][1];
  EXPECT_EQ(y2027["year"], 2027);
  EXPECT_DOUBLE_EQ(y2027["capex_usd_change"].get<double>(), 0);
  EXPECT_GT(y2027["cost_usd_change"].get<double>(), 0);
}

// A stochastic plan's block is carried as plan.json holds it (nothing
// recomputed, every member kept), with the deterministic plan's objective
// and KPIs beside it; a deterministic plan has neither.
TEST_F(ReportDataTest, StochasticIsThePlanJsonBlockAsWritten) {
  const json plain = Build();
  EXPECT_TRUE(plain["stochastic"].is_null());
  EXPECT_TRUE(plain["deterministic"].is_null());

  const json block = json::parse(R"({
    "status": "optimal", "decide_until": "2026Q4", "reference_scenario": "s1",
    "expected_cost_usd": 1.5e9, "wait_and_see_cost_usd": 1.2e9, "evpi_usd": 3e8,
    "mean_value_first_stage_expected_cost_usd": 1.9e9, "vss_usd": 4e8,
    "risk": {"measure": "cvar", "alpha": 0.9, "weight": 0.5}, "cvar_usd": 2.5e9,
    "future_member": [1, 2],
    "scenarios": [
      {"name": "s1", "probability": 0.7, "regime": "by date",
       "kpis": {"cost_usd": 1.0e9, "served_h100e_quarters": 5, "unmet_h100e_quarters": 1,
                "gw_online_end": 0.15}},
      {"name": "s2", "probability": 0.3, "regime": "ai-diffusion-2025 from 2027Q1",
       "kpis": {"cost_usd": 2.666666666666667e9, "served_h100e_quarters": 4,
                "unmet_h100e_quarters": 2, "gw_online_end": 0.1}}]})");
  plan::Plan deterministic = plan_;
  deterministic.objective_kind = Objective::kCost;
  deterministic.objective = 1.4e9;
  deterministic.kpis.capex_usd = 7e8;
  ReportInputs inputs{scenario_, plan_, "read from dir", regimes_};
  inputs.stochastic = &block;
  auto data = BuildReportData(inputs);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ((*data)["stochastic"], block);
  EXPECT_TRUE((*data)["deterministic"].is_null()) << "no deterministic plan given";

  inputs.deterministic = &deterministic;
  data = BuildReportData(inputs);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ((*data)["stochastic"], block);
  const json& det = (*data)["deterministic"];
  EXPECT_EQ(det["objective_kind"], "cost");
  EXPECT_DOUBLE_EQ(det["objective"].get<double>(), 1.4e9);
  EXPECT_EQ(det["kpis"], plan::KpisToJson(deterministic.kpis));
  EXPECT_DOUBLE_EQ(det["kpis"]["capex_usd"].get<double>(), 7e8);
  // The hedged plan's own KPIs stay the report's (the reference scenario's).
  EXPECT_EQ((*data)["kpis"], plan::KpisToJson(plan_.kpis));
}

}  // namespace
}  // namespace stargate::report

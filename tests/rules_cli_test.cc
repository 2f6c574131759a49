// End-to-end: classify, check, tier and regime on the real binary, including
// every error message they print.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"

namespace stargate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kShipments = R"([
  {"id": "lpp", "date": "2025-03-01", "accelerator": "H100-SXM", "quantity": 1000, "destination": "IN", "consignee": "Yotta"},
  {"id": "cap", "date": "2025-03-02", "accelerator": "H100-SXM", "quantity": 2000, "destination": "IN", "consignee": "Yotta"},
  {"id": "uae", "date": "2025-06-01", "accelerator": "GB300", "quantity": 10000, "destination": "AE", "consignee": "G42"},
  {"id": "cn", "date": "2026-02-01", "accelerator": "H200-SXM", "quantity": 100, "destination": "CN", "consignee": "Alibaba"}
])";

std::string WriteShipments(const std::string& name, const std::string& text) {
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/" + name, text);
  return dir;
}

// ---------------------------------------------------------------- classify

TEST(ClassifyCliTest, CatalogueChipWithTheDecidingThreshold) {
  auto r = RunStargate({"classify", "H100-SXM", "--date", "2025-03-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("H100-SXM (NVIDIA H100 SXM5 80GB): 3A090.a\n"
                                "  TPP 15,832, die area 814 mm2, performance density 19.45\n"
                                "  decided by 3A090.a.1: TPP >= 4800\n"
                                "  regime oct-2023 on 2025-03-01; "));
  EXPECT_EQ(r.err, "");
}

TEST(ClassifyCliTest, HypotheticalChipAsJson) {
  auto r = RunStargate({"classify", "--tpp", "1600", "--die-area-mm2", "270.72758037225043",
                        "--date", "2024-01-01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["classification"], "3A090.b");
  EXPECT_EQ(j["decided_by"], "3A090.b.2");
  EXPECT_EQ(j["regime"], "oct-2023");
  EXPECT_EQ(j["accelerator"], nullptr);
  ASSERT_EQ(j["tests"].size(), 4u);
  EXPECT_EQ(j["tests"][1]["met"], false);
  EXPECT_NEAR(j["performance_density"].get<double>(), 5.91, 1e-9);
}

TEST(ClassifyCliTest, NamedRegimeAndUncontrolledChip) {
  auto r = RunStargate({"classify", "H20", "--regime", "partner-program", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["classification"], "not_controlled");
  EXPECT_EQ(j["decided_by"], "none");
  EXPECT_EQ(j["regime"], "partner-program");
}

TEST(ClassifyCliTest, Errors) {
  struct Case {
    std::vector<std::string> args;
    std::string first_line;
  };
  const Case cases[] = {
      {{"classify", "H100"},
       "error: accelerator 'H100' is not in the catalogue (did you mean 'H100-SXM'?); expected one "
       "of A100-SXM, H100-SXM, "
       "H100-PCIE, H200-SXM, H20, MI308, B200, GB200, B300, GB300, MI300X, MI325X, GAUDI3, "
       "TPU-V5P, MI355X, MI450, RUBIN, TPU-V6E, TPU7X, or --tpp N --die-area-mm2 A for a "
       "hypothetical chip"},
      {{"classify", "H100-SMX"},
       "error: accelerator 'H100-SMX' is not in the catalogue (did you mean 'H100-SXM'?); expected "
       "one of A100-SXM, H100-SXM, H100-PCIE, H200-SXM, H20, MI308, B200, GB200, B300, GB300, "
       "MI300X, MI325X, GAUDI3, TPU-V5P, MI355X, MI450, RUBIN, TPU-V6E, TPU7X, or --tpp N "
       "--die-area-mm2 A for a hypothetical chip"},
      {{"classify"},
       "error: nothing to classify; expected ACCELERATOR or --tpp N --die-area-mm2 A"},
      {{"classify", "H100-SXM", "--tpp", "5"},
       "error: both an accelerator and --tpp/--die-area-mm2 are given; expected either ACCELERATOR "
       "or --tpp N --die-area-mm2 A"},
      {{"classify", "--tpp", "5000"},
       "error: --tpp is given without --die-area-mm2; expected --tpp N --die-area-mm2 A (A = 0 "
       "when the die area is unknown)"},
      {{"classify", "--die-area-mm2", "5000"},
       "error: --die-area-mm2 is given without --tpp; expected --tpp N --die-area-mm2 A (A = 0 "
       "when the die area is unknown)"},
      {{"classify", "--tpp", "lots", "--die-area-mm2", "1"},
       "error: --tpp 'lots' is not a number > 0; expected --tpp N with N > 0"},
      {{"classify", "--tpp", "1", "--die-area-mm2", "-4"},
       "error: --die-area-mm2 '-4' is not a number >= 0; expected --die-area-mm2 A with A >= 0"},
      {{"classify", "H100-SXM", "--date", "2025-02-30"},
       "error: --date '2025-02-30' is not a calendar date; expected --date YYYY-MM-DD"},
      {{"classify", "H100-SXM", "--regime", "oct-2024"},
       "error: regime 'oct-2024' is not known (did you mean 'oct-2023'?); expected one of by_date, "
       "oct-2023, post-rescission-2025, ai-diffusion-2025, partner-program"},
      {{"classify", "H100-SXM", "--date", "2020-01-01"},
       "error: no regime is in force on 2020-01-01; expected a --date on or after 2023-11-17, or "
       "--regime ID"},
  };
  for (const auto& c : cases) {
    auto r = RunStargate(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.first_line;
    EXPECT_EQ(r.out, "") << c.first_line;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')), c.first_line);
  }
}

// ------------------------------------------------------------------- check

TEST(CheckCliTest, JsonDecisionsWithTracesInInputOrder) {
  const std::string dir = WriteShipments("s.json", kShipments);
  auto r = RunStargate({"check", "s.json", "--json"}, "", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& d = j["decisions"];
  ASSERT_EQ(d.size(), 4u);
  // By date, March 2025 was under the October 2023 rules (the framework never bound).
  EXPECT_EQ(d[0]["id"], "lpp");
  EXPECT_EQ(d[0]["outcome"], "no_license_required");
  EXPECT_EQ(d[0]["regime"], "oct-2023");
  EXPECT_EQ(d[0]["tier"], "other");
  EXPECT_EQ(d[0]["classification"], "3A090.a");
  EXPECT_EQ(d[0]["tpp_total"], 15832000.0);
  EXPECT_EQ(d[1]["outcome"], "no_license_required");
  EXPECT_EQ(d[2]["regime"], "post-rescission-2025");
  EXPECT_EQ(d[2]["caps"].size(), 1u);  // the UAE quota (G42's own authorization starts 2025-11-19)
  EXPECT_EQ(d[3]["review_policy"], "case_by_case");

  // The framework, named as a what-if: LPP, then the Tier 2 cap.
  r = RunStargate({"check", "s.json", "--json", "--regime", "ai-diffusion-2025"}, "", dir);
  j = nlohmann::json::parse(r.out);
  const auto& f = j["decisions"];
  EXPECT_EQ(f[0]["outcome"], "license_exception");
  EXPECT_EQ(f[0]["exception"], "LPP");
  EXPECT_EQ(f[0]["review_policy"], nullptr);
  EXPECT_EQ(f[0]["regime"], "ai-diffusion-2025");
  EXPECT_EQ(f[0]["tier"], "tier2");
  EXPECT_EQ(f[1]["outcome"], "license_required");
  EXPECT_EQ(f[1]["review_policy"], "presumption_of_approval");
  EXPECT_EQ(f[1]["caps"][0]["id"], "ai-diffusion-2025/tier2-country-cap/IN");
  EXPECT_EQ(f[1]["caps"][0]["limit_tpp"], 790000000.0);
  EXPECT_EQ(f[1]["caps"][0]["used_tpp_before"], 0.0);
  EXPECT_EQ(f[1]["caps"][0]["used_tpp_after"], 31664000.0);
  EXPECT_EQ(f[1]["caps"][0]["remaining_tpp"], 758336000.0);
  const auto& step = f[1]["trace"][4];
  EXPECT_EQ(step["rule"], "exception/LPP");
  EXPECT_EQ(step["inputs"]["limit_tpp"], 26900000.0);
  EXPECT_THAT(step["result"].get<std::string>(), HasSubstr("not available"));
  EXPECT_THAT(step["cite"].get<std::string>(), HasSubstr("15 CFR 740.29"));
}

TEST(CheckCliTest, TableAndExplanationOnStdin) {
  auto r = RunStargate({"check", "-", "--explain"}, kShipments);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("4 shipments: 2 no license required, 0 license exception, 2 license "
                        "required, 0 prohibited, 0 indeterminate, 0 needs review; 0 refused"));
  EXPECT_THAT(r.out, HasSubstr("  1. regime: oct-2023 is in force on 2025-03-02"));
  EXPECT_THAT(r.out, HasSubstr("     [91 FR 1684"));
}

TEST(CheckCliTest, CsvInputAndRegimeWhatIf) {
  const std::string dir = WriteShipments(
      "s.csv",
      "id,date,accelerator,quantity,destination,consignee,consignee_hq,tpp,die_area_mm2\n"
      "a,2026-03-01,H100-SXM,10,FR,Mistral,FR,,\n"
      "b,2026-03-01,,10,FR,Mistral,FR,4800,10000\n");
  auto r = RunStargate({"check", "s.csv", "--regime", "ai-diffusion-2025", "--json"}, "", dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decisions"][0]["exception"], "AIA");
  EXPECT_EQ(j["decisions"][0]["regime"], "ai-diffusion-2025");
  EXPECT_EQ(j["decisions"][1]["classification"], "3A090.a");
}

TEST(CheckCliTest, RefusedShipmentsExitOne) {
  auto r = RunStargate({"check", "-", "--json"},
                       R"({"id": "x", "date": "2025-03-01", "accelerator": "B200", "quantity": 1,
                           "destination": "RU", "consignee": "Acme"})");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decisions"][0]["review_policy"], "presumption_of_denial");
}

TEST(CheckCliTest, ShapeErrorsNameRecordAndFieldWithPositionsAndPrintNothing) {
  const std::string dir = WriteShipments("bad.json", R"([
  {"id": "ok", "date": "2025-03-01", "accelerator": "H100-SXM", "quantity": 1, "destination": "IN", "consignee": "A"},
  {"id": "s2", "date": "2025-03-01", "accelerator": "H100-SXM", "quantity": -1, "destination": "IN", "consignee": "A", "qantity": 1}
])");
  auto r = RunStargate({"check", "bad.json", "--json"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "error: bad.json:3:77: shipment 's2': quantity -1 is not a positive integer; expected a "
      "positive integer such as 8\n"
      "error: bad.json:3:120: shipment 's2': unknown field 'qantity' (did you mean "
      "'quantity'?); expected one of id, date, accelerator, quantity, destination, "
      "consignee, consignee_hq, end_use, veu, end_user, owners\n"
      "2 problems in bad.json\n");
}

TEST(CheckCliTest, UnknownAcceleratorAndCountryArePlacedInTheFile) {
  const std::string dir = WriteShipments("s.json", R"([
  {"id": "a", "date": "2025-03-01", "accelerator": "H100-SMX", "quantity": 1, "destination": "IN", "consignee": "A"},
  {"id": "b", "date": "2021-03-01", "accelerator": "H100-SXM", "quantity": 1, "destination": "XX", "consignee": "A"}
])");
  auto r = RunStargate({"check", "s.json"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(
      r.err,
      "error: s.json:2:52: shipment 'a': accelerator 'H100-SMX' is not in the catalogue (did "
      "you mean 'H100-SXM'?); expected an accelerator id (see 'stargate show accelerators') "
      "or {\"tpp\": N, \"die_area_mm2\": A}\n"
      "error: s.json:3:23: shipment 'b': no regime is in force on 2021-03-01; expected a date "
      "on or after 2023-11-17, or --regime ID for a what-if\n"
      "error: s.json:3:94: shipment 'b': destination 'XX' is not a known country; expected "
      "a country of the scenario by name or ISO 3166 alpha-2 code, in any case, such as Germany or "
      "DE "
      "(see 'stargate show countries')\n"
      "3 problems in s.json\n");
}

TEST(CheckCliTest, CsvErrorsPointAtTheCell) {
  const std::string dir = WriteShipments(
      "s.csv",
      "id,date,accelerator,quantity,destination,consignee\ns1,2025-03-01,H100-SXM,many,IN,A\n");
  auto r = RunStargate({"check", "s.csv"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: s.csv:2:24: shipment 's1': quantity 'many' is not a positive integer; expected "
            "a positive integer such as 8\n1 problem in s.csv\n");
}

TEST(CheckCliTest, JsonSyntaxError) {
  auto r = RunStargate({"check", "-"}, "[{\"id\": \"a\",]");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: -:1:13: unexpected character ']'; expected a member name in double quotes\n"
            "1 problem in -\n");
}

TEST(CheckCliTest, UsageErrors) {
  struct Case {
    std::vector<std::string> args;
    std::string first_line;
  };
  const Case cases[] = {
      {{"check", "missing.json"},
       "error: cannot open 'missing.json'; expected an existing, readable file of shipments (JSON "
       "or CSV), or - for standard input"},
      {{"check", "-", "--record"},
       "error: --record is given without --ledger; expected --ledger URI --record"},
      {{"check", "-", "--regime", "ai-diffusion"},
       "error: regime 'ai-diffusion' is not known (did you mean 'ai-diffusion-2025'?); expected "
       "one of by_date, oct-2023, "
       "post-rescission-2025, ai-diffusion-2025, partner-program"},
      {{"check"},
       "error: 'stargate check' takes 1 arguments but got 0; expected stargate check FILE|- "
       "[--regime ID] [--explain] [--list L | --no-screening] [--ledger URI] [--record] [--json]"},
  };
  for (const auto& c : cases) {
    auto r = RunStargate(c.args, kShipments);
    EXPECT_EQ(r.exit_code, 2) << c.first_line;
    EXPECT_EQ(r.out, "") << c.first_line;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')), c.first_line);
  }
}

TEST(CheckCliTest, LedgerUsageIsCountedAndRecorded) {
  const std::string dir = MakeTempDir();
  const std::string uri = "sqlite:" + dir + "/ledger.db";
  ASSERT_EQ(RunStargate({"ledger", "init", "--ledger", uri}).exit_code, 0);
  // June 2025, by date: the regime in force after the rescission, whose
  // US-UAE quota caps chips for the UAE (600,000,000 TPP here).
  const auto batch = [](const std::string& id) {
    return absl::StrCat(R"({"id": ")", id, R"(", "date": "2025-06-01", "accelerator": "GB300",
      "quantity": 10000, "destination": "AE", "consignee": "G42"})");
  };
  auto r = RunStargate({"check", "-", "--ledger", uri, "--record", "--json"}, batch("a"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decisions"][0]["regime"], "post-rescission-2025");
  EXPECT_EQ(j["decisions"][0]["caps"][0]["used_tpp_before"], 0.0);
  EXPECT_EQ(j["recorded"]["count"], 2);  // the consignee's screening, then the decision
  EXPECT_THAT(r.err, HasSubstr("recorded"));
  // Second, a new shipment: the first one's use is counted.
  r = RunStargate({"check", "-", "--ledger", uri, "--record", "--json"}, batch("b"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decisions"][0]["caps"][0]["used_tpp_before"], 600000000.0);
  // Third, without --record: reads what the ledger holds, appends nothing.
  r = RunStargate({"check", "-", "--ledger", uri, "--json"}, batch("c"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["decisions"][0]["caps"][0]["used_tpp_before"], 1200000000.0);
  EXPECT_FALSE(j.contains("recorded"));
  auto totals = RunStargate({"ledger", "totals", "--ledger", uri, "--json"});
  ASSERT_EQ(totals.exit_code, 0) << totals.err;
  EXPECT_THAT(totals.out, HasSubstr("cap:post-rescission-2025/us-uae-2025-quota/AE/2025"));
  EXPECT_EQ(RunStargate({"ledger", "verify", "--ledger", uri}).exit_code, 0);
}

TEST(CheckCliTest, MissingLedgerIsBadInput) {
  const std::string dir = MakeTempDir();
  auto r = RunStargate({"check", "-", "--ledger", "sqlite:" + dir + "/none.db"}, kShipments);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("error: no ledger at sqlite:" + dir + "/none.db"));
}

// -------------------------------------------------------------------- tier

TEST(TierCliTest, TierCapsAndUpgradePathAsJson) {
  auto r =
      RunStargate({"tier", "ae", "--date", "2026-06-01", "--regime", "partner-program", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["country"], "AE");
  EXPECT_EQ(j["tier"], "tier2");
  EXPECT_EQ(j["tier_name"], "Second class");
  EXPECT_EQ(j["caps"][0]["id"], "partner-program/second-class-cap/AE/2026");
  EXPECT_EQ(j["caps"][0]["remaining_tpp"], 1580000000.0);
  EXPECT_EQ(j["upgrades"][0]["met"], false);
  EXPECT_EQ(j["upgrades"][0]["criteria"][1]["criterion"], "datacenter_security_standard");
  EXPECT_EQ(j["upgrades"][0]["criteria"][1]["met"], false);
  // Evidence in words, never a source key.
  EXPECT_EQ(j["upgrades"][0]["criteria"][1]["evidence"], "not yet");
  EXPECT_GT(j["caps"][0]["limit_h100e"].get<double>(), 0);
}

TEST(TierCliTest, TextShowsTreatmentCapsAndPath) {
  auto r = RunStargate({"tier", "IN", "--date", "2025-03-01", "--regime", "ai-diffusion-2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(
      r.out,
      StartsWith("India (IN) under the Framework for Artificial Intelligence Diffusion (January "
                 "2025) on 2025-03-01\n"));
  EXPECT_THAT(r.out, HasSubstr("\nTier: Tier 2\n"));
  EXPECT_THAT(r.out, HasSubstr("  why: by default (not listed in another group)\n"));
  EXPECT_THAT(r.out, HasSubstr("      limit: 790,000,000 TPP = about 49,900 H100"));
  EXPECT_THAT(
      r.out,
      HasSubstr("[ ] government-to-government technology security agreement with the US: not yet"));
  EXPECT_THAT(r.out, HasSubstr("(+49,900 H100e)"));
  // By date the same day was under the October 2023 rules.
  r = RunStargate({"tier", "IN", "--date", "2025-03-01"});
  EXPECT_THAT(
      r.out,
      StartsWith("India (IN) under the October 2023 advanced computing controls on 2025-03-01\n"));
}

TEST(TierCliTest, Errors) {
  auto r = RunStargate({"tier", "ZZ", "--date", "2026-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err,
      "error: country 'ZZ' is not a known country; expected a country of the scenario by name or "
      "ISO 3166 alpha-2 code, in any case, such as Germany or DE (see 'stargate show "
      "countries')\n");
  r = RunStargate({"tier", "DE", "--date", "2020-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "error: no regime is in force on 2020-01-01; expected a later --date or --regime ID\n");
  r = RunStargate({"tier", "DE", "--date", "tomorrow"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("error: --date 'tomorrow' is not a calendar date; expected --date "
                                "YYYY-MM-DD\n"));
  r = RunStargate({"tier"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, StartsWith("error: 'stargate tier' takes 1 arguments but got 0"));
}

// ------------------------------------------------------------------ regime

TEST(RegimeCliTest, ListShowsEveryRegimeAndWhenItApplies) {
  auto r = RunStargate({"regime", "list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["regimes"].size(), 4u);
  EXPECT_EQ(j["regimes"][1]["id"], "post-rescission-2025");
  EXPECT_EQ(j["regimes"][2]["id"], "ai-diffusion-2025");  // a what-if, chosen by name
  EXPECT_EQ(j["regimes"][2]["effective_from"], "2025-01-13");
  EXPECT_EQ(j["regimes"][2]["effective_to"], "2025-05-12");
  EXPECT_EQ(j["regimes"][2]["by_date"], false);
  EXPECT_EQ(j["regimes"][3]["by_date"], false);
  r = RunStargate({"regime", "list"});
  EXPECT_THAT(r.out, HasSubstr("post-rescission-2025"));
}

TEST(RegimeCliTest, ShowInPlainWordsWithCitations) {
  auto r = RunStargate({"regime", "show", "ai-diffusion-2025"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              StartsWith("ai-diffusion-2025: Framework for Artificial Intelligence Diffusion"));
  EXPECT_THAT(r.out, HasSubstr("LPP: up to 26,900,000 TPP per consignee per calendar year"));
  EXPECT_THAT(r.out, HasSubstr("in the scenario on 2025-01-13: US AU BE CA DK FI FR DE IE IT JP NL "
                               "NZ NO KR ES SE TW GB"));
  EXPECT_THAT(r.out, HasSubstr("unconfirmed: 790,000,000 TPP"));
  auto j = RunStargate({"regime", "show", "post-rescission-2025", "--json"});
  ASSERT_EQ(j.exit_code, 0);
  auto regime = nlohmann::json::parse(j.out);
  EXPECT_EQ(regime["bilateral_agreements"][0]["id"], "us-uae-2025");
  EXPECT_EQ(regime["caps"][1]["id"],
            "us-uae-g42-2025-g42");  // G42's own authorization, no quota share
  EXPECT_EQ(regime["caps"][1]["share_of"], nullptr);
}

TEST(RegimeCliTest, TimelineListsDatedChangesWithCitations) {
  auto r = RunStargate({"regime", "timeline", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  const auto& t = j["timeline"];
  ASSERT_GE(t.size(), 15u);
  std::vector<std::string> dates;
  for (const auto& e : t) {
    dates.push_back(e["date"]);
    EXPECT_FALSE(e["cite"].get<std::string>().empty()) << e["change"];
  }
  EXPECT_TRUE(std::is_sorted(dates.begin(), dates.end()));
  bool h20 = false, gao = false;
  for (const auto& e : t) {
    if (e["date"] == "2025-04-09") h20 = true;
    if (e["date"] == "2026-05-12") {
      gao = true;
      EXPECT_EQ(e["sources"][0]["key"], "GAO-B-337935");
      EXPECT_EQ(e["sources"][0]["urls"][0], "https://www.gao.gov/products/b-337935");
    }
  }
  EXPECT_TRUE(h20);
  EXPECT_TRUE(gao);
  // --country keeps the changes about that country and those about every country.
  r = RunStargate({"regime", "timeline", "--country", "SA"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("2025-11-19  Commerce authorizes up to the equivalent of 35,000 GB300"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("2025-05-15  US-UAE")));
  EXPECT_THAT(r.out, HasSubstr("source: GAO decision B-337935"));
  r = RunStargate({"regime", "timeline", "--country", "XX"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("country 'XX' is not a known country"));
}

TEST(RegimeCliTest, DiffForACountry) {
  auto r = RunStargate(
      {"regime", "diff", "ai-diffusion-2025", "post-rescission-2025", "--country", "FR", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& c : j["changes"]) {
    if (c["subject"] == "FR: 3A090.a") {
      found = true;
      EXPECT_EQ(c["a"], "license_exception (AIA)");
      EXPECT_EQ(c["b"], "no_license_required");
    }
  }
  EXPECT_TRUE(found) << r.out;
  r = RunStargate({"regime", "diff", "oct-2023", "oct-2023"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("no differences"));
}

TEST(RegimeCliTest, Errors) {
  struct Case {
    std::vector<std::string> args;
    std::string first_line;
  };
  const Case cases[] = {
      {{"regime", "shw"},
       "error: cannot do 'regime shw' (did you mean 'show'?); expected regime list, regime show "
       "ID, regime diff A B or regime timeline"},
      {{"regime", "list", "x"}, "error: regime list takes no argument; expected regime list"},
      {{"regime", "show"}, "error: regime show takes one regime id; expected regime show ID"},
      {{"regime", "diff", "oct-2023"},
       "error: regime diff takes two regime ids; expected regime diff A B"},
      {{"regime", "show", "oct-2023", "--country", "FR"},
       "error: --country and --date only apply to regime diff and timeline; expected regime diff A "
       "B "
       "[--country C] [--date D]"},
      {{"regime", "show", "oct-2024"},
       "error: regime 'oct-2024' is not known (did you mean 'oct-2023'?); expected one of "
       "oct-2023, post-rescission-2025, ai-diffusion-2025, partner-program"},
      {{"regime", "diff", "oct-2023", "partner"},
       "error: regime 'partner' is not known (did you mean 'partner-program'?); expected one of "
       "oct-2023, post-rescission-2025, "
       "ai-diffusion-2025, partner-program"},
      {{"regime", "diff", "oct-2023", "partner-program", "--country", "ZZ"},
       "error: country 'ZZ' is not a known country; expected a country of the scenario by name or "
       "ISO "
       "3166 alpha-2 code, in any case, such as Germany or DE (see 'stargate show countries')"},
      {{"regime", "diff", "oct-2023", "partner-program", "--date", "2025-13-01"},
       "error: --date '2025-13-01' is not a calendar date; expected --date YYYY-MM-DD"},
  };
  for (const auto& c : cases) {
    auto r = RunStargate(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.first_line;
    EXPECT_EQ(r.out, "") << c.first_line;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')), c.first_line);
  }
}

TEST(RulesCliTest, BrokenRegimeFilesAreReportedWithPositions) {
  // ./data wins when it holds scenarios/: give it broken regimes.
  const std::string dir = MakeTempDir();
  WriteFile(dir + "/data/scenarios/none.yaml", "");
  WriteFile(dir + "/data/regimes/bad.yaml",
            "regime:\n  id: bad\n  nme: Bad\n  cite: x\n  effective_from: 2025-01-01\n"
            "  assumption: test\n");
  auto r = RunStargate({"regime", "list"}, "", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: data/regimes/bad.yaml:1:1: the regime file has no 'classification' section; "
            "expected a top-level 'classification:'\n"
            "error: data/regimes/bad.yaml:1:1: the regime file has no 'groups' section; expected a "
            "top-level 'groups:'\n"
            "error: data/regimes/bad.yaml:1:1: the regime file has no 'license_requirements' "
            "section; expected a top-level 'license_requirements:'\n"
            "error: data/regimes/bad.yaml:3:3: unknown key 'nme' in regime 'bad' (did you mean "
            "'name'?); expected one of id, name, summary, cite, effective_from, effective_to, "
            "compliance_date, by_date, illustrative, reference_date, home_country, notes, source, "
            "assumption, "
            "assumptions\n"
            "4 problems in data/regimes\n");
  const std::string empty = MakeTempDir();
  WriteFile(empty + "/data/scenarios/none.yaml", "");
  r = RunStargate({"tier", "DE"}, "", empty);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(
      r.err,
      "error: no regime files in 'data/regimes'; expected a directory with one .yaml file per "
      "regime (data/regimes)\n1 problem in data/regimes\n");
}

}  // namespace
}  // namespace stargate::testing

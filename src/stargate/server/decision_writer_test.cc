#include "stargate/server/internal/decision_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::server {
namespace {

std::string Written(const rules::Decision& d) {
  std::string out;
  AppendDecisionJson(d, &out);
  return out;
}

TEST(DecisionWriterTest, SameBytesAsTheRulesJsonForEveryRegimeAndOutcome) {
  const std::filesystem::path root = STARGATE_SOURCE_DIR;
  auto catalog = rules::LoadRegimeCatalog(root / "data" / "regimes");
  auto scenario = LoadScenario(root / "data" / "scenarios" / "stargate-global.yaml");
  ASSERT_TRUE(catalog.ok() && scenario.ok());
  const rules::Engine engine(*catalog, *scenario);
  // Every accelerator to a spread of countries on dates under each regime,
  // as licensed, LPP-sized, UVEU and NVEU shipments.
  std::vector<rules::Shipment> shipments;
  const std::vector<std::string> dates = {"2024-01-15", "2025-03-01", "2025-08-01", "2026-02-01"};
  const std::vector<std::string> countries = {"US", "DE", "IN", "AE", "SA", "CN", "BR", "FR"};
  int n = 0;
  for (const auto& a : scenario->accelerators) {
    for (const auto& date : dates) {
      for (const auto& country : countries) {
        rules::Shipment s;
        s.id = "s" + std::to_string(n++);
        s.date = *Date::Parse(date);
        s.accelerator = a.id;
        s.quantity = 1 + (n % 5) * 700;
        s.destination = country;
        s.consignee = n % 3 ? "Acme \"Cloud\"\n" : "G42";
        s.consignee_hq = n % 4 ? "" : "US";
        s.veu = n % 7 == 0 ? rules::VeuKind::kUniversal
                           : (n % 11 == 0 ? rules::VeuKind::kNational : rules::VeuKind::kNone);
        shipments.push_back(s);
      }
    }
  }
  rules::Shipment odd;
  odd.id = "ünïcødé \t\x01 \\ id";
  odd.date = *Date::Parse("2025-03-01");
  odd.hypothetical = rules::HypotheticalChip{790000.5, 10000.25, 1234.5};
  odd.quantity = 3;
  odd.destination = "IN";
  odd.consignee = "Acme";
  shipments.push_back(odd);
  for (const bool trace : {true, false}) {
    const auto decisions = rules::Evaluate(engine, shipments, "by_date", rules::CapUsage{}, trace);
    for (const auto& d : decisions) ASSERT_EQ(Written(d), rules::ToJson(d).dump()) << d.id;
  }
  const auto what_if =
      rules::Evaluate(engine, shipments, "partner-program", rules::CapUsage{}, true);
  for (const auto& d : what_if) ASSERT_EQ(Written(d), rules::ToJson(d).dump()) << d.id;
  // A shipment the engine cannot resolve carries input_error.
  rules::Shipment unknown = shipments.front();
  unknown.accelerator = "NOPE";
  const auto bad = rules::Evaluate(engine, {unknown}, "by_date", rules::CapUsage{}, true);
  ASSERT_FALSE(bad[0].input_error.empty());
  EXPECT_EQ(Written(bad[0]), rules::ToJson(bad[0]).dump());
}

TEST(DecisionWriterTest, NumbersAndStringsAsNlohmannWritesThem) {
  for (double v : {0.0, -0.0, 1.0, 0.5, 126656.0, 790000000.0, 1e21, 1.5e-7, 0.1 + 0.2, -3.25,
                   26900000.0 / 3}) {
    std::string out;
    AppendJsonNumber(v, &out);
    EXPECT_EQ(out, nlohmann::json(v).dump()) << v;
  }
  std::string nan;
  AppendJsonNumber(std::numeric_limits<double>::quiet_NaN(), &nan);
  EXPECT_EQ(nan, "null");
  for (const std::string s :
       {"plain", "quote \" backslash \\ slash /", "\b\f\n\r\t\x1f\x7f", "日本語 ✓"}) {
    std::string out;
    AppendJsonString(s, &out);
    EXPECT_EQ(out, nlohmann::json(s).dump()) << s;
  }
  std::string invalid;
  AppendJsonString(
      "a\xff"
      "b",
      &invalid);
  EXPECT_EQ(invalid,
            "\"a\xEF\xBF\xBD"
            "b\"");
}

}  // namespace
}  // namespace stargate::server

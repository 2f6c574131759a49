#include "stargate/server/check_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "stargate/ledger/test_ledgers.h"
#include "stargate/rules/export_constraints.h"
#include "stargate/rules/regime.h"
#include "stargate/scenario/scenario.h"

namespace stargate::server {
namespace {

using ledger::testing::BackendKind;
using ledger::testing::BackendTest;

constexpr char kRegime[] = "ai-diffusion-2025";
constexpr char kCap[] = "cap:ai-diffusion-2025/tier2-country-cap/IN";

// The global scenario and the shipped regimes, loaded once.
const rules::Engine& TheEngine() {
  static const rules::Engine* engine = [] {
    const std::filesystem::path root = STARGATE_SOURCE_DIR;
    auto catalog = rules::LoadRegimeCatalog(root / "data" / "regimes");
    auto scenario = LoadScenario(root / "data" / "scenarios" / "stargate-global.yaml");
    EXPECT_TRUE(catalog.ok() && scenario.ok());
    return new rules::Engine(*catalog, *scenario);
  }();
  return *engine;
}

// A licensed shipment to India of a tenth of its 790,000,000 TPP cap.
rules::Shipment Tenth(const std::string& id, const std::string& consignee) {
  rules::Shipment s;
  s.id = id;
  s.date = *Date::Parse("2025-03-01");
  s.hypothetical = rules::HypotheticalChip{790000, 10000, std::nullopt};
  s.quantity = 100;
  s.destination = "IN";
  s.consignee = consignee;
  return s;
}

class CheckServiceTest : public BackendTest {};

TEST_P(CheckServiceTest, RecordingCountsEachDecisionAgainstTheCap) {
  auto ledger = InitAndOpen();
  std::vector<rules::Shipment> batch;
  for (int i = 0; i < 11; ++i) batch.push_back(Tenth("s" + std::to_string(i), "Acme " + std::to_string(i)));
  auto first = DecideAndRecord(TheEngine(), batch, kRegime, true, "carl", *ledger);
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE(first->recorded);
  EXPECT_EQ(first->recorded->count(), 11);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(first->decisions[i].outcome, rules::Outcome::kLicenseRequired) << i;
  EXPECT_EQ(first->decisions[10].outcome, rules::Outcome::kProhibited);
  EXPECT_DOUBLE_EQ((*ledger->Totals({kCap}))[kCap], 790000000);

  // The next request sees what the ledger holds, recorded or not.
  auto seen = DecideWithLedger(TheEngine(), {Tenth("late", "Late")}, kRegime, false, ledger.get());
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->decisions[0].outcome, rules::Outcome::kProhibited);
  EXPECT_DOUBLE_EQ(seen->decisions[0].caps.at(0).used_tpp_before, 790000000);
  auto fresh = DecideWithLedger(TheEngine(), {Tenth("late", "Late")}, kRegime, false, nullptr);
  EXPECT_EQ(fresh->decisions[0].outcome, rules::Outcome::kLicenseRequired);

  auto report = ledger->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->message;
}

TEST_P(CheckServiceTest, EntriesHoldTheShipmentTheDecisionAndTheIncrements) {
  auto ledger = InitAndOpen();
  rules::Shipment lpp = Tenth("small", "Acme  Corp");
  lpp.hypothetical = rules::HypotheticalChip{26900, 1000, std::nullopt};
  lpp.quantity = 500;  // half of the LPP allowance
  auto out = DecideAndRecord(TheEngine(), {lpp, lpp}, kRegime, true, "carl", *ledger);
  ASSERT_TRUE(out.ok()) << out.status().message();
  std::vector<ledger::StoredEntry> entries;
  ASSERT_TRUE(ledger->Scan({}, [&](const ledger::StoredEntry& e) {
    entries.push_back(e);
    return true;
  }).ok());
  ASSERT_EQ(entries.size(), 2u);
  const auto body = nlohmann::json::parse(entries[0].body);
  EXPECT_EQ(body["shipment"]["consignee"], "Acme  Corp");
  EXPECT_EQ(body["decision"]["exception"], "LPP");
  EXPECT_EQ(body["recorded_by"], "carl");
  EXPECT_FALSE(body["decision"]["trace"].empty());
  const auto increments = nlohmann::json::parse(entries[0].increments);
  EXPECT_EQ(increments["lpp:acme corp:2025"], 13450000);
  EXPECT_EQ(increments.size(), 1u);

  // The allowance is used up across requests: a third half no longer fits.
  auto third = DecideAndRecord(TheEngine(), {lpp}, kRegime, true, "carl", *ledger);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->decisions[0].exception, "");
  EXPECT_EQ(third->decisions[0].outcome, rules::Outcome::kLicenseRequired);
}

TEST_P(CheckServiceTest, ConcurrentWritersNeverTogetherExceedACap) {
  auto ledger = InitAndOpen();  // creates it; each thread opens its own connection
  constexpr int kThreads = 6, kEach = 4;  // 24 requests for 10 tenths
  std::atomic<int> permitted{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto mine = ledger::Ledger::Open(db_->uri());
      if (!mine.ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        auto out = DecideAndRecord(TheEngine(), {Tenth(id, "Acme " + id)}, kRegime, false, "carl", **mine);
        if (!out.ok()) {
          ++failures;
          continue;
        }
        if (rules::Permits(out->decisions[0])) ++permitted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(permitted, 10);
  EXPECT_DOUBLE_EQ((*ledger->Totals({kCap}))[kCap], 790000000);
  auto head = ledger->GetHead();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, kThreads * kEach);
}

TEST(IncrementsOfTest, CapsAndAllowancesByWhatTheyUsed) {
  rules::Decision d;
  d.caps.push_back({"r/cap/IN", 100, 10, 40, "", 0});
  d.caps.push_back({"LPP/acme/2025", 50, 0, 20, "acme", 2025});
  d.caps.push_back({"r/other/IN", 100, 30, 30, "", 0});  // refused by it: nothing used
  const auto increments = IncrementsOf(d);
  ASSERT_EQ(increments.size(), 2u);
  EXPECT_DOUBLE_EQ(increments.at("cap:r/cap/IN"), 30);
  EXPECT_DOUBLE_EQ(increments.at("lpp:acme:2025"), 20);
}

INSTANTIATE_TEST_SUITE_P(Backends, CheckServiceTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         ledger::testing::BackendParamName);

}  // namespace
}  // namespace stargate::server

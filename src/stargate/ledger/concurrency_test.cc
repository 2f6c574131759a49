// Several writers at once, each with its own connection: appends never
// interleave within a batch, the chain stays intact, and a cap checked with
// AppendWithCheck is never exceeded, whatever the interleaving.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "stargate/ledger/ledger.h"
#include "stargate/ledger/test_ledgers.h"

namespace stargate::ledger {
namespace {

using testing::BackendKind;
using testing::ScreeningEntry;
using testing::ShipmentEntry;

class ConcurrencyTest : public testing::BackendTest {};

constexpr int kWriters = 4;

TEST_P(ConcurrencyTest, ParallelWritersNeverTogetherExceedACap) {
  InitAndOpen();
  // Each attempt wants 7 units of a 100-unit cap: exactly 14 fit (98).
  constexpr double kLimit = 100, kWant = 7;
  constexpr int kAttemptsPerWriter = 12;
  std::atomic<int> granted{0}, refused{0}, errors{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto ledger = Ledger::Open(db_->uri());
      if (!ledger.ok()) {
        ++errors;
        return;
      }
      for (int i = 0; i < kAttemptsPerWriter; ++i) {
        bool grant = false;
        auto result =
            (*ledger)->AppendWithCheck([&](const TotalsReader& totals) -> absl::StatusOr<Batch> {
              auto used = totals.Totals({"cap:synthetic"});
              if (!used.ok()) return used.status();
              grant = used->at("cap:synthetic") + kWant <= kLimit;
              // A refusal is recorded too, without using the cap.
              auto entry =
                  ShipmentEntry(absl::StrCat("w", w, "-", i), 1,
                                grant ? Increments{{"cap:synthetic", kWant}} : Increments{});
              entry.body["decision"]["outcome"] = grant ? "license_exception" : "license_required";
              return Batch{{entry}};
            });
        if (!result.ok() || result->count() != 1) {
          ++errors;
        } else if (grant) {
          ++granted;
        } else {
          ++refused;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(granted.load(), 14);
  EXPECT_EQ(refused.load(), kWriters * kAttemptsPerWriter - 14);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ((*ledger)->Totals({"cap:synthetic"})->at("cap:synthetic"), 98);
  EXPECT_EQ((*ledger)->GetHead()->seq, kWriters * kAttemptsPerWriter);
  auto report = (*ledger)->Verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->message;
}

TEST_P(ConcurrencyTest, ParallelBatchesStayContiguousAndChained) {
  InitAndOpen();
  constexpr int kBatches = 10, kBatchSize = 5;
  std::atomic<int> errors{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto ledger = Ledger::Open(db_->uri());
      if (!ledger.ok()) {
        ++errors;
        return;
      }
      for (int b = 0; b < kBatches; ++b) {
        Batch batch;
        for (int i = 0; i < kBatchSize; ++i) {
          batch.entries.push_back(ScreeningEntry(absl::StrCat("w", w, "-b", b)));
          batch.entries.back().increments = {{absl::StrCat("cap:w", w), 1}};
        }
        auto result = (*ledger)->Append(batch);
        if (!result.ok() || result->count() != kBatchSize) ++errors;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(errors.load(), 0);
  auto ledger = Ledger::Open(db_->uri());
  ASSERT_TRUE(ledger.ok());
  // A batch's entries carry the same name and sit next to each other.
  std::vector<std::string> names;
  ASSERT_TRUE((*ledger)
                  ->Scan({},
                         [&](const StoredEntry& e) {
                           names.push_back(nlohmann::json::parse(e.body)["name"]);
                           return true;
                         })
                  .ok());
  ASSERT_EQ(names.size(), static_cast<size_t>(kWriters * kBatches * kBatchSize));
  for (size_t i = 0; i < names.size(); i += kBatchSize) {
    for (int k = 1; k < kBatchSize; ++k) EXPECT_EQ(names[i + k], names[i]) << i;
  }
  auto totals = (*ledger)->AllTotals();
  ASSERT_TRUE(totals.ok());
  for (const auto& [key, total] : *totals) EXPECT_EQ(total, kBatches * kBatchSize) << key;
  EXPECT_TRUE((*ledger)->Verify()->ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrencyTest,
                         ::testing::Values(BackendKind::kSqlite, BackendKind::kPostgres),
                         testing::BackendParamName);

}  // namespace
}  // namespace stargate::ledger

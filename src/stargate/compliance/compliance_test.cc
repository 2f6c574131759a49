#include "stargate/compliance/compliance.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "stargate/compliance/lists.h"
#include "stargate/rules/rules.h"
#include "stargate/scenario/scenario.h"

namespace stargate::compliance {
namespace {

namespace fs = std::filesystem;

class CheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string source = STARGATE_SOURCE_DIR;
    auto scenario = LoadScenario(source + "/data/scenarios/stargate-global.yaml");
    auto catalog = rules::LoadRegimeCatalog(source + "/data/regimes");
    ASSERT_TRUE(scenario.ok() && catalog.ok());
    scenario_ = new Scenario(std::move(*scenario));
    catalog_ = new rules::RegimeCatalog(std::move(*catalog));
    engine_ = new rules::Engine(*catalog_, *scenario_);
    screen::LoadOptions load;
    load.use_cache = false;
    auto list = screen::LoadScreeningList({source + "/src/stargate/screen/testdata/ofac"}, load);
    ASSERT_TRUE(list.ok()) << list.status();
    list_ = new std::shared_ptr<const screen::ScreeningList>(
        std::make_shared<const screen::ScreeningList>(std::move(*list)));
  }
  static rules::Shipment Make(const std::string& id, const std::string& consignee,
                              long long quantity, const std::string& destination = "IN") {
    rules::Shipment s;
    s.id = id;
    s.date = *Date::FromYmd(2025, 3, 3);
    s.accelerator = "H100-SXM";
    s.quantity = quantity;
    s.destination = destination;
    s.consignee = consignee;
    return s;
  }
  static inline Scenario* scenario_ = nullptr;
  static inline rules::RegimeCatalog* catalog_ = nullptr;
  static inline rules::Engine* engine_ = nullptr;
  static inline std::shared_ptr<const screen::ScreeningList>* list_ = nullptr;
};

// Full-width letters, a zero-width space and a small capital do not make a
// second consignee: the License Exception LPP allowance is counted once.
TEST_F(CheckTest, LookAlikeSpellingsShareOneLppAllowance) {
  for (const std::string twin : {"\xEF\xBC\xA7\xEF\xBC\x94\xEF\xBC\x92",
                                 "G\xE2\x80\x8B"
                                 "42",
                                 "\xC9\xA2"
                                 "42"}) {
    CheckRequest request;
    request.regime_choice = "ai-diffusion-2025";
    request.shipments = {Make("a", "G42", 1500), Make("b", twin, 1500)};
    auto result = Check(*engine_, request, nullptr);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->problems.empty());
    EXPECT_EQ(result->decisions[0].exception, "LPP");
    EXPECT_NE(result->decisions[1].exception, "LPP") << twin;
  }
}

TEST_F(CheckTest, AListedConsigneeIsRefusedAndEachPartyScreenedOnce) {
  CheckRequest request;
  request.screening.list = *list_;
  request.shipments = {Make("a", "Banco Nacional de Cuba", 10, "DE"),
                       Make("b", "BANCO  NACIONAL DE CUBA", 10, "DE"),
                       Make("c", "Acme Data Centers GmbH", 10, "DE")};
  auto result = Check(*engine_, request, nullptr);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_TRUE(result->problems.empty());
  EXPECT_EQ(result->screening.parties.size(), 2u);
  EXPECT_FALSE(rules::Permits(result->decisions[0]));
  EXPECT_FALSE(rules::Permits(result->decisions[1]));
  EXPECT_TRUE(rules::Permits(result->decisions[2]));
  ASSERT_EQ(result->shipments[0].restricted_parties.size(), 1u);
  EXPECT_EQ(result->shipments[0].restricted_parties[0].entry_id, "306");
  EXPECT_EQ(result->shipments[0].restricted_parties[0].party, "consignee");
}

TEST_F(CheckTest, TheCacheGivesTheSameAnswers) {
  CheckRequest request;
  request.screening.list = *list_;
  request.screening.cache = std::make_shared<ScreeningCache>(64);
  request.shipments = {Make("a", "Banco Nacional de Cuba", 10, "DE"),
                       Make("c", "Acme Data Centers GmbH", 10, "DE")};
  auto first = Check(*engine_, request, nullptr);
  auto second = Check(*engine_, request, nullptr);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->screening.parties.size(), second->screening.parties.size());
  for (size_t i = 0; i < first->screening.parties.size(); ++i) {
    EXPECT_EQ(first->screening.parties[i].status, second->screening.parties[i].status);
    EXPECT_EQ(first->screening.parties[i].hits.size(), second->screening.parties[i].hits.size());
  }
  EXPECT_EQ(first->decisions[0].outcome, second->decisions[0].outcome);
}

TEST_F(CheckTest, RecordingNeedsALedgerAndAnIdOnce) {
  CheckRequest request;
  request.record = true;
  request.shipments = {Make("a", "Acme", 10, "DE")};
  EXPECT_EQ(Check(*engine_, request, nullptr).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// A manifest whose one list fails to download, or downloads a file that is
// not a list, keeps its files; a good download replaces them.
TEST(UpdateLists, KeepsTheOldListUnlessTheNewOneImports) {
  const fs::path dir = fs::temp_directory_path() / ("lists-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "one");
  const std::string old_text =
      "36,\"OLD ENTRY\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  std::ofstream(dir / "one" / "sdn.csv") << old_text;
  ListsManifest manifest;
  manifest.dir = dir;
  ListSource list;
  list.id = "one";
  list.name = "one";
  list.authority = "test";
  list.snapshot = "test";
  list.data_date = *Date::FromYmd(2020, 1, 1);
  list.retrieved = list.data_date;
  list.files = {{"sdn.csv", "https://example.invalid/sdn.csv"}};
  manifest.lists = {list};
  ASSERT_TRUE(WriteListsManifest(manifest).ok());
  UpdateOptions options;
  options.today = *Date::FromYmd(2026, 12, 6);
  auto read = [&] {
    std::ifstream in(dir / "one" / "sdn.csv");
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  auto failing = [](const std::string&) -> absl::StatusOr<std::string> {
    return absl::UnavailableError("transfer closed with 100 bytes remaining to read");
  };
  auto updates = UpdateLists(&manifest, failing, options);
  EXPECT_FALSE(updates[0].updated);
  EXPECT_NE(updates[0].error.find("remaining"), std::string::npos);
  EXPECT_EQ(read(), old_text);
  auto garbage = [](const std::string&) -> absl::StatusOr<std::string> {
    return std::string("a,b\nc\n");
  };
  updates = UpdateLists(&manifest, garbage, options);
  EXPECT_FALSE(updates[0].updated);
  EXPECT_EQ(read(), old_text);
  const std::string new_text =
      "306,\"BANCO NACIONAL DE CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  auto good = [&](const std::string& url) -> absl::StatusOr<std::string> {
    EXPECT_EQ(url, "https://example.invalid/sdn.csv");
    return new_text;
  };
  updates = UpdateLists(&manifest, good, options);
  EXPECT_TRUE(updates[0].updated) << updates[0].error;
  EXPECT_EQ(read(), new_text);
  auto reread = ReadListsManifest(dir);
  ASSERT_TRUE(reread.ok()) << reread.status();
  EXPECT_EQ(reread->lists[0].data_date.ToString(), "2026-12-06");
  fs::remove_all(dir);
}

TEST(ReadListsManifest, ProblemsNameFileLineAndColumn) {
  const fs::path dir = fs::temp_directory_path() / ("lists-bad-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "lists.yaml")
      << "lists:\n  - id: x\n    name: x\n    authority: a\n    snapshot: s\n"
         "    data_date: 2026-13-01\n    retrieved: 2026-01-01\n    files: []\n";
  auto manifest = ReadListsManifest(dir);
  ASSERT_FALSE(manifest.ok());
  EXPECT_NE(manifest.status().message().find("lists.yaml:"), std::string::npos)
      << manifest.status();
  EXPECT_NE(manifest.status().message().find("data_date"), std::string::npos) << manifest.status();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stargate::compliance

// The compliance check end to end, through both doors: `stargate check` and
// POST /api/check on `stargate serve`, with the lists that ship in
// data/screening and no option naming one. A listed party is refused the
// same way by both; `stargate screen` finds the Entity List's entries; a
// shipment is recorded once (the second time changes nothing); only
// decisions under the regime in force are recorded; and `stargate lists`
// reports and updates the lists (from a local HTTP server, never the
// internet).
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

using nlohmann::json;

std::string Shipment(const std::string& id, const std::string& consignee,
                     const std::string& destination = "AE", const std::string& date = "2026-03-02",
                     int quantity = 1000) {
  return json{{"id", id},
              {"date", date},
              {"accelerator", "H100-SXM"},
              {"quantity", quantity},
              {"destination", destination},
              {"consignee", consignee}}
      .dump();
}

std::string WriteShipments(const std::string& dir, const std::string& name,
                           const std::string& body) {
  const std::string path = dir + "/" + name;
  WriteFile(path, body);
  return path;
}

class ComplianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    // Each test builds its index cache once, in its own folder.
    setenv("XDG_CACHE_HOME", (dir_ + "/cache").c_str(), 1);
    unsetenv("STARGATE_SCREEN_LIST");
    unsetenv("STARGATE_LISTS_DIR");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ComplianceTest, CliAndApiRefuseAListedPartyIdenticallyWithTheShippedLists) {
  const std::string body = Shipment("roe-1", "Rosoboronexport");
  const std::string file = WriteShipments(dir_, "roe.json", body);
  const CliResult cli = RunStargate({"check", file, "--json"});
  ASSERT_EQ(cli.exit_code, 1) << cli.err << cli.out;
  const json cli_out = json::parse(cli.out);
  const json& decision = cli_out["decisions"][0];
  EXPECT_NE(decision["outcome"], "no_license_required");
  const json& screening = cli_out["screening"];
  ASSERT_TRUE(screening["enabled"].get<bool>());
  ASSERT_EQ(screening["parties"].size(), 1u);
  EXPECT_EQ(screening["parties"][0]["status"], "match");
  EXPECT_NE(screening["parties"][0]["hits"][0]["entry_name"].get<std::string>().find("ROSOBORON"),
            std::string::npos)
      << screening.dump(2);
  EXPECT_NE(decision.dump().find("restricted"), std::string::npos) << decision.dump(2);

  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  auto answer = client.Post("/api/check", body, "application/json");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  const json api_out = json::parse(answer->body);
  EXPECT_EQ(api_out["decisions"][0], decision);
  EXPECT_EQ(api_out["screening"]["parties"][0]["status"], "match");
  EXPECT_EQ(api_out["screening"]["parties"][0]["hits"][0]["entry_id"],
            screening["parties"][0]["hits"][0]["entry_id"]);
}

TEST_F(ComplianceTest, ScreenFindsTheEntityListEntryOutOfTheBox) {
  const CliResult r = RunStargate({"screen", "Huawei Technologies Co., Ltd.", "--json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  const json out = json::parse(r.out);
  bool found = false;
  for (const auto& result : out["results"]) {
    for (const auto& hit : result["hits"]) {
      if (hit["list"].get<std::string>().rfind("Entity List", 0) == 0 &&
          hit["entry_name"] == "Huawei Technologies Co., Ltd.") {
        found = true;
        EXPECT_NE(hit["license_requirement"].get<std::string>().find("744.11"), std::string::npos)
            << hit.dump(2);
      }
    }
  }
  EXPECT_TRUE(found) << r.out;
}

// `stargate screen --type vessel` and POST /api/screen with "type": "vessel"
// give the same hits with the same type factor; a bad type is refused by
// both with the same what and expected.
TEST_F(ComplianceTest, ScreenCliAndApiReadTheQuerysTypeAlike) {
  const CliResult cli =
      RunStargate({"screen", "Vladimir Putin", "--type", "vessel", "--threshold", "0.3", "--json"});
  ASSERT_EQ(cli.exit_code, 1) << cli.err;
  const json cli_hits = json::parse(cli.out)["results"][0]["hits"];
  ASSERT_FALSE(cli_hits.empty());
  EXPECT_LT(cli_hits[0]["explanation"]["type_factor"].get<double>(), 1.0);

  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  auto answer = client.Post("/api/screen",
                            R"({"names": ["Vladimir Putin"], "type": "vessel", "threshold": 0.3})",
                            "application/json");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(json::parse(answer->body)["results"][0]["hits"], cli_hits);

  auto bad = client.Post("/api/screen", R"({"names": ["Vladimir Putin"], "type": "ship"})",
                         "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  const json error = json::parse(bad->body)["error"];
  EXPECT_EQ(error["message"], "type 'ship' is not known");
  EXPECT_EQ(error["expected"], "person, organization, vessel or aircraft");
  const CliResult bad_cli = RunStargate({"screen", "Vladimir Putin", "--type", "ship"});
  EXPECT_EQ(bad_cli.exit_code, 2);
  EXPECT_EQ(bad_cli.err,
            "error: type 'ship' is not known; expected person, organization, vessel or aircraft\n");
}

TEST_F(ComplianceTest, RecordingTheSameShipmentTwiceChangesNothing) {
  const std::string uri = "sqlite:" + dir_ + "/ledger.db";
  const std::string file =
      WriteShipments(dir_, "s.json", Shipment("de-1", "Acme Data Centers GmbH", "DE"));
  const CliResult first = RunStargate({"check", file, "--ledger", uri, "--record"});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_NE(first.err.find("note: created ledger sqlite:"), std::string::npos) << first.err;
  const CliResult before = RunStargate({"ledger", "export", "--ledger", uri});
  ASSERT_EQ(before.exit_code, 0) << before.err;

  const CliResult again = RunStargate({"check", file, "--ledger", uri, "--record"});
  EXPECT_EQ(again.exit_code, 1) << again.err << again.out;
  EXPECT_NE(again.err.find("shipment 'de-1' was already recorded as ledger entry"),
            std::string::npos)
      << again.err;
  const CliResult after = RunStargate({"ledger", "export", "--ledger", uri});
  EXPECT_EQ(after.out, before.out);

  ServerProcess server({"--ledger", uri});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  auto answer = client.Post("/api/check?record=true",
                            Shipment("de-1", "Acme Data Centers GmbH", "DE"), "application/json");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 409) << answer->body;
  EXPECT_NE(answer->body.find("already recorded"), std::string::npos) << answer->body;
  EXPECT_EQ(server.Terminate(), 0);
  EXPECT_EQ(RunStargate({"ledger", "export", "--ledger", uri}).out, before.out);
  const CliResult verify = RunStargate({"ledger", "verify", "--ledger", uri});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Every party a shipment names is screened, and both doors agree: the end
// user, the consignee's owners under OFAC's 50 Percent Rule (always) and the
// BIS affiliates rule (only in its windows), and a fuzzy hit is held for
// review rather than refused.
TEST_F(ComplianceTest, EndUsersAndOwnersAreScreenedAlikeThroughBothDoors) {
  const auto shipment = [](const std::string& id, const std::string& date, const json& extra) {
    json s = {{"id", id},      {"date", date},        {"accelerator", "H100-SXM"},
              {"quantity", 8}, {"destination", "DE"}, {"consignee", "Nordic Compute AB"}};
    s.update(extra);
    return s;
  };
  const json el_owners = {
      {"owners",
       {{{"name", "Huawei Technologies Co., Ltd."}, {"share", 0.3}},
        {{"name", "Hebei Semiconductor Research Institute"}, {"share", 0.25}}}}};
  const json batch = json::array({
      shipment("sdn-owner", "2026-03-01",
               {{"owners", {{{"name", "Rosoboronexport"}, {"share", 0.6}}}}}),
      shipment("el-owners-in-force", "2025-10-01", el_owners),
      shipment("el-owners-suspended", "2026-01-15", el_owners),
      shipment("end-user", "2026-12-01", {{"end_user", "Rosoboronexport"}}),
      shipment("minority-owner", "2026-03-01",
               {{"owners", {{{"name", "Rosoboronexport"}, {"share", 0.2}}}}}),
      shipment("fuzzy", "2026-12-01", {{"consignee", "Tata Electronics"}}),
  });
  const std::vector<std::string> expected = {"prohibited",          "license_required",
                                             "no_license_required", "prohibited",
                                             "no_license_required", "needs_review"};
  const CliResult cli =
      RunStargate({"check", WriteShipments(dir_, "parties.json", batch.dump()), "--json"});
  ASSERT_EQ(cli.exit_code, 1) << cli.err;
  const json from_cli = json::parse(cli.out);
  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.err();
  auto answer = server.Client().Post("/api/check", batch.dump(), "application/json");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  const json from_api = json::parse(answer->body);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(from_cli["decisions"][i]["outcome"], expected[i]) << from_cli["decisions"][i].dump(2);
    EXPECT_EQ(from_api["decisions"][i]["outcome"], expected[i]) << from_api["decisions"][i].dump(2);
    EXPECT_EQ(from_cli["decisions"][i]["trace"], from_api["decisions"][i]["trace"]);
  }
  EXPECT_EQ(from_cli["decisions"][1]["review_policy"], "presumption_of_denial");
  const std::string owned = from_cli["decisions"][0]["trace"].dump();
  EXPECT_NE(owned.find("OFAC's 50 Percent Rule"), std::string::npos) << owned;
  const std::string affiliates = from_cli["decisions"][1]["trace"].dump();
  EXPECT_NE(affiliates.find("90 FR 47201"), std::string::npos) << affiliates;
  EXPECT_NE(affiliates.find("owned 55%"), std::string::npos) << affiliates;
  // Suspended: decided without the rule, and the trace says why.
  const json& suspended = from_cli["decisions"][2]["trace"].back();
  EXPECT_EQ(suspended["rule"], "affiliates-rule");
  EXPECT_NE(suspended["result"].get<std::string>().find("not in force on this date"),
            std::string::npos);
  EXPECT_NE(suspended["cite"].get<std::string>().find("not in force on 2026-01-15"),
            std::string::npos)
      << suspended.dump(2);
  EXPECT_EQ(server.Terminate(), 0);
}

TEST_F(ComplianceTest, AWhatIfRegimeIsNeverRecorded) {
  const std::string uri = "sqlite:" + dir_ + "/ledger.db";
  ASSERT_EQ(RunStargate({"ledger", "init", "--ledger", uri}).exit_code, 0);
  const std::string file = WriteShipments(
      dir_, "mx.json", Shipment("mx-1", "Acme Mexico SA", "MX", "2025-04-01", 100000));
  // The AI diffusion framework never bound anyone (rescinded before its
  // compliance date): in April 2025 the October 2023 rules were in force.
  const CliResult r =
      RunStargate({"check", file, "--regime", "ai-diffusion-2025", "--ledger", uri, "--record"});
  EXPECT_EQ(r.exit_code, 2) << r.err << r.out;
  EXPECT_NE(r.err.find("cannot be recorded"), std::string::npos) << r.err;
  const CliResult list = RunStargate({"ledger", "list", "--ledger", uri, "--json"});
  EXPECT_EQ(list.out.find("mx-1"), std::string::npos) << list.out;
  // The same what-if without recording is answered.
  EXPECT_NE(RunStargate({"check", file, "--regime", "ai-diffusion-2025"}).exit_code, 2);
  // Naming the regime in force is no what-if: it is recorded.
  EXPECT_EQ(
      RunStargate({"check", file, "--regime", "oct-2023", "--ledger", uri, "--record"}).exit_code,
      0);
}

TEST_F(ComplianceTest, ScreeningOffIsExplicitAndSaidInTheAnswer) {
  const std::string file = WriteShipments(dir_, "roe.json", Shipment("roe-2", "Rosoboronexport"));
  const CliResult r = RunStargate({"check", file, "--no-screening", "--json"});
  ASSERT_NE(r.exit_code, 2) << r.err;
  EXPECT_FALSE(json::parse(r.out)["screening"]["enabled"].get<bool>());
  EXPECT_EQ(RunStargate({"check", file, "--no-screening", "--list",
                         SourceDir() + "/data/screening/ofac-sdn"})
                .exit_code,
            2);
}

TEST_F(ComplianceTest, ListsStatusShowsEveryListWithItsDateAndAge) {
  const CliResult r = RunStargate({"lists", "status", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json out = json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& list : out["lists"]) {
    ids.insert(list["id"]);
    EXPECT_GT(list["entries"].get<int>(), 100) << list.dump(2);
    EXPECT_GE(list["age_days"].get<int>(), 0);
  }
  EXPECT_EQ(ids, (std::set<std::string>{"ofac-sdn", "ofac-consolidated", "us-csl"}));
}

TEST_F(ComplianceTest, ACheckSaysHowOldItsListsAreThroughBothDoors) {
  // The dates and ages `lists status` gives are what a check names in its
  // answer, through the CLI and the API alike; a stale list is warned about.
  const json status = json::parse(RunStargate({"lists", "status", "--json"}).out);
  const std::string body = Shipment("age-1", "Acme Data Centers");
  const std::string file = WriteShipments(dir_, "age.json", body);
  const CliResult cli = RunStargate({"check", file, "--json"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err << cli.out;
  const json lists = json::parse(cli.out)["screening"]["lists"];
  ASSERT_EQ(lists.size(), status["lists"].size()) << lists.dump(2);
  bool any_stale = false;
  for (size_t i = 0; i < lists.size(); ++i) {
    EXPECT_EQ(lists[i]["id"], status["lists"][i]["id"]);
    EXPECT_EQ(lists[i]["data_of"], status["lists"][i]["data_date"]) << status.dump(2);
    EXPECT_EQ(lists[i]["age_days"], status["lists"][i]["age_days"]);
    EXPECT_EQ(lists[i]["stale"].get<bool>(), lists[i]["age_days"].get<int>() > 30);
    if (lists[i]["stale"].get<bool>()) {
      any_stale = true;
      EXPECT_NE(cli.err.find(lists[i]["id"].get<std::string>() + " (data of " +
                             lists[i]["data_of"].get<std::string>()),
                std::string::npos)
          << cli.err;
    }
  }
  // The shipped SDN snapshot is of 2024-05-03: stale on any day this test runs.
  EXPECT_TRUE(any_stale);
  EXPECT_NE(cli.err.find("stargate lists update"), std::string::npos) << cli.err;

  ServerProcess server({});
  ASSERT_GT(server.port(), 0) << server.err();
  auto answer = server.Client().Post("/api/check", body, "application/json");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(json::parse(answer->body)["screening"]["lists"], lists);

  // Lists named on the command line have no known date: none is listed.
  const CliResult named =
      RunStargate({"check", file, "--json", "--list", SourceDir() + "/data/screening/ofac-sdn"});
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_TRUE(json::parse(named.out)["screening"]["lists"].empty());
  EXPECT_EQ(named.err.find("older than"), std::string::npos) << named.err;
}

// A local mirror: /good/... serves the test lists, /bad/... a file that is
// not a list, anything else 404.
class Mirror {
 public:
  Mirror() {
    const std::string lists = SourceDir() + "/src/stargate/screen/testdata";
    server_.Get(R"(/good/ofac/(.+))", [lists](const httplib::Request& req, httplib::Response& res) {
      std::ifstream in(lists + "/ofac/" + req.matches[1].str(), std::ios::binary);
      if (!in) {
        res.status = 404;
        return;
      }
      res.set_content(std::string(std::istreambuf_iterator<char>(in), {}), "text/csv");
    });
    server_.Get(R"(/bad/ofac/(.+))", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("this,is\nnot,a list\n", "text/csv");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Mirror() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", port_, path);
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST_F(ComplianceTest, ListsUpdateSwapsInGoodDownloadsAndKeepsTheOldListOtherwise) {
  const std::string lists = dir_ + "/lists";
  std::filesystem::create_directories(lists + "/ofac");
  const std::string old_sdn =
      "36,\"OLD ENTRY\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  WriteFile(lists + "/ofac/sdn.csv", old_sdn);
  WriteFile(lists + "/lists.yaml",
            "lists:\n"
            "  - id: ofac\n"
            "    name: test list\n"
            "    authority: test\n"
            "    data_date: 2020-01-01\n"
            "    retrieved: 2020-01-02\n"
            "    snapshot: a test file\n"
            "    files:\n"
            "      - {name: sdn.csv, url: https://example.invalid/sdn.csv}\n"
            "      - {name: alt.csv, url: https://example.invalid/alt.csv}\n");
  Mirror mirror;
  const CliResult bad =
      RunStargate({"lists", "update", "--dir", lists, "--mirror", mirror.url("/bad")});
  EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("kept the previous files"), std::string::npos) << bad.out;
  std::ifstream kept(lists + "/ofac/sdn.csv");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), old_sdn);

  const CliResult missing =
      RunStargate({"lists", "update", "--dir", lists, "--mirror", mirror.url("/none")});
  EXPECT_EQ(missing.exit_code, 1) << missing.out << missing.err;

  const CliResult good =
      RunStargate({"lists", "update", "--dir", lists, "--mirror", mirror.url("/good"), "--json"});
  ASSERT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_TRUE(json::parse(good.out)["lists"][0]["updated"].get<bool>());
  const CliResult screened =
      RunStargate({"screen", "Banco Nacional de Cuba", "--list", lists + "/ofac", "--json"});
  EXPECT_NE(screened.out.find("BANCO NACIONAL DE CUBA"), std::string::npos)
      << screened.out << screened.err;
  const CliResult status = RunStargate({"lists", "status", "--dir", lists, "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(json::parse(status.out)["lists"][0]["data_date"], "2020-01-01");
  EXPECT_FALSE(std::filesystem::exists(lists + "/.ofac.new"));
}

}  // namespace
}  // namespace stargate::testing

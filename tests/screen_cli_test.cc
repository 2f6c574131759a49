// End-to-end: `stargate screen` on the shipped test lists, on the full OFAC
// SDN list when the shared data is present, and on every kind of bad input
// (each error message asserted).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli_runner.h"
#include "server_process.h"

namespace stargate::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const char kUsage[] =
    "usage: stargate screen NAME... | --file F [--list L] [--threshold X] [--ledger URI --record] "
    "[--json]\n";

std::string Lists() { return SourceDir() + "/src/stargate/screen/testdata"; }
std::string Ofac() { return Lists() + "/ofac"; }

// Every test runs with its own cache folder and no list in the environment,
// and puts both variables back afterwards.
class ScreenCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"STARGATE_SCREEN_LIST", "XDG_CACHE_HOME"}) {
      const char* value = std::getenv(name);
      saved_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
    }
    dir_ = MakeTempDir();
    unsetenv("STARGATE_SCREEN_LIST");
    setenv("XDG_CACHE_HOME", (dir_ + "/xdg").c_str(), 1);
  }
  void TearDown() override {
    for (const auto& [name, value] : saved_) {
      if (value) {
        setenv(name.c_str(), value->c_str(), 1);
      } else {
        unsetenv(name.c_str());
      }
    }
    fs::remove_all(dir_);
  }
  CliResult Screen(std::vector<std::string> args, const std::string& stdin_text = "") {
    args.insert(args.begin(), "screen");
    return RunStargate(args, stdin_text, dir_);
  }

  std::string dir_;
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST_F(ScreenCliTest, HitExitsOneAndShowsListIdProgramsAndWhy) {
  auto r = Screen({"--list", Ofac(), "Vladimir Putin"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("screening 1 name against 8 entries"));
  EXPECT_THAT(r.out, HasSubstr("HIT    Vladimir Putin"));
  EXPECT_THAT(r.out, HasSubstr("1.000  OFAC SDN  35096  PUTIN, Vladimir Vladimirovich  individual  "
                               "RUSSIA-EO14024"));
  EXPECT_THAT(r.out, HasSubstr("35096: vladimir putin  (coverage 1.00, quality 1.00; matched aka "
                               "name \"PUTIN, Vladimir\" at sdn.csv:8)"));
  EXPECT_THAT(r.out, HasSubstr("1 of 1 name hit at threshold 0.70"));
  EXPECT_EQ(r.err,
            "note: " + Ofac() + "/alt.csv: 1 rows refer to entries that are not in the list\n");
}

TEST_F(ScreenCliTest, ClearExitsZero) {
  auto r = Screen({"--list", Ofac(), "Acme Widgets GmbH", "Maria Garcia"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("clear  Acme Widgets GmbH\nclear  Maria Garcia\n"));
  EXPECT_THAT(r.out, HasSubstr("0 of 2 names hit at threshold 0.70"));
}

TEST_F(ScreenCliTest, MisspeltAndForeignScriptNamesHit) {
  auto r = Screen({"--list", Ofac(), "--list", Lists() + "/csl", "--json", "Vladimir Pulin",
                   "Рособоронэкспорт", "Hebei Semiconductor Research Inst."});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["names_hit"], 3);
  EXPECT_EQ(j["results"][0]["hits"][0]["entry_id"], "35096");
  const auto& parts = j["results"][0]["hits"][0]["explanation"]["parts"];
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1]["query"], "pulin");
  EXPECT_EQ(parts[1]["listed"], "putin");
  EXPECT_NEAR(parts[1]["similarity"].get<double>(), 0.8, 1e-6);
  EXPECT_EQ(j["results"][1]["hits"][0]["entry_id"], "18782");
  EXPECT_EQ(j["results"][2]["hits"][0]["list"],
            "Entity List (EL) - Bureau of Industry and Security");
}

TEST_F(ScreenCliTest, JsonDescribesTheListAndEveryHit) {
  auto r = Screen({"--list", Ofac(), "--json", "Rosoboronexport"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ok"], true);
  EXPECT_NEAR(j["threshold"].get<double>(), 0.7, 1e-6);
  EXPECT_EQ(j["list"]["entries"], 8);
  EXPECT_EQ(j["list"]["files"][1]["name"], "sdn.csv");
  EXPECT_EQ(j["list"]["files"][1]["format"], "sdn");
  EXPECT_EQ(j["list"]["from_cache"], false);
  const auto& hit = j["results"][0]["hits"][0];
  EXPECT_EQ(hit["entry_id"], "18782");
  EXPECT_EQ(hit["entry_name"], "ROSOBORONEKSPORT OAO");
  EXPECT_EQ(hit["type"], "entity");
  EXPECT_EQ(hit["programs"],
            nlohmann::json({"SYRIA", "UKRAINE-EO13662", "IRAN-CON-ARMS-EO", "RUSSIA-EO14024"}));
  EXPECT_EQ(hit["name_role"], "aka");
  EXPECT_EQ(hit["explanation"]["parts"][0]["kind"], "match");
}

// What the caller knows besides the name: a person screened as a vessel
// scores less (the hit says why), as a person it does not; bad values are
// refused with what was expected.
TEST_F(ScreenCliTest, TheQuerysTypeImoAndBirthYearCountAgainstOtherEntries) {
  auto score = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"--list",      Ofac(), "--json",
                                     "--threshold", "0.3",  "Vladimir Putin"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = Screen(args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    return j["results"][0]["hits"][0];
  };
  const auto plain = score({});
  const auto person = score({"--type", "person"});
  const auto vessel = score({"--type", "vessel"});
  EXPECT_EQ(person["score"], plain["score"]);
  EXPECT_EQ(person["explanation"]["type_factor"], 1.0);
  EXPECT_LT(vessel["explanation"]["type_factor"].get<double>(), 1.0);
  EXPECT_LT(vessel["score"].get<double>(), plain["score"].get<double>());
  auto text =
      Screen({"--list", Ofac(), "--threshold", "0.3", "--type", "vessel", "Vladimir Putin"});
  EXPECT_THAT(text.out, HasSubstr("type x"));

  auto bad = Screen({"--list", Ofac(), "--type", "ship", "Vladimir Putin"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "error: type 'ship' is not known; expected person, organization, vessel or aircraft\n");
  bad = Screen({"--list", Ofac(), "--imo", "12345", "Vladimir Putin"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("IMO number '12345' is not seven digits"));
  bad = Screen({"--list", Ofac(), "--born", "52", "Vladimir Putin"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("expected a year from 1900 to 2100"));
}

TEST_F(ScreenCliTest, TheQuerysCountryIsResolvedAsTierDoesAndReadTheSameByTheApi) {
  auto hits = [&](const std::string& country) {
    auto r = Screen({"--list", Ofac(), "--json", "--country", country, "Vladimir Putn"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    return nlohmann::json::parse(r.out)["results"][0]["hits"];
  };
  const auto russia = hits("Russian Federation");
  EXPECT_EQ(hits("ru"), russia);  // a code or an alias, any case
  EXPECT_GT(russia[0]["explanation"]["country_factor"].get<double>(), 1.0);
  EXPECT_EQ(russia[0]["explanation"]["supporting"], nlohmann::json::array({"listed in russia"}));
  const auto germany = hits("Germany");
  EXPECT_LT(germany[0]["explanation"]["country_factor"].get<double>(), 1.0);
  EXPECT_LT(germany[0]["score"].get<double>(), russia[0]["score"].get<double>());
  auto text = Screen({"--list", Ofac(), "--country", "DE", "Vladimir Putn"});
  EXPECT_THAT(text.out, HasSubstr("country x0.90; listed in russia, not Germany"));

  auto bad = Screen({"--list", Ofac(), "--country", "Germny", "Vladimir Putin"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("error: country 'Germny' is not a known country"));

  // POST /api/screen reads "country" the same way and gives the same hits.
  ServerProcess server({"--screen-list", Ofac()});
  ASSERT_GT(server.port(), 0) << server.err();
  auto client = server.Client();
  auto answer = client.Post("/api/screen", R"({"names": ["Vladimir Putn"], "country": "DE"})",
                            "application/json");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(nlohmann::json::parse(answer->body)["results"][0]["hits"], germany);
  auto wrong = client.Post("/api/screen", R"({"names": ["Vladimir Putin"], "country": "Germny"})",
                           "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 400);
  EXPECT_THAT(nlohmann::json::parse(wrong->body)["error"]["message"].get<std::string>(),
              HasSubstr("country 'Germny' is not a known country"));
  EXPECT_EQ(server.Terminate(), 0);
}

TEST_F(ScreenCliTest, SecondRunLoadsTheCachedIndex) {
  const std::string cache = dir_ + "/cache";
  auto first = Screen({"--list", Ofac(), "--cache", cache, "--json", "x y"});
  auto second = Screen({"--list", Ofac(), "--cache", cache, "--json", "x y"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(nlohmann::json::parse(first.out)["list"]["from_cache"], false);
  const auto j = nlohmann::json::parse(second.out);
  EXPECT_EQ(j["list"]["from_cache"], true);
  EXPECT_EQ(fs::path(j["list"]["cache_path"].get<std::string>()).parent_path(), fs::path(cache));
}

TEST_F(ScreenCliTest, DefaultCacheIsUnderXdgCacheHome) {
  auto r = Screen({"--list", Ofac(), "--json", "x y"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto path = nlohmann::json::parse(r.out)["list"]["cache_path"].get<std::string>();
  EXPECT_EQ(fs::path(path).parent_path(), fs::path(dir_) / "xdg" / "stargate");
  EXPECT_TRUE(fs::exists(path));
}

TEST_F(ScreenCliTest, DamagedCacheIsRebuiltWithANote) {
  const std::string cache = dir_ + "/cache";
  auto first = Screen({"--list", Ofac(), "--cache", cache, "--json", "x y"});
  const auto path = nlohmann::json::parse(first.out)["list"]["cache_path"].get<std::string>();
  WriteFile(path, "garbage");
  auto r = Screen({"--list", Ofac(), "--cache", cache, "Vladimir Putin"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("note: ignored damaged cache file " + path +
                               " (screening index cache is damaged: not a stargate screening "
                               "index); rebuilt it\n"));
}

TEST_F(ScreenCliTest, ListFromTheEnvironment) {
  setenv("STARGATE_SCREEN_LIST", (Lists() + "/csl:" + Ofac()).c_str(), 1);
  auto r = Screen({"--json", "Ismail Haniya", "Vladimir Putin"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["list"]["entries"], 12);
  EXPECT_EQ(j["results"][0]["hits"][0]["entry_id"], "plc-0004");
  EXPECT_EQ(j["results"][1]["hits"][0]["entry_id"], "35096");
}

TEST_F(ScreenCliTest, NoListConfiguredIsBadInputNeverClear) {
  // The shipped lists are the default; a lists folder without its manifest
  // is an error, never an empty list that clears every name.
  const std::string empty = dir_ + "/no-lists";
  std::filesystem::create_directories(empty);
  setenv("STARGATE_LISTS_DIR", empty.c_str(), 1);
  auto r = Screen({"Vladimir Putin"});
  auto j = Screen({"--json", "Vladimir Putin"});
  unsetenv("STARGATE_LISTS_DIR");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  const std::string message =
      "no screening lists at " + empty +
      " (lists.yaml not found); expected the lists folder that ships in data/screening, "
      "$STARGATE_LISTS_DIR, or lists named with --list";
  EXPECT_EQ(r.err, "error: " + message + "\n");
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_EQ(nlohmann::json::parse(j.out)["ok"], false);
  EXPECT_EQ(nlohmann::json::parse(j.out)["error"], message);
}

TEST_F(ScreenCliTest, NamesFromAFileAndFromStdin) {
  WriteFile(dir_ + "/names.txt", "# consignees\r\nAcme Widgets GmbH\r\n\r\n  Vladimir Putin  \r\n");
  auto r = Screen({"--list", Ofac(), "--file", "names.txt", "--json"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["results"][0]["name"], "Acme Widgets GmbH");
  EXPECT_EQ(j["results"][0]["origin"], "names.txt:2");
  EXPECT_EQ(j["results"][0]["hit"], false);
  EXPECT_EQ(j["results"][1]["name"], "Vladimir Putin");
  EXPECT_EQ(j["results"][1]["origin"], "names.txt:4");
  auto in = Screen({"--list", Ofac(), "--file", "-"}, "Banco Nacional de Cuba\n");
  EXPECT_EQ(in.exit_code, 1) << in.err;
  EXPECT_THAT(in.out, HasSubstr("306"));
}

TEST_F(ScreenCliTest, BadNamesAreErrors) {
  auto empty = Screen({"--list", Ofac(), ""});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err,
            "error: name is empty; expected the name of a person or organisation to screen\n");
  auto symbols = Screen({"--list", Ofac(), "***"});
  EXPECT_EQ(symbols.exit_code, 2);
  EXPECT_EQ(symbols.err, "error: name '***' has no letters or digits; expected a name\n");
  WriteFile(dir_ + "/names.txt",
            "Acme\nA\xFF"
            "B\n");
  auto bad_utf8 = Screen({"--list", Ofac(), "--file", "names.txt"});
  EXPECT_EQ(bad_utf8.exit_code, 2);
  EXPECT_EQ(bad_utf8.err,
            "error: names.txt:2:1: name is not clean UTF-8 text (bad byte at offset 1); expected "
            "UTF-8 text without control characters\n");
  WriteFile(dir_ + "/blank.txt", "\n# nothing\n");
  auto blank = Screen({"--list", Ofac(), "--file", "blank.txt"});
  EXPECT_EQ(blank.exit_code, 2);
  EXPECT_EQ(blank.err, "error: the names file has no names; expected one name per line\n");
  auto missing = Screen({"--list", Ofac(), "--file", "nope.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(
      missing.err,
      "error: nope.txt: cannot open 'nope.txt'; expected an existing, readable file of names\n");
}

TEST_F(ScreenCliTest, UsageErrors) {
  auto none = Screen({"--list", Ofac()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err,
            std::string("error: no names to screen; expected NAME... or --file FILE\n") + kUsage);
  auto threshold = Screen({"--list", Ofac(), "--threshold", "1.5", "x"});
  EXPECT_EQ(threshold.exit_code, 2);
  EXPECT_EQ(threshold.err,
            std::string("error: threshold '1.5' is not a number in (0, 1]; expected a "
                        "score such as 0.70 (the default)\n") +
                kUsage);
  auto word = Screen({"--list", Ofac(), "--threshold", "high", "x"});
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_THAT(word.err, HasSubstr("error: threshold 'high' is not a number in (0, 1]"));
  auto hits = Screen({"--list", Ofac(), "--max-hits", "-1", "x"});
  EXPECT_EQ(hits.exit_code, 2);
  EXPECT_EQ(hits.err, std::string("error: --max-hits '-1' is not a whole number >= 0; expected the "
                                  "most hits to show per name, 0 for all\n") +
                          kUsage);
  auto option = Screen({"--bogus", "x"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_EQ(
      option.err,
      std::string(
          "error: unknown option '--bogus' for 'stargate screen'; expected "
          "one of --list, --threshold, --cache, --no-cache, --file, "
          "--max-hits, --type, --imo, --born, --country, --ledger, --record, --json, --help\n") +
          kUsage);
  auto value = Screen({"x", "--threshold"});
  EXPECT_EQ(value.exit_code, 2);
  EXPECT_EQ(
      value.err,
      std::string("error: option '--threshold' needs a value; expected --threshold X\n") + kUsage);
}

TEST_F(ScreenCliTest, MissingMalformedAndEmptyListsAreErrors) {
  auto missing = Screen({"--list", "nope", "x"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(
      missing.err,
      "error: no such list file or folder: nope; expected a list CSV file or a folder of them\n");

  WriteFile(dir_ + "/bad/sdn.csv",
            "1,\"ALPHA\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n2,\"BETA\",-0- \n");
  auto malformed = Screen({"--list", "bad", "x"});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_EQ(
      malformed.err,
      "error: bad/sdn.csv:2:1: record has 3 fields; expected 12 fields as in the rest of this "
      "OFAC sdn file\n");

  WriteFile(dir_ + "/empty.csv", "source,name\n");
  auto empty = Screen({"--list", "empty.csv", "x"});
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err,
            "error: the screening list has no entries, so every name would screen as clear; "
            "expected at least one OFAC sdn / cons_prim file or Consolidated Screening List file "
            "with entries\n");

  fs::create_directories(dir_ + "/nothing");
  auto folder = Screen({"--list", "nothing", "x"});
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_EQ(folder.err,
            "error: folder nothing has no .csv files; expected OFAC or Consolidated Screening List "
            "CSV files in it\n");

  WriteFile(dir_ + "/alt.csv", "1,5,\"aka\",\"A\",-0- \n");
  auto orphan = Screen({"--list", "alt.csv", "x"});
  EXPECT_EQ(orphan.exit_code, 2);
  EXPECT_EQ(
      orphan.err,
      "error: alt.csv: an OFAC alt file without the list it belongs to; expected the matching "
      "sdn.csv (or cons_prim.csv) in the same --list\n");

  WriteFile(dir_ + "/quote.csv", "1,\"ALPHA,-0- \n");
  auto quote = Screen({"--list", "quote.csv", "--json", "x"});
  EXPECT_EQ(quote.exit_code, 2);
  EXPECT_EQ(
      nlohmann::json::parse(quote.out)["error"],
      "quote.csv:1:3: quoted field is never closed; expected a closing '\"' before the end of "
      "the file");
  EXPECT_EQ(
      quote.err,
      "error: quote.csv:1:3: quoted field is never closed; expected a closing '\"' before the "
      "end of the file\n");
}

TEST_F(ScreenCliTest, HelpDescribesTheCommand) {
  auto r = Screen({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr(kUsage));
  EXPECT_THAT(r.out, HasSubstr("STARGATE_SCREEN_LIST"));
  EXPECT_THAT(r.out,
              HasSubstr("Exit code 0 when no name hits, 1 when any name scores at or above"));
}

// The full OFAC SDN list (2024-05-03) with its January 2025 alternate names,
// loaded once: the shared data is not part of the repository, so this test
// is skipped where it is absent.
TEST_F(ScreenCliTest, FullSdnList) {
  const std::string data = SourceDir() + "/../shared/data/screening";
  if (!fs::exists(data + "/sdn.csv")) GTEST_SKIP() << "no " << data << "/sdn.csv";
  auto r = Screen({"--list", data + "/sdn.csv", "--list", data + "/watchman-ofac-alt.csv", "--json",
                   "--no-cache", "Vladimir Putin", "ROSOBORONEXPORT", "Acme Widgets GmbH",
                   "Usama bin Ladin"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["list"]["entries"], 14965);
  EXPECT_EQ(j["results"][0]["hits"][0]["entry_id"], "35096");
  EXPECT_EQ(j["results"][1]["hits"][0]["entry_id"], "18782");
  EXPECT_EQ(j["results"][2]["hit"], false);
  EXPECT_EQ(j["results"][3]["hits"][0]["entry_id"], "6365");
}

// Screening inside `check`, `validate` and the ledger.
class ScreeningInCommandsTest : public ScreenCliTest {
 protected:
  CliResult Run(std::vector<std::string> args) { return RunStargate(args, "", dir_); }
  void WriteShipments() {
    WriteFile(dir_ + "/ship.json", R"([
  {"id": "listed", "date": "2025-06-01", "accelerator": "H100-SXM", "quantity": 100,
   "destination": "AE", "consignee": "Rosoboroneksport OAO"},
  {"id": "clean", "date": "2025-06-02", "accelerator": "H100-SXM", "quantity": 100,
   "destination": "AE", "consignee": "Gulf Cloud Holdings"}
])");
  }
};

TEST_F(ScreeningInCommandsTest, CheckProhibitsAListedConsigneeWithTheEntryInItsTrace) {
  WriteShipments();
  auto r = Run({"check", "ship.json", "--list", Ofac(), "--json"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& listed = j["decisions"][0];
  EXPECT_EQ(listed["outcome"], "prohibited");
  const auto& step = listed["trace"].back();
  EXPECT_EQ(step["rule"], "restricted-party");
  EXPECT_THAT(step["result"].get<std::string>(),
              HasSubstr("matches OFAC SDN entry 18782 (ROSOBORONEKSPORT OAO)"));
  EXPECT_THAT(step["cite"].get<std::string>(), HasSubstr("Specially Designated Nationals"));
  EXPECT_NE(j["decisions"][1]["outcome"], "prohibited");
  // Screening off (explicitly): the same file is decided on the rules alone.
  auto unlisted = Run({"check", "ship.json", "--no-screening", "--json"});
  EXPECT_NE(nlohmann::json::parse(unlisted.out)["decisions"][0]["outcome"], "prohibited");
}

TEST_F(ScreeningInCommandsTest, CheckRecordsEachConsigneesScreeningInTheLedger) {
  WriteShipments();
  const std::string db = "sqlite:" + dir_ + "/book.db";
  ASSERT_EQ(Run({"ledger", "init", "--ledger", db}).exit_code, 0);
  auto r = Run({"check", "ship.json", "--list", Ofac(), "--ledger", db, "--record", "--json"});
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["recorded"]["count"], 4);  // 2 screenings + 2 decisions
  auto list = Run({"ledger", "list", "--ledger", db, "--kind", "screening", "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("\"result\":\"hit\""));
  EXPECT_THAT(list.out, HasSubstr("\"result\":\"clear\""));
  EXPECT_EQ(Run({"ledger", "verify", "--ledger", db}).exit_code, 0);
  // `screen --record` appends one entry per name.
  auto screened =
      Run({"screen", "--list", Ofac(), "--ledger", db, "--record", "--json", "Vladimir Putin"});
  EXPECT_EQ(screened.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(screened.out)["recorded"]["count"], 1);
}

TEST_F(ScreeningInCommandsTest, ValidateScreensTheFinanciers) {
  std::ifstream in(SourceDir() + "/data/scenarios/small.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto replace = [&](const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
  };
  replace("../accelerators.yaml", SourceDir() + "/data/accelerators.yaml");
  replace("../countries.yaml", SourceDir() + "/data/countries.yaml");
  replace("name: Test strategic investor", "name: Banco Nacional de Cuba");
  WriteFile(dir_ + "/sanctioned.yaml", text);
  auto hit = Run({"validate", "sanctioned.yaml", "--list", Ofac()});
  EXPECT_EQ(hit.exit_code, 1) << hit.err;
  EXPECT_THAT(hit.out,
              HasSubstr("HIT        financier 'test-equity' (Banco Nacional de Cuba) matches "
                        "OFAC SDN entry 306 (BANCO NACIONAL DE CUBA"));
  auto clean =
      Run({"validate", SourceDir() + "/data/scenarios/small.yaml", "--list", Ofac(), "--json"});
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_EQ(nlohmann::json::parse(clean.out)["screening"]["financiers_screened"], 2);
  EXPECT_EQ(nlohmann::json::parse(clean.out)["screening"]["financiers_hit"], 0);
}

}  // namespace
}  // namespace stargate::testing

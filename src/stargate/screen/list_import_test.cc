#include "stargate/screen/list_import.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "stargate/screen/screen.h"

namespace stargate::screen {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TestData(const std::string& path) {
  return std::string(STARGATE_SOURCE_DIR) + "/src/stargate/screen/testdata/" + path;
}

ListText Read(const std::string& path) {
  auto text = ReadListFile(TestData(path));
  EXPECT_TRUE(text.ok()) << text.status();
  return {TestData(path), text.ok() ? *text : "", false};
}

const ImportedEntry* Find(const ImportedList& list, const std::string& id) {
  for (const auto& e : list.entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<std::string> Names(const ImportedEntry& e) {
  std::vector<std::string> names;
  for (const auto& n : e.names) names.push_back(n.text);
  return names;
}

TEST(ListImportTest, CountriesFromAddressesNationalityAndCitizenship) {
  // add.csv: ent_num, add_num, address, city, country, remarks.
  const ListText add{"add.csv",
                     "35096,1,-0- ,\"Moscow\",\"Russia\",-0- \n"
                     "18782,2,\"27 Stromynka ul.\",\"Moscow\",\"Russia\",-0- \n"
                     "18782,3,-0- ,-0- ,\"Korea, North\",-0- \n"
                     "4243,4,-0- ,-0- ,-0- ,-0- \n",
                     false};
  auto list = ImportListTexts({Read("ofac/sdn.csv"), Read("ofac/alt.csv"), add});
  ASSERT_TRUE(list.ok()) << list.status();
  // "nationality Russia; citizen Russia" in the remarks and the address: once.
  EXPECT_THAT(Find(*list, "35096")->countries, ElementsAre("Russia"));
  EXPECT_THAT(Find(*list, "18782")->countries, ElementsAre("Russia", "Korea, North"));
  EXPECT_TRUE(Find(*list, "4243")->countries.empty());  // "-0-": no country
  auto csl = ImportListTexts({Read("csl/consolidated.csv")});
  ASSERT_TRUE(csl.ok()) << csl.status();
  EXPECT_THAT(Find(*csl, "el-0001")->countries, ElementsAre("CN"));  // "Shijiazhuang, CN"
}

TEST(ListImportTest, CountryKeysUndoTheListsInversionsAndPrefixes) {
  EXPECT_EQ(CountryKey("Korea, North"), "north korea");
  EXPECT_EQ(CountryKey(" Region: Crimea"), "crimea");
  EXPECT_EQ(CountryKey("The Gambia"), "gambia");
  EXPECT_EQ(CountryKey("Bahamas, The"), "bahamas");
  EXPECT_EQ(CountryKey("U.A.E."), "uae");
  EXPECT_EQ(CountryKey("CN"), "cn");
  // A tail of several words is not an inverted name.
  EXPECT_EQ(CountryKey("Congo, Democratic Republic of the"), "congo democratic republic of the");
  EXPECT_EQ(CountryKey(""), "");
}

TEST(ListImportTest, OfacSdnWithAlternateNames) {
  auto list = ImportListTexts({Read("ofac/sdn.csv"), Read("ofac/alt.csv")});
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->entries.size(), 8u);
  ASSERT_EQ(list->files.size(), 2u);
  EXPECT_EQ(list->files[0].format, FileFormat::kOfacPrimary);
  EXPECT_EQ(list->files[1].format, FileFormat::kOfacAlt);
  EXPECT_EQ(list->files[1].records, 11u);

  const ImportedEntry* putin = Find(*list, "35096");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->list, "OFAC SDN");
  EXPECT_EQ(putin->type, EntryType::kIndividual);
  EXPECT_THAT(putin->programs, ElementsAre("RUSSIA-EO14024"));
  EXPECT_THAT(Names(*putin), ElementsAre("PUTIN, Vladimir Vladimirovich", "PUTIN, Vladimir"));
  EXPECT_EQ(putin->names[1].role, NameRole::kAka);
  EXPECT_THAT(putin->source, HasSubstr("sdn.csv:8"));

  const ImportedEntry* rosoboron = Find(*list, "18782");
  ASSERT_NE(rosoboron, nullptr);
  EXPECT_EQ(rosoboron->type, EntryType::kEntity);
  EXPECT_THAT(rosoboron->programs,
              ElementsAre("SYRIA", "UKRAINE-EO13662", "IRAN-CON-ARMS-EO", "RUSSIA-EO14024"));
  EXPECT_THAT(Names(*rosoboron), ::testing::Contains("ROSOBORONEXPORT JSC"));

  EXPECT_EQ(Find(*list, "4243")->type, EntryType::kVessel);
  EXPECT_EQ(Find(*list, "15431")->type, EntryType::kAircraft);
  // The made-up alt row has no entry: a note, not an error.
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_THAT(list->notes[0], HasSubstr("1 rows refer to entries that are not in the list"));
}

TEST(ListImportTest, AliasesInRemarksAreNames) {
  auto list = ImportListTexts({Read("ofac/sdn.csv")});
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(Names(*Find(*list, "306")), ElementsAre("BANCO NACIONAL DE CUBA", "BNC"));
  const ImportedEntry* vessel = Find(*list, "4243");
  EXPECT_THAT(Names(*vessel), ElementsAre("EBANO", "ANA I", "SAND SWAN"));
  // OFAC writes its weak aliases (FAQ 123) in the remarks, in single quotes.
  EXPECT_EQ(vessel->names[1].role, NameRole::kWeakAka);
  EXPECT_EQ(Find(*list, "306")->names[1].role, NameRole::kWeakAka);
}

TEST(ListImportTest, IdentifiersInRemarks) {
  auto list = ImportListTexts({Read("ofac/sdn.csv")});
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(Find(*list, "4243")->imo, "7406784");  // "Vessel Registration Identification IMO ..."
  EXPECT_THAT(Find(*list, "35096")->birth_years, ElementsAre(1952));  // "DOB 07 Oct 1952"
  EXPECT_TRUE(Find(*list, "306")->imo.empty());
  EXPECT_TRUE(Find(*list, "306")->birth_years.empty());
}

TEST(ListImportTest, ConsolidatedScreeningList) {
  auto list = ImportListTexts({Read("csl/consolidated.csv")});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->entries.size(), 4u);
  const ImportedEntry& el = list->entries[0];
  EXPECT_EQ(el.list, "Entity List (EL) - Bureau of Industry and Security");
  EXPECT_EQ(el.id, "el-0001");
  EXPECT_EQ(el.type, EntryType::kEntity);
  EXPECT_THAT(Names(el),
              ElementsAre("Hebei Semiconductor Research Institute", "HSRI",
                          "Hebei Institute of Semiconductors", "CETC Research Institute 13"));
  EXPECT_EQ(list->entries[1].names[0].text, "Sinobright Import and Export Company");
  EXPECT_THAT(list->entries[1].programs, ElementsAre("INKSNA"));
  EXPECT_EQ(list->entries[2].type, EntryType::kUnknown);
  EXPECT_EQ(list->entries[3].type, EntryType::kIndividual);
}

TEST(ListImportTest, CompanionsJoinTheirOwnPrimary) {
  // "x-alt.csv" belongs to "x-sdn.csv", not to "y-sdn.csv", even for an ent_num both have.
  auto list = ImportListTexts(
      {{"x-sdn.csv", "1,\"ALPHA\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"},
       {"y-sdn.csv", "1,\"BETA\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"},
       {"x-alt.csv", "1,5,\"aka\",\"ALPHA TWO\",-0- \n"}});
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_THAT(Names(list->entries[0]), ElementsAre("ALPHA", "ALPHA TWO"));
  EXPECT_THAT(Names(list->entries[1]), ElementsAre("BETA"));
}

struct BadCase {
  std::string name, text, error;
};

TEST(ListImportTest, MalformedFilesAreErrorsWithPositions) {
  const std::string sdn_row = "1,\"ALPHA\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  const std::vector<BadCase> cases = {
      {"sdn.csv", "",
       "sdn.csv:1:1: list file is empty; expected an OFAC SDN CSV file or a "
       "Consolidated Screening List CSV file"},
      {"sdn.csv", sdn_row + "2,\"BETA\",-0- \n",
       "sdn.csv:2:1: record has 3 fields; expected 12 fields as in the rest of this OFAC sdn file"},
      {"sdn.csv", "1,\"A\",-0- \n",
       "sdn.csv:1:1: record has 3 fields; expected 12 (OFAC sdn / cons_prim), 5 (alt), 6 (add) or "
       "2 (comments) fields"},
      {"sdn.csv", sdn_row + "x2,\"B\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
       "sdn.csv:2:1: ent_num 'x2' is not a number; expected a whole number identifying the entry"},
      {"sdn.csv", sdn_row + sdn_row,
       "sdn.csv:2:1: ent_num 1 appears twice; expected each ent_num once in an sdn file"},
      {"sdn.csv", "1,-0- ,-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
       "sdn.csv:1:3: entry 1 has no name; expected SDN_Name in the second field"},
      {"sdn.csv", "1,\"A\",\"company\",\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
       "sdn.csv:1:7: SDN_Type 'company'; expected individual, vessel, aircraft or -0- (an entity)"},
      {"sdn.csv", "1,\"AB\xFF\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
       "sdn.csv:1:3: name is not clean UTF-8 text (bad byte at offset 2); expected UTF-8 text "
       "without control characters"},
      {"sdn.csv", "1,\"--\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n",
       "sdn.csv:1:3: name '--' has no letters; expected a name with letters or digits"},
      {"sdn.csv", "1,\"A,-0- \n",
       "sdn.csv:1:3: quoted field is never closed; expected a closing '\"' before the end of the "
       "file"},
      {"names.csv", "case_group,schema,name1\nx,y,z\n",
       "names.csv:1:1: not a screening list (the first record is neither OFAC data nor a "
       "Consolidated Screening List header); expected an OFAC SDN CSV file (first field an "
       "ent_num) or a Consolidated Screening List CSV with a header naming 'source' and 'name'"},
      {"alt.csv", "1,5,\"aka\",\"A\",-0- \n",
       "alt.csv: an OFAC alt file without the list it belongs to; expected the matching sdn.csv "
       "(or cons_prim.csv) in the same --list"},
      {"alt.csv", sdn_row.substr(0, 0) + "1,5,\"also\",\"A\",-0- \n",
       "alt.csv:1:5: alt_type 'also'; expected aka, fka or nka"},
      {"csl.csv", "source,name,type\n\"EL\",\"\",\"Entity\"\n",
       "csl.csv:2:6: name is empty; expected the entry's name"},
      {"csl.csv", "source,name,type\n\"EL\",\"A\",\"Robot\"\n",
       "csl.csv:2:10: type 'Robot'; expected Individual, Entity, Vessel, Aircraft or empty"},
      {"csl.csv", "source,name,type\n\"EL\",\"A\"\n",
       "csl.csv:2:1: record has 2 fields; expected 3 fields, one per header column"},
      {"csl.csv", "source,name\n,\"A\"\n",
       "csl.csv:2:1: source is empty; expected the list the entry is on, e.g. 'Entity List (EL) - "
       "Bureau of Industry and Security'"},
      {"csl.csv", "source,name\n",
       "the screening list has no entries, so every name would screen as clear; expected at least "
       "one OFAC sdn / cons_prim file or Consolidated Screening List file with entries"},
  };
  for (const auto& c : cases) {
    std::vector<ListText> files = {{c.name, c.text, false}};
    auto list = ImportListTexts(files);
    ASSERT_FALSE(list.ok()) << c.text;
    EXPECT_EQ(list.status().message(), c.error) << c.text;
  }
}

TEST(ListImportTest, AltFileWithTheWrongFieldCount) {
  const std::string sdn_row = "1,\"ALPHA\",-0- ,\"P\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";
  auto list =
      ImportListTexts({{"sdn.csv", sdn_row}, {"alt.csv", "1,5,\"aka\",\"A\",-0- \n1,6,\"aka\"\n"}});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(
      list.status().message(),
      "alt.csv:2:1: record has 3 fields; expected 5 fields as in the rest of this OFAC alt file");
}

TEST(ListImportTest, FoldersTakeTheirCsvFilesAndSkipOtherCsvData) {
  const auto dir = std::filesystem::temp_directory_path() / "stargate-list-import-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::filesystem::copy(TestData("ofac/sdn.csv"), dir / "sdn.csv");
  std::ofstream(dir / "cases.csv") << "case_group,schema,name1\nx,y,z\n";
  std::ofstream(dir / "README.md") << "not a list\n";
  auto files = ListFilesIn(dir);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 2u);  // the .md is not taken
  std::vector<ListText> texts;
  for (const auto& f : *files) texts.push_back({f.string(), *ReadListFile(f), true});
  auto list = ImportListTexts(texts);
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->entries.size(), 8u);
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_THAT(list->notes[0],
              HasSubstr("cases.csv: not a screening list (header case_group,schema,name1)"));

  std::filesystem::remove(dir / "sdn.csv");
  std::filesystem::remove(dir / "cases.csv");
  auto empty = ListFilesIn(dir);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(),
            "folder " + dir.string() +
                " has no .csv files; expected OFAC or Consolidated Screening List CSV files in it");
  auto missing = ListFilesIn(dir / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "no such list file or folder: " + (dir / "nope").string() +
                                            "; expected a list CSV file or a folder of them");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace stargate::screen

namespace stargate::screen {
namespace {

// The Entity List alone, in the CSL's columns without `source`: every row is
// on the Entity List, its license terms are kept, and an alternate name that
// is only punctuation (an artefact of splitting at ';') is skipped.
TEST(ListImportTest, EntityListAloneKeepsItsLicenseTerms) {
  ListText file{
      "entity_list.csv",
      "name,alt_names,country,addresses,license_requirement,license_policy,federal_register_notice,"
      "start_date\n"
      "\"Huawei Technologies Co., Ltd.\",Huawei Technology;';,China,Shenzhen,"
      "For all items subject to the EAR. (See 744.11),,\"84 FR 22963, 5/21/19\",2019-05-21\n"};
  auto list = ImportListTexts({file});
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->entries.size(), 1u);
  const ImportedEntry& e = list->entries[0];
  EXPECT_EQ(e.list, kEntityListName);
  EXPECT_EQ(e.names.size(), 2u);
  EXPECT_EQ(e.license_requirement, "For all items subject to the EAR. (See 744.11)");
  EXPECT_EQ(e.license_policy, "");
  EXPECT_EQ(e.federal_register_notice, "84 FR 22963, 5/21/19");
  ASSERT_EQ(list->notes.size(), 1u);
  EXPECT_NE(list->notes[0].find("skipped the alternate name"), std::string::npos);

  // Through the front door, the hit carries the terms.
  const auto path = std::filesystem::temp_directory_path() / "stargate-entity-list-test.csv";
  std::ofstream(path) << file.text;
  LoadOptions load;
  load.use_cache = false;
  auto screening = LoadScreeningList({path}, load);
  std::filesystem::remove(path);
  ASSERT_TRUE(screening.ok()) << screening.status();
  auto hits = Screen(*screening, "Huawei Technologies Co Ltd");
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].license_requirement, "For all items subject to the EAR. (See 744.11)");
  EXPECT_EQ((*hits)[0].federal_register_notice, "84 FR 22963, 5/21/19");
}

}  // namespace
}  // namespace stargate::screen

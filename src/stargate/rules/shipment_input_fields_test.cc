// The shipment reader's newer fields (end_user, owners), its number bounds
// and what it does with hostile input. Positions are found independently:
// the expected column is where a marker is in the (one-line, ASCII) text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "stargate/rules/decision_json.h"
#include "stargate/rules/shipment_input.h"

namespace stargate::rules {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kBase[] =
    R"({"id": "s", "date": "2025-01-01", "accelerator": "A", "quantity": 1, "destination": "IN", "consignee": "C")";

std::string Record(const std::string& extra) { return std::string(kBase) + extra + "}"; }

std::vector<std::string> Problems(const std::string& text, const std::string& name = "in.json") {
  ShipmentReader reader(text, name);
  DiagnosticList d;
  std::vector<Shipment> out;
  EXPECT_FALSE(reader.Read(&out, &d));
  d.Sort();
  std::vector<std::string> lines;
  for (const auto& item : d.items()) lines.push_back(item.ToString());
  return lines;
}

std::vector<Shipment> Read(const std::string& text, const std::string& name = "in.json") {
  ShipmentReader reader(text, name);
  DiagnosticList d;
  std::vector<Shipment> out;
  EXPECT_TRUE(reader.Read(&out, &d)) << d.ToStatus();
  return out;
}

// "in.json:1:C: " where C is the column of `marker` in `text` (nth occurrence).
std::string At(const std::string& text, const std::string& marker, int nth = 1) {
  size_t at = std::string::npos;
  for (int k = 0; k < nth; ++k) at = text.find(marker, at == std::string::npos ? 0 : at + 1);
  EXPECT_NE(at, std::string::npos) << marker;
  return "in.json:1:" + std::to_string(at + 1) + ": ";
}

TEST(ShipmentFieldsTest, ReadsEndUserAndOwnersAndRecordsThem) {
  const auto s = Read(Record(R"(, "end_user": "Lab", "owners": [{"name": "Holding A", "share": 0.3},
      {"name": "Holding B", "share": 0.7}])"));
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].end_user, "Lab");
  ASSERT_EQ(s[0].owners.size(), 2u);
  EXPECT_EQ(s[0].owners[1].name, "Holding B");
  EXPECT_DOUBLE_EQ(s[0].owners[1].share, 0.7);
  const auto j = ToJson(s[0]);
  EXPECT_EQ(j["end_user"], "Lab");
  EXPECT_EQ(j["owners"][0]["name"], "Holding A");
  EXPECT_EQ(j["owners"][0]["share"], 0.3);
  // Absent fields stay absent in what is recorded.
  const auto plain = ToJson(Read(Record(""))[0]);
  EXPECT_FALSE(plain.contains("end_user"));
  EXPECT_FALSE(plain.contains("owners"));
}

TEST(ShipmentFieldsTest, SharesWithinASliverOfOneAreAccepted) {
  const auto s =
      Read(Record(R"(, "owners": [{"name": "A", "share": 0.1}, {"name": "B", "share": 0.2},
      {"name": "C", "share": 0.7000000000001}])"));
  EXPECT_EQ(s[0].owners.size(), 3u);
}

TEST(ShipmentFieldsTest, OwnerProblemsAreEachLocated) {
  const std::string text = Record(
      R"(, "owners": [{"name": "A", "share": 1.5}, {"share": 0.1}, {"name": "", "share": 0.1},)"
      R"( {"name": "D", "share": "half"}, {"name": "E", "share": 0.1, "stake": 2}, "F", {"name": "G"}])");
  EXPECT_THAT(
      Problems(text),
      ElementsAre(
          At(text, "1.5") + "shipment 's': owner 'A' has the share 1.5, outside 0..1; expected a "
                            "share from 0 to 1 (0.25 for 25%)",
          At(text, "{\"share\": 0.1}") +
              "shipment 's': owner #2 has no 'name'; expected the owner's name",
          At(text, "\"\"") + "shipment 's': owner #3's name is \"\"; expected the owner's name",
          At(text, "\"half\"") +
              "shipment 's': owner #4's share is \"half\"; expected a share from 0 "
              "to 1 (0.25 for 25%)",
          At(text, "\"stake\"") +
              "shipment 's': unknown field 'stake' in owner #5; expected one of "
              "name, share",
          At(text, "\"F\"") +
              "shipment 's': owner #6 is \"F\"; expected {\"name\": \"...\", \"share\": "
              "0.3}",
          At(text, "{\"name\": \"G\"}") + "shipment 's': owner #7 has no 'share'; expected a share "
                                          "from 0 to 1 (0.25 for 25%)"));
}

TEST(ShipmentFieldsTest, SharesAddingUpPastOneAreRefusedAtTheList) {
  const std::string text =
      Record(R"(, "owners": [{"name": "A", "share": 0.6}, {"name": "B", "share": 0.5}])");
  EXPECT_THAT(
      Problems(text),
      ElementsAre(At(text, "[") + "shipment 's': the owners' shares add up to 1.1; expected "
                                  "shares that add up to at most 1"));
  const std::string negative = Record(R"(, "owners": [{"name": "A", "share": -0.1}])");
  EXPECT_THAT(Problems(negative),
              ElementsAre(HasSubstr("owner 'A' has the share -0.1, outside 0..1")));
  EXPECT_THAT(Problems(Record(R"(, "owners": {"name": "A"})")),
              ElementsAre(HasSubstr("owners is {\"name\": \"A\"}; expected a list of owners")));
  EXPECT_THAT(Problems(Record(R"(, "end_user": 7)")),
              ElementsAre(HasSubstr("end_user is 7; expected the end user's name")));
}

TEST(ShipmentFieldsTest, CsvOwnersAreNameShareListsCheckedTheSameWay) {
  const std::string header = "id,date,accelerator,quantity,destination,consignee,end_user,owners\n";
  const auto s =
      Read(header + "s1,2025-01-01,A,1,IN,C,Lab, Holding A : 0.3 ;Holding: B:0.25;\n", "in.csv");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].end_user, "Lab");
  ASSERT_EQ(s[0].owners.size(), 2u);
  EXPECT_EQ(s[0].owners[0].name, "Holding A");
  EXPECT_EQ(s[0].owners[1].name, "Holding: B");  // a name ends at its last ':'
  EXPECT_DOUBLE_EQ(s[0].owners[1].share, 0.25);
  EXPECT_THAT(Problems(header + "s1,2025-01-01,A,1,IN,C,,A:0.6;B:0.5\n", "in.csv"),
              ElementsAre("in.csv:2:25: shipment 's1': the owners' shares add up to 1.1; expected "
                          "shares that add up "
                          "to at most 1"));
  EXPECT_THAT(
      Problems(header + "s1,2025-01-01,A,1,IN,C,,A;B:x;:0.1\n", "in.csv"),
      ElementsAre(
          "in.csv:2:25: shipment 's1': owner 'A' has no share; expected Name:share pairs separated "
          "by "
          "';', such as Holding A:0.3;Holding B:0.25",
          "in.csv:2:25: shipment 's1': owner 'B' has the share 'x', not a number; expected a share "
          "from 0 to 1 (0.25 for 25%)",
          "in.csv:2:25: shipment 's1': owner ':0.1' has no name; expected Name:share pairs "
          "separated by ';', such as Holding A:0.3;Holding B:0.25"));
}

TEST(ShipmentFieldsTest, NumbersStayWithinBoundsThatKeepRecordingFinite) {
  const std::string big =
      Record(R"(, "accelerator": {"tpp": 1e308, "die_area_mm2": 2e6, "memory_bandwidth_gbps": 5})");
  // (The record's own "accelerator" comes first and is a duplicate: use a fresh one.)
  const std::string text =
      R"({"id": "s", "date": "2025-01-01", "accelerator": {"tpp": 1e308, "die_area_mm2": 2e6}, "quantity": 2000000000,)"
      R"( "destination": "IN", "consignee": "C"})";
  EXPECT_THAT(
      Problems(text),
      ElementsAre(At(text, "1e308") +
                      "shipment 's': accelerator tpp 1e+308 is more than 1e+09; expected at "
                      "most 1e+09 (no accelerator comes near)",
                  At(text, "2e6") +
                      "shipment 's': accelerator die_area_mm2 2e+06 is more than 1e+06; "
                      "expected at most 1e+06 (no accelerator comes near)",
                  At(text, "2000000000") +
                      "shipment 's': quantity 2000000000 is more than 1000000000; "
                      "expected at most 1000000000 units in one shipment (split larger "
                      "ones)"));
  EXPECT_THAT(Problems(big), ElementsAre(HasSubstr("duplicate key 'accelerator'")));
  const std::string huge = Record(R"(, "quantity": 1e400)");
  EXPECT_THAT(Problems(huge), ElementsAre(HasSubstr("duplicate key 'quantity'"),
                                          HasSubstr("the number 1e400 is out of range")));
  EXPECT_THAT(
      Problems(R"({"id": "s", "quantity": 1e400})"),
      ElementsAre(
          "in.json:1:25: the number 1e400 is out of range; expected a number a double holds "
          "(magnitude below 1.8e308)"));
  EXPECT_THAT(
      Problems(
          R"({"id": "s", "date": "2025-01-01", "accelerator": "A", "quantity": -0, "destination": "IN", )"
          R"("consignee": "C"})"),
      ElementsAre(HasSubstr("quantity -0 is not a positive integer")));
  EXPECT_THAT(
      Problems("id,date,accelerator,quantity,destination,consignee,tpp,die_area_mm2\n"
               "s1,2025-01-01,,00000000000000000001000000000000,IN,C,1e300,1\n",
               "in.csv"),
      ElementsAre(
          HasSubstr("in.csv:2:16: shipment 's1': quantity 00000000000000000001000000000000 is more "
                    "than 1000000000"),
          HasSubstr("in.csv:2:54: shipment 's1': accelerator tpp 1e+300 is more than 1e+09")));
  // Found by json_reader_fuzz: a CSV quantity of zeros once threw from stoll.
  EXPECT_THAT(
      Problems("id,date,accelerator,quantity,destination,consignee\ns1,2025-01-01,A,000,IN,C\n",
               "in.csv"),
      ElementsAre(HasSubstr("quantity '000' is not a positive integer")));
  // At the bound itself all is well.
  const auto ok = Read(
      R"({"id": "s", "date": "2025-01-01", "accelerator": {"tpp": 1e9, "die_area_mm2": 0}, "quantity": 1000000000,)"
      R"( "destination": "IN", "consignee": "C"})");
  EXPECT_EQ(ok[0].quantity, 1000000000);
}

TEST(ShipmentFieldsTest, DuplicateKeysAreRefusedNotDecidedOnTheLastValue) {
  const std::string text = Record(R"(, "quantity": 100000)");
  EXPECT_THAT(Problems(text),
              ElementsAre(At(text, "\"quantity\"", 2) + "duplicate key 'quantity' (first at 1:" +
                          std::to_string(text.find("\"quantity\"") + 1) +
                          "); expected each key at most once in an object"));
}

TEST(ShipmentFieldsTest, DeepNestingIsALocatedProblem) {
  const std::string deep = std::string(60000, '[') + std::string(60000, ']');
  EXPECT_THAT(
      Problems(deep, "-"),
      ElementsAre("-:1:65: values are nested more than 64 levels deep; expected shallower JSON"));
}

TEST(ShipmentFieldsTest, HostileTextIsQuotedOnlyInPart) {
  const std::string long_id(1 << 20, 'x');
  const auto problems = Problems(R"({"id": ")" + long_id + R"(", "date": ")" + long_id + "\"}");
  ASSERT_FALSE(problems.empty());
  for (const auto& p : problems) EXPECT_LT(p.size(), 300u) << p.substr(0, 300);
  const auto csv = Problems("id,date,accelerator,quantity,destination,consignee\ns1,2025-01-01,A," +
                                std::string(1 << 20, '9') + ",IN,C\n",
                            "in.csv");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_LT(csv[0].size(), 300u);
}

TEST(ShipmentFieldsTest, CsvMustBeUtf8AndMayStartWithAByteOrderMark) {
  EXPECT_THAT(
      Problems(
          "id,date,accelerator,quantity,destination,consignee\ns1,2025-01-01,A,1,IN,\xc3\xa9\xff\n",
          "in.csv"),
      ElementsAre("in.csv:2:23: invalid UTF-8 in the CSV text; expected UTF-8 text"));
  const auto s = Read(
      "\xEF\xBB\xBFid,date,accelerator,quantity,destination,consignee\ns1,2025-01-01,A,1,IN,C\n",
      "in.csv");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].id, "s1");
}

TEST(ShipmentFieldsTest, LocateWalksNestedPathsAndMemberNames) {
  const std::string text =
      Record(R"(, "owners": [{"name": "A", "share": 0.2}, {"name": "B", "share": 0.3}])");
  ShipmentReader reader(text, "in.json");
  DiagnosticList d;
  std::vector<Shipment> out;
  ASSERT_TRUE(reader.Read(&out, &d));
  EXPECT_EQ(reader.Locate(0, "owners.1.share").ToString() + ": ", At(text, "0.3"));
  EXPECT_EQ(reader.Locate(0, "@owners.1.share").ToString() + ": ", At(text, "\"share\"", 2));
  EXPECT_EQ(reader.Locate(0, "owners.7.share").ToString() + ": ",
            At(text, "["));  // nearest existing
  EXPECT_EQ(reader.Locate(0, "").ToString(), "in.json:1:1");
  EXPECT_EQ(reader.Locate(3, "id").ToString(), "in.json");  // no such record: no line
  EXPECT_THAT(d.items(), IsEmpty());
}

}  // namespace
}  // namespace stargate::rules

#include "stargate/rules/shipment_input.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::rules {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Problems(const std::string& text, const std::string& name = "in.json") {
  ShipmentReader reader(text, name);
  DiagnosticList d;
  std::vector<Shipment> out;
  EXPECT_FALSE(reader.Read(&out, &d));
  EXPECT_TRUE(out.empty());
  d.Sort();
  std::vector<std::string> lines;
  for (const auto& item : d.items()) lines.push_back(item.ToString());
  return lines;
}

std::vector<Shipment> Read(const std::string& text) {
  ShipmentReader reader(text, "in");
  DiagnosticList d;
  std::vector<Shipment> out;
  EXPECT_TRUE(reader.Read(&out, &d)) << d.ToStatus();
  return out;
}

TEST(ShipmentInputTest, ReadsOneJsonObject) {
  const auto s = Read(R"({"id": "s1", "date": "2025-03-01", "accelerator": "H100-SXM",
      "quantity": 8, "destination": "IN", "consignee": "Tata", "consignee_hq": "IN",
      "end_use": "training", "veu": "nveu"})");
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].id, "s1");
  EXPECT_EQ(s[0].date.ToString(), "2025-03-01");
  EXPECT_EQ(s[0].accelerator, "H100-SXM");
  EXPECT_EQ(s[0].quantity, 8);
  EXPECT_EQ(s[0].consignee_hq, "IN");
  EXPECT_EQ(s[0].end_use, "training");
  EXPECT_EQ(s[0].veu, VeuKind::kNational);
}

TEST(ShipmentInputTest, ReadsAnArrayWithAHypotheticalChip) {
  const auto s = Read(R"([
    {"id": "a", "date": "2025-03-01", "accelerator": {"tpp": 1600, "die_area_mm2": 270.27,
     "memory_bandwidth_gbps": 4000}, "quantity": 1, "destination": "CN", "consignee": "X"},
    {"id": "b", "date": "2025-03-02", "accelerator": "B200", "quantity": 2, "destination": "FR",
     "consignee": "Y", "veu": null}])");
  ASSERT_EQ(s.size(), 2u);
  ASSERT_TRUE(s[0].hypothetical);
  EXPECT_DOUBLE_EQ(s[0].hypothetical->tpp, 1600);
  EXPECT_DOUBLE_EQ(*s[0].hypothetical->memory_bandwidth_gbps, 4000);
  EXPECT_EQ(s[1].veu, VeuKind::kNone);
}

TEST(ShipmentInputTest, ReadsCsvWithQuotesAndHypotheticalColumns) {
  const auto s = Read(
      "id,date,accelerator,quantity,destination,consignee,tpp,die_area_mm2\n"
      "s1,2025-03-01,H100-SXM,10,IN,\"Tata, Consultancy\",,\n"
      "\n"
      "s2,2025-03-01,,1,CN,\"X \"\"quoted\"\"\",1600,500\r\n");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].consignee, "Tata, Consultancy");
  EXPECT_FALSE(s[0].hypothetical);
  EXPECT_EQ(s[1].consignee, "X \"quoted\"");
  ASSERT_TRUE(s[1].hypothetical);
  EXPECT_DOUBLE_EQ(s[1].hypothetical->die_area_mm2, 500);
}

TEST(ShipmentInputTest, JsonProblemsNameTheRecordAndTheFieldWithPositions) {
  EXPECT_THAT(
      Problems(R"([
  {"id": "s1", "date": "2025-02-30", "accelerator": "H100-SXM", "quantity": 2.5,
   "destination": "india", "consignee": "A", "qty": 1},
  {"date": "2025-03-01", "accelerator": {"tpp": -1, "die_area_mm2": 10}, "quantity": 1,
   "destination": "IN", "consignee": "B", "veu": "gveu"}
])"),
      ElementsAre(
          "in.json:2:24: shipment 's1': date '2025-02-30' is not a calendar date; expected a date "
          "YYYY-MM-DD",
          "in.json:2:77: shipment 's1': quantity 2.5 is not a positive integer; expected a "
          "positive "
          "integer such as 8",
          "in.json:3:46: shipment 's1': unknown field 'qty'; expected one of "
          "id, date, accelerator, quantity, destination, consignee, consignee_hq, end_use, veu, "
          "end_user, owners",
          "in.json:4:3: shipment #2 has no 'id'; expected a non-empty text id",
          "in.json:4:49: shipment #2: accelerator tpp is -1; expected a number > 0",
          "in.json:5:50: shipment #2: veu 'gveu' is not known; expected one of uveu, nveu (or "
          "nothing)"));
}

TEST(ShipmentInputTest, ALineOfMillionsOfCellsStopsAtTheCap) {
  // 8 MiB of commas: refused at the 64th cell, with one located problem.
  const std::string text = "id,date" + std::string(8 << 20, ',') + "\n";
  const auto problems = Problems(text, "in.csv");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0], ::testing::StartsWith(
                               "in.csv:1:71: line 1 has more than 64 cells; expected at most 64"));
  // A row of 64 cells is still read (and judged by its header).
  EXPECT_THAT(Problems("id,date" + std::string(62, ',') + "\n", "in.csv"),
              ::testing::Contains(::testing::HasSubstr("unknown column ''")));
}

TEST(ShipmentInputTest, ABatchStopsAfterAHundredProblems) {
  // A million bad records: 100 problems, then one that says the rest was not read.
  std::string text = "[1";
  for (int i = 1; i < 1000000; ++i) text += ",1";
  text += "]";
  const auto problems = Problems(text);
  ASSERT_EQ(problems.size(), 101u);
  EXPECT_THAT(problems.back(),
              ::testing::HasSubstr(
                  "stopped after 100 problems; 999900 of 1000000 shipments were not read"));
}

TEST(ShipmentInputTest, MissingFieldsAreEachReported) {
  EXPECT_THAT(
      Problems(R"({"id": "s1"})"),
      ElementsAre("in.json:1:1: shipment 's1' has no 'date'; expected a date YYYY-MM-DD",
                  "in.json:1:1: shipment 's1' has no 'accelerator'; expected an accelerator "
                  "id, or {\"tpp\": N, \"die_area_mm2\": A}",
                  "in.json:1:1: shipment 's1' has no 'quantity'; expected a positive "
                  "integer such as 8",
                  "in.json:1:1: shipment 's1' has no 'destination'; expected a country name or "
                  "ISO 3166 alpha-2 code such as Germany or DE",
                  "in.json:1:1: shipment 's1' has no 'consignee'; expected the consignee's "
                  "name"));
}

TEST(ShipmentInputTest, QuantityMustBeAPositiveJsonInteger) {
  for (const char* q : {"0", "-3", "\"10\"", "1e3", "true"}) {
    const std::string text = std::string(R"({"id": "s", "date": "2025-01-01", "accelerator": "A",
      "destination": "IN", "consignee": "C", "quantity": )") +
                             q + "}";
    const auto problems = Problems(text);
    ASSERT_EQ(problems.size(), 1u) << q;
    EXPECT_THAT(problems[0], ::testing::HasSubstr("is not a positive integer")) << q;
  }
}

TEST(ShipmentInputTest, DuplicateIdsAreRefused) {
  EXPECT_THAT(Problems(R"([{"id": "s", "date": "2025-01-01", "accelerator": "A", "quantity": 1,
     "destination": "IN", "consignee": "C"},
    {"id": "s", "date": "2025-01-01", "accelerator": "A", "quantity": 1, "destination": "IN",
     "consignee": "C"}])"),
              ElementsAre("in.json:3:12: id 's' is given twice (first by shipment #1); expected a "
                          "unique id per shipment"));
}

TEST(ShipmentInputTest, JsonSyntaxErrorsHaveAPosition) {
  const auto p = Problems("[\n  {\"id\": \"s1\",,}\n]");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0],
            "in.json:2:15: unexpected character ','; expected a member name in double quotes");
  EXPECT_THAT(Problems("42"),
              ElementsAre("in.json:1:1: the input is 42; expected a JSON object (one shipment) or "
                          "an array of them"));
}

TEST(ShipmentInputTest, CsvProblemsPointAtTheCell) {
  EXPECT_THAT(
      Problems("id,date,accelerator,quantity,destination,consignee,colour\n", "in.csv"),
      ElementsAre("in.csv:1:52: unknown column 'colour'; expected one of id, date, accelerator, "
                  "quantity, destination, consignee, consignee_hq, end_use, veu, tpp, "
                  "die_area_mm2, memory_bandwidth_gbps, end_user, owners"));
  EXPECT_THAT(Problems("id,date,accelerator,destination,consignee\n", "in.csv"),
              ElementsAre("in.csv:1:1: the CSV header has no 'quantity' column; expected a header "
                          "with id, date, accelerator, quantity, destination, consignee"));
  EXPECT_THAT(
      Problems("id,date,accelerator,quantity,destination,consignee\n"
               "s1,2025-01-01,H100-SXM,ten,IN,A\n"
               "s2,2025-01-01,H100-SXM,1,IN\n"
               "s3,2025-01-01,,1,IN,A\n",
               "in.csv"),
      ElementsAre(
          "in.csv:2:24: shipment 's1': quantity 'ten' is not a positive integer; expected "
          "a positive integer such as 8",
          "in.csv:3:1: shipment 's2' has 5 cells but the header has 6; expected one cell "
          "per header column",
          "in.csv:4:15: shipment 's3': accelerator is empty; expected an accelerator id, or "
          "the tpp and die_area_mm2 columns for a hypothetical chip"));
  EXPECT_THAT(
      Problems("id,date\n\"unclosed,2025\n", "in.csv"),
      ElementsAre("in.csv:2:1: quoted field is never closed; expected a closing '\"' before the "
                  "end of the file"));
}

TEST(ShipmentInputTest, LocateFindsFieldsForLaterProblems) {
  ShipmentReader reader(R"([
  {"id": "a", "date": "2025-01-01", "accelerator": "X", "quantity": 1, "destination": "IN", "consignee": "C"},
  {"id": "b", "date": "2025-01-01", "accelerator": {"tpp": 5, "die_area_mm2": 1},
   "quantity": 1, "destination": "ZZ", "consignee": "C"}
])",
                        "f.json");
  DiagnosticList d;
  std::vector<Shipment> out;
  ASSERT_TRUE(reader.Read(&out, &d));
  EXPECT_EQ(reader.Locate(0, "accelerator").ToString(), "f.json:2:52");
  EXPECT_EQ(reader.Locate(1, "destination").ToString(), "f.json:4:34");
  EXPECT_EQ(reader.Locate(1, "accelerator.tpp").ToString(), "f.json:3:60");
  EXPECT_EQ(reader.Label(1), "shipment 'b'");
}

}  // namespace
}  // namespace stargate::rules

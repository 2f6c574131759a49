#include "stargate/ledger/entry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::ledger {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const char kShipment[] = R"({
  "kind": "shipment_decision",
  "entry": {"shipment": {"id": "s-1", "date": "2025-03-01", "destination": "AE",
                         "quantity": 1000, "consignee": "G42"},
            "decision": {"outcome": "license_exception", "exception": "LPP"}},
  "increments": {"lpp:G42:2025": 15832000}
})";

std::vector<EntryProblem> Problems(const json& document, const std::string& prefix = "") {
  std::vector<EntryProblem> problems;
  EntryFromDocument(document, prefix, &problems);
  return problems;
}

TEST(EntryTest, KindsHaveStableNames) {
  EXPECT_EQ(KindName(EntryKind::kShipmentDecision), "shipment_decision");
  EXPECT_EQ(ParseKind("tier_change"), EntryKind::kTierChange);
  EXPECT_FALSE(ParseKind("shipment"));
  EXPECT_THAT(KindNames(),
              ElementsAre("shipment_decision", "commitment", "screening", "tier_change"));
}

TEST(EntryTest, CounterKeysFollowTheConventions) {
  EXPECT_EQ(CapCounterKey("ai-diffusion-2025/tier2-country-cap/IN"),
            "cap:ai-diffusion-2025/tier2-country-cap/IN");
  EXPECT_EQ(LppCounterKey("G42 Cloud", 2025), "lpp:G42 Cloud:2025");
  EXPECT_TRUE(IsValidCounterKey("lpp:Z\xc3\xbcrich AG:2026"));
  EXPECT_FALSE(IsValidCounterKey(""));
  EXPECT_FALSE(IsValidCounterKey("cap:\"x\""));
  EXPECT_FALSE(IsValidCounterKey("cap:a\\b"));
  EXPECT_FALSE(IsValidCounterKey("cap:\n"));
  EXPECT_FALSE(IsValidCounterKey("cap:\xff"));
  EXPECT_FALSE(IsValidCounterKey(std::string(257, 'k')));
}

TEST(EntryTest, ReadsAValidDocumentOfEachKind) {
  std::vector<EntryProblem> problems;
  auto entry = EntryFromDocument(json::parse(kShipment), "", &problems);
  ASSERT_TRUE(entry) << (problems.empty() ? "" : problems[0].ToString());
  EXPECT_EQ(entry->kind, EntryKind::kShipmentDecision);
  EXPECT_EQ(entry->increments.at("lpp:G42:2025"), 15832000);
  EXPECT_EQ(EntryToDocument(*entry), json::parse(kShipment));
  for (
      const char* text :
      {R"({"kind":"commitment","entry":{"financier":"mgx","amount_usd":7e9,"date":"2025-01-21"}})",
       R"({"kind":"screening","entry":{"name":"Acme Trading","result":"clear"}})",
       R"({"kind":"tier_change","entry":{"country":"IN","from":"tier2","to":"tier1","effective":"2026-01-01"}})"}) {
    EXPECT_THAT(Problems(json::parse(text)), IsEmpty()) << text;
  }
}

TEST(EntryTest, NamesAMissingOrUnknownKind) {
  auto problems = Problems(json::parse(R"({"kind":"shipment","entry":{}})"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/kind");
  EXPECT_EQ(problems[0].ToString(),
            "/kind: kind 'shipment' is not known (did you mean 'shipment_decision'?); expected one "
            "of shipment_decision, commitment, "
            "screening, tier_change");
  problems = Problems(json::parse(R"({"kind":"comitment","entry":{}})"));
  EXPECT_THAT(problems[0].what, HasSubstr("(did you mean 'commitment'?)"));
  problems = Problems(json::parse(R"({"entry":{}})"), "/2");
  EXPECT_EQ(problems[0].pointer, "/2");
  EXPECT_EQ(problems[0].what, "an entry document has no 'kind'");
}

TEST(EntryTest, NamesUnknownKeysAtTheKey) {
  auto problems = Problems(
      json::parse(R"({"kind":"screening","entry":{"name":"x","result":"clear"},"incrments":{}})"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].pointer, "/incrments");
  EXPECT_TRUE(problems[0].at_key);
  EXPECT_EQ(problems[0].what,
            "unknown key 'incrments' in an entry document (did you mean 'increments'?)");
  EXPECT_EQ(problems[0].expected, "one of kind, entry, increments");
}

TEST(EntryTest, NamesEachWrongFieldOfAShipment) {
  json doc = json::parse(kShipment);
  doc["entry"]["shipment"]["quantity"] = -3;
  doc["entry"]["shipment"]["date"] = "2025-02-30";
  doc["entry"]["shipment"]["destination"] = "uae";
  doc["entry"]["decision"].erase("outcome");
  auto problems = Problems(doc, "/0");
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(
      problems[0].ToString(),
      "/0/entry/shipment/date: 'shipment.date' is \"2025-02-30\"; expected a date \"YYYY-MM-DD\"");
  EXPECT_EQ(
      problems[1].ToString(),
      "/0/entry/shipment/destination: 'shipment.destination' is \"uae\"; expected an ISO 3166 "
      "alpha-2 country code such as \"AE\"");
  EXPECT_EQ(problems[2].ToString(),
            "/0/entry/shipment/quantity: 'shipment.quantity' is -3; expected a positive integer");
  EXPECT_EQ(problems[3].ToString(),
            "/0/entry/decision: shipment_decision entry has no 'decision.outcome'; expected "
            "'outcome': a non-empty string");
}

TEST(EntryTest, QuantityMustBeAnInteger) {
  json doc = json::parse(kShipment);
  doc["entry"]["shipment"]["quantity"] = 2.5;
  EXPECT_THAT(Problems(doc),
              ElementsAre(Field(&EntryProblem::pointer, "/entry/shipment/quantity")));
  doc["entry"]["shipment"]["quantity"] = "10";
  EXPECT_THAT(Problems(doc),
              ElementsAre(Field(&EntryProblem::pointer, "/entry/shipment/quantity")));
}

TEST(EntryTest, RefusesBadIncrements) {
  json doc = json::parse(kShipment);
  doc["increments"] = {{"cap:\"x\"", 1}, {"cap:y", "ten"}};
  auto problems = Problems(doc);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].pointer, "/increments/cap:y");
  EXPECT_EQ(problems[0].what, "increment of 'cap:y' is \"ten\"");
  EXPECT_EQ(problems[1].pointer, "/increments/cap:\"x\"");
  EXPECT_THAT(problems[1].what, HasSubstr("counter key \"cap:\\\"x\\\"\" is not allowed"));
  doc["increments"] = json::array();
  EXPECT_THAT(Problems(doc)[0].what, HasSubstr("increments is []"));
}

TEST(EntryTest, RefusesANonObjectEntryAndNonObjectDocument) {
  auto problems = Problems(json::parse(R"({"kind":"screening","entry":[1]})"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].ToString(),
            "/entry: the entry is [1]; expected an object with the entry's fields");
  problems = Problems(json(5), "/1");
  EXPECT_EQ(problems[0].pointer, "/1");
  EXPECT_THAT(problems[0].what, HasSubstr("an entry document is 5"));
}

TEST(EntryTest, CheckEntryRefusesInvalidUtf8AndOversizedBodies) {
  NewEntry entry{EntryKind::kScreening, {{"name", std::string("\xc3(")}, {"result", "clear"}}, {}};
  auto problems = CheckEntry(entry);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].what, HasSubstr("not valid UTF-8"));
  entry.body = {{"name", std::string(kMaxBodyBytes, 'x')}, {"result", "clear"}};
  problems = CheckEntry(entry);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].expected, HasSubstr("at most 1048576 bytes"));
  entry.increments = {{"cap:x", std::nan("")}};
  entry.body = {{"name", "x"}, {"result", "clear"}};
  EXPECT_THAT(CheckEntry(entry)[0].what, HasSubstr("is not finite"));
}

TEST(EntryTest, PrefixEndBoundsAPrefixRange) {
  EXPECT_EQ(PrefixEnd("cap:"), "cap;");
  EXPECT_EQ(PrefixEnd("a\xff"), "b");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
  EXPECT_EQ(PrefixEnd(""), "");
}

TEST(EntryTest, PointerTokensEscapeSlashAndTilde) {
  EXPECT_EQ(PointerToken("cap:tier2/IN~x"), "cap:tier2~1IN~0x");
}

}  // namespace
}  // namespace stargate::ledger

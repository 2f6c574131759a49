#include "stargate/ledger/internal/canonical_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace stargate::ledger {
namespace {

using nlohmann::json;

TEST(CanonicalJsonTest, SortsKeysAndDropsWhitespace) {
  const json value = json::parse(R"({ "b": 1, "a": {"d": [1, 2.5, "x"], "c": null}, "B": true })");
  EXPECT_EQ(*CanonicalJson(value), R"({"B":true,"a":{"c":null,"d":[1,2.5,"x"]},"b":1})");
}

TEST(CanonicalJsonTest, KeepsUtf8AndEscapesOnlyWhatJsonRequires) {
  const json value = {{"name", "Z\xc3\xbcrich \"HQ\"\n\\"}, {"city", "\xe6\x9d\xb1\xe4\xba\xac"}};
  EXPECT_EQ(*CanonicalJson(value),
            "{\"city\":\"\xe6\x9d\xb1\xe4\xba\xac\",\"name\":\"Z\xc3\xbcrich \\\"HQ\\\"\\n\\\\\"}");
}

TEST(CanonicalJsonTest, RefusesInvalidUtf8) {
  auto result = CanonicalJson(json{{"name", std::string("bad \xff byte")}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("UTF-8"), std::string_view::npos);
}

TEST(CanonicalJsonTest, RefusesNonFiniteNumbers) {
  EXPECT_FALSE(CanonicalJson(json{{"x", std::nan("")}}).ok());
  EXPECT_FALSE(CanonicalJson(json::array({1.0, HUGE_VAL})).ok());
}

TEST(CanonicalJsonTest, IsStableUnderReparsing) {
  for (const char* text : {R"({"a":0.1,"b":1e21,"c":-0.0,"d":15832.0,"e":18446744073709551615})",
                           R"([{"z":{"y":[]}},"",{}])", R"({"n":-9007199254740993})"}) {
    const std::string once = *CanonicalJson(json::parse(text));
    EXPECT_EQ(*CanonicalJson(json::parse(once)), once) << text;
  }
}

TEST(CanonicalIncrementsTest, WritesSortedKeysAndReadsBackExactly) {
  const Increments increments = {{"lpp:G42:2025", 26900000}, {"cap:tier2/AE", 1.5}};
  const std::string text = CanonicalIncrements(increments);
  EXPECT_EQ(text, R"({"cap:tier2/AE":1.5,"lpp:G42:2025":26900000.0})");
  Increments back;
  ASSERT_TRUE(
      ForEachIncrement(text, [&](std::string_view k, double v) { back[std::string(k)] = v; }));
  EXPECT_EQ(back, increments);
  EXPECT_EQ(CanonicalIncrements({}), "{}");
  EXPECT_TRUE(ForEachIncrement("{}", [](std::string_view, double) { FAIL(); }));
}

TEST(CanonicalIncrementsTest, RandomAmountsRoundTripBitForBit) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> amount(-1e12, 1e12);
  for (int i = 0; i < 2000; ++i) {
    const double v =
        i % 3 == 0 ? amount(rng) : std::ldexp(amount(rng), static_cast<int>(rng() % 200) - 100);
    double back = 0;
    ASSERT_TRUE(ForEachIncrement(CanonicalIncrements({{"k", v}}),
                                 [&](std::string_view, double x) { back = x; }));
    ASSERT_EQ(back, v) << CanonicalIncrements({{"k", v}});
  }
}

TEST(CanonicalIncrementsTest, ForEachIncrementRejectsWhatIsNotCanonical) {
  auto ignore = [](std::string_view, double) {};
  for (const char* text : {"", "{", "[1]", R"({"a":})", R"({"a":1,})", R"({"a"1})", R"({a:1})",
                           R"({"a":1 })", R"({"a":"1"})", R"({"a":1}x)"}) {
    EXPECT_FALSE(ForEachIncrement(text, ignore)) << text;
  }
}

TEST(EnvelopeTest, IsTheCanonicalDumpOfTheEnvelopeObject) {
  StoredEntry entry;
  entry.seq = 42;
  entry.kind = "shipment_decision";
  entry.recorded_at = "2026-11-28T10:15:30.123456Z";
  entry.body =
      *CanonicalJson(json::parse(R"({"shipment":{"id":"s-1"},"decision":{"outcome":"x"}})"));
  entry.increments = CanonicalIncrements({{"cap:a", 31664}});
  const json object = {{"seq", 42},
                       {"kind", entry.kind},
                       {"recorded_at", entry.recorded_at},
                       {"entry", json::parse(entry.body)},
                       {"increments", json::parse(entry.increments)}};
  EXPECT_EQ(Envelope(entry), *CanonicalJson(object));
}

TEST(EnvelopeTest, WrittenIntoABufferOrAppendedItIsTheSameWithinItsBound) {
  StoredEntry entry;
  entry.kind = "commitment";
  entry.recorded_at = "2026-01-01T00:00:00.000000Z";
  entry.body = R"({"a":1})";
  entry.increments = "{}";
  for (const int64_t seq : {int64_t{1}, int64_t{-1}, std::numeric_limits<int64_t>::max(),
                            std::numeric_limits<int64_t>::min()}) {
    entry.seq = seq;
    const EntryView view = ViewOf(entry);
    std::string buffer(EnvelopeBound(view), '#');
    const size_t written = WriteEnvelope(view, buffer.data());
    ASSERT_LE(written, buffer.size()) << seq;
    const std::string expected = *CanonicalJson(json{{"seq", seq},
                                                     {"kind", entry.kind},
                                                     {"recorded_at", entry.recorded_at},
                                                     {"entry", json::parse(entry.body)},
                                                     {"increments", json::object()}});
    EXPECT_EQ(buffer.substr(0, written), expected);
    std::string appended = "prefix";
    AppendEnvelope(view, &appended);
    EXPECT_EQ(appended, "prefix" + expected);
  }
}

TEST(EnvelopeTest, ExportLineIsTheEnvelopeWithHashes) {
  StoredEntry entry;
  entry.seq = 3;
  entry.kind = "screening";
  entry.recorded_at = "t";
  entry.body = R"({"name":"x","result":"clear"})";
  entry.increments = "{}";
  entry.prev_hash = Sha256("a");
  entry.hash = Sha256("b");
  json line = json::parse(ExportLine(entry));
  EXPECT_EQ(line["hash"], ToHex(entry.hash));
  EXPECT_EQ(line["prev_hash"], ToHex(entry.prev_hash));
  line.erase("hash");
  line.erase("prev_hash");
  EXPECT_EQ(*CanonicalJson(line), Envelope(entry));
}

}  // namespace
}  // namespace stargate::ledger

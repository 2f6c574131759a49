#include "stargate/ledger/hash_chain.h"

#include <gtest/gtest.h>

namespace stargate::ledger {
namespace {

TEST(HashChainTest, Sha256MatchesKnownVectors) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashChainTest, ChainHashIsSha256OfPreviousHashThenEnvelope) {
  const Hash prev = Sha256("previous");
  const std::string envelope = R"({"entry":{},"seq":1})";
  std::string joined(reinterpret_cast<const char*>(prev.data()), prev.size());
  joined += envelope;
  EXPECT_EQ(ChainHash(prev, envelope), Sha256(joined));
  EXPECT_NE(ChainHash(kGenesisHash, envelope), ChainHash(prev, envelope));
}

TEST(HashChainTest, HexRoundTripsAndRejectsMalformedText) {
  const Hash h = Sha256("x");
  EXPECT_EQ(HashFromHex(ToHex(h)), h);
  EXPECT_EQ(HashFromHex("\\x" + ToHex(h)), h);  // PostgreSQL's bytea text form
  std::string upper = ToHex(h);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  EXPECT_EQ(HashFromHex(upper), h);
  EXPECT_FALSE(HashFromHex(ToHex(h).substr(2)));
  EXPECT_FALSE(HashFromHex(std::string(64, 'g')));
  EXPECT_EQ(ToHex(kGenesisHash), std::string(64, '0'));
}

}  // namespace
}  // namespace stargate::ledger

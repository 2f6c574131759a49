#include "stargate/core/party_name.h"

#include <gtest/gtest.h>

namespace stargate {
namespace {

TEST(CanonicalPartyName, LookAlikeSpellingsAreOneParty) {
  const std::string g42 = CanonicalPartyName("G42");
  EXPECT_EQ(CanonicalPartyName("g42"), g42);
  EXPECT_EQ(CanonicalPartyName("\xEF\xBC\xA7\xEF\xBC\x94\xEF\xBC\x92"),
            g42);  // full-width "Ｇ４２"
  EXPECT_EQ(CanonicalPartyName("G\xE2\x80\x8B"
                               "42"),
            g42);  // zero-width space
  EXPECT_EQ(CanonicalPartyName("G\xE2\x80\x8D"
                               "42"),
            g42);  // zero-width joiner
  EXPECT_EQ(CanonicalPartyName("\xC9\xA2"
                               "42"),
            g42);  // small capital G
  EXPECT_EQ(CanonicalPartyName("  G42 "), g42);
  EXPECT_EQ(CanonicalPartyName("Acme\xC2\xA0Ltd"),
            CanonicalPartyName("acme ltd"));  // no-break space
  EXPECT_EQ(CanonicalPartyName("\xD0\x90"
                               "cme"),
            CanonicalPartyName("Acme"));  // Cyrillic A
}

TEST(CanonicalPartyName, AsciiNamesStayReadable) {
  // The key is shown in cap ids ("LPP/acme/2025"): ASCII is only folded.
  EXPECT_EQ(CanonicalPartyName("Acme Ltd"), "acme ltd");
  EXPECT_EQ(CanonicalPartyName("Mistral AI 01"), "mistral ai 01");
  EXPECT_EQ(CanonicalPartyName("Caf\xC3\xA9 Ol\xC3\xA9"), "cafe ole");
  EXPECT_EQ(CanonicalPartyName("\xCE\x9F\xCE\xA1\xCE\x9A"), "opk");  // Greek capitals OPK
}

TEST(CanonicalPartyName, DifferentNamesStayApart) {
  EXPECT_NE(CanonicalPartyName("G42"), CanonicalPartyName("G43"));
  EXPECT_NE(CanonicalPartyName("Acme Ltd"), CanonicalPartyName("Acme Inc"));
  EXPECT_FALSE(CanonicalPartyName("Acme \"Q\" Ltd\\").empty());
}

TEST(FoldedPartyName, FoldsWidthCaseAndInvisiblesButNotScripts) {
  EXPECT_EQ(FoldedPartyName("\xEF\xBC\xA7\xEF\xBC\x94\xEF\xBC\x92 \xE2\x80\x8B Corp"), "g42 corp");
  // Cyrillic stays Cyrillic: screening transliterates it itself.
  EXPECT_EQ(FoldedPartyName("\xD0\x90\xD0\x9E"), "\xD0\xB0\xD0\xBE");
}

}  // namespace
}  // namespace stargate

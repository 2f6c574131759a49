#include "stargate/report/legal_links.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace stargate::report {
namespace {

std::vector<std::string> Urls(const std::vector<Link>& links) {
  std::vector<std::string> out;
  for (const auto& l : links) out.push_back(l.url);
  return out;
}

TEST(LegalLinksTest, SectionsAndSupplementsLinkToEcfr) {
  const auto links =
      CitationLinks("15 CFR 740.29 (License Exception LPP: up to 26,900,000 cumulative TPP)");
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].label, "15 CFR 740.29");
  EXPECT_EQ(links[0].url, "https://www.ecfr.gov/current/title-15/section-740.29");
  EXPECT_THAT(Urls(CitationLinks("90 FR 4544; 15 CFR 742.6(a)(6)(iii)(A) (headquarters test)")),
              ::testing::ElementsAre("https://www.federalregister.gov/citation/90-FR-4544",
                                     "https://www.ecfr.gov/current/title-15/section-742.6"));
  EXPECT_THAT(Urls(CitationLinks("15 CFR 740 Supp. 5, paragraph (a) (90 FR 4544)")),
              ::testing::ElementsAre(
                  "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/"
                  "part-740/appendix-Supplement%20No.%205%20to%20Part%20740",
                  "https://www.federalregister.gov/citation/90-FR-4544"));
}

TEST(LegalLinksTest, FederalRegisterPagesAndDocumentsInTheOrderCited) {
  EXPECT_THAT(Urls(CitationLinks("90 FR 4544 (Jan 15, 2025), FR Doc. 2025-00636, RIN 0694-AJ90")),
              ::testing::ElementsAre("https://www.federalregister.gov/citation/90-FR-4544",
                                     "https://www.federalregister.gov/d/2025-00636"));
  EXPECT_TRUE(CitationLinks("BIS press release of May 13, 2025").empty());
  EXPECT_TRUE(CitationLinks("").empty());
}

TEST(LegalLinksTest, ABibliographyEntryNamingTheCitationAddsItsUrl) {
  const Bibliography b = Bibliography::Parse(
      "| key | title | date | URL(s) |\n|---|---|---|---|\n"
      "| GAO-B-337935 | GAO decision B-337935: rescission of the AI Diffusion Rule | 2026-05-12 | "
      "<https://www.gao.gov/products/b-337935> |\n"
      "| OTHER | Something else | n.d. | <https://example.org/x> |\n");
  const auto links = CitationLinks("GAO decision B-337935 (May 12, 2026)", &b);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].url, "https://www.gao.gov/products/b-337935");
  EXPECT_EQ(links[0].label, "GAO decision B-337935: rescission of the AI Diffusion Rule");
}

}  // namespace
}  // namespace stargate::report

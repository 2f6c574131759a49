#include "stargate/scenario/generator.h"

#include <gtest/gtest.h>

#include "stargate/scenario/scenario.h"

namespace stargate {
namespace {

TEST(GeneratorTest, GeneratedScenarioLoadsWithTheRequestedSizes) {
  GeneratorOptions o{.sites = 40, .types = 6, .quarters = 12, .countries = 30, .seed = 7};
  auto yaml = GenerateScenarioYaml(o);
  ASSERT_TRUE(yaml.ok());
  auto s = LoadScenarioFromText(*yaml, "gen.yaml");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->sites.size(), 40u);
  EXPECT_EQ(s->accelerators.size(), 6u);
  EXPECT_EQ(s->countries.size(), 30u);
  EXPECT_EQ(s->num_quarters(), 12);
  // Some countries are arms-embargoed (Tier 3 material) and host no site.
  int embargoed = 0;
  for (const auto& c : s->countries) embargoed += c.IsMemberOf("D:5");
  EXPECT_EQ(embargoed, 3);
  for (const auto& site : s->sites) EXPECT_FALSE(s->FindCountry(site.country)->IsMemberOf("D:5"));
}

TEST(GeneratorTest, SameSeedSameScenarioDifferentSeedDifferent) {
  GeneratorOptions o{.sites = 10, .types = 3, .quarters = 8, .countries = 12, .seed = 42};
  EXPECT_EQ(*GenerateScenarioYaml(o), *GenerateScenarioYaml(o));
  GeneratorOptions other = o;
  other.seed = 43;
  EXPECT_NE(*GenerateScenarioYaml(o), *GenerateScenarioYaml(other));
}

TEST(GeneratorTest, RejectsOutOfRangeSizes) {
  EXPECT_FALSE(GenerateScenarioYaml({.sites = 0}).ok());
  EXPECT_FALSE(GenerateScenarioYaml({.countries = 1000}).ok());
}

}  // namespace
}  // namespace stargate

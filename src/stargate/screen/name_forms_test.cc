#include "stargate/screen/internal/name_forms.h"

#include <gtest/gtest.h>

#include "stargate/screen/name_match.h"
#include "stargate/screen/normalize.h"

namespace stargate::screen {
namespace {

TEST(NameForms, BuiltInFilesParse) {
  const auto forms = ParseNameForms(BuiltInNameFormsFiles());
  ASSERT_TRUE(forms.ok()) << forms.status();
  EXPECT_EQ(BuiltInNameFormsFiles().size(), 6u);
  EXPECT_TRUE(forms->legal_by_first.contains("gmbh"));
  EXPECT_TRUE(forms->vessel_prefixes.contains("mv"));
  EXPECT_FLOAT_EQ(forms->business_words.at("trading"), 0.5f);
}

TEST(NameForms, BadLineIsLocated) {
  const std::string text = "# header\nllc\tlimited_liability\nfoo\tno_such_family\n";
  const auto forms = ParseNameForms({{"legal-forms.tsv", text}});
  ASSERT_FALSE(forms.ok());
  EXPECT_EQ(forms.status().message(),
            "legal-forms.tsv:3:5: unknown legal-form family 'no_such_family'; expected generic, "
            "limited_liability, joint_stock, ... (name_forms.cc kFamilies)");
}

TEST(NameForms, BadWeightAndFieldCountAreLocated) {
  auto forms = ParseNameForms({{"business-words.tsv", "bank\t1.5\n"}});
  ASSERT_FALSE(forms.ok());
  EXPECT_NE(forms.status().message().find("business-words.tsv:1:6: weight '1.5'"),
            std::string::npos);
  forms = ParseNameForms({{"particles.tsv", "al\n"}});
  ASSERT_FALSE(forms.ok());
  EXPECT_NE(forms.status().message().find("particles.tsv:1:"), std::string::npos);
  forms = ParseNameForms({{"abbreviations.tsv", "Intl\tinternational\n"}});
  ASSERT_FALSE(forms.ok());
  EXPECT_NE(forms.status().message().find("not in normalized form"), std::string::npos);
  forms = ParseNameForms({{"colours.tsv", "red\n"}});
  ASSERT_FALSE(forms.ok());
}

TEST(NameForms, NativeLegalFormsAreLegalForms) {
  // בע״מ is Ltd, 有限公司 is Co. Ltd: both leave the name.
  EXPECT_GE(ScoreNames("אלביט מערכות בע״מ", "Elbit Systems Ltd.", NameKind::kOrganization), 0.8f);
  EXPECT_GE(ScoreNames("华为技术有限公司", "Huawei Technologies Co. Ltd.", NameKind::kOrganization),
            0.8f);
  EXPECT_GE(ScoreNames("华为技术有限公司", "Huawei Jishu Youxian Gongsi", NameKind::kOrganization),
            0.8f);
}

}  // namespace
}  // namespace stargate::screen

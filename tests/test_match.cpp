#include <gtest/gtest.h>

#include "mawqi/match.hpp"
#include "support.hpp"

using mawqi::test::article;
using mawqi::test::bundled;
using mawqi::test::pipeline;
using mawqi::test::resolved_names;
using mawqi::test::surfaces;
using Strings = std::vector<std::string>;

// docs/arabic.md §2.3: gazetteer-constrained proclitic stripping; the span leaves و ب ل out.
TEST(Match, ArabicProcliticsAreStrippedOnlyToGazetteerStems) {
  EXPECT_EQ(surfaces("ببغداد وبغداد لبغداد فبغداد"), (Strings{"بغداد", "بغداد", "بغداد", "بغداد"}));
  EXPECT_EQ(surfaces("بالموصل والموصل"), (Strings{"الموصل", "الموصل"}));
  EXPECT_EQ(surfaces("وببسماية لبسماية بالتاجي والتاجي"), (Strings{"بسماية", "بسماية", "التاجي", "التاجي"}));
  EXPECT_EQ(surfaces("وبعقوبة ببعقوبة"), (Strings{"بعقوبة", "بعقوبة"}));
  EXPECT_EQ(surfaces("بالأنبار وواسط بواسط"), (Strings{"الأنبار", "واسط", "واسط"}));
}

TEST(Match, LamLamFusedWithTheArticleKeepsTheWholeToken) {
  EXPECT_EQ(surfaces("زيارة للعراق"), Strings{"للعراق"});
  EXPECT_EQ(surfaces("وللموصل"), Strings{"للموصل"});
}

TEST(Match, LettersThatBelongToTheNameAreNeverStripped) {
  EXPECT_TRUE(surfaces("فرضت عقوبة على المتهم").empty());  // not ب + عقوبة
  EXPECT_EQ(resolved_names("بعقوبة"), Strings{"Baqubah"});
}

TEST(Match, LongestNameWins) {
  EXPECT_EQ(surfaces("في مطار بغداد الدولي"), Strings{"مطار بغداد الدولي"});
  EXPECT_EQ(surfaces("«المنطقة الخضراء»"), Strings{"المنطقة الخضراء"});
  EXPECT_EQ(surfaces("rockets hit Baghdad International Airport"), Strings{"Baghdad International Airport"});
  EXPECT_EQ(surfaces("بعين الأسد"), Strings{"عين الأسد"});
  EXPECT_EQ(surfaces("the al-Qaim base"), Strings{"al-Qaim base"});
}

TEST(Match, OrdinaryWordsNeedContext) {
  EXPECT_TRUE(surfaces("يعيش في بلد عربي").empty());
  EXPECT_EQ(surfaces("في قضاء بلد شمال بغداد"), (Strings{"بلد", "بغداد"}));
  EXPECT_TRUE(surfaces("القائم بالأعمال").empty());
  EXPECT_TRUE(surfaces("Rockets hit the base").empty());
  EXPECT_TRUE(surfaces("Hit by rockets, the base burned").empty());
  EXPECT_EQ(surfaces("clashes in Hit and Ramadi"), (Strings{"Hit", "Ramadi"}));
}

TEST(Match, EnglishPremodifiersDemonymsAndOrganisationsAreNotPlaces) {
  EXPECT_TRUE(surfaces("the US-led coalition and Iran-backed groups").empty());
  EXPECT_TRUE(surfaces("U.S.-led forces").empty());
  EXPECT_TRUE(surfaces("Iraqi forces and Kurdish fighters").empty());
  EXPECT_EQ(surfaces("The Baghdad Operations Command said"), Strings{});
  EXPECT_EQ(surfaces("Iraq's parliament"), Strings{"Iraq"});
  EXPECT_EQ(surfaces("BAGHDAD — Rockets"), Strings{"BAGHDAD"});
  EXPECT_TRUE(surfaces("let us go").empty());
  EXPECT_EQ(surfaces("the US said"), Strings{"US"});
}

TEST(Match, ArabicDemonymsAndOrganisationsAreNotPlaces) {
  EXPECT_TRUE(surfaces("القوات العراقية والحكومة الأميركية").empty());
  EXPECT_TRUE(surfaces("قيادة عمليات بغداد").empty());
}

TEST(Match, OffsetsAreCodePointsIntoTheOriginalText) {
  const std::string text = "وَبِبَغداد سقطت";
  const auto result = pipeline().process(article(text));
  ASSERT_EQ(result.mentions.size(), 1u);
  EXPECT_EQ(result.mentions[0].start, 4u);  // و َ ب ِ stay outside the span
  EXPECT_EQ(result.mentions[0].end, 10u);
  EXPECT_EQ(result.mentions[0].text, "بَغداد");
}

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

TEST(Match, CapitalsStandingForGovernmentsAreCityMentions) {
  EXPECT_EQ(resolved_names("Washington blamed Iran-backed militias for the attack."), Strings{"Washington"});
  EXPECT_EQ(resolved_names("واشنطن تتهم فصائل مسلحة"), Strings{"Washington"});
  EXPECT_EQ(resolved_names("The Washington Post reported"), Strings{});
}

TEST(Match, PersonNamesCompoundsAndPremodifiers) {
  EXPECT_TRUE(surfaces("said Jordan Peterson").empty());
  EXPECT_TRUE(surfaces("near the Iraq-Syria border").empty());
  EXPECT_TRUE(surfaces("US troops and U.S. officials").empty());
  EXPECT_EQ(surfaces("the U.S. would respond"), Strings{"U.S"});
  EXPECT_EQ(surfaces("troops left Jordan on Monday"), Strings{"Jordan"});
  EXPECT_TRUE(surfaces("(4 US / 1 US MIL)").empty());
}

namespace {

// A world gazetteer in miniature: places whose names are also common Arabic and English words.
const mawqi::gazetteer::Gazetteer& world() {
  static const mawqi::gazetteer::Gazetteer g = [] {
    const std::string tsv = mawqi::test::write_file(
        mawqi::test::scratch_path("mini-world.txt").string(),
        "3029241\tCaen\tCaen\tKaen,كان\t49.18\t-0.37\tP\tPPLA2\tFR\t\t28\t\t\t\t105512\t\t\t\t2023-01-01\n"
        "2492913\tMascara\tMascara\tمعسكر\t35.39\t0.14\tP\tPPLA\tDZ\t\t25\t\t\t\t150000\t\t\t\t2023-01-01\n"
        "2656065\tBattle\tBattle\t\t50.92\t0.48\tP\tPPL\tGB\t\tENG\t\t\t\t6000\t\t\t\t2023-01-01\n"
        "170000\tAl Mayadin\tAl "
        "Mayadin\tميادين,الميادين\t35.02\t40.45\tP\tPPLA2\tSY\t\t05\t\t\t\t44000\t\t\t\t2023-01-01\n");
    return mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer", tsv},
                                              mawqi::test::tokenizer());
  }();
  return g;
}

Strings world_surfaces(const std::string& text) {
  static const mawqi::Pipeline p(world(), mawqi::test::language());
  Strings out;
  for (const auto& m : p.process(article(text)).mentions) out.push_back(m.text);
  return out;
}

}  // namespace

// World-scale gazetteers bring common words as names: a small place needs a locative
// context and must lie near the article's other places.
TEST(Match, WorldScaleFalsePositivesAreKeptOut) {
  EXPECT_EQ(world_surfaces("كان الوزير في بغداد حين سقطت الصواريخ على معسكر التاجي"),
            (Strings{"بغداد", "معسكر التاجي"}));
  EXPECT_EQ(world_surfaces("The Battle of Mosul ended in 2017."), Strings{"Mosul"});
  EXPECT_EQ(world_surfaces("استثمار 5 ملايين دولار في ميادين التدريب ببغداد"), Strings{"بغداد"});
  // The same small place is found when the text places it and it is near the rest.
  EXPECT_EQ(world_surfaces("اشتباكات في الميادين قرب القائم"), (Strings{"الميادين", "القائم"}));
}

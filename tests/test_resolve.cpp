#include <gtest/gtest.h>

#include <set>

#include "mawqi/error.hpp"
#include "mawqi/geo.hpp"
#include "mawqi/resolve.hpp"
#include "support.hpp"

using namespace mawqi;
using mawqi::test::tokenizer;

namespace {

Place place(std::string id, std::string name, PlaceKind kind, double lat, double lon, std::int64_t population = 0,
            std::string country = "IQ") {
  Place p;
  p.id = std::move(id);
  p.name = std::move(name);
  p.kind = kind;
  p.lat = lat;
  p.lon = lon;
  p.population = population;
  p.country = std::move(country);
  p.curated = true;
  return p;
}

struct Resolved {
  std::vector<resolve::ResolvedMention> mentions;
  const gazetteer::Gazetteer* gazetteer;
  [[nodiscard]] std::string id(std::size_t i) const { return std::string(gazetteer->place(mentions.at(i).place).id); }
};

Resolved run(const gazetteer::Gazetteer& g, const std::string& text, const resolve::Weights& weights = {}) {
  const match::Matcher matcher(g, tokenizer(), test::language());
  const resolve::Resolver resolver(g, tokenizer(), test::language(), weights);
  const auto tokens = tokenizer().tokenize(text);
  return {resolver.resolve(text, tokens, matcher.find(text, tokens)), &g};
}

// Two homonyms: a northern and a southern "Qaryat al-Nahr" around an anchor town.
const gazetteer::Gazetteer& homonyms() {
  static const gazetteer::Gazetteer g =
      gazetteer::Gazetteer::from_places({place("mq:anchor", "Markaz", PlaceKind::city, 33.0, 44.0, 500000),
                                         place("mq:north", "Nahrawan", PlaceKind::town, 33.3, 44.0, 20000),
                                         place("mq:south", "Nahrawan", PlaceKind::town, 32.7, 44.05, 40000)},
                                        tokenizer());
  return g;
}

}  // namespace

TEST(Geo, GeodesicInverseAndDirect) {
  const auto g = geo::inverse(33.34058, 44.40088, 33.52944, 44.27750);  // Baghdad → Camp Taji
  EXPECT_NEAR(g.distance_m, 24000, 1500);
  EXPECT_NEAR(g.azimuth_deg, 330, 10);
  const auto p = geo::direct(33.34058, 44.40088, 0, 20000);
  EXPECT_NEAR(p.lat, 33.5209, 0.002);
  EXPECT_DOUBLE_EQ(geo::bearing_difference(350, 10), 20);
}

TEST(Resolve, CityBeatsProvinceOfTheSameNameWithoutACue) {
  const auto r = run(test::bundled(), "وصل إلى بغداد");
  ASSERT_EQ(r.mentions.size(), 1u);
  EXPECT_EQ(test::bundled().place(r.mentions[0].place).kind, PlaceKind::city);
  const auto p = run(test::bundled(), "in Kirkuk province and in Kirkuk");
  ASSERT_EQ(p.mentions.size(), 2u);
  EXPECT_EQ(test::bundled().place(p.mentions[0].place).kind, PlaceKind::province);
  EXPECT_EQ(test::bundled().place(p.mentions[1].place).kind, PlaceKind::city);
}

// The weights are options: the larger of two homonyms wins by default, the smaller when
// population counts against a place.
TEST(Resolve, WeightsAreNamedOptions) {
  EXPECT_EQ(run(homonyms(), "in Nahrawan").id(0), "mq:south");
  resolve::Weights w;
  w.set("population=-1");
  EXPECT_EQ(w.population, -1);
  EXPECT_EQ(run(homonyms(), "in Nahrawan", w).id(0), "mq:north");
  EXPECT_NE(w.fingerprint(), resolve::Weights{}.fingerprint());
  EXPECT_EQ(resolve::Weights{}.fingerprint(), resolve::Weights{}.fingerprint());
  w.set("population=0.5");
  EXPECT_EQ(w.fingerprint(), resolve::Weights{}.fingerprint());
  for (const char* bad : {"nosuch=1", "population", "population=", "population=1x", "population=nan"})
    EXPECT_THROW(w.set(bad), UsageError) << bad;
  // Every option has a distinct name and member.
  std::set<std::string_view> names;
  for (const auto& [name, member] : resolve::Weights::options()) EXPECT_TRUE(names.insert(name).second) << name;
}

TEST(Resolve, ArabicRelativeLocationIsParsedAndWritten) {
  const auto r = run(test::bundled(), "وآخرها موقع بسماية جنوب شرقي بغداد");
  ASSERT_EQ(r.mentions.size(), 2u);
  EXPECT_EQ(r.id(0), "mq:besmaya-range-complex");
  EXPECT_EQ(r.mentions[0].relation.text, "جنوب شرقي بغداد");
  EXPECT_DOUBLE_EQ(r.mentions[0].relation.bearing_deg, 135);
  ASSERT_TRUE(r.mentions[0].relation.anchor_place);
  EXPECT_EQ(test::bundled().place(*r.mentions[0].relation.anchor_place).name, "Baghdad");
}

TEST(Resolve, EnglishRelativeLocationWithDistance) {
  const auto r = run(test::bundled(), "Camp Taji, about 30 km north of Baghdad, was hit");
  ASSERT_EQ(r.mentions.size(), 2u);
  EXPECT_EQ(r.mentions[0].relation.text, "30 km north of Baghdad");
  EXPECT_DOUBLE_EQ(r.mentions[0].relation.distance_m, 30000);
  EXPECT_DOUBLE_EQ(r.mentions[0].relation.bearing_deg, 0);
}

TEST(Resolve, TheCapitalAnchorsToTheFocusCountrysCapital) {
  const auto r = run(test::bundled(), "في العراق، سقط صاروخ على التاجي شمال العاصمة");
  ASSERT_EQ(r.mentions.size(), 3u);
  ASSERT_TRUE(r.mentions[1].relation.anchor_place);
  EXPECT_EQ(test::bundled().place(*r.mentions[1].relation.anchor_place).name, "Baghdad");
  EXPECT_TRUE(r.mentions[2].anaphoric);  // العاصمة itself: Baghdad, but not a toponym
  EXPECT_EQ(r.id(2), "gn:98182");
}

TEST(Resolve, AnaphoraTheCapitalAndTheCitysAirport) {
  // docs/arabic.md §8.5: (المطار → BIAP, SW, العاصمة → Baghdad).
  const auto ar = run(test::bundled(), "التاجي شمال بغداد والمطار جنوب غربي العاصمة");
  std::vector<std::string> anaphors;
  for (std::size_t i = 0; i < ar.mentions.size(); ++i)
    if (ar.mentions[i].anaphoric) anaphors.push_back(ar.id(i));
  EXPECT_EQ(anaphors, (std::vector<std::string>{"mq:baghdad-international-airport", "gn:98182"}));
  const auto en = run(test::bundled(), "Rockets were fired at Erbil. The airport was closed.");
  ASSERT_EQ(en.mentions.size(), 2u);
  EXPECT_TRUE(en.mentions[1].anaphoric);
  EXPECT_EQ(en.id(1), "mq:erbil-air-base");
  // No city before it: "the airport" stays unresolved.
  EXPECT_TRUE(run(test::bundled(), "The airport was closed.").mentions.empty());
}

TEST(Resolve, UnnamedPlaceRelativeToANamedOneGetsAComputedPoint) {
  for (const char* text : {"a checkpoint 20 km north of Baghdad was attacked", "نقطة تفتيش على بعد 20 كم شمال بغداد"}) {
    const auto r = run(test::bundled(), text);
    const auto derived = std::find_if(r.mentions.begin(), r.mentions.end(), [](const auto& m) { return m.derived; });
    ASSERT_NE(derived, r.mentions.end()) << text;
    const auto g = geo::inverse(33.34058, 44.40088, derived->lat, derived->lon);  // from Baghdad
    EXPECT_NEAR(g.distance_m, 20000, 1);
    EXPECT_NEAR(g.azimuth_deg, 0, 0.5);
    EXPECT_EQ(derived->precision_m, 8000 + 4000);                   // 0.4 × 20 km + half of Baghdad's radius
    EXPECT_EQ(r.gazetteer->place(derived->place).name, "Baghdad");  // the anchor
  }
}

TEST(Resolve, StatedBearingPicksTheHomonymOnThatSide) {
  // Without a relation the more populous southern town wins; "north of" overrides it.
  EXPECT_EQ(run(homonyms(), "Nahrawan").id(0), "mq:south");
  EXPECT_EQ(run(homonyms(), "Nahrawan north of Markaz").id(0), "mq:north");
  EXPECT_EQ(run(homonyms(), "Nahrawan, south of Markaz").id(0), "mq:south");
  EXPECT_GT(run(homonyms(), "Nahrawan north of Markaz").mentions[0].confidence, 0.5);
}

TEST(Resolve, KindCueSelectsTheBase) {
  const auto r = run(test::bundled(), "قاعدة القيارة");
  ASSERT_EQ(r.mentions.size(), 1u);
  EXPECT_EQ(test::bundled().place(r.mentions[0].place).kind, PlaceKind::military_base);
}

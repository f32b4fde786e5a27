#include <gtest/gtest.h>

#include <filesystem>

#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/match.hpp"
#include "support.hpp"

using namespace mawqi;
using mawqi::test::bundled;
using mawqi::test::tokenizer;
using mawqi::test::write_file;

namespace {

std::string tmp(const std::string& name) { return std::string(::testing::TempDir()) + name; }

std::string feature(const std::string& props, const std::string& coords = "[44.4, 33.3]") {
  return R"({"type":"Feature","properties":)" + props + R"(,"geometry":{"type":"Point","coordinates":)" + coords + "}}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string s = R"({"type":"FeatureCollection","features":[)";
  for (std::size_t i = 0; i < features.size(); ++i) s += (i ? "," : "") + features[i];
  return s + "]}";
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> ids(const gazetteer::Gazetteer& g, const std::string& name) {
  std::vector<std::string> out;
  for (auto i : g.find(text::name_key(tokenizer(), name))) out.emplace_back(g.place(i).id);
  return out;
}

const std::string kGeoNamesRow =
    "98182\tBaghdad\tBaghdad\tBagdad,Bagdád,bghdad,بغداد,Багдад\t33.34058\t44."
    "40088\tP\tPPLC\tIQ\t\t07\t\t\t\t7216000\t\t41\tAsia/Baghdad\t2023-01-01\n";

}  // namespace

TEST(GeoJsonLoader, ReadsContractProperties) {
  const auto path = write_file(
      tmp("g1.geojson"),
      collection({feature(
          R"({"id":"mq:x","name":"Camp X","name_ar":"معسكر اكس","names":["X base"],"kind":"military_base","country":"IQ","admin1":"Baghdad","precision_m":800})")}));
  const auto places = gazetteer::read_geojson(path);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].id, "mq:x");
  EXPECT_EQ(places[0].kind, PlaceKind::military_base);
  EXPECT_EQ(places[0].precision_m, 800);
  EXPECT_DOUBLE_EQ(places[0].lat, 33.3);
  EXPECT_DOUBLE_EQ(places[0].lon, 44.4);
}

TEST(GeoJsonLoader, MalformedFeaturesNameFileFeatureAndField) {
  const auto out_of_range =
      write_file(tmp("g2.geojson"), collection({feature(R"({"id":"mq:a","name":"A","kind":"city"})", "[44, 95]")}));
  EXPECT_NE(error_of([&] {
              (void)gazetteer::read_geojson(out_of_range);
            }).find("feature 1 (mq:a): geometry.coordinates: latitude out of range"),
            std::string::npos);
  const auto bad_kind =
      write_file(tmp("g3.geojson"), collection({feature(R"({"id":"mq:b","name":"B","kind":"castle"})")}));
  EXPECT_NE(error_of([&] { (void)gazetteer::read_geojson(bad_kind); }).find("kind: unknown kind 'castle'"),
            std::string::npos);
  const auto dup = write_file(tmp("g4.geojson"), collection({feature(R"({"id":"mq:c","name":"C","kind":"city"})"),
                                                             feature(R"({"id":"mq:c","name":"C2","kind":"city"})")}));
  EXPECT_NE(error_of([&] { (void)gazetteer::read_geojson(dup); }).find("feature 2 (mq:c): id: duplicate"),
            std::string::npos);
  const auto no_name = write_file(tmp("g5.geojson"), collection({feature(R"({"id":"mq:d","kind":"city"})")}));
  EXPECT_NE(error_of([&] { (void)gazetteer::read_geojson(no_name); }).find("name"), std::string::npos);
  const auto broken = write_file(tmp("g6.geojson"), "{\"type\": \"FeatureCollection\", ");
  EXPECT_NE(error_of([&] { (void)gazetteer::read_geojson(broken); }).find("invalid JSON"), std::string::npos);
}

TEST(GeoNamesLoader, ReadsRowsAndMapsKinds) {
  const auto path = write_file(tmp("gn1.txt"), kGeoNamesRow);
  const auto places = gazetteer::read_geonames_tsv(path);
  ASSERT_EQ(places.size(), 1u);
  EXPECT_EQ(places[0].id, "gn:98182");
  EXPECT_EQ(places[0].name_ar, "بغداد");
  EXPECT_EQ(places[0].kind, PlaceKind::city);
  EXPECT_TRUE(places[0].capital);
  EXPECT_EQ(places[0].population, 7216000);
  // Lower-case transliterations and other scripts are not kept as names.
  for (const auto& n : places[0].names) EXPECT_NE(n, "bghdad");
}

TEST(GeoNamesLoader, MalformedRowNamesLineAndColumn) {
  const auto path =
      write_file(tmp("gn2.txt"), kGeoNamesRow + "1\tX\tX\t\tnorth\t44\tP\tPPL\tIQ\t\t07\t\t\t\t0\t\t\t\t\n");
  EXPECT_NE(
      error_of([&] { (void)gazetteer::read_geonames_tsv(path); }).find("gn2.txt:2: latitude: not a latitude: 'north'"),
      std::string::npos);
  const auto short_row = write_file(tmp("gn3.txt"), "1\tX\n");
  EXPECT_NE(error_of([&] {
              (void)gazetteer::read_geonames_tsv(short_row);
            }).find("gn3.txt:1: expected 19 tab-separated columns, found 2"),
            std::string::npos);
}

TEST(Gazetteer, SamePlaceFromTwoSourcesIsOneEntryWithAllNames) {
  const auto geojson = write_file(
      tmp("m1.geojson"), collection({feature(R"({"id":"gn:98182","name":"Baghdad","kind":"city","country":"IQ"})")}));
  const auto tsv = write_file(tmp("m2.txt"), kGeoNamesRow);
  const auto g = gazetteer::Gazetteer::build({geojson, tsv}, tokenizer());
  EXPECT_EQ(g.size(), 1u);
  EXPECT_EQ(ids(g, "بغداد"), std::vector<std::string>{"gn:98182"});
  EXPECT_EQ(ids(g, "Bagdad"), std::vector<std::string>{"gn:98182"});
}

// Every key site of shared/data/sites resolves under its Arabic and Latin names.
TEST(BundledGazetteer, KeySitesUnderArabicAndLatinNames) {
  const std::vector<std::pair<std::string, std::string>> names = {
      {"بسماية", "mq:besmaya-range-complex"},
      {"Bismaya", "mq:besmaya-range-complex"},
      {"معسكر التاجي", "mq:camp-taji"},
      {"Camp Taji", "mq:camp-taji"},
      {"المنطقة الخضراء", "mq:green-zone"},
      {"International Zone", "mq:green-zone"},
      {"مطار بغداد الدولي", "mq:baghdad-international-airport"},
      {"BIAP", "mq:baghdad-international-airport"},
      {"السفارة الأمريكية", "mq:us-embassy-baghdad"},
      {"US Embassy", "mq:us-embassy-baghdad"},
      {"عين الأسد", "mq:ain-al-asad-air-base"},
      {"Ayn al-Asad", "mq:ain-al-asad-air-base"},
      {"قاعدة بلد", "mq:balad-air-base"},
      {"Joint Base Balad", "mq:balad-air-base"},
      {"قاعدة كي وان", "mq:k1-air-base"},
      {"K1", "mq:k1-air-base"},
      {"قاعدة القيارة", "mq:qayyarah-airfield-west"},
      {"Q-West", "mq:qayyarah-airfield-west"},
      {"قاعدة القائم", "mq:al-qaim-base"},
      {"al-Qaim base", "mq:al-qaim-base"},
      {"قاعدة التقدم", "mq:al-taqaddum-air-base"},
      {"Taqaddum", "mq:al-taqaddum-air-base"},
      {"قاعدة حرير", "mq:harir-air-base"},
      {"Harir Air Base", "mq:harir-air-base"},
      {"مطار أربيل", "mq:erbil-air-base"},
      {"Erbil airport", "mq:erbil-air-base"}};
  for (const auto& [name, id] : names) {
    const auto found = ids(bundled(), name);
    EXPECT_NE(std::find(found.begin(), found.end(), id), found.end()) << name;
  }
}

TEST(BundledGazetteer, CountriesGovernoratesAndTowns) {
  EXPECT_EQ(ids(bundled(), "إسبانيا"), std::vector<std::string>{"cc:ES"});
  EXPECT_EQ(ids(bundled(), "الولايات المتحدة الأميركية"), std::vector<std::string>{"cc:US"});
  EXPECT_FALSE(ids(bundled(), "محافظة الأنبار").empty());
  EXPECT_FALSE(ids(bundled(), "Diyala province").empty());
  EXPECT_FALSE(ids(bundled(), "الموصل").empty());
  const auto capital = bundled().capital_of("US");
  ASSERT_TRUE(capital);
  EXPECT_EQ(bundled().place(*capital).name, "Washington");
}

namespace {

std::string geonames_row(const std::string& id, const std::string& name, const std::string& alternates, double lat,
                         double lon, const std::string& code, const std::string& country, long population) {
  return id + "\t" + name + "\t" + name + "\t" + alternates + "\t" + std::to_string(lat) + "\t" + std::to_string(lon) +
         "\tP\t" + code + "\t" + country + "\t\t01\t\t\t\t" + std::to_string(population) + "\t\t\t\t2023-01-01\n";
}

const std::string kWashingtons =
    geonames_row("1", "Washington", "Vashington", 54.9, -1.5, "PPL", "GB", 53526) +
    geonames_row("2", "Washington", "واشنطن", 40.17, -80.24, "PPL", "US", 13497) +
    geonames_row("3", "Washington", "Washington D.C.", 38.895, -77.036, "PPLC", "US", 689545) +
    geonames_row("4", "Washington", "", 35.5, -77.05, "PPLA2", "US", 9788);

}  // namespace

TEST(Gazetteer, CompiledIndexAnswersLikeTheSources) {
  const auto tsv = write_file(tmp("idx.txt"), kGeoNamesRow + kWashingtons);
  const auto built = gazetteer::Gazetteer::build({tsv}, tokenizer());
  const std::string path = tmp("idx.mawqi");
  built.save_index(path);
  const auto opened = gazetteer::Gazetteer::open_index(path);
  ASSERT_EQ(opened.size(), built.size());
  EXPECT_EQ(opened.name_count(), built.name_count());
  for (std::uint32_t i = 0; i < built.size(); ++i) {
    const auto a = built.place(i), b = opened.place(i);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.name_ar, b.name_ar);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.population, b.population);
    EXPECT_DOUBLE_EQ(a.lat, b.lat);
  }
  for (const char* name : {"washington", "بغداد", "bagdad", "vashington"})
    EXPECT_EQ(ids(built, name), ids(opened, name)) << name;
  std::vector<gazetteer::Gazetteer::Prefix> prefixes;
  opened.find_prefixes("washington dc today", prefixes);  // "washington", "washington dc"
  ASSERT_EQ(prefixes.size(), 2u);
  EXPECT_EQ(prefixes[0].length, 10u);
  EXPECT_EQ(prefixes[1].length, 13u);
  EXPECT_EQ(prefixes[0].places.size(), opened.find("washington").size());
  EXPECT_EQ(prefixes[1].places.data(), opened.find("washington dc").data());
  opened.find_prefixes("vashingtonian", prefixes);  // ends inside a word: the caller checks
  ASSERT_EQ(prefixes.size(), 1u);
  EXPECT_EQ(prefixes[0].length, 10u);
  opened.find_prefixes("bagdadi", prefixes);
  ASSERT_EQ(prefixes.size(), 1u);
  EXPECT_EQ(prefixes[0].places.data(), opened.find("bagdad").data());
  opened.find_prefixes("nowhere", prefixes);
  EXPECT_TRUE(prefixes.empty());
  EXPECT_EQ(opened.find_id("gn:98182"), built.find_id("gn:98182"));
  EXPECT_FALSE(opened.find_id("gn:0"));
  ASSERT_TRUE(opened.capital_of("US"));
  EXPECT_EQ(opened.place(*opened.capital_of("US")).id, "gn:3");
}

// The matcher reads as far ahead as the longest name reaches, however long (Bangkok's
// ceremonial name, 188 bytes after its first word, and a longer made-up one).
TEST(Gazetteer, TheLongestNamesAreMatchedWhole) {
  const std::string bangkok =
      "Krung Thep Maha Nakhon Amon Rattanakosin Mahinthara Ayuthaya Mahadilok Phop Noppharat Ratchathani Burirom "
      "Udomratchaniwet Mahasathan Amon Piman Awatan Sathit Sakkathattiya Witsanukam Prasit";
  const std::string longer = "Santa Maria " + std::string(300, 'x') + " de los Angeles";
  const auto tsv = write_file(tmp("long.txt"), geonames_row("11", bangkok, "", 13.75, 100.5, "PPLC", "TH", 5104476) +
                                                   geonames_row("12", longer, "", -12.0, -77.0, "PPL", "PE", 900));
  const auto built = gazetteer::Gazetteer::build({tsv}, tokenizer());
  const std::string path = tmp("long.mawqi");
  built.save_index(path);
  const auto opened = gazetteer::Gazetteer::open_index(path);
  EXPECT_EQ(opened.longest_key(), built.longest_key());
  EXPECT_GT(opened.longest_key(), 300u);
  const match::Matcher matcher(opened, tokenizer());
  for (const std::string& name : {bangkok, longer}) {
    const std::string text = "Officials in " + name + " said so.";
    const auto tokens = tokenizer().tokenize(text);
    const auto mentions = matcher.find(text, tokens);
    ASSERT_EQ(mentions.size(), 1u) << name;
    EXPECT_EQ(text.substr(mentions[0].byte_start, mentions[0].byte_end - mentions[0].byte_start), name);
  }
}

TEST(Gazetteer, DamagedIndexIsRejectedWithAMessage) {
  const auto tsv = write_file(tmp("idx2.txt"), kGeoNamesRow);
  const std::string path = tmp("idx2.mawqi");
  gazetteer::Gazetteer::build({tsv}, tokenizer()).save_index(path);
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  EXPECT_NE(error_of([&] { (void)gazetteer::Gazetteer::open_index(path); }).find("idx2.mawqi"), std::string::npos);
  write_file(path, "not an index at all, just some text that is long enough to hold a header..........");
  EXPECT_NE(error_of([&] { (void)gazetteer::Gazetteer::open_index(path); }).find("not a mawqi gazetteer index"),
            std::string::npos);
}

TEST(Gazetteer, SameNameFamilyWithinAFewKmMergesAcrossSources) {
  const auto curated = write_file(
      tmp("fam1.geojson"),
      collection(
          {feature(R"({"id":"mq:balad","name":"Balad","name_ar":"بلد","kind":"town","country":"IQ"})",
                   "[44.146, 34.015]"),
           feature(R"({"id":"mq:k","name":"Kut","kind":"city","country":"IQ","same_as":["gn:7"]})", "[45.8, 32.5]")}));
  const auto tsv =
      write_file(tmp("fam2.txt"), geonames_row("5", "Balad", "Balad City", 34.01485, 44.14574, "PPL", "IQ", 42088) +
                                      geonames_row("6", "Balad", "", 36.0, 43.0, "PPL", "IQ", 900) +
                                      geonames_row("7", "Al Kut", "Kut al-Amara", 32.49, 45.83, "PPLA", "IQ", 315000));
  const auto g = gazetteer::Gazetteer::build({curated, tsv}, tokenizer());
  EXPECT_EQ(g.size(), 3u);  // gn:5 joins mq:balad (same name, 0.1 km); gn:6 is another Balad; gn:7 declared
  EXPECT_EQ(ids(g, "Balad City"), std::vector<std::string>{"mq:balad"});
  EXPECT_EQ(ids(g, "Kut al-Amara"), std::vector<std::string>{"mq:k"});
  EXPECT_EQ(ids(g, "Balad").size(), 2u);
  EXPECT_EQ(g.place(*g.find_id("mq:balad")).population, 42088);
}

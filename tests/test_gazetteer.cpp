#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <map>

#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/match.hpp"
#include "support.hpp"

using namespace mawqi;
using mawqi::test::bundled;
using mawqi::test::tokenizer;
using mawqi::test::write_file;

namespace {

// A path of the running test's own (tests run in parallel processes: no shared fixed names);
// anything at it is removed, so keep the path rather than asking again.
std::string tmp(const std::string& name) { return mawqi::test::scratch_path(name).string(); }

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

// A collection that says its places are world-scale data ("mawqi_curated": false) is read as a
// GeoNames dump is: its places are not curated, in memory and in the compiled index alike.
TEST(GeoJsonLoader, WorldScaleCollectionIsNotCurated) {
  const std::string town = feature(R"({"id":"gn:1","name":"Gao","name_ar":"جاو","kind":"city","country":"ML"})");
  const auto reviewed = write_file(tmp("ws1.geojson"), collection({town}));
  std::string world = collection({town});
  world.insert(1, R"("mawqi_curated":false,)");
  const auto world_path = write_file(tmp("ws2.geojson"), world);
  std::string explicit_true = collection({town});
  explicit_true.insert(1, R"("mawqi_curated":true,)");
  EXPECT_TRUE(gazetteer::read_geojson(reviewed).at(0).curated);
  EXPECT_TRUE(gazetteer::read_geojson(write_file(tmp("ws3.geojson"), explicit_true)).at(0).curated);
  EXPECT_FALSE(gazetteer::read_geojson(world_path).at(0).curated);
  EXPECT_FALSE(gazetteer::read_geonames_tsv(write_file(tmp("ws4.txt"), kGeoNamesRow)).at(0).curated);

  const auto g = gazetteer::Gazetteer::build({world_path}, tokenizer());
  EXPECT_FALSE(g.place(*g.find_id("gn:1")).curated);
  const std::string index = tmp("ws.mawqi");
  g.save_index(index);
  const auto opened = gazetteer::Gazetteer::open_index(index);
  EXPECT_FALSE(opened.place(*opened.find_id("gn:1")).curated);
  EXPECT_EQ(opened.fingerprint(), g.fingerprint());
  EXPECT_NE(gazetteer::Gazetteer::build({reviewed}, tokenizer()).fingerprint(), g.fingerprint());

  std::string bad = collection({town});
  bad.insert(1, R"("mawqi_curated":"no",)");
  EXPECT_NE(error_of([&] {
              (void)gazetteer::read_geojson(write_file(tmp("ws5.geojson"), bad));
            }).find("ws5.geojson: mawqi_curated: expected true or false"),
            std::string::npos);
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

// Into a directory, the index of sources is written under a name of their bytes (the name
// Gazetteer::build looks for in the build's compiled index directory): the same bytes give the
// same name, an edited source another, and an index loaded from a file has none to give.
TEST(Gazetteer, CompiledIndexIsNamedByItsSources) {
  const std::string source = tmp("named.geojson");
  write_file(source, collection({feature(R"({"id":"mq:a","name":"Qaryat Alif","kind":"town"})")}));
  const auto name_of = [&](const std::string& dir) {
    std::filesystem::create_directories(dir);
    gazetteer::Gazetteer::build({source}, tokenizer()).save_index(dir);
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      names.push_back(entry.path().filename().string());
    return names;
  };
  const std::string first_dir = tmp("named-1");
  const auto first = name_of(first_dir);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first.front().ends_with(".mawqi")) << first.front();
  EXPECT_EQ(name_of(tmp("named-2")), first);
  write_file(source, collection({feature(R"({"id":"mq:a","name":"Qaryat Ba","kind":"town"})")}));
  const auto edited = name_of(tmp("named-3"));
  ASSERT_EQ(edited.size(), 1u);
  EXPECT_NE(edited, first);
  const auto opened = gazetteer::Gazetteer::open_index(first_dir + "/" + first.front());
  const std::string dir = tmp("named-4");
  std::filesystem::create_directories(dir);
  EXPECT_THROW(opened.save_index(dir), Error);
}

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
  // The key table, word by word: "washington" is a key and begins "washington dc"; "dc" alone
  // begins nothing it holds.
  auto step = [](const gazetteer::Gazetteer& g, std::initializer_list<std::string_view> words) {
    gazetteer::Gazetteer::KeyHash hash;
    bool first = true;
    for (std::string_view w : words) {
      if (!first) hash.add(" ");
      hash.add(w);
      first = false;
    }
    return g.step(hash);
  };
  for (const gazetteer::Gazetteer* g : {&built, &opened}) {
    const auto washington = step(*g, {"washington"});
    EXPECT_TRUE(washington.continues);
    EXPECT_EQ(washington.places.data(), g->find("washington").data());
    const auto dc = step(*g, {"washington", "dc"});
    EXPECT_EQ(dc.places.data(), g->find("washington dc").data());
    EXPECT_FALSE(step(*g, {"vashingtonian"}).continues);
    EXPECT_TRUE(step(*g, {"vashingtonian"}).places.empty());
    EXPECT_EQ(step(*g, {"bagdad"}).places.data(), g->find("bagdad").data());
    EXPECT_TRUE(step(*g, {"nowhere"}).places.empty());
    EXPECT_TRUE(step(*g, {"washingtondc"}).places.empty());
    // Markers are for lookups, not for running text.
    EXPECT_TRUE(step(*g, {std::string(gazetteer::Gazetteer::kQualifierMarker) + "dc"}).places.empty());
  }
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
  const match::Matcher matcher(opened, tokenizer(), test::language());
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

// ---- Coordinates: every loader refuses what is not a point on the globe ----

namespace {

std::string geonames_row_with(const std::string& lat, const std::string& lon) {
  return "7\tSomewhere\tSomewhere\t\t" + lat + "\t" + lon + "\tP\tPPL\tIQ\t\t07\t\t\t\t100\t\t\t\t2023-01-01\n";
}

}  // namespace

TEST(GeoNamesLoader, RefusesCoordinatesThatAreNotFiniteDegreesInRange) {
  struct Case {
    std::string lat, lon;
    std::string message;  // empty: accepted
  };
  const std::string lat_range = " (column 5: a number in [-90, 90])";
  const std::string lon_range = " (column 6: a number in [-180, 180])";
  const std::vector<Case> cases = {
      {"nan", "44.4", "latitude: not a latitude: 'nan'" + lat_range},
      {"NaN", "44.4", "latitude: not a latitude: 'NaN'" + lat_range},
      {"-nan", "44.4", "latitude: not a latitude: '-nan'" + lat_range},
      {"inf", "44.4", "latitude: not a latitude: 'inf'" + lat_range},
      {"-infinity", "44.4", "latitude: not a latitude: '-infinity'" + lat_range},
      {"", "44.4", "latitude: not a latitude: ''" + lat_range},
      {"90.0001", "44.4", "latitude: not a latitude: '90.0001'" + lat_range},
      {"-91", "44.4", "latitude: not a latitude: '-91'" + lat_range},
      {"1e5", "44.4", "latitude: not a latitude: '1e5'" + lat_range},
      {"33.3x", "44.4", "latitude: not a latitude: '33.3x'" + lat_range},
      {"33.3 ", "44.4", "latitude: not a latitude: '33.3 '" + lat_range},
      {" 33.3", "44.4", "latitude: not a latitude: ' 33.3'" + lat_range},
      {"+33.3", "44.4", "latitude: not a latitude: '+33.3'" + lat_range},
      {"0x21", "44.4", "latitude: not a latitude: '0x21'" + lat_range},
      {"33.3", "nan", "longitude: not a longitude: 'nan'" + lon_range},
      {"33.3", "-inf", "longitude: not a longitude: '-inf'" + lon_range},
      {"33.3", "180.5", "longitude: not a longitude: '180.5'" + lon_range},
      {"33.3", "-180.0000001", "longitude: not a longitude: '-180.0000001'" + lon_range},
      {"33.3", "44,4", "longitude: not a longitude: '44,4'" + lon_range},
      {"33.3", "", "longitude: not a longitude: ''" + lon_range},
      {"90", "180", ""},
      {"-90", "-180", ""},
      {"-0", "0.0", ""},
      {"33.34058", "44.40088", ""},
  };
  for (const Case& c : cases) {
    const auto path = write_file(tmp("coords.txt"), kGeoNamesRow + geonames_row_with(c.lat, c.lon));
    const std::string error = error_of([&] {
      const auto places = gazetteer::read_geonames_tsv(path);
      ASSERT_EQ(places.size(), 2u);
      EXPECT_DOUBLE_EQ(places[1].lat, std::stod(c.lat));
      EXPECT_DOUBLE_EQ(places[1].lon, std::stod(c.lon));
    });
    if (c.message.empty())
      EXPECT_EQ(error, "") << c.lat << " " << c.lon;
    else
      EXPECT_NE(error.find("coords.txt:2: " + c.message), std::string::npos)
          << "lat '" << c.lat << "' lon '" << c.lon << "': " << error;
  }
}

TEST(GeoJsonLoader, RefusesCoordinatesOutOfRange) {
  struct Case {
    std::string coordinates;
    std::string message;  // empty: accepted
  };
  const std::vector<Case> cases = {
      {"[44, 95]", "geometry.coordinates: latitude out of range: 95 (a number in [-90, 90])"},
      {"[44, -90.5]", "geometry.coordinates: latitude out of range: -90.5 (a number in [-90, 90])"},
      {"[200, 33]", "geometry.coordinates: longitude out of range: 200 (a number in [-180, 180])"},
      {"[-180.25, 33]", "geometry.coordinates: longitude out of range: -180.25 (a number in [-180, 180])"},
      {"[1e308, 33]", "geometry.coordinates: longitude out of range: 1e+308 (a number in [-180, 180])"},
      {"[\"44\", 33]", "geometry.coordinates: expected [lon, lat]"},
      {"[44, null]", "geometry.coordinates: expected [lon, lat]"},
      {"[44]", "geometry.coordinates: expected [lon, lat]"},
      {"[44, 1e999]", "invalid JSON"},  // JSON has no NaN or infinity; an overflow does not parse
      {"[180, 90]", ""},
      {"[-180, -90, 12]", ""},
  };
  for (const Case& c : cases) {
    const auto path = write_file(tmp("coords.geojson"),
                                 collection({feature(R"({"id":"mq:a","name":"A","kind":"city"})"),
                                             feature(R"({"id":"mq:b","name":"B","kind":"city"})", c.coordinates)}));
    const std::string error = error_of([&] { EXPECT_EQ(gazetteer::read_geojson(path).size(), 2u); });
    if (c.message.empty())
      EXPECT_EQ(error, "") << c.coordinates;
    else if (c.message == "invalid JSON")
      EXPECT_NE(error.find("coords.geojson: invalid JSON"), std::string::npos) << c.coordinates << ": " << error;
    else
      EXPECT_NE(error.find("coords.geojson: feature 2 (mq:b): " + c.message), std::string::npos)
          << c.coordinates << ": " << error;
  }
}

TEST(Gazetteer, FromPlacesRefusesCoordinatesOutOfRange) {
  struct Case {
    double lat, lon;
    std::string message;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  const std::vector<Case> cases = {
      {nan, 44, "place 2 (mq:n): lat: latitude out of range: nan (a number in [-90, 90])"},
      {-inf, 44, "place 2 (mq:n): lat: latitude out of range: -inf (a number in [-90, 90])"},
      {91, 44, "place 2 (mq:n): lat: latitude out of range: 91 (a number in [-90, 90])"},
      {33, nan, "place 2 (mq:n): lon: longitude out of range: nan (a number in [-180, 180])"},
      {33, 181, "place 2 (mq:n): lon: longitude out of range: 181 (a number in [-180, 180])"},
  };
  for (const Case& c : cases) {
    std::vector<Place> places(2);
    places[0].id = "mq:ok";
    places[0].name = "Fine";
    places[1].id = "mq:n";
    places[1].name = "Nowhere";
    places[1].lat = c.lat;
    places[1].lon = c.lon;
    EXPECT_EQ(error_of([&] { (void)gazetteer::Gazetteer::from_places(places, tokenizer()); }), c.message);
  }
}

// ---- The compiled index: a damaged header or body is refused, never read ----

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// The fields of the version-6 header (src/gazetteer/index.cpp), 8 bytes each, in order.
const std::vector<std::string> kHeaderFields = {
    "magic",        "version",     "places",    "pool_size",     "keys",      "postings",
    "trie_size",    "longest_key", "key_slots", "records_off",   "pool_off",  "offsets_off",
    "postings_off", "ids_off",     "trie_off",  "key_table_off", "file_size", "checksum"};

std::uint64_t header_field(const std::string& bytes, const std::string& name) {
  const auto at = std::find(kHeaderFields.begin(), kHeaderFields.end(), name) - kHeaderFields.begin();
  std::uint64_t v = 0;
  std::memcpy(&v, bytes.data() + at * 8, 8);
  return v;
}

// What open_index made of a file: the message of a refusal, or "opened".
std::string open_outcome(const std::string& path) {
  try {
    const auto g = gazetteer::Gazetteer::open_index(path);
    return "opened";
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("not a mawqi::Error: ") + e.what();
  }
}

// A small valid index (Baghdad and four Washingtons, aliases in two scripts) and its bytes.
std::string small_index(const std::string& name) {
  const auto tsv = write_file(tmp(name + ".txt"), kGeoNamesRow + kWashingtons);
  const std::string path = tmp(name + ".mawqi");
  gazetteer::Gazetteer::build({tsv}, tokenizer()).save_index(path);
  return path;
}

void expect_refused(const std::string& path, const std::string& what) {
  const std::string outcome = open_outcome(path);
  EXPECT_NE(outcome, "opened") << what;
  EXPECT_NE(outcome.find(path), std::string::npos) << what << ": " << outcome;
  EXPECT_NE(outcome.find("`mawqi gazetteer build`"), std::string::npos) << what << ": " << outcome;
  EXPECT_EQ(outcome.find('\n'), std::string::npos) << what << ": " << outcome;
}

}  // namespace

TEST(GazetteerIndex, EveryDamagedHeaderFieldIsRefused) {
  const std::string good_path = small_index("hdr");
  const std::string good = read_bytes(good_path);
  ASSERT_EQ(open_outcome(good_path), "opened");
  ASSERT_EQ(header_field(good, "version"), 6u);
  ASSERT_EQ(header_field(good, "file_size"), good.size());
  ASSERT_GT(header_field(good, "places"), 0u);
  struct Damage {
    const char* name;
    void (*apply)(char* field);  // 8 bytes, little-endian
  };
  const std::vector<Damage> damages = {
      {"low bit", [](char* f) { f[0] ^= 0x01; }},
      {"plus or minus 8", [](char* f) { f[0] ^= 0x08; }},
      {"plus or minus 128", [](char* f) { f[0] ^= static_cast<char>(0x80); }},
      {"plus or minus 2^15", [](char* f) { f[1] ^= static_cast<char>(0x80); }},
      {"plus or minus 2^32", [](char* f) { f[4] ^= 0x01; }},
      {"top bit", [](char* f) { f[7] ^= static_cast<char>(0x80); }},
      {"zero", [](char* f) { std::memset(f, 0, 8); }},
      {"all ones", [](char* f) { std::memset(f, 0xff, 8); }},
  };
  const std::string path = tmp("hdr-damaged.mawqi");
  std::size_t tried = 0;
  for (std::size_t field = 0; field < kHeaderFields.size(); ++field)
    for (const Damage& d : damages) {
      std::string bytes = good;
      d.apply(bytes.data() + field * 8);
      if (bytes == good) continue;  // zero of a field that is zero
      write_bytes(path, bytes);
      expect_refused(path, kHeaderFields[field] + ", " + d.name);
      ++tried;
    }
  EXPECT_GT(tried, kHeaderFields.size() * (damages.size() - 1));
}

TEST(GazetteerIndex, DamagedBodyTruncatedOrExtendedFileIsRefused) {
  const std::string good_path = small_index("body");
  const std::string good = read_bytes(good_path);
  ASSERT_EQ(header_field(good, "version"), 6u);
  ASSERT_EQ(header_field(good, "file_size"), good.size());
  const std::string path = tmp("body-damaged.mawqi");
  // One byte of each section: its first, its middle, its last, and the padding at the end.
  for (const char* section :
       {"records_off", "pool_off", "offsets_off", "postings_off", "ids_off", "trie_off", "key_table_off"}) {
    const std::uint64_t from = header_field(good, section);
    const auto next = std::find(kHeaderFields.begin(), kHeaderFields.end(), section) + 1;
    const std::uint64_t to = *next == "file_size" ? good.size() : header_field(good, *next);
    ASSERT_LT(from, to) << section;
    ASSERT_LE(to, good.size()) << section;
    for (std::uint64_t at : {from, (from + to) / 2, to - 1}) {
      for (unsigned char mask : {0x01, 0x80}) {
        std::string bytes = good;
        bytes[at] = static_cast<char>(bytes[at] ^ mask);
        write_bytes(path, bytes);
        expect_refused(path, std::string(section) + " byte " + std::to_string(at));
      }
    }
  }
  write_bytes(path, good.substr(0, good.size() - 8));
  expect_refused(path, "truncated by 8 bytes");
  EXPECT_NE(open_outcome(path).find("truncated or extended"), std::string::npos) << open_outcome(path);
  write_bytes(path, good.substr(0, 200));
  expect_refused(path, "truncated to 200 bytes");
  write_bytes(path, good + std::string(8, '\0'));
  expect_refused(path, "8 zero bytes appended");
  write_bytes(path, good.substr(0, 100));
  expect_refused(path, "shorter than a header");
}

TEST(GazetteerIndex, OlderVersionsAskToBeRebuilt) {
  const std::string good = read_bytes(small_index("old"));
  const std::string path = tmp("old-version.mawqi");
  std::string bytes = good;
  bytes[8] = 5;
  write_bytes(path, bytes);
  EXPECT_NE(
      open_outcome(path).find("old-version.mawqi: index version 5 is not 6; rebuild it with `mawqi gazetteer build`"),
      std::string::npos)
      << open_outcome(path);
}

// ---- Fingerprint: what a result can depend on ----

namespace {

std::vector<Place> fingerprint_places() {
  std::vector<Place> places(3);
  places[0].id = "mq:a";
  places[0].name = "Camp Alpha";
  places[0].name_ar = "معسكر ألفا";
  places[0].names = {"Alpha Base", "Al Alpha"};
  places[0].kind = PlaceKind::military_base;
  places[0].country = "IQ";
  places[0].admin1 = "Baghdad";
  places[0].parent = "mq:b";
  places[0].population = 10;
  places[0].precision_m = 1000;
  places[0].lat = 33.1;
  places[0].lon = 44.2;
  places[0].curated = true;
  places[1].id = "mq:b";
  places[1].name = "Bravo";
  places[1].names = {"Bravo City"};
  places[1].kind = PlaceKind::city;
  places[1].country = "IQ";
  places[1].population = 50000;
  places[1].lat = 33.3;
  places[1].lon = 44.4;
  places[1].capital = true;
  places[2].id = "mq:c";
  places[2].name = "Charlie";
  places[2].kind = PlaceKind::town;
  places[2].country = "SY";
  places[2].lat = 35.0;
  places[2].lon = 38.0;
  return places;
}

std::string fingerprint_of(std::vector<Place> places) {
  return gazetteer::Gazetteer::from_places(std::move(places), tokenizer()).fingerprint();
}

}  // namespace

TEST(Fingerprint, ChangesWithEveryFieldAResultCanDependOn) {
  const std::string base = fingerprint_of(fingerprint_places());
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(base.find_first_not_of("0123456789abcdef"), std::string::npos) << base;
  EXPECT_EQ(fingerprint_of(fingerprint_places()), base);
  const std::vector<std::pair<std::string, std::function<void(std::vector<Place>&)>>> changes = {
      {"one alias", [](auto& p) { p[0].names[1] = "Al Alfa"; }},
      {"an alias added", [](auto& p) { p[2].names.push_back("Charlie Town"); }},
      {"an alias moved to another place",
       [](auto& p) {
         p[1].names.push_back(p[0].names[0]);
         p[0].names.erase(p[0].names.begin());
       }},
      {"name", [](auto& p) { p[2].name = "Charly"; }},
      {"name_ar", [](auto& p) { p[0].name_ar = "معسكر الفا"; }},
      {"id", [](auto& p) { p[2].id = "mq:d"; }},
      {"kind", [](auto& p) { p[2].kind = PlaceKind::village; }},
      {"latitude", [](auto& p) { p[1].lat += 1e-9; }},
      {"longitude", [](auto& p) { p[1].lon -= 1e-9; }},
      {"population", [](auto& p) { p[1].population += 1; }},
      {"capital", [](auto& p) { p[2].capital = true; }},
      {"country", [](auto& p) { p[2].country = "IQ"; }},
      {"admin1", [](auto& p) { p[0].admin1 = "Anbar"; }},
      {"parent", [](auto& p) { p[0].parent = "mq:c"; }},
      {"precision", [](auto& p) { p[0].precision_m = 999; }},
      {"curated", [](auto& p) { p[2].curated = true; }},
      {"order of places", [](auto& p) { std::swap(p[1], p[2]); }},
  };
  std::map<std::string, std::string> seen = {{base, "nothing"}};
  for (const auto& [what, change] : changes) {
    auto places = fingerprint_places();
    change(places);
    const std::string fp = fingerprint_of(places);
    const auto [it, fresh] = seen.emplace(fp, what);
    EXPECT_TRUE(fresh) << what << " gives the fingerprint of " << it->second;
  }
}

TEST(Fingerprint, SameSourcesAndTheirCompiledIndexGiveTheSameFingerprint) {
  const auto geojson = write_file(
      tmp("fp.geojson"),
      collection({feature(
          R"({"id":"mq:x","name":"Camp X","name_ar":"معسكر اكس","names":["X base"],"kind":"military_base","country":"IQ"})")}));
  const auto tsv = write_file(tmp("fp.txt"), kGeoNamesRow + kWashingtons);
  const auto built = gazetteer::Gazetteer::build({geojson, tsv}, tokenizer());
  EXPECT_EQ(gazetteer::Gazetteer::build({geojson, tsv}, tokenizer()).fingerprint(), built.fingerprint());

  const std::string path = tmp("fp.mawqi");
  built.save_index(path);
  const auto opened = gazetteer::Gazetteer::open_index(path);
  EXPECT_EQ(opened.fingerprint(), built.fingerprint());
  // An opened index written again is the same file.
  const std::string again = tmp("fp-again.mawqi");
  opened.save_index(again);
  EXPECT_EQ(read_bytes(again), read_bytes(path));
  EXPECT_EQ(gazetteer::Gazetteer::open_index(again).fingerprint(), built.fingerprint());

  // One alias of one place in the sources: another fingerprint, built or compiled.
  write_file(
      geojson,
      collection({feature(
          R"({"id":"mq:x","name":"Camp X","name_ar":"معسكر اكس","names":["X camp"],"kind":"military_base","country":"IQ"})")}));
  const auto changed = gazetteer::Gazetteer::build({geojson, tsv}, tokenizer());
  EXPECT_NE(changed.fingerprint(), built.fingerprint());
  changed.save_index(path);
  EXPECT_EQ(gazetteer::Gazetteer::open_index(path).fingerprint(), changed.fingerprint());
}

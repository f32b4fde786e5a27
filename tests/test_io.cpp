#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <array>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>

#include "mawqi/error.hpp"
#include "mawqi/eval.hpp"
#include "mawqi/io.hpp"
#include "support.hpp"

using namespace mawqi;
using mawqi::test::write_file;
namespace fs = std::filesystem;

namespace {

struct ReadResult {
  std::vector<Article> articles;
  std::vector<std::string> warnings;
  io::ReadStats stats;
};

ReadResult read(const std::vector<std::string>& inputs, bool strict = false) {
  ReadResult r;
  io::ReadOptions options;
  options.strict = strict;
  r.stats = io::read_articles(
      inputs, options, [&](Article&& a) { r.articles.push_back(std::move(a)); },
      [&](const std::string& w) { r.warnings.push_back(w); });
  return r;
}

std::string fresh_dir(const std::string& name) {
  const std::string dir = mawqi::test::temp_dir(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST(ArticleReader, JsonLinesSkipsBadRecordsAndNamesLineAndField) {
  const std::string dir = fresh_dir("jsonl");
  const auto path = write_file(dir + "/a.jsonl",
                               "\xEF\xBB\xBF{\"id\":\"1\",\"text\":\"سقط صاروخ\",\"date\":\"2020-07-01\"}\r\n"
                               "{\"id\":\"2\",\"text\":42}\n"
                               "{broken\n"
                               "\n"
                               "{\"id\":\"3\",\"text\":\"Rockets hit Baghdad\",\"date\":\"2020-02-31\"}\n"
                               "{\"id\":\"1\",\"text\":\"again\"}\n"
                               "{\"text\":\"no id here\"}\n");
  const auto r = read({path});
  ASSERT_EQ(r.articles.size(), 3u);
  EXPECT_EQ(r.articles[0].id, "1");
  EXPECT_EQ(r.articles[0].lang, "ar");
  EXPECT_EQ(r.articles[1].id, "3");  // read without its impossible date
  EXPECT_EQ(r.articles[1].date, "");
  EXPECT_EQ(r.articles[2].id, "a:7");  // derived from file stem and line
  EXPECT_EQ(r.articles[2].lang, "en");
  EXPECT_EQ(r.stats.skipped, 3u);
  ASSERT_EQ(r.warnings.size(), 5u);
  EXPECT_NE(r.warnings[0].find("a.jsonl:2: text: expected a string, found number"), std::string::npos);
  EXPECT_NE(r.warnings[1].find("a.jsonl:3: invalid JSON"), std::string::npos);
  EXPECT_EQ(r.warnings[2], path + ":5: date: not a valid date '2020-02-31'; the article is read without one");
  EXPECT_NE(r.warnings[3].find("a.jsonl:6: id: duplicate id '1'"), std::string::npos);
  EXPECT_NE(r.warnings[4].find("a.jsonl:7: id: missing; using 'a:7'"), std::string::npos);
}

namespace {

// One record through the reader: its id, or the error it gives.
struct IdCase {
  std::string json;
  std::string id;     // expected id, if read
  std::string error;  // else the expected message
};

}  // namespace

// Integer ids are exact at any size (no wrapping, no doubles); ids are UTF-8 without control
// characters.
TEST(ArticleReader, IdsAreExactTextWithoutControlCharacters) {
  const std::vector<IdCase> cases = {
      {R"({"id": 18446744073709551615, "text": "t"})", "18446744073709551615", ""},
      {R"({"id": -1, "text": "t"})", "-1", ""},
      {R"({"id": 0, "text": "t"})", "0", ""},
      {R"({"id": 9223372036854775807, "text": "t"})", "9223372036854775807", ""},
      {R"({"id": 9223372036854775808, "text": "t"})", "9223372036854775808", ""},
      {R"({"id": -9223372036854775809, "text": "t"})", "-9223372036854775809", ""},
      {R"({"id": 123456789012345678901234567890, "text": "t"})", "123456789012345678901234567890", ""},
      {R"({"id": "42", "text": "t"})", "42", ""},
      {R"({"text": "t", "meta": {"id": 18446744073709551615}, "id": "x"})", "x", ""},
      {R"({"id": "a\u00a0b", "text": "t"})", "a\u00a0b", ""},  // NBSP is not a control character
      {R"({"id": "بسماية-1", "text": "t"})", "بسماية-1", ""},
      {R"({"id": 1.5, "text": "t"})", "", "x.jsonl:1: id: expected a string or integer, found number"},
      {R"({"id": 1e3, "text": "t"})", "", "x.jsonl:1: id: expected a string or integer, found number"},
      {R"({"id": -0.0, "text": "t"})", "", "x.jsonl:1: id: expected a string or integer, found number"},
      {R"({"id": true, "text": "t"})", "", "x.jsonl:1: id: expected a string or integer, found boolean"},
      {R"({"id": [1], "text": "t"})", "", "x.jsonl:1: id: expected a string or integer, found array"},
      {R"({"id": "", "text": "t"})", "", "x.jsonl:1: id: empty"},
      {R"({"id": "a\u0000b", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+0000)"},
      {R"({"id": "a\tb", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+0009)"},
      {R"({"id": "a\nb", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+000A)"},
      {R"({"id": "\u001f", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+001F)"},
      {R"({"id": "a\u007f", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+007F)"},
      {R"({"id": "a\u0085", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+0085)"},
      {R"({"id": "a\u009f", "text": "t"})", "", "x.jsonl:1: id: contains a control character (U+009F)"},
      {"{\"id\": \"a\xff\", \"text\": \"t\"}", "", "x.jsonl:1: invalid JSON"},  // JSON strings are UTF-8
      {R"({"id": "\ud800", "text": "t"})", "", "x.jsonl:1: invalid JSON"},      // a lone surrogate
  };
  for (const auto& c : cases) {
    if (c.error.empty()) {
      EXPECT_EQ(io::parse_article(c.json, "x.jsonl:1", "x:1").id, c.id) << c.json;
    } else {
      try {
        (void)io::parse_article(c.json, "x.jsonl:1", "x:1");
        ADD_FAILURE() << c.json << " was read";
      } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).substr(0, c.error.size()), c.error) << c.json;
      }
    }
  }
}

TEST(ArticleReader, IntegerIdsStayDistinctInArraysAndLines) {
  const std::string dir = fresh_dir("int-ids");
  write_file(dir + "/a.json", R"([{"id": 18446744073709551615, "text": "one"}, {"id": -1, "text": "two"}])");
  write_file(dir + "/b.jsonl",
             "{\"id\": 123456789012345678901234567890, \"text\": \"three\"}\n"
             "{\"id\": \"18446744073709551615\", \"text\": \"the same id as text\"}\n");
  write_file(dir + "/c\x01.txt", "a file whose name holds a control character");
  const auto r = read({dir});
  ASSERT_EQ(r.articles.size(), 3u);
  EXPECT_EQ(r.articles[0].id, "18446744073709551615");
  EXPECT_EQ(r.articles[1].id, "-1");
  EXPECT_EQ(r.articles[2].id, "123456789012345678901234567890");
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], dir + "/b.jsonl:2: id: duplicate id '18446744073709551615' (record skipped)");
  EXPECT_EQ(r.warnings[1], dir + "/c\x01.txt: id: contains a control character (U+0001) (record skipped)");
}

namespace {

struct DateCase {
  std::string date;  // as given
  std::string kept;  // Article::date, empty when dropped
};

}  // namespace

// A timestamp is a publication date: its calendar date as written (the publisher's local day,
// whatever the zone). A bad date is dropped with a warning; the article is still read.
TEST(ArticleReader, TimestampsGiveTheirDateAndBadDatesAreDroppedWithAWarning) {
  const std::vector<DateCase> cases = {
      {"2021-03-04", "2021-03-04"},
      {"2021-03-04T10:15:00Z", "2021-03-04"},
      {"2021-03-04 10:15", "2021-03-04"},
      {"2021-03-04T10:15:00+03:00", "2021-03-04"},
      {"2021-03-04T23:30:00-05:00", "2021-03-04"},  // already 03-05 in UTC: the local day counts
      {"2021-03-04T00:30:00+03:00", "2021-03-04"},
      {"2021-03-04T10:15:00.123Z", "2021-03-04"},
      {"2021-03-04T10:15:00,5+0300", "2021-03-04"},
      {"2021-03-04T10:15+03", "2021-03-04"},
      {"2021-03-04t10:15:00z", "2021-03-04"},
      {"2016-12-31T23:59:60Z", "2016-12-31"},  // a leap second
      {"2020-02-29", "2020-02-29"},
      {"2021-02-30", ""},
      {"2021-02-29T10:00:00Z", ""},
      {"yesterday", ""},
      {"04/03/2021", ""},
      {"2021-3-4", ""},
      {"2021-03-04T", ""},
      {"2021-03-04T25:00", ""},
      {"2021-03-04T10:60", ""},
      {"2021-03-04T10:15:00.", ""},
      {"2021-03-04T10:15:00+24:00", ""},
      {"2021-03-04T10:15:00+03:0", ""},
      {"2021-03-04T10:15:00 Z", ""},
      {"2021-03-04x", ""},
      {" 2021-03-04", ""},
  };
  const std::string dir = fresh_dir("dates");
  std::string jsonl;
  for (const auto& c : cases) jsonl += R"({"text": "Rockets hit Baghdad.", "date": ")" + c.date + "\"}\n";
  const auto path = write_file(dir + "/x.jsonl", jsonl);
  for (bool strict : {false, true}) {  // a dropped date is a warning, not a bad record
    const auto r = read({path}, strict);
    ASSERT_EQ(r.articles.size(), cases.size());
    EXPECT_EQ(r.stats.skipped, 0u);
    std::vector<std::string> expected_warnings;
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const std::string line = path + ":" + std::to_string(i + 1);
      EXPECT_EQ(r.articles[i].date, cases[i].kept) << cases[i].date;
      expected_warnings.push_back(line + ": id: missing; using 'x:" + std::to_string(i + 1) + "'");
      if (cases[i].kept.empty())
        expected_warnings.push_back(line + ": date: not a valid date '" + cases[i].date +
                                    "'; the article is read without one");
    }
    EXPECT_EQ(r.warnings, expected_warnings);
  }
  // The date a timestamp gives anchors "yesterday" like a plain date.
  const auto stamped =
      io::parse_article(R"({"id": "s", "date": "2020-07-26T22:40:00-04:00", "text": "أمس"})", "s", "s");
  EXPECT_EQ(stamped.date, "2020-07-26");
  EXPECT_TRUE(stamped.warnings.empty());
}

// Files named as inputs that are not article files are skipped with a warning; in a directory
// they are ignored without one.
TEST(ArticleReader, NamedFilesThatAreNotArticleFilesAreSkippedWithAWarning) {
  const std::string dir = fresh_dir("not-articles");
  write_file(dir + "/notes.md", "# notes\n");
  write_file(dir + "/table.csv", "id,text\n1,x\n");
  write_file(dir + "/README", "read me");
  write_file(dir + "/a.jsonl", R"({"id": "a", "text": "Rockets hit Baghdad."})"
                               "\n");
  const auto r = read({dir + "/notes.md", dir + "/a.jsonl", dir + "/table.csv", dir + "/README"});
  ASSERT_EQ(r.articles.size(), 1u);
  EXPECT_EQ(r.stats.skipped, 0u);
  const std::vector<std::string> expected = {
      dir + "/notes.md: not an article file (.json, .jsonl, .ndjson or .txt); skipped",
      dir + "/table.csv: not an article file (.json, .jsonl, .ndjson or .txt); skipped",
      dir + "/README: not an article file (.json, .jsonl, .ndjson or .txt); skipped"};
  EXPECT_EQ(r.warnings, expected);
  // The same directory: only a.jsonl is read, silently.
  const auto whole = read({dir});
  EXPECT_EQ(whole.articles.size(), 1u);
  EXPECT_TRUE(whole.warnings.empty());
  // No article file at all: nothing read, nothing wrong.
  const std::string none = fresh_dir("no-articles");
  write_file(none + "/notes.md", "# notes\n");
  const auto empty = read({none});
  EXPECT_TRUE(empty.articles.empty());
  EXPECT_TRUE(empty.warnings.empty());
  EXPECT_THROW((void)read({none + "/missing.md"}), InputError);  // a missing file is still an error
}

TEST(ArticleReader, StrictMakesTheFirstBadRecordFatal) {
  const std::string dir = fresh_dir("strict");
  const auto path = write_file(dir + "/a.jsonl", "{\"id\":\"1\",\"text\":\"ok\"}\n{\"id\":\"2\"}\n");
  EXPECT_THROW((void)read({path}, true), InputError);
}

TEST(ArticleReader, DirectoriesArraysAndTextFilesInSortedOrder) {
  const std::string dir = fresh_dir("dir");
  fs::create_directories(dir + "/sub");
  write_file(dir + "/b.json", R"([{"id":"b1","text":"one"},{"id":"b2","text":"two"}])");
  write_file(dir + "/a.txt", "BAGHDAD — text");
  write_file(dir + "/sub/c.json", R"({"id":"c","text":"three","title":"T","url":"https://example.org/c"})");
  write_file(dir + "/ignored.csv", "x");
  const auto r = read({dir});
  ASSERT_EQ(r.articles.size(), 4u);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(r.articles[0].id, "a");
  EXPECT_EQ(r.articles[1].id, "b1");
  EXPECT_EQ(r.articles[3].url, "https://example.org/c");
  EXPECT_THROW((void)read({dir + "/missing.json"}), InputError);
}

namespace {

io::Layers sample_layers() {
  const auto& g = test::bundled();
  io::Layers layers;
  const auto result = test::pipeline().process(
      test::article("سقطت 4 صواريخ على معسكر بسماية أول من أمس وخلفت أضرارا مادية فقط.", "ar", "2020-07-26", "doc-1"));
  layers.mentions = result.mentions;
  for (const auto& e : events::deduplicate(result.events, g)) layers.incidents.push_back(e);
  return layers;
}

}  // namespace

TEST(LayerWriter, GeoJsonRoundTripsThroughGdalWithRealTypes) {
  const std::string dir = fresh_dir("layers");
  io::write_layers(dir, io::OutputOptions{}, sample_layers(), test::bundled());
  for (const char* f : {"mentions.geojson", "incidents.geojson", "handovers.geojson"})
    EXPECT_TRUE(fs::exists(dir + "/" + f));
  EXPECT_FALSE(fs::exists(dir + "/.mawqi-staging-" + std::to_string(::getpid())));

  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx((dir + "/incidents.geojson").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  ASSERT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 1);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "event_date"))), OFTDate);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "munitions_count"))), OFTInteger);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "source_ids"))), OFTStringList);
  OGRFeatureH f = OGR_L_GetNextFeature(layer);
  ASSERT_NE(f, nullptr);
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "place_id")), "mq:besmaya-range-complex");
  EXPECT_EQ(OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "munitions_count")), 4);
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "event_date")), "2020/07/24");
  EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "damage")), "material");
  OGRGeometryH geom = OGR_F_GetGeometryRef(f);
  EXPECT_NEAR(OGR_G_GetX(geom, 0), 44.70, 1e-6);
  EXPECT_NEAR(OGR_G_GetY(geom, 0), 33.10, 1e-6);
  OGR_F_Destroy(f);
  // RFC 7946: WGS 84 without a "crs" member, longitude first.
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  ASSERT_NE(srs, nullptr);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "4326");
  GDALClose(ds);
  std::ifstream in(dir + "/incidents.geojson");
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);
  EXPECT_NE(text.find("\"coordinates\": [ 44.7, 33.1 ]"), std::string::npos) << text;
}

TEST(LayerWriter, OutputIsByteIdenticalAcrossRuns) {
  const std::string a = fresh_dir("det-a"), b = fresh_dir("det-b");
  io::write_layers(a, io::OutputOptions{}, sample_layers(), test::bundled());
  io::write_layers(b, io::OutputOptions{}, sample_layers(), test::bundled());
  for (const char* f : {"mentions.geojson", "incidents.geojson", "handovers.geojson"}) {
    std::ifstream fa(a + "/" + f), fb(b + "/" + f);
    const std::string ca((std::istreambuf_iterator<char>(fa)), {}), cb((std::istreambuf_iterator<char>(fb)), {});
    EXPECT_EQ(ca, cb) << f;
    EXPECT_FALSE(ca.empty());
  }
}

TEST(LayerWriter, FailedRunLeavesPreviousLayersIntact) {
  const std::string dir = fresh_dir("atomic");
  io::write_layers(dir, io::OutputOptions{}, sample_layers(), test::bundled());
  std::ifstream before_in(dir + "/incidents.geojson");
  const std::string before((std::istreambuf_iterator<char>(before_in)), {});
  EXPECT_THROW(io::write_layers(dir, io::OutputOptions{"NoSuchFormat", ""}, io::Layers{}, test::bundled()), UsageError);
  EXPECT_THROW(io::write_layers(dir + "/incidents.geojson/x", io::OutputOptions{}, io::Layers{}, test::bundled()),
               Error);
  std::ifstream after_in(dir + "/incidents.geojson");
  const std::string after((std::istreambuf_iterator<char>(after_in)), {});
  EXPECT_EQ(before, after);
}

namespace {

// Layers from the examples, so every field has values somewhere.
io::Layers example_layers() {
  static const io::Layers layers = [] {
    io::Layers l;
    std::vector<events::Event> all;
    io::read_articles(
        {std::string(MAWQI_SOURCE_DIR) + "/examples"}, io::ReadOptions{},
        [&](Article&& a) {
          auto r = test::pipeline().process(a);
          l.mentions.insert(l.mentions.end(), r.mentions.begin(), r.mentions.end());
          all.insert(all.end(), r.events.begin(), r.events.end());
        },
        [](const std::string&) {});
    for (auto& e : events::deduplicate(all, test::bundled()))
      (e.type == events::EventType::incident ? l.incidents : l.handovers).push_back(e);
    return l;
  }();
  return layers;
}

struct ReadFeature {
  double x = 0, y = 0;
  std::map<std::string, std::string> fields;  // normalized text of every set field
};

// Reads a layer back through GDAL, normalizing how formats print dates, lists and numbers.
std::vector<ReadFeature> read_layer(const std::string& path, const std::string& layer_name) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << path;
  std::vector<ReadFeature> out;
  if (ds == nullptr) return out;
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_name.c_str());
  if (layer == nullptr) layer = GDALDatasetGetLayer(ds, 0);
  OGR_L_ResetReading(layer);
  for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f != nullptr; f = OGR_L_GetNextFeature(layer)) {
    ReadFeature r;
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f); g != nullptr) {
      r.x = OGR_G_GetX(g, 0);
      r.y = OGR_G_GetY(g, 0);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
      const std::string name = OGR_Fld_GetNameRef(fd);
      if (name == "X" || name == "Y" || name == "Description" || !OGR_F_IsFieldSetAndNotNull(f, i)) continue;
      std::string value;
      if (OGR_Fld_GetType(fd) == OFTStringList) {
        for (char** list = OGR_F_GetFieldAsStringList(f, i); list != nullptr && *list != nullptr; ++list)
          value += (value.empty() ? "" : "; ") + std::string(*list);
      } else if (OGR_Fld_GetType(fd) == OFTReal) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", OGR_F_GetFieldAsDouble(f, i));
        value = buf;
      } else {
        value = OGR_F_GetFieldAsString(f, i);
        if (OGR_Fld_GetType(fd) == OFTDate || OGR_Fld_GetType(fd) == OFTDateTime) {
          value = value.substr(0, 10);
          std::replace(value.begin(), value.end(), '/', '-');
        }
      }
      // KML keeps "name" as the placemark's Name.
      if (!value.empty()) r.fields[name == "Name" ? "name" : name] = value;
    }
    out.push_back(std::move(r));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return out;
}

}  // namespace

// Every format carries the same fields and points as the reference GeoJSON.
TEST(LayerWriter, EveryFormatRoundTripsThroughGdal) {
  const io::Layers layers = example_layers();
  ASSERT_FALSE(layers.incidents.empty());
  const std::string ref = fresh_dir("fmt-ref");
  io::write_layers(ref, io::OutputOptions{}, layers, test::bundled());
  const std::vector<std::pair<std::string, std::string>> formats = {
      {"GeoJSONSeq", ".geojsonl"}, {"GPKG", ""}, {"FlatGeobuf", ".fgb"}, {"KML", ".kml"}, {"CSV", ".csv"}};
  for (const auto& [format, extension] : formats) {
    const std::string dir = fresh_dir("fmt-" + format);
    io::write_layers(dir, io::OutputOptions{format, ""}, layers, test::bundled());
    for (const char* layer : {"mentions", "incidents", "handovers"}) {
      auto expected = read_layer(ref + "/" + layer + ".geojson", layer);
      auto actual = read_layer(dir + "/" + (extension.empty() ? std::string("mawqi.gpkg") : layer + extension), layer);
      ASSERT_EQ(actual.size(), expected.size()) << format << " " << layer;
      // FlatGeobuf's spatial index orders features along a Hilbert curve: compare by key.
      const auto by_key = [](const ReadFeature& a, const ReadFeature& b) {
        const auto key = [](const ReadFeature& f) {
          auto get = [&](const char* k) { return f.fields.count(k) ? f.fields.at(k) : std::string(); };
          return get("event_id") + get("doc_id") + "|" +
                 std::string(6 - std::min<std::size_t>(6, get("start").size()), '0') + get("start");
        };
        return key(a) < key(b);
      };
      std::sort(expected.begin(), expected.end(), by_key);
      std::sort(actual.begin(), actual.end(), by_key);
      for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_NEAR(actual[i].x, expected[i].x, 1e-6) << format << " " << layer << " #" << i;
        EXPECT_NEAR(actual[i].y, expected[i].y, 1e-6) << format << " " << layer << " #" << i;
        for (const auto& [field, value] : expected[i].fields) {
          if (format == "KML" && field == "end") continue;  // KML reserves begin/end for time spans
          const auto it = actual[i].fields.find(field);
          ASSERT_NE(it, actual[i].fields.end()) << format << " " << layer << " lost " << field;
          EXPECT_EQ(it->second, value) << format << " " << layer << " #" << i << " " << field;
        }
      }
    }
  }
}

TEST(LayerWriter, GeoPackageHasRealTypesStylesAndReprojects) {
  const std::string dir = fresh_dir("gpkg");
  io::write_layers(dir, io::OutputOptions{"GPKG", "EPSG:3857"}, example_layers(), test::bundled());
  GDALDatasetH ds =
      GDALOpenEx((dir + "/mawqi.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH incidents = GDALDatasetGetLayerByName(ds, "incidents");
  ASSERT_NE(incidents, nullptr);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(incidents);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "event_date"))), OFTDate);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "munitions_count"))), OFTInteger);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, OGR_FD_GetFieldIndex(defn, "confidence"))), OFTReal);
  const char* code = OSRGetAuthorityCode(OGR_L_GetSpatialRef(incidents), nullptr);
  EXPECT_STREQ(code, "3857");
  OGRFeatureH f = OGR_L_GetNextFeature(incidents);
  ASSERT_NE(f, nullptr);
  // Web Mercator x of the first incident's longitude.
  const double lon = example_layers().incidents.front().lon;
  EXPECT_NEAR(OGR_G_GetX(OGR_F_GetGeometryRef(f), 0), lon * 20037508.342789244 / 180.0, 0.01);
  OGR_F_Destroy(f);
  OGRLayerH styles = GDALDatasetGetLayerByName(ds, "layer_styles");
  ASSERT_NE(styles, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(styles, TRUE), 3);
  bool sized = false;
  for (OGRFeatureH s = OGR_L_GetNextFeature(styles); s != nullptr; s = OGR_L_GetNextFeature(styles)) {
    if (std::string(OGR_F_GetFieldAsString(s, OGR_F_GetFieldIndex(s, "f_table_name"))) == "incidents")
      sized = std::string(OGR_F_GetFieldAsString(s, OGR_F_GetFieldIndex(s, "styleQML"))).find("munitions_count") !=
              std::string::npos;
    OGR_F_Destroy(s);
  }
  EXPECT_TRUE(sized);
  GDALClose(ds);
}

TEST(LayerWriter, FileFormatsGetQgisStyleSidecarsAndStayByteIdentical) {
  for (const std::string& format : std::vector<std::string>{"GeoJSON", "GPKG", "FlatGeobuf", "CSV"}) {
    const std::string a = fresh_dir("ident-a-" + format), b = fresh_dir("ident-b-" + format);
    io::write_layers(a, io::OutputOptions{format, ""}, example_layers(), test::bundled());
    io::write_layers(b, io::OutputOptions{format, ""}, example_layers(), test::bundled());
    for (const auto& entry : fs::directory_iterator(a)) {
      std::ifstream fa(entry.path(), std::ios::binary),
          fb(b + "/" + entry.path().filename().string(), std::ios::binary);
      const std::string ca((std::istreambuf_iterator<char>(fa)), {}), cb((std::istreambuf_iterator<char>(fb)), {});
      EXPECT_EQ(ca, cb) << format << " " << entry.path().filename();
    }
    if (format != "GPKG") {
      std::ifstream qml(a + "/incidents.qml");
      const std::string style((std::istreambuf_iterator<char>(qml)), {});
      EXPECT_NE(style.find("<qgis"), std::string::npos) << format;
      EXPECT_NE(style.find("munitions_count"), std::string::npos) << format;
      EXPECT_NE(style.find("startField=\"event_date\""), std::string::npos) << format;
    }
  }
}

// GeoJSON and GeoJSONSeq mentions are written from features GDAL's driver encoded one article at
// a time: the file must be the bytes that the driver writes when every
// feature goes through one layer, for any number of articles and none, past the encoder's
// change of memory file (1 MB).
std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST(LayerWriter, EncodedMentionsAreTheBytesOfOneGdalLayer) {
  const io::Layers examples = example_layers();
  ASSERT_GT(examples.mentions.size(), 10u);
  for (const std::string format : {"GeoJSON", "GeoJSONSeq"}) {
    const std::string extension = format == "GeoJSON" ? ".geojson" : ".geojsonl";
    for (const std::size_t copies : {std::size_t{0}, std::size_t{1}, std::size_t{400}}) {
      const std::string name = format + "-" + std::to_string(copies);
      const std::string encoded = fresh_dir("enc-a-" + name), direct = fresh_dir("enc-b-" + name);
      io::OutputOptions by_article{format, ""};
      io::OutputOptions one_layer{format, ""};
      one_layer.encoded_mentions = false;
      io::LayerWriter a(encoded, by_article, test::bundled()), b(direct, one_layer, test::bundled());
      ASSERT_NE(a.mention_encoding(), nullptr);
      ASSERT_EQ(b.mention_encoding(), nullptr);
      io::MentionEncoder encoder(*a.mention_encoding(), test::bundled());
      // Articles of one, several and no mentions, as a corpus has them.
      constexpr std::array<std::size_t, 4> kSizes = {1, 3, 0, 2};
      for (std::size_t c = 0; c < copies; ++c)
        for (std::size_t from = 0, k = c; from < examples.mentions.size(); ++k) {
          const std::size_t n = std::min(examples.mentions.size() - from, kSizes[k % kSizes.size()]);
          const auto begin = examples.mentions.begin() + static_cast<std::ptrdiff_t>(from);
          const std::vector<io::MentionFeature> article(begin, begin + static_cast<std::ptrdiff_t>(n));
          a.add_encoded_mentions(encoder.encode(article));
          b.add_article("", article, {});
          from += n;
        }
      a.finish(examples.incidents, examples.handovers);
      b.finish(examples.incidents, examples.handovers);
      for (const char* layer : {"mentions", "incidents", "handovers"})
        EXPECT_EQ(file_bytes(fs::path(encoded) / (layer + extension)),
                  file_bytes(fs::path(direct) / (layer + extension)))
            << name << " " << layer;
      if (copies == 400) {
        EXPECT_GT(fs::file_size(fs::path(encoded) / ("mentions" + extension)), 2u << 20);
      }
    }
  }
}

TEST(LayerWriter, OptionsAreCheckedBeforeAnyWork) {
  EXPECT_THROW(io::validate_output({"Shapefile", ""}), UsageError);
  EXPECT_THROW(io::validate_output({"GeoJSON", "EPSG:3857"}), UsageError);  // RFC 7946 is WGS 84
  EXPECT_THROW(io::validate_output({"GPKG", "EPSG:999999"}), UsageError);
  EXPECT_NO_THROW(io::validate_output({"FlatGeobuf", "EPSG:32638"}));
}

// The corpus README lets an event's sub-type and date be null (vague); `null` is "not stated",
// never a reason to refuse the gold file.
TEST(GoldReader, NullOptionalFieldsAreNotStated) {
  const std::string path = mawqi::test::temp_dir("gold-null") + ".json";
  mawqi::test::write_file(
      path, R"({"id":"g","toponyms":[{"text":"Taji","start":0,"end":4,"name":null,"kind":null,"lat":33.5,"lon":44.3,)"
            R"("lat_uncertain":null}],"events":[{"type":"incident","subtype":null,"place":null,"lat":33.5,"lon":44.3,)"
            R"("date":null,"lat_uncertain":true}]})");
  const eval::GoldDocument gold = eval::read_gold(path);
  ASSERT_EQ(gold.toponyms.size(), 1u);
  EXPECT_EQ(gold.toponyms[0].name, "");
  EXPECT_FALSE(gold.toponyms[0].lat_uncertain);
  ASSERT_EQ(gold.events.size(), 1u);
  EXPECT_EQ(gold.events[0].subtype, "");
  EXPECT_FALSE(gold.events[0].date.has_value());
  EXPECT_TRUE(gold.events[0].lat_uncertain);
  std::filesystem::remove(path);
}

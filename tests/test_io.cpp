#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <filesystem>
#include <fstream>

#include "mawqi/error.hpp"
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
  ASSERT_EQ(r.articles.size(), 2u);
  EXPECT_EQ(r.articles[0].id, "1");
  EXPECT_EQ(r.articles[0].lang, "ar");
  EXPECT_EQ(r.articles[1].id, "a:7");  // derived from file stem and line
  EXPECT_EQ(r.articles[1].lang, "en");
  EXPECT_EQ(r.stats.skipped, 4u);
  ASSERT_EQ(r.warnings.size(), 4u);
  EXPECT_NE(r.warnings[0].find("a.jsonl:2: text: expected a string, found number"), std::string::npos);
  EXPECT_NE(r.warnings[1].find("a.jsonl:3: invalid JSON"), std::string::npos);
  EXPECT_NE(r.warnings[2].find("a.jsonl:5: date: not a valid YYYY-MM-DD date"), std::string::npos);
  EXPECT_NE(r.warnings[3].find("a.jsonl:6: id: duplicate id '1'"), std::string::npos);
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
  GDALClose(ds);
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

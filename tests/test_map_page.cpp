// map.html as mawqi writes it (tests/map_page_test.sh opens it in a browser): deterministic for
// any --jobs, format, incremental run or merge; article text kept inert inside the page; past
// the mention limit one marker per place with its count.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "mawqi/map_page.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using mawqi::test::run_mawqi;
using mawqi::test::scratch_path;
using nlohmann::json;

namespace {

const std::string kExamples = std::string(MAWQI_SOURCE_DIR) + "/examples";

using mawqi::test::slurp;

// The page's inlined data (#mawqi-data).
json page_data(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"mawqi-data\">";
  const std::size_t from = page.find(open);
  EXPECT_NE(from, std::string::npos);
  if (from == std::string::npos) return {};
  const std::size_t to = page.find("</script>", from);
  return json::parse(page.substr(from + open.size(), to - from - open.size()));
}

std::string page_of(const std::string& name, const std::string& args) {
  const fs::path out = scratch_path(name);
  const auto r = run_mawqi("run -q " + args + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return slurp(out / "map.html");
}

}  // namespace

TEST(MapPage, TheSameBytesHoweverTheLayersWereMade) {
  const std::string page = page_of("jobs1", "--in " + kExamples + " --jobs 1");
  ASSERT_FALSE(page.empty());
  EXPECT_EQ(page_of("jobs2", "--in " + kExamples + " --jobs 2"), page);
  // Formats without GDAL's encoded mentions give the page the same mentions.
  EXPECT_EQ(page_of("gpkg", "--in " + kExamples + " --format GPKG"), page);
  EXPECT_EQ(page_of("csv", "--in " + kExamples + " --format CSV --t_srs EPSG:3857"), page);
  // An incremental run, its mentions copied from the state as encoded bytes.
  const fs::path state = scratch_path("state.sqlite");
  EXPECT_EQ(page_of("fresh", "--in " + kExamples + " --state " + state.string()), page);
  EXPECT_EQ(page_of("again", "--in " + kExamples + " --state " + state.string()), page);
  // Partials merged.
  const fs::path part = scratch_path("all.part"), merged = scratch_path("merged");
  ASSERT_EQ(run_mawqi("run -q --in " + kExamples + " --partial " + part.string()).exit_code, 0);
  ASSERT_EQ(run_mawqi("merge -q " + part.string() + " --out " + merged.string()).exit_code, 0);
  EXPECT_EQ(slurp(merged / "map.html"), page);

  // What the page holds: the layers' features, the words in both languages, no network URL but
  // the tile layer that is off by default.
  const json data = page_data(page);
  EXPECT_EQ(data["events"]["features"].size(), 7U);
  EXPECT_EQ(data["mentions"]["features"].size(), 26U);
  EXPECT_EQ(data["mention_total"], 26);
  EXPECT_EQ(data["truncated"], false);
  EXPECT_EQ(data["strings"]["incidents"]["ar"], "الهجمات");
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("url(images/"), std::string::npos);  // Leaflet's images inlined
}

// An article's text cannot end the page's <script> or add markup: it is data, escaped.
TEST(MapPage, ArticleTextStaysData) {
  const fs::path in = scratch_path("hostile.jsonl");
  mawqi::test::write_file(
      in.string(),
      R"x({"id": "x</script><script>alert(1)</script><!--<script>", "lang": "en", "date": "2021-03-09", )x"
      R"x("url": "javascript:alert(2)", "text": "Three rockets struck Camp Taji on Monday </script><img src=x onerror=alert(3)>."})x"
      "\n");
  const std::string page = page_of("hostile", "--in " + in.string());
  EXPECT_EQ(page.find("</script><script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.find("</script><img"), std::string::npos);
  // "<!--<script" would make the browser read past the data's own </script>: no '<' of an
  // article reaches the page as such.
  EXPECT_EQ(page.find("<!--"), std::string::npos);
  EXPECT_NE(page.find("\\u003c!--\\u003cscript>"), std::string::npos);
  const json data = page_data(page);
  ASSERT_EQ(data["events"]["features"].size(), 1U);
  EXPECT_EQ(data["events"]["features"][0]["properties"]["sources"][0],
            "x</script><script>alert(1)</script><!--<script>");
}

// Past kMentionLimit mentions, one marker per place with its count, the most mentioned first.
TEST(MapPage, PastTheLimitOneMarkerPerPlace) {
  const fs::path in = scratch_path("many.jsonl");
  std::ofstream corpus(in);
  const std::size_t articles = mawqi::io::MapPage::kMentionLimit / 2 + 1;
  for (std::size_t i = 0; i < articles; ++i)
    corpus << R"({"id": "a)" << i << R"(", "lang": "en", "text": "Officials in Baghdad and Basra met on Monday."})"
           << "\n";
  corpus.close();
  const std::string geojson = page_of("many", "--in " + in.string());
  EXPECT_EQ(page_of("many-gpkg", "--in " + in.string() + " --format GPKG"), geojson);
  const json data = page_data(geojson);
  EXPECT_EQ(data["mention_total"], 2 * articles);
  ASSERT_EQ(data["mentions"]["features"].size(), 2U);
  for (const json& f : data["mentions"]["features"]) {
    EXPECT_EQ(f["properties"]["count"], articles);
    EXPECT_FALSE(f["properties"].contains("doc_id"));
  }
  EXPECT_EQ(data["mentions"]["features"][0]["properties"]["place"], "Baghdad");  // ties: gazetteer order
}

TEST(MapPage, ABadPageFileIsNamedAndWithoutLeafletNoPage) {
  const fs::path map = scratch_path("map");
  fs::copy(std::string(MAWQI_SOURCE_DIR) + "/map", map, fs::copy_options::recursive);
  std::ofstream(map / "symbols.tsv", std::ios::app) << "sniper_attack\tred\tcircle\tSniper fire\tقنص\n";
  const std::string table = slurp(map / "symbols.tsv");
  const auto line = std::count(table.begin(), table.end(), '\n');
  const fs::path out = scratch_path("out");
  ::setenv("MAWQI_MAP", map.c_str(), 1);
  auto r = run_mawqi("run -q --in " + kExamples + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("symbols.tsv:" + std::to_string(line) + ": colour: not #RRGGBB"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(out));
  ::setenv("MAWQI_MAP", (std::string(MAWQI_SOURCE_DIR) + "/map").c_str(), 1);
  ::setenv("MAWQI_LEAFLET", scratch_path("no-leaflet").c_str(), 1);
  r = run_mawqi("run -q --in " + kExamples + " --out " + out.string());
  ::unsetenv("MAWQI_MAP");
  ::unsetenv("MAWQI_LEAFLET");
  // Without Leaflet: the layers and the QGIS project, no page, and a warning that says why.
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("warning: map.html not written: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("leaflet.min.js: not found (install libjs-leaflet)"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(out / "incidents.geojson"));
  EXPECT_TRUE(fs::exists(out / "mawqi.qgs"));
  EXPECT_FALSE(fs::exists(out / "map.html"));
}

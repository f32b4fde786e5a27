// --format ACLED: the events as ACLED's CSV, read back through GDAL's CSV driver and checked
// column by column against the codebook's conventions (formats/acled/README.md) on
// tests/fixtures/acled, reports written for these tests.
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "mawqi/acled.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using mawqi::test::run_mawqi;
using mawqi::test::scratch_path;

namespace {

const std::string kFixtures = std::string(MAWQI_SOURCE_DIR) + "/tests/fixtures/acled";
const std::string kConventions = std::string(MAWQI_SOURCE_DIR) + "/formats/acled";

using mawqi::test::slurp;

struct Table {
  std::vector<std::pair<std::string, OGRFieldType>> columns;
  std::map<std::string, std::map<std::string, std::string>> rows_by_location;  // non-empty cells
  int rows = 0;
};

// The CSV as GDAL's CSV driver reads it (with the .csvt beside it giving the types).
Table read_acled(const fs::path& csv) {
  GDALAllRegister();
  const char* const drivers[] = {"CSV", nullptr};
  GDALDatasetH ds = GDALOpenEx(csv.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << csv;
  Table t;
  if (ds == nullptr) return t;
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
    t.columns.emplace_back(OGR_Fld_GetNameRef(fd), OGR_Fld_GetType(fd));
  }
  EXPECT_EQ(OGR_FD_GetGeomFieldCount(defn), 0) << "ACLED's CSV is a table";
  for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f != nullptr; f = OGR_L_GetNextFeature(layer)) {
    ++t.rows;
    std::map<std::string, std::string> row;
    // An empty cell: null for a number, "" for text, as CSV cannot tell them apart.
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
      if (OGR_F_IsFieldSetAndNotNull(f, i) && *OGR_F_GetFieldAsString(f, i) != '\0')
        row[t.columns[static_cast<std::size_t>(i)].first] = OGR_F_GetFieldAsString(f, i);
    t.rows_by_location[row["location"]] = row;
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return t;
}

fs::path export_fixtures(const std::string& name, const std::string& extra = "") {
  const fs::path out = scratch_path(name);
  const auto r = run_mawqi("run -q --in " + kFixtures + " --out " + out.string() + " --format ACLED" + extra);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return out;
}

}  // namespace

TEST(AcledExport, HasAcledsColumnsInOrderWithTheirTypes) {
  const fs::path out = export_fixtures("acled");
  // Events only, one table: no layers, no QGIS style beside it.
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(out)) files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"acled.csv", "acled.csvt"}));

  const Table t = read_acled(out / "acled.csv");
  const std::vector<std::pair<std::string, OGRFieldType>> expected = {{"event_id_cnty", OFTString},
                                                                      {"event_date", OFTDate},
                                                                      {"year", OFTInteger64},
                                                                      {"time_precision", OFTInteger64},
                                                                      {"disorder_type", OFTString},
                                                                      {"event_type", OFTString},
                                                                      {"sub_event_type", OFTString},
                                                                      {"actor1", OFTString},
                                                                      {"assoc_actor_1", OFTString},
                                                                      {"inter1", OFTInteger64},
                                                                      {"actor2", OFTString},
                                                                      {"assoc_actor_2", OFTString},
                                                                      {"inter2", OFTInteger64},
                                                                      {"interaction", OFTInteger64},
                                                                      {"civilian_targeting", OFTString},
                                                                      {"iso", OFTInteger64},
                                                                      {"region", OFTString},
                                                                      {"country", OFTString},
                                                                      {"admin1", OFTString},
                                                                      {"admin2", OFTString},
                                                                      {"admin3", OFTString},
                                                                      {"location", OFTString},
                                                                      {"latitude", OFTReal},
                                                                      {"longitude", OFTReal},
                                                                      {"geo_precision", OFTInteger64},
                                                                      {"source", OFTString},
                                                                      {"source_scale", OFTString},
                                                                      {"notes", OFTString},
                                                                      {"fatalities", OFTInteger64},
                                                                      {"tags", OFTString},
                                                                      {"timestamp", OFTInteger64}};
  EXPECT_EQ(t.columns, expected);
  // Seven reports, five events: the English and the Arabic report of the Taji rockets are one,
  // and so are the AP's report and a posted statement of the Erbil drone.
  EXPECT_EQ(t.rows, 5);
}

TEST(AcledExport, EachColumnFollowsTheCodebook) {
  const Table t = read_acled(export_fixtures("acled") / "acled.csv");
  ASSERT_EQ(t.rows_by_location.count("Camp Taji"), 1U);
  ASSERT_EQ(t.rows_by_location.count("Erbil International Airport"), 1U);
  ASSERT_EQ(t.rows_by_location.count("Al-Qaim base"), 1U);
  ASSERT_EQ(t.rows_by_location.count("Balad Air Base"), 1U);
  ASSERT_EQ(t.rows_by_location.count("Ain al-Asad Air Base"), 1U);

  for (const auto& [location, row] : t.rows_by_location) {
    SCOPED_TRACE(location);
    // ACLED's id: the country's alpha-3 code and a number; the place in Iraq.
    EXPECT_TRUE(row.at("event_id_cnty").starts_with("IRQ")) << row.at("event_id_cnty");
    EXPECT_EQ(row.at("event_id_cnty").find_first_not_of("0123456789", 3), std::string::npos);
    EXPECT_EQ(row.at("iso"), "368");
    EXPECT_EQ(row.at("country"), "Iraq");
    EXPECT_EQ(row.at("region"), "Middle East");
    EXPECT_EQ(row.at("geo_precision"), "1");  // named sites
    EXPECT_EQ(row.at("fatalities"), "0");     // none reported: ACLED writes 0
    EXPECT_FALSE(row.contains("tags"));
    EXPECT_FALSE(row.contains("admin2"));
    EXPECT_FALSE(row.contains("civilian_targeting"));  // no civilian is the target of any
    // Four decimals at most, as ACLED gives coordinates.
    for (const char* c : {"latitude", "longitude"}) {
      const std::string& v = row.at(c);
      const std::size_t dot = v.find('.');
      EXPECT_TRUE(dot == std::string::npos || v.size() - dot - 1 <= 4) << v;
    }
  }

  // Rockets on Camp Taji, by no named group, wounding Iraqi soldiers; reported by Reuters and by
  // Shafaq News the next day ("Monday night", "مساء أمس الاثنين").
  const auto& taji = t.rows_by_location.at("Camp Taji");
  EXPECT_EQ(taji.at("event_date"), "2021/03/08");
  EXPECT_EQ(taji.at("year"), "2021");
  EXPECT_EQ(taji.at("time_precision"), "1");
  EXPECT_EQ(taji.at("disorder_type"), "Political violence");
  EXPECT_EQ(taji.at("event_type"), "Explosions/Remote violence");
  EXPECT_EQ(taji.at("sub_event_type"), "Shelling/artillery/missile attack");
  EXPECT_EQ(taji.at("actor1"), "Unidentified Armed Group (Iraq)");
  EXPECT_EQ(taji.at("inter1"), "3");
  EXPECT_EQ(taji.at("actor2"), "Military Forces of Iraq");  // a state's forces as ACLED names them
  EXPECT_EQ(taji.at("inter2"), "1");
  EXPECT_EQ(taji.at("interaction"), "13");
  EXPECT_EQ(taji.at("admin1"), "Baghdad");
  EXPECT_EQ(taji.at("source"), "shafaq.com; Reuters");  // the Arabic report's outlet is its URL's host
  EXPECT_EQ(taji.at("source_scale"), "National-International");
  const std::string& notes = taji.at("notes");
  EXPECT_NE(notes.find("Three Katyusha rockets struck Camp Taji"), std::string::npos) << notes;
  EXPECT_NE(notes.find("[Reuters, 2021-03-09]"), std::string::npos) << notes;
  EXPECT_NE(notes.find("معسكر التاجي"), std::string::npos) << notes;
  EXPECT_NE(notes.find("[shafaq.com, 2021-03-09]"), std::string::npos) << notes;
  EXPECT_EQ(taji.at("timestamp"), "1615248000");  // 2021-03-09, the day of the latest report

  // A drone by a named militia at a coalition base: 3 against 8.
  const auto& erbil = t.rows_by_location.at("Erbil International Airport");
  EXPECT_EQ(erbil.at("event_date"), "2021/04/14");
  EXPECT_EQ(erbil.at("sub_event_type"), "Air/drone strike");
  EXPECT_EQ(erbil.at("actor1"), "Kataib Hezbollah");
  EXPECT_EQ(erbil.at("inter1"), "3");
  EXPECT_EQ(erbil.at("actor2"), "US-led coalition");
  EXPECT_EQ(erbil.at("inter2"), "8");
  EXPECT_EQ(erbil.at("interaction"), "38");
  EXPECT_EQ(erbil.at("source"), "Associated Press; Twitter");
  EXPECT_EQ(erbil.at("source_scale"), "New media-International");  // ACLED names New media first

  // A base handed over: a strategic development; actor1 the side that took it over.
  const auto& qaim = t.rows_by_location.at("Al-Qaim base");
  EXPECT_EQ(qaim.at("disorder_type"), "Strategic developments");
  EXPECT_EQ(qaim.at("event_type"), "Strategic developments");
  EXPECT_EQ(qaim.at("sub_event_type"), "Non-violent transfer of territory");
  EXPECT_EQ(qaim.at("actor1"), "Military Forces of Iraq");
  EXPECT_EQ(qaim.at("inter1"), "1");
  EXPECT_EQ(qaim.at("actor2"), "US-led coalition");
  EXPECT_EQ(qaim.at("interaction"), "18");
  EXPECT_EQ(qaim.at("admin1"), "Anbar");
  EXPECT_EQ(qaim.at("source_scale"), "Subnational");
  EXPECT_EQ(qaim.at("timestamp"), "1584403200");  // 2020-03-17

  // A month without a day: ACLED's middle of the month, precision 3.
  const auto& asad = t.rows_by_location.at("Ain al-Asad Air Base");
  EXPECT_EQ(asad.at("event_date"), "2020/03/15");
  EXPECT_EQ(asad.at("time_precision"), "3");
  EXPECT_EQ(asad.at("timestamp"), "1590969600");  // 2020-06-01, when the review was published

  // No date anywhere, and no publication day: the date columns and the timestamp stay empty
  // rather than taking the clock's.
  const auto& balad = t.rows_by_location.at("Balad Air Base");
  for (const char* c : {"event_date", "year", "time_precision", "timestamp", "actor2", "inter2"})
    EXPECT_FALSE(balad.contains(c)) << c;
  EXPECT_EQ(balad.at("interaction"), "30");  // one actor alone: 10 × inter1
  EXPECT_EQ(balad.at("source"), "Alsumaria");
  EXPECT_EQ(balad.at("source_scale"), "National");
}

TEST(AcledExport, SameBytesForAnyJobsAndThroughAMerge) {
  const fs::path first = export_fixtures("jobs1", " --jobs 1");
  const std::string one = slurp(first / "acled.csv");
  EXPECT_EQ(slurp(export_fixtures("jobs2", " --jobs 2") / "acled.csv"), one);
  const fs::path part = scratch_path("all.part"), merged = scratch_path("merged");
  auto r = run_mawqi("run -q --in " + kFixtures + " --partial " + part.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_mawqi("merge -q " + part.string() + " --out " + merged.string() + " --format ACLED");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(slurp(merged / "acled.csv"), one);
  EXPECT_EQ(slurp(merged / "acled.csvt"), slurp(first / "acled.csvt"));
}

TEST(AcledExport, ABadConventionsTableNamesItsFileAndLineAndWritesNothing) {
  // A copy of the bundled tables with ROW appended to TABLE, given to mawqi as MAWQI_ACLED (each
  // test is a process of its own: the variable is this test's alone). The error, and the
  // "TABLE:LINE:" it must name.
  const auto try_with = [](const std::string& name, const std::string& table, const std::string& row) {
    const fs::path dir = scratch_path(name);
    fs::copy(kConventions, dir, fs::copy_options::recursive);
    std::ofstream(dir / table, std::ios::app) << row;
    const std::string text = slurp(dir / table);
    const auto line = std::count(text.begin(), text.end(), '\n');
    const fs::path out = scratch_path(name + "-out");
    ::setenv("MAWQI_ACLED", dir.c_str(), 1);
    const auto r = run_mawqi("run -q --in " + kFixtures + " --out " + out.string() + " --format ACLED");
    ::unsetenv("MAWQI_ACLED");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_NE(r.output.find(table + ":" + std::to_string(line) + ": "), std::string::npos) << r.output;
    return r.output;
  };
  EXPECT_NE(
      try_with("short", "sub_event_types.tsv", "ied\tPolitical violence\n").find("2 cells where the header names 4"),
      std::string::npos);
  EXPECT_NE(try_with("inter", "actors.tsv", "Hamas\tnine\t\t\n").find("inter: not an ACLED inter code (1-8)"),
            std::string::npos);
  EXPECT_NE(try_with("state", "actors.tsv", "Example Army\t1\tXX\t\n").find("state: not an ISO alpha-2 code"),
            std::string::npos);
  EXPECT_NE(try_with("twice", "source_scales.tsv", "Reuters\tNational\n").find("a second row for \"Reuters\""),
            std::string::npos);
  EXPECT_NE(try_with("scale", "source_scales.tsv", "Example Gazette\tGlobal\n").find("scale: not one of ACLED's"),
            std::string::npos);
}

namespace {

// The cells of COLUMN in a lexicon-style table (`#` comments, then a header line).
std::vector<std::string> column_of(const fs::path& table, const std::string& column) {
  std::ifstream in(table);
  std::vector<std::string> out;
  std::ptrdiff_t index = -1;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> cells;
    std::istringstream s(line);
    for (std::string cell; std::getline(s, cell, '\t');) cells.push_back(cell);
    if (index < 0) {
      index = std::find(cells.begin(), cells.end(), column) - cells.begin();
      EXPECT_LT(static_cast<std::size_t>(index), cells.size()) << table << ": no column " << column;
    } else if (static_cast<std::size_t>(index) < cells.size()) {
      out.push_back(cells[static_cast<std::size_t>(index)]);
    }
  }
  return out;
}

}  // namespace

// Every actor our lexicons can write has ACLED's inter code: a new label needs a row.
TEST(AcledExport, EveryActorLabelHasACode) {
  const std::vector<std::string> coded = column_of(fs::path(kConventions) / "actors.tsv", "actor");
  std::size_t labels = 0;
  for (const auto& language : fs::directory_iterator(std::string(MAWQI_SOURCE_DIR) + "/lexicons")) {
    if (!language.is_directory()) continue;
    for (const char* table : {"actors.tsv", "armed_groups.tsv"})
      for (const std::string& label : column_of(language.path() / table, "label")) {
        ++labels;
        EXPECT_NE(std::find(coded.begin(), coded.end(), label), coded.end())
            << language.path().filename() << "/" << table << ": " << label << " has no row in formats/acled/actors.tsv";
      }
  }
  EXPECT_GT(labels, 50U);
}

// What the fixtures do not reach: three scales, and an id taken twice ("…-2").
TEST(AcledConventions, ScalesArePairedAndEveryIdIsLettersThenDigits) {
  const auto acled = mawqi::io::AcledConventions::load(kConventions);
  const auto& gazetteer = mawqi::test::bundled();
  mawqi::events::Event e;
  e.event_id = "00000000000000ab";
  e.sub_event_type = "rocket_attack";
  e.place = gazetteer.find_id("mq:camp-taji").value();
  for (const char* source : {"Kurdistan24", "Shafaq News", "Reuters"})
    e.reports.push_back({std::string("a-") + source, source, "2021-03-09", "Rockets struck Camp Taji."});
  const auto column = [&](const mawqi::events::Event& event, const std::string& name) {
    const auto& columns = mawqi::io::AcledConventions::columns();
    const auto at = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.name == name; });
    return std::get<std::string>(acled.row(event, gazetteer).at(static_cast<std::size_t>(at - columns.begin())));
  };
  EXPECT_EQ(column(e, "source_scale"), "Subnational-International");  // the narrowest and the widest
  EXPECT_EQ(column(e, "source"), "Kurdistan24; Shafaq News; Reuters");
  EXPECT_EQ(column(e, "event_id_cnty"), "IRQ171");
  mawqi::events::Event second = e;
  second.event_id = "00000000000000ab-2";
  const std::string id = column(second, "event_id_cnty");
  EXPECT_TRUE(id.starts_with("IRQ")) << id;
  EXPECT_EQ(id.find_first_not_of("0123456789", 3), std::string::npos) << id;
  EXPECT_NE(id, "IRQ171");
}

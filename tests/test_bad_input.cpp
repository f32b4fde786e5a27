// Every kind of bad input, one table: what mawqi must say and do (issue 8). Each case runs the
// binary on files it writes, and checks the exit code, the one-line messages, how many good
// articles were still mapped, and that nothing of a previous run was lost.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support.hpp"

namespace fs = std::filesystem;

namespace {

using Outcome = mawqi::test::CommandResult;
using mawqi::test::run_mawqi;

using mawqi::test::slurp;

const std::string kGood = R"({"id":"good-1","date":"2020-09-29","text":"سقطت ثلاثة صواريخ على المنطقة الخضراء أمس."})";
const std::string kGood2 = R"({"id":"good-2","date":"2020-09-29","text":"Two rockets hit Camp Taji yesterday."})";

struct Case {
  std::string name;
  std::map<std::string, std::string> files;  // written into the case's input directory
  std::string args;                          // extra arguments ("{in}" and "{gaz}" expand)
  int exit_code;
  std::vector<std::string> messages;     // each must appear in the output
  int mapped;                            // articles in the summary line; -1 when no summary
  std::vector<std::string> absent = {};  // none of these may appear in the output
};

std::string feature(const std::string& props, const std::string& geometry) {
  return R"({"type":"Feature","properties":)" + props + R"(,"geometry":)" + geometry + "}";
}
std::string collection(const std::string& features) {
  return R"({"type":"FeatureCollection","features":[)" + features + "]}";
}
const std::string kPoint = R"({"type":"Point","coordinates":[44.4,33.3]})";

std::vector<Case> cases() {
  const std::string big_text = [] {
    std::string t;
    while (t.size() < 3'000'000) t += "سقطت صواريخ على معسكر التاجي شمال بغداد أمس. Rockets hit Baghdad airport. ";
    return t;
  }();
  return {
      {"invalid UTF-8",
       {{"a.jsonl", kGood + "\n{\"id\":\"bad\",\"text\":\"\xC3\x28\xFF\"}\n" + kGood2 + "\n"}},
       "",
       0,
       {"a.jsonl:2: invalid JSON", "(record skipped)", "2 articles (1 skipped)"},
       2},
      {"NUL byte in a line",
       {{"a.jsonl", kGood + "\n{\"id\":\"nul\",\"text\":\"a" + std::string(1, '\0') + "b\"}\n"}},
       "",
       0,
       {"a.jsonl:2: invalid JSON"},
       1},
      {"escaped NUL inside text is text", {{"a.json", R"({"id":"n","text":"بغداد\u0000الموصل"})"}}, "", 0, {}, 1},
      {"byte-order mark and CRLF", {{"a.jsonl", "\xEF\xBB\xBF" + kGood + "\r\n" + kGood2 + "\r\n"}}, "", 0, {}, 2},
      {"broken JSON", {{"a.json", R"({"id":"x","text":"unterminated)"}}, "", 0, {"a.json:1: invalid JSON"}, 0},
      // Found by fuzz_articles: a number too large for a double made the JSON library throw
      // an exception the reader did not expect, and mawqi abort.
      {"number overflow",
       {{"a.jsonl", "{\"id\":\"x\",\"text\":\"t\",\"n\":9.41e4581}\n" + kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: invalid JSON"},
       1},
      {"wrong type",
       {{"a.jsonl", R"({"id":"x","text":42})"
                    "\n" +
                        kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: text: expected a string, found number"},
       1},
      {"missing text",
       {{"a.jsonl", R"({"id":"x"})"
                    "\n" +
                        kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: text: missing"},
       1},
      {"missing id is derived, with a warning",
       {{"a.jsonl", R"({"text":"بغداد"})"
                    "\n"}},
       "",
       0,
       {"a.jsonl:1: id: missing; using 'a:1'"},
       1},
      {"duplicate ids", {{"a.jsonl", kGood + "\n" + kGood + "\n"}}, "", 0, {"a.jsonl:2: id: duplicate id 'good-1'"}, 1},
      // A bad date is dropped, with a warning: the article is still read and mapped.
      {"impossible or unreadable dates",
       {{"a.jsonl", R"({"id":"x","date":"2020-02-31","text":"بغداد"})"
                    "\n"
                    R"({"id":"y","date":"yesterday","text":"بغداد"})"
                    "\n"
                    R"({"id":"z","date":"04/03/2021","text":"بغداد"})"
                    "\n" +
                        kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: date: not a valid date '2020-02-31'; the article is read without one\n",
        "a.jsonl:2: date: not a valid date 'yesterday'; the article is read without one\n",
        "a.jsonl:3: date: not a valid date '04/03/2021'; the article is read without one\n", "4 articles (0 skipped)"},
       4},
      {"--strict: a dropped date is a warning",
       {{"a.jsonl", R"({"id":"x","date":"2020-02-31","text":"بغداد"})"
                    "\n"}},
       "--strict",
       0,
       {"mawqi: warning: ", "a.jsonl:1: date: not a valid date '2020-02-31'; the article is read without one"},
       1},
      {"timestamps are publication dates",
       {{"a.jsonl", R"({"id":"t1","date":"2021-03-04T10:15:00Z","text":"Two rockets hit Camp Taji yesterday."})"
                    "\n"
                    R"({"id":"t2","date":"2021-03-04 10:15","text":"بغداد"})"
                    "\n"
                    R"({"id":"t3","date":"2021-03-04T10:15:00+03:00","text":"بغداد"})"
                    "\n"
                    R"({"id":"t4","date":"2021-03-04T10:15:00.123Z","text":"بغداد"})"
                    "\n"}},
       "",
       0,
       {"mawqi: 4 articles (0 skipped)"},
       4,
       {"warning"}},
      {"integer ids beyond 64 bits are exact",
       {{"a.jsonl", R"({"id":18446744073709551615,"text":"بغداد"})"
                    "\n"
                    R"({"id":-1,"text":"بغداد"})"
                    "\n"
                    R"({"id":123456789012345678901234567890,"text":"بغداد"})"
                    "\n"
                    R"({"id":123456789012345678901234567891,"text":"بغداد"})"
                    "\n"}},
       "",
       0,
       {"4 articles (0 skipped)"},
       4,
       {"duplicate"}},
      {"a non-integer id",
       {{"a.jsonl", R"({"id":1.5,"text":"بغداد"})"
                    "\n" +
                        kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: id: expected a string or integer, found number (record skipped)"},
       1},
      {"control characters in ids",
       {{"a.jsonl", R"({"id":"a\u0000b","text":"بغداد"})"
                    "\n"
                    R"({"id":"a\u001bb","text":"بغداد"})"
                    "\n"
                    R"({"id":"a\u007f","text":"بغداد"})"
                    "\n"
                    R"({"id":"a\u0085","text":"بغداد"})"
                    "\n" +
                        kGood + "\n"}},
       "",
       0,
       {"a.jsonl:1: id: contains a control character (U+0000) (record skipped)\n",
        "a.jsonl:2: id: contains a control character (U+001B) (record skipped)\n",
        "a.jsonl:3: id: contains a control character (U+007F) (record skipped)\n",
        "a.jsonl:4: id: contains a control character (U+0085) (record skipped)\n", "1 article (4 skipped)"},
       1},
      {"--strict: a control character in an id is fatal",
       {{"a.jsonl", kGood + "\n"
                            R"({"id":"a\u0000b","text":"بغداد"})"
                            "\n"}},
       "--strict",
       1,
       {"mawqi: error: ", "a.jsonl:2: id: contains a control character (U+0000)"},
       -1},
      {"a named file that is not an article file",
       {{"notes.md", "# notes\n"}, {"a.jsonl", kGood + "\n"}},
       "--in {in}/notes.md",
       0,
       {"mawqi: warning: ", "notes.md: not an article file (.json, .jsonl, .ndjson or .txt); skipped\n",
        "1 article (0 skipped)"},
       1,
       {"invalid JSON", "no article found"}},
      {"a directory without article files",
       {{"notes.md", "# notes\n"}, {"data.csv", "id,text\n"}},
       "",
       0,
       {"mawqi: warning: no article found in ", "0 articles (0 skipped)"},
       0,
       {"notes.md", "data.csv"}},
      {"empty files",
       {{"a.json", ""}, {"b.txt", "  \n"}, {"c.jsonl", ""}, {"d.json", kGood}},
       "",
       0,
       {"a.json:1: invalid JSON", "b.txt: text: empty file"},
       1},
      {"a 3 MB article",
       {{"big.json", R"({"id":"big","date":"2020-09-29","text":")" + big_text + R"("})"}},
       "",
       0,
       {},
       1},
      {"bidi, zero-width, tatweel and diacritics inside names",
       {{"a.txt", "\u200Fسقطت صواريخ على بَغْـــدَاد وعلى الموص\u200Cل \u202Bمعسكر التاجي\u202C"}},
       "",
       0,
       {},
       1},
      {"--strict: the first bad record is fatal",
       {{"a.jsonl", kGood + "\n{broken\n" + kGood2 + "\n"}},
       "--strict",
       1,
       {"mawqi: error: ", "a.jsonl:2: invalid JSON"},
       -1},
      {"gazetteer: missing coordinates",
       {{"gaz.geojson", collection(feature(R"({"id":"mq:a","name":"A","kind":"city"})", R"({"type":"Point"})"))}},
       "--gazetteer {gaz}",
       1,
       {"gaz.geojson: feature 1 (mq:a): geometry.coordinates: expected [lon, lat]"},
       -1},
      {"gazetteer: coordinates out of range",
       {{"gaz.geojson", collection(feature(R"({"id":"mq:a","name":"A","kind":"city"})",
                                           R"({"type":"Point","coordinates":[200,33]})"))}},
       "--gazetteer {gaz}",
       1,
       {"feature 1 (mq:a): geometry.coordinates: longitude out of range"},
       -1},
      {"gazetteer: duplicate ids",
       {{"gaz.geojson", collection(feature(R"({"id":"mq:a","name":"A","kind":"city"})", kPoint) + "," +
                                   feature(R"({"id":"mq:a","name":"B","kind":"city"})", kPoint))}},
       "--gazetteer {gaz}",
       1,
       {"feature 2 (mq:a): id: duplicate id in the same file"},
       -1},
      {"gazetteer: unknown kind",
       {{"gaz.geojson", collection(feature(R"({"id":"mq:a","name":"A","kind":"castle"})", kPoint))}},
       "--gazetteer {gaz}",
       1,
       {"feature 1 (mq:a): kind: unknown kind 'castle'"},
       -1},
      {"gazetteer: empty names",
       {{"gaz.geojson", collection(feature(R"({"id":"mq:a","name":"","kind":"city"})", kPoint))}},
       "--gazetteer {gaz}",
       1,
       {"feature 1 (mq:a): name: a place needs name or name_ar"},
       -1},
      {"gazetteer: broken geometry",
       {{"gaz.geojson",
         collection(feature(R"({"id":"mq:a","name":"A","kind":"city"})", R"({"type":"Polygon","coordinates":[]})"))}},
       "--gazetteer {gaz}",
       1,
       {"feature 1 (mq:a): geometry: expected a Point"},
       -1},
      {"gazetteer: GeoNames row with a bad latitude",
       {{"gaz.txt", "1\tX\tX\t\tnorth\t44\tP\tPPL\tIQ\t\t07\t\t\t\t0\t\t\t\t2023-01-01\n"}},
       "--gazetteer {gaz}",
       1,
       {"gaz.txt:1: latitude: not a latitude: 'north'"},
       -1},
      {"usage: unknown flag", {}, "--no-such-flag", 2, {"usage: mawqi run"}, -1},
      {"usage: missing value", {}, "--jobs", 2, {"usage: mawqi run"}, -1},
      {"usage: bad format", {}, "--format Shapefile", 2, {"--format Shapefile: unknown format", "usage:"}, -1},
      {"usage: CRS on GeoJSON", {}, "--t_srs EPSG:3857", 2, {"GeoJSON is always WGS 84"}, -1},
  };
}

class BadInput : public ::testing::TestWithParam<Case> {};

TEST_P(BadInput, IsReportedAndNothingIsLost) {
  const Case& c = GetParam();
  std::string slug;
  for (char ch : c.name) slug += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
  const fs::path root = mawqi::test::scratch_path("mawqi-bad-" + slug);
  const fs::path in = root / "in", gaz_dir = root / "gaz", out = root / "out";
  fs::create_directories(in);
  fs::create_directories(gaz_dir);
  std::string gaz;
  for (const auto& [name, content] : c.files) {
    const bool gazetteer = name.starts_with("gaz.");
    std::ofstream(((gazetteer ? gaz_dir : in) / name), std::ios::binary) << content;
    if (gazetteer) gaz = (gaz_dir / name).string();
  }
  if (c.files.empty() ||
      std::all_of(c.files.begin(), c.files.end(), [](const auto& f) { return f.first.starts_with("gaz."); }))
    std::ofstream(in / "ok.jsonl") << kGood << "\n";
  // A previous run's layer, which no failure may damage.
  fs::create_directories(out);
  std::ofstream(out / "incidents.geojson") << "previous layer";
  std::string args = c.args;
  if (const auto at = args.find("{gaz}"); at != std::string::npos) args.replace(at, 5, gaz);
  if (const auto at = args.find("{in}"); at != std::string::npos) args.replace(at, 4, in.string());
  const Outcome r = run_mawqi("run --in " + in.string() + " --out " + out.string() + " " + args);
  EXPECT_EQ(r.exit_code, c.exit_code) << r.output;
  for (const auto& m : c.messages)
    EXPECT_NE(r.output.find(m), std::string::npos) << "missing '" << m << "' in:\n" << r.output;
  for (const auto& m : c.absent)
    EXPECT_EQ(r.output.find(m), std::string::npos) << "unexpected '" << m << "' in:\n" << r.output;
  if (c.mapped >= 0) {
    const std::string summary = "mawqi: " + std::to_string(c.mapped) + (c.mapped == 1 ? " article (" : " articles (");
    EXPECT_NE(r.output.find(summary), std::string::npos) << r.output;
  }
  if (c.exit_code != 0) {
    EXPECT_EQ(slurp(out / "incidents.geojson"), "previous layer") << "a failed run replaced a layer";
    // Errors are one line each (the usage text follows usage errors).
    if (c.exit_code == 1) {
      EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    }
  }
  if (fs::is_directory(out)) {  // a staging directory is named for mawqi's process, not ours
    for (const auto& e : fs::directory_iterator(out)) {
      EXPECT_FALSE(e.path().filename().string().starts_with(".mawqi-staging-")) << "staging left behind: " << e.path();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Table, BadInput, ::testing::ValuesIn(cases()), [](const auto& info) {
  std::string s;
  for (char ch : info.param.name) s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return s;
});

TEST(BadOutput, AnOutputPathUnderAFileFailsCleanly) {
  const fs::path root = mawqi::test::scratch_dir("mawqi-bad-out-file");
  std::ofstream(root / "in.jsonl") << kGood << "\n";
  std::ofstream(root / "plain-file") << "keep me";
  const Outcome r =
      run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / "plain-file" / "out").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("plain-file"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(root / "plain-file"), "keep me");
}

TEST(BadOutput, ADanglingLinkInAnInputDirectoryIsReported) {
  const fs::path root = mawqi::test::scratch_dir("mawqi-bad-link");
  fs::create_directories(root / "in");
  std::ofstream(root / "in" / "ok.jsonl") << kGood << "\n";
  fs::create_symlink(root / "missing.json", root / "in" / "gone.json");
  const Outcome r = run_mawqi("run --in " + (root / "in").string() + " --out " + (root / "out").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("gone.json: not a readable file"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 article (1 skipped)"), std::string::npos) << r.output;
}

// A small tmpfs of our own at `dir` (under a fresh parent), unmounted at the end of the test.
struct Tmpfs {
  fs::path dir;
  bool mounted = false;
  Tmpfs(fs::path where, const char* options) : dir(std::move(where)) {
    fs::remove_all(dir.parent_path());
    fs::create_directories(dir);
    mounted = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options) == 0;
  }
  ~Tmpfs() {
    if (mounted) ::umount2(dir.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
};

// A full disk, on a small tmpfs of our own (needs root; skipped, saying so, where mounting is
// not allowed). The previous layers must survive a run that does not fit.
TEST(BadOutput, AFullDiskLeavesThePreviousLayers) {
  const fs::path root = mawqi::test::scratch_path("mawqi-bad-full");
  // Room for a small run's layers, map.html and the QGIS project's basemap.geojson (about 2 MB,
  // most of it the outlines), not for the big run's mentions.
  const Tmpfs disk(root / "disk", "size=4m");
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (not root or not allowed): full-disk case not run";
  std::ofstream(root / "small.jsonl") << kGood << "\n";
  {
    std::ofstream big(root / "big.jsonl");
    for (int i = 0; i < 12000; ++i)
      big << R"({"id":"a)" << i
          << R"(","date":"2020-09-29","text":"سقطت صواريخ على المنطقة الخضراء ومعسكر التاجي وبغداد."})"
          << "\n";
  }
  const std::string out = (root / "disk" / "out").string();
  ASSERT_EQ(run_mawqi("run -q --in " + (root / "small.jsonl").string() + " --out " + out).exit_code, 0);
  const std::string before = slurp(fs::path(out) / "mentions.geojson");
  ASSERT_FALSE(before.empty());
  const Outcome r = run_mawqi("run --in " + (root / "big.jsonl").string() + " --out " + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(slurp(fs::path(out) / "mentions.geojson"), before);
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

}  // namespace

namespace {

// A read-only directory that even root cannot write: a tmpfs remounted read-only (needs root;
// skipped, saying so, where mounting is not allowed).
TEST(BadOutput, AReadOnlyDirectoryFailsAndKeepsThePreviousLayers) {
  const fs::path root = mawqi::test::scratch_path("mawqi-bad-ro");
  const Tmpfs disk(root / "disk", "size=4m");
  if (!disk.mounted) GTEST_SKIP() << "cannot mount a tmpfs here (not root or not allowed): read-only case not run";
  std::ofstream(root / "in.jsonl") << kGood << "\n";
  const std::string out = (root / "disk" / "out").string();
  ASSERT_EQ(run_mawqi("run -q --in " + (root / "in.jsonl").string() + " --out " + out).exit_code, 0);
  const std::string before = slurp(fs::path(out) / "incidents.geojson");
  ASSERT_EQ(::mount(nullptr, (root / "disk").c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr), 0);
  const Outcome r = run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("Read-only file system"), std::string::npos) << r.output;
  EXPECT_EQ(slurp(fs::path(out) / "incidents.geojson"), before);
}

}  // namespace

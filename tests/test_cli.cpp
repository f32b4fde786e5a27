// End to end: the mawqi binary on the examples and on the dev corpus's Besmaya report.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "mawqi/geo.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using mawqi::test::CommandResult;
CommandResult run(const std::string& args) { return mawqi::test::run_mawqi(args); }

json layer(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in);
}

// A path of this test's own that does not exist yet (support.hpp: never shared with another
// test, process or build tree).
std::string out_dir(const std::string& name) { return mawqi::test::scratch_path(name).string(); }

double km_between(const json& feature, double lat, double lon) {
  const auto& c = feature["geometry"]["coordinates"];
  return mawqi::geo::inverse(c[1].get<double>(), c[0].get<double>(), lat, lon).distance_m / 1000;
}

const std::string kCorpus = std::string(MAWQI_SOURCE_DIR) + "/../shared/corpus/dev";

}  // namespace

TEST(Cli, RunOnExamplesWritesThreeLayers) {
  const std::string out = out_dir("examples");
  const CommandResult r = run("run --in " + std::string(MAWQI_SOURCE_DIR) + "/examples --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("8 articles (0 skipped)"), std::string::npos) << r.output;
  for (const char* l : {"mentions", "incidents", "handovers"}) {
    const json fc = layer(out + "/" + l + ".geojson");
    EXPECT_EQ(fc["type"], "FeatureCollection");
    EXPECT_FALSE(fc["features"].empty()) << l;
  }
}

TEST(Cli, UsageErrorsExitTwoWithTheUsageLine) {
  CommandResult r = run("run --in x --out y --no-such-flag");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("usage: mawqi run"), std::string::npos) << r.output;
  r = run("run --out y");
  EXPECT_EQ(r.exit_code, 2);
  r = run("");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, VersionPrintsTheVersion) {
  const CommandResult r = run("--version");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::regex_match(r.output, std::regex("mawqi [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r.output;
}

namespace {

struct UsageCase {
  std::string args;
  std::string problem;                // the first line, after "mawqi: "
  std::vector<std::string> commands;  // the usage lines that follow, by command
};

}  // namespace

// A usage error: one line saying what is wrong, then the usage of that command only.
TEST(Cli, UsageErrorsNameTheProblemThenTheCommandsUsage) {
  const std::vector<std::string> all = {"run", "plan", "merge", "gazetteer lookup", "gazetteer build", "eval"};
  const std::vector<UsageCase> cases = {
      {"", "A subcommand is required", all},
      {"nosuch", "", all},
      {"run --bogus", "", {"run"}},
      {"run --in x --out y --bogus", "The following argument was not expected: --bogus", {"run"}},
      {"run --out y", "--in PATH is required (or --plan FILE --shard K)", {"run"}},
      {"run --in x", "--out DIR|PG:CONN is required (or --partial FILE)", {"run"}},
      {"run --in x --shard 2 --partial p", "--shard requires --plan", {"run"}},
      {"plan --in x", "--shards is required", {"plan"}},
      {"plan --in x --shards 0", "--shards: Value 0 not in range", {"plan"}},
      {"merge", "partials is required", {"merge"}},
      {"merge a.part", "--out DIR|PG:CONN is required (or --partial FILE)", {"merge"}},
      {"merge a.part --out o --partial p", "--out and --partial: merge into layers or into one partial", {"merge"}},
      {"merge a.part --partial p --format GPKG", "--format and --t_srs are for layers", {"merge"}},
      {"run --in x --out y --jobs 0", "--jobs: Value 0 not in range 1 to 1024", {"run"}},
      {"run --in x --out y --format Shapefile", "--format Shapefile: unknown format", {"run"}},
      {"gazetteer", "A subcommand is required", {"gazetteer lookup", "gazetteer build"}},
      {"gazetteer lookup", "name is required", {"gazetteer lookup"}},
      {"gazetteer build --gazetteer x", "--output is required", {"gazetteer build"}},
      {"eval", "--corpus is required", {"eval"}},
      {"run --in x --out y --weight nosuch=1", "--weight nosuch: no such weight (known: kind_country,", {"run"}},
      {"run --in x --out y --weight capital", "--weight capital: expected NAME=VALUE", {"run"}},
      {"eval --corpus x --weight capital=high", "--weight capital: not a number: 'high'", {"eval"}},
  };
  for (const auto& c : cases) {
    const CommandResult r = run(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    const std::string first = r.output.substr(0, r.output.find('\n'));
    EXPECT_TRUE(first.starts_with("mawqi: ")) << c.args << ": " << r.output;
    EXPECT_EQ(first.find("usage"), std::string::npos) << c.args << ": " << r.output;
    EXPECT_TRUE(first.starts_with("mawqi: " + c.problem)) << c.args << ": " << r.output;
    const std::string rest = r.output.substr(first.size() + 1);
    EXPECT_TRUE(rest.starts_with("usage: mawqi " + c.commands.front() + " ")) << c.args << ": " << r.output;
    for (const std::string& command : all) {
      const bool expected = std::find(c.commands.begin(), c.commands.end(), command) != c.commands.end();
      EXPECT_EQ(rest.find("mawqi " + command + " ") != std::string::npos, expected)
          << c.args << ": " << command << " in\n"
          << r.output;
    }
  }
}

namespace {

struct SummaryCase {
  std::vector<std::string> lines;  // JSON Lines
  std::string summary;             // what the summary line says before " -> "
};

}  // namespace

// The summary counts in the singular for one and the plural otherwise.
TEST(Cli, SummarySaysOneArticleAndTwoArticles) {
  const std::string rockets = R"({"id":"r","date":"2020-03-12","text":"Two rockets hit Camp Taji yesterday."})";
  const std::string handover =
      R"({"id":"h","date":"2020-03-12","text":"The coalition handed over Qayyarah Airfield West to Iraqi forces on Thursday."})";
  const std::string nothing = R"({"id":"n","text":"Nothing here."})";
  const std::vector<SummaryCase> cases = {
      {{rockets}, "mawqi: 1 article (0 skipped), 1 mention, 1 incident, 0 handovers"},
      {{handover}, "mawqi: 1 article (0 skipped), 1 mention, 0 incidents, 1 handover"},
      {{rockets, handover}, "mawqi: 2 articles (0 skipped), 2 mentions, 1 incident, 1 handover"},
      {{nothing, "{broken"}, "mawqi: 1 article (1 skipped), 0 mentions, 0 incidents, 0 handovers"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    std::string jsonl;
    for (const auto& line : cases[i].lines) jsonl += line + "\n";
    const std::string in = mawqi::test::write_file(out_dir("summary-" + std::to_string(i)) + ".jsonl", jsonl);
    const std::string out = out_dir("summary-out-" + std::to_string(i));
    const CommandResult r = run("run --in " + in + " --out " + out);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(r.output.ends_with("\n" + cases[i].summary + " -> " + out + "\n") ||
                r.output == cases[i].summary + " -> " + out + "\n")
        << r.output;
  }
}

// No article at all: a warning, empty layers all the same, exit 0.
TEST(Cli, ARunWithoutArticlesWarnsAndWritesEmptyLayers) {
  const std::string empty = out_dir("no-articles");
  fs::create_directories(empty);
  std::ofstream(empty + "/notes.md") << "# not an article\n";
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {empty, {"mawqi: warning: no article found in " + empty + "\n"}},
      {empty + "/notes.md",
       {"mawqi: warning: " + empty + "/notes.md: not an article file (.json, .jsonl, .ndjson or .txt); skipped\n",
        "mawqi: warning: no article found in " + empty + "/notes.md\n"}},
  };
  for (const auto& [input, warnings] : cases) {
    const std::string out = out_dir("no-articles-out");
    const CommandResult r = run("run --in " + input + " --out " + out + " -q");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    std::string expected;
    for (const auto& w : warnings) expected += w;
    EXPECT_EQ(r.output, expected);
    for (const char* l : {"mentions", "incidents", "handovers"}) {
      const json fc = layer(out + "/" + l + ".geojson");
      EXPECT_EQ(fc["type"], "FeatureCollection") << l;
      EXPECT_TRUE(fc["features"].empty()) << l;
    }
  }
}

// A PostgreSQL connection string that fails: one line, and never its password.
TEST(Cli, ErrorsNeverShowAPassword) {
  const std::string in = mawqi::test::write_file(out_dir("pg-in") + ".jsonl", R"({"id":"a","text":"Baghdad"})"
                                                                              "\n");
  for (const std::string& out : {std::string("\"PG:dbname=none host=/nonexistent password=hunter2\""),
                                 std::string("\"PG:dbname=none host=/nonexistent password='hunter2 x'\""),
                                 std::string("\"PG:postgresql://user:hunter2@localhost:1/none?host=/nonexistent\"")}) {
    const CommandResult r = run("run --format PostgreSQL --in " + in + " --out " + out);
    EXPECT_EQ(r.exit_code, 1) << out << ": " << r.output;
    EXPECT_EQ(r.output.find("hunter2"), std::string::npos) << r.output;
    EXPECT_TRUE(r.output.starts_with("mawqi: error: ")) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

TEST(Cli, RuntimeErrorsExitOneWithOneLine) {
  const CommandResult r = run("run --in /no/such/file.json --out " + out_dir("missing"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "mawqi: error: /no/such/file.json: no such file or directory\n");
}

TEST(Cli, GazetteerLookupPrintsCandidatesBestFirst) {
  CommandResult r = run("gazetteer lookup \"ـبَغداد\"");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const json first = json::parse(r.output.substr(0, r.output.find('\n')));
  EXPECT_EQ(first["name"], "Baghdad");
  EXPECT_EQ(first["kind"], "city");
  r = run("gazetteer lookup Besmaya");
  EXPECT_NE(r.output.find("mq:besmaya-range-complex"), std::string::npos);
  // A spelling the gazetteer does not list is linked across scripts by its consonant skeleton.
  r = run("gazetteer lookup Basmayah");
  EXPECT_NE(r.output.find("mq:besmaya-range-complex"), std::string::npos) << r.output;
  r = run("gazetteer lookup باسمايا");
  EXPECT_NE(r.output.find("mq:besmaya-range-complex"), std::string::npos) << r.output;
  EXPECT_EQ(run("gazetteer lookup Qzxwvtown").exit_code, 1);  // no place of the world has this name
}

// Issue 2's acceptance check on the real Besmaya report (read from ../shared, never copied).
TEST(Cli, BesmayaReportIsMapped) {
  const std::string article = kCorpus + "/articles/000-ar-besmaya-seed-asharq.json";
  if (!fs::exists(article)) GTEST_SKIP() << "no dev corpus at " << kCorpus;
  const std::string out = out_dir("besmaya");
  const CommandResult r = run("run --in " + article + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const json mentions = layer(out + "/mentions.geojson");
  const std::vector<std::tuple<std::string, double, double, double>> expected = {
      {"Besmaya Range Complex", 33.16, 44.65, 25},
      {"Camp Taji", 33.5294, 44.2775, 15},
      {"Green Zone", 33.3076, 44.3903, 15},
      {"Baghdad", 33.3152, 44.3661, 15},
      {"Mosul", 36.335, 43.11889, 15}};
  for (const auto& [name, lat, lon, km] : expected) {
    bool found = false;
    for (const auto& f : mentions["features"])
      if (f["properties"]["name"] == name) {
        found = true;
        EXPECT_LE(km_between(f, lat, lon), km) << name;
      }
    EXPECT_TRUE(found) << name;
  }

  const json handovers = layer(out + "/handovers.geojson");
  ASSERT_EQ(handovers["features"].size(), 1u);
  const json& h = handovers["features"][0]["properties"];
  EXPECT_EQ(h["place_id"], "mq:besmaya-range-complex");
  EXPECT_EQ(h["event_date"], "2020-07-25");

  const json incidents = layer(out + "/incidents.geojson");
  ASSERT_EQ(incidents["features"].size(), 2u);
  bool besmaya = false, green_zone = false;
  for (const auto& f : incidents["features"]) {
    const json& p = f["properties"];
    EXPECT_EQ(p["sub_event_type"], "rocket_attack");
    if (p["place_id"] == "mq:besmaya-range-complex") {
      besmaya = true;
      EXPECT_EQ(p["munitions_count"], 4);
      EXPECT_EQ(p["event_date"], "2020-07-24");
      EXPECT_EQ(p["damage"], "material");
      EXPECT_EQ(p["fatalities"], 0);
      EXPECT_EQ(p["injuries"], 0);
    } else if (p["place_id"] == "mq:green-zone") {
      green_zone = true;
      EXPECT_EQ(p["munitions_count"], 3);
      EXPECT_EQ(p["date_precision"], "week");
    }
  }
  EXPECT_TRUE(besmaya);
  EXPECT_TRUE(green_zone);
}

TEST(Cli, LookupRanksHomonymsAndUsesACompiledIndex) {
  const std::string dir = out_dir("index");
  fs::create_directories(dir);
  {
    std::ofstream tsv(dir + "/w.txt");
    tsv << "1\tWashington\tWashington\t\t54.9\t-1.5\tP\tPPL\tGB\t\t01\t\t\t\t53526\t\t\t\t2023-01-01\n"
        << "2\tWashington\tWashington\tواشنطن\t40.17\t-80.24\tP\tPPL\tUS\t\tPA\t\t\t\t13497\t\t\t\t2023-01-01\n"
        << "3\tWashington\tWashington\t\t38.895\t-77.036\tP\tPPLC\tUS\t\tDC\t\t\t\t689545\t\t\t\t2023-01-01\n"
        << "4\tAl Qa'im\tAl Qa'im\tالقائم\t34.39\t40.99\tP\tPPL\tIQ\t\t01\t\t\t\t0\t\t\t\t2023-01-01\n";
  }
  const CommandResult built = run("gazetteer build --gazetteer " + dir + "/w.txt -o " + dir + "/w.idx");
  ASSERT_EQ(built.exit_code, 0) << built.output;
  EXPECT_NE(built.output.find("4 places"), std::string::npos);
  for (const std::string& source : {"--index " + dir + "/w.idx", "--gazetteer " + dir + "/w.txt"}) {
    const CommandResult r = run("gazetteer lookup Washington " + source);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const json first = json::parse(r.output.substr(0, r.output.find('\n')));
    EXPECT_EQ(first["id"], "gn:3") << source;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 3);
    // With or without the article, in either script.
    EXPECT_NE(run("gazetteer lookup Qaim " + source).output.find("gn:4"), std::string::npos);
    EXPECT_NE(run("gazetteer lookup قائم " + source).output.find("gn:4"), std::string::npos);
  }
  const CommandResult missing = run("gazetteer lookup X --index " + dir + "/none.idx");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.output.find("none.idx: cannot open the index"), std::string::npos);
}

// `mawqi eval` on a corpus written for the tests (tests/fixtures/corpus), with known answers.
TEST(Cli, EvalScoresToponymsResolutionAndEvents) {
  const CommandResult r = run("eval --corpus " + std::string(MAWQI_SOURCE_DIR) + "/tests/fixtures/corpus");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 documents"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ar   P 1.000  R 0.800  F1 0.889  (tp 4, fp 0, fn 1)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("en   P 1.000  R 1.000  F1 1.000  (tp 4, fp 0, fn 0)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("accuracy 1.000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("events\n  all  P 1.000  R 1.000"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("f-ar  missed    \"البغدادي\""), std::string::npos) << r.output;
}

// Issue 4's bar on the dev corpus, with the bundled gazetteer and with cities500 added.
TEST(Cli, DevCorpusRecognitionAndResolution) {
  if (!fs::exists(kCorpus + "/gold")) GTEST_SKIP() << "no dev corpus at " << kCorpus;
  auto f1 = [](const std::string& out, const std::string& lang) {
    const std::size_t at = out.find("  " + lang + "   P ");
    if (at == std::string::npos) return -1.0;
    return std::stod(out.substr(out.find("F1 ", at) + 3, 5));
  };
  const CommandResult bundled = run("eval --corpus " + kCorpus);
  ASSERT_EQ(bundled.exit_code, 0) << bundled.output;
  EXPECT_GE(f1(bundled.output, "ar"), 0.92) << bundled.output;
  EXPECT_GE(f1(bundled.output, "en"), 0.92) << bundled.output;
  const std::size_t acc = bundled.output.find("accuracy ");
  EXPECT_GE(std::stod(bundled.output.substr(acc + 9, 5)), 0.95) << bundled.output;
  const std::string cities = std::string(MAWQI_SOURCE_DIR) + "/../shared/data/geonames/cities500.txt";
  if (!fs::exists(cities)) return;
  const CommandResult world = run("eval --corpus " + kCorpus + " --gazetteer " + std::string(MAWQI_SOURCE_DIR) +
                                  "/gazetteer --gazetteer " + cities);
  ASSERT_EQ(world.exit_code, 0) << world.output;
  EXPECT_LE(f1(bundled.output, "ar") - f1(world.output, "ar"), 0.03) << world.output;
  EXPECT_LE(f1(bundled.output, "en") - f1(world.output, "en"), 0.03) << world.output;
}

namespace {

std::map<std::string, std::string> files_in(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    out[entry.path().filename().string()] = std::string((std::istreambuf_iterator<char>(in)), {});
  }
  return out;
}

}  // namespace

TEST(Cli, OutputIsTheSameBytesForAnyNumberOfJobs) {
  const std::string examples = std::string(MAWQI_SOURCE_DIR) + "/examples";
  const std::string one = out_dir("jobs1"), two = out_dir("jobs2"), four = out_dir("jobs4");
  ASSERT_EQ(run("run -q --jobs 1 --in " + examples + " --out " + one).exit_code, 0);
  ASSERT_EQ(run("run -q --jobs 2 --in " + examples + " --out " + two).exit_code, 0);
  ASSERT_EQ(run("run -q --jobs 4 --in " + examples + " --out " + four).exit_code, 0);
  EXPECT_EQ(files_in(one), files_in(two));
  EXPECT_EQ(files_in(one), files_in(four));
  EXPECT_EQ(run("run --jobs 0 --in " + examples + " --out " + one).exit_code, 2);
}

// Many batches, bad records and duplicate ids among them: the same layers, the same warnings in
// the same order, whatever the number of workers.
TEST(Cli, ManyBatchesWithBadRecordsGiveTheSameRunForAnyNumberOfJobs) {
  const std::vector<std::string> texts = {
      "سقطت ثلاثة صواريخ على المنطقة الخضراء في بغداد مساء أمس.",
      "Two rockets hit Camp Taji north of Baghdad on Sunday, officials said.",
      "انفجرت عبوة ناسفة على رتل للتحالف قرب الديوانية صباح اليوم.",
      "The coalition handed over Qayyarah Airfield West to Iraqi forces on Thursday."};
  std::string jsonl;
  for (int i = 0; i < 400; ++i) {
    const std::string date =
        "2020-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-1" + std::to_string(i % 9);
    if (i % 37 == 5)
      jsonl += "{\"id\": \"broken-" + std::to_string(i) + "\", \"text\": \n";
    else if (i % 41 == 9)  // a dropped date: a warning from the worker, in input order
      jsonl += R"({"id": "d-)" + std::to_string(i) + R"(", "date": "2020-02-30", "text": ")" +
               texts[static_cast<std::size_t>(i) % texts.size()] + "\"}\n";
    else if (i % 53 == 7)
      jsonl += R"({"id": "a-3", "text": "A duplicate id."})"
               "\n";
    else
      jsonl += R"({"id": "a-)" + std::to_string(i) + R"(", "date": ")" + date + R"(", "text": ")" +
               texts[static_cast<std::size_t>(i) % texts.size()] + "\"}\n";
  }
  const std::string corpus = mawqi::test::write_file(out_dir("batches") + ".jsonl", jsonl);
  const std::string one = out_dir("batches1"), three = out_dir("batches3");
  const CommandResult a = run("run --jobs 1 --in " + corpus + " --out " + one);
  const CommandResult b = run("run --jobs 3 --in " + corpus + " --out " + three);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  std::string b_output = b.output;
  b_output.replace(b_output.rfind(three), three.size(), one);  // the summary names the output
  EXPECT_EQ(a.output, b_output);
  EXPECT_NE(a.output.find("batches.jsonl:6: invalid JSON"), std::string::npos) << a.output;
  EXPECT_NE(a.output.find("batches.jsonl:8: id: duplicate id 'a-3'"), std::string::npos) << a.output;
  EXPECT_NE(a.output.find("batches.jsonl:10: date: not a valid date '2020-02-30'; the article is read without one"),
            std::string::npos)
      << a.output;
  EXPECT_EQ(files_in(one), files_in(three));
  // --strict stops at the first bad record, with the same message for any number of workers.
  const CommandResult strict = run("run --strict --jobs 3 --in " + corpus + " --out " + three);
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.output.find("batches.jsonl:6: invalid JSON"), std::string::npos) << strict.output;
  EXPECT_EQ(files_in(one), files_in(three));  // the previous layers stay as they were
}

// --strict over a JSON array read on workers: the first bad item stops the run, as with one.
TEST(Cli, StrictStopsAtTheFirstBadItemOfAnArrayForAnyNumberOfJobs) {
  std::string json = "[";
  for (int i = 1; i <= 2000; ++i) {  // more than the batches in flight: consumed while reading
    if (i > 1) json += ",\n";
    if (i == 40)
      json += R"({"id": "b-40", "text": 42})";
    else if (i == 70)
      json += R"({"id": "b-1", "text": "Rockets hit Camp Taji yesterday."})";
    else
      json += R"({"id": "b-)" + std::to_string(i) +
              R"(", "date": "2020-03-12", "text": "Rockets hit Camp Taji yesterday."})";
  }
  json += "]";
  const std::string corpus = mawqi::test::write_file(out_dir("array") + ".json", json);
  const std::string out = out_dir("array-out");
  for (const char* jobs : {"1", "3"}) {
    const CommandResult r = run(std::string("run --strict --jobs ") + jobs + " --in " + corpus + " --out " + out);
    EXPECT_EQ(r.exit_code, 1) << jobs;
    EXPECT_EQ(r.output, "mawqi: error: " + corpus + ": item 40: text: expected a string, found number\n") << jobs;
  }
}

// --state: a second run over the corpus plus new articles reuses the old results and writes
// the same layers as a full run.
TEST(Cli, IncrementalRunEqualsAFullRun) {
  const std::string corpus = out_dir("incr-corpus"), state = out_dir("incr-state") + ".sqlite";
  fs::remove(state);
  fs::create_directories(corpus);
  std::vector<fs::path> examples;
  for (const auto& entry : fs::directory_iterator(std::string(MAWQI_SOURCE_DIR) + "/examples"))
    examples.push_back(entry.path());
  std::sort(examples.begin(), examples.end());
  for (std::size_t i = 0; i + 2 < examples.size(); ++i) fs::copy(examples[i], corpus);
  const std::string incremental = out_dir("incr-out"), full = out_dir("full-out");
  CommandResult r = run("run --jobs 2 --state " + state + " --in " + corpus + " --out " + incremental);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (std::size_t i = examples.size() - 2; i < examples.size(); ++i) fs::copy(examples[i], corpus);
  r = run("run --jobs 2 --state " + state + " --in " + corpus + " --out " + incremental);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("6 unchanged"), std::string::npos) << r.output;  // only the 2 new ones were read again
  ASSERT_EQ(run("run -q --in " + corpus + " --out " + full).exit_code, 0);
  EXPECT_EQ(files_in(incremental), files_in(full));
  // A changed article is read again.
  {
    std::ofstream(corpus + "/" + examples[0].filename().string(), std::ios::trunc)
        << R"({"id":"ex-changed","date":"2021-01-01","text":"Rockets hit Camp Taji yesterday."})";
  }
  r = run("run --state " + state + " --in " + corpus + " --out " + incremental);
  EXPECT_NE(r.output.find("7 unchanged"), std::string::npos) << r.output;
}

// Other resolver weights can give other places: a state made with other weights is not reused.
TEST(Cli, AStateIsNotReusedWithOtherWeights) {
  const std::string state = out_dir("weights-state") + ".sqlite", out = out_dir("weights-out");
  fs::remove(state);
  const std::string examples = std::string(MAWQI_SOURCE_DIR) + "/examples";
  ASSERT_EQ(run("run --state " + state + " --in " + examples + " --out " + out).exit_code, 0);
  CommandResult r = run("run --state " + state + " --in " + examples + " --out " + out);
  EXPECT_NE(r.output.find("unchanged"), std::string::npos) << r.output;
  r = run("run --weight capital=0.5 --state " + state + " --in " + examples + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("unchanged"), std::string::npos) << r.output;
}

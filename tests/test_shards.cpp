// Shards and partials (mawqi plan, run --partial, merge): however a corpus is cut and however
// the partials are merged, the layers are the bytes of one run over the whole corpus.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/run.hpp"
#include "support.hpp"

namespace mawqi::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The example articles told again: new ids and dates a day or a month apart (so events merge
// across shards), some lines without an id (derived from file:line), CRLF, blank lines, a BOM,
// an id used twice far apart, and a bad line; then a folder of files of every kind.
fs::path make_corpus(const fs::path& root) {
  std::vector<json> examples;
  for (const auto& e : fs::directory_iterator(fs::path(MAWQI_SOURCE_DIR) / "examples"))
    if (e.path().extension() == ".json") examples.push_back(json::parse(slurp(e.path())));
  std::sort(examples.begin(), examples.end(), [](const json& a, const json& b) { return a["id"] < b["id"]; });
  std::string lines = "\xEF\xBB\xBF";
  int n = 0;
  for (int round = 0; round < 6; ++round)
    for (json a : examples) {
      ++n;
      a["id"] = "r" + std::to_string(round) + "-" + a["id"].get<std::string>();
      if (n % 7 == 0) a.erase("id");
      a["date"] = "2021-0" + std::to_string(1 + round % 3) + "-1" + std::to_string(round % 2);
      lines += a.dump() + (n % 5 == 0 ? "\r\n" : "\n");
      if (n % 11 == 0) lines += "\n   \n";
      if (n == 9) lines += "{\"id\": \"bad\", \"text\": 5}\n";
      if (n == 30)
        lines += json{{"id", "r0-" + examples[1]["id"].get<std::string>()}, {"text", "Again."}}.dump() + "\n";
    }
  lines.pop_back();  // no newline after the last line
  const fs::path corpus = root / "corpus";
  fs::create_directories(corpus / "more");
  write_file((corpus / "a.jsonl").string(), lines);
  write_file((corpus / "more" / "b.json").string(), examples[0].dump());
  json list = json::array({examples[2], examples[3], examples[4]});
  for (std::size_t i = 0; i < list.size(); ++i) list[i]["id"] = "list-" + std::to_string(i);
  write_file((corpus / "more" / "c.json").string(), list.dump());
  write_file((corpus / "more" / "d.txt").string(), examples[5]["text"].get<std::string>());
  write_file((corpus / "more" / "e.ndjson").string(), examples[6].dump() + "\n" + examples[7].dump() + "\n");
  return corpus;
}

struct Record {
  std::string where, fallback_id, json, article_id, error;
  bool operator==(const Record&) const = default;
};
std::vector<Record> records_of(const std::function<void(const std::function<void(io::RawRecord&&)>&)>& read) {
  std::vector<Record> out;
  read([&](io::RawRecord&& r) {
    out.push_back(
        Record{r.where, r.fallback_id, r.json, r.article ? r.article->id : "", r.error ? r.error->what() : ""});
  });
  return out;
}

std::string layers_of(const fs::path& dir) {
  std::string all;
  for (const char* layer : {"mentions", "incidents", "handovers"})
    all += slurp(dir / (std::string(layer) + ".geojson")) + "\n---\n";
  return all;
}

std::string fingerprint() { return partial_fingerprint(bundled(), language(), resolve::Weights{}); }

RunSummary run_into(const RunOptions& options) {
  return run_corpus(options, bundled(), language(), [](const std::string&) {});
}

}  // namespace

TEST(ShardPlan, ReadsEveryRecordOnceInInputOrder) {
  const fs::path corpus = make_corpus(scratch_dir("plan"));
  const std::vector<std::string> inputs{corpus.string()};
  const auto whole = records_of([&](const auto& sink) { io::read_records(inputs, sink); });
  ASSERT_GT(whole.size(), 50U);
  for (std::size_t count : {1, 2, 3, 5, 8, 13, 40, 1000}) {
    const std::vector<io::Shard> shards = io::plan_shards(inputs, count);
    EXPECT_LE(shards.size(), count);
    EXPECT_GE(shards.size(), std::min<std::size_t>(count, 2));  // the corpus has more records than that
    std::vector<Record> joined;
    for (const io::Shard& shard : shards) {
      EXPECT_FALSE(shard.empty());
      const auto part = records_of([&](const auto& sink) { io::read_slices(shard, sink); });
      joined.insert(joined.end(), part.begin(), part.end());
    }
    EXPECT_EQ(joined, whole) << count << " shards";
    // The plan as the shards read it.
    const std::vector<io::Shard> back = io::parse_shard_plan(io::shard_plan_json(shards), "plan.json");
    ASSERT_EQ(back.size(), shards.size());
    for (std::size_t k = 0; k < shards.size(); ++k) {
      ASSERT_EQ(back[k].size(), shards[k].size());
      for (std::size_t i = 0; i < shards[k].size(); ++i) {
        EXPECT_EQ(back[k][i].path, shards[k][i].path);
        EXPECT_EQ(back[k][i].begin, shards[k][i].begin);
        EXPECT_EQ(back[k][i].end, shards[k][i].end);
        EXPECT_EQ(back[k][i].first_line, shards[k][i].first_line);
      }
    }
  }
}

TEST(ShardPlan, BadPlansNameTheField) {
  const auto error_of = [](const std::string& text) {
    try {
      static_cast<void>(io::parse_shard_plan(text, "p.json"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of("nope"), "p.json: not a shard plan (JSON object)");
  EXPECT_EQ(error_of(R"({"shards":[]})"), "p.json: mawqi_plan: not a version-1 shard plan (from `mawqi plan`)");
  EXPECT_EQ(error_of(R"({"mawqi_plan":1,"shards":[[{"path":"a.jsonl","begin":9,"end":3}]]})"),
            "p.json: shards[0][0].end: before its begin");
  EXPECT_EQ(error_of(R"({"mawqi_plan":1,"shards":[[{"path":"a.jsonl","line":0}]]})"),
            "p.json: shards[0][0].line: lines are counted from 1");
  EXPECT_EQ(error_of(R"({"mawqi_plan":1,"shards":[[{"path":7}]]})"), "p.json: shards[0][0].path: expected a file name");
  EXPECT_EQ(error_of(R"({"mawqi_plan":1,"shards":[[{"path":"a","begin":-1}]]})"),
            "p.json: shards[0][0].begin: expected a whole number");
  EXPECT_THROW(static_cast<void>(io::plan_shards({"-"}, 2)), UsageError);
}

// Every split, merged at once and as trees of either shape, into GeoJSON and into GPKG.
TEST(Partial, MergesOfAnySplitAreTheSingleRun) {
  const fs::path root = scratch_dir("merge");
  const fs::path corpus = make_corpus(root);
  RunOptions whole;
  whole.inputs = {corpus.string()};
  whole.jobs = 2;
  whole.out = (root / "single").string();
  const RunSummary single = run_into(whole);
  ASSERT_GT(single.incidents, 3U);
  ASSERT_GT(single.skipped, 1U);  // the bad line and the repeated id
  const std::string expected = layers_of(root / "single");
  whole.out = (root / "single-gpkg").string();
  whole.output.format = "GPKG";
  static_cast<void>(run_into(whole));

  for (std::size_t count : {1, 2, 3, 7}) {
    const std::vector<io::Shard> shards = io::plan_shards(whole.inputs, count);
    std::vector<std::string> partials;
    for (std::size_t k = 0; k < shards.size(); ++k) {
      RunOptions shard;
      shard.shard = shards[k];
      shard.jobs = k % 2 + 1;
      shard.partial_path = (root / ("p" + std::to_string(count) + "-" + std::to_string(k))).string();
      shard.fingerprint = fingerprint();
      shard.plan_position = PlanPosition{io::plan_digest(shards), k, k, shards.size()};
      static_cast<void>(run_into(shard));
      partials.push_back(shard.partial_path);
    }
    const auto merge = [&](const std::vector<std::string>& parts, const std::string& out, bool into_partial,
                           const std::string& format = {}) {
      MergeOptions m;
      m.partials = parts;
      (into_partial ? m.partial_path : m.out) = (root / out).string();
      m.output.format = format;
      m.fingerprint = fingerprint();
      return merge_partials(m, bundled(), [](const std::string&) {});
    };
    const std::string tag = std::to_string(count);
    const RunSummary merged = merge(partials, "all-" + tag, false);
    EXPECT_EQ(layers_of(root / ("all-" + tag)), expected) << count << " shards, merged at once";
    EXPECT_EQ(merged.articles, single.articles);
    EXPECT_EQ(merged.skipped, single.skipped);
    EXPECT_EQ(merged.mentions, single.mentions);
    EXPECT_EQ(merged.incidents, single.incidents);
    EXPECT_EQ(merged.handovers, single.handovers);
    if (partials.size() >= 3) {
      // ((p0 p1) rest) and (p0 (p1 rest)): associative.
      const std::vector<std::string> rest(partials.begin() + 2, partials.end());
      static_cast<void>(merge({partials[0], partials[1]}, "left-" + tag, true));
      std::vector<std::string> left{(root / ("left-" + tag)).string()};
      left.insert(left.end(), rest.begin(), rest.end());
      static_cast<void>(merge(left, "tree-left-" + tag, false));
      EXPECT_EQ(layers_of(root / ("tree-left-" + tag)), expected) << count << " shards, ((p0 p1) rest)";
      std::vector<std::string> tail{partials[1]};
      tail.insert(tail.end(), rest.begin(), rest.end());
      static_cast<void>(merge(tail, "right-" + tag, true));
      static_cast<void>(merge({partials[0], (root / ("right-" + tag)).string()}, "tree-right-" + tag, false));
      EXPECT_EQ(layers_of(root / ("tree-right-" + tag)), expected) << count << " shards, (p0 (p1 rest))";
      static_cast<void>(merge(partials, "gpkg-" + tag, false, "GPKG"));
      EXPECT_EQ(slurp(root / ("gpkg-" + tag) / "mawqi.gpkg"), slurp(root / "single-gpkg" / "mawqi.gpkg"))
          << count << " shards, GPKG";
    }
  }
}

TEST(Partial, DamagedPartialsAreRefusedWithFileAndLine) {
  const fs::path root = scratch_dir("damaged");
  write_file((root / "in.jsonl").string(),
             R"({"id":"a","lang":"en","date":"2021-03-04","text":"Two rockets struck Camp Taji on Wednesday."})"
             "\n"
             R"({"id":"b","lang":"en","date":"2021-03-05","text":"A drone attack hit Erbil airport on Thursday."})"
             "\n");
  RunOptions shard;
  shard.inputs = {(root / "in.jsonl").string()};
  shard.jobs = 1;
  shard.partial_path = (root / "good.part").string();
  shard.fingerprint = fingerprint();
  static_cast<void>(run_into(shard));
  const std::string good = slurp(root / "good.part");
  EXPECT_FALSE(fs::exists(root / (".good.part." + std::to_string(::getpid()) + ".tmp")));
  const auto error_of = [&](const std::string& bytes, const std::string& with = fingerprint()) {
    const std::string path = write_file((root / "bad.part").string(), bytes);
    try {
      PartialReader reader(path, with, bundled());
      while (reader.next()) {
      }
    } catch (const InputError& e) {
      return std::string(e.what()).substr(path.size());
    }
    return std::string("accepted");
  };
  ASSERT_EQ(error_of(good), "accepted");
  const std::size_t second_line = good.find('\n') + 1, third_line = good.find('\n', second_line) + 1;
  const std::size_t end_line = good.rfind('\n', good.size() - 2) + 1;
  EXPECT_EQ(error_of(good.substr(0, end_line)), ":4: no end record: the partial is truncated; run its shard again");
  EXPECT_EQ(error_of(good.substr(0, third_line) + good.substr(end_line)),
            ":3: articles: 2 stated, 1 found: the partial is damaged");
  std::string edited = good;
  edited.replace(edited.find("Camp Taji"), 9, "Camp Tajx");
  EXPECT_EQ(error_of(edited), ":4: check: the articles fail their check: the partial is damaged");
  EXPECT_EQ(error_of(good + good.substr(second_line, third_line - second_line)),
            ":5: a record after the end record: the partial is damaged");
  EXPECT_EQ(error_of(good, "0123456789abcdef"),
            ":1: fingerprint: made with another gazetteer, lexicons, weights or mawqi release; run its shard again "
            "with these, or merge with those");
  EXPECT_EQ(error_of(R"({"id":"a"})"), ":1: not a partial (from `mawqi run --partial`)");
  EXPECT_EQ(error_of(""), ": empty: not a partial (from `mawqi run --partial`)");
  std::string elsewhere = good;
  const std::size_t place = elsewhere.find("\"place\":\"", second_line) + 9;
  elsewhere.insert(place, "zz");
  EXPECT_NE(error_of(elsewhere).find(":2: events[0]: place: 'zz"), std::string::npos) << error_of(elsewhere);
}

// An id met in two shards is a duplicate, as in one run; --strict makes it fatal.
TEST(Partial, AnIdInTwoShardsIsADuplicate) {
  const fs::path root = scratch_dir("duplicate");
  const std::string a = R"({"id":"a","lang":"en","date":"2021-03-04","text":"Two rockets struck Camp Taji."})";
  write_file((root / "one.jsonl").string(), a + "\n");
  write_file((root / "two.jsonl").string(), a + "\n");
  std::vector<std::string> partials;
  for (const char* name : {"one", "two"}) {
    RunOptions shard;
    shard.inputs = {(root / (std::string(name) + ".jsonl")).string()};
    shard.partial_path = (root / (std::string(name) + ".part")).string();
    shard.fingerprint = fingerprint();
    static_cast<void>(run_into(shard));
    partials.push_back(shard.partial_path);
  }
  MergeOptions m;
  m.partials = partials;
  m.out = (root / "out").string();
  m.fingerprint = fingerprint();
  std::vector<std::string> warnings;
  const RunSummary s = merge_partials(m, bundled(), [&](const std::string& w) { warnings.push_back(w); });
  EXPECT_EQ(s.articles, 1U);
  EXPECT_EQ(s.skipped, 1U);
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0], (root / "two.jsonl").string() + ":1: id: duplicate id 'a' (record skipped)");
  m.strict = true;
  m.out = (root / "strict").string();
  EXPECT_THROW(static_cast<void>(merge_partials(m, bundled(), [](const std::string&) {})), InputError);
  EXPECT_FALSE(fs::exists(root / "strict" / "mentions.geojson"));
}

// A merge takes a plan's partials in order, without a gap, and into layers all of them.
TEST(Partial, PlannedShardsAreMergedInOrderAndWhole) {
  const fs::path root = scratch_dir("order");
  const fs::path corpus = make_corpus(root);
  const std::vector<io::Shard> shards = io::plan_shards({corpus.string()}, 3);
  ASSERT_EQ(shards.size(), 3U);
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < shards.size(); ++k) {
    RunOptions shard;
    shard.shard = shards[k];
    shard.partial_path = (root / ("s" + std::to_string(k))).string();
    shard.fingerprint = fingerprint();
    shard.plan_position = PlanPosition{io::plan_digest(shards), k, k, shards.size()};
    static_cast<void>(run_into(shard));
    parts.push_back(shard.partial_path);
  }
  RunOptions other;
  other.shard = io::plan_shards({corpus.string()}, 2).at(0);
  other.partial_path = (root / "other").string();
  other.fingerprint = fingerprint();
  other.plan_position = PlanPosition{io::plan_digest(io::plan_shards({corpus.string()}, 2)), 0, 0, 2};
  static_cast<void>(run_into(other));
  const auto error_of = [&](const std::vector<std::string>& partials, bool into_partial = false) {
    MergeOptions m;
    m.partials = partials;
    (into_partial ? m.partial_path : m.out) = (root / (into_partial ? "node" : "out")).string();
    m.fingerprint = fingerprint();
    try {
      static_cast<void>(merge_partials(m, bundled(), [](const std::string&) {}));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of({parts[0], parts[2], parts[1]}),
            parts[2] + ": plan: shards 2-2 where shard 1 comes next; give the partials in shard order");
  EXPECT_EQ(error_of({parts[0], parts[1]}), parts[1] + ": plan: the layers need every shard; the last, 2, is missing");
  EXPECT_EQ(error_of({parts[1], parts[2]}),
            parts[1] + ": plan: the layers need every shard from 0; shard 0 is missing");
  EXPECT_EQ(error_of({parts[0], parts[0], parts[1], parts[2]}),
            parts[0] + ": plan: shards 0-0 where shard 1 comes next; give the partials in shard order");
  EXPECT_EQ(error_of({parts[0], other.partial_path}),
            other.partial_path + ": plan: a shard of another plan than " + parts[0] + "'s");
  EXPECT_FALSE(fs::exists(root / "out"));
  EXPECT_EQ(error_of({parts[1], parts[2]}, true), "accepted");  // a node of a merge tree
  EXPECT_EQ(error_of({parts[0], (root / "node").string()}), "accepted");
}

// A plan made before its file changed reads no record out of place: the slices are refused.
TEST(ShardPlan, AFileChangedSinceThePlanIsABadRecord) {
  const fs::path root = scratch_dir("changed");
  std::string lines;
  for (int i = 0; i < 40; ++i)
    lines += R"({"id":")" + std::to_string(i) + R"(","text":"Two rockets struck Camp Taji."})" + "\n";
  write_file((root / "a.jsonl").string(), lines);
  const std::vector<io::Shard> shards = io::plan_shards({(root / "a.jsonl").string()}, 4);
  ASSERT_EQ(shards.size(), 4U);
  write_file((root / "a.jsonl").string(), "{}\n" + lines);
  const auto read = records_of([&](const auto& sink) { io::read_slices(shards[1], sink); });
  ASSERT_EQ(read.size(), 1U);
  EXPECT_NE(read[0].error.find("a.jsonl: changed since its shard plan was made"), std::string::npos) << read[0].error;
  write_file((root / "a.jsonl").string(), lines.substr(0, lines.size() / 2));
  const auto shorter = records_of([&](const auto& sink) { io::read_slices(shards[2], sink); });
  ASSERT_EQ(shorter.size(), 1U);
  EXPECT_NE(shorter[0].error.find("changed since its shard plan was made"), std::string::npos);
}

TEST(PartialCli, PlanRunMergeAndTheirUsageErrors) {
  const fs::path root = scratch_dir("cli");
  const std::string examples = std::string(MAWQI_SOURCE_DIR) + "/examples";
  const std::string plan = (root / "plan.json").string();
  auto r = run_mawqi("plan --in " + examples + " --shards 3 -o " + plan);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::vector<std::string> parts;
  for (int k = 0; k < 3; ++k) {
    parts.push_back((root / ("s" + std::to_string(k) + ".part")).string());
    r = run_mawqi("run --plan " + plan + " --shard " + std::to_string(k) + " --partial " + parts.back());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("(partial)"), std::string::npos) << r.output;
  }
  r = run_mawqi("merge " + parts[0] + " " + parts[1] + " " + parts[2] + " --out " + (root / "merged").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  ASSERT_EQ(run_mawqi("run -q --in " + examples + " --out " + (root / "single").string()).exit_code, 0);
  EXPECT_EQ(layers_of(root / "merged"), layers_of(root / "single"));
  EXPECT_EQ(run_mawqi("run --plan " + plan + " --shard 3 --partial " + (root / "x.part").string()).exit_code, 2);
  EXPECT_EQ(run_mawqi("run --plan " + plan + " --partial " + (root / "x.part").string()).exit_code, 2);
  r = run_mawqi("merge " + parts[1] + " " + parts[0] + " " + parts[2] + " --out " + (root / "m3").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("give the partials in shard order"), std::string::npos) << r.output;
  EXPECT_EQ(
      run_mawqi("run --in " + examples + " --partial " + (root / "x.part").string() + " --out " + (root / "o").string())
          .exit_code,
      2);
  EXPECT_EQ(run_mawqi("run --in " + examples + " --partial " + (root / "x.part").string() + " --format GPKG").exit_code,
            2);
  EXPECT_EQ(run_mawqi("merge " + parts[0]).exit_code, 2);
  r = run_mawqi("merge " + parts[0] + " " + (root / "missing.part").string() + " --out " + (root / "m2").string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("missing.part: cannot read file"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(root / "m2" / "mentions.geojson"));
  // As a run does: the layers are not written where the gazetteer would read them back.
  const fs::path gazetteer = root / "gaz";
  fs::create_directories(gazetteer);
  fs::copy_file(std::string(MAWQI_SOURCE_DIR) + "/gazetteer/countries.geojson", gazetteer / "countries.geojson");
  r = run_mawqi("merge " + parts[0] + " " + parts[1] + " " + parts[2] + " --gazetteer " + gazetteer.string() +
                " --out " + (gazetteer / "layers").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("inside the gazetteer folder"), std::string::npos) << r.output;
  const fs::path lexicons = root / "lex";
  fs::copy(std::string(MAWQI_SOURCE_DIR) + "/lexicons", lexicons, fs::copy_options::recursive);
  r = run_mawqi("merge " + parts[0] + " " + parts[1] + " " + parts[2] + " --lexicons " + lexicons.string() + " --out " +
                (lexicons / "en" / "layers").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("inside the lexicon folder"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(lexicons / "en" / "layers"));
}

// A writer killed before its rename leaves `.NAME.HOST.PID.tmp`; the next writer of that partial
// on the host removes it when that process is gone, and leaves a live process's alone.
TEST(Partial, AKilledWritersTemporaryIsSweptByTheNext) {
  const fs::path root = scratch_dir("sweep");
  std::array<char, 256> host{};
  ASSERT_EQ(::gethostname(host.data(), host.size() - 1), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) ::_exit(0);
  ASSERT_EQ(::waitpid(child, nullptr, 0), child);  // a pid no process has now
  const std::string prefix = ".s.part." + std::string(host.data()) + ".";
  const fs::path dead = root / (prefix + std::to_string(child) + ".tmp");
  const fs::path alive = root / (prefix + "1.tmp");  // init
  const fs::path other_host = root / (".s.part.elsewhere." + std::to_string(child) + ".tmp");
  // A pid this namespace does not know, but a writer alive elsewhere holds the file's lock (a
  // container with the same host name): kept.
  const fs::path locked = root / (prefix + std::to_string(child) + "0.tmp");
  for (const fs::path& p : {dead, alive, other_host, locked}) std::ofstream(p) << "{\"mawqi_partial\":1";
  const int lock = ::open(locked.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(lock, 0);
  ASSERT_EQ(::flock(lock, LOCK_EX | LOCK_NB), 0);
  const auto r =
      run_mawqi("run -q --in " + std::string(MAWQI_SOURCE_DIR) + "/examples --partial " + (root / "s.part").string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(other_host));
  EXPECT_TRUE(fs::exists(locked));
  ::close(lock);
  EXPECT_TRUE(fs::exists(root / "s.part"));
}

}  // namespace mawqi::test

// Nothing lost, nothing leaked, nothing duplicated (issue 12): stable event ids, damaged state
// rows, layers switched whole, signals and dead runs, outputs that would be read back, oversized
// articles, and layers whose schema a GIS can rely on in every format.
#include <fcntl.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "mawqi/events.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using mawqi::test::run_mawqi;
using mawqi::test::write_file;

namespace {

using mawqi::test::slurp;

// An empty directory of this test's own (support.hpp: never shared with another test, process
// or build tree).
fs::path fresh_dir(const std::string& name) { return mawqi::test::scratch_dir(name); }

const std::string kTaji =
    R"({"id":"wire-1","lang":"en","date":"2021-03-04","text":"BAGHDAD — Three rockets struck Camp Taji north of Baghdad on Wednesday, wounding two Iraqi soldiers, security officials said."})";
const std::string kTajiAgain =
    R"({"id":"wire-2","lang":"en","date":"2021-03-04","text":"Rockets hit Camp Taji on Wednesday, Iraqi officials said; two soldiers were wounded."})";
const std::string kGreenZone =
    R"({"id":"wire-3","lang":"ar","date":"2020-09-29","text":"سقطت ثلاثة صواريخ كاتيوشا مساء أمس على المنطقة الخضراء وسط بغداد من دون وقوع إصابات."})";

std::vector<std::string> staging_left(const fs::path& out) {
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(out))
    if (e.path().filename().string().starts_with(".mawqi-staging-")) left.push_back(e.path().filename().string());
  return left;
}

std::string layers_of(const fs::path& out) {
  std::string all;
  for (const char* name : {"mentions", "incidents", "handovers"}) all += slurp(out / (std::string(name) + ".geojson"));
  return all;
}

TEST(EventIds, DependOnWhatTheEventIsNotOnWhoReportedIt) {
  const auto& p = mawqi::test::pipeline();
  const auto first = p.process(mawqi::test::article(
      "BAGHDAD — Three rockets struck Camp Taji on Wednesday, wounding two soldiers.", "en", "2021-03-04", "zeta"));
  const auto second = p.process(
      mawqi::test::article("Rockets hit Camp Taji on Wednesday, officials said.", "en", "2021-03-04", "alpha"));
  ASSERT_EQ(first.events.size(), 1u);
  ASSERT_EQ(second.events.size(), 1u);
  const auto alone = mawqi::events::deduplicate(first.events, mawqi::test::bundled());
  std::vector<mawqi::events::Event> both = second.events;  // the new source sorts first
  both.insert(both.end(), first.events.begin(), first.events.end());
  const auto merged = mawqi::events::deduplicate(both, mawqi::test::bundled());
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].source_ids, (std::vector<std::string>{"alpha", "zeta"}));
  EXPECT_EQ(merged[0].event_id, alone[0].event_id);
}

// A stored result that is wrong in any way is recomputed, with a warning, and the layers are
// those of a run without the state.
struct Damage {
  std::string name;
  std::string pattern, replacement;  // applied to a column of wire-1's row
  // events; mentions (as JSON: read by a run whose format has no stored encoding, GeoJSONSeq
  // here); encoded (the GeoJSON mentions' bytes)
  std::string column = "events";
};

class DamagedState : public ::testing::TestWithParam<Damage> {};

TEST_P(DamagedState, IsRecomputedWithAWarning) {
  const Damage& d = GetParam();
  const fs::path root = fresh_dir("state-" + std::to_string(std::hash<std::string>{}(d.name)));
  write_file(root / "in.jsonl", kTaji + "\n" + kGreenZone + "\n");
  const std::string format = d.column == "mentions" ? " --format GeoJSONSeq" : "";
  ASSERT_EQ(
      run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / "full").string() + format).exit_code,
      0);
  const std::string state = (root / "s.db").string();
  ASSERT_EQ(run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / "first").string() + " --state " +
                      state)
                .exit_code,
            0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(state.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* get = nullptr;
  sqlite3_prepare_v2(db, ("SELECT " + d.column + " FROM articles WHERE id = 'wire-1'").c_str(), -1, &get, nullptr);
  ASSERT_EQ(sqlite3_step(get), SQLITE_ROW);
  const std::string stored(static_cast<const char*>(sqlite3_column_blob(get, 0)),
                           static_cast<std::size_t>(sqlite3_column_bytes(get, 0)));
  sqlite3_finalize(get);
  const std::string damaged = std::regex_replace(stored, std::regex(d.pattern), d.replacement);
  ASSERT_NE(damaged, stored) << "the damage did not apply to " << stored;
  sqlite3_stmt* put = nullptr;
  sqlite3_prepare_v2(db, ("UPDATE articles SET " + d.column + " = ? WHERE id = 'wire-1'").c_str(), -1, &put, nullptr);
  sqlite3_bind_blob(put, 1, damaged.data(), static_cast<int>(damaged.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(put), SQLITE_DONE);
  sqlite3_finalize(put);
  sqlite3_close(db);

  const auto r = run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / "second").string() +
                           " --state " + state + format);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("stored result of article 'wire-1' is damaged"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 unchanged"), std::string::npos) << "wire-3 is still reused: " << r.output;
  const std::string extension = d.column == "mentions" ? ".geojsonl" : ".geojson";
  for (const char* layer : {"mentions", "incidents", "handovers"})
    EXPECT_EQ(slurp(root / "second" / (std::string(layer) + extension)),
              slurp(root / "full" / (std::string(layer) + extension)))
        << layer;
  fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(
    Table, DamagedState,
    ::testing::Values(Damage{"a place the gazetteer does not have", R"("place":"mq:camp-taji")",
                             R"("place":"zz:nowhere")"},
                      Damage{"a mention's place the gazetteer does not have", R"("place":"mq:camp-taji")",
                             R"("place":"zz:nowhere")", "mentions"},
                      Damage{"not JSON", R"(^\[)", "garbage["},
                      Damage{"mentions not JSON", R"(^\[)", "garbage[", "mentions"},
                      Damage{"a mention of another article", R"("doc":"wire-1")", R"("doc":"wire-9")", "mentions"},
                      Damage{"a coordinate out of range", R"("lat":[0-9.]+)", R"("lat":123.5)"},
                      Damage{"an offset backwards", R"("end":[0-9]+)", R"("end":0)", "mentions"},
                      Damage{"a field of the wrong type", R"("confidence":[0-9.]+)", R"("confidence":"high")"},
                      Damage{"a missing field", R"("sub":"[a-z_]+",)", ""},
                      Damage{"encoded mentions edited", "Camp Taji", "Camp Tajx", "encoded"},
                      Damage{"encoded mentions cut short", R"(\} \}$)", "", "encoded"},
                      Damage{"an event type out of range", R"("type":0)", R"("type":7)"},
                      Damage{"a negative count", R"("wounded":2)", R"("wounded":-2)"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

// An unchanged record is known by its bytes and not parsed again; but for a record without an
// id (its id is where it was read) and one that gave a warning (which names that place): their
// bytes alone do not say what parsing them says. Every run writes what a run without the state
// writes, and says what it said.
TEST(StateRecords, AMovedRecordKeepsItsIdAndAWarnedOneItsWarning) {
  const fs::path root = fresh_dir("state-records");
  const std::string no_id =
      R"({"lang":"en","date":"2021-03-05","text":"Two rockets landed near Camp Taji on Thursday, officials said."})";
  const std::string bad_date =
      R"({"id":"wire-4","lang":"en","date":"2021-02-30","text":"A drone struck near Baghdad airport, officials said."})";
  const std::string state = (root / "s.db").string();
  auto run_with_state = [&](const std::string& corpus, const std::string& out) {
    write_file(root / "in.jsonl", corpus);
    const auto r =
        run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / out).string() + " --state " + state);
    EXPECT_EQ(r.exit_code, 0) << r.output;
    const auto full = run_mawqi("run --in " + (root / "in.jsonl").string() + " --out " + (root / "full").string());
    EXPECT_EQ(full.exit_code, 0) << full.output;
    EXPECT_EQ(layers_of(root / out), layers_of(root / "full")) << out;
    return r.output;
  };
  run_with_state(kTaji + "\n" + no_id + "\n" + bad_date + "\n", "first");
  // Moved down a line: wire-1 and wire-4 are the same articles; the record without an id is
  // another one, in.jsonl:3.
  const std::string second =
      run_with_state(kGreenZone + "\n" + kTaji + "\n" + no_id + "\n" + bad_date + "\n", "second");
  EXPECT_NE(second.find("in.jsonl:3: id: missing; using 'in:3'"), std::string::npos) << second;
  EXPECT_NE(second.find("in.jsonl:4: date: not a valid date '2021-02-30'"), std::string::npos) << second;
  EXPECT_NE(second.find("2 unchanged"), std::string::npos) << "wire-1 and wire-4 are reused: " << second;
  // The same bytes on the same lines: the warned record is still read, and still warns.
  const std::string third = run_with_state(kGreenZone + "\n" + kTaji + "\n" + no_id + "\n" + bad_date + "\n", "third");
  EXPECT_NE(third.find("in.jsonl:4: date: not a valid date '2021-02-30'"), std::string::npos) << third;
  EXPECT_NE(third.find("4 unchanged"), std::string::npos) << third;
  fs::remove_all(root);
}

// A state kept by runs into other formats: a GeoJSON run encodes the stored mentions it has no
// bytes for (and keeps them), a GPKG run decodes them; every run equals one without the state.
TEST(StateEncoding, RunsIntoOtherFormatsShareTheState) {
  const fs::path root = fresh_dir("state-formats");
  write_file(root / "in.jsonl", kTaji + "\n" + kTajiAgain + "\n" + kGreenZone + "\n");
  const std::string run = "run --in " + (root / "in.jsonl").string();
  const std::string state = " --state " + (root / "s.db").string();
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "full").string()).exit_code, 0);
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "full-seq").string() + " --format GeoJSONSeq").exit_code, 0);
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "seq").string() + " --format GeoJSONSeq" + state).exit_code, 0);
  for (const char* pass : {"geojson-1", "geojson-2"}) {
    const auto r = run_mawqi(run + " --out " + (root / pass).string() + state);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("3 unchanged"), std::string::npos) << pass << ": " << r.output;
    EXPECT_EQ(layers_of(root / pass), layers_of(root / "full")) << pass;
  }
  const auto again = run_mawqi(run + " --out " + (root / "seq-2").string() + " --format GeoJSONSeq" + state);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("3 unchanged"), std::string::npos) << again.output;
  for (const char* layer : {"mentions", "incidents", "handovers"})
    EXPECT_EQ(slurp(root / "seq-2" / (std::string(layer) + ".geojsonl")),
              slurp(root / "full-seq" / (std::string(layer) + ".geojsonl")))
        << layer;
  fs::remove_all(root);
}

// A change of one alias changes what an article's result can be: the state starts afresh and
// its run equals a run without it.
TEST(StateFingerprint, AChangedAliasIsNotReusedStale) {
  const fs::path root = fresh_dir("alias");
  fs::copy(fs::path(MAWQI_SOURCE_DIR) / "gazetteer", root / "gaz", fs::copy_options::recursive);
  write_file(root / "a.jsonl",
             R"({"id":"a","lang":"en","date":"2021-03-04","text":"Two rockets struck Camp Tajville on Wednesday."})"
             "\n");
  const std::string run = "run --quiet --in " + (root / "a.jsonl").string() + " --gazetteer " + (root / "gaz").string();
  const std::string state = " --state " + (root / "s.db").string();
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "before").string() + state).exit_code, 0);
  // Camp Taji gains the alias "Camp Tajville" and nothing else changes.
  fs::path curated;
  for (const auto& e : fs::directory_iterator(root / "gaz"))
    if (e.is_regular_file() && slurp(e.path()).find("\"mq:camp-taji\"") != std::string::npos) curated = e.path();
  ASSERT_FALSE(curated.empty());
  std::string text = slurp(curated);
  const auto id = text.find("\"mq:camp-taji\"");
  const auto names = text.find("\"names\"", id);
  const auto list = text.find('[', names);
  ASSERT_NE(list, std::string::npos);
  text.insert(list + 1, "\"Camp Tajville\", ");
  write_file(curated, text);
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "after").string() + state).exit_code, 0);
  ASSERT_EQ(run_mawqi(run + " --out " + (root / "full").string()).exit_code, 0);
  EXPECT_EQ(layers_of(root / "after"), layers_of(root / "full"));
  EXPECT_NE(slurp(root / "full" / "incidents.geojson").find("mq:camp-taji"), std::string::npos);
  fs::remove_all(root);
}

// The third layer cannot be replaced (a directory stands in its place): the first two stay the
// previous run's.
TEST(LayerSwitch, AFailedRenameLeavesThePreviousSetWhole) {
  const fs::path root = fresh_dir("switch");
  write_file(root / "a.jsonl", kTaji + "\n");
  write_file(root / "b.jsonl", kGreenZone + "\n");
  const fs::path out = root / "out";
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + out.string()).exit_code, 0);
  std::map<std::string, std::string> before;
  for (const char* f : {"handovers.geojson", "handovers.qml", "incidents.geojson", "incidents.qml"})
    before[f] = slurp(out / f);
  fs::remove(out / "mentions.geojson");
  fs::create_directories(out / "mentions.geojson" / "keep");
  const auto r = run_mawqi("run --in " + (root / "b.jsonl").string() + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("mentions.geojson: cannot replace"), std::string::npos) << r.output;
  for (const auto& [f, bytes] : before) EXPECT_EQ(slurp(out / f), bytes) << f << " was replaced";
  EXPECT_TRUE(fs::is_directory(out / "mentions.geojson" / "keep"));
  EXPECT_TRUE(staging_left(out).empty());
  fs::remove_all(root);
}

class Interrupted : public ::testing::TestWithParam<int> {};

// Killed by SIGINT or SIGTERM while it reads: the process ends by that signal, the staging
// directory goes with it, the previous layers stay.
TEST_P(Interrupted, RemovesTheStagingDirectory) {
  const int sig = GetParam();
  const fs::path root = fresh_dir("signal-" + std::to_string(sig));
  write_file(root / "a.jsonl", kTaji + "\n");
  const fs::path out = root / "out";
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + out.string()).exit_code, 0);
  const std::string previous = layers_of(out);

  int to_child[2];
  ASSERT_EQ(::pipe(to_child), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::close(to_child[1]);
    ::execl(MAWQI_BINARY, MAWQI_BINARY, "run", "--in", "-", "--out", out.c_str(), "--quiet",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(to_child[0]);
  const std::string line = kGreenZone + "\n";
  EXPECT_EQ(::write(to_child[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
  // The run is under way once its staging directory exists; stdin stays open, so it waits.
  for (int i = 0; i < 200 && staging_left(out).empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_FALSE(staging_left(out).empty());
  ::kill(pid, sig);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(to_child[1]);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "status " << status;
  EXPECT_TRUE(staging_left(out).empty());
  EXPECT_EQ(layers_of(out), previous);
  fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupted, ::testing::Values(SIGINT, SIGTERM, SIGHUP));

// A second run into the same directory waits for the first one's switch: here the test holds
// the directory's lock, and the run's layers appear only once it lets go.
TEST(LayerSwitch, WaitsForAnotherRunIntoTheSameDirectory) {
  const fs::path root = fresh_dir("lock");
  write_file(root / "a.jsonl", kTaji + "\n");
  write_file(root / "b.jsonl", kGreenZone + "\n");
  const fs::path out = root / "out";
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + out.string()).exit_code, 0);
  const std::string previous = layers_of(out);
  const int dir = ::open(out.c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(dir, 0);
  ASSERT_EQ(::flock(dir, LOCK_EX), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(dir);
    ::execl(MAWQI_BINARY, MAWQI_BINARY, "run", "--quiet", "--in", (root / "b.jsonl").c_str(), "--out", out.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));  // long enough to have finished unhindered
  EXPECT_EQ(::waitpid(pid, nullptr, WNOHANG), 0) << "the run did not wait for the lock";
  EXPECT_EQ(layers_of(out), previous);
  ::flock(dir, LOCK_UN);
  ::close(dir);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(layers_of(out), previous);
  EXPECT_NE(slurp(out / "incidents.geojson").find("mq:green-zone"), std::string::npos);
  fs::remove_all(root);
}

TEST(Staging, ADeadRunsLeftoversAreRemovedALiveOnesKept) {
  const fs::path root = fresh_dir("stale");
  write_file(root / "a.jsonl", kTaji + "\n");
  const fs::path out = root / "out";
  // A process id above any the kernel hands out (pid_max is at most 2^22), and this test's own.
  const fs::path dead = out / ".mawqi-staging-99999999-1";
  const fs::path live = out / (".mawqi-staging-" + std::to_string(::getpid()) + "-1");
  fs::create_directories(dead);
  fs::create_directories(live);
  write_file(dead / "mentions.geojson", "half-written");
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + out.string()).exit_code, 0);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  fs::remove_all(root);
}

struct ReadBack {
  std::string name;
  std::string out;  // relative to the case's root
  std::string message;
};

class OutputInsideARead : public ::testing::TestWithParam<ReadBack> {};

TEST_P(OutputInsideARead, IsRefused) {
  const ReadBack& c = GetParam();
  const fs::path root = fresh_dir("readback-" + std::to_string(std::hash<std::string>{}(c.name)));
  fs::create_directories(root / "gaz");
  fs::copy(fs::path(MAWQI_SOURCE_DIR) / "gazetteer", root / "gaz", fs::copy_options::recursive);
  fs::create_directories(root / "in");
  write_file(root / "in" / "a.jsonl", kTaji + "\n");
  const auto r = run_mawqi("run --in " + (root / "in").string() + " --gazetteer " + (root / "gaz").string() +
                           " --out " + (root / c.out).string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(c.message), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(root / c.out / "mentions.geojson"));
  fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(Table, OutputInsideARead,
                         ::testing::Values(ReadBack{"gazetteer", "gaz", "inside the gazetteer folder"},
                                           ReadBack{"below_gazetteer", "gaz/layers", "inside the gazetteer folder"},
                                           ReadBack{"dotted_gazetteer", "in/../gaz/./x", "inside the gazetteer folder"},
                                           ReadBack{"input", "in", "inside the input folder"},
                                           ReadBack{"below_input", "in/out", "inside the input folder"}),
                         [](const auto& info) { return info.param.name; });

TEST(OversizedArticle, IsSkippedAndTheOthersMapped) {
  const fs::path root = fresh_dir("oversized");
  std::string huge = R"({"id":"dump","text":")";
  while (huge.size() < (17U << 20)) huge += "Rockets hit Camp Taji. ";
  huge += "\"}";
  write_file(root / "a.jsonl", kTaji + "\n" + huge + "\n" + kGreenZone + "\n");
  const auto r = run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + (root / "out").string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("a.jsonl:2: text: 17 MB, more than the 16 MB an article may have (record skipped)"),
            std::string::npos)
      << r.output.substr(0, 500);
  EXPECT_NE(r.output.find("(1 skipped)"), std::string::npos);
  const auto incidents = nlohmann::json::parse(slurp(root / "out" / "incidents.geojson"));
  EXPECT_EQ(incidents["features"].size(), 2u);
  fs::remove_all(root);
}

// Out of memory on one article: that record is skipped with its line, the others are mapped.
TEST(OutOfMemory, OnOneArticleSkipsItAndTheRunGoesOn) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than the limit this test sets";
#endif
  const fs::path root = fresh_dir("oom");
  std::string big = R"({"id":"dump","text":")";
  while (big.size() < (12U << 20)) big += "Rockets hit Camp Taji north of Baghdad. ";
  big += "\"}";
  write_file(root / "a.jsonl", kTaji + "\n" + big + "\n" + kGreenZone + "\n");
  // 500 MB of address space: enough for the program and small articles, not for 12 MB of text.
  const std::string cmd = "prlimit --as=500000000 " + std::string(MAWQI_BINARY) + " run --jobs 1 --in " +
                          (root / "a.jsonl").string() + " --out " + (root / "out").string() + " 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::string output;
  char buf[4096];
  while (pipe != nullptr && std::fgets(buf, sizeof buf, pipe) != nullptr) output += buf;
  const int status = ::pclose(pipe);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_NE(output.find("a.jsonl:2: text: too large to process in the memory available (record skipped)"),
            std::string::npos)
      << output;
  const auto incidents = nlohmann::json::parse(slurp(root / "out" / "incidents.geojson"));
  EXPECT_EQ(incidents["features"].size(), 2u);
  fs::remove_all(root);
}

// --- Layers a GIS can rely on ---

const std::vector<std::string> kEventFieldNames = {
    "event_id",      "event_type",    "sub_event_type",  "event_date", "date_precision", "place_id",
    "place_name",    "place_name_ar", "admin1",          "country",    "geo_precision",  "precision_m",
    "location_note", "weapon",        "munitions_count", "fatalities", "injuries",       "damage",
    "actor_from",    "actor_to",      "actor1",          "actor2",     "target",         "source_ids",
    "source_urls",   "evidence",      "language",        "confidence"};
const std::vector<std::string> kMentionFieldNames = {"doc_id",     "start",       "end",     "text",    "place_id",
                                                     "name",       "name_ar",     "kind",    "country", "admin1",
                                                     "confidence", "precision_m", "relation"};

std::vector<std::string> gdal_fields(const fs::path& file, const char* layer_name,
                                     OGRwkbGeometryType* geometry = nullptr, std::string* epsg = nullptr) {
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr) << file;
  std::vector<std::string> names;
  if (ds == nullptr) return names;
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, layer_name);
  EXPECT_NE(layer, nullptr) << layer_name;
  if (layer != nullptr) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
      names.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    if (geometry != nullptr) *geometry = OGR_L_GetGeomType(layer);
    if (epsg != nullptr) {
      OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
      const char* code = srs != nullptr ? OSRGetAuthorityCode(srs, nullptr) : nullptr;
      *epsg = code != nullptr ? code : "";
    }
  }
  GDALClose(ds);
  return names;
}

TEST(Schema, EveryFeatureCarriesEveryFieldOfItsLayer) {
  const fs::path root = fresh_dir("schema");
  ASSERT_EQ(run_mawqi("run --in " + std::string(MAWQI_SOURCE_DIR) + "/examples --out " + (root / "json").string() +
                      " --quiet")
                .exit_code,
            0);
  ASSERT_EQ(run_mawqi("run --in " + std::string(MAWQI_SOURCE_DIR) + "/examples --out " + (root / "gpkg").string() +
                      " --format GPKG --quiet")
                .exit_code,
            0);
  for (const char* layer : {"mentions", "incidents", "handovers"}) {
    const auto& expected = std::string(layer) == "mentions" ? kMentionFieldNames : kEventFieldNames;
    const auto doc = nlohmann::json::parse(slurp(root / "json" / (std::string(layer) + ".geojson")));
    ASSERT_FALSE(doc["features"].empty()) << layer;
    for (const auto& f : doc["features"]) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : f["properties"].items()) keys.push_back(k);
      EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
                std::set<std::string>(expected.begin(), expected.end()))
          << layer;
    }
    EXPECT_EQ(gdal_fields(root / "gpkg" / "mawqi.gpkg", layer), expected) << layer;
  }
  fs::remove_all(root);
}

class EmptyLayers : public ::testing::TestWithParam<std::string> {};

TEST_P(EmptyLayers, KeepPointGeometryWgs84AndEveryField) {
  const std::string format = GetParam();
  const fs::path root = fresh_dir("empty-" + format);
  write_file(root / "a.jsonl", R"({"id":"quiet","text":"Nothing happened anywhere today."})"
                               "\n");
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + (root / "out").string() + " --format " +
                      format + " --quiet")
                .exit_code,
            0);
  for (const char* layer : {"mentions", "incidents", "handovers"}) {
    const fs::path file = format == "GPKG" ? root / "out" / "mawqi.gpkg" : root / "out" / (std::string(layer) + ".fgb");
    OGRwkbGeometryType geometry = wkbUnknown;
    std::string epsg;
    EXPECT_EQ(gdal_fields(file, layer, &geometry, &epsg),
              std::string(layer) == "mentions" ? kMentionFieldNames : kEventFieldNames);
    EXPECT_EQ(geometry, wkbPoint) << layer;
    EXPECT_EQ(epsg, "4326") << layer;
  }
  fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(TypedFormats, EmptyLayers, ::testing::Values("GPKG", "FlatGeobuf"));

TEST(Schema, AnEmptyGeoJsonLayerIsAFeatureCollection) {
  const fs::path root = fresh_dir("empty-geojson");
  write_file(root / "a.jsonl", R"({"id":"quiet","text":"Nothing happened anywhere today."})"
                               "\n");
  ASSERT_EQ(
      run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + (root / "out").string() + " --quiet").exit_code,
      0);
  const auto doc = nlohmann::json::parse(slurp(root / "out" / "incidents.geojson"));
  EXPECT_EQ(doc["type"], "FeatureCollection");
  EXPECT_TRUE(doc["features"].is_array() && doc["features"].empty());
  EXPECT_TRUE(fs::exists(root / "out" / "incidents.qml"));
  fs::remove_all(root);
}

TEST(Csv, ListsAreTextUrlsPlainAndDatesTyped) {
  const fs::path root = fresh_dir("csv");
  write_file(
      root / "a.jsonl",
      R"({"id":"a","url":"https://example.org/a","date":"2021-03-04","text":"Three rockets struck Camp Taji on Wednesday."})"
      "\n"
      R"({"id":"b","url":"https://example.org/b","date":"2021-03-04","text":"Rockets hit Camp Taji on Wednesday."})"
      "\n");
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + (root / "out").string() +
                      " --format csv --quiet")
                .exit_code,
            0);
  const std::string csv = slurp(root / "out" / "incidents.csv");
  EXPECT_NE(csv.find(R"(,"a; b","https://example.org/a; https://example.org/b",)"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\\/"), std::string::npos);
  const std::string header = csv.substr(0, csv.find('\n'));
  const std::string types = slurp(root / "out" / "incidents.csvt");
  auto column = [](const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    return cells;
  };
  const auto names = column(header);
  const auto kinds = column(types.substr(0, types.find('\n')));
  ASSERT_EQ(names.size(), kinds.size());
  const auto date = std::find(names.begin(), names.end(), "event_date");
  ASSERT_NE(date, names.end());
  EXPECT_EQ(kinds[static_cast<std::size_t>(date - names.begin())], "Date");
  fs::remove_all(root);
}

TEST(Kml, PlacemarksAreNamedByPlaceAndDate) {
  const fs::path root = fresh_dir("kml");
  write_file(root / "a.jsonl", kTaji + "\n");
  ASSERT_EQ(run_mawqi("run --in " + (root / "a.jsonl").string() + " --out " + (root / "out").string() +
                      " --format KML --quiet")
                .exit_code,
            0);
  const std::string kml = slurp(root / "out" / "incidents.kml");
  EXPECT_NE(kml.find("<name>Camp Taji, 2021-03-03</name>"), std::string::npos) << kml.substr(0, 2000);
  EXPECT_EQ(kml.find("mawqi_name"), std::string::npos) << "the name field is KML's <name>, not data";
  EXPECT_NE(kml.find(R"(<SimpleData name="place_name">Camp Taji</SimpleData>)"), std::string::npos);
  fs::remove_all(root);
}

}  // namespace

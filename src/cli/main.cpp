// mawqi command line: run, plan, merge, gazetteer lookup|build, eval. Exit codes: 0 success, 1 runtime failure, 2
// usage.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "mawqi/error.hpp"
#include "mawqi/eval.hpp"
#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/map_page.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/resolve.hpp"
#include "mawqi/run.hpp"

namespace fs = std::filesystem;
using namespace mawqi;

namespace {

// The usage lines of each command, and the usage text of one command or of all.
constexpr const char* kRunUsage =
    "mawqi run --in PATH... --out DIR|PG:CONN [--gazetteer PATH]... [--index FILE] [--format NAME]\n"
    "                 [--lexicons DIR] [--weight NAME=VALUE]... [--t_srs CRS] [--jobs N] [--state FILE]\n"
    "                 [--strict] [--quiet]";
constexpr const char* kShardRunUsage =
    "mawqi run (--in PATH... | --plan FILE --shard K) --partial FILE [--gazetteer PATH]... [--index FILE]\n"
    "                 [--lexicons DIR] [--weight NAME=VALUE]... [--jobs N] [--state FILE] [--strict] [--quiet]";
constexpr const char* kPlanUsage = "mawqi plan --in PATH... --shards N [-o FILE]";
constexpr const char* kMergeUsage =
    "mawqi merge PARTIAL... (--out DIR|PG:CONN [--format NAME] [--t_srs CRS] | --partial FILE)\n"
    "                 [--gazetteer PATH]... [--index FILE] [--lexicons DIR] [--weight NAME=VALUE]... [--strict] "
    "[--quiet]";
constexpr const char* kLookupUsage = "mawqi gazetteer lookup NAME [--gazetteer PATH]... [--index FILE] [--limit N]";
constexpr const char* kBuildUsage = "mawqi gazetteer build [--gazetteer PATH]... -o FILE";
constexpr const char* kEvalUsage =
    "mawqi eval --corpus DIR [--gazetteer PATH]... [--index FILE] [--lexicons DIR]\n"
    "                  [--weight NAME=VALUE]...";

std::string usage(const std::vector<const char*>& lines, const std::string& command) {
  std::string text;
  for (const char* line : lines) text += (text.empty() ? "usage: " : "\n       ") + std::string(line);
  return text + "\n       (mawqi " + (command.empty() ? "" : command + " ") + "--help for every option)";
}

// "1 article", "2 articles", "0 articles".
std::string count(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

// Every message goes out on one line, without the password of a connection string.
void warn(const std::string& warning) { std::cerr << "mawqi: warning: " << io::redact_secrets(warning) << '\n'; }

// The bundled gazetteer: $MAWQI_GAZETTEER, else gazetteer/ beside the build directory (source
// tree) or share/mawqi/gazetteer of an installation, never the current directory; followed by the
// world's towns that the build generated (CMakeLists.txt, MAWQI_WORLD_TOWNS), when it did.
std::vector<std::string> default_gazetteer() {
  if (const char* env = std::getenv("MAWQI_GAZETTEER"); env != nullptr && *env != '\0') return {env};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate : {exe.parent_path().parent_path() / "gazetteer",
                                      exe.parent_path().parent_path() / "share" / "mawqi" / "gazetteer"})
      if (fs::is_directory(candidate, ec)) {
        std::vector<std::string> sources{candidate.string()};
#ifdef MAWQI_WORLD_GAZETTEER_DIR
        if (fs::is_regular_file(fs::path(MAWQI_WORLD_GAZETTEER_DIR) / "world-towns.geojson", ec))
          sources.emplace_back(MAWQI_WORLD_GAZETTEER_DIR);
#endif
        return sources;
      }
  }
  throw Error("cannot find the bundled gazetteer; set MAWQI_GAZETTEER or pass --gazetteer PATH");
}

// A folder of the bundled data, found like the gazetteer: $ENV, else RELATIVE beside the build
// directory or in share/mawqi of an installation.
std::string bundled_folder(const char* env_name, const fs::path& relative, const std::string& remedy) {
  if (const char* env = std::getenv(env_name); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate :
         {exe.parent_path().parent_path() / relative, exe.parent_path().parent_path() / "share" / "mawqi" / relative})
      if (fs::is_directory(candidate, ec)) return candidate.string();
  }
  throw Error("cannot find the bundled " + relative.string() + "; set " + env_name + remedy);
}

std::string default_lexicons() { return bundled_folder("MAWQI_LEXICONS", "lexicons", " or pass --lexicons DIR"); }

// What an output into a directory needs besides the layers: ACLED's conventions for --format
// ACLED (formats/acled/README.md), else map.html's files (map/README.md) and Debian's Leaflet.
void find_output_data(const std::string& out, io::OutputOptions& output) {
  const std::string format = io::resolve_output(out, output).format;
  if (format == "ACLED") {
    output.acled_conventions = bundled_folder("MAWQI_ACLED", fs::path("formats") / "acled", "");
  } else if (format != "PostgreSQL") {
    output.map_folder = bundled_folder("MAWQI_MAP", "map", "");
    output.leaflet_folder = io::default_leaflet_folder();
    if (const std::string why = io::leaflet_missing(output.leaflet_folder); !why.empty()) {
      warn("map.html not written: " + why);
      output.leaflet_folder.clear();
    }
  }
}

struct LexiconArgs {
  std::string dir;
  void add_to(CLI::App* cmd) {
    cmd->add_option("--lexicons", dir, "Lexicon folder (lexicons/README.md); default: the bundled one");
  }
  [[nodiscard]] std::string in_use() const { return dir.empty() ? default_lexicons() : dir; }
  [[nodiscard]] lang::Language load() const { return lang::Language::load(in_use()); }
};

struct GazetteerArgs {
  std::vector<std::string> sources;
  std::string index;

  void add_to(CLI::App* cmd, bool with_index = true) {
    CLI::Option* g = cmd->add_option("--gazetteer", sources,
                                     "Gazetteer source (GeoJSON file or directory, GeoNames TSV); repeat to merge");
    if (with_index) cmd->add_option("--index", index, "Compiled index from `mawqi gazetteer build`")->excludes(g);
  }

  // What load() reads: a run refuses to write its layers inside one of these folders.
  [[nodiscard]] std::vector<std::string> in_use() const {
    if (!index.empty()) return {index};
    return sources.empty() ? default_gazetteer() : sources;
  }

  // A compiled index when given, else the sources (or the bundled gazetteer).
  [[nodiscard]] gazetteer::Gazetteer load(const text::Tokenizer& tokenizer) const {
    if (!index.empty()) return gazetteer::Gazetteer::open_index(index);
    return gazetteer::Gazetteer::build(sources.empty() ? default_gazetteer() : sources, tokenizer);
  }
};

// --weight NAME=VALUE, repeatable: the resolver's named weights (README, "Resolver weights").
struct WeightArgs {
  std::vector<std::string> assignments;
  void add_to(CLI::App* cmd) {
    cmd->add_option("--weight", assignments, "Resolver weight NAME=VALUE (README: Resolver weights); repeatable");
  }
  [[nodiscard]] resolve::Weights load() const {
    resolve::Weights w;
    for (const std::string& a : assignments) w.set(a);
    return w;
  }
};

struct RunArgs {
  RunOptions run;
  GazetteerArgs gazetteer;
  LexiconArgs lexicons;
  WeightArgs weights;
  bool quiet = false;
};

// "1 article (0 skipped), 2 mentions, …" after a run or a merge.
void print_summary(const RunSummary& s, const std::string& destination, bool partial) {
  std::cout << "mawqi: " << count(s.articles, "article") << " (" << s.skipped << " skipped"
            << (s.reused ? ", " + std::to_string(s.reused) + " unchanged" : std::string()) << "), "
            << count(s.mentions, "mention");
  if (!partial)  // a partial's events are merged later
    std::cout << ", " << count(s.incidents, "incident") << ", " << count(s.handovers, "handover");
  std::cout << " -> " << io::redact_secrets(destination) << '\n';
}

struct ShardArgs {
  std::string plan;
  std::size_t shard = 0;
};

int run(RunArgs args, const ShardArgs& shard) {
  const bool partial = !args.run.partial_path.empty();
  if (partial && !args.run.out.empty()) throw UsageError("--partial writes a shard's results; --out is for layers");
  if (!partial && args.run.out.empty()) throw UsageError("--out DIR|PG:CONN is required (or --partial FILE)");
  if (!shard.plan.empty() && !args.run.inputs.empty()) throw UsageError("--plan names the inputs; no --in with it");
  if (shard.plan.empty() && args.run.inputs.empty())
    throw UsageError("--in PATH is required (or --plan FILE --shard K)");
  if (!shard.plan.empty()) {
    std::vector<io::Shard> shards = io::read_shard_plan(shard.plan);
    if (shard.shard >= shards.size())
      throw UsageError("--shard " + std::to_string(shard.shard) + ": the plan has " + count(shards.size(), "shard") +
                       ", numbered from 0");
    args.run.plan_position = PlanPosition{io::plan_digest(shards), shard.shard, shard.shard, shards.size()};
    args.run.shard = std::move(shards[shard.shard]);
  }
  if (partial && (!args.run.output.format.empty() || !args.run.output.t_srs.empty()))
    throw UsageError("--format and --t_srs are the merge's: a partial keeps places by id");
  if (!partial) {
    io::validate_output(io::resolve_output(args.run.out, args.run.output));  // before any work
    find_output_data(args.run.out, args.run.output);
  }
  args.run.weights = args.weights.load();
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = args.gazetteer.load(tokenizer);
  const lang::Language language = args.lexicons.load();
  args.run.lexicons = args.lexicons.in_use();
  args.run.progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;
  args.run.gazetteer_sources = args.gazetteer.in_use();
  std::string inputs;
  for (const std::string& input : args.run.inputs) inputs += (inputs.empty() ? "" : " ") + input;
  args.run.inputs = io::article_inputs(args.run.inputs, warn);
  if (partial) args.run.fingerprint = partial_fingerprint(gaz, language, args.run.weights);
  if (args.run.shard) inputs = shard.plan + " shard " + std::to_string(shard.shard);
  const RunSummary s = run_corpus(args.run, gaz, language, warn);
  if (s.articles == 0 && s.skipped == 0 && !args.run.shard) warn("no article found in " + inputs);
  if (!args.quiet) print_summary(s, partial ? args.run.partial_path + " (partial)" : args.run.out, partial);
  return 0;
}

int plan(const std::vector<std::string>& inputs, std::size_t shards, const std::string& output) {
  const std::string text = io::shard_plan_json(io::plan_shards(io::article_inputs(inputs, warn), shards));
  if (output.empty() || output == "-") {
    std::cout << text;
    return 0;
  }
  // Written beside, then switched: a plan the shards read is never half there.
  const std::string temporary = output + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw Error(temporary + ": cannot write");
  }
  std::error_code ec;
  fs::rename(temporary, output, ec);
  if (ec) throw Error(output + ": cannot write (" + ec.message() + ")");
  return 0;
}

struct MergeArgs {
  MergeOptions merge;
  GazetteerArgs gazetteer;
  LexiconArgs lexicons;
  WeightArgs weights;
  bool quiet = false;
};

int merge(MergeArgs args) {
  const bool partial = !args.merge.partial_path.empty();
  if (partial == !args.merge.out.empty())
    throw UsageError(partial ? "--out and --partial: merge into layers or into one partial, not both"
                             : "--out DIR|PG:CONN is required (or --partial FILE)");
  if (partial && (!args.merge.output.format.empty() || !args.merge.output.t_srs.empty()))
    throw UsageError("--format and --t_srs are for layers; a partial keeps places by id");
  if (!partial) {
    io::validate_output(io::resolve_output(args.merge.out, args.merge.output));
    find_output_data(args.merge.out, args.merge.output);
  }
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = args.gazetteer.load(tokenizer);
  args.merge.fingerprint = partial_fingerprint(gaz, args.lexicons.load(), args.weights.load());
  args.merge.progress = !args.quiet && ::isatty(STDERR_FILENO) != 0;
  args.merge.gazetteer_sources = args.gazetteer.in_use();
  args.merge.lexicons = args.lexicons.in_use();
  const RunSummary s = merge_partials(args.merge, gaz, warn);
  if (!args.quiet) print_summary(s, partial ? args.merge.partial_path + " (partial)" : args.merge.out, partial);
  return 0;
}

// Keys to try for a looked-up name: as given, then with each article of the bundled lexicons'
// name_articles added or removed ("Qaim" finds "Al Qa'im", "قائم" finds "القائم" and back). The
// Arabic article is glued to the word (and leaves more than two letters), a Latin one is a word.
std::vector<std::string> lookup_keys(const std::string& key) {
  static const std::vector<std::string> kArticles = [] {
    const text::Tokenizer tokenizer;
    std::vector<std::string> articles;
    for (const std::string& a : LexiconArgs{}.load().phrases("name_articles"))
      if (std::string k = text::name_key(tokenizer, a); !k.empty()) articles.push_back(std::move(k));
    return articles;
  }();
  std::vector<std::string> keys{key};
  for (const std::string& article : kArticles) {
    if (text::dominant_script(article) == text::Script::arabic) {
      if (key.starts_with(article) && key.size() > article.size() + 4)
        keys.push_back(key.substr(article.size()));
      else
        keys.push_back(article + key);
    } else {
      const std::string word = article + " ";
      keys.push_back(key.starts_with(word) ? key.substr(word.size()) : word + key);
    }
  }
  return keys;
}

int lookup(const std::string& name, const GazetteerArgs& args, std::size_t limit) {
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = args.load(tokenizer);
  std::vector<std::uint32_t> found;
  for (const std::string& key : lookup_keys(text::name_key(tokenizer, name)))
    for (std::uint32_t i : gaz.find(key))
      if (std::find(found.begin(), found.end(), i) == found.end()) found.push_back(i);
  // No spelling matched: link across scripts by consonant skeleton (Bismayah → بسماية).
  if (const std::string skeleton = text::skeleton_key(tokenizer, name);
      found.empty() && skeleton.size() >= gazetteer::Gazetteer::kMinSkeleton) {
    const auto linked = gaz.find(std::string(gazetteer::Gazetteer::kSkeletonMarker) + skeleton);
    found.assign(linked.begin(), linked.end());
  }
  // Without context: capitals and populous places first (Washington → Washington, D.C.).
  std::stable_sort(found.begin(), found.end(), [&](std::uint32_t a, std::uint32_t b) {
    return resolve::Resolver::prior(gaz.place(a), {}) > resolve::Resolver::prior(gaz.place(b), {});
  });
  if (found.size() > limit) found.resize(limit);
  for (std::uint32_t i : found) std::cout << io::place_json(gaz.place(i)) << '\n';
  if (found.empty()) {
    std::cerr << "mawqi: no place named '" << name << "' in the gazetteer\n";
    return 1;
  }
  return 0;
}

int build_index(const GazetteerArgs& args, const std::string& output) {
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = args.load(tokenizer);
  gaz.save_index(output);
  std::cout << "mawqi: " << gaz.size() << " places, " << gaz.name_count() << " names -> " << output << '\n';
  return 0;
}

// Scores the pipeline against DIR/articles/*.json and DIR/gold/<id>.json; always exits 0.
int evaluate(const std::string& corpus, const GazetteerArgs& args, const LexiconArgs& lexicons,
             const WeightArgs& weights) {
  const resolve::Weights w = weights.load();
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = args.load(tokenizer);
  const lang::Language language = lexicons.load();
  const Pipeline pipeline(gaz, language, w);
  eval::Report report;
  std::size_t documents = 0;
  io::read_articles(
      {corpus + "/articles"}, io::ReadOptions{},
      [&](Article&& article) {
        const std::string gold_path = corpus + "/gold/" + article.id + ".json";
        if (!fs::exists(gold_path)) {
          warn(gold_path + ": no gold for article " + article.id + " (skipped)");
          return;
        }
        ArticleResult r = pipeline.process(article);
        eval::Prediction p{article.id, article.lang, std::move(r.mentions),
                           events::deduplicate(std::move(r.events), gaz)};
        eval::score(eval::read_gold(gold_path), p, gaz, report);
        ++documents;
      },
      warn);
  std::cout << "mawqi eval: " << documents << " documents in " << corpus << '\n';
  eval::print(report, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mawqi: places and events from Arabic and English news, as map layers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("mawqi ") + MAWQI_VERSION, "Print the version and exit");

  RunArgs run_args;
  CLI::App* run_cmd = app.add_subcommand("run", "Read articles, write mentions/incidents/handovers layers");
  ShardArgs shard_args;
  run_cmd->add_option("--in", run_args.run.inputs, "Article file, directory or - (JSON Lines on stdin)");
  run_cmd->add_option("--out", run_args.run.out, "Output directory, or PG:\"dbname=...\" for PostgreSQL");
  CLI::Option* plan_option =
      run_cmd->add_option("--plan", shard_args.plan, "Shard plan from `mawqi plan`: read one of its shards (--shard)");
  CLI::Option* shard_option =
      run_cmd->add_option("--shard", shard_args.shard, "Which shard of --plan to read, from 0")->needs(plan_option);
  plan_option->needs(shard_option);
  run_cmd->add_option("--partial", run_args.run.partial_path,
                      "Write the articles' results unmerged into this file, for `mawqi merge`, instead of layers");
  run_args.gazetteer.add_to(run_cmd);
  run_args.lexicons.add_to(run_cmd);
  run_args.weights.add_to(run_cmd);
  run_cmd->add_option("--format", run_args.run.output.format,
                      "Output format: GeoJSON (default), GeoJSONSeq, GPKG, FlatGeobuf, KML, CSV, ACLED, PostgreSQL");
  run_cmd->add_option("--t_srs", run_args.run.output.t_srs,
                      "Reproject to this CRS (EPSG:NNNN, PROJ string); GPKG, FlatGeobuf, CSV, PostgreSQL only");
  run_cmd->add_option("--jobs,-j", run_args.run.jobs, "Worker threads (default: every core)")
      ->check(CLI::Range(1U, 1024U));
  run_cmd->add_option("--state", run_args.run.state_path,
                      "SQLite file remembering each article's results: unchanged articles are not processed again");
  run_cmd->add_flag("--strict", run_args.run.strict, "Stop at the first bad record (exit 1)");
  run_cmd->add_flag("--quiet,-q", run_args.quiet, "No progress and no summary");

  CLI::App* gaz_cmd = app.add_subcommand("gazetteer", "Inspect or compile the gazetteer");
  gaz_cmd->require_subcommand(1);
  std::string lookup_name;
  GazetteerArgs lookup_args;
  std::size_t lookup_limit = 20;
  CLI::App* lookup_cmd =
      gaz_cmd->add_subcommand("lookup", "Print the places with this name, best first, as JSON lines");
  lookup_cmd->add_option("name", lookup_name, "Place name, any script")->required();
  lookup_args.add_to(lookup_cmd);
  lookup_cmd->add_option("--limit", lookup_limit, "At most this many candidates");
  GazetteerArgs build_args;
  std::string build_output;
  CLI::App* build_cmd = gaz_cmd->add_subcommand("build", "Compile gazetteer sources into a memory-mapped index");
  build_args.add_to(build_cmd, false);
  build_cmd->add_option("-o,--output", build_output, "Index file to write")->required();

  std::vector<std::string> plan_inputs;
  std::size_t plan_shards = 0;
  std::string plan_output;
  CLI::App* plan_cmd = app.add_subcommand("plan", "Cut a corpus into shards in input order, for runs on many machines");
  plan_cmd->add_option("--in", plan_inputs, "Article file or directory")->required();
  plan_cmd->add_option("--shards", plan_shards, "At most this many shards, of about equal bytes")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  plan_cmd->add_option("-o,--output", plan_output, "Plan file to write (default: standard output)");

  MergeArgs merge_args;
  CLI::App* merge_cmd =
      app.add_subcommand("merge", "Merge partials (mawqi run --partial), in shard order, into layers or one partial");
  merge_cmd->add_option("partials", merge_args.merge.partials, "Partial files, in the order of their shards")
      ->required();
  merge_cmd->add_option("--out", merge_args.merge.out, "Output directory, or PG:\"dbname=...\" for PostgreSQL");
  merge_cmd->add_option("--partial", merge_args.merge.partial_path, "Merge into one partial instead (a merge tree)");
  merge_cmd->add_option("--format", merge_args.merge.output.format,
                        "Output format: GeoJSON (default), GeoJSONSeq, GPKG, FlatGeobuf, KML, CSV, ACLED, PostgreSQL");
  merge_cmd->add_option("--t_srs", merge_args.merge.output.t_srs, "Reproject to this CRS (as for run)");
  merge_args.gazetteer.add_to(merge_cmd);
  merge_args.lexicons.add_to(merge_cmd);
  merge_args.weights.add_to(merge_cmd);
  merge_cmd->add_flag("--strict", merge_args.merge.strict, "An article id in two partials is fatal (exit 1)");
  merge_cmd->add_flag("--quiet,-q", merge_args.quiet, "No progress and no summary");

  std::string eval_corpus;
  GazetteerArgs eval_args;
  LexiconArgs eval_lexicons;
  CLI::App* eval_cmd = app.add_subcommand("eval", "Score against gold annotations (../shared/corpus/README.md)");
  eval_cmd->add_option("--corpus", eval_corpus, "Corpus directory with articles/ and gold/")->required();
  eval_args.add_to(eval_cmd);
  eval_lexicons.add_to(eval_cmd);
  WeightArgs eval_weights;
  eval_weights.add_to(eval_cmd);

  // The usage of the command given (a subcommand's own, or all of them).
  auto usage_of = [&] {
    if (*lookup_cmd) return usage({kLookupUsage}, "gazetteer lookup");
    if (*build_cmd) return usage({kBuildUsage}, "gazetteer build");
    if (*gaz_cmd) return usage({kLookupUsage, kBuildUsage}, "gazetteer");
    if (*run_cmd) return usage({kRunUsage, kShardRunUsage}, "run");
    if (*plan_cmd) return usage({kPlanUsage}, "plan");
    if (*merge_cmd) return usage({kMergeUsage}, "merge");
    if (*eval_cmd) return usage({kEvalUsage}, "eval");
    return usage({kRunUsage, kShardRunUsage, kPlanUsage, kMergeUsage, kLookupUsage, kBuildUsage, kEvalUsage}, "");
  };
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --help-all, --version
    std::cerr << "mawqi: " << io::redact_secrets(e.what()) << '\n' << usage_of() << '\n';
    return 2;
  }
  try {
    if (*run_cmd) return run(std::move(run_args), shard_args);
    if (*plan_cmd) return plan(plan_inputs, plan_shards, plan_output);
    if (*merge_cmd) return merge(std::move(merge_args));
    if (*lookup_cmd) return lookup(lookup_name, lookup_args, lookup_limit);
    if (*build_cmd) return build_index(build_args, build_output);
    if (*eval_cmd) return evaluate(eval_corpus, eval_args, eval_lexicons, eval_weights);
  } catch (const UsageError& e) {
    std::cerr << "mawqi: " << io::redact_secrets(e.what()) << '\n' << usage_of() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mawqi: error: " << io::redact_secrets(e.what()) << '\n';
    return 1;
  }
  return 2;
}

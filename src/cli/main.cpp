// mawqi command line: run, gazetteer lookup. Exit codes: 0 success, 1 runtime failure, 2 usage.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "mawqi/error.hpp"
#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/resolve.hpp"

namespace fs = std::filesystem;
using namespace mawqi;

namespace {

// The bundled gazetteer: $MAWQI_GAZETTEER, else gazetteer/ beside the build directory (source
// tree) or share/mawqi/gazetteer of an installation; never the current directory.
std::vector<std::string> default_gazetteer() {
  if (const char* env = std::getenv("MAWQI_GAZETTEER"); env != nullptr && *env != '\0') return {env};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& candidate : {exe.parent_path().parent_path() / "gazetteer",
                                      exe.parent_path().parent_path() / "share" / "mawqi" / "gazetteer"})
      if (fs::is_directory(candidate, ec)) return {candidate.string()};
  }
  throw Error("cannot find the bundled gazetteer; set MAWQI_GAZETTEER or pass --gazetteer PATH");
}

gazetteer::Gazetteer load_gazetteer(std::vector<std::string> sources, const text::Tokenizer& tokenizer) {
  if (sources.empty()) sources = default_gazetteer();
  return gazetteer::Gazetteer::build(sources, tokenizer);
}

struct RunArgs {
  std::vector<std::string> inputs;
  std::string out;
  std::vector<std::string> gazetteers;
  std::string format = "GeoJSON";
  bool strict = false;
  bool quiet = false;
};

int run(const RunArgs& args) {
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = load_gazetteer(args.gazetteers, tokenizer);
  const Pipeline pipeline(gaz);
  io::Layers layers;
  std::vector<events::Event> all_events;
  io::ReadOptions options;
  options.strict = args.strict;
  const io::ReadStats stats = io::read_articles(
      args.inputs, options,
      [&](Article&& article) {
        ArticleResult r = pipeline.process(article);
        std::move(r.mentions.begin(), r.mentions.end(), std::back_inserter(layers.mentions));
        std::move(r.events.begin(), r.events.end(), std::back_inserter(all_events));
      },
      [](const std::string& warning) { std::cerr << "mawqi: warning: " << warning << '\n'; });
  for (events::Event& e : events::deduplicate(std::move(all_events), gaz))
    (e.type == events::EventType::incident ? layers.incidents : layers.handovers).push_back(std::move(e));
  io::write_layers(args.out, args.format, layers, gaz);
  if (!args.quiet)
    std::cout << "mawqi: " << stats.articles << " articles (" << stats.skipped << " skipped), "
              << layers.mentions.size() << " mentions, " << layers.incidents.size() << " incidents, "
              << layers.handovers.size() << " handovers -> " << args.out << '\n';
  return 0;
}

int lookup(const std::string& name, const std::vector<std::string>& gazetteers, std::size_t limit) {
  const text::Tokenizer tokenizer;
  const gazetteer::Gazetteer gaz = load_gazetteer(gazetteers, tokenizer);
  const std::string key = text::name_key(tokenizer, name);
  std::vector<std::uint32_t> found(gaz.find(key).begin(), gaz.find(key).end());
  std::stable_sort(found.begin(), found.end(), [&](std::uint32_t a, std::uint32_t b) {
    return resolve::Resolver::prior(gaz.place(a)) > resolve::Resolver::prior(gaz.place(b));
  });
  if (found.size() > limit) found.resize(limit);
  for (std::uint32_t i : found) std::cout << io::place_json(gaz.place(i)) << '\n';
  if (found.empty()) {
    std::cerr << "mawqi: no place named '" << name << "' in the gazetteer\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mawqi: places and events from Arabic and English news, as map layers"};
  app.require_subcommand(1);
  RunArgs run_args;
  CLI::App* run_cmd = app.add_subcommand("run", "Read articles, write mentions/incidents/handovers layers");
  run_cmd->add_option("--in", run_args.inputs, "Article file, directory or - (JSON Lines on stdin)")->required();
  run_cmd->add_option("--out", run_args.out, "Output directory")->required();
  run_cmd->add_option("--gazetteer", run_args.gazetteers,
                      "Gazetteer source (GeoJSON file/dir, GeoNames TSV); repeatable");
  run_cmd->add_option("--format", run_args.format, "Output format (GeoJSON)");
  run_cmd->add_flag("--strict", run_args.strict, "Stop at the first bad record (exit 1)");
  run_cmd->add_flag("--quiet,-q", run_args.quiet, "Print no summary");

  CLI::App* gaz_cmd = app.add_subcommand("gazetteer", "Inspect the gazetteer");
  gaz_cmd->require_subcommand(1);
  std::string lookup_name;
  std::vector<std::string> lookup_gazetteers;
  std::size_t lookup_limit = 20;
  CLI::App* lookup_cmd =
      gaz_cmd->add_subcommand("lookup", "Print the places with this name, best first, as JSON lines");
  lookup_cmd->add_option("name", lookup_name, "Place name, any script")->required();
  lookup_cmd->add_option("--gazetteer", lookup_gazetteers, "Gazetteer source; repeatable");
  lookup_cmd->add_option("--limit", lookup_limit, "At most this many candidates");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "mawqi: " << e.what() << "\nusage: mawqi run --in PATH... --out DIR [--gazetteer PATH]... | "
              << "mawqi gazetteer lookup NAME [--gazetteer PATH]...  (mawqi --help)\n";
    return 2;
  }
  try {
    if (*run_cmd) return run(run_args);
    if (*lookup_cmd) return lookup(lookup_name, lookup_gazetteers, lookup_limit);
  } catch (const std::exception& e) {
    std::cerr << "mawqi: error: " << e.what() << '\n';
    return 1;
  }
  return 2;
}

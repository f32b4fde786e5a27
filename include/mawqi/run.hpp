#pragma once
// A whole run: articles streamed from the inputs through worker threads (one Pipeline each,
// one shared immutable gazetteer), results consumed in input order so the layers are the same
// bytes whatever --jobs, mentions written as they come, events de-duplicated at the end.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/language.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/resolve.hpp"

namespace mawqi {

struct RunOptions {
  std::vector<std::string> inputs;
  std::string out;
  io::OutputOptions output;
  bool strict = false;
  unsigned jobs = 0;       // 0: every core
  bool progress = false;   // a progress line on stderr
  std::string state_path;  // incremental runs: results of unchanged articles are reused
  // Instead of `inputs` whole: one shard of a plan (io::plan_shards).
  std::optional<io::Shard> shard;
  // Instead of the layers at `out`: a partial file there (mawqi/partial.hpp), bound to
  // `fingerprint` (partial_fingerprint of the gazetteer, lexicons and weights in use).
  std::string partial_path;
  std::string fingerprint;
  std::optional<PlanPosition> plan_position;  // the shard's place in its plan, for the partial
  // Gazetteer sources in use: --out may not be one of these folders or inside one (nor inside an
  // input folder), or the layers would be read back in.
  std::vector<std::string> gazetteer_sources;
  std::string lexicons;      // the lexicon folder in use, likewise
  resolve::Weights weights;  // --weight NAME=VALUE
};

struct RunSummary {
  std::size_t articles = 0, skipped = 0, reused = 0, mentions = 0, incidents = 0, handovers = 0;
};

// Merges partials, in the order given, into the layers at `out` (or, with `partial_path`, into
// one partial: a node of a merge tree): the bytes `run_corpus` writes over the shards' articles.
struct MergeOptions {
  std::vector<std::string> partials;
  std::string out;
  io::OutputOptions output;
  std::string partial_path;
  std::string fingerprint;  // the partials' (partial_fingerprint): others are refused
  bool strict = false;      // an article id met twice is fatal, as in a run
  bool progress = false;
  // As for a run: --out may not be inside one of these folders.
  std::vector<std::string> gazetteer_sources;
  std::string lexicons;
};
// Writing into a folder that is read (articles, a gazetteer, lexicons) would feed the layers
// back in; UsageError when `out` is one of `folders` or inside one. `what` names them.
void refuse_output_inside(const std::string& out, const std::vector<std::string>& folders, const char* what);

RunSummary merge_partials(const MergeOptions& options, const gazetteer::Gazetteer& gazetteer,
                          const std::function<void(const std::string&)>& warn);

RunSummary run_corpus(const RunOptions& options, const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                      const std::function<void(const std::string&)>& warn);

}  // namespace mawqi

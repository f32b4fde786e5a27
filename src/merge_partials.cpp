// mawqi merge: the partials of a corpus's shards, read in shard order, go through the sink a
// single run's articles go through, so the layers are that run's bytes.
#include <cstdio>

#include "mawqi/error.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/run.hpp"
#include "result_sink.hpp"

namespace mawqi {

RunSummary merge_partials(const MergeOptions& options, const gazetteer::Gazetteer& gazetteer,
                          const std::function<void(const std::string&)>& warn) {
  if (options.partials.empty()) throw UsageError("mawqi merge: no partial to merge");
  if (options.partial_path.empty()) {
    refuse_output_inside(options.out, options.gazetteer_sources, "gazetteer");
    if (!options.lexicons.empty()) refuse_output_inside(options.out, {options.lexicons}, "lexicon");
  }
  const io::InterruptCleanup interrupt_cleanup;
  // Planned partials: in order and without a gap, and all of them for layers. Their headers are
  // read before anything is written.
  std::optional<PlanPosition> span;
  bool unplanned = false;
  for (const std::string& path : options.partials) {
    const PartialReader header(path, options.fingerprint, gazetteer);
    const std::optional<PlanPosition>& p = header.position();
    if (!p) {
      unplanned = true;
    } else if (!span) {
      span = p;
    } else if (p->plan != span->plan || p->count != span->count) {
      throw InputError(path, "plan", "a shard of another plan than " + options.partials.front() + "'s");
    } else if (p->first != span->last + 1) {
      throw InputError(path, "plan",
                       "shards " + std::to_string(p->first) + "-" + std::to_string(p->last) + " where shard " +
                           std::to_string(span->last + 1) + " comes next; give the partials in shard order");
    } else {
      span->last = p->last;
    }
    if (unplanned && span) throw InputError(path, "plan", "planned and unplanned partials cannot be merged together");
  }
  if (span && span->first != 0 && options.partial_path.empty())
    throw InputError(options.partials.front(), "plan", "the layers need every shard from 0; shard 0 is missing");
  if (span && span->last + 1 != span->count && options.partial_path.empty())
    throw InputError(options.partials.back(), "plan",
                     "the layers need every shard; the last, " + std::to_string(span->count - 1) + ", is missing");
  ResultSink sink(options.out, options.output, options.partial_path, options.fingerprint, gazetteer, span);
  // An id in two shards is a duplicate of a single run: the first in input order stays.
  io::RecordChecker checker(io::ReadOptions{options.strict}, warn);
  RunSummary summary;
  std::size_t skipped = 0;
  for (const std::string& path : options.partials) {
    PartialReader reader(path, options.fingerprint, gazetteer);
    while (std::optional<PartialReader::Entry> entry = reader.next()) {
      Article article;
      article.id = std::move(entry->id);
      article.origin = std::move(entry->origin);
      if (!checker.accept(article)) continue;
      std::optional<std::string> encoded;
      static_cast<void>(sink.add(article, entry->result, encoded));
      summary.mentions += entry->result.mentions.size();
      sink.add_events(std::move(entry->result.events));
      ++summary.articles;
      if (options.progress && summary.articles % 10000 == 0)
        std::fprintf(stderr, "\r%zu articles merged   ", summary.articles);
    }
    skipped += reader.skipped();
  }
  if (options.progress && summary.articles >= 10000) std::fputs("\n", stderr);
  summary.skipped = skipped + checker.stats().skipped;
  sink.finish(summary);
  return summary;
}

}  // namespace mawqi

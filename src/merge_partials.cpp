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
  const io::InterruptCleanup interrupt_cleanup;
  ResultSink sink(options.out, options.output, options.partial_path, options.fingerprint, gazetteer);
  // An id in two shards is a duplicate of a single run: the first in input order stays.
  io::RecordChecker checker(io::ReadOptions{options.strict}, warn);
  RunSummary summary;
  std::size_t skipped = 0;
  for (const std::string& path : options.partials) {
    PartialReader reader(path, options.fingerprint, gazetteer);
    while (std::optional<PartialReader::Entry> entry = reader.next()) {
      Article article;
      article.id = std::move(entry->id);
      article.origin = std::move(entry->where);
      if (!checker.accept(article)) continue;
      std::optional<std::string> encoded;
      static_cast<void>(sink.add(article.id, entry->result, encoded));
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

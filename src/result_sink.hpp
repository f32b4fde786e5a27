#pragma once
// Where a run's results go, article by article in input order, shared by `mawqi run` and
// `mawqi merge` so that a merge of partials writes the bytes a single run writes: either the
// layers (mentions as they come, events merged across articles and written at the end), or a
// partial file (each article's own results, merged later).
#include <optional>
#include <string>

#include "mawqi/io.hpp"
#include "mawqi/partial.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/run.hpp"

namespace mawqi {

class ResultSink {
 public:
  // `partial_path` empty: the layers at `out`; else a partial there, bound to `fingerprint`.
  ResultSink(const std::string& out, const io::OutputOptions& output, const std::string& partial_path,
             const std::string& fingerprint, const gazetteer::Gazetteer& gazetteer,
             const std::optional<PlanPosition>& position = std::nullopt);

  // The mention encoding whose bytes add() takes and gives (io::MentionEncoding::id), or empty.
  [[nodiscard]] const std::string& encoding_id() const { return m_encoding_id; }
  // One accepted article. With an encoding, `encoded` holds its mentions' bytes or, when empty,
  // they are encoded from result.mentions into it; true when encoded now. The events are left
  // in `result` for the caller (a state keeps them), to be given to add_events.
  bool add(const Article& article, const ArticleResult& result, std::optional<std::string>& encoded);
  void add_events(std::vector<events::Event>&& reports);
  // Writes the events (or the partial's end record) and switches the output into place.
  void finish(RunSummary& summary);

 private:
  const gazetteer::Gazetteer& m_gazetteer;
  std::optional<io::LayerWriter> m_writer;
  std::optional<PartialWriter> m_partial;
  std::string m_encoding_id;
  // Encoding on the consumer thread, where GDAL wrote every feature before: on the workers it
  // slowed the pipeline beside it by more than it took off this thread (BENCHMARKS.md).
  std::optional<io::MentionEncoder> m_encoder;
  std::optional<events::Deduplicator> m_merged;  // only distinct events stay in memory
};

}  // namespace mawqi

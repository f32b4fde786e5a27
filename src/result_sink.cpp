#include "result_sink.hpp"

namespace mawqi {

ResultSink::ResultSink(const std::string& out, const io::OutputOptions& output, const std::string& partial_path,
                       const std::string& fingerprint, const gazetteer::Gazetteer& gazetteer,
                       const std::optional<PlanPosition>& position)
    : m_gazetteer(gazetteer) {
  if (!partial_path.empty()) {
    m_partial.emplace(partial_path, fingerprint, gazetteer, position);
    return;
  }
  m_writer.emplace(out, output, gazetteer);
  if (const io::MentionEncoding* encoding = m_writer->mention_encoding(); encoding != nullptr) {
    m_encoding_id = encoding->id();
    m_encoder.emplace(*encoding, gazetteer);
  }
  m_merged.emplace(gazetteer);
}

bool ResultSink::add(const Article& article, const ArticleResult& result, std::optional<std::string>& encoded) {
  const std::string& id = article.id;
  if (m_partial) {
    m_partial->add(id, article.origin, result);
    return false;
  }
  const bool encode_now = m_encoder && !encoded;
  if (encode_now) encoded = m_encoder->encode(result.mentions);
  if (m_encoder)
    m_writer->add_encoded_mentions(*encoded, encode_now ? &result.mentions : nullptr);
  else
    m_writer->add_article(id, result.mentions, result.events);
  return encode_now;
}

void ResultSink::add_events(std::vector<events::Event>&& reports) {
  if (!m_merged) return;  // a partial holds them with their article
  for (auto& e : reports) m_merged->add(std::move(e));
}

void ResultSink::finish(RunSummary& summary) {
  if (m_partial) {
    m_partial->finish(summary.skipped);
    return;
  }
  std::vector<events::Event> incidents, handovers;
  for (events::Event& e : std::move(*m_merged).finish())
    (e.type == events::EventType::incident ? incidents : handovers).push_back(std::move(e));
  summary.incidents = incidents.size();
  summary.handovers = handovers.size();
  m_writer->finish(incidents, handovers);
}

}  // namespace mawqi

#include "mawqi/pipeline.hpp"

namespace mawqi {

Pipeline::Pipeline(const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                   const resolve::Weights& weights)
    : m_matcher(gazetteer, m_tokenizer, language),
      m_resolver(gazetteer, m_tokenizer, language, weights),
      m_extractor(gazetteer, m_tokenizer, language) {}

ArticleResult Pipeline::process(const Article& article) const {
  ArticleResult result;
  const std::vector<text::Token> tokens = m_tokenizer.tokenize(article.text);
  const std::vector<match::Mention> found = m_matcher.find(article.text, tokens);
  const std::vector<resolve::ResolvedMention> resolved = m_resolver.resolve(article.text, tokens, found);
  result.mentions.reserve(resolved.size());
  for (const auto& r : resolved) {
    if (r.anaphoric || r.derived) continue;  // not toponyms; the events use them
    io::MentionFeature f;
    f.doc_id = article.id;
    f.start = r.mention.start;
    f.end = r.mention.end;
    f.text = article.text.substr(r.mention.byte_start, r.mention.byte_end - r.mention.byte_start);
    f.place = r.place;
    f.confidence = r.confidence;
    f.relation = r.relation.text;
    result.mentions.push_back(std::move(f));
  }
  result.events = m_extractor.extract(article, tokens, resolved);
  return result;
}

}  // namespace mawqi

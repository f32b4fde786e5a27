#pragma once
// Wires the stages for one article: tokenize → match → resolve → extract. No I/O of its own.
#include <vector>

#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/language.hpp"
#include "mawqi/match.hpp"
#include "mawqi/resolve.hpp"
#include "mawqi/text.hpp"

namespace mawqi {

struct ArticleResult {
  std::vector<io::MentionFeature> mentions;
  std::vector<events::Event> events;
};

class Pipeline {
 public:
  Pipeline(const gazetteer::Gazetteer& gazetteer, const lang::Language& language, const resolve::Weights& weights = {});
  [[nodiscard]] ArticleResult process(const Article& article) const;
  [[nodiscard]] const text::Tokenizer& tokenizer() const { return m_tokenizer; }

 private:
  text::Tokenizer m_tokenizer;
  match::Matcher m_matcher;
  resolve::Resolver m_resolver;
  events::Extractor m_extractor;
};

}  // namespace mawqi

// Fuzz target: the whole pipeline (matcher, resolver, number and date parsers, event rules)
// with the bundled gazetteer; the first byte picks the publication date's offset.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mawqi/events.hpp"
#include "mawqi/pipeline.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  static const mawqi::gazetteer::Gazetteer gazetteer =
      mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer);
  static const mawqi::lang::Language language =
      mawqi::lang::Language::load(std::string(MAWQI_SOURCE_DIR) + "/lexicons");
  static const mawqi::Pipeline pipeline(gazetteer, language);
  static const mawqi::events::DateReader dates(language, tokenizer);
  if (size == 0) return 0;
  mawqi::Article a;
  a.id = "fuzz";
  a.date = mawqi::events::Date{2020, 1, 1}.plus_days(data[0] * 7).iso();
  a.text.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  mawqi::text::make_valid_utf8(a.text);
  const auto result = pipeline.process(a);
  for (const auto& m : result.mentions)
    if (m.place >= gazetteer.size() || m.end < m.start) __builtin_trap();
  (void)mawqi::events::deduplicate(result.events, gazetteer);
  const auto tokens = tokenizer.tokenize(a.text);
  for (const auto& d : dates.find(tokens, 0, tokens.size(), mawqi::events::Date{2020, 7, 26}))
    if (!d.date.valid() || d.token_end > tokens.size()) __builtin_trap();
  return 0;
}

// Fuzz target: normalizer and tokenizer (and the keys built from them) on any bytes; word
// breaks made without ICU's break iterator equal to ICU's.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mawqi/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  std::string text(reinterpret_cast<const char*>(data), size);
  mawqi::text::make_valid_utf8(text);  // the reader's contract: text reaching the pipeline is valid
  const auto tokens = tokenizer.tokenize(text);
  for (const auto& t : tokens)
    if (t.end < t.start || t.byte_end < t.byte_start || t.byte_end > text.size()) __builtin_trap();
  (void)mawqi::text::name_key(tokenizer, text);
  (void)mawqi::text::skeleton_key(tokenizer, text);
  (void)mawqi::text::code_point_count(text);
  // Most text is broken without ICU's break iterator: the segments must be ICU's.
  if (std::vector<mawqi::text::WordSegment> ours; mawqi::text::word_segments_without_icu(text, ours)) {
    const auto icu = mawqi::text::icu_word_segments(text);
    if (ours.size() != icu.size()) __builtin_trap();
    for (std::size_t i = 0; i < ours.size(); ++i)
      if (ours[i].end != icu[i].end || ours[i].status / 100 != icu[i].status / 100) __builtin_trap();
  }
  return 0;
}

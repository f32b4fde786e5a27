// Fuzz target: normalizer and tokenizer (and the keys built from them) on any bytes.
#include <cstddef>
#include <cstdint>
#include <string>

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
  return 0;
}

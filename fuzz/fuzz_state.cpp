// Fuzz target: a stored result of the --state file read back (StateStore::decode), as a damaged
// or hostile file would give it; whatever it accepts must point inside the gazetteer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mawqi/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  static const mawqi::gazetteer::Gazetteer gazetteer =
      mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer);
  std::string damage;
  const auto result = mawqi::StateStore::decode(std::string_view(reinterpret_cast<const char*>(data), size), "wire-1",
                                                gazetteer, damage);
  if (!result) {
    if (damage.empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  for (const auto& m : result->mentions)
    if (m.place >= gazetteer.size() || m.end < m.start || m.doc_id != "wire-1") __builtin_trap();
  for (const auto& e : result->events)
    if (e.place >= gazetteer.size() || !(e.lat >= -90 && e.lat <= 90) || !(e.lon >= -180 && e.lon <= 180))
      __builtin_trap();
  (void)mawqi::events::deduplicate(result->events, gazetteer);
  return 0;
}

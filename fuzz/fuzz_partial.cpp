// Fuzz target: the files mawqi writes for itself between machines, read back as a damaged or
// hostile copy would give them. First byte even: a partial (mawqi run --partial) read by
// PartialReader, whose header's fingerprint "@" stands for the real one (so that inputs reach the
// articles); odd: a shard plan (mawqi plan). What is accepted must point inside the gazetteer.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
#include "mawqi/partial.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  static const mawqi::gazetteer::Gazetteer gazetteer =
      mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer);
  static const std::string fingerprint = mawqi::partial_fingerprint(
      gazetteer, mawqi::lang::Language::load(std::string(MAWQI_SOURCE_DIR) + "/lexicons"), {});
  static const std::string path = "/tmp/mawqi-fuzz-partial-" + std::to_string(::getpid());
  if (size == 0) return 0;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 1) {
    try {
      for (const auto& shard : mawqi::io::parse_shard_plan(text, "plan"))
        for (const auto& slice : shard)
          if (slice.path.empty() || slice.end < slice.begin || slice.first_line == 0) __builtin_trap();
    } catch (const mawqi::InputError&) {
    }
    return 0;
  }
  if (const auto at = text.find("\"fingerprint\":\"@\""); at != std::string::npos && at < text.find('\n'))
    text.replace(at, 17, "\"fingerprint\":\"" + fingerprint + "\"");
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  try {
    mawqi::PartialReader reader(path, fingerprint, gazetteer);
    while (auto entry = reader.next()) {
      for (const auto& m : entry->result.mentions)
        if (m.place >= gazetteer.size() || m.end < m.start || m.doc_id != entry->id) __builtin_trap();
      for (const auto& e : entry->result.events)
        if (e.place >= gazetteer.size() || !(e.lat >= -90 && e.lat <= 90) || !(e.lon >= -180 && e.lon <= 180))
          __builtin_trap();
    }
  } catch (const mawqi::InputError&) {
  }
  std::remove(path.c_str());
  return 0;
}

// Fuzz target: both gazetteer loaders and the compiled-index reader on any bytes; the first
// byte picks the loader (byte % 3 == 2: the rest is an index file, so the seeds that are valid
// version-6 indexes start with '2' and mutations reach every header and section check).
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"

namespace {

// Reads everything an opened (or built) gazetteer hands out: a damaged index that got past
// open_index would be caught here by the sanitizers.
void use(const mawqi::gazetteer::Gazetteer& g) {
  std::size_t bytes = 0;
  for (std::uint32_t i = 0; i < g.size() && i < 64; ++i) {
    const auto p = g.place(i);
    for (std::string_view s : {p.id, p.name, p.name_ar, p.country, p.admin1, p.parent})
      for (char c : s) bytes += static_cast<unsigned char>(c);
    if (const auto found = g.find_id(p.id); !found) __builtin_trap();  // every id is found
  }
  for (std::string_view query :
       {"baghdad", "camp taji", "washington dc today", "\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf"}) {
    for (std::uint32_t place : g.find(query)) (void)g.place(place);
    // Word by word through the key table, as the matcher goes (a probe always ends).
    mawqi::gazetteer::Gazetteer::KeyHash hash;
    for (std::size_t at = 0; at <= query.size();) {
      const std::size_t space = std::min(query.find(' ', at), query.size());
      hash.add(query.substr(at, space - at));
      for (std::uint32_t place : g.step(hash).places) (void)g.place(place);
      hash.add(" ");
      at = space + 1;
    }
  }
  if (const auto capital = g.capital_of("IQ")) (void)g.place(*capital);
  (void)g.fingerprint();
  (void)g.longest_key();
  __asm__ volatile("" : : "r"(bytes) : "memory");  // the strings are read, not optimized away
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  if (size == 0) return 0;
  const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        auto places = mawqi::gazetteer::read_geojson_text(content, "fuzz.geojson");
        use(mawqi::gazetteer::Gazetteer::from_places(std::move(places), tokenizer));
        break;
      }
      case 1: {
        std::istringstream in(content);
        (void)mawqi::gazetteer::read_geonames_stream(in, "fuzz.txt");
        break;
      }
      default: {
        static const std::string path = "/tmp/mawqi-fuzz-index-" + std::to_string(::getpid());
        std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
        use(mawqi::gazetteer::Gazetteer::open_index(path));
        break;
      }
    }
  } catch (const mawqi::Error&) {
    // rejected with a message: the expected outcome
  }
  return 0;
}

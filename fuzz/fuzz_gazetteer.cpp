// Fuzz target: both gazetteer loaders and the compiled-index reader on any bytes; the first
// byte picks the loader.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  if (size == 0) return 0;
  const std::string content(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        auto places = mawqi::gazetteer::read_geojson_text(content, "fuzz.geojson");
        (void)mawqi::gazetteer::Gazetteer::from_places(std::move(places), tokenizer);
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
        const auto g = mawqi::gazetteer::Gazetteer::open_index(path);
        for (std::uint32_t i = 0; i < g.size() && i < 64; ++i) (void)g.place(i).name.size();
        (void)g.find("baghdad");
        break;
      }
    }
  } catch (const mawqi::Error&) {
    // rejected with a message: the expected outcome
  }
  return 0;
}

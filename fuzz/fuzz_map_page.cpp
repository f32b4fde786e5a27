// Fuzz target: map.html's reading of encoded mentions (the bytes GDAL's GeoJSON drivers wrote,
// which an incremental run copies back out of its state file), then the page made from them.
// Whatever the bytes, the page is made, and every mention it counts is a gazetteer place.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mawqi/map_page.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mawqi::text::Tokenizer tokenizer;
  static const mawqi::gazetteer::Gazetteer gazetteer =
      mawqi::gazetteer::Gazetteer::build({std::string(MAWQI_SOURCE_DIR) + "/gazetteer"}, tokenizer);
  static const mawqi::io::MapPage empty(std::string(MAWQI_SOURCE_DIR) + "/map", mawqi::io::default_leaflet_folder(),
                                        gazetteer);
  mawqi::io::MapPage page = empty;
  page.add_encoded_mentions(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string html = page.render({}, {});
  if (html.find("data-mawqi-drawn") == std::string::npos && html.find("mawqi-data") == std::string::npos)
    __builtin_trap();
  return 0;
}

// Fuzz target: map.html's reading of encoded mentions (the bytes GDAL's GeoJSON drivers wrote,
// which an incremental run copies back out of its state file), then the page made from them.
// Whatever the bytes, the page is made, its data parses, and every mention it holds is a
// gazetteer place.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
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
  // The page's data parses, and every mention it holds is a place of the gazetteer.
  const std::string open = "<script type=\"application/json\" id=\"mawqi-data\">";
  const std::size_t from = html.find(open), to = html.find("</script>", from);
  if (from == std::string::npos || to == std::string::npos) __builtin_trap();
  const auto page_data =
      nlohmann::json::parse(html.substr(from + open.size(), to - from - open.size()), nullptr, false);
  if (page_data.is_discarded()) __builtin_trap();
  std::uint64_t counted = 0;
  for (const auto& f : page_data["mentions"]["features"]) {
    if (!gazetteer.find_id(f["properties"]["place_id"].get<std::string>())) __builtin_trap();
    counted += f["properties"].contains("count") ? f["properties"]["count"].get<std::uint64_t>() : 1;
  }
  if (counted > page_data["mention_total"].get<std::uint64_t>()) __builtin_trap();
  return 0;
}

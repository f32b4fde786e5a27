#pragma once
// map.html: one self-contained, offline page beside the layers of a run into a directory. The
// page's code, styles, words and outlines are the files of map/ (map/README.md), Leaflet and
// Leaflet.markercluster are Debian's (libjs-leaflet, libjs-leaflet.markercluster), all inlined:
// the page requests nothing. The events are inlined whole, the mentions one by one up to a
// limit and past it as one marker per place with its count, so the page stays small for any
// corpus.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/io.hpp"
#include "mawqi/text.hpp"

namespace mawqi::io {

// How an event of one sub_event_type is drawn, on the page and in the QGIS styles (map/symbols.tsv).
struct EventSymbol {
  std::string sub_event_type, colour, shape, label_en, label_ar;  // colour #RRGGBB; circle or diamond
};
// map/symbols.tsv of FOLDER; InputError naming the file, line and column of a bad row.
[[nodiscard]] std::vector<EventSymbol> read_event_symbols(const std::string& folder);

// $MAWQI_LEAFLET, else where Debian's libjs-leaflet puts Leaflet (/usr/share/javascript/leaflet).
[[nodiscard]] std::string default_leaflet_folder();
// Why FOLDER cannot give a page its Leaflet ("…/leaflet.min.js: not found (libjs-leaflet)"), or
// "" when it can. Without Leaflet a run still writes its layers and QGIS project, not map.html.
[[nodiscard]] std::string leaflet_missing(const std::string& folder);

class MapPage {
 public:
  // Mentions drawn one by one up to this many; past it, one marker per place with its count.
  static constexpr std::size_t kMentionLimit = 5'000;
  // The most-mentioned places, and the latest events, a page draws at most, so that its size is
  // bounded: the page says when it holds part of the layers.
  static constexpr std::size_t kPlaceLimit = 20'000;
  static constexpr std::size_t kEventLimit = 15'000;

  // `folder`: map/ (page.html, page.js, page.css, symbols.tsv, strings.tsv, outlines/);
  // `leaflet`: the folder of Debian's Leaflet files, empty for no page (the base map and the
  // symbols still serve the QGIS project). Error naming a file that is missing or bad.
  MapPage(const std::string& folder, const std::string& leaflet, const gazetteer::Gazetteer& gazetteer);
  [[nodiscard]] bool has_page() const { return !m_leaflet_js.empty(); }

  void add_mentions(const std::vector<MentionFeature>& mentions);
  // An article's mentions as the GeoJSON drivers encoded them (MentionEncoder).
  void add_encoded_mentions(std::string_view features);

  // The page, deterministic: the same layers give the same bytes.
  [[nodiscard]] std::string render(const std::vector<events::Event>& incidents,
                                   const std::vector<events::Event>& handovers) const;
  // The base map as one GeoJSON FeatureCollection (for the QGIS project): every country
  // (`level` 0) and the first-level divisions (`level` 1) of the countries these layers touch.
  [[nodiscard]] std::string basemap(const std::vector<events::Event>& incidents,
                                    const std::vector<events::Event>& handovers) const;
  [[nodiscard]] const std::vector<EventSymbol>& symbols() const { return m_symbols; }

 private:
  struct Mention {
    std::uint32_t place;
    std::string doc_id, text;
  };
  void add(std::uint32_t place, std::string_view doc_id, std::string_view text, bool keep);

  const gazetteer::Gazetteer* m_gazetteer;
  std::string m_template, m_page_js, m_page_css, m_leaflet_js, m_leaflet_css, m_cluster_js, m_cluster_css;
  std::string m_strings_json, m_symbols_json, m_countries;
  std::vector<EventSymbol> m_symbols;
  std::vector<std::pair<std::string, std::string>> m_admin1;  // (ISO alpha-2, feature), in file order
  std::vector<Mention> m_kept;                                // the first kMentionLimit
  std::unordered_map<std::uint32_t, std::uint64_t> m_counts;  // by place
  std::uint64_t m_total = 0;
  // The places of the ids read back from encoded mentions (nullopt: not in the gazetteer): a
  // page meets the same places again and again, and the gazetteer's search by id is a binary one.
  text::detail::StringTable<std::optional<std::uint32_t>> m_place_of_id;
};

}  // namespace mawqi::io

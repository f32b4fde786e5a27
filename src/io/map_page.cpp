#include "mawqi/map_page.hpp"

#include <cpl_string.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../util/tsv.hpp"
#include "mawqi/error.hpp"

namespace mawqi::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_file(const fs::path& path, const std::string& remedy) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path.string() + ": cannot read" + (remedy.empty() ? "" : " (" + remedy + ")"));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A table of map/ (src/util/tsv.hpp).
std::vector<util::TsvTable::Row> read_table(const fs::path& path, const std::vector<std::string>& columns) {
  return util::read_tsv(path, columns, "map/README.md").rows;
}

// Leaflet's stylesheet names its images (images/layers.png): inlined as data: URIs.
std::string inline_images(const std::string& css, const fs::path& leaflet) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = css.find("url(images/", from)) != std::string::npos;) {
    const std::size_t end = css.find(')', at);
    if (end == std::string::npos) break;
    const std::string name = css.substr(at + 11, end - at - 11);
    const std::string png = read_file(leaflet / "images" / name, "libjs-leaflet");
    char* base64 = CPLBase64Encode(static_cast<int>(png.size()), reinterpret_cast<const GByte*>(png.data()));
    out += css.substr(from, at - from) + "url(data:image/png;base64," + base64 + ")";
    CPLFree(base64);
    from = end + 1;
  }
  return out + css.substr(from);
}

// JSON inside <script>: "</script", "<!--" or "<script" in an article's text would change how the
// browser reads the element. A '<' is only ever inside a JSON string, where \u003c is the same.
std::string script_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Where `needle` is in `text` from `from` on, or npos. glibc's memmem: the keys searched for
// begin with a quote, which JSON has at every step, and a search by first character stops at each.
std::size_t find_text(std::string_view text, std::string_view needle, std::size_t from) {
  if (from > text.size()) return std::string_view::npos;
  const void* found = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return found == nullptr ? std::string_view::npos
                          : static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
}

// The JSON string literal starting at `at` (a quote) of encoded features, and the offset after it.
std::pair<std::string, std::size_t> string_at(std::string_view features, std::size_t at) {
  std::size_t end = at + 1;
  while (end < features.size() && features[end] != '"') end += features[end] == '\\' ? 2 : 1;
  if (end >= features.size()) return {"", std::string_view::npos};
  const json value = json::parse(features.substr(at, end + 1 - at), nullptr, false);
  return {value.is_string() ? value.get<std::string>() : std::string(), end + 1};
}

json nullable(const std::optional<long>& v) { return v ? json(*v) : json(nullptr); }

json event_feature(const events::Event& e, const gazetteer::Gazetteer& gazetteer) {
  const gazetteer::PlaceView p = gazetteer.place(e.place);
  json reports = json::array();
  for (const events::Event::Report& r : e.reports)
    reports.push_back({{"id", r.source_id}, {"source", r.source}, {"published", r.published}});
  json properties = {
      {"layer", e.type == events::EventType::handover ? "handovers" : "incidents"},
      {"event_id", e.event_id},
      {"sub_event_type", e.sub_event_type},
      {"event_date", e.date.valid() ? json(e.date.iso()) : json(nullptr)},
      {"place", std::string(p.name)},
      {"place_ar", std::string(p.name_ar)},
      {"location_note", e.location_note},
      {"weapon", e.weapon},
      {"munitions_count", nullable(e.munitions_count)},
      {"fatalities", nullable(e.fatalities)},
      {"injuries", nullable(e.injuries)},
      {"actor1", e.actor1},
      {"actor2", e.actor2},
      {"target", e.target},
      {"actor_from", e.actor_from},
      {"actor_to", e.actor_to},
      {"evidence", e.evidence},
      {"language", e.language},
      {"sources", e.source_ids},
      {"urls", e.source_urls},
      {"reports", std::move(reports)},
  };
  return {{"type", "Feature"},
          {"properties", std::move(properties)},
          {"geometry", {{"type", "Point"}, {"coordinates", {e.lon, e.lat}}}}};
}

json place_point(const gazetteer::PlaceView& p) { return {{"type", "Point"}, {"coordinates", {p.lon, p.lat}}}; }

}  // namespace

std::string leaflet_missing(const std::string& folder) {
  for (const auto& [file, package] : {std::pair{"leaflet.min.js", "libjs-leaflet"},
                                      {"leaflet.markercluster.min.js", "libjs-leaflet.markercluster"}}) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(folder) / file, ec))
      return (fs::path(folder) / file).string() + ": not found (install " + package + ")";
  }
  return "";
}

std::vector<EventSymbol> read_event_symbols(const std::string& folder) {
  std::vector<EventSymbol> out;
  std::set<std::string> kinds;
  for (const auto& [where, line, row] :
       read_table(fs::path(folder) / "symbols.tsv", {"sub_event_type", "colour", "shape", "label_en", "label_ar"})) {
    if (!kinds.insert(row[0]).second) throw InputError(where, "sub_event_type", "a second row for " + row[0]);
    if (row[1].size() != 7 || row[1][0] != '#' ||
        row[1].find_first_not_of("0123456789abcdefABCDEF", 1) != std::string::npos)
      throw InputError(where, "colour", "not #RRGGBB");
    if (row[2] != "circle" && row[2] != "diamond") throw InputError(where, "shape", "not circle or diamond");
    out.push_back({row[0], row[1], row[2], row[3], row[4]});
  }
  return out;
}

std::string default_leaflet_folder() {
  const char* env = std::getenv("MAWQI_LEAFLET");
  return env != nullptr && *env != '\0' ? env : "/usr/share/javascript/leaflet";
}

MapPage::MapPage(const std::string& folder, const std::string& leaflet, const gazetteer::Gazetteer& gazetteer)
    : m_gazetteer(&gazetteer) {
  const fs::path dir(folder), lib(leaflet);
  m_template = read_file(dir / "page.html", "");
  for (const char* placeholder : {"@LEAFLET_CSS@", "@CLUSTER_CSS@", "@PAGE_CSS@", "@DATA@", "@OUTLINES@",
                                  "@LEAFLET_JS@", "@CLUSTER_JS@", "@PAGE_JS@"})
    if (m_template.find(placeholder) == std::string::npos)
      throw InputError((dir / "page.html").string(), "", std::string("no ") + placeholder);
  m_page_js = read_file(dir / "page.js", "");
  m_page_css = read_file(dir / "page.css", "");
  if (!leaflet.empty()) {
    m_leaflet_js = read_file(lib / "leaflet.min.js", "libjs-leaflet");
    m_leaflet_css = inline_images(read_file(lib / "leaflet.css", "libjs-leaflet"), lib);
    m_cluster_js = read_file(lib / "leaflet.markercluster.min.js", "libjs-leaflet.markercluster");
    m_cluster_css = read_file(lib / "MarkerCluster.css", "libjs-leaflet.markercluster") + "\n" +
                    read_file(lib / "MarkerCluster.Default.css", "libjs-leaflet.markercluster");
    // Inlined in <script> and <style> elements: what would end one early is refused.
    for (const auto& [name, text] : {std::pair{"leaflet.min.js", &m_leaflet_js},
                                     {"leaflet.css", &m_leaflet_css},
                                     {"leaflet.markercluster.min.js", &m_cluster_js},
                                     {"MarkerCluster.css", &m_cluster_css},
                                     {"page.js", &m_page_js},
                                     {"page.css", &m_page_css}})
      for (const char* bad : {"</script", "</style", "<!--"})
        if (text->find(bad) != std::string::npos)
          throw InputError(name, "", std::string("holds \"") + bad + "\", which would end the page's element");
  }

  json strings = json::object();
  for (const auto& [where, line, row] : read_table(dir / "strings.tsv", {"key", "en", "ar"})) {
    if (strings.contains(row[0])) throw InputError(where, "key", "a second row for " + row[0]);
    strings[row[0]] = {{"en", row[1]}, {"ar", row[2]}};
  }
  m_strings_json = dump(strings);
  m_symbols = read_event_symbols(folder);
  json symbols = json::array();
  for (const EventSymbol& e : m_symbols)
    symbols.push_back({{"sub_event_type", e.sub_event_type},
                       {"colour", e.colour},
                       {"shape", e.shape},
                       {"label_en", e.label_en},
                       {"label_ar", e.label_ar}});
  m_symbols_json = dump(symbols);

  m_countries = read_file(dir / "outlines" / "countries.geojson", "");
  if (!m_countries.starts_with("{\"type\":\"FeatureCollection\""))
    throw InputError((dir / "outlines" / "countries.geojson").string(), "", "not a FeatureCollection");
  std::istringstream admin1(read_file(dir / "outlines" / "admin1.tsv", ""));
  std::size_t line_number = 0;
  for (std::string line; std::getline(admin1, line);) {
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line.size() < 4 || line[2] != '\t' || !std::isupper(static_cast<unsigned char>(line[0])) ||
        !std::isupper(static_cast<unsigned char>(line[1])) || !line.substr(3).starts_with("{\"type\":\"Feature\""))
      throw InputError((dir / "outlines" / "admin1.tsv").string() + ":" + std::to_string(line_number), "",
                       "not ISO_ALPHA2<TAB>feature");
    m_admin1.emplace_back(line.substr(0, 2), line.substr(3));
  }
}

void MapPage::add(std::uint32_t place, std::string_view doc_id, std::string_view text, bool keep) {
  ++m_total;
  ++m_counts[place];
  if (keep) m_kept.push_back({place, std::string(doc_id), std::string(text)});
}

void MapPage::add_mentions(const std::vector<MentionFeature>& mentions) {
  for (const MentionFeature& m : mentions) add(m.place, m.doc_id, m.text, m_kept.size() < kMentionLimit);
}

void MapPage::add_encoded_mentions(std::string_view features) {
  // GDAL writes each feature's properties in the layer's order (doc_id, start, end, text,
  // place_id, …); a key's quotes are never escaped, a value's always are.
  constexpr std::string_view kDoc = "\"doc_id\": ", kText = "\"text\": ", kPlace = "\"place_id\": \"";
  for (std::size_t at = find_text(features, kDoc, 0); at != std::string_view::npos;
       at = find_text(features, kDoc, at)) {
    at += kDoc.size();
    // This feature's keys come before the next feature's doc_id; a feature without them (bytes
    // damaged) is passed over rather than given the next one's place.
    const std::size_t next = find_text(features, kDoc, at);
    const std::string_view feature = features.substr(0, next);
    const bool keep = m_kept.size() < kMentionLimit;
    std::string doc_id, text;
    if (keep) {
      std::tie(doc_id, at) = string_at(feature, at);
      if (at == std::string_view::npos) break;
    }
    const std::size_t text_at = find_text(feature, kText, at);
    if (text_at == std::string_view::npos) {
      at = next;
      continue;
    }
    at = text_at + kText.size();
    if (keep) {
      std::tie(text, at) = string_at(feature, at);
      if (at == std::string_view::npos) break;
    }
    const std::size_t place_at = find_text(feature, kPlace, at);
    const std::size_t end = place_at == std::string_view::npos ? place_at : feature.find('"', place_at + kPlace.size());
    if (end == std::string_view::npos) {
      at = next;
      continue;
    }
    at = place_at + kPlace.size();
    const std::string_view id = features.substr(at, end - at);
    const std::optional<std::uint32_t>* place = m_place_of_id.find(id);
    if (place == nullptr) {
      m_place_of_id[id] = m_gazetteer->find_id(id);
      place = m_place_of_id.find(id);
    }
    if (*place) add(**place, doc_id, text, keep);
    at = end;
  }
}

std::string MapPage::render(const std::vector<events::Event>& incidents,
                            const std::vector<events::Event>& handovers) const {
  if (!has_page()) throw Error("map.html: no Leaflet to draw it with");
  bool truncated = false;
  std::set<std::string> countries;  // whose first-level outlines the page draws

  // The latest events when there are more than a page holds; incidents, then handovers.
  std::vector<const events::Event*> events;
  for (const auto* list : {&incidents, &handovers})
    for (const events::Event& e : *list) events.push_back(&e);
  if (events.size() > kEventLimit) {
    truncated = true;
    std::stable_sort(events.begin(), events.end(), [](const events::Event* a, const events::Event* b) {
      const std::int64_t da = a->date.valid() ? a->date.days() : INT64_MIN,
                         db = b->date.valid() ? b->date.days() : INT64_MIN;
      return da > db;
    });
    events.resize(kEventLimit);
  }
  json event_features = json::array();
  for (const events::Event* e : events) {
    event_features.push_back(event_feature(*e, *m_gazetteer));
    countries.emplace(m_gazetteer->place(e->place).country);
  }

  json mention_features = json::array();
  if (m_total <= kMentionLimit) {
    for (const Mention& m : m_kept) {
      const gazetteer::PlaceView p = m_gazetteer->place(m.place);
      countries.emplace(p.country);
      mention_features.push_back({{"type", "Feature"},
                                  {"properties",
                                   {{"doc_id", m.doc_id},
                                    {"text", m.text},
                                    {"place", std::string(p.name)},
                                    {"place_ar", std::string(p.name_ar)},
                                    {"place_id", std::string(p.id)}}},
                                  {"geometry", place_point(p)}});
    }
  } else {
    // One marker per place: the most mentioned first, ties by gazetteer order.
    std::vector<std::pair<std::uint32_t, std::uint64_t>> places(m_counts.begin(), m_counts.end());
    std::sort(places.begin(), places.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (places.size() > kPlaceLimit) {
      truncated = true;
      places.resize(kPlaceLimit);
    }
    for (const auto& [place, count] : places) {
      const gazetteer::PlaceView p = m_gazetteer->place(place);
      countries.emplace(p.country);
      mention_features.push_back({{"type", "Feature"},
                                  {"properties",
                                   {{"place", std::string(p.name)},
                                    {"place_ar", std::string(p.name_ar)},
                                    {"place_id", std::string(p.id)},
                                    {"count", count}}},
                                  {"geometry", place_point(p)}});
    }
  }

  std::string data =
      "{\"strings\":" + m_strings_json + ",\"symbols\":" + m_symbols_json +
      ",\"events\":" + dump({{"type", "FeatureCollection"}, {"features", std::move(event_features)}}) +
      ",\"mentions\":" + dump({{"type", "FeatureCollection"}, {"features", std::move(mention_features)}}) +
      ",\"mention_total\":" + std::to_string(m_total) + ",\"truncated\":" + (truncated ? "true" : "false") + "}";
  std::string admin1 = "{\"type\":\"FeatureCollection\",\"features\":[";
  bool first = true;
  for (const auto& [country, feature] : m_admin1) {
    if (!countries.contains(country)) continue;
    admin1 += (first ? "" : ",\n") + feature;
    first = false;
  }
  admin1 += "]}";
  const std::string outlines = "{\"countries\":" + m_countries + ",\"admin1\":" + admin1 + "}";

  // The template's placeholders, each once, filled in order; what fills one is never searched.
  const std::vector<std::pair<std::string_view, const std::string*>> parts = {
      {"@LEAFLET_CSS@", &m_leaflet_css}, {"@CLUSTER_CSS@", &m_cluster_css},
      {"@PAGE_CSS@", &m_page_css},       {"@DATA@", nullptr},
      {"@OUTLINES@", nullptr},           {"@LEAFLET_JS@", &m_leaflet_js},
      {"@CLUSTER_JS@", &m_cluster_js},   {"@PAGE_JS@", &m_page_js}};
  const std::string safe_data = script_safe(std::move(data)), safe_outlines = script_safe(outlines);
  std::string page;
  page.reserve(m_template.size() + safe_data.size() + safe_outlines.size() + 400'000);
  std::size_t from = 0;
  for (const auto& [placeholder, content] : parts) {
    const std::size_t at = m_template.find(placeholder, from);
    if (at == std::string::npos)
      throw Error("map/page.html: no " + std::string(placeholder) + " after the previous part");
    page.append(m_template, from, at - from);
    page += content != nullptr ? *content : placeholder == "@DATA@" ? safe_data : safe_outlines;
    from = at + placeholder.size();
  }
  page.append(m_template, from);
  return page;
}

std::string MapPage::basemap(const std::vector<events::Event>& incidents,
                             const std::vector<events::Event>& handovers) const {
  std::set<std::string> countries;
  for (const auto* list : {&incidents, &handovers})
    for (const events::Event& e : *list) countries.emplace(m_gazetteer->place(e.place).country);
  for (const auto& [place, count] : m_counts) countries.emplace(m_gazetteer->place(place).country);
  // Each feature of the bundled files is {"type":"Feature","properties":{…}: its level goes first.
  constexpr std::string_view kOpen = "{\"type\":\"Feature\",\"properties\":{";
  const auto with_level = [&](std::string_view feature, char level) {
    return std::string(kOpen) + "\"level\":" + level + "," + std::string(feature.substr(kOpen.size()));
  };
  std::string out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
  bool first = true;
  std::string_view all(m_countries);
  for (std::size_t at = all.find(kOpen); at != std::string_view::npos; at = all.find(kOpen, at + 1)) {
    std::size_t end = all.find("\n", at);
    std::string_view feature = all.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    if (feature.ends_with(",")) feature.remove_suffix(1);
    out += (first ? "" : ",\n") + with_level(feature, '0');
    first = false;
  }
  for (const auto& [country, feature] : m_admin1)
    if (countries.contains(country)) out += (first ? "" : ",\n") + with_level(feature, '1'), first = false;
  return out + "\n]}\n";
}

}  // namespace mawqi::io

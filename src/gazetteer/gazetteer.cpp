#include "mawqi/gazetteer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "coordinates.hpp"
#include "mawqi/error.hpp"
#include "sources.hpp"

namespace mawqi::gazetteer {
namespace fs = std::filesystem;
using nlohmann::json;

std::int32_t default_precision_m(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::country: return 500000;
    case PlaceKind::province: return 50000;
    case PlaceKind::region: return 100000;
    case PlaceKind::district: return 20000;
    case PlaceKind::city: return 10000;
    case PlaceKind::town: return 5000;
    case PlaceKind::village: return 2000;
    case PlaceKind::neighbourhood: return 2000;
    case PlaceKind::airport: return 1500;
    case PlaceKind::military_base: return 1000;
    case PlaceKind::facility: return 500;
    case PlaceKind::landmark: return 500;
    case PlaceKind::unknown: return 10000;
  }
  return 10000;
}

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open gazetteer file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::string optional_string(const json& props, const char* field, const std::string& where) {
  const auto it = props.find(field);
  if (it == props.end() || it->is_null()) return {};
  if (!it->is_string()) throw InputError(where, field, "expected a string");
  return it->get<std::string>();
}

}  // namespace

std::vector<Place> places_from_json(const nlohmann::json& doc, const std::string& path);

std::vector<Place> read_geojson(const std::string& path) { return read_geojson_text(read_file(path), path); }

std::vector<Place> read_geojson_text(std::string_view content, const std::string& path) {
  json doc;
  try {
    doc = json::parse(content);
  } catch (const json::exception& e) {
    throw InputError(path, "", std::string("invalid JSON (") + e.what() + ")");
  }
  try {
    return places_from_json(doc, path);
  } catch (const json::exception& e) {  // a value of an unexpected type deep inside
    throw InputError(path, "", std::string("unexpected GeoJSON structure: ") + e.what());
  }
}

// A collection's places are reviewed (`curated`: a name stands for its place without the context
// checks of world-scale data) unless the collection says otherwise with a top-level member
// `"mawqi_curated": false`: then every place is read as a GeoNames TSV place is (curated false),
// for a file generated from a world dump such as gazetteer/region-towns.geojson.
std::vector<Place> places_from_json(const json& doc, const std::string& path) {
  if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features") ||
      !doc["features"].is_array())
    throw InputError(path, "type", "expected a GeoJSON FeatureCollection with a features array");
  bool curated = true;
  if (const auto it = doc.find("mawqi_curated"); it != doc.end()) {
    if (!it->is_boolean()) throw InputError(path, "mawqi_curated", "expected true or false");
    curated = it->get<bool>();
  }
  std::vector<Place> places;
  std::unordered_set<std::string> ids;
  std::size_t n = 0;
  for (const json& f : doc["features"]) {
    ++n;
    std::string where = path + ": feature " + std::to_string(n);
    if (!f.is_object() || !f.contains("properties") || !f["properties"].is_object())
      throw InputError(where, "properties", "missing or not an object");
    const json& props = f["properties"];
    Place p;
    p.id = optional_string(props, "id", where);
    if (p.id.empty()) throw InputError(where, "id", "missing or empty");
    where += " (" + p.id + ")";
    if (!ids.insert(p.id).second) throw InputError(where, "id", "duplicate id in the same file");
    p.name = optional_string(props, "name", where);
    p.name_ar = optional_string(props, "name_ar", where);
    if (p.name.empty() && p.name_ar.empty()) throw InputError(where, "name", "a place needs name or name_ar");
    if (const auto it = props.find("names"); it != props.end() && !it->is_null()) {
      if (!it->is_array()) throw InputError(where, "names", "expected an array of strings");
      for (const json& v : *it) {
        if (!v.is_string()) throw InputError(where, "names", "expected an array of strings");
        if (!v.get<std::string>().empty()) p.names.push_back(v.get<std::string>());
      }
    }
    if (const auto it = props.find("qualifiers"); it != props.end() && !it->is_null()) {
      if (!it->is_array()) throw InputError(where, "qualifiers", "expected an array of strings");
      for (const json& v : *it) {
        if (!v.is_string()) throw InputError(where, "qualifiers", "expected an array of strings");
        if (!v.get<std::string>().empty()) p.qualifiers.push_back(v.get<std::string>());
      }
    }
    p.admin1_code = optional_string(props, "gn_a1_code", where);
    const std::string kind = optional_string(props, "kind", where);
    const auto parsed_kind = place_kind_from_string(kind);
    if (!parsed_kind) throw InputError(where, "kind", "unknown kind '" + kind + "'");
    p.kind = *parsed_kind;
    p.country = optional_string(props, "country", where);
    p.admin1 = optional_string(props, "admin1", where);
    p.parent = optional_string(props, "parent", where);
    if (const auto it = props.find("population"); it != props.end() && !it->is_null()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 0)
        throw InputError(where, "population", "expected a non-negative integer");
      p.population = it->get<std::int64_t>();
    }
    p.curated = curated;
    p.precision_m = default_precision_m(p.kind);
    if (const auto it = props.find("precision_m"); it != props.end() && !it->is_null()) {
      // Past 2^31 - 1 the conversion below would be undefined.
      if (!it->is_number() || !(it->get<double>() > 0) || it->get<double>() > INT32_MAX)
        throw InputError(where, "precision_m", "expected a positive number (at most 2147483647)");
      p.precision_m = static_cast<std::int32_t>(it->get<double>());
    }
    if (const auto it = props.find("capital"); it != props.end() && it->is_boolean()) p.capital = it->get<bool>();
    if (const auto it = props.find("same_as"); it != props.end() && !it->is_null()) {
      if (!it->is_array()) throw InputError(where, "same_as", "expected an array of ids");
      for (const json& v : *it) {
        if (!v.is_string()) throw InputError(where, "same_as", "expected an array of ids");
        p.same_as.push_back(v.get<std::string>());
      }
    }
    const auto geom = f.find("geometry");
    if (geom == f.end() || !geom->is_object()) throw InputError(where, "geometry", "missing");
    if (geom->value("type", "") != "Point") throw InputError(where, "geometry", "expected a Point");
    const auto coords = geom->find("coordinates");
    if (coords == geom->end() || !coords->is_array() || coords->size() < 2 || !(*coords)[0].is_number() ||
        !(*coords)[1].is_number())
      throw InputError(where, "geometry.coordinates", "expected [lon, lat]");
    p.lon = (*coords)[0].get<double>();
    p.lat = (*coords)[1].get<double>();
    if (!valid_latitude(p.lat))
      throw InputError(where, "geometry.coordinates",
                       "latitude out of range: " + format_degrees(p.lat) + " (" + kLatitudeRange + ")");
    if (!valid_longitude(p.lon))
      throw InputError(where, "geometry.coordinates",
                       "longitude out of range: " + format_degrees(p.lon) + " (" + kLongitudeRange + ")");
    places.push_back(std::move(p));
  }
  return places;
}

namespace {

PlaceKind geonames_kind(std::string_view feature_class, std::string_view code, std::int64_t population) {
  if (feature_class == "A") {
    if (code.starts_with("PCL")) return PlaceKind::country;
    if (code == "ADM1") return PlaceKind::province;
    if (code.starts_with("ADM")) return PlaceKind::district;
    return PlaceKind::region;
  }
  if (feature_class == "P") {
    if (code == "PPLX") return PlaceKind::neighbourhood;
    if (code == "PPLC" || code == "PPLA" || code == "PPLA2" || population >= 50000) return PlaceKind::city;
    if (population >= 5000) return PlaceKind::town;
    return PlaceKind::village;
  }
  if (feature_class == "S") {
    if (code == "MILB" || code == "INSM") return PlaceKind::military_base;
    if (code.starts_with("AIR")) return PlaceKind::airport;
    return PlaceKind::facility;
  }
  if (feature_class == "L" || feature_class == "H" || feature_class == "T") return PlaceKind::region;
  return PlaceKind::landmark;
}

bool is_arabic_script(std::string_view s) {
  // Any byte in the UTF-8 lead range of U+0600–U+06FF (0xD8–0xDB).
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xD8 && b <= 0xDB;
  });
}

bool has_persian_letters(std::string_view s) {
  for (std::string_view letter : {"\u067E", "\u0686", "\u0698", "\u06A9", "\u06AF", "\u06CC", "\u06D5"})
    if (s.find(letter) != std::string_view::npos) return true;
  return false;
}

bool is_useful_latin(std::string_view s) {
  // Keep capitalized Latin names; drop lower-case machine transliterations, other scripts, and
  // alternates of three letters or fewer (codes and abbreviations: "The", "Col", "KRI").
  if (s.size() <= 3) return false;
  const auto b = static_cast<unsigned char>(s[0]);
  return (b >= 'A' && b <= 'Z') || b == 0xC3 || b == 0xC4 || b == 0xC5;
}

// The whole field and nothing else: no blanks, no sign '+', no trailing text. A number, not
// necessarily a finite one ("nan", "inf" parse): callers check the range.
template <typename T>
bool parse_number(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

// A coordinate column: `where: latitude: not a latitude: 'nan' (column 5: a number in [-90, 90])`.
double parse_degrees(std::string_view text, bool latitude, const std::string& where) {
  const std::string what = latitude ? "latitude" : "longitude";
  double v = 0;
  if (parse_number(text, v) && (latitude ? valid_latitude(v) : valid_longitude(v))) return v;
  throw InputError(where, what,
                   "not a " + what + ": '" + std::string(text) + "' (column " + (latitude ? "5: " : "6: ") +
                       (latitude ? kLatitudeRange : kLongitudeRange) + ")");
}

}  // namespace

std::vector<Place> read_geonames_tsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open GeoNames file");
  return read_geonames_stream(in, path);
}

std::vector<Place> read_geonames_stream(std::istream& in, const std::string& path) {
  std::vector<Place> places;
  std::string line;
  std::size_t line_no = 0;
  std::vector<std::string_view> cols;
  static constexpr std::array<const char*, 19> kColumns{
      "geonameid",    "name",         "asciiname", "alternatenames", "latitude",         "longitude",   "feature class",
      "feature code", "country code", "cc2",       "admin1 code",    "admin2 code",      "admin3 code", "admin4 code",
      "population",   "elevation",    "dem",       "timezone",       "modification date"};
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    cols.clear();
    std::size_t from = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', from);
      cols.emplace_back(line.data() + from, (tab == std::string::npos ? line.size() : tab) - from);
      if (tab == std::string::npos) break;
      from = tab + 1;
    }
    const std::string where = path + ":" + std::to_string(line_no);
    if (cols.size() != kColumns.size())
      throw InputError(where, "", "expected 19 tab-separated columns, found " + std::to_string(cols.size()));
    Place p;
    std::int64_t gid = 0;
    if (!parse_number(cols[0], gid)) throw InputError(where, kColumns[0], "not an integer");
    p.id = "gn:" + std::string(cols[0]);
    if (cols[1].empty() && cols[2].empty()) throw InputError(where, kColumns[1], "empty name");
    p.lat = parse_degrees(cols[4], true, where);
    p.lon = parse_degrees(cols[5], false, where);
    if (!cols[14].empty() && !parse_number(cols[14], p.population))
      throw InputError(where, kColumns[14], "not an integer");
    p.name = std::string(cols[2].empty() ? cols[1] : cols[2]);
    if (cols[1] != cols[2] && !cols[1].empty()) p.names.emplace_back(cols[1]);
    std::size_t a = 0;
    while (a <= cols[3].size() && !cols[3].empty()) {
      const std::size_t comma = cols[3].find(',', a);
      const std::string_view alt =
          cols[3].substr(a, comma == std::string_view::npos ? std::string_view::npos : comma - a);
      if (is_arabic_script(alt)) {
        // name_ar prefers an Arabic spelling to a Persian or Kurdish one (ی ک گ پ چ ژ ە).
        if (p.name_ar.empty() || (has_persian_letters(p.name_ar) && !has_persian_letters(alt))) {
          if (!p.name_ar.empty()) p.names.push_back(std::move(p.name_ar));
          p.name_ar = alt;
        } else {
          p.names.emplace_back(alt);
        }
      } else if (is_useful_latin(alt) && alt != p.name) {
        p.names.emplace_back(alt);
      }
      if (comma == std::string_view::npos) break;
      a = comma + 1;
    }
    p.kind = geonames_kind(cols[6], cols[7], p.population);
    p.country = std::string(cols[8]);
    p.admin1 = std::string(cols[10]);
    if (p.kind == PlaceKind::province && !p.admin1.empty()) p.admin1_code = p.country + "." + p.admin1;
    p.capital = cols[7] == "PPLC";
    p.precision_m = default_precision_m(p.kind);
    places.push_back(std::move(p));
  }
  return places;
}

std::vector<std::string> source_files(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(path)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && ext == ".geojson") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw InputError(path, "", "no .geojson gazetteer files in this directory");
  return files;
}

std::vector<Place> read_source(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<Place> all;
    for (const auto& f : source_files(path)) {
      auto part = read_geojson(f);
      std::move(part.begin(), part.end(), std::back_inserter(all));
    }
    return all;
  }
  if (!fs::exists(path, ec)) throw InputError(path, "", "gazetteer source not found");
  const std::string ext = fs::path(path).extension().string();
  if (ext == ".geojson" || ext == ".json") return read_geojson(path);
  if (ext == ".txt" || ext == ".tsv") return read_geonames_tsv(path);
  throw InputError(path, "", "unknown gazetteer format (expected .geojson, .json, .txt or .tsv)");
}

}  // namespace mawqi::gazetteer

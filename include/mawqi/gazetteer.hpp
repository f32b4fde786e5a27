#pragma once
// Gazetteer module: loads places (curated GeoJSON, GeoNames TSV) and indexes every name by its
// normalized token key. Immutable after construction; safe to share between threads.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mawqi/place.hpp"
#include "mawqi/text.hpp"

namespace mawqi::gazetteer {

// Default radius a point stands for, by kind (used when a source gives none).
[[nodiscard]] std::int32_t default_precision_m(PlaceKind kind);

// Readers. Throw InputError naming the file, the line or feature, and the field.
[[nodiscard]] std::vector<Place> read_geojson(const std::string& path);
[[nodiscard]] std::vector<Place> read_geonames_tsv(const std::string& path);
// A file (by extension: .geojson/.json → GeoJSON, .txt/.tsv → GeoNames) or a directory of them.
[[nodiscard]] std::vector<Place> read_source(const std::string& path);

class Gazetteer {
 public:
  // Merges sources in order; a place id seen again adds its names to the first entry.
  static Gazetteer build(const std::vector<std::string>& sources, const text::Tokenizer& tokenizer);
  static Gazetteer from_places(std::vector<Place> places, const text::Tokenizer& tokenizer);

  [[nodiscard]] const std::vector<Place>& places() const { return m_places; }
  [[nodiscard]] const Place& place(std::uint32_t index) const { return m_places[index]; }

  // Places whose name has exactly this key (token keys joined by one space).
  [[nodiscard]] std::span<const std::uint32_t> find(std::string_view key) const;
  // True when some name key starts with `key` followed by a space (a longer name may follow).
  [[nodiscard]] bool has_longer(std::string_view key) const;
  [[nodiscard]] std::optional<std::uint32_t> find_id(std::string_view id) const;
  // The national capital of an ISO country, when the gazetteer marks one.
  [[nodiscard]] std::optional<std::uint32_t> capital_of(std::string_view country) const;
  [[nodiscard]] std::size_t name_count() const { return m_name_count; }

 private:
  void index(const text::Tokenizer& tokenizer);

  std::vector<Place> m_places;
  std::unordered_map<std::string, std::vector<std::uint32_t>> m_by_key;
  std::unordered_set<std::string> m_prefixes;
  std::unordered_map<std::string, std::uint32_t> m_by_id;
  std::unordered_map<std::string, std::uint32_t> m_capitals;
  std::size_t m_name_count = 0;
};

}  // namespace mawqi::gazetteer

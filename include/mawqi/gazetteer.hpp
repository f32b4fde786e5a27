#pragma once
// Gazetteer module: loads places (GeoJSON, curated unless marked world-scale; GeoNames TSV) and
// indexes every name by its normalized token key. Immutable after construction; safe to share
// between threads.
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mawqi/place.hpp"
#include "mawqi/text.hpp"

namespace mawqi::gazetteer {

// Default radius a point stands for, by kind (used when a source gives none).
[[nodiscard]] std::int32_t default_precision_m(PlaceKind kind);

// Readers. Throw InputError naming the file, the line or feature, and the field.
// GeoJSON places are `curated` (reviewed) unless their FeatureCollection has the top-level member
// `"mawqi_curated": false` (world-scale data generated from a dump): then they are read as GeoNames
// TSV places are, which are never curated.
[[nodiscard]] std::vector<Place> read_geojson(const std::string& path);
[[nodiscard]] std::vector<Place> read_geonames_tsv(const std::string& path);
// The same from memory and from a stream; `path` names the source in messages.
[[nodiscard]] std::vector<Place> read_geojson_text(std::string_view content, const std::string& path);
[[nodiscard]] std::vector<Place> read_geonames_stream(std::istream& in, const std::string& path);
// A file (by extension: .geojson/.json → GeoJSON, .txt/.tsv → GeoNames) or a directory of them.
[[nodiscard]] std::vector<Place> read_source(const std::string& path);

// A place as stored in the index: strings are views into the gazetteer (or its mapped file)
// and live as long as the Gazetteer.
struct PlaceView {
  std::string_view id, name, name_ar, country, admin1, parent;
  PlaceKind kind = PlaceKind::unknown;
  bool capital = false;
  bool curated = false;
  std::int32_t precision_m = 0;
  std::int64_t population = 0;
  double lat = 0, lon = 0;
};

// Every name is indexed by its token key (text::name_key) in a marisa-trie; the same flat
// layout serves a gazetteer built in memory and a compiled index mapped from disk, so a
// compiled index opens in milliseconds whatever its size.
class Gazetteer {
 public:
  // Keys of cross-script skeletons (text::skeleton_key) start with this byte, which no text
  // token key contains; shorter skeletons are too ambiguous to link (docs/arabic.md §3.3).
  static constexpr std::string_view kSkeletonMarker = "\x01";
  static constexpr std::size_t kMinSkeleton = 3;
  // Keys of a division's qualifiers ("Tenn.", "TN": Place::qualifiers) start with this byte, so
  // that running text never matches them; the resolver asks for them after "Town,".
  static constexpr std::string_view kQualifierMarker = "\x02";

  // Merges sources in order. A place whose id was seen, or that a curated feature declares
  // `same_as`, or that has the same primary name within 5 km in the same country, adds its
  // names to the first entry instead of becoming a second one. A world-scale place whose admin1
  // is a division's GeoNames code (Place::admin1_code) takes the division's name. When the build compiled these
  // sources (the bundled gazetteer, see CMakeLists.txt), their index is mapped instead: it is
  // named by a hash of the sources' bytes (a large file's size and modification time) and of the
  // binary, so an edited source is read anew.
  static Gazetteer build(const std::vector<std::string>& sources, const text::Tokenizer& tokenizer);
  // Indexes every name of every place, except a world-scale place's alternate names that are the
  // name of a country, first-level division, region or capital (GeoNames lists "Egypt" for
  // Goodyear, Arizona, and "Turkey" for a town in Ohio): its own primary name always stays.
  static Gazetteer from_places(std::vector<Place> places, const text::Tokenizer& tokenizer);
  // A compiled index written by save_index, memory-mapped (read-only, shared between processes).
  static Gazetteer open_index(const std::string& path);
  // Writes the compiled index beside `path`, then renames it into place. Into a directory, a
  // gazetteer built from sources is written under the name `build` looks for.
  void save_index(const std::string& path) const;

  Gazetteer(Gazetteer&&) noexcept;
  Gazetteer& operator=(Gazetteer&&) noexcept;
  ~Gazetteer();

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] PlaceView place(std::uint32_t index) const;

  // Places whose name has exactly this key (token keys joined by one space).
  [[nodiscard]] std::span<const std::uint32_t> find(std::string_view key) const;
  // Divisions with a qualifier of this key ("tenn" for Tennessee).
  [[nodiscard]] std::span<const std::uint32_t> find_qualifier(std::string_view key) const;
  // The names that begin at a token, a word at a time: the hash of a name's beginning (token keys
  // joined by one space, fed as they come), and whether it is a name key (with its places) or
  // the beginning of a longer one. One probe of a hash table per word (no walk of the trie):
  // "al", then "al asad", then "al asad air base". Markers' keys are not in it.
  class KeyHash {
   public:
    void add(std::string_view bytes) {
      for (const unsigned char c : bytes) {
        m_a = (m_a ^ c) * 0x100000001b3ULL;
        m_b = (m_b ^ c) * 0x01000193U;
      }
    }
    [[nodiscard]] std::uint64_t a() const { return m_a; }
    [[nodiscard]] std::uint32_t b() const { return m_b; }

   private:
    std::uint64_t m_a = 0xcbf29ce484222325ULL;
    std::uint32_t m_b = 0x811c9dc5U;
  };
  struct KeyStep {
    bool continues = false;                 // a longer name key begins so
    std::span<const std::uint32_t> places;  // not empty: a name key
  };
  [[nodiscard]] KeyStep step(const KeyHash& hash) const;
  // Whether a name may begin with this one word (false: none does; true: step() tells): a small
  // filter in the cache before a probe of the table, which is not.
  [[nodiscard]] bool may_begin_name(const KeyHash& hash) const;
  // Bytes of the longest name key: no name reaches further from where it starts.
  [[nodiscard]] std::size_t longest_key() const;
  [[nodiscard]] std::optional<std::uint32_t> find_id(std::string_view id) const;
  // The national capital of an ISO country, when the gazetteer marks one.
  [[nodiscard]] std::optional<std::uint32_t> capital_of(std::string_view country) const;
  [[nodiscard]] std::size_t name_count() const;
  // A hash of everything a result can depend on (every place's fields and every name key and
  // its postings): the same for a gazetteer built from sources and for its compiled index, and
  // different when any name, kind, coordinate, population, capital flag or country changes.
  [[nodiscard]] std::string fingerprint() const;

 private:
  struct Storage;
  Gazetteer();
  std::unique_ptr<Storage> m;
};

}  // namespace mawqi::gazetteer

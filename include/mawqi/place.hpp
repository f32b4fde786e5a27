#pragma once
// Domain types shared by the stages. Plain values: no library types inside.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mawqi {

enum class PlaceKind : std::uint8_t {
  country,
  province,
  district,
  city,
  town,
  village,
  neighbourhood,
  military_base,
  airport,
  facility,
  region,
  landmark,
  unknown
};

[[nodiscard]] const char* to_string(PlaceKind kind);
[[nodiscard]] std::optional<PlaceKind> place_kind_from_string(std::string_view text);

// A place a bare name means first: a country, a first-level division, a region or a capital.
[[nodiscard]] bool is_prominent(PlaceKind kind, bool capital);

struct Place {
  std::string id;                  // source-prefixed: gn:99072, mq:camp-taji, cc:IQ
  std::string name;                // canonical English
  std::string name_ar;             // canonical Arabic
  std::vector<std::string> names;  // every other spelling
  PlaceKind kind = PlaceKind::unknown;
  std::string country;  // ISO 3166-1 alpha-2
  std::string admin1;
  std::int64_t population = 0;
  std::string parent;
  std::int32_t precision_m = 10000;
  double lat = 0;
  double lon = 0;
  bool capital = false;              // national capital: "the capital" / العاصمة resolves to it
  std::vector<std::string> same_as;  // ids of the same place in other sources (merged on load)
  bool curated = false;              // from a reviewed GeoJSON gazetteer, not a world-scale dump
  // A division's short forms that name it only after a town and a comma ("Paris, Tenn.",
  // "Lebanon, TN"): never matched in running text on their own.
  std::vector<std::string> qualifiers;
  // A first-level division's GeoNames admin1 code ("US.TN"): world-scale places that give this
  // code as their admin1 take the division's name as theirs when the gazetteer is built.
  std::string admin1_code;
};

struct Article {
  std::string id;
  std::string lang;  // "ar", "en", … (detected when absent)
  std::string date;  // publication date YYYY-MM-DD (of a timestamp: its date as written), may be empty
  std::string title;
  std::string url;
  std::string source;
  std::string text;
  std::string origin;       // file:line it was read from, for messages
  bool id_derived = false;  // no id in the record: derived from the file name and line
  // What was dropped while reading ("file:line: date: …; the article is read without one"),
  // reported in input order when the article is accepted (io::RecordChecker).
  std::vector<std::string> warnings;
};

}  // namespace mawqi

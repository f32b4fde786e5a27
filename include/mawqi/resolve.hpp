#pragma once
// Resolve module: gives every mention one place and a confidence, from document focus, kind
// cues (camp, airport, معسكر, مطار), population and importance, and relative-location phrases
// ("north of Baghdad", "جنوب شرقي بغداد") checked with geodesic bearings. The words it reads by
// come from the lexicons (lexicons/README.md).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/language.hpp"
#include "mawqi/match.hpp"
#include "mawqi/text.hpp"

namespace mawqi::resolve {

struct Relation {
  std::string text;         // the phrase as written: "جنوب شرقي بغداد", "30 km north of Baghdad"
  double bearing_deg = -1;  // direction from the anchor, -1 when none stated
  double distance_m = -1;   // -1 when none stated
  std::optional<std::uint32_t> anchor_place;
};

struct ResolvedMention {
  match::Mention mention;
  std::uint32_t place = 0;  // gazetteer index (for a derived location: its anchor)
  double confidence = 0;
  Relation relation;
  // "the capital", "المطار": not a toponym (not in the mentions layer), but a place for events.
  bool anaphoric = false;
  // "20 km north of Baghdad" with no named place before it: a point of its own, kind unknown.
  bool derived = false;
  double lat = 0, lon = 0;
  std::int32_t precision_m = 0;
};

class Resolver {
 public:
  // Reads its word lists from `language` (place_prepositions, kind_words, directions, …).
  Resolver(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer, const lang::Language& language);

  [[nodiscard]] std::vector<ResolvedMention> resolve(std::string_view text, const std::vector<text::Token>& tokens,
                                                     const std::vector<match::Mention>& mentions) const;

  // Context-free importance of a place: kind, population, capital (ranks homonyms).
  [[nodiscard]] static double prior(const gazetteer::PlaceView& place);

  // Focus country of a resolved document (most mentioned), empty when none.
  [[nodiscard]] static std::string focus_country(const gazetteer::Gazetteer& gazetteer,
                                                 const std::vector<match::Mention>& mentions);

 private:
  struct ParsedRelation {
    std::size_t first_token = 0;  // where the phrase starts
    std::size_t anchor_mention = 0;
    bool anchor_is_capital = false;  // "العاصمة" / "the capital" with no name after it
    std::uint32_t byte_end = 0;
    double bearing_deg = -1;
    double distance_m = -1;
  };
  // A relative-location phrase starting at token `start` ("جنوب شرقي بغداد", "30 km north of
  // the capital"), anchored on the first mention at or after `first_mention`.
  [[nodiscard]] std::optional<ParsedRelation> parse_relation(const std::vector<text::Token>& tokens,
                                                             const std::vector<match::Mention>& mentions,
                                                             std::size_t start, std::size_t first_mention) const;
  void add_anaphors(const std::vector<text::Token>& tokens, const std::string& focus,
                    std::vector<ResolvedMention>& out) const;
  // Population from which a GeoNames place is known well enough to need no context.
  static constexpr std::int64_t kStrongPopulation = 100000;
  static constexpr std::int64_t kStrongPopulationArabic = 1000000;
  // A city of the article's own country this large needs no locative context.
  static constexpr std::int64_t kFocusCityPopulation = 50000;
  // How near the article's other places a small, weakly attested place must be.
  static constexpr double kNearbyMetres = 250000;
  [[nodiscard]] bool is_strong(const std::vector<text::Token>& tokens, const match::Mention& m) const;
  [[nodiscard]] bool has_locative_evidence(const std::vector<text::Token>& tokens, const match::Mention& m) const;
  [[nodiscard]] std::vector<match::Mention> drop_unsupported(const std::vector<text::Token>& tokens,
                                                             const std::vector<match::Mention>& mentions) const;
  [[nodiscard]] std::optional<PlaceKind> kind_cue(const std::vector<text::Token>& tokens,
                                                  const match::Mention& m) const;
  // Compass point of one direction word, Arabic (after text::bare_word) or English; -1 when not one.
  [[nodiscard]] double direction_of(const std::string& word) const;

  // Tokens between a city and "the airport" that refers to its airport.
  static constexpr std::size_t kAnaphorWindow = 12;
  const gazetteer::Gazetteer& m_gazetteer;
  const text::Tokenizer* m_tokenizer;
  text::Lexicon m_locatives;  // في, من, in, near, قرية … before a name: it is used as a place
  std::vector<std::string> m_place_proclitics;             // ب, ل glued to a name: the same
  std::unordered_map<std::string, PlaceKind> m_kind_cues;  // معسكر, camp → base; مطار → airport …
  std::unordered_map<std::string, double> m_directions;    // شمال, north → 0 (degrees)
  text::Lexicon m_relation_fillers;                        // الواقع, في, located …
  text::Lexicon m_distance_links;                          // إلى: "30 كم إلى الشمال"
  text::Lexicon m_direction_links;                         // من, عن, of: "north of"
  text::Lexicon m_definite_articles;                       // the: "the capital"
  text::Lexicon m_capital_words;                           // العاصمة, the capital
  text::Lexicon m_airport_words;                           // المطار, airport
  std::vector<std::string> m_airport_names;                // "{name} airport" …
  std::unordered_map<std::string, double> m_units;         // km, كم, mile … → metres
};

}  // namespace mawqi::resolve

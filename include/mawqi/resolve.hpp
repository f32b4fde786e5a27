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
#include <utility>
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

// The weights by which the resolver ranks the readings of a name, and the evidence a world-scale
// (uncurated) place needs. Each is a named option (`mawqi run --weight NAME=VALUE`), listed with
// its default in the README ("Resolver weights"); the defaults are the values measured with
// `mawqi eval`. A score is a sum: the place's prior (kind, population, capital) plus the context
// that agrees with it.
struct Weights {
  // Prior by kind: a country named is that country before it is a town of the same name.
  double kind_country = 3.0, kind_city = 2.0, kind_military_base = 2.0, kind_airport = 2.0, kind_neighbourhood = 1.5,
         kind_facility = 1.5, kind_town = 1.2, kind_province = 1.0, kind_landmark = 1.0, kind_district = 0.8,
         kind_region = 0.8, kind_village = 0.5;
  double population = 0.5;  // per power of ten of people
  double capital = 1.5;     // a national capital
  // A place in the country the article is most about; more than the gap between a country and a
  // first-level division (3 - 1), so that "Georgia" in a US article is the state.
  double focus_country = 2.5;
  // A world-scale town named like a country, first-level division, region or capital that it does
  // not lie in ("Jordan" the country before Jordan, Minnesota; "Paris" before Paris, Tennessee) loses
  // this much: the prominent place is meant unless the article says otherwise, as below (a
  // qualifier, or a division the article names).
  double prominent = 4.0;
  // "Paris, Tenn.", "London, Ontario": the candidate lies in the division or country named after
  // the comma; the same name later in the article is read the same way.
  double qualified = 12.0;  // more than any prior and focus lead: what the text says decides
  // The candidate lies in a first-level division the article names elsewhere (Paris and Texas).
  double named_division = 6.0;
  double named_country = 2.0;  // a reading in a country the article names
  // A country, or a division of the same country, beside one in a list ("Oregon and Washington").
  double listed_kind = 12.0;  // as a qualifier: what the text says decides
  // Per other place of the article (up to three) within nearby_km of the candidate.
  double nearby = 2.0;
  double kind_cue = 3.0;        // "camp", "airport", معسكر beside the name, and the place is one
  double bearing_agrees = 3.0;  // "north of X": the candidate lies within 45° of north of X
  double bearing_near = 1.0;    // within 90°
  double bearing_disagrees = -2.0;
  double relation_far = -2.0;      // farther from its anchor than relation_local_km
  double relation_local_km = 400;  // how far a relative location ("north of X") reaches
  double distance_agrees = 2.0;    // "30 km north of X": the candidate is about that far
  // A world-scale place this populous needs no locative context (Arabic: a city over a million).
  double strong_population = 100000, strong_population_arabic = 1000000;
  double focus_city_population = 50000;  // a city of the article's country this large, likewise
  double nearby_km = 250;                // how near the article's other places a small one must be

  // Every option by name, in the README's order.
  static const std::vector<std::pair<std::string_view, double Weights::*>>& options();
  // Sets one from "NAME=VALUE"; a UsageError names the option and lists the known ones.
  void set(std::string_view assignment);
  [[nodiscard]] double kind(PlaceKind k) const;
  // Of every value, for the state file: other weights give other layers.
  [[nodiscard]] std::uint64_t fingerprint() const;
};

class Resolver {
 public:
  // Reads its word lists from `language` (place_prepositions, kind_words, directions, …).
  Resolver(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer, const lang::Language& language,
           const Weights& weights = {});

  [[nodiscard]] std::vector<ResolvedMention> resolve(std::string_view text, const std::vector<text::Token>& tokens,
                                                     const std::vector<match::Mention>& mentions) const;

  // Context-free importance of a place: kind, population, capital (ranks homonyms).
  [[nodiscard]] static double prior(const gazetteer::PlaceView& place, const Weights& weights);

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
  // Whether `key` (a name key) is the place's own name, English or Arabic, not an alternate.
  [[nodiscard]] bool named_as_own(const gazetteer::PlaceView& place, const std::string& key) const;
  [[nodiscard]] bool is_strong(const std::vector<text::Token>& tokens, const match::Mention& m) const;
  [[nodiscard]] bool has_locative_evidence(const std::vector<text::Token>& tokens, const match::Mention& m) const;
  // Whether `second` is the next item after `first` in a list ("Kidal, Menaka and Gao",
  // الفحيحيل والمنقف): only a comma or a conjunction between them, or the conjunction glued.
  [[nodiscard]] bool coordinated(const std::vector<text::Token>& tokens, const match::Mention& first,
                                 const match::Mention& second) const;
  // A one-word Latin name right after another capitalized word that is no preposition, direction
  // or kind word ("Lloyd Austin").
  [[nodiscard]] bool after_a_name(const std::vector<text::Token>& tokens, const match::Mention& m) const;
  // Whether `m` is a division's qualifier written after "previous," ("Jefferson County, Colo."),
  // abbreviated or a postal code, and has no division or country reading of its own.
  [[nodiscard]] bool qualifies_previous(const std::vector<text::Token>& tokens, const match::Mention& previous,
                                        const match::Mention& m) const;
  [[nodiscard]] std::vector<match::Mention> drop_unsupported(const std::vector<text::Token>& tokens,
                                                             const std::vector<match::Mention>& mentions) const;
  // What is named after "Town," and qualifies it: the next mention's divisions and countries, or a
  // division's qualifier ("Tenn.", "TN"), which is then a mention of its own.
  struct Qualifier {
    std::vector<std::uint32_t> places;           // empty when none
    std::size_t first_token = 0, end_token = 0;  // the qualifier's own tokens, when it is no mention
  };
  [[nodiscard]] Qualifier qualifier_of(const std::vector<text::Token>& tokens,
                                       const std::vector<match::Mention>& mentions, std::size_t i) const;
  [[nodiscard]] std::optional<PlaceKind> kind_cue(const std::vector<text::Token>& tokens,
                                                  const match::Mention& m) const;
  // Compass point of one direction word, Arabic (after text::bare_word) or English; -1 when not one.
  [[nodiscard]] double direction_of(const std::string& word) const;

  // Tokens between a city and "the airport" that refers to its airport.
  static constexpr std::size_t kAnaphorWindow = 12;
  // The article's first distinct names that a homonym's readings are measured against, and the
  // readings of each that count.
  static constexpr std::size_t kNearbyPlaces = 32;
  static constexpr std::size_t kNearbyReadings = 64;
  const gazetteer::Gazetteer& m_gazetteer;
  const text::Tokenizer* m_tokenizer;
  Weights m_weights;
  text::Lexicon m_locatives;  // في, من, in, near, قرية … before a name: it is used as a place
  std::vector<std::string> m_place_proclitics;             // ب, ل glued to a name: the same
  std::unordered_map<std::string, PlaceKind> m_kind_cues;  // معسكر, camp → base; مطار → airport …
  std::unordered_map<std::string, double> m_directions;    // شمال, north → 0 (degrees)
  text::Lexicon m_relation_fillers;                        // الواقع, في, located …
  text::Lexicon m_distance_links;                          // إلى: "30 كم إلى الشمال"
  text::Lexicon m_direction_links;                         // من, عن, of: "north of"
  text::Lexicon m_definite_articles;                       // the: "the capital"
  text::Lexicon m_conjunctions;                            // و, and, as well as: a list's items
  text::Lexicon m_capital_words;                           // العاصمة, the capital
  text::Lexicon m_airport_words;                           // المطار, airport
  std::vector<std::string> m_airport_names;                // "{name} airport" …
  std::unordered_map<std::string, double> m_units;         // km, كم, mile … → metres
};

}  // namespace mawqi::resolve

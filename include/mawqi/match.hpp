#pragma once
// Match module: finds gazetteer names in tokenized text (docs/arabic.md §2.3): Arabic proclitics
// are stripped only when the stem is a gazetteer name, the longest name wins, and names that are
// also ordinary words, premodifiers ("US-led") and organisation names need or lose context. The
// words it reads by come from the lexicons (lexicons/README.md).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/language.hpp"
#include "mawqi/text.hpp"

namespace mawqi::match {

struct Mention {
  std::uint32_t token_begin = 0;  // tokens [token_begin, token_end)
  std::uint32_t token_end = 0;
  std::uint32_t start = 0;  // code points into the article text, proclitic excluded
  std::uint32_t end = 0;
  std::uint32_t byte_start = 0;
  std::uint32_t byte_end = 0;
  std::string clitic;                     // stripped proclitic, normalized ("و", "ب", "ول" …)
  std::string key;                        // the name key matched (للعراق: العراق)
  std::vector<std::uint32_t> candidates;  // gazetteer place indices
};

class Matcher {
 public:
  // Reads its word lists from `language` (name_proclitics, common_word_names, kind_words, …).
  Matcher(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer, const lang::Language& language);

  [[nodiscard]] std::vector<Mention> find(std::string_view text, const std::vector<text::Token>& tokens) const;

 private:
  struct Option;
  // Whether every place with this key is a country (a country before "military base" names whose it is).
  [[nodiscard]] bool names_only_countries(const std::string& key) const;
  // An English name that ends before token `end` is followed by an organisation word.
  [[nodiscard]] bool organisation_follows(const std::vector<text::Token>& tokens, std::size_t end) const;
  [[nodiscard]] bool accepted(std::string_view text, const std::vector<text::Token>& tokens, std::size_t begin,
                              std::size_t end, const std::string& clitic, const std::string& key) const;

  const gazetteer::Gazetteer& m_gazetteer;
  std::vector<std::string> m_proclitics;      // وب, ول, و, ب … (name_proclitics), in order
  std::vector<std::string> m_lam_proclitics;  // those ending in ل, which take the article as لل
  text::Lexicon m_latin_articles;             // al, ad, ash … before a hyphen (latin_articles)
  text::Lexicon m_needs_context;              // names that are also ordinary words (بلد, القائم, Hit …)
  text::Lexicon m_type_words;                 // معسكر, قاعدة, city, camp … (evidence for the above)
  text::Lexicon m_direction_words;            // شمال, جنوب, north … (evidence: "بلد شمال بغداد")
  text::Lexicon m_organisation_words;         // Operations, Command after a name, عمليات before: no place
  text::Lexicon m_premodified_nouns;          // military, troops … after a name: the name is a premodifier
  text::Lexicon m_abbreviations;              // st, gen …: their full stop is inside a name
  text::Lexicon m_capitalized_followers;      // Sunday, Province … may follow a name without making it a person
  text::Lexicon m_evidence_prepositions;      // in, at, from, في … (evidence for "Hit", مالي)
  text::Lexicon m_after_preposition;          // the m_needs_context names for which that suffices
};

}  // namespace mawqi::match

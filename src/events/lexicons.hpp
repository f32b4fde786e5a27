#pragma once
// The words the event reader knows (lexicons/*/*.tsv, read once through lang::Language), indexed
// for the per-token lookups of src/events/*.cpp. Private to the events module.
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mawqi/events.hpp"

namespace mawqi::events {

using text::Script;
using text::Token;
using text::TokenType;

inline bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }
inline std::string strip_clitic(const std::string& norm) { return text::strip_proclitic(norm); }
inline std::string bare(const std::string& norm) { return text::bare_word(norm); }

enum class GrammaticalNumber { singular, dual, plural, none };

struct Weapon {
  std::string subtype;  // rocket_attack, mortar_attack, drone_attack, ied, explosion
  std::string label;    // Katyusha, rocket, mortar, drone, IED, car bomb
  GrammaticalNumber number;
};

struct Extractor::Lexicons {
  text::Lexicon eventive, habitual, handover, handover_blockers, future, anaphor_base, target_verbs, convoy;
  text::Lexicon damage_material, damage_none, no_casualties, only_word, killed, wounded, casualty_nouns,
      casualty_fillers;
  text::Lexicon attack_nouns, back_references, similar, compound_heads, undated_past, approximately, road_words;
  text::Lexicon human_losses, negations, conjunctions, speech_verbs, locatives, locative_clitics, between_words,
      actor_nouns;
  text::Lexicon claim_words, passive_markers, agent_markers, vague_quantities, nobody_words, recipient_markers,
      source_markers, loss_links, origin_markers, anaphor_place, existential_verbs, sequence_after, year_markers;
  // Every lexicon above, so that a token is looked up once for all of them (declared after them:
  // it reads their entries when it is built).
  text::LexiconTable table{
      {&eventive,       &habitual,        &handover,        &handover_blockers, &future,          &anaphor_base,
       &target_verbs,   &convoy,          &damage_material, &damage_none,       &no_casualties,   &only_word,
       &killed,         &wounded,         &casualty_nouns,  &attack_nouns,      &back_references, &similar,
       &compound_heads, &undated_past,    &approximately,   &road_words,        &human_losses,    &negations,
       &conjunctions,   &speech_verbs,    &locatives,       &between_words,     &actor_nouns,     &casualty_fillers,
       &claim_words,    &passive_markers, &agent_markers,   &vague_quantities,  &nobody_words,    &recipient_markers,
       &source_markers, &loss_links,      &anaphor_place,   &existential_verbs, &sequence_after,  &year_markers}};
  std::vector<std::pair<std::vector<std::string>, Weapon>> weapons;  // phrase words (bare) → weapon, longest first
  std::unordered_map<std::string, std::vector<std::size_t>> weapons_by_first_word;
  enum class Side : std::uint8_t { coalition, host, other };
  struct Force {
    std::vector<std::string> words;  // bare
    std::string label;
    Side side = Side::other;
  };
  std::vector<Force> forces;  // longest first
  // Entries of a phrase table by their first word (bare), longest first: a token is compared
  // only with the phrases that can start at it.
  using FirstWordIndex = std::unordered_map<std::string, std::vector<std::size_t>>;
  template <class Table, class Words>
  static FirstWordIndex index_by_first_word(const Table& table, Words words) {
    FirstWordIndex index;
    for (std::size_t i = 0; i < table.size(); ++i)
      if (!words(table[i]).empty()) index[words(table[i]).front()].push_back(i);
    return index;
  }
  FirstWordIndex forces_by_first_word, groups_by_first_word, targets_by_first_word;
  enum class Transfer : std::uint8_t { handover, takeover, withdrawal };
  std::unordered_map<std::string, Transfer> transfer_kinds;  // handover word (match form) → how
  struct Group {
    std::vector<std::string> words;  // bare
    std::string label;
    bool named = false;
  };
  std::vector<Group> armed_groups;                                             // longest first
  std::vector<std::pair<std::vector<std::string>, std::string>> target_nouns;  // longest first
  std::vector<std::string> base_words;                   // for "the base known as al-Qaim" → Al-Qaim base
  text::Lexicon abbreviations;                           // a full stop after one does not end a sentence
  std::unordered_map<std::string, int> casualty_number;  // casualty noun → people it counts alone (0: plural)
  DateReader dates;
  NumberReader numbers;

  Lexicons(const lang::Language& language, const text::Tokenizer& tk);
};

}  // namespace mawqi::events

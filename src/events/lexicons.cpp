// Loads the event reader's lexicons and tables, checking each row against the layer contract.
#include "lexicons.hpp"

#include <algorithm>

namespace mawqi::events {

Extractor::Lexicons::Lexicons(const lang::Language& language, const text::Tokenizer& tk)
    : eventive(language.lexicon("eventive", tk)),
      habitual(language.lexicon("habitual", tk)),
      handover(language.lexicon("handover", tk)),
      handover_blockers(language.lexicon("handover_blockers", tk)),
      future(language.lexicon("future", tk)),
      anaphor_base(language.lexicon("anaphor_base", tk)),
      target_verbs(language.lexicon("target_verbs", tk)),
      convoy(language.lexicon("convoy", tk)),
      damage_material(language.lexicon("damage_material", tk)),
      damage_none(language.lexicon("damage_none", tk)),
      no_casualties(language.lexicon("no_casualties", tk)),
      only_word(language.lexicon("only_word", tk)),
      killed(language.lexicon("killed", tk)),
      wounded(language.lexicon("wounded", tk)),
      casualty_nouns(language.lexicon("casualty_nouns", tk)),
      casualty_fillers(language.lexicon("casualty_fillers", tk)),
      attack_nouns(language.lexicon("attack_nouns", tk)),
      back_references(language.lexicon("back_references", tk)),
      similar(language.lexicon("similar", tk)),
      compound_heads(language.lexicon("compound_heads", tk)),
      undated_past(language.lexicon("undated_past", tk)),
      approximately(language.lexicon("approximately", tk)),
      road_words(language.lexicon("road_words", tk)),
      human_losses(language.lexicon("human_losses", tk)),
      negations(language.lexicon("negations", tk)),
      conjunctions(language.lexicon("conjunctions", tk)),
      speech_verbs(language.lexicon("speech_verbs", tk)),
      locatives(language.lexicon("locatives", tk)),
      locative_clitics(language.lexicon("locative_clitics", tk)),
      between_words(language.lexicon("between_words", tk)),
      actor_nouns(language.lexicon("actor_nouns", tk)),
      claim_words(language.lexicon("claim_words", tk)),
      passive_markers(language.lexicon("passive_markers", tk)),
      agent_markers(language.lexicon("agent_markers", tk)),
      vague_quantities(language.lexicon("vague_quantities", tk)),
      nobody_words(language.lexicon("nobody_words", tk)),
      recipient_markers(language.lexicon("recipient_markers", tk)),
      source_markers(language.lexicon("source_markers", tk)),
      loss_links(language.lexicon("loss_links", tk)),
      origin_markers(language.lexicon("origin_markers", tk)),
      anaphor_place(language.lexicon("anaphor_place", tk)),
      existential_verbs(language.lexicon("existential_verbs", tk)),
      sequence_after(language.lexicon("sequence_after", tk)),
      year_markers(language.lexicon("year_markers", tk)),
      abbreviations(language.lexicon("abbreviations", tk)),
      dates(language, tk),
      numbers(language, tk) {
  auto words = [&](std::string_view phrase) {
    std::vector<std::string> out;
    for (const Token& t : tk.tokenize(phrase))
      if (is_word(t)) out.push_back(bare(t.norm));
    return out;
  };
  for (const lang::Row& row : language.table("weapons", {"phrase", "sub_event_type", "label", "number"})) {
    const auto number = static_cast<GrammaticalNumber>(row.choice("number", {"singular", "dual", "plural", "none"}));
    std::vector<std::string> phrase = words(row.at("phrase"));
    if (phrase.empty()) row.fail("phrase", "no word in it");
    static const std::vector<std::string_view> kKinds = {
        "rocket_attack", "missile_attack", "mortar_attack", "drone_attack", "ied", "armed_attack", "explosion"};
    const std::string kind(kKinds[row.choice("sub_event_type", kKinds)]);  // the layer contract's kinds
    weapons.emplace_back(std::move(phrase), Weapon{kind, row.at("label"), number});
  }
  std::stable_sort(weapons.begin(), weapons.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (std::size_t w = 0; w < weapons.size(); ++w) weapons_by_first_word[weapons[w].first.front()].push_back(w);
  for (const lang::Row& row : language.table("actors", {"phrase", "label", "side"}))
    forces.push_back({words(row.at("phrase")), row.at("label"),
                      static_cast<Side>(row.choice("side", {"coalition", "host", "other"}))});
  // "US troops" also as "US soldiers", "US forces", "US personnel".
  std::vector<std::string> heads;
  for (const std::string& w : language.phrases("force_nouns")) heads.push_back(bare(text::normalize(tk, w)));
  const std::size_t listed = forces.size();
  for (std::size_t f = 0; f < listed; ++f) {
    if (forces[f].words.empty() || std::find(heads.begin(), heads.end(), forces[f].words.back()) == heads.end())
      continue;
    for (const std::string& head : heads) {
      Force other = forces[f];
      other.words.back() = head;
      if (std::none_of(forces.begin(), forces.end(), [&](const Force& g) { return g.words == other.words; }))
        forces.push_back(std::move(other));
    }
  }
  std::stable_sort(forces.begin(), forces.end(),
                   [](const Force& a, const Force& b) { return a.words.size() > b.words.size(); });
  for (const lang::Row& row : language.table("handover", {"phrase", "kind"}))
    transfer_kinds[text::normalize(tk, row.at("phrase"))] =
        static_cast<Transfer>(row.choice("kind", {"handover", "takeover", "withdrawal"}));
  for (const std::string& w : language.phrases("base_words")) base_words.push_back(bare(text::normalize(tk, w)));
  for (const lang::Row& row : language.table("armed_groups", {"phrase", "label", "kind"}))
    armed_groups.push_back({words(row.at("phrase")), row.at("label"), row.choice("kind", {"named", "generic"}) == 0});
  std::stable_sort(armed_groups.begin(), armed_groups.end(),
                   [](const Group& a, const Group& b) { return a.words.size() > b.words.size(); });
  for (const lang::Row& row : language.table("target_nouns", {"phrase", "label"}))
    target_nouns.emplace_back(words(row.at("phrase")), row.at("label"));
  std::stable_sort(target_nouns.begin(), target_nouns.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  forces_by_first_word = index_by_first_word(
      forces, [](const Force& f) -> const auto& { return f.words; });
  groups_by_first_word = index_by_first_word(
      armed_groups, [](const Group& g) -> const auto& { return g.words; });
  targets_by_first_word = index_by_first_word(
      target_nouns, [](const auto& t) -> const auto& { return t.first; });
  for (const lang::Row& row : language.table("casualty_nouns", {"phrase", "number"})) {
    static constexpr int kPeople[] = {1, 2, 0};  // singular, dual, plural (a figure says how many)
    casualty_number[text::normalize(tk, row.at("phrase"))] =
        kPeople[row.choice("number", {"singular", "dual", "plural"})];
  }
}

}  // namespace mawqi::events

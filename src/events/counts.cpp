// Munitions and casualties: "a salvo of 14 Katyusha rockets", "killing two American and one
// British personnel and wounding about a dozen" (docs/arabic.md §6.3–6.4).
#include "article_reader.hpp"

namespace mawqi::events {

std::optional<long> ArticleReader::munitions(std::size_t wtok, std::size_t after, const Weapon& w,
                                             std::string& label) const {
  std::size_t before = wtok;  // skip a calibre: "107mm rockets", "107 mm", "107-mm"
  if (before >= 2 && m_tokens[before - 1].norm == "mm") {
    std::size_t n = before - 2;
    if (m_tokens[n].norm == "-" && n > 0) --n;
    if (m_tokens[n].type == TokenType::number) {
      // 107mm rocket, 120mm mortar: the calibre names the round, not the launcher's nickname.
      label = m_tokens[n].norm + "mm " +
              (w.subtype == "rocket_attack"   ? "rocket"
               : w.subtype == "mortar_attack" ? "mortar"
                                              : w.label);
      before = n;
    }
  }
  // A number before the weapon, past adjectives: "4 صواريخ", "18 small rockets", "الـ3 صواريخ".
  for (std::size_t back = 1; back <= 3 && before >= back; ++back) {
    // "a 2016 car bomb attack": a year after an article is no count.
    const std::size_t at = before - back;
    if (bare_year(at) && at > 0 && lexicon_at(lx.year_markers, at - 1)) break;
    if (auto n = lx.numbers.ending_at(m_tokens, at)) return n->first;
    const Token& t = m_tokens[before - back];
    const bool adjective = is_word(t) && t.script == Script::latin && !t.capitalized;
    if (!(adjective || t.norm == "katyusha" || t.norm == "\u0627\u0644")) break;
  }
  // "a rocket attack" is an attack, not one rocket.
  if (after < m_tokens.size() && lexicon_at(lx.compound_heads, after)) return std::nullopt;
  if (w.number == GrammaticalNumber::dual) return 2;
  if (w.number == GrammaticalNumber::singular &&
      (m_tokens[wtok].script == Script::arabic ||
       (wtok > 0 && (m_tokens[wtok - 1].norm == "a" || m_tokens[wtok - 1].norm == "an"))))
    return 1;
  return std::nullopt;
}

// The figure of one place in a list: "17 of them at the Ain al-Asad air base and five at the
// city of Arbil". A number shortly before the place, after the previous list item.
std::optional<long> ArticleReader::count_before(std::size_t m, std::size_t floor) const {
  const std::size_t begin = m_mentions[m].mention.token_begin;
  for (std::size_t back = 1; back <= kListGap && begin >= floor + back; ++back) {
    const std::size_t k = begin - back;
    if (in_date(k)) return std::nullopt;
    if (auto n = lx.numbers.ending_at(m_tokens, k); n && n->second <= back) return n->first;
    if (m_tokens[k].type == TokenType::punct) return std::nullopt;
  }
  return std::nullopt;
}

// Casualty figures (docs/arabic.md §6.3): "killing two American and one British personnel" = 3,
// "wounding about a dozen people" = 12, "مقتل 3 جنود", "3 قتلى", "جريحين" = 2, "إصابة سائق" = 1.
std::optional<long> ArticleReader::casualties(const text::Lexicon& lex, Span s) const {
  // Words inside "no one was injured", "لم تسفر عن إصابات" count nobody.
  std::vector<bool> denied(s.end - s.begin, false);
  for (std::size_t k = s.begin; k < s.end; ++k)
    if (const std::size_t n = lx.no_casualties.match_at(m_tokens, k); n > 0)
      for (std::size_t d = k; d < std::min(s.end, k + n); ++d) denied[d - s.begin] = true;
  for (std::size_t k = s.begin; k < s.end; ++k) {
    if (denied[k - s.begin] || !lexicon_at(lex, k)) continue;
    if (noun_count(k, 1) == 2) return 2;  // جريحين، قتيلين: a dual counts itself
    // Forward: the people counted, conjunct by conjunct: "two American and one British
    // personnel", "ضابط وثلاثة آخرون" (1 + 3), "about a dozen people", "جنديين" (a dual).
    long sum = 0;
    bool any = false;
    // Past the whole phrase: "أودى بحياة 13 جنديا" ("claimed the lives of 13 soldiers").
    std::size_t f = k + std::max<std::size_t>({1, lex.match_at(m_tokens, k), lex.match_at(m_tokens, k, m_stripped[k])});
    for (bool skipped = true; skipped;) {
      skipped = false;
      for (const text::Lexicon* skip : {&lx.approximately, &lx.casualty_fillers})
        if (const std::size_t n = skip->match_at(m_tokens, f); n > 0) {
          f += n;
          skipped = true;
        }
    }
    bool counted = false;  // the current conjunct has its figure
    bool vague = false;    // a conjunct without one ("dozens of Afghans") was read
    std::size_t modifiers = 0;
    while (f < s.end && f < k + 12) {
      const Token& t = m_tokens[f];
      if (t.norm == "a" && f + 1 < s.end && m_tokens[f + 1].norm == "dozen") {
        sum += 12;
        any = counted = true;
        f += 2;
        continue;
      }
      // The next figure's own word ends this one: "مقتل 3 جنود وإصابة 12 آخرين".
      if (f > k + 1 && (lexicon_at(lx.killed, f) || lexicon_at(lx.wounded, f))) break;
      // A conjunct starts at "and" or at a word glued to و: "وثلاثة".
      const bool joiner = (any || vague) && (t.norm == "and" || t.norm == "\u0648");
      const bool glued = t.script == Script::arabic && t.norm.starts_with("\u0648") && (any || vague) &&
                         !lx.numbers.is_number_word(t.norm);  // وثلاثة, not واحد
      if (joiner) {
        counted = false;
        modifiers = 0;
        ++f;
        continue;
      }
      if (glued) counted = false;
      if (!counted && lexicon_at(lx.vague_quantities, f)) {  // "dozens of Afghans": no figure
        counted = vague = true;
        ++f;
        continue;
      }
      if (auto n = lx.numbers.starting_at(m_tokens, f); n && !counted) {
        sum += n->first;
        any = counted = true;
        f += n->second;
        continue;
      }
      if (const std::size_t n = lx.casualty_nouns.match_at(m_tokens, f) ? lx.casualty_nouns.match_at(m_tokens, f)
                                : lexicon_at(lx.casualty_nouns, f)      ? 1
                                                                        : 0;
          n > 0) {
        const int people = noun_count(f, n);
        if (!counted && people > 0 &&
            (t.script == Script::arabic ||
             (f > k + 1 && (m_tokens[f - 1].norm == "a" || m_tokens[f - 1].norm == "an")))) {
          sum += people;
          any = true;
        }
        counted = true;
        modifiers = 0;
        f += n;
        continue;
      }
      if ((t.norm == "a" || t.norm == "an") && t.script == Script::latin) {  // "killing a contractor"
        ++f;
        continue;
      }
      if (!any && !vague) break;  // "killed and 9 were hurt": the 9 are not the dead
      // Modifiers: "two American and one British personnel", "three coalition soldiers"; Arabic
      // adjectives follow their noun (متعاقد مدني امريكي).
      const bool modifier = is_word(t) && (t.capitalized || t.script == Script::arabic || counted);
      if (!modifier || ++modifiers > kCasualtyModifiers) break;
      ++f;
    }
    if (any) return sum;
    if (noun_count(k, 1) == 1 && is_word(m_tokens[k]) && m_tokens[k].script == Script::arabic)
      return 1;  // مخلفة جريحا: the singular counts itself
    // Backward: "two soldiers were killed", "3 قتلى", "9 were hurt", "left seven Jordanian
    // border guards dead" (modifiers before the noun once it is read).
    bool noun_read = false;
    std::size_t noun_modifiers = 0;
    for (std::size_t back = 1; back <= 4 + kCasualtyModifiers && k >= s.begin + back; ++back) {
      if (auto n = lx.numbers.ending_at(m_tokens, k - back)) return n->first;
      const Token& t = m_tokens[k - back];
      if (lexicon_at(lx.casualty_nouns, k - back)) {
        noun_read = true;
        continue;
      }
      if (noun_read && is_word(t) && t.script == Script::latin && ++noun_modifiers <= kCasualtyModifiers) continue;
      if (t.norm != "were" && t.norm != "was" && !(is_word(t) && t.capitalized)) break;
    }
    if (k > s.begin && (m_tokens[k - 1].norm == "a" || m_tokens[k - 1].norm == "an")) return 1;
  }
  return std::nullopt;
}

bool ArticleReader::says_no_casualties(Span s) const {
  // "من دون أن يسفرا عن خسائر بشرية", "without causing any casualties": a negation shortly
  // before a word for human losses.
  // Only words that say what caused or left the losses may stand between: "would not reveal
  // the casualties" denies nothing.
  for (std::size_t k = s.begin; k < s.end; ++k) {
    if (!lexicon_at(lx.human_losses, k)) continue;
    for (std::size_t b = 1; b <= 5 && k >= s.begin + b; ++b) {
      if (lexicon_at(lx.negations, k - b)) return true;
      if (!lexicon_at(lx.loss_links, k - b)) break;
    }
  }
  // "nobody had been reported killed or hurt", "لم يصب أحد": nobody shortly before a casualty word.
  for (std::size_t k = s.begin; k < s.end; ++k)
    if (lx.nobody_words.match_at(m_tokens, k) > 0 || lexicon_at(lx.nobody_words, k))
      for (std::size_t f = k + 1; f < std::min(s.end, k + kNobodyWindow); ++f)
        if (lexicon_at(lx.killed, f) || lexicon_at(lx.wounded, f)) return true;
  return any_in(lx.no_casualties, s);
}

void ArticleReader::read_no_casualties(Event& e, Span s) const {
  if (!says_no_casualties(s)) return;
  if (!e.fatalities) e.fatalities = 0;
  if (!e.injuries) e.injuries = 0;
}

void ArticleReader::read_damage_and_casualties(Event& e, Span s) const {
  if (e.damage == "unknown") {
    if (any_in(lx.damage_none, s))
      e.damage = "none";
    else if (any_in(lx.damage_material, s))
      e.damage = "material";
  }
  // Figures first: "eight people were wounded … hours after a similar attack that caused no
  // casualties" are eight wounded; "none" fills only what no figure gave.
  if (!e.fatalities)
    if (auto n = casualties(lx.killed, s)) e.fatalities = n;
  if (!e.injuries)
    if (auto n = casualties(lx.wounded, s)) e.injuries = n;
  const bool material_only = e.damage == "material" && any_in(lx.only_word, s);
  if (material_only || says_no_casualties(s)) {
    if (!e.fatalities) e.fatalities = 0;
    if (!e.injuries) e.injuries = 0;
  }
}

}  // namespace mawqi::events

// Event extraction (docs/arabic.md §6): sentences → clauses → triggers, each with its place,
// date, counts, casualties, damage and actors (the steps are in article_reader.hpp); later
// sentences that refer back to an event ("the explosion", الانفجار) complete it.
#include "article_reader.hpp"

namespace mawqi::events {
namespace {

// A sentence ends at a line break, ! ? ؟, or a full stop not after an abbreviation (U.S., Gen.,
// a single capital, د.).
bool ends_sentence(const std::vector<Token>& tokens, std::size_t i, const text::Lexicon& abbreviations) {
  const Token& t = tokens[i];
  if (t.type == TokenType::newline) return true;
  if (t.type != TokenType::punct) return false;
  if (t.norm == "!" || t.norm == "?" || t.norm == "\u061F") return true;
  if (t.norm != ".") return false;
  if (i > 0 && is_word(tokens[i - 1]) && tokens[i - 1].end == t.start) {
    const Token& prev = tokens[i - 1];
    if (abbreviations.contains(prev.norm)) return false;
    if (prev.norm.size() == 1 && prev.capitalized) return false;
  }
  return true;
}

bool ends_clause(const Token& t) {
  return t.type == TokenType::punct &&
         (t.norm == "," || t.norm == "\u060C" || t.norm == ";" || t.norm == "\u061B" || t.norm == ":");
}

}  // namespace

const char* to_string(EventType t) { return t == EventType::incident ? "incident" : "handover"; }

Extractor::Extractor(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer,
                     const lang::Language& language)
    : m_gazetteer(gazetteer), m_tokenizer(&tokenizer), m_lex(std::make_unique<Lexicons>(language, tokenizer)) {}
Extractor::~Extractor() = default;

// صاروخ is a rocket or a missile: in an article that names ballistic or cruise missiles
// (صواريخ باليستية), an Arabic report of a plain صاروخ is one of them ("الصاروخ الآخر سقط …").
void ArticleReader::read_rockets_as_missiles(std::vector<Event>& events) const {
  const auto plain_arabic_rocket = [](const Event& e) {
    return e.type == EventType::incident && e.sub_event_type == "rocket_attack" && e.weapon == "rocket" &&
           text::dominant_script(e.evidence) == Script::arabic;
  };
  if (std::none_of(events.begin(), events.end(), plain_arabic_rocket)) return;
  bool names_missiles = false;
  for (std::size_t k = 0; k < m_tokens.size() && !names_missiles; ++k) {
    if (!is_word(m_tokens[k]) || m_tokens[k].script != Script::arabic) continue;
    if (const auto* first = entries_at(lx.weapons_by_first_word, k))
      for (std::size_t w : *first)
        if (lx.weapons[w].second.subtype == "missile_attack" && phrase_at(k, m_tokens.size(), lx.weapons[w].first) > 0)
          names_missiles = true;
  }
  if (!names_missiles) return;
  for (Event& e : events)
    if (plain_arabic_rocket(e)) {
      e.sub_event_type = "missile_attack";
      e.weapon = "missile";
    }
}

std::vector<Event> ArticleReader::run() {
  std::vector<Event> events;
  std::optional<std::size_t> last_event;  // index into events, for follow-up sentences
  std::size_t group_begin = 0;            // the events of the last sentence that had any
  std::size_t sentences_since_event = 0;
  std::size_t s_begin = 0;
  for (std::size_t i = 0; i <= m_tokens.size(); ++i) {
    if (i < m_tokens.size() && !ends_sentence(m_tokens, i, lx.abbreviations)) continue;
    const Span sentence{s_begin, i < m_tokens.size() ? i + 1 : i};
    s_begin = sentence.end;
    if (std::none_of(m_tokens.begin() + static_cast<std::ptrdiff_t>(sentence.begin),
                     m_tokens.begin() + static_cast<std::ptrdiff_t>(sentence.end), is_word))
      continue;  // blank lines between paragraphs
    const std::size_t before = events.size();
    // Clauses: split at commas, semicolons, and "حيث" / "where".
    std::size_t c_begin = sentence.begin;
    for (std::size_t j = sentence.begin; j <= sentence.end; ++j) {
      const bool split = j == sentence.end || (ends_clause(m_tokens[j]) && !list_comma(j)) ||
                         (j > c_begin && is_word(m_tokens[j]) &&
                          (m_tokens[j].norm == "\u062D\u064A\u062B" || m_tokens[j].norm == "where"));
      if (!split) continue;
      const Span clause{c_begin, j};
      c_begin = j + 1;
      if (any_in(lx.habitual, clause)) continue;

      // ---- incidents
      std::optional<std::size_t> trigger;
      for (std::size_t k = clause.begin; k < clause.end && !trigger; ++k)
        if (lexicon_at(lx.eventive, k) &&
            !(m_tokens[k].script == Script::latin && m_tokens[k].capitalized && m_tokens[k].norm == "hit"))
          trigger = k;
      if (trigger) read_incidents(*trigger, clause, sentence, events);

      // ---- handovers
      if (any_in(lx.future, clause)) continue;
      for (std::size_t k = clause.begin; k < clause.end; ++k)
        if (lexicon_at(lx.handover, k) && read_handover(k, clause, sentence, events)) break;  // one per clause
    }

    if (events.size() > before) {
      last_event = events.size() - 1;
      group_begin = before;
      sentences_since_event = 0;
      continue;
    }
    if (!last_event) continue;
    if (++sentences_since_event <= kFollowUpSentences) {
      read_follow_up(sentence, {last_event, group_begin, sentences_since_event}, events);
      continue;
    }
    // A claim, and the toll, often come late in a report, naming "the attack" they are about:
    // the last one told.
    if (events[*last_event].type == EventType::incident && any_in(lx.back_references, sentence)) {
      read_claim(sentence, group_begin, events);
      if (events.size() - group_begin == 1) read_damage_and_casualties(events[*last_event], sentence);
    }
  }
  read_rockets_as_missiles(events);
  fold_within_article(events);
  // A country is no point to map an attack at: one still placed only at a country when the
  // article is read is dropped (who attacked or spoke is often a country, where rarely is).
  std::erase_if(events, [&](const Event& e) {
    return e.type == EventType::incident && m_gazetteer.place(e.place).kind == PlaceKind::country;
  });
  return events;
}

std::vector<Event> Extractor::extract(const Article& article, const std::vector<Token>& tokens,
                                      const std::vector<resolve::ResolvedMention>& mentions) const {
  // Every event starts at a word of `eventive` or `handover` (ArticleReader::run): an article
  // with none yields none, and most news is such, so the reader's setup is skipped for it. The
  // words' forms and masks are read once, here, and the reader keeps them (lexicon_at asks them).
  const text::LexiconTable& table = m_lex->table;
  const text::LexiconTable::Mask triggers = table.bit(m_lex->eventive) | table.bit(m_lex->handover);
  WordForms forms = read_word_forms(table, tokens);
  bool may_tell = false;
  for (std::size_t i = 0; i < tokens.size() && !may_tell; ++i)
    may_tell = ((forms.in_lexicons[i] | forms.phrase_starts[i]) & triggers) != 0;
  if (!may_tell) return {};
  return ArticleReader(m_gazetteer, *m_tokenizer, *m_lex, m_base_named_after, article, tokens, mentions,
                       std::move(forms))
      .run();
}

}  // namespace mawqi::events

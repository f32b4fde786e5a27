#include "mawqi/match.hpp"

#include <algorithm>
#include <optional>

namespace mawqi::match {
namespace {

using text::Script;
using text::Token;
using text::TokenType;

bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }
bool only_space(std::string_view text, std::size_t from, std::size_t to) {
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(from), text.begin() + static_cast<std::ptrdiff_t>(to),
                     [](char c) { return c == ' ' || c == '\t'; });
}
bool is_hyphen(const Token& t) {
  return t.type == TokenType::punct && (t.norm == "-" || t.norm == "\u2010" || t.norm == "\u2011");
}

// The Arabic article, and ل, which before it is written لل (للعراق = ل + العراق): spelling rules,
// not word lists.
const std::string kArticle = "\u0627\u0644";
const std::string kLam = "\u0644";

std::string strip_proclitic(const std::string& norm) { return text::strip_proclitic(norm); }

// The proclitics a name may carry, in match form and in the table's order.
std::vector<std::string> proclitics(const lang::Language& language, const text::Tokenizer& tokenizer) {
  std::vector<std::string> out;
  for (const lang::Row& row : language.table("name_proclitics", {"phrase"})) {
    std::string p = text::normalize(tokenizer, row.at("phrase"));
    if (p.empty() || p.find(' ') != std::string::npos) row.fail("phrase", "not one word");
    out.push_back(std::move(p));
  }
  return out;
}

// The capitalized words that may follow a name: name_followers and the weekdays.
std::vector<std::string> followers(const lang::Language& language) {
  std::vector<std::string> out = language.phrases("name_followers");
  for (const lang::Row& row : language.table("weekdays", {"word"})) out.push_back(row.at("word"));
  return out;
}

}  // namespace

struct Matcher::Option {
  std::size_t end = 0;  // token index after the name
  std::string clitic;
  std::size_t clitic_letters = 0;  // letters of the original token that are outside the span
  std::string key;
  std::span<const std::uint32_t> places;
};

Matcher::Matcher(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer,
                 const lang::Language& language)
    : m_gazetteer(gazetteer),
      m_proclitics(proclitics(language, tokenizer)),
      m_latin_articles(language.lexicon("latin_articles", tokenizer)),
      m_needs_context(language.lexicon("common_word_names", tokenizer)),
      m_type_words(tokenizer, language.phrases_where("kind_words", "evidence")),
      m_direction_words(tokenizer, language.phrases_where("directions", "evidence")),
      m_organisation_words(language.lexicon("organisation_words", tokenizer)),
      m_premodified_nouns(language.lexicon("premodified_nouns", tokenizer)),
      m_abbreviations(language.lexicon("abbreviations", tokenizer)),
      m_capitalized_followers(tokenizer, followers(language)),
      m_evidence_prepositions(tokenizer, language.phrases_where("place_prepositions", "evidence")),
      m_after_preposition(tokenizer, language.phrases_where("common_word_names", "after_preposition")) {
  for (const std::string& p : m_proclitics)
    if (p.ends_with(kLam)) m_lam_proclitics.push_back(p);
}

bool Matcher::names_only_countries(const std::string& key) const {
  const auto places = m_gazetteer.find(key);
  return std::all_of(places.begin(), places.end(),
                     [&](std::uint32_t p) { return m_gazetteer.place(p).kind == PlaceKind::country; });
}

bool Matcher::organisation_follows(const std::vector<Token>& tokens, std::size_t end) const {
  if (end >= tokens.size() || tokens[end].script != Script::latin || tokens[end - 1].script != Script::latin)
    return false;
  const Token& next = tokens[end];
  return is_word(next) && next.capitalized && m_organisation_words.contains(next.norm);
}

bool Matcher::accepted(std::string_view text, const std::vector<Token>& tokens, std::size_t begin, std::size_t end,
                       const std::string& clitic, const std::string& key) const {
  const Token& first = tokens[begin];
  const Token* prev = begin > 0 ? &tokens[begin - 1] : nullptr;
  const Token* next = end < tokens.size() ? &tokens[end] : nullptr;
  const bool sentence_initial = prev == nullptr || prev->type == TokenType::newline ||
                                (prev->type == TokenType::punct && (prev->norm == "." || prev->norm == "\u2014"));
  if (first.script == Script::latin) {
    // English proper names are capitalized ("al-Qaim" by its second word); short ones are
    // all capitals or mid-sentence.
    const bool lower_article = end - begin > 1 && m_latin_articles.contains(first.norm) && begin + 1 < end &&
                               tokens[begin + 1].type == TokenType::punct &&
                               (begin + 2 < tokens.size() && tokens[begin + 2].capitalized);
    if (!first.capitalized && !lower_article) return false;
    // Short names (US, UK, IZ, K1, Kut, Hit) are all capitals, or three letters mid-sentence.
    if (end - begin == 1 && !first.all_caps) {
      const std::size_t n = text::code_points(first.norm);
      if (n <= 2 || (n == 3 && sentence_initial)) return false;
    }
    // Premodifier or compound: US-led, Iran-backed, U.S.-led.
    std::size_t after = end;
    // An abbreviation's full stop (U.S., the `abbreviations` lexicon) is the name's, a sentence's
    // is not.
    const bool abbreviated = m_abbreviations.contains(tokens[end - 1].norm);
    if (abbreviated && after < tokens.size() && tokens[after].norm == "." &&
        tokens[after].start == tokens[after - 1].end)
      ++after;
    if (after + 1 < tokens.size() && is_hyphen(tokens[after]) && tokens[after].start == tokens[after - 1].end &&
        is_word(tokens[after + 1]) && tokens[after + 1].start == tokens[after].end)
      return false;
    // Second half of a compound: Iraq-Syria border; but "al-Diwaniyah" is Diwaniyah with the
    // Arabic article transliterated.
    if (begin >= 2 && is_hyphen(tokens[begin - 1]) && tokens[begin - 1].end == first.start &&
        is_word(tokens[begin - 2]) && tokens[begin - 2].end == tokens[begin - 1].start &&
        !m_latin_articles.contains(tokens[begin - 2].norm))
      return false;
    // A number right after a name makes a longer name: a channel's (Kurdistan 24, France 24), a
    // road's or a score's, not the place. Plain digits only: "Baghdad 3.5 km", "Mosul 1,000".
    if (next != nullptr && next->type == TokenType::number && next->start == tokens[end - 1].end + 1 &&
        !next->norm.empty() && next->norm.size() <= 3 &&
        std::all_of(next->norm.begin(), next->norm.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    // A country as a premodifier: "U.S. military", "US troops", "the U.S. Secretary of State".
    std::size_t n = end;
    if (abbreviated && n < tokens.size() && tokens[n].norm == "." && tokens[n].start == tokens[n - 1].end) ++n;
    // A site's name before its kind is no premodifier: "Ain al-Asad military base", "Taji
    // military camp"; a country's still is ("a U.S. military base").
    // Not across a possessive: "Iraq's invasion of Kuwait" names Iraq (the tokenizer leaves the
    // 's out of the token, so only white space may come between).
    if (n < tokens.size() && is_word(tokens[n]) && only_space(text, tokens[n - 1].byte_end, tokens[n].byte_start) &&
        m_premodified_nouns.contains(tokens[n].norm)) {
      const bool site_kind =
          n + 1 < tokens.size() && is_word(tokens[n + 1]) && m_type_words.contains(tokens[n + 1].norm);
      if (!site_kind || names_only_countries(key)) return false;
    }
    // One capitalized word before another that is no place: a person or an organisation
    // ("Ben Wallace", "Jordan Peterson"), unless the next word is a date or a feature word.
    if (end - begin == 1 && !first.all_caps && next != nullptr && is_word(*next) && next->capitalized &&
        next->start == first.end + 1 && !next->all_caps && !m_capitalized_followers.contains(next->norm))
      return false;
    // Tables and abbreviations: "4 US", "US MIL".
    if (first.all_caps && end - begin == 1 && prev != nullptr && prev->type == TokenType::number) return false;
    if (first.all_caps && next != nullptr && is_word(*next) && next->all_caps && text::code_points(next->norm) <= 4)
      return false;
  } else if (first.script == Script::arabic) {
    if (end - begin == 1 && text::code_points(first.key) - text::code_points(clitic) <= 2) return false;
    // ... and before it in Arabic: عمليات بغداد.
    if (prev != nullptr && prev->script == Script::arabic && clitic.empty() &&
        m_organisation_words.contains(prev->norm))
      return false;
  }
  if (!m_needs_context.contains(key)) return true;
  // A name that is also an ordinary word needs evidence (docs/arabic.md §2.5).
  if (prev != nullptr && is_word(*prev) && m_type_words.contains(strip_proclitic(prev->norm))) return true;
  // English puts the kind after the name: "Harir base", "Hit district".
  if (first.script == Script::latin && next != nullptr && is_word(*next) && m_type_words.contains(next->norm))
    return true;
  if (next != nullptr && is_word(*next)) {
    std::string n = strip_proclitic(next->norm);
    if (n.starts_with(kArticle)) n = n.substr(kArticle.size());
    if (m_direction_words.contains(n)) return true;
  }
  // Arabic names the side of a place before it: شمال شرق مالي, جنوب الحلة.
  if (first.script == Script::arabic && prev != nullptr && is_word(*prev) &&
      m_direction_words.contains(strip_proclitic(prev->norm)))
    return true;
  if (prev == nullptr || !m_evidence_prepositions.contains(prev->norm) || !m_after_preposition.contains(key))
    return false;
  return first.script != Script::latin || (!sentence_initial && first.capitalized);
}

std::vector<Mention> Matcher::find(std::string_view text, const std::vector<Token>& tokens) const {
  std::vector<Mention> mentions;
  std::vector<Option> options;
  // Stems to try at a token: the token itself, then proclitic strippings (Arabic only).
  struct Stem {
    std::string key, clitic;
    std::size_t outside_letters;
  };
  std::vector<Stem> stems;
  std::vector<std::size_t> next_words;  // the word tokens that may continue a name at i
  std::string key;                      // of the name tried, as in a name key
  for (std::size_t i = 0; i < tokens.size();) {
    const Token& t = tokens[i];
    if (!is_word(t)) {
      ++i;
      continue;
    }
    // A lower-case English word starts no name but with the Arabic article ("al-Asad"), which
    // accepted() would say after the lookups: skip them (most English words).
    if (t.script == Script::latin && !t.capitalized && !m_latin_articles.contains(t.norm)) {
      ++i;
      continue;
    }
    stems.clear();
    stems.push_back({t.key, "", 0});
    if (t.script == Script::arabic) {
      for (const auto& p : m_proclitics)
        if (t.key.size() >= p.size() + 4 && t.key.starts_with(p))
          stems.push_back({t.key.substr(p.size()), p, text::code_points(p)});
      for (const auto& p : m_lam_proclitics)
        if (t.key.size() >= p.size() + kLam.size() + 4 && t.key.starts_with(p) &&
            t.key.compare(p.size(), kLam.size(), kLam) == 0)
          // للعراق = ل + العراق; the fused token stays whole in the span, only و/ف stays outside.
          stems.push_back({kArticle + t.key.substr(p.size() + kLam.size()), p, text::code_points(p) - 1});
    }
    // The words that may continue a name, found as far as a name goes on: inner tokens match
    // exactly, hyphens join ("al-Asad"), as does an abbreviation's full stop ("St. Louis");
    // other punctuation ends it.
    next_words.clear();
    auto next_word = [&](std::size_t n) -> std::optional<std::size_t> {  // the n-th after the first
      while (next_words.size() <= n) {
        const std::size_t j = next_words.empty() ? i + 1 : next_words.back() + 1;
        std::size_t k = j;
        while (k < tokens.size() && is_hyphen(tokens[k])) ++k;
        if (k == j && k < tokens.size() && tokens[k].norm == "." && tokens[k].start == tokens[k - 1].end &&
            m_abbreviations.contains(tokens[k - 1].norm))
          ++k;
        if (k >= tokens.size() || !is_word(tokens[k])) return std::nullopt;
        next_words.push_back(k);
      }
      return next_words[n];
    };
    options.clear();
    for (const Stem& stem : stems) {
      // The names that begin with the stem, word by word, shortest first.
      gazetteer::Gazetteer::KeyHash hash;
      hash.add(stem.key);
      if (!m_gazetteer.may_begin_name(hash)) continue;
      gazetteer::Gazetteer::KeyStep step = m_gazetteer.step(hash);
      if (!step.places.empty()) options.push_back({i + 1, stem.clitic, stem.outside_letters, stem.key, step.places});
      key = stem.key;
      for (std::size_t n = 0; step.continues; ++n) {
        const std::optional<std::size_t> k = next_word(n);
        if (!k) break;
        hash.add(" ");
        hash.add(tokens[*k].key);
        key += ' ';
        key += tokens[*k].key;
        step = m_gazetteer.step(hash);
        if (!step.places.empty()) options.push_back({*k + 1, stem.clitic, stem.outside_letters, key, step.places});
      }
    }
    // Longest name first, then the least stripping.
    std::stable_sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
      if (a.end != b.end) return a.end > b.end;
      return a.clitic.size() < b.clitic.size();
    });
    bool matched = false;
    for (const Option& o : options) {
      // An organisation's name (Baghdad Operations Command, Kurdistan Region Directorate) holds
      // the shorter names at its start too (Kurdistan).
      if (organisation_follows(tokens, o.end)) break;
      if (!accepted(text, tokens, i, o.end, o.clitic, o.key)) continue;
      // A hashtag names a place only as a whole (#حفر_الباطن); a name inside a longer one is a
      // phrase's word (#الكويت_تغرق "Kuwait is drowning", #سيول_جدة), as in an organisation's name.
      const std::size_t before = t.byte_start, after = tokens[o.end - 1].byte_end;
      if ((before > 0 && text[before - 1] == '_') || (after < text.size() && text[after] == '_')) continue;
      Mention m;
      m.token_begin = static_cast<std::uint32_t>(i);
      m.token_end = static_cast<std::uint32_t>(o.end);
      m.start = t.start;
      m.byte_start = t.byte_start;
      if (o.clitic_letters > 0) m.byte_start = text::skip_letters(text, t.byte_start, o.clitic_letters, m.start);
      m.end = tokens[o.end - 1].end;
      m.byte_end = tokens[o.end - 1].byte_end;
      m.clitic = o.clitic;
      m.key = o.key;
      m.candidates.assign(o.places.begin(), o.places.end());
      mentions.push_back(std::move(m));
      i = o.end;
      matched = true;
      break;
    }
    if (!matched) ++i;
  }
  return mentions;
}

}  // namespace mawqi::match

#pragma once
// One article's event reading, shared by the steps in src/events/: extractor.cpp (sentences and
// clauses → triggers), incidents.cpp, handovers.cpp, places.cpp, counts.cpp (munitions and
// casualties), actors.cpp, fold.cpp (one event told twice in an article). Private to the module.
#include <algorithm>
#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lexicons.hpp"
#include "mawqi/events.hpp"

namespace mawqi::events {

struct Span {
  std::size_t begin = 0, end = 0;
};

// Tokens between a handover trigger and the site it governs, in its clause and its sentence.
constexpr std::size_t kHandoverClauseWindow = 10;
constexpr std::size_t kHandoverSentenceWindow = 30;
// How far a site can lie from the town, province or region said to be around it.
constexpr double kNearTownKm = 30;
constexpr double kProvinceKm = 150;
constexpr double kRegionKm = 800;
// Words between a casualty figure and its noun, or after the noun ("two Iraqi army soldiers").
constexpr std::size_t kCasualtyModifiers = 3;
// Tokens between "nobody" and the casualty word it denies ("nobody had been reported killed").
constexpr std::size_t kNobodyWindow = 6;
// Tokens before a handover's sentence in which the force that left may have been named.
constexpr std::size_t kActorLookBack = 80;
// Tokens between a site noun and the country it is in ("a base in Iraq").
constexpr std::size_t kSiteGap = 3;
// Tokens between a subject and its verb ("Iran on Wednesday fired").
constexpr std::size_t kSubjectGap = 3;
// Tokens between two items of a list of places ("and five at the city of").
constexpr std::size_t kListGap = 6;
// Tokens after a country or capital within which a verb of speech makes it a source.
constexpr std::size_t kSpeechWindow = 4;
// Words after "by" in which the agent is named ("forces loyal to the eastern commander Khalifa
// Haftar").
constexpr std::size_t kAgentWords = 8;
// Sentences after an event in which "the explosion" / الانفجار still refers to it.
constexpr std::size_t kFollowUpSentences = 3;

inline bool base_like(PlaceKind k) {
  return k == PlaceKind::military_base || k == PlaceKind::airport || k == PlaceKind::facility;
}

// How precisely a place locates an event: a site beats a town, a town a province.
inline int specificity(PlaceKind k) {
  switch (k) {
    case PlaceKind::military_base:
    case PlaceKind::airport:
    case PlaceKind::facility:
    case PlaceKind::landmark:
    case PlaceKind::neighbourhood: return 5;
    case PlaceKind::city:
    case PlaceKind::town:
    case PlaceKind::village:
    case PlaceKind::unknown: return 4;
    case PlaceKind::district: return 3;
    case PlaceKind::province: return 2;
    case PlaceKind::region: return 1;
    case PlaceKind::country: return 0;
  }
  return 0;
}

// Which lexicons hold a word as written, without its proclitic or without its article (`words`),
// and which have a phrase starting with it as written or stripped: one lookup per distinct form.
inline text::LexiconTable::Masks word_masks(const text::LexiconTable& table, const std::string& norm,
                                            const std::string& stripped, const std::string& bare_form) {
  text::LexiconTable::Masks out = table.masks(norm);
  if (stripped != norm) {
    const text::LexiconTable::Masks s = table.masks(stripped);
    out.words |= s.words;
    out.phrase_starts |= s.phrase_starts;
  }
  if (bare_form != norm && bare_form != stripped) out.words |= table.words(bare_form);
  return out;
}

// Every word's forms without proclitic and without article (Arabic words only: another script's
// word is its own) and the lexicons that hold them (word_masks): what Extractor::extract asks
// first of every token, and what the ArticleReader it starts then keeps.
struct WordForms {
  std::vector<std::string> stripped, bare;  // per token; empty but for Arabic words
  std::vector<text::LexiconTable::Mask> in_lexicons, phrase_starts;
};

inline WordForms read_word_forms(const text::LexiconTable& table, const std::vector<Token>& tokens) {
  WordForms forms;
  forms.stripped.resize(tokens.size());
  forms.bare.resize(tokens.size());
  forms.in_lexicons.assign(tokens.size(), 0);
  forms.phrase_starts.assign(tokens.size(), 0);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!is_word(tokens[i])) continue;
    const std::string& norm = tokens[i].norm;
    text::LexiconTable::Masks masks;
    if (tokens[i].script != text::Script::arabic) {  // proclitics and the article are Arabic's
      masks = word_masks(table, norm, norm, norm);
    } else {
      forms.stripped[i] = strip_clitic(norm);
      forms.bare[i] = bare(norm);
      masks = word_masks(table, norm, forms.stripped[i], forms.bare[i]);
    }
    forms.in_lexicons[i] = masks.words;
    forms.phrase_starts[i] = masks.phrase_starts;
  }
  return forms;
}

// One article's extraction: the context every rule needs, in one place.
class ArticleReader {
 public:
  ArticleReader(const gazetteer::Gazetteer& g, const text::Tokenizer& tokenizer, const Extractor::Lexicons& lx,
                std::unordered_map<std::uint32_t, std::optional<std::uint32_t>>& base_named_after,
                const Article& article, const std::vector<Token>& tokens,
                const std::vector<resolve::ResolvedMention>& mentions, WordForms&& forms)
      : m_gazetteer(g),
        m_tokenizer(tokenizer),
        lx(lx),
        m_base_named_after(base_named_after),
        m_article(article),
        m_tokens(tokens),
        m_mentions(mentions) {
    m_published = Date::parse_iso(article.date).value_or(Date{});
    m_stripped = std::move(forms.stripped);
    m_bare = std::move(forms.bare);
    m_rebare.resize(tokens.size());
    // Which lexicons hold each word as written, without its proclitic or without its article.
    m_in_lexicons = std::move(forms.in_lexicons);
    m_phrase_starts = std::move(forms.phrase_starts);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!is_word(tokens[i])) continue;
      if (tokens[i].script != text::Script::arabic) {
        m_stripped[i] = tokens[i].norm;
        m_bare[i] = tokens[i].norm;
      } else if (std::string again = bare(m_bare[i]); again != m_bare[i]) {
        // The lexicons' words are read the same way, and ب + ال starts words too: باليستية reads
        // as ب + اليستية there, so الباليستية must be read once more to meet it.
        m_rebare[i] = std::move(again);
      }
    }
    m_dates = lx.dates.find(tokens, 0, tokens.size(), m_published, &m_stripped);
    for (std::size_t m = 0; m < mentions.size(); ++m)
      if (!mentions[m].derived && !mentions[m].anaphoric && base_like(kind_of(m))) m_bases.push_back(m);
    for (const DateMention& d : m_dates)
      if (d.news_anchor) {
        m_news_day = d;
        break;
      }
    m_mention_begins.assign(tokens.size() + 1, false);
    m_mention_ends.assign(tokens.size() + 1, false);
    for (const auto& r : mentions)
      if (!r.anaphoric && !r.derived) {
        m_mention_begins[r.mention.token_begin] = true;
        m_mention_ends[r.mention.token_end] = true;
      }
    // A name inside a derived location ("Baghdad" in "20 km north of Baghdad") is its anchor.
    m_covered.assign(mentions.size(), false);
    for (const auto& d : mentions)
      if (d.derived)
        for (std::size_t m = 0; m < mentions.size(); ++m)
          if (!mentions[m].derived && mentions[m].mention.token_begin >= d.mention.token_begin &&
              mentions[m].mention.token_end <= d.mention.token_end)
            m_covered[m] = true;
  }

  std::vector<Event> run();

 private:
  // Whether token i is in a lexicon, as written, without its proclitic or without its article,
  // or starts one of its phrases.
  [[nodiscard]] bool lexicon_at(const text::Lexicon& lex, std::size_t i) const {
    const text::LexiconTable::Mask bit = lx.table.bit(lex);
    assert(bit != 0 && "every lexicon asked about is in the table");
    if (bit == 0) {  // not in the table: ask the lexicon itself
      const Token& t = m_tokens[i];
      return is_word(t) && (lex.contains(t.norm) || lex.contains(m_stripped[i]) || lex.contains(m_bare[i]) ||
                            lex.match_at(m_tokens, i) > 0);
    }
    if ((m_in_lexicons[i] & bit) != 0) return true;
    return (m_phrase_starts[i] & bit) != 0 &&
           (lex.match_at(m_tokens, i) > 0 || lex.match_at(m_tokens, i, m_stripped[i]) > 0);  // وفي وقت سابق
  }
  [[nodiscard]] bool any_in(const text::Lexicon& lex, Span s) const {
    for (std::size_t i = s.begin; i < s.end; ++i)
      if (lexicon_at(lex, i)) return true;
    return false;
  }
  // Dates read once per article; a span's dates are those inside it.
  [[nodiscard]] std::vector<DateMention> dates_in(Span s) const {
    std::vector<DateMention> out;
    const auto first = std::lower_bound(m_dates.begin(), m_dates.end(), s.begin,
                                        [](const DateMention& d, std::size_t t) { return d.token_begin < t; });
    for (auto d = first; d != m_dates.end() && d->token_begin < s.end; ++d)
      if (d->token_end <= s.end) out.push_back(*d);
    return out;
  }
  // The entries of a first-word index (Lexicons::FirstWordIndex) that can start at token k.
  template <class Index>
  [[nodiscard]] const std::vector<std::size_t>* entries_at(const Index& index, std::size_t k) const {
    if (const auto it = index.find(m_bare[k]); it != index.end()) return &it->second;
    if (m_rebare[k].empty()) return nullptr;
    const auto it = index.find(m_rebare[k]);
    return it == index.end() ? nullptr : &it->second;
  }
  [[nodiscard]] std::size_t phrase_at(std::size_t i, std::size_t end, const std::vector<std::string>& phrase) const {
    std::size_t k = i;
    for (std::size_t w = 0; w < phrase.size(); ++w, ++k) {
      // U.S. forces, Iran-backed, al-Tha'ireen: a full stop or hyphen glued between two words.
      if (w > 0 && k < end &&
          (m_tokens[k].norm == "." || m_tokens[k].norm == "-" || m_tokens[k].norm == "\u2010" ||
           m_tokens[k].norm == "\u2011") &&
          m_tokens[k].start == m_tokens[k - 1].end)
        ++k;
      if (k >= end || !is_word(m_tokens[k]) || (m_bare[k] != phrase[w] && m_rebare[k] != phrase[w])) return 0;
    }
    return phrase.empty() ? 0 : k - i;
  }

  // Mentions are sorted by position (the resolver's order): a span's are found by bisection,
  // so a 20 MB article costs what its sentences cost, not their square.
  [[nodiscard]] std::vector<std::size_t> mentions_in(Span s) const {
    std::vector<std::size_t> out;
    const auto first =
        std::lower_bound(m_mentions.begin(), m_mentions.end(), s.begin,
                         [](const resolve::ResolvedMention& r, std::size_t t) { return r.mention.token_begin < t; });
    for (auto m = static_cast<std::size_t>(first - m_mentions.begin());
         m < m_mentions.size() && m_mentions[m].mention.token_begin < s.end; ++m)
      if (!m_covered[m] && m_mentions[m].mention.token_end <= s.end) out.push_back(m);
    return out;
  }
  [[nodiscard]] PlaceKind kind_of(std::size_t m) const {
    return m_mentions[m].derived ? PlaceKind::unknown : m_gazetteer.place(m_mentions[m].place).kind;
  }
  // "بطريق السماوة", "the Samawah highway": a road named for a town is not at the town.
  [[nodiscard]] bool road_named(std::size_t m) const {
    const std::size_t t = m_mentions[m].mention.token_begin;
    return (t > 0 && lexicon_at(lx.road_words, t - 1)) || (m_mentions[m].mention.token_end < m_tokens.size() &&
                                                           lexicon_at(lx.road_words, m_mentions[m].mention.token_end));
  }
  [[nodiscard]] double quality(std::size_t m) const { return specificity(kind_of(m)) - (road_named(m) ? 2.5 : 0.0); }
  // The most specific mention of a list, the first among equals.
  [[nodiscard]] std::optional<std::size_t> best_of(const std::vector<std::size_t>& list) const {
    std::optional<std::size_t> best;
    for (std::size_t m : list)
      if (!best || quality(m) > quality(*best)) best = m;
    return best;
  }
  // The most recent base-like mention before token i (for "the camp", المعسكر).
  [[nodiscard]] std::optional<std::size_t> last_base_before(std::size_t i) const {
    const auto after = std::upper_bound(m_bases.begin(), m_bases.end(), i, [&](std::size_t t, std::size_t m) {
      return t < m_mentions[m].mention.token_end;
    });
    if (after == m_bases.begin()) return std::nullopt;
    return *(after - 1);
  }
  // "a car bomb attack there": the last place named before it that is more specific than a
  // province ("there" after a country is written "in the country"); not the "there" of "there were".
  [[nodiscard]] std::optional<std::size_t> place_anaphor_in(Span s) const {
    for (std::size_t k = s.begin; k < s.end; ++k) {
      if (!lexicon_at(lx.anaphor_place, k) || (k + 1 < m_tokens.size() && lexicon_at(lx.existential_verbs, k + 1)))
        continue;
      for (std::size_t m = m_mentions.size(); m-- > 0;) {
        const match::Mention& named = m_mentions[m].mention;
        if (named.token_end > k || m_mentions[m].anaphoric || m_mentions[m].derived) continue;
        if (specificity(kind_of(m)) >= specificity(PlaceKind::district)) return m;
      }
      return std::nullopt;
    }
    return std::nullopt;
  }
  [[nodiscard]] std::optional<std::size_t> anaphor_in(Span s) const {
    for (std::size_t k = s.begin; k < s.end; ++k)
      if (lexicon_at(lx.anaphor_base, k))
        if (auto b = last_base_before(k)) return b;
    return std::nullopt;
  }

  std::optional<std::pair<std::size_t, std::size_t>> find_weapon(std::size_t trigger, Span clause, Span sentence) const;
  // Munitions of the weapon phrase [weapon_token, after).
  std::optional<long> munitions(std::size_t weapon_token, std::size_t after, const Weapon& w, std::string& label) const;
  std::optional<long> casualties(const text::Lexicon& lex, Span s) const;
  // People a casualty noun of `words` tokens at `at` counts without a figure: 1, 2 (a dual), 0.
  [[nodiscard]] int noun_count(std::size_t at, std::size_t words) const {
    std::string phrase;
    for (std::size_t w = 0; w < words; ++w)
      phrase += (w ? " " : "") + (w == 0 ? m_stripped[at] : m_tokens[at + w].norm);
    for (const std::string& form : {phrase, words == 1 ? m_bare[at] : phrase, words == 1 ? m_tokens[at].norm : phrase})
      if (const auto it = lx.casualty_number.find(form); it != lx.casualty_number.end()) return it->second;
    return 0;
  }
  void read_damage_and_casualties(Event& e, Span s) const;
  [[nodiscard]] bool says_no_casualties(Span s) const;
  void read_no_casualties(Event& e, Span s) const;
  // Returns the date expression used, if any.
  std::optional<DateMention> fill_place_and_date(Event& e, std::size_t mention, Span clause, Span sentence) const;
  [[nodiscard]] std::optional<std::uint32_t> base_named_after(std::size_t m, Span s) const;
  [[nodiscard]] bool after_sequence_word(std::size_t m) const;
  void place_at_base(Event& e, std::uint32_t base) const;
  [[nodiscard]] bool country_or_capital(std::size_t m) const;
  [[nodiscard]] static bool quote(const Token& t) {
    return t.type == TokenType::punct && (t.norm == "\"" || t.norm == "'" || t.norm == "\u00AB" || t.norm == "\u00BB" ||
                                          t.norm == "\u201C" || t.norm == "\u201D");
  }
  // A town named with a base word next to it: قاعدة "صرين", "the Sarrin base".
  [[nodiscard]] bool town_of_a_base(std::size_t m) const {
    const PlaceKind k = kind_of(m);
    if (k != PlaceKind::town && k != PlaceKind::village && k != PlaceKind::city) return false;
    const auto is_base_word = [&](std::size_t t) {
      return is_word(m_tokens[t]) &&
             std::find(lx.base_words.begin(), lx.base_words.end(), m_bare[t]) != lx.base_words.end();
    };
    std::size_t before = m_mentions[m].mention.token_begin;
    // The gazetteer names the town's base with the base word ("قاعدة ميناكا", "Menaka base").
    if (is_base_word(before)) return true;
    if (m_mentions[m].mention.token_end > before + 1 && is_base_word(m_mentions[m].mention.token_end - 1) &&
        m_tokens[before].script == Script::latin)
      return true;
    if (before > 0 && quote(m_tokens[before - 1])) --before;
    if (before > 0 && is_base_word(before - 1)) return true;
    std::size_t after = m_mentions[m].mention.token_end;
    if (after < m_tokens.size() && quote(m_tokens[after])) ++after;
    return after < m_tokens.size() && m_tokens[after].script == Script::latin && is_base_word(after);
  }
  // "rockets launched from the town of Hit", انطلقت من مدينة هيت: where they came from.
  [[nodiscard]] bool launch_origin(std::size_t m) const {
    const std::size_t t = m_mentions[m].mention.token_begin;
    for (std::size_t back = 1; back <= 3 && t >= back; ++back)
      if (lx.origin_markers.match_at(m_tokens, t - back) > 0) return true;
    return false;
  }
  // A site noun just before a country: "a base in Iraq", "قاعدة في سوريا".
  [[nodiscard]] bool unnamed_site_in(std::size_t m) const {
    const std::size_t t = m_mentions[m].mention.token_begin;
    for (std::size_t back = 1; back <= kSiteGap && t >= back; ++back) {
      const std::size_t k = t - back;
      if (!is_word(m_tokens[k])) return false;
      if (std::find(lx.base_words.begin(), lx.base_words.end(), m_bare[k]) != lx.base_words.end()) return true;
      for (const auto& [phrase, label] : lx.target_nouns)
        if (phrase.size() == 1 && phrase.front() == m_bare[k]) return true;
    }
    return false;
  }
  // "Iran's", "Sunday's": the tokenizer drops the 's; the text still has it.
  [[nodiscard]] bool possessive(std::size_t k) const {
    const std::string_view rest = std::string_view(m_article.text).substr(m_tokens[k].byte_end);
    return rest.starts_with("'s") || rest.starts_with("\u2019s");
  }
  // "between Dhi Qar and Basra", بين بغداد والحلة: the first end of a stretch of road.
  [[nodiscard]] bool bounds_a_stretch(std::size_t m) const {
    const std::size_t t = m_mentions[m].mention.token_begin;
    return t > 0 && lexicon_at(lx.between_words, t - 1);
  }
  // A comma between two places of a list ("Kidal, Menaka and Gao") does not end a clause.
  [[nodiscard]] bool list_comma(std::size_t j) const {
    if (m_tokens[j].norm != "," && m_tokens[j].norm != "\u060C") return false;
    const bool after_place = j < m_mention_ends.size() && m_mention_ends[j];
    const std::size_t next = j + 1 < m_tokens.size() && lexicon_at(lx.conjunctions, j + 1) ? j + 2 : j + 1;
    return after_place && next < m_mention_begins.size() && m_mention_begins[next];
  }
  [[nodiscard]] bool locative(std::size_t m) const;
  [[nodiscard]] bool actor_or_source(std::size_t m, std::size_t trigger, Span sentence) const;
  [[nodiscard]] std::vector<std::size_t> coordinated(std::size_t head, Span clause, std::size_t trigger,
                                                     Span sentence) const;
  [[nodiscard]] std::vector<std::size_t> incident_places(std::size_t trigger, Span clause, Span sentence) const;
  [[nodiscard]] std::optional<long> count_before(std::size_t m, std::size_t floor) const;
  // A year written alone ("a 2016 car bomb attack", "in 2014"): four digits from 1900 to 2100
  // outside a full date.
  [[nodiscard]] std::optional<int> bare_year(std::size_t token) const {
    const Token& t = m_tokens[token];
    if (t.type != TokenType::number || t.norm.size() != 4 || in_date(token)) return std::nullopt;
    if (!std::all_of(t.norm.begin(), t.norm.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const int year = std::stoi(t.norm);
    if (year < 1900 || year > 2100) return std::nullopt;
    return year;
  }
  // A clause that names a year other than the news day's is about then, not the news day: a year
  // after a word of `year_markers` ("in 2014", "a 2016 car bomb", عام 2016), not a count ("2000
  // troops").
  [[nodiscard]] bool names_another_year(Span s) const {
    if (!m_news_day) return false;
    for (std::size_t k = s.begin + 1; k < s.end; ++k)
      if (const auto year = bare_year(k); year && *year != m_news_day->date.year && lexicon_at(lx.year_markers, k - 1))
        return true;
    return false;
  }
  [[nodiscard]] bool in_date(std::size_t token) const {
    const auto after = std::upper_bound(m_dates.begin(), m_dates.end(), token,
                                        [](std::size_t t, const DateMention& d) { return t < d.token_begin; });
    return after != m_dates.begin() && token < (after - 1)->token_end;
  }
  void read_incidents(std::size_t trigger, Span clause, Span sentence, std::vector<Event>& events) const;
  bool read_handover(std::size_t trigger, Span clause, Span sentence, std::vector<Event>& events) const;
  // Where the sentences after an event stand: the event, the first event of its sentence, and
  // how many sentences have passed since.
  struct FollowUp {
    std::optional<std::size_t> last_event;
    std::size_t group_begin = 0;
    std::size_t sentences_since = 0;
  };
  void read_follow_up(Span sentence, const FollowUp& follow, std::vector<Event>& events) const;
  void read_claim(Span sentence, std::size_t group_begin, std::vector<Event>& events) const;
  // The group named in a span (an organisation before a description), and where.
  [[nodiscard]] std::optional<std::pair<const Extractor::Lexicons::Group*, std::size_t>> armed_group_in(Span s) const;
  // The force named in a span (from the actors table), skipping `except`.
  [[nodiscard]] std::string force_in(Span s, const std::string& except) const;
  struct ForceAt {
    const Extractor::Lexicons::Force* force;
    std::size_t begin, end;
  };
  [[nodiscard]] std::vector<ForceAt> forces_in(Span s) const;
  void read_transfer_actors(Event& e, std::size_t trigger, Span sentence) const;
  void read_actors(Event& e, std::size_t trigger, Span sentence) const;
  // The agent named after "by" / من قبل right after an attack: a group, a country, a force, or
  // a description that starts with a noun for people ("forces loyal to Khalifa Haftar").
  [[nodiscard]] std::string agent_in(Span sentence) const;
  [[nodiscard]] bool named_group(const std::string& label) const {
    return std::any_of(lx.armed_groups.begin(), lx.armed_groups.end(),
                       [&](const auto& g) { return g.named && g.label == label; });
  }
  [[nodiscard]] bool around(std::uint32_t wide, const Event& narrow) const;
  void fold_within_article(std::vector<Event>& events) const;
  void read_rockets_as_missiles(std::vector<Event>& events) const;

  const gazetteer::Gazetteer& m_gazetteer;
  const text::Tokenizer& m_tokenizer;
  const Extractor::Lexicons& lx;
  std::unordered_map<std::uint32_t, std::optional<std::uint32_t>>& m_base_named_after;
  const Article& m_article;
  const std::vector<Token>& m_tokens;
  const std::vector<resolve::ResolvedMention>& m_mentions;
  Date m_published;
  std::optional<DateMention> m_news_day;
  std::vector<bool> m_covered;
  std::vector<std::string> m_stripped, m_bare;  // per token: without proclitic; without it and the article
  std::vector<std::string> m_rebare;            // per token: m_bare read once more, when that changes it
  std::vector<DateMention> m_dates;
  std::vector<std::size_t> m_bases;                    // base-like named mentions, in order (for "the camp")
  std::vector<bool> m_mention_begins, m_mention_ends;  // per token: a named place starts here / ends before it
  std::vector<text::LexiconTable::Mask> m_in_lexicons, m_phrase_starts;  // per token (see lexicon_at)
};

}  // namespace mawqi::events

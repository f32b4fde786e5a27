// Event extraction (docs/arabic.md §6): sentences → clauses → triggers, each with its place,
// date, counts, casualties, damage and actors; later sentences that refer back to an event
// ("the explosion", الانفجار) complete it.
#include <algorithm>
#include <cassert>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "figures.hpp"
#include "mawqi/events.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::events {
namespace {

using text::Script;
using text::Token;
using text::TokenType;

bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }

std::string strip_clitic(const std::string& norm) { return text::strip_proclitic(norm); }
std::string bare(const std::string& norm) { return text::bare_word(norm); }

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

enum class GrammaticalNumber { singular, dual, plural, none };

struct Weapon {
  std::string subtype;  // rocket_attack, mortar_attack, drone_attack, ied, explosion
  std::string label;    // Katyusha, rocket, mortar, drone, IED, car bomb
  GrammaticalNumber number;
};

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
// Sentences after an event in which "the explosion" / الانفجار still refers to it.
constexpr std::size_t kFollowUpSentences = 3;

}  // namespace

const char* to_string(EventType t) { return t == EventType::incident ? "incident" : "handover"; }

struct Extractor::Lexicons {
  text::Lexicon eventive, habitual, handover, handover_blockers, future, anaphor_base, target_verbs, convoy;
  text::Lexicon damage_material, damage_none, no_casualties, only_word, killed, wounded, casualty_nouns,
      casualty_fillers;
  text::Lexicon attack_nouns, back_references, similar, compound_heads, undated_past, approximately, road_words;
  text::Lexicon human_losses, negations, conjunctions, speech_verbs, locatives, locative_clitics, between_words,
      actor_nouns;
  text::Lexicon claim_words, passive_markers, nobody_words, recipient_markers, source_markers, loss_links,
      origin_markers;
  // Every lexicon above, so that a token is looked up once for all of them (declared after them:
  // it reads their entries when it is built).
  text::LexiconTable table{
      {&eventive,       &habitual,        &handover,        &handover_blockers, &future,          &anaphor_base,
       &target_verbs,   &convoy,          &damage_material, &damage_none,       &no_casualties,   &only_word,
       &killed,         &wounded,         &casualty_nouns,  &attack_nouns,      &back_references, &similar,
       &compound_heads, &undated_past,    &approximately,   &road_words,        &human_losses,    &negations,
       &conjunctions,   &speech_verbs,    &locatives,       &between_words,     &actor_nouns,     &casualty_fillers,
       &claim_words,    &passive_markers, &nobody_words,    &recipient_markers, &source_markers,  &loss_links}};
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

  Lexicons(const lang::Language& language, const text::Tokenizer& tk)
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
        nobody_words(language.lexicon("nobody_words", tk)),
        recipient_markers(language.lexicon("recipient_markers", tk)),
        source_markers(language.lexicon("source_markers", tk)),
        loss_links(language.lexicon("loss_links", tk)),
        origin_markers(language.lexicon("origin_markers", tk)),
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
};

Extractor::Extractor(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer,
                     const lang::Language& language)
    : m_gazetteer(gazetteer), m_tokenizer(&tokenizer), m_lex(std::make_unique<Lexicons>(language, tokenizer)) {}
Extractor::~Extractor() = default;

namespace {

bool base_like(PlaceKind k) {
  return k == PlaceKind::military_base || k == PlaceKind::airport || k == PlaceKind::facility;
}

// How precisely a place locates an event: a site beats a town, a town a province.
int specificity(PlaceKind k) {
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

// One article's extraction: the context every rule needs, in one place.
class ArticleReader {
 public:
  ArticleReader(const gazetteer::Gazetteer& g, const text::Tokenizer& tokenizer, const Extractor::Lexicons& lx,
                std::unordered_map<std::uint32_t, std::optional<std::uint32_t>>& base_named_after,
                const Article& article, const std::vector<Token>& tokens,
                const std::vector<resolve::ResolvedMention>& mentions)
      : m_gazetteer(g),
        m_tokenizer(tokenizer),
        lx(lx),
        m_base_named_after(base_named_after),
        m_article(article),
        m_tokens(tokens),
        m_mentions(mentions) {
    m_published = Date::parse_iso(article.date).value_or(Date{});
    m_stripped.resize(tokens.size());
    m_bare.resize(tokens.size());
    // Which lexicons hold each word as written, without its proclitic or without its article.
    m_in_lexicons.assign(tokens.size(), 0);
    m_phrase_starts.assign(tokens.size(), 0);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (!is_word(tokens[i])) continue;
      const std::string& norm = tokens[i].norm;
      m_stripped[i] = strip_clitic(norm);
      m_bare[i] = bare(norm);
      m_in_lexicons[i] = lx.table.words(norm);
      if (m_stripped[i] != norm) m_in_lexicons[i] |= lx.table.words(m_stripped[i]);
      if (m_bare[i] != norm && m_bare[i] != m_stripped[i]) m_in_lexicons[i] |= lx.table.words(m_bare[i]);
      m_phrase_starts[i] = lx.table.phrase_starts(norm) | lx.table.phrase_starts(m_stripped[i]);
    }
    m_dates = lx.dates.find(tokens, 0, tokens.size(), m_published);
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
  [[nodiscard]] std::size_t phrase_at(std::size_t i, std::size_t end, const std::vector<std::string>& phrase) const {
    std::size_t k = i;
    for (std::size_t w = 0; w < phrase.size(); ++w, ++k) {
      // U.S. forces, Iran-backed, al-Tha'ireen: a full stop or hyphen glued between two words.
      if (w > 0 && k < end &&
          (m_tokens[k].norm == "." || m_tokens[k].norm == "-" || m_tokens[k].norm == "\u2010" ||
           m_tokens[k].norm == "\u2011") &&
          m_tokens[k].start == m_tokens[k - 1].end)
        ++k;
      if (k >= end || !is_word(m_tokens[k]) || m_bare[k] != phrase[w]) return 0;
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
  [[nodiscard]] bool in_date(std::size_t token) const {
    const auto after = std::upper_bound(m_dates.begin(), m_dates.end(), token,
                                        [](std::size_t t, const DateMention& d) { return t < d.token_begin; });
    return after != m_dates.begin() && token < (after - 1)->token_end;
  }
  void read_incidents(std::size_t trigger, Span clause, Span sentence, std::vector<Event>& events) const;
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
  [[nodiscard]] bool named_group(const std::string& label) const {
    return std::any_of(lx.armed_groups.begin(), lx.armed_groups.end(),
                       [&](const auto& g) { return g.named && g.label == label; });
  }
  [[nodiscard]] bool around(std::uint32_t wide, const Event& narrow) const;
  void fold_within_article(std::vector<Event>& events) const;

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
  std::vector<DateMention> m_dates;
  std::vector<std::size_t> m_bases;                    // base-like named mentions, in order (for "the camp")
  std::vector<bool> m_mention_begins, m_mention_ends;  // per token: a named place starts here / ends before it
  std::vector<text::LexiconTable::Mask> m_in_lexicons, m_phrase_starts;  // per token (see lexicon_at)
};

std::optional<std::pair<std::size_t, std::size_t>> ArticleReader::find_weapon(std::size_t trigger, Span clause,
                                                                              Span sentence) const {
  std::optional<std::pair<std::size_t, std::size_t>> found;  // token, weapon index
  auto search = [&](Span s) {
    std::size_t best_dist = SIZE_MAX;
    for (std::size_t k = s.begin; k < s.end; ++k) {
      const auto first = lx.weapons_by_first_word.find(m_bare[k]);
      if (first == lx.weapons_by_first_word.end()) continue;
      for (std::size_t w : first->second)
        if (const std::size_t n = phrase_at(k, s.end, lx.weapons[w].first); n > 0) {
          const std::size_t dist = k > trigger ? k - trigger : trigger - k;
          if (dist < best_dist) {
            best_dist = dist;
            found = std::make_pair(k, w);
          }
          k += n - 1;  // "Katyusha rockets" is one weapon, not two
          break;
        }
    }
  };
  search(clause);
  if (!found) search(sentence);
  return found;
}

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
    if (auto n = lx.numbers.ending_at(m_tokens, before - back)) return n->first;
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
    std::size_t f = k + 1;
    for (bool skipped = true; skipped;) {
      skipped = false;
      for (const text::Lexicon* skip : {&lx.approximately, &lx.casualty_fillers})
        if (const std::size_t n = skip->match_at(m_tokens, f); n > 0) {
          f += n;
          skipped = true;
        }
    }
    bool counted = false;  // the current conjunct has its figure
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
      const bool joiner = any && (t.norm == "and" || t.norm == "\u0648");
      const bool glued = t.script == Script::arabic && t.norm.starts_with("\u0648") && any &&
                         !lx.numbers.is_number_word(t.norm);  // وثلاثة, not واحد
      if (joiner) {
        counted = false;
        modifiers = 0;
        ++f;
        continue;
      }
      if (glued) counted = false;
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
      if (!any) break;  // "killed and 9 were hurt": the 9 are not the dead
      // Modifiers: "two American and one British personnel", "three coalition soldiers"; Arabic
      // adjectives follow their noun (متعاقد مدني امريكي).
      const bool modifier = is_word(t) && (t.capitalized || t.script == Script::arabic || counted);
      if (!modifier || ++modifiers > kCasualtyModifiers) break;
      ++f;
    }
    if (any) return sum;
    if (noun_count(k, 1) == 1 && is_word(m_tokens[k]) && m_tokens[k].script == Script::arabic)
      return 1;  // مخلفة جريحا: the singular counts itself
    // Backward: "two soldiers were killed", "3 قتلى", "9 were hurt".
    for (std::size_t back = 1; back <= 4 && k >= s.begin + back; ++back) {
      if (auto n = lx.numbers.ending_at(m_tokens, k - back)) return n->first;
      const Token& t = m_tokens[k - back];
      if (!lexicon_at(lx.casualty_nouns, k - back) && t.norm != "were" && t.norm != "was" &&
          !(is_word(t) && t.capitalized))
        break;
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

std::optional<DateMention> ArticleReader::fill_place_and_date(Event& e, std::size_t mention, Span clause,
                                                              Span sentence) const {
  const resolve::ResolvedMention& rm = m_mentions[mention];
  e.place = rm.place;
  e.lat = rm.lat;
  e.lon = rm.lon;
  e.precision_m = rm.precision_m;
  const PlaceKind k = m_gazetteer.place(rm.place).kind;
  e.location_note = rm.relation.text;
  // ACLED geo-precision: 1 a named site or town, 2 a part of or area near it, 3 a larger region.
  e.geo_precision = (k == PlaceKind::country || k == PlaceKind::province || k == PlaceKind::region)                ? 3
                    : (k == PlaceKind::district || rm.derived || road_named(mention) || bounds_a_stretch(mention)) ? 2
                                                                                                                   : 1;
  // Date: the clause, then the sentence, then the day the article is about, unless the text
  // says the event was earlier ("days after an attack", في وقت سابق).
  std::optional<DateMention> used;
  // Of the sentence's dates, the one nearest the place: "the agreement was applied two days ago
  // at Ain al-Asad, which was left too" is two days ago though the sentence began with today.
  std::vector<DateMention> dates = dates_in(clause);
  // "on Monday, days after a drone hit Erbil airport": the earlier attack has no day of its own.
  const bool earlier = dates.empty() && any_in(lx.undated_past, clause);
  if (dates.empty() && !earlier) dates = dates_in(sentence);
  if (!dates.empty()) {
    const std::size_t at = rm.mention.token_begin;
    auto distance = [&](const DateMention& d) {
      return d.token_begin > at ? d.token_begin - at : (at >= d.token_end ? at - d.token_end : 0);
    };
    const DateMention* nearest = &dates.front();
    for (const DateMention& d : dates)
      if (distance(d) < distance(*nearest)) nearest = &d;
    e.date = nearest->date;
    e.date_precision = nearest->precision;
    used = *nearest;
  } else if (m_news_day && !earlier && !any_in(lx.undated_past, sentence)) {
    e.date = m_news_day->date;
    e.date_precision = DatePrecision::day;
  }
  e.source_ids = {m_article.id};
  if (!m_article.url.empty()) e.source_urls = {m_article.url};
  e.evidence = std::string(m_article.text.substr(
      m_tokens[sentence.begin].byte_start, m_tokens[sentence.end - 1].byte_end - m_tokens[sentence.begin].byte_start));
  e.language = m_article.lang;
  e.confidence = 0.5 + (e.date_precision == DatePrecision::day ? 0.15 : 0.0) + (e.geo_precision == 1 ? 0.15 : 0.0) +
                 0.15 * rm.confidence;
  return used;
}

// "the base known as al-Qaim", "قاعدة القائم": a town named where a base is meant → the base
// the gazetteer lists under the town's name, when there is one.
std::optional<std::uint32_t> ArticleReader::base_named_after(std::size_t m, Span s) const {
  const PlaceKind k = kind_of(m);
  if (k != PlaceKind::city && k != PlaceKind::town && k != PlaceKind::village) return std::nullopt;
  bool base_word = false;
  for (std::size_t t = s.begin; t < s.end && !base_word; ++t)
    base_word =
        is_word(m_tokens[t]) && std::find(lx.base_words.begin(), lx.base_words.end(), m_bare[t]) != lx.base_words.end();
  if (!base_word) return std::nullopt;
  const std::uint32_t town_index = m_mentions[m].place;
  if (const auto known = m_base_named_after.find(town_index); known != m_base_named_after.end()) return known->second;
  auto look_up = [&]() -> std::optional<std::uint32_t> {
    const gazetteer::PlaceView town = m_gazetteer.place(town_index);
    for (const std::string& name :
         {std::string(town.name) + " base", std::string(town.name) + " air base", "Camp " + std::string(town.name),
          "\u0642\u0627\u0639\u062F\u0629 " + std::string(town.name_ar),
          "\u0645\u0639\u0633\u0643\u0631 " + std::string(town.name_ar)})
      for (std::uint32_t c : m_gazetteer.find(text::name_key(m_tokenizer, name)))
        if (base_like(m_gazetteer.place(c).kind)) return c;
    return std::nullopt;
  };
  return m_base_named_after.emplace(town_index, look_up()).first->second;
}

bool ArticleReader::country_or_capital(std::size_t m) const {
  if (m_mentions[m].derived) return false;
  const gazetteer::PlaceView p = m_gazetteer.place(m_mentions[m].place);
  return p.kind == PlaceKind::country || p.capital;
}

// "in Iraq", "في العراق", "بالعراق": a preposition of place before the mention.
bool ArticleReader::locative(std::size_t m) const {
  const match::Mention& mention = m_mentions[m].mention;
  if (lx.locative_clitics.contains(mention.clitic)) return true;
  return mention.token_begin > 0 && lexicon_at(lx.locatives, mention.token_begin - 1);
}

// A country or capital that acts or speaks is no event's place: "Iran fired missiles",
// "Washington blamed", "officials in Tehran said", "Iran's foreign minister".
bool ArticleReader::actor_or_source(std::size_t m, std::size_t trigger, Span sentence) const {
  if (!country_or_capital(m)) return false;
  const match::Mention& mention = m_mentions[m].mention;
  if (possessive(mention.token_end - 1)) return true;  // Iran's
  for (std::size_t k = mention.token_end; k < std::min(sentence.end, mention.token_end + kSpeechWindow); ++k)
    if (lexicon_at(lx.speech_verbs, k)) return true;
  if (mention.token_begin < trigger) return !locative(m);
  // Arabic puts the subject after the verb: أطلقت إيران صواريخ.
  if (m_tokens[trigger].script == Script::arabic && mention.token_begin == trigger + 1 && !locative(m) &&
      m_mentions[m].mention.clitic.empty())
    return true;
  // After the trigger a country names people, not a place, after a noun for people or a
  // body: "troops of the United States", "قوات الولايات المتحدة", "the embassy of Iran".
  std::size_t k = mention.token_begin;
  if (k > 0 && m_tokens[k - 1].norm == "the") --k;
  if (k > 0 && m_tokens[k - 1].norm == "of") --k;
  return k > 0 && lexicon_at(lx.actor_nouns, k - 1);
}

// The places coordinated with `head` in the clause: "Kidal, Menaka and Gao", "سنجار وتلعفر
// وربيعة", "at Ain al-Asad and Arbil". Between two of them only a comma or a conjunction and a
// few lower-case words ("and five at the city of").
std::vector<std::size_t> ArticleReader::coordinated(std::size_t head, Span clause, std::size_t trigger,
                                                    Span sentence) const {
  const std::vector<std::size_t> in_clause = mentions_in(clause);
  const auto at = std::find(in_clause.begin(), in_clause.end(), head);
  auto joined = [&](std::size_t left, std::size_t right) {
    const match::Mention& a = m_mentions[left].mention;
    const match::Mention& b = m_mentions[right].mention;
    if (m_mentions[right].anaphoric || m_mentions[left].anaphoric) return false;
    if (b.token_begin < a.token_end) return false;
    if (b.token_begin == a.token_end) return b.clitic.starts_with("\u0648");  // وتلعفر
    if (b.token_begin - a.token_end > kListGap) return false;
    bool conjunction = false;
    for (std::size_t k = a.token_end; k < b.token_begin; ++k) {
      const Token& t = m_tokens[k];
      // والآخر قرب: "and the other near" joins as "and" does.
      if (t.norm == "," || t.norm == "\u060C" || lexicon_at(lx.conjunctions, k) ||
          (t.script == Script::arabic && t.norm.starts_with("\u0648") && m_stripped[k] != t.norm)) {
        conjunction = true;
        continue;
      }
      if (quote(t)) continue;  // مطار "أربيل" ومعسكر "عين الأسد"
      if (t.type == TokenType::punct || t.type == TokenType::newline) return false;
      if (lexicon_at(lx.eventive, k) || lexicon_at(lx.handover, k) || lexicon_at(lx.speech_verbs, k)) return false;
      if (t.script == Script::latin && t.capitalized) return false;
    }
    return conjunction || b.clitic.starts_with("\u0648");
  };
  auto fits = [&](std::size_t m) {
    return !m_mentions[m].derived && !actor_or_source(m, trigger, sentence) && !launch_origin(m) &&
           (specificity(kind_of(m)) > 0 || specificity(kind_of(head)) == 0);
  };
  std::vector<std::size_t> out{head};
  if (at == in_clause.end() || bounds_a_stretch(head)) return out;
  for (auto left = at; left != in_clause.begin() && joined(*(left - 1), *left) && fits(*(left - 1)); --left)
    out.insert(out.begin(), *(left - 1));
  for (auto right = at; right + 1 != in_clause.end() && joined(*right, *(right + 1)) && fits(*(right + 1)); ++right)
    out.push_back(*(right + 1));
  if (bounds_a_stretch(out.front())) out.resize(1);
  return out;
}

// Where the incident of `trigger` happened: the place named after the trigger and those
// coordinated with it, else "the camp" / المعسكر, else one named before it in the clause that is
// not its subject, else the sentence's subject ("المعسكر ... استهدف"), else anywhere in it.
std::vector<std::size_t> ArticleReader::incident_places(std::size_t trigger, Span clause, Span sentence) const {
  auto usable = [&](std::vector<std::size_t> list) {
    std::erase_if(list, [&](std::size_t m) { return actor_or_source(m, trigger, sentence) || launch_origin(m); });
    return list;
  };
  std::optional<std::size_t> place = best_of(usable(mentions_in({trigger, clause.end})));
  auto better = [&](std::optional<std::size_t> other) {
    if (other && (!place || quality(*other) > quality(*place))) place = other;
  };
  if (!place || specificity(kind_of(*place)) < 4) better(anaphor_in({trigger, clause.end}));
  if (!place || specificity(kind_of(*place)) < 4) better(best_of(usable(mentions_in({clause.begin, trigger}))));
  if (!place || specificity(kind_of(*place)) < 4) better(anaphor_in({sentence.begin, trigger}));
  if (!place) place = best_of(usable(mentions_in(sentence)));
  if (!place) return {};
  const match::Mention& head = m_mentions[*place].mention;
  const Span home = head.token_begin >= clause.begin && head.token_end <= clause.end ? clause : sentence;
  return coordinated(*place, home, trigger, sentence);
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

std::optional<std::pair<const Extractor::Lexicons::Group*, std::size_t>> ArticleReader::armed_group_in(Span s) const {
  std::optional<std::pair<const Extractor::Lexicons::Group*, std::size_t>> found;
  for (std::size_t k = s.begin; k < s.end; ++k) {
    if (!is_word(m_tokens[k])) continue;
    const auto candidates = lx.groups_by_first_word.find(m_bare[k]);
    if (candidates == lx.groups_by_first_word.end()) continue;
    for (const std::size_t i : candidates->second)
      if (const auto& g = lx.armed_groups[i]; phrase_at(k, s.end, g.words) > 0) {
        if (!found || (g.named && !found->first->named)) found = std::make_pair(&g, k);
        break;
      }
    if (found && found->first->named) break;
  }
  return found;
}

std::vector<ArticleReader::ForceAt> ArticleReader::forces_in(Span s) const {
  std::vector<ForceAt> out;
  for (std::size_t t = s.begin; t < s.end; ++t) {
    if (!is_word(m_tokens[t])) continue;
    const auto candidates = lx.forces_by_first_word.find(m_bare[t]);
    if (candidates == lx.forces_by_first_word.end()) continue;
    for (const std::size_t i : candidates->second)
      if (const std::size_t n = phrase_at(t, s.end, lx.forces[i].words); n > 0) {
        out.push_back({&lx.forces[i], t, t + n});
        t += n - 1;
        break;
      }
  }
  return out;
}

std::string ArticleReader::force_in(Span s, const std::string& except) const {
  for (const ForceAt& f : forces_in(s))
    if (f.force->label != except) return f.force->label;
  return {};
}

// Who handed the base over and who received it, by the kind of the word and where each force
// stands: "X handed Y over to Z", "تسلمت Z القاعدة من X", "X left Y" (nobody received it).
void ArticleReader::read_transfer_actors(Event& e, std::size_t trigger, Span sentence) const {
  const std::vector<ForceAt> found = forces_in(sentence);
  if (found.empty()) return;
  const Token& word = m_tokens[trigger];
  auto kind_of_word = [&]() {
    for (const std::string& form : {lx.handover.match_at(m_tokens, trigger) > 1 ? std::string() : word.norm,
                                    m_stripped[trigger], m_bare[trigger]})
      if (const auto it = lx.transfer_kinds.find(form); it != lx.transfer_kinds.end()) return it->second;
    for (std::size_t n = lx.handover.match_at(m_tokens, trigger); n > 1; --n) {
      std::string phrase = m_tokens[trigger].norm;
      for (std::size_t w = 1; w < n; ++w) phrase += " " + m_tokens[trigger + w].norm;
      if (const auto it = lx.transfer_kinds.find(phrase); it != lx.transfer_kinds.end()) return it->second;
    }
    return Extractor::Lexicons::Transfer::handover;
  };
  const auto kind = kind_of_word();
  auto marked = [&](const ForceAt& f, const text::Lexicon& markers) {
    if (f.begin > sentence.begin && lexicon_at(markers, f.begin - 1)) return true;
    // للقوات العراقية: the marker glued to the force's first word.
    const std::string& norm = m_tokens[f.begin].norm;
    return m_tokens[f.begin].script == Script::arabic && norm != m_stripped[f.begin] &&
           markers.contains(norm.substr(0, norm.size() - m_stripped[f.begin].size()));
  };
  auto distance = [&](const ForceAt& f) { return f.begin > trigger ? f.begin - trigger : trigger - f.end; };
  const ForceAt* giver = nullptr;
  const ForceAt* receiver = nullptr;
  for (const ForceAt& f : found) {
    if (marked(f, lx.recipient_markers)) {
      if (!receiver) receiver = &f;
    } else if (marked(f, lx.source_markers)) {
      if (!giver) giver = &f;
    }
  }
  using Transfer = Extractor::Lexicons::Transfer;
  using Side = Extractor::Lexicons::Side;
  // The subject: the unmarked force nearest the word (Arabic puts it after the verb).
  const ForceAt* subject = nullptr;
  for (const ForceAt& f : found)
    if (&f != giver && &f != receiver && !marked(f, lx.recipient_markers) && !marked(f, lx.source_markers) &&
        (!subject || distance(f) < distance(*subject)))
      subject = &f;
  if (kind == Transfer::takeover) {
    if (!receiver) receiver = subject;
  } else if (!giver) {
    giver = subject;
  }
  // A handover's other side, when unmarked: a force of the other side named in the sentence.
  if (kind == Transfer::handover && !receiver)
    for (const ForceAt& f : found)
      if (&f != giver && (!giver || f.force->side != giver->force->side) && f.force->side != Side::coalition) {
        receiver = &f;
        break;
      }
  if (kind == Transfer::takeover && !giver)
    for (const ForceAt& f : found)
      if (&f != receiver && f.force->side == Side::coalition) {
        giver = &f;
        break;
      }
  if (giver) e.actor_from = giver->force->label;
  if (receiver && receiver != giver) e.actor_to = receiver->force->label;
}

// Who attacked (actor1: a group named in the sentence, else the country that is the subject of
// the trigger, else a description such as "gunmen"), who was hit (actor2: a force named in the
// sentence), and what was aimed at (target), as the text states them.
void ArticleReader::read_actors(Event& e, std::size_t trigger, Span sentence) const {
  const auto group = armed_group_in(sentence);
  if (group && group->first->named && e.actor1.empty()) e.actor1 = group->first->label;
  if (e.actor1.empty())
    for (std::size_t m : mentions_in({sentence.begin, std::min(sentence.end, trigger + 2)}))
      if (e.actor1.empty() && m_gazetteer.place(m_mentions[m].place).kind == PlaceKind::country &&
          actor_or_source(m, trigger, sentence) && !possessive(m_mentions[m].mention.token_end - 1) &&
          (m_mentions[m].mention.token_end + kSubjectGap >= trigger ||
           m_mentions[m].mention.token_begin == trigger + 1) &&
          !any_in(lx.passive_markers, {m_mentions[m].mention.token_end, trigger}))
        e.actor1 = m_gazetteer.place(m_mentions[m].place).name;  // "Iran fired missiles", not "Iraq was struck"
  if (group && e.actor1.empty()) e.actor1 = group->first->label;
  if (e.actor2.empty()) e.actor2 = force_in(sentence, e.actor1);
  if (e.target.empty())
    for (std::size_t k = trigger; k < sentence.end && e.target.empty(); ++k) {
      if (!is_word(m_tokens[k])) continue;
      const auto candidates = lx.targets_by_first_word.find(m_bare[k]);
      if (candidates == lx.targets_by_first_word.end()) continue;
      for (const std::size_t i : candidates->second)
        if (phrase_at(k, sentence.end, lx.target_nouns[i].first) > 0) {
          e.target = lx.target_nouns[i].second;
          break;
        }
    }
}

void ArticleReader::read_incidents(std::size_t trigger, Span clause, Span sentence, std::vector<Event>& events) const {
  const auto weapon = find_weapon(trigger, clause, sentence);
  const std::vector<std::size_t> places = incident_places(trigger, clause, sentence);
  if (places.empty()) return;
  const std::size_t place = places.front();
  // Without a weapon, only an indefinite attack at a definite site is an event: "Erbil
  // airport came under a similar attack"; "the attack" refers back to one already read.
  std::optional<Weapon> attack_without_weapon;
  std::optional<std::size_t> noun;  // "came under a similar attack": the noun after the verb
  for (std::size_t k = trigger; k < clause.end && !noun; ++k)
    if (lexicon_at(lx.attack_nouns, k)) noun = k;
  if (!weapon && specificity(kind_of(place)) >= 5 && noun) {
    const std::string& prev = *noun > 0 ? m_tokens[*noun - 1].norm : std::string();
    const bool indefinite = m_tokens[*noun].script == Script::arabic
                                ? !strip_clitic(m_tokens[*noun].norm).starts_with("\u0627\u0644")
                                : (prev == "a" || prev == "an" || any_in(lx.similar, clause));
    if (indefinite) {
      const bool like_before =
          any_in(lx.similar, clause) && !events.empty() && events.back().type == EventType::incident;
      attack_without_weapon = like_before ? Weapon{events.back().sub_event_type, "", GrammaticalNumber::none}
                                          : Weapon{"armed_attack", "", GrammaticalNumber::none};
    }
  }
  // "الصواريخ أطلقت من ...", "the rockets were fired from ...": a definite weapon after an
  // event already read refers back to it; it is no new event.
  // One placed only at a country is still to be placed: the new event will be folded into it.
  if (weapon && !events.empty() && events.back().type == EventType::incident &&
      m_gazetteer.place(events.back().place).kind != PlaceKind::country) {
    const Token& w = m_tokens[weapon->first];
    const bool definite = w.script == Script::arabic ? strip_clitic(w.norm).starts_with("\u0627\u0644")
                                                     : weapon->first > 0 && m_tokens[weapon->first - 1].norm == "the";
    if (definite) return;
  }
  if (!weapon && !attack_without_weapon) return;
  // "missiles at a base in Iraq" names a site without its name: nothing a later sentence could
  // place. Another attack placed only at a country waits for one ("the strike on the facility
  // known as Tower 22").
  if (places.size() == 1 && kind_of(place) == PlaceKind::country && unnamed_site_in(place)) return;
  const Weapon& w = weapon ? lx.weapons[weapon->second].second : *attack_without_weapon;
  std::size_t floor = clause.begin;
  for (std::size_t p : places) {
    Event e;
    e.type = EventType::incident;
    e.sub_event_type = w.subtype;
    e.weapon = w.label;
    if (places.size() == 1) {
      if (weapon)
        e.munitions_count =
            munitions(weapon->first, weapon->first + lx.weapons[weapon->second].first.size(), w, e.weapon);
    } else {
      e.munitions_count = count_before(p, floor);  // a total is no place's own figure
    }
    floor = m_mentions[p].mention.token_end;
    // "A day earlier, an IED hit …": counted from the attack the article is about (its first
    // with a day), not from the publication day.
    if (const auto date = fill_place_and_date(e, p, clause, sentence); date && date->from_previous_event) {
      const auto main = std::find_if(events.begin(), events.end(), [](const Event& x) {
        return x.date.valid() && x.date_precision == DatePrecision::day;
      });
      if (main != events.end()) e.date = main->date.plus_days(date->offset_days);
    }
    for (std::size_t k = sentence.begin; k < sentence.end && e.target.empty(); ++k)
      if (lexicon_at(lx.target_verbs, k))
        for (std::size_t m : mentions_in({k + 1, std::min(sentence.end, k + 5)}))
          if (e.target.empty() && !m_mentions[m].anaphoric && !m_mentions[m].derived)
            e.target = m_gazetteer.place(m_mentions[m].place).name;
    if (e.target.empty() && any_in(lx.convoy, sentence)) e.target = "convoy";
    read_actors(e, trigger, sentence);
    // "Rockets struck A and B, killing two": whose two is not said; "nobody was hurt" is each's.
    if (places.size() == 1)
      read_damage_and_casualties(e, sentence);
    else
      read_no_casualties(e, sentence);
    events.push_back(std::move(e));
  }
}

// Fills what `keep` does not say from another report of the same event; its figures too when
// they can only be this event's.
void complete(Event& keep, const Event& other, bool with_figures) {
  if (!keep.date.valid() && other.date.valid()) {
    keep.date = other.date;
    keep.date_precision = other.date_precision;
  }
  for (auto [into, from] : {std::pair{&keep.actor1, &other.actor1}, std::pair{&keep.actor2, &other.actor2},
                            std::pair{&keep.actor_from, &other.actor_from}, std::pair{&keep.actor_to, &other.actor_to},
                            std::pair{&keep.target, &other.target}})
    if (into->empty()) *into = *from;
  if (keep.sub_event_type == "armed_attack" && other.sub_event_type != "armed_attack") {
    keep.sub_event_type = other.sub_event_type;
    keep.weapon = other.weapon;
  }
  if (with_figures) keep_lowest_figures(keep, other);
}

// Whether `wide` is a place that contains `narrow` or lies around it, as "Kirkuk" around K1
// air base, "Salahuddin" around Balad, "Iraq" around both.
bool ArticleReader::around(std::uint32_t wide, const Event& narrow) const {
  const gazetteer::PlaceView w = m_gazetteer.place(wide);
  const gazetteer::PlaceView n = m_gazetteer.place(narrow.place);
  if (specificity(w.kind) >= specificity(n.kind)) return false;
  const double km = geo::inverse(w.lat, w.lon, narrow.lat, narrow.lon).distance_m / 1000;
  switch (w.kind) {
    case PlaceKind::country: return !w.country.empty() && w.country == n.country;
    case PlaceKind::region: return km <= kRegionKm;
    case PlaceKind::province:  // by name where both say which province; by distance where one does not
      return !w.admin1.empty() && !n.admin1.empty() ? n.admin1 == w.admin1 : km <= kProvinceKm;
    case PlaceKind::district: return km <= kProvinceKm / 2;
    default: return km <= kNearTownKm;
  }
}

// One event named twice in an article ("a drone struck an air base in Salahuddin" … "the drone
// hit Balad Air Base") is one event at the most specific place: an event at a place around a
// more specific one of the same kind and day is folded into it.
void ArticleReader::fold_within_article(std::vector<Event>& events) const {
  // The same place, kind and day read twice is one report: collapsed first, by hash, so that
  // the comparison below runs over distinct events only (an article repeating itself is linear).
  {
    std::unordered_map<std::string, std::size_t> first;
    std::vector<bool> repeated(events.size(), false);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      const std::string key = std::to_string(static_cast<int>(e.type)) + "|" + e.sub_event_type + "|" +
                              std::to_string(e.place) + "|" + std::to_string(e.lat) + "," + std::to_string(e.lon) +
                              "|" + (e.date.valid() ? std::to_string(e.date.days()) : "");
      const auto [at, fresh] = first.emplace(key, i);
      if (fresh) continue;
      repeated[i] = true;
      complete(events[at->second], e, true);
    }
    std::size_t out = 0;
    for (std::size_t i = 0; i < events.size(); ++i)
      if (!repeated[i]) {
        if (out != i) events[out] = std::move(events[i]);
        ++out;
      }
    events.resize(out);
  }
  auto same_occasion = [](const Event& a, const Event& b) {
    if (a.type != b.type) return false;
    if (a.sub_event_type != b.sub_event_type && a.sub_event_type != "armed_attack" &&
        b.sub_event_type != "armed_attack")
      return false;
    // Within one article two days stated are two attacks ("on Wednesday … once more on Thursday").
    if (!a.date.valid() || !b.date.valid()) return true;
    if (a.type == EventType::incident && a.date_precision == DatePrecision::day &&
        b.date_precision == DatePrecision::day)
      return a.date == b.date;
    return std::llabs(a.date.days() - b.date.days()) <= 1;
  };
  std::vector<bool> folded(events.size(), false);
  for (std::size_t w = 0; w < events.size(); ++w) {
    std::vector<std::size_t> into;
    for (std::size_t n = 0; n < events.size(); ++n)
      if (n != w && !folded[n] && same_occasion(events[w], events[n]) &&
          (around(events[w].place, events[n]) ||
           (events[w].place == events[n].place && n < w && events[w].date == events[n].date)))
        into.push_back(n);
    if (into.empty()) continue;
    folded[w] = true;
    // Figures of a wider report belong to a narrower one only when it is the only one.
    for (std::size_t n : into) complete(events[n], events[w], into.size() == 1);
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (!folded[i]) {
      if (out != i) events[out] = std::move(events[i]);
      ++out;
    }
  events.resize(out);
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
      const std::vector<DateMention> clause_dates = dates_in(clause);
      auto in_date = [&](std::size_t t) {
        return std::any_of(clause_dates.begin(), clause_dates.end(),
                           [&](const DateMention& d) { return t >= d.token_begin && t < d.token_end; });
      };
      for (std::size_t k = clause.begin; k < clause.end; ++k) {
        if (!lexicon_at(lx.handover, k)) continue;
        // "عشية تسليم", "ahead of the handover": not the handover itself ("قبل يومين" is a date).
        bool blocked = false;
        for (std::size_t b = 1; b <= 3 && k >= clause.begin + b; ++b)
          if (lexicon_at(lx.handover_blockers, k - b) && !in_date(k - b)) blocked = true;
        if (blocked) continue;
        // The site handed over: a base or airport near the trigger (تسليم takes a site as its
        // object; "handing over prisoners" has none), or a town named for a base.
        std::optional<std::size_t> place;
        std::optional<std::uint32_t> upgraded;
        // A base named as such beats a town that a base is named after ("K1 air base near
        // Kirkuk" is K1, not Kirkuk Air Base); among equals the nearest wins.
        auto search = [&](Span around, std::size_t window) {
          std::size_t best_dist = SIZE_MAX;
          bool best_is_named_base = false;
          for (std::size_t m : mentions_in(around)) {
            const std::size_t at = m_mentions[m].mention.token_begin;
            const std::size_t dist = at > k ? at - k : k - at;
            if (dist > window) continue;
            const PlaceKind kind = kind_of(m);
            const bool named_base = kind == PlaceKind::military_base || kind == PlaceKind::airport;
            if (best_is_named_base && !named_base) continue;
            if (named_base == best_is_named_base && dist >= best_dist) continue;
            std::optional<std::uint32_t> base;
            if (!named_base) base = base_named_after(m, sentence);
            // قاعدة "صرين", "the Sarrin base": a base the gazetteer knows only by its town is at
            // the town (geo_precision 2).
            if (named_base || base || town_of_a_base(m)) {
              best_dist = dist;
              best_is_named_base = named_base;
              place = m;
              upgraded = base;
            }
          }
        };
        search(clause, kHandoverClauseWindow);
        if (!place) search(sentence, kHandoverSentenceWindow);
        if (!place && k + 1 < clause.end && lexicon_at(lx.anaphor_base, k + 1)) place = last_base_before(k);
        if (!place) {
          // "the base was being transferred": the base named before.
          for (std::size_t t = sentence.begin; t < k && !place; ++t)
            if (lexicon_at(lx.anaphor_base, t)) place = last_base_before(t);
        }
        if (!place) continue;
        Event e;
        e.type = EventType::handover;
        e.sub_event_type = "base_handover";
        (void)fill_place_and_date(e, *place, clause, sentence);
        if (upgraded) {
          const gazetteer::PlaceView base = m_gazetteer.place(*upgraded);
          e.place = *upgraded;
          e.lat = base.lat;
          e.lon = base.lon;
          e.precision_m = base.precision_m;
          e.geo_precision = 1;
        }
        e.damage.clear();
        read_transfer_actors(e, k, sentence);
        // "the base was left … since Oct. 20" after a paragraph on the coalition: who left it
        // was named shortly before.
        if (e.actor_from.empty()) {
          const std::size_t back = sentence.begin > kActorLookBack ? sentence.begin - kActorLookBack : 0;
          for (const ForceAt& f : forces_in({back, sentence.begin}))
            if (f.force->side == Extractor::Lexicons::Side::coalition) e.actor_from = f.force->label;
        }
        events.push_back(std::move(e));
        break;  // one handover per clause
      }
    }

    if (events.size() > before) {
      last_event = events.size() - 1;
      group_begin = before;
      sentences_since_event = 0;
      continue;
    }
    // A sentence that refers back to the last incident ("the explosion", الانفجار) completes it:
    // casualties, damage, and a more specific place than the one read first.
    if (!last_event || ++sentences_since_event > kFollowUpSentences) continue;
    Event& e = events[*last_event];
    if (e.type != EventType::incident) continue;
    std::optional<std::size_t> reference;
    for (std::size_t k = sentence.begin; k < sentence.end && !reference; ++k)
      if (lexicon_at(lx.back_references, k) || (k > sentence.begin && possessive(k - 1) && lexicon_at(lx.eventive, k)))
        reference = k;  // "the blast", الانفجار, "Sunday's strike"
    // Figures reported right after the event ("one contractor was killed and 9 were hurt")
    // belong to it even without a word that refers back. After several places hit at once,
    // only "nobody was hurt" is each one's.
    if (events.size() - group_begin > 1) {
      if (reference || sentences_since_event == 1)
        for (std::size_t g = group_begin; g < events.size(); ++g) read_no_casualties(events[g], sentence);
      continue;
    }
    // "X claimed the attack", "تبنت X الهجوم", "blamed X for Sunday's strike": who did it.
    if (any_in(lx.claim_words, sentence))
      if (const auto group = armed_group_in(sentence))
        for (std::size_t g = group_begin; g < events.size(); ++g)
          if (events[g].actor1.empty() || (group->first->named && !named_group(events[g].actor1)))
            events[g].actor1 = group->first->label;
    // "it used two drones against the base": a figure for the same weapon, when none was given.
    if (const auto weapon = find_weapon(sentence.begin, sentence, sentence);
        weapon && lx.weapons[weapon->second].second.subtype == e.sub_event_type &&
        lx.weapons[weapon->second].second.number != GrammaticalNumber::singular) {  // "another rocket" adds one
      std::string label = e.weapon;
      const auto n = munitions(weapon->first, weapon->first + lx.weapons[weapon->second].first.size(),
                               lx.weapons[weapon->second].second, label);
      if (!e.munitions_count) e.munitions_count = n;  // not "two unexploded rounds found later"
    }
    if (!reference) {
      if (sentences_since_event == 1) read_damage_and_casualties(e, sentence);
      continue;
    }
    read_damage_and_casualties(e, sentence);
    const auto place = best_of(mentions_in({*reference, sentence.end}));
    const PlaceKind current = m_gazetteer.place(e.place).kind;
    if (place && !m_mentions[*place].derived &&
        (specificity(kind_of(*place)) > specificity(current) || e.geo_precision == 2) &&
        specificity(kind_of(*place)) >= 2 && !road_named(*place)) {
      const resolve::ResolvedMention& rm = m_mentions[*place];
      e.place = rm.place;
      e.lat = rm.lat;
      e.lon = rm.lon;
      e.precision_m = rm.precision_m;
      e.location_note = rm.relation.text;
      const PlaceKind k = kind_of(*place);
      e.geo_precision = (k == PlaceKind::country || k == PlaceKind::province || k == PlaceKind::region) ? 3 : 1;
    }
  }
  fold_within_article(events);
  // A country is no point to map an attack at: one still placed only at a country when the
  // article is read is dropped (who attacked or spoke is often a country, where rarely is).
  std::erase_if(events, [&](const Event& e) {
    return e.type == EventType::incident && m_gazetteer.place(e.place).kind == PlaceKind::country;
  });
  return events;
}

}  // namespace

std::vector<Event> Extractor::extract(const Article& article, const std::vector<Token>& tokens,
                                      const std::vector<resolve::ResolvedMention>& mentions) const {
  return ArticleReader(m_gazetteer, *m_tokenizer, *m_lex, m_base_named_after, article, tokens, mentions).run();
}

}  // namespace mawqi::events

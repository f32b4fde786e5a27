// Event extraction: sentence → clauses → triggers with their place, date, counts and actors.
#include <algorithm>
#include <cstdio>
#include <map>

#include "mawqi/events.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::events {
namespace {

using text::Script;
using text::Token;
using text::TokenType;

bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }

std::string strip_clitic(const std::string& norm) {
  for (const char* p : {"\u0648\u0628", "\u0648\u0644", "\u0648", "\u0641", "\u0628", "\u0644"}) {
    const std::string prefix = p;
    if (norm.size() > prefix.size() + 4 && norm.starts_with(prefix)) return norm.substr(prefix.size());
  }
  return norm;
}

bool ends_sentence(const std::vector<Token>& tokens, std::size_t i) {
  const Token& t = tokens[i];
  if (t.type == TokenType::newline) return true;
  if (t.type != TokenType::punct) return false;
  if (t.norm == "!" || t.norm == "?" || t.norm == "\u061F") return true;
  if (t.norm != ".") return false;
  // Not after an abbreviation: U.S., Mr., Gen., د.
  if (i > 0 && is_word(tokens[i - 1]) && tokens[i - 1].end == t.start) {
    const Token& prev = tokens[i - 1];
    static const std::vector<std::string> kAbbrev = {"mr",   "mrs", "dr", "gen", "lt", "col", "maj",    "sgt",
                                                     "capt", "no",  "st", "u",   "us", "uk",  "\u062F", "\u0645"};
    if (std::find(kAbbrev.begin(), kAbbrev.end(), prev.norm) != kAbbrev.end()) return false;
    if (prev.norm.size() == 1 && prev.capitalized) return false;
  }
  return true;
}

bool ends_clause(const Token& t) {
  return t.type == TokenType::punct &&
         (t.norm == "," || t.norm == "\u060C" || t.norm == ";" || t.norm == "\u061B" || t.norm == ":");
}

std::string fnv_hex(const std::string& s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

enum class GrammaticalNumber { singular, dual, plural };

struct Weapon {
  std::string subtype;  // rocket_attack, mortar_attack, drone_attack, ied, explosion
  std::string label;    // Katyusha, rocket, mortar, drone, IED, car bomb
  GrammaticalNumber number;
};

}  // namespace

const char* to_string(EventType t) { return t == EventType::incident ? "incident" : "handover"; }

struct Extractor::Lexicons {
  text::Lexicon eventive, habitual, handover, handover_blockers, future, anaphor_base, target_verbs;
  text::Lexicon damage_material, damage_none, no_casualties, only_word, killed, wounded, casualty_nouns;
  std::vector<std::pair<std::vector<std::string>, Weapon>> weapons;  // phrase words (norm) → weapon, longest first
  std::vector<std::pair<std::vector<std::string>, std::string>> coalition_actors, iraqi_actors;
  DateReader dates;
  NumberReader numbers;

  explicit Lexicons(const text::Tokenizer& tk)
      : eventive(tk, {"سقط",      "سقطت",    "سقطا",     "سقطتا",     "تساقطت",      "أطلق",   "أطلقت",    "أطلقوا",
                      "استهدف",   "استهدفت", "قصف",      "قصفت",      "هاجم",        "هاجمت",  "هاجموا",   "ضرب",
                      "ضربت",     "طال",     "طالت",     "انفجر",     "انفجرت",      "اعترض",  "اعترضت",   "أسقط",
                      "أسقطت",    "تعرض",    "تعرضت",    "هجوم",      "هجوما",       "انفجار", "سقوط",     "استهداف",
                      "struck",   "hit",     "landed",   "impacted",  "fell",        "fired",  "launched", "targeted",
                      "attacked", "shelled", "exploded", "detonated", "intercepted", "attack", "barrage",  "explosion",
                      "blast",    "strike",  "salvo",    "volley"}),
        habitual(tk, {"عادة",     "غالبا",     "في الغالب",  "دائما",     "باستمرار",  "لم تتوقف",
                      "لم يتوقف", "تستهدف",    "يستهدف",     "تخطئ",      "ما زالت",   "usually",
                      "often",    "regularly", "frequently", "routinely", "typically", "repeatedly",
                      "tend",     "continue",  "continues",  "sometimes"}),
        handover(tk, {"تسليم",  "تسلم",     "تسلمت",      "تسلمها",    "سلم",          "سلمت",        "سلمه",
                      "استلم",  "استلمت",   "استلام",     "تسلموا",    "يغادر",        "غادر",        "غادرت",
                      "مغادرة", "انسحب",    "انسحبت",     "انسحاب",    "أخلى",         "أخلت",        "إخلاء",
                      "مناقلة", "handed",   "handover",   "hand-over", "handing",      "transferred", "transfer",
                      "turned", "withdrew", "withdrawal", "vacated",   "relinquished", "departed",    "repositioned"}),
        handover_blockers(tk, {"عشية", "قبل", "بدء", "eve", "ahead", "before", "prior"}),
        future(tk, {"سوف", "سيتم", "ستسلم", "سيسلم", "ستتسلم", "المقرر", "will", "would", "plans", "planned",
                    "expected", "scheduled"}),
        anaphor_base(tk, {"المعسكر", "القاعدة", "الموقع", "base", "camp", "compound"}),
        target_verbs(tk, {"استهدف", "استهدفت", "استهداف", "targeting", "targeted", "aimed"}),
        damage_material(tk, {"أضرار", "أضرارا", "خسائر مادية", "damage", "damaged", "damaging"}),
        damage_none(tk, {"دون أضرار", "without damage", "no damage", "لم تسفر عن أضرار", "لا أضرار"}),
        no_casualties(tk, {"دون وقوع إصابات", "دون إصابات", "دون خسائر بشرية", "من دون خسائر", "لم تسفر عن إصابات",
                           "لم تسفر عن وقوع إصابات", "لم يسفر عن إصابات", "لا إصابات", "لم تسجل إصابات",
                           "no casualties", "no injuries", "without casualties", "no one was hurt",
                           "no one was injured", "no one was killed", "nobody was hurt", "no immediate casualties"}),
        only_word(tk, {"فقط", "only"}),
        killed(tk, {"مقتل", "قتل", "قتلى", "قتيل", "قتيلا", "قتيلين", "قتيلان", "مصرع", "killed", "killing", "dead",
                    "died", "fatalities"}),
        wounded(tk, {"إصابة", "أصيب", "أصيبوا", "جرحى", "جريح", "جريحا", "جرح", "wounded", "injured", "injuring",
                     "wounding", "hurt", "injuries"}),
        casualty_nouns(tk,
                       {"soldiers", "soldier", "people", "civilians", "civilian", "contractors", "contractor", "troops",
                        "members",  "were",    "was",    "personnel", "جنود",     "جندي",        "مدنيين",     "مدنيا",
                        "عناصر",    "منتسبين", "أشخاص",  "شخصا",      "آخرين",    "آخرون"}),
        dates(tk),
        numbers(tk) {
    auto words = [&](std::string_view phrase) {
      std::vector<std::string> out;
      for (const Token& t : tk.tokenize(phrase))
        if (is_word(t)) out.push_back(t.norm);
      return out;
    };
    using G = GrammaticalNumber;
    const std::vector<std::tuple<std::string_view, const char*, const char*, G>> weapons_table = {
        {"صاروخ", "rocket_attack", "rocket", G::singular},
        {"صاروخا", "rocket_attack", "rocket", G::singular},
        {"صاروخان", "rocket_attack", "rocket", G::dual},
        {"صاروخين", "rocket_attack", "rocket", G::dual},
        {"صواريخ", "rocket_attack", "rocket", G::plural},
        {"صواريخ كاتيوشا", "rocket_attack", "Katyusha", G::plural},
        {"صاروخي كاتيوشا", "rocket_attack", "Katyusha", G::dual},
        {"كاتيوشا", "rocket_attack", "Katyusha", G::plural},
        {"الكاتيوشا", "rocket_attack", "Katyusha", G::plural},
        {"صاروخي", "rocket_attack", "rocket", G::singular},
        {"غراد", "rocket_attack", "Grad", G::plural},
        {"قذيفة هاون", "mortar_attack", "mortar", G::singular},
        {"قذيفتي هاون", "mortar_attack", "mortar", G::dual},
        {"قذيفتا هاون", "mortar_attack", "mortar", G::dual},
        {"قذائف هاون", "mortar_attack", "mortar", G::plural},
        {"قذيفة", "mortar_attack", "mortar", G::singular},
        {"قذيفتان", "mortar_attack", "mortar", G::dual},
        {"قذيفتين", "mortar_attack", "mortar", G::dual},
        {"قذائف", "mortar_attack", "mortar", G::plural},
        {"هاون", "mortar_attack", "mortar", G::plural},
        {"طائرة مسيرة", "drone_attack", "drone", G::singular},
        {"طائرتان مسيرتان", "drone_attack", "drone", G::dual},
        {"طائرتين مسيرتين", "drone_attack", "drone", G::dual},
        {"طائرات مسيرة", "drone_attack", "drone", G::plural},
        {"مسيرة مفخخة", "drone_attack", "drone", G::singular},
        {"طائرة بدون طيار", "drone_attack", "drone", G::singular},
        {"طائرات بدون طيار", "drone_attack", "drone", G::plural},
        {"مسيرات", "drone_attack", "drone", G::plural},
        {"درون", "drone_attack", "drone", G::singular},
        {"عبوة ناسفة", "ied", "IED", G::singular},
        {"عبوتان ناسفتان", "ied", "IED", G::dual},
        {"عبوتين ناسفتين", "ied", "IED", G::dual},
        {"عبوات ناسفة", "ied", "IED", G::plural},
        {"عبوة لاصقة", "ied", "sticky bomb", G::singular},
        {"سيارة مفخخة", "explosion", "car bomb", G::singular},
        {"rocket", "rocket_attack", "rocket", G::singular},
        {"rockets", "rocket_attack", "rocket", G::plural},
        {"katyusha", "rocket_attack", "Katyusha", G::singular},
        {"katyushas", "rocket_attack", "Katyusha", G::plural},
        {"katyusha rockets", "rocket_attack", "Katyusha", G::plural},
        {"katyusha rocket", "rocket_attack", "Katyusha", G::singular},
        {"grad rockets", "rocket_attack", "Grad", G::plural},
        {"mortar", "mortar_attack", "mortar", G::singular},
        {"mortars", "mortar_attack", "mortar", G::plural},
        {"mortar rounds", "mortar_attack", "mortar", G::plural},
        {"mortar shells", "mortar_attack", "mortar", G::plural},
        {"mortar round", "mortar_attack", "mortar", G::singular},
        {"drone", "drone_attack", "drone", G::singular},
        {"drones", "drone_attack", "drone", G::plural},
        {"uav", "drone_attack", "drone", G::singular},
        {"ied", "ied", "IED", G::singular},
        {"ieds", "ied", "IED", G::plural},
        {"roadside bomb", "ied", "IED", G::singular},
        {"roadside bombs", "ied", "IED", G::plural},
        {"improvised explosive device", "ied", "IED", G::singular},
        {"car bomb", "explosion", "car bomb", G::singular}};
    for (const auto& [phrase, subtype, label, number] : weapons_table)
      weapons.emplace_back(words(phrase), Weapon{subtype, label, number});
    std::stable_sort(weapons.begin(), weapons.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    const std::vector<std::pair<std::string_view, const char*>> coalition = {
        {"القوات الإسبانية", "Spanish forces (coalition)"},
        {"القوات الأمريكية", "US forces (coalition)"},
        {"القوات الأميركية", "US forces (coalition)"},
        {"القوات الفرنسية", "French forces (coalition)"},
        {"القوات البريطانية", "British forces (coalition)"},
        {"القوات الأسترالية", "Australian forces (coalition)"},
        {"القوات الكندية", "Canadian forces (coalition)"},
        {"قوات التحالف", "US-led coalition"},
        {"التحالف الدولي", "US-led coalition"},
        {"الناتو", "NATO"},
        {"spanish", "Spanish forces (coalition)"},
        {"french", "French forces (coalition)"},
        {"australian", "Australian forces (coalition)"},
        {"british", "British forces (coalition)"},
        {"canadian", "Canadian forces (coalition)"},
        {"us forces", "US forces (coalition)"},
        {"u.s. forces", "US forces (coalition)"},
        {"american forces", "US forces (coalition)"},
        {"u.s. troops", "US forces (coalition)"},
        {"us troops", "US forces (coalition)"},
        {"coalition", "US-led coalition"},
        {"nato", "NATO"}};
    for (const auto& [phrase, label] : coalition) coalition_actors.emplace_back(words(phrase), label);
    const std::vector<std::string_view> iraqi = {
        "القوات العراقية", "قوات الأمن العراقية",   "الجيش العراقي", "الجانب العراقي", "القوات الأمنية العراقية",
        "iraqi forces",    "iraqi security forces", "isf",           "iraqi army",     "iraqi military",
        "iraqi troops",    "iraqi government"};
    for (const auto& phrase : iraqi) iraqi_actors.emplace_back(words(phrase), "Iraqi security forces");
  }

  // Matches a phrase (first word may carry a proclitic) at tokens[i]; returns its length or 0.
  static std::size_t phrase_at(const std::vector<Token>& tokens, std::size_t i, std::size_t end,
                               const std::vector<std::string>& phrase) {
    if (phrase.empty() || i + phrase.size() > end) return 0;
    for (std::size_t w = 0; w < phrase.size(); ++w) {
      const std::string& tok = tokens[i + w].norm;
      if (tok == phrase[w]) continue;
      if (w == 0 && strip_clitic(tok) == phrase[w]) continue;
      return 0;
    }
    return phrase.size();
  }
};

Extractor::Extractor(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer)
    : m_gazetteer(gazetteer), m_lex(std::make_unique<Lexicons>(tokenizer)) {}
Extractor::~Extractor() = default;

namespace {

bool lexicon_at(const text::Lexicon& lex, const std::vector<Token>& tokens, std::size_t i) {
  if (!is_word(tokens[i])) return false;
  return lex.contains(tokens[i].norm) || lex.contains(strip_clitic(tokens[i].norm)) || lex.match_at(tokens, i) > 0;
}

bool any_in(const text::Lexicon& lex, const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end; ++i)
    if (lexicon_at(lex, tokens, i)) return true;
  return false;
}

// Reports of one event place it within this distance of each other.
constexpr double kSamePointMetres = 5000;

// Tokens between a handover trigger and the site it governs.
constexpr std::size_t kHandoverWindow = 10;

bool base_like(PlaceKind k) {
  return k == PlaceKind::military_base || k == PlaceKind::airport || k == PlaceKind::facility;
}

}  // namespace

std::vector<Event> Extractor::extract(const Article& article, const std::vector<Token>& tokens,
                                      const std::vector<resolve::ResolvedMention>& mentions) const {
  const Lexicons& lx = *m_lex;
  std::vector<Event> events;
  const Date published = Date::parse_iso(article.date).value_or(Date{});
  // The day the news is about: the first "yesterday"/"today" in the article.
  std::optional<DateMention> news_day;
  for (const DateMention& d : lx.dates.find(tokens, 0, tokens.size(), published))
    if (d.news_anchor) {
      news_day = d;
      break;
    }

  // A name inside a derived location ("Baghdad" in "20 km north of Baghdad") is its anchor,
  // not the place of what happened there.
  std::vector<bool> covered(mentions.size(), false);
  for (const auto& d : mentions)
    if (d.derived)
      for (std::size_t m = 0; m < mentions.size(); ++m)
        if (!mentions[m].derived && mentions[m].mention.token_begin >= d.mention.token_begin &&
            mentions[m].mention.token_end <= d.mention.token_end)
          covered[m] = true;
  auto mentions_in = [&](std::size_t begin, std::size_t end) {
    std::vector<std::size_t> out;
    for (std::size_t m = 0; m < mentions.size(); ++m)
      if (!covered[m] && mentions[m].mention.token_begin >= begin && mentions[m].mention.token_end <= end)
        out.push_back(m);
    return out;
  };
  auto kind_of = [&](std::size_t m) { return m_gazetteer.place(mentions[m].place).kind; };
  auto is_broad = [&](std::size_t m) {
    const PlaceKind k = kind_of(m);
    return k == PlaceKind::country || k == PlaceKind::province || k == PlaceKind::region;
  };
  // The most recent base-like mention before token i (for "the camp", المعسكر).
  auto last_base_before = [&](std::size_t i) -> std::optional<std::size_t> {
    std::optional<std::size_t> best;
    for (std::size_t m = 0; m < mentions.size() && mentions[m].mention.token_end <= i; ++m)
      if (!mentions[m].derived && base_like(kind_of(m))) best = m;
    return best;
  };

  auto fill_common = [&](Event& e, std::size_t place_mention, std::size_t s_begin, std::size_t s_end,
                         std::size_t c_begin, std::size_t c_end, bool via_anaphor) {
    const resolve::ResolvedMention& rm = mentions[place_mention];
    e.place = rm.place;
    e.lat = rm.lat;
    e.lon = rm.lon;
    e.precision_m = rm.precision_m;
    const PlaceKind k = m_gazetteer.place(rm.place).kind;
    e.location_note = rm.relation.text;
    // ACLED geo-precision: 1 a named site or town, 2 a part of or area near it, 3 a larger region.
    (void)via_anaphor;
    e.geo_precision = (k == PlaceKind::country || k == PlaceKind::province || k == PlaceKind::region) ? 3
                      : (k == PlaceKind::district || rm.derived)                                      ? 2
                                                                                                      : 1;
    // Date: the clause, then the sentence, then the day the article is about.
    std::vector<DateMention> dates = lx.dates.find(tokens, c_begin, c_end, published);
    if (dates.empty()) dates = lx.dates.find(tokens, s_begin, s_end, published);
    if (!dates.empty()) {
      e.date = dates.front().date;
      e.date_precision = dates.front().precision;
    } else if (news_day) {
      e.date = news_day->date;
      e.date_precision = DatePrecision::day;
    }
    e.source_ids = {article.id};
    if (!article.url.empty()) e.source_urls = {article.url};
    e.evidence = std::string(
        article.text.substr(tokens[s_begin].byte_start, tokens[s_end - 1].byte_end - tokens[s_begin].byte_start));
    e.language = article.lang;
    e.confidence = 0.5 + (e.date_precision == DatePrecision::day ? 0.15 : 0.0) + (e.geo_precision == 1 ? 0.15 : 0.0) +
                   0.15 * rm.confidence;
  };

  std::size_t s_begin = 0;
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    if (i < tokens.size() && !ends_sentence(tokens, i)) continue;
    const std::size_t s_end = i < tokens.size() ? i + 1 : i;
    if (s_end > s_begin) {
      // Clauses: split at commas, semicolons, and "حيث" / "where".
      std::size_t c_begin = s_begin;
      for (std::size_t j = s_begin; j <= s_end; ++j) {
        const bool split = j == s_end || ends_clause(tokens[j]) ||
                           (j > c_begin && is_word(tokens[j]) &&
                            (tokens[j].norm == "\u062D\u064A\u062B" || tokens[j].norm == "where"));
        if (!split) continue;
        const std::size_t c_end = j;
        const bool habitual = any_in(lx.habitual, tokens, c_begin, c_end);
        // ---- incidents
        std::optional<std::size_t> trigger;
        for (std::size_t k = c_begin; k < c_end && !trigger; ++k)
          if (lexicon_at(lx.eventive, tokens, k) &&
              !(tokens[k].script == Script::latin && tokens[k].capitalized && tokens[k].norm == "hit"))
            trigger = k;
        if (trigger && !habitual) {
          // The weapon: nearest in the clause, else in the sentence.
          std::optional<std::pair<std::size_t, std::size_t>> weapon_at;  // token, weapon index
          auto search = [&](std::size_t b, std::size_t e) {
            std::size_t best_dist = SIZE_MAX;
            for (std::size_t k = b; k < e; ++k)
              for (std::size_t w = 0; w < lx.weapons.size(); ++w)
                if (const std::size_t n = Lexicons::phrase_at(tokens, k, e, lx.weapons[w].first); n > 0) {
                  const std::size_t dist = k > *trigger ? k - *trigger : *trigger - k;
                  if (dist < best_dist) {
                    best_dist = dist;
                    weapon_at = std::make_pair(k, w);
                  }
                  k += n - 1;  // "Katyusha rockets" is one weapon, not two
                  break;
                }
          };
          search(c_begin, c_end);
          if (!weapon_at) search(s_begin, s_end);
          std::optional<std::size_t> place;
          bool via_anaphor = false;
          for (std::size_t m : mentions_in(*trigger, c_end))
            if (!place || (is_broad(*place) && !is_broad(m))) place = m;
          if (!place || is_broad(*place))
            for (std::size_t k = *trigger; k < c_end; ++k)
              if (lexicon_at(lx.anaphor_base, tokens, k))
                if (auto b = last_base_before(k)) {
                  place = b;
                  via_anaphor = true;
                  break;
                }
          if (!place || is_broad(*place))
            for (std::size_t m : mentions_in(c_begin, *trigger))
              if (!place || (is_broad(*place) && !is_broad(m))) place = m;
          if (!place)
            for (std::size_t m : mentions_in(s_begin, s_end))
              if (!place || (is_broad(*place) && !is_broad(m))) place = m;
          if (weapon_at && place) {
            const auto& [wtok, widx] = *weapon_at;
            const Weapon& w = lx.weapons[widx].second;
            Event e;
            e.type = EventType::incident;
            e.sub_event_type = w.subtype;
            e.weapon = w.label;
            // Count: a number before the weapon ("4 صواريخ", "three rockets", "two Katyusha rockets").
            std::size_t before = wtok;  // skip a calibre: "107mm rockets", "107-mm"
            if (before >= 2 && tokens[before - 1].norm == "mm") {
              std::size_t n = before - 2;
              if (tokens[n].norm == "-" && n > 0) --n;
              if (tokens[n].type == TokenType::number) {
                e.weapon = tokens[n].norm + "mm rocket";
                before = n;
              }
            }
            for (std::size_t back = 1; back <= 2 && before >= back; ++back) {
              if (auto n = lx.numbers.ending_at(tokens, before - back)) {
                e.munitions_count = n->first;
                break;
              }
              if (tokens[before - back].norm != "katyusha" && tokens[before - back].norm != "\u0627\u0644") break;
            }
            if (!e.munitions_count) {
              if (w.number == GrammaticalNumber::dual)
                e.munitions_count = 2;
              else if (w.number == GrammaticalNumber::singular &&
                       (tokens[wtok].script == Script::arabic ||
                        (wtok > 0 && (tokens[wtok - 1].norm == "a" || tokens[wtok - 1].norm == "an"))))
                e.munitions_count = 1;
            }
            fill_common(e, *place, s_begin, s_end, c_begin, c_end, via_anaphor);
            // Target: a place right after "targeting"/استهدف.
            for (std::size_t k = s_begin; k < s_end; ++k)
              if (lexicon_at(lx.target_verbs, tokens, k))
                for (std::size_t m : mentions_in(k + 1, std::min(s_end, k + 4)))
                  if (e.target.empty()) e.target = m_gazetteer.place(mentions[m].place).name;
            // Damage and casualties, from the whole sentence.
            if (any_in(lx.damage_none, tokens, s_begin, s_end))
              e.damage = "none";
            else if (any_in(lx.damage_material, tokens, s_begin, s_end))
              e.damage = "material";
            const bool material_only = e.damage == "material" && any_in(lx.only_word, tokens, s_begin, s_end);
            if (material_only || any_in(lx.no_casualties, tokens, s_begin, s_end)) {
              e.fatalities = 0;
              e.injuries = 0;
            }
            auto casualty_count = [&](const text::Lexicon& lex) -> std::optional<long> {
              for (std::size_t k = s_begin; k < s_end; ++k) {
                if (!lexicon_at(lex, tokens, k)) continue;
                // "killed two", "مقتل 3", then "two soldiers were killed", "3 قتلى".
                for (std::size_t f = k + 1; f < std::min(s_end, k + 3); ++f)
                  if (auto n = lx.numbers.starting_at(tokens, f)) return n->first;
                for (std::size_t back = 1; back <= 4 && k >= s_begin + back; ++back) {
                  if (auto n = lx.numbers.ending_at(tokens, k - back)) return n->first;
                  if (!lexicon_at(lx.casualty_nouns, tokens, k - back) && tokens[k - back].norm != "us" &&
                      tokens[k - back].norm != "iraqi")
                    break;
                }
                if (k > s_begin && (tokens[k - 1].norm == "a" || tokens[k - 1].norm == "an")) return 1;
              }
              return std::nullopt;
            };
            if (auto n = casualty_count(lx.killed)) e.fatalities = n;
            if (auto n = casualty_count(lx.wounded)) e.injuries = n;
            events.push_back(std::move(e));
          }
        }
        // ---- handovers
        if (!habitual && !any_in(lx.future, tokens, c_begin, c_end)) {
          for (std::size_t k = c_begin; k < c_end; ++k) {
            if (!lexicon_at(lx.handover, tokens, k)) continue;
            bool blocked = false;
            for (std::size_t b = 1; b <= 3 && k >= c_begin + b; ++b)
              if (lexicon_at(lx.handover_blockers, tokens, k - b)) blocked = true;
            if (blocked) continue;
            // The site handed over: a base or airport named near the trigger (docs/arabic.md §6.2:
            // تسليم takes a site as its object; "handing over prisoners" has none).
            std::optional<std::size_t> place;
            bool via_anaphor = false;
            const auto is_site = [&](std::size_t m) {
              const PlaceKind kind = kind_of(m);
              return kind == PlaceKind::military_base || kind == PlaceKind::airport;
            };
            for (std::size_t m : mentions_in(k + 1, std::min(c_end, k + 1 + kHandoverWindow)))
              if (!place && is_site(m)) place = m;
            for (std::size_t m : mentions_in(k >= c_begin + kHandoverWindow ? k - kHandoverWindow : c_begin, k))
              if (!place && is_site(m)) place = m;
            if (!place && k + 1 < c_end && lexicon_at(lx.anaphor_base, tokens, k + 1))
              if (auto b = last_base_before(k)) {
                place = b;
                via_anaphor = true;
              }
            if (!place) continue;
            Event e;
            e.type = EventType::handover;
            e.sub_event_type = "base_handover";
            fill_common(e, *place, s_begin, s_end, c_begin, c_end, via_anaphor);
            e.damage.clear();
            std::size_t best_specificity = 0;
            for (std::size_t t = s_begin; t < s_end; ++t) {
              for (const auto& [phrase, label] : lx.coalition_actors)
                if (Lexicons::phrase_at(tokens, t, s_end, phrase) > 0) {
                  const std::size_t specificity = label.find("(coalition)") != std::string::npos ? 2 : 1;
                  if (specificity > best_specificity) {
                    best_specificity = specificity;
                    e.actor_from = label;
                  }
                  break;
                }
              for (const auto& [phrase, label] : lx.iraqi_actors)
                if (Lexicons::phrase_at(tokens, t, s_end, phrase) > 0) e.actor_to = label;
            }
            events.push_back(std::move(e));
            break;  // one handover per clause
          }
        }
        c_begin = j + 1;
      }
    }
    s_begin = s_end;
  }
  return events;
}

std::vector<Event> deduplicate(std::vector<Event> events, const gazetteer::Gazetteer& gazetteer) {
  std::vector<Event> merged;
  auto compatible = [](const Event& a, const Event& b) {
    if (a.type != b.type || a.place != b.place || a.sub_event_type != b.sub_event_type) return false;
    // Two points relative to the same anchor ("20 km north", "30 km south of Baghdad") differ.
    if (geo::inverse(a.lat, a.lon, b.lat, b.lon).distance_m > kSamePointMetres) return false;
    if (!a.date.valid() || !b.date.valid()) return true;
    const auto gap = a.date.days() - b.date.days();
    return gap >= -1 && gap <= 1;
  };
  auto rank = [](DatePrecision p) { return static_cast<int>(p); };
  for (Event& e : events) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const Event& m) { return compatible(m, e); });
    if (it == merged.end()) {
      merged.push_back(std::move(e));
      continue;
    }
    Event& m = *it;
    if (e.date.valid() && (!m.date.valid() || rank(e.date_precision) < rank(m.date_precision))) {
      m.date = e.date;
      m.date_precision = e.date_precision;
    }
    if (!m.munitions_count) m.munitions_count = e.munitions_count;
    auto lowest = [](std::optional<long>& into, const std::optional<long>& v) {
      if (v && (!into || *v < *into)) into = v;
    };
    lowest(m.fatalities, e.fatalities);
    lowest(m.injuries, e.injuries);
    if (m.damage == "unknown") m.damage = e.damage;
    if (m.actor_from.empty() || (m.actor_from.find("(coalition)") == std::string::npos &&
                                 e.actor_from.find("(coalition)") != std::string::npos))
      m.actor_from = e.actor_from;
    if (m.actor_to.empty()) m.actor_to = e.actor_to;
    if (m.target.empty()) m.target = e.target;
    if (m.location_note.empty()) m.location_note = e.location_note;
    m.geo_precision = std::min(m.geo_precision, e.geo_precision);
    m.confidence = std::max(m.confidence, e.confidence);
    for (auto& s : e.source_ids) m.source_ids.push_back(std::move(s));
    for (auto& u : e.source_urls) m.source_urls.push_back(std::move(u));
  }
  for (Event& m : merged) {
    std::sort(m.source_ids.begin(), m.source_ids.end());
    m.source_ids.erase(std::unique(m.source_ids.begin(), m.source_ids.end()), m.source_ids.end());
    std::sort(m.source_urls.begin(), m.source_urls.end());
    m.source_urls.erase(std::unique(m.source_urls.begin(), m.source_urls.end()), m.source_urls.end());
    const gazetteer::PlaceView p = gazetteer.place(m.place);
    m.event_id =
        fnv_hex(std::string(to_string(m.type)) + "|" + m.sub_event_type + "|" + std::string(p.id) + "|" +
                (m.date.valid() ? m.date.iso() : "") + "|" + (m.source_ids.empty() ? "" : m.source_ids.front()));
  }
  std::sort(merged.begin(), merged.end(), [&](const Event& a, const Event& b) {
    const auto key = [&](const Event& e) {
      return std::make_tuple(e.date.valid() ? e.date.days() : INT64_MAX, gazetteer.place(e.place).id, e.sub_event_type,
                             e.event_id);
    };
    return key(a) < key(b);
  });
  return merged;
}

}  // namespace mawqi::events

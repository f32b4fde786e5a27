#include "mawqi/resolve.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <system_error>

#include "../util/fnv.hpp"
#include "mawqi/error.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::resolve {
namespace {

// geo::approx_km's kilometres per degree of latitude (its sphere of 6,371 km).
constexpr double kKmPerDegreeLatitude = 6371.0 * 3.14159265358979323846 / 180;

using text::Script;
using text::Token;
using text::TokenType;

bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }

// A context word without proclitic and article: بجنوب → جنوب, الشمال → شمال.
std::string bare(const std::string& norm) { return text::bare_word(norm); }

// A cell as a decimal number, or the row's error.
double decimal(const lang::Row& row, std::string_view column) {
  const std::string& cell = row.at(column);
  double v = 0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size())
    row.fail(column, "'" + cell + "' is not a number");
  return v;
}

// Words before a name that show it is used as a place: prepositions, kind and road nouns.
std::vector<std::string> locatives(const lang::Language& language) {
  std::vector<std::string> out = language.phrases("place_prepositions");
  for (std::string& w : language.phrases_where("kind_words", "locative")) out.push_back(std::move(w));
  for (std::string& w : language.phrases("road_words")) out.push_back(std::move(w));
  return out;
}

// `pattern` with {name_ar} and {name} replaced by these names.
std::string fill(std::string_view pattern, std::string_view name_ar, std::string_view name) {
  static constexpr std::string_view kArabic = "{name_ar}", kName = "{name}";
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern.substr(i).starts_with(kArabic)) {
      out += name_ar;
      i += kArabic.size();
    } else if (pattern.substr(i).starts_with(kName)) {
      out += name;
      i += kName.size();
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

bool is_prominent(const gazetteer::PlaceView& p) { return mawqi::is_prominent(p.kind, p.capital); }

// Whether `place` lies in the country or first-level division `area`.
bool lies_in(const gazetteer::PlaceView& place, const gazetteer::PlaceView& area) {
  if (area.kind == PlaceKind::country) return !area.country.empty() && place.country == area.country;
  if (area.kind == PlaceKind::province)
    return place.kind != PlaceKind::province && !area.admin1.empty() && place.country == area.country &&
           place.admin1 == area.admin1;
  return false;
}

// Combines "south" + "east" into 135 (جنوب شرقي, south-east).
double combine(double first, double second) {
  if (second < 0) return first;
  if ((first == 0 || first == 180) && (second == 90 || second == 270)) {
    if (first == 0) return second == 90 ? 45 : 315;
    return second == 90 ? 135 : 225;
  }
  return first;
}

}  // namespace

const std::vector<std::pair<std::string_view, double Weights::*>>& Weights::options() {
  static const std::vector<std::pair<std::string_view, double Weights::*>> kOptions = {
      {"kind_country", &Weights::kind_country},
      {"kind_city", &Weights::kind_city},
      {"kind_military_base", &Weights::kind_military_base},
      {"kind_airport", &Weights::kind_airport},
      {"kind_neighbourhood", &Weights::kind_neighbourhood},
      {"kind_facility", &Weights::kind_facility},
      {"kind_town", &Weights::kind_town},
      {"kind_province", &Weights::kind_province},
      {"kind_landmark", &Weights::kind_landmark},
      {"kind_district", &Weights::kind_district},
      {"kind_region", &Weights::kind_region},
      {"kind_village", &Weights::kind_village},
      {"population", &Weights::population},
      {"capital", &Weights::capital},
      {"focus_country", &Weights::focus_country},
      {"prominent", &Weights::prominent},
      {"qualified", &Weights::qualified},
      {"named_division", &Weights::named_division},
      {"named_country", &Weights::named_country},
      {"listed_kind", &Weights::listed_kind},
      {"nearby", &Weights::nearby},
      {"kind_cue", &Weights::kind_cue},
      {"bearing_agrees", &Weights::bearing_agrees},
      {"bearing_near", &Weights::bearing_near},
      {"bearing_disagrees", &Weights::bearing_disagrees},
      {"relation_far", &Weights::relation_far},
      {"relation_local_km", &Weights::relation_local_km},
      {"distance_agrees", &Weights::distance_agrees},
      {"strong_population", &Weights::strong_population},
      {"strong_population_arabic", &Weights::strong_population_arabic},
      {"focus_city_population", &Weights::focus_city_population},
      {"nearby_km", &Weights::nearby_km},
  };
  return kOptions;
}

void Weights::set(std::string_view assignment) {
  const std::size_t eq = assignment.find('=');
  const std::string name(assignment.substr(0, eq));
  const auto option = std::find_if(options().begin(), options().end(), [&](const auto& o) { return o.first == name; });
  if (option == options().end()) {
    std::string known;
    for (const auto& o : options()) known += (known.empty() ? "" : ", ") + std::string(o.first);
    throw UsageError("--weight " + name + ": no such weight (known: " + known + ")");
  }
  if (eq == std::string_view::npos) throw UsageError("--weight " + name + ": expected NAME=VALUE");
  const std::string value(assignment.substr(eq + 1));
  double parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (error != std::errc() || end != value.data() + value.size() || !std::isfinite(parsed))
    throw UsageError("--weight " + name + ": not a number: '" + value + "'");
  this->*(option->second) = parsed;
}

double Weights::kind(PlaceKind k) const {
  switch (k) {
    case PlaceKind::country: return kind_country;
    case PlaceKind::city: return kind_city;
    case PlaceKind::military_base: return kind_military_base;
    case PlaceKind::airport: return kind_airport;
    case PlaceKind::neighbourhood: return kind_neighbourhood;
    case PlaceKind::facility: return kind_facility;
    case PlaceKind::town: return kind_town;
    case PlaceKind::province: return kind_province;
    case PlaceKind::landmark: return kind_landmark;
    case PlaceKind::district: return kind_district;
    case PlaceKind::region: return kind_region;
    case PlaceKind::village: return kind_village;
    case PlaceKind::unknown: return 0.0;
  }
  return 0;
}

std::uint64_t Weights::fingerprint() const {
  std::uint64_t h = util::kFnvBasis;
  char buffer[64];
  for (const auto& [name, member] : options()) {
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, this->*member);  // shortest exact form
    h = util::fnv_field(util::fnv_field(h, name), std::string_view(buffer, static_cast<std::size_t>(end - buffer)));
  }
  return h;
}

Resolver::Resolver(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer,
                   const lang::Language& language, const Weights& weights)
    : m_gazetteer(gazetteer),
      m_tokenizer(&tokenizer),
      m_weights(weights),
      m_locatives(tokenizer, locatives(language)),
      m_relation_fillers(language.lexicon("relation_fillers", tokenizer)),
      m_distance_links(language.lexicon("distance_links", tokenizer)),
      m_direction_links(language.lexicon("direction_links", tokenizer)),
      m_definite_articles(language.lexicon("definite_articles", tokenizer)),
      m_conjunctions(language.lexicon("conjunctions", tokenizer)),
      m_capital_words(language.lexicon("capital_words", tokenizer)),
      m_airport_words(language.lexicon("anaphor_airport", tokenizer)) {
  for (const std::string& p : language.phrases("place_proclitics"))
    if (std::string n = text::normalize(tokenizer, p); !n.empty()) m_place_proclitics.push_back(std::move(n));
  static constexpr PlaceKind kKinds[] = {PlaceKind::unknown, PlaceKind::military_base, PlaceKind::airport,
                                         PlaceKind::city, PlaceKind::province};
  for (const lang::Row& row : language.table("kind_words", {"phrase", "kind"})) {
    const PlaceKind kind = kKinds[row.choice("kind", {"none", "base", "airport", "city", "province"})];
    if (kind == PlaceKind::unknown) continue;
    const auto [it, added] = m_kind_cues.emplace(text::normalize(tokenizer, row.at("phrase")), kind);
    if (!added && it->second != kind) row.fail("kind", "the phrase is listed with another kind too");
  }
  for (const lang::Row& row : language.table("directions", {"phrase", "bearing"})) {
    const long bearing = row.integer("bearing");
    if (bearing < 0 || bearing >= 360) row.fail("bearing", "not in [0, 360)");
    const auto [it, added] = m_directions.emplace(text::normalize(tokenizer, row.at("phrase")), bearing);
    if (!added && it->second != static_cast<double>(bearing))
      row.fail("bearing", "the phrase is listed with another bearing too");
  }
  for (const lang::Row& row : language.table("distance_units", {"phrase", "metres"})) {
    const double metres = decimal(row, "metres");
    if (!(metres > 0)) row.fail("metres", "not above 0");
    const auto [it, added] = m_units.emplace(text::normalize(tokenizer, row.at("phrase")), metres);
    if (!added && it->second != metres) row.fail("metres", "the phrase is listed with another length too");
  }
  for (const lang::Row& row : language.table("airport_names", {"pattern"})) {
    if (row.at("pattern").find("{name") == std::string::npos) row.fail("pattern", "has no {name} or {name_ar}");
    m_airport_names.push_back(row.at("pattern"));
  }
}

double Resolver::direction_of(const std::string& word) const {
  const auto it = m_directions.find(word);
  return it == m_directions.end() ? -1 : it->second;
}

std::optional<PlaceKind> Resolver::kind_cue(const std::vector<Token>& tokens, const match::Mention& m) const {
  auto cue = [&](const std::string& w) -> std::optional<PlaceKind> {
    const auto it = m_kind_cues.find(w);
    if (it == m_kind_cues.end()) return std::nullopt;
    return it->second;
  };
  if (m.token_begin > 0 && is_word(tokens[m.token_begin - 1])) {
    const Token& prev = tokens[m.token_begin - 1];
    if (auto k = cue(bare(prev.norm))) return k;
    if (auto k = cue(prev.norm)) return k;
  }
  if (m.token_end < tokens.size() && tokens[m.token_begin].script == Script::latin && is_word(tokens[m.token_end]))
    return cue(tokens[m.token_end].norm);  // "Taji camp", "Balad airbase"
  return std::nullopt;
}

std::optional<Resolver::ParsedRelation> Resolver::parse_relation(const std::vector<Token>& tokens,
                                                                 const std::vector<match::Mention>& mentions,
                                                                 std::size_t start, std::size_t first_mention) const {
  std::size_t k = start;
  ParsedRelation r;
  auto skip_fillers = [&] {
    while (k < tokens.size()) {
      if (tokens[k].type == TokenType::punct && tokens[k].norm == ",") {
        ++k;
        continue;
      }
      const std::size_t n = m_relation_fillers.match_at(tokens, k);
      if (n == 0) break;
      k += n;
    }
  };
  skip_fillers();
  r.first_token = k;
  // Optional distance: "30 km", "30كم", "20 كيلومترا".
  if (k + 1 < tokens.size() && tokens[k].type == TokenType::number) {
    double value = 0;  // "30", "20.5"; anything else is no distance
    const auto [ptr, ec] = std::from_chars(tokens[k].norm.data(), tokens[k].norm.data() + tokens[k].norm.size(), value);
    if (ec != std::errc() || ptr != tokens[k].norm.data() + tokens[k].norm.size() || !(value > 0 && value < 20000))
      value = 0;
    std::size_t u = k + 1;
    if (u < tokens.size() && tokens[u].norm == "-") ++u;  // 30-km
    const auto unit = u < tokens.size() ? m_units.find(tokens[u].norm) : m_units.end();
    if (value > 0 && unit != m_units.end()) {
      r.distance_m = value * unit->second;
      k = u + 1;
      if (k < tokens.size() && m_distance_links.contains(bare(tokens[k].norm))) ++k;  // 30 كم إلى الشمال
    }
  }
  if (k >= tokens.size() || !is_word(tokens[k])) return std::nullopt;
  double first = direction_of(bare(tokens[k].norm));
  if (first < 0) return std::nullopt;
  ++k;
  if (k + 1 < tokens.size() && tokens[k].norm == "-" && is_word(tokens[k + 1])) {  // south-east
    const double second = direction_of(tokens[k + 1].norm);
    if (second >= 0) {
      first = combine(first, second);
      k += 2;
    }
  } else if (k < tokens.size() && is_word(tokens[k]) && tokens[k].script == Script::arabic) {  // جنوب شرقي
    const double second = direction_of(bare(tokens[k].norm));
    if (second == 90 || second == 270) {
      first = combine(first, second);
      ++k;
    }
  }
  r.bearing_deg = first;
  // Linking word: من / عن / of; then optional "the capital" / العاصمة / مدينة.
  if (k < tokens.size() && m_direction_links.contains(tokens[k].norm)) ++k;
  if (k < tokens.size() && m_definite_articles.contains(tokens[k].norm)) ++k;
  bool capital_word = false;
  if (k < tokens.size() &&
      (m_capital_words.contains(bare(tokens[k].norm)) || m_capital_words.contains(tokens[k].norm))) {
    capital_word = true;
    ++k;
  }
  for (std::size_t j = first_mention; j < mentions.size(); ++j) {
    if (mentions[j].token_begin < k) continue;
    if (mentions[j].token_begin == k) {
      r.anchor_mention = j;
      r.byte_end = mentions[j].byte_end;
      return r;
    }
    break;
  }
  if (capital_word) {
    r.anchor_is_capital = true;
    r.byte_end = tokens[k - 1].byte_end;
    return r;
  }
  return std::nullopt;
}

double Resolver::prior(const gazetteer::PlaceView& p, const Weights& w) {
  return w.kind(p.kind) + w.population * std::log10(1.0 + static_cast<double>(p.population)) +
         (p.capital ? w.capital : 0.0);
}

std::string Resolver::focus_country(const gazetteer::Gazetteer& gazetteer,
                                    const std::vector<match::Mention>& mentions) {
  // A name votes for the country all its readings are in; where it has reviewed or prominent
  // readings, only those count ("Texas" is the state, not the village in Queensland).
  std::map<std::string, int> votes;
  for (const auto& m : mentions) {
    std::string country;
    bool same = true;
    const bool has_strong_reading = std::any_of(m.candidates.begin(), m.candidates.end(), [&](std::uint32_t c) {
      const gazetteer::PlaceView p = gazetteer.place(c);
      return p.curated || is_prominent(p);
    });
    for (std::uint32_t c : m.candidates) {
      const gazetteer::PlaceView p = gazetteer.place(c);
      if (has_strong_reading && !p.curated && !is_prominent(p)) continue;
      const std::string_view cc = p.country;
      if (country.empty())
        country = cc;
      else if (cc != country)
        same = false;
    }
    if (same && !country.empty()) ++votes[country];
  }
  // A tie is no focus: which country an article is about is not decided by its name's letters.
  std::string best;
  int best_votes = 0;
  bool tie = false;
  for (const auto& [cc, n] : votes)
    if (n > best_votes) {
      best = cc;
      best_votes = n;
      tie = false;
    } else if (n == best_votes) {
      tie = true;
    }
  return tie ? std::string() : best;
}

bool Resolver::named_as_own(const gazetteer::PlaceView& place, const std::string& key) const {
  for (std::string_view own : {place.name, place.name_ar})
    if (!own.empty() && text::name_key(*m_tokenizer, own) == key) return true;
  return false;
}

bool Resolver::is_strong(const std::vector<Token>& tokens, const match::Mention& m) const {
  // A name of several words stands on its own, written as a name: in English every word but a
  // short particle (of, de, al) capitalized ("The city" is no town called The City).
  if (m.token_end - m.token_begin > 1) {
    if (tokens[m.token_begin].script != Script::latin) return true;
    for (std::uint32_t t = m.token_begin + 1; t < m.token_end; ++t)
      if (is_word(tokens[t]) && tokens[t].type == TokenType::word && !tokens[t].capitalized &&
          text::code_points(tokens[t].norm) > 3)
        return std::any_of(m.candidates.begin(), m.candidates.end(),
                           [&](std::uint32_t c) { return m_gazetteer.place(c).curated; });
    return true;
  }
  // Arabic-script alternates of world cities collide with common words (كان Caen, معسكر
  // Mascara): in Arabic only a large city stands on its own. And only by its own name (the key
  // matched, without a proclitic): a large city's foreign or old names are other languages'
  // words and names ("Hamas" is Hamm's Lithuanian name).
  const bool arabic = tokens[m.token_begin].script == Script::arabic;
  const std::int64_t threshold = arabic ? m_weights.strong_population_arabic : m_weights.strong_population;
  for (std::uint32_t c : m.candidates) {
    const gazetteer::PlaceView p = m_gazetteer.place(c);
    if (p.kind == PlaceKind::country || p.kind == PlaceKind::province || p.kind == PlaceKind::region || p.capital ||
        p.curated)
      return true;
    if (p.population >= threshold && named_as_own(p, m.key)) return true;
    // A name of several words written with the article glued to the word before (حفرالباطن, a
    // hashtag habit) is that name of several words, which stands on its own as above.
    if (arabic && p.name_ar.find(' ') != std::string_view::npos) {
      std::string glued = text::name_key(*m_tokenizer, p.name_ar);
      std::erase(glued, ' ');
      if (glued == m.key) return true;
    }
  }
  return false;
}

bool Resolver::has_locative_evidence(const std::vector<Token>& tokens, const match::Mention& m) const {
  if (std::any_of(m_place_proclitics.begin(), m_place_proclitics.end(),
                  [&](const std::string& p) { return m.clitic.find(p) != std::string::npos; }))
    return true;
  if (m.token_begin > 0) {
    const Token& prev = tokens[m.token_begin - 1];
    if (is_word(prev) && (m_locatives.contains(prev.norm) || m_locatives.contains(bare(prev.norm)))) return true;
  }
  if (m.token_end < tokens.size() && is_word(tokens[m.token_end]) && direction_of(bare(tokens[m.token_end].norm)) >= 0)
    return true;
  // A hashtag (#حفرالباطن, #Mosul): a tweet's tag of a place.
  if (m.token_begin > 0 && tokens[m.token_begin - 1].norm == "#" &&
      tokens[m.token_begin - 1].end == tokens[m.token_begin].start)
    return true;
  // A dateline: a name in capitals opening the text, a line or a sentence (after the headline),
  // then a comma or a dash ("TORRINGTON —", "WINONA --", "HARLAN, Ky.").
  const bool opens = m.token_begin == 0 || tokens[m.token_begin - 1].type == TokenType::newline ||
                     tokens[m.token_begin - 1].norm == ".";
  if (opens && tokens[m.token_begin].all_caps && m.token_end < tokens.size() &&
      tokens[m.token_end].type == TokenType::punct) {
    const std::string& after = tokens[m.token_end].norm;
    return after == "," || after.starts_with("-") || after == "\u2014" || after == "\u2013";
  }
  return false;
}

bool Resolver::coordinated(const std::vector<Token>& tokens, const match::Mention& first,
                           const match::Mention& second) const {
  std::size_t t = first.token_end;
  if (t > second.token_begin) return false;
  if (t < second.token_begin && tokens[t].type == TokenType::punct &&
      (tokens[t].norm == "," || tokens[t].norm == "\u060C"))
    ++t;
  if (t == second.token_begin) {
    // "A, B" or A وB: a comma, or the conjunction glued to the name.
    if (t > first.token_end) return true;
    if (second.clitic.empty()) return false;
    std::uint32_t code_points = 0;
    const std::uint32_t letter = text::skip_letters(second.clitic, 0, 1, code_points);
    return m_conjunctions.contains(std::string_view(second.clitic).substr(0, letter));
  }
  return t + m_conjunctions.match_at(tokens, t) == second.token_begin;
}

bool Resolver::after_a_name(const std::vector<Token>& tokens, const match::Mention& m) const {
  if (m.token_end - m.token_begin != 1 || m.token_begin == 0) return false;
  const Token& first = tokens[m.token_begin];
  const Token& prev = tokens[m.token_begin - 1];
  if (first.script != Script::latin || !is_word(prev) || !prev.capitalized || prev.all_caps ||
      prev.end + 1 != first.start)
    return false;
  // A capitalized first word of a sentence says nothing ("Downtown Austin was flooded").
  const std::size_t before = m.token_begin - 1;
  if (before == 0 || tokens[before - 1].type == TokenType::newline || tokens[before - 1].norm == "." ||
      tokens[before - 1].norm == "\"" || tokens[before - 1].norm == "\u201C")
    return false;
  // "In Austin", "Northern Lebanon", "Camp Taji": a preposition, a direction or a kind word.
  return !m_locatives.contains(prev.norm) && direction_of(prev.norm) < 0 && !m_kind_cues.contains(prev.norm) &&
         !m_definite_articles.contains(prev.norm);
}

bool Resolver::qualifies_previous(const std::vector<Token>& tokens, const match::Mention& previous,
                                  const match::Mention& m) const {
  const std::size_t comma = previous.token_end;
  if (m.token_begin != comma + 1 || tokens[comma].type != TokenType::punct || tokens[comma].norm != ",") return false;
  const Token& first = tokens[m.token_begin];
  if (first.script != Script::latin || m.token_end - m.token_begin != 1) return false;
  // Written as a qualifier: an abbreviation with its full stop, or a postal code in capitals.
  const bool abbreviated =
      m.token_end < tokens.size() && tokens[m.token_end].norm == "." && tokens[m.token_end].start == first.end;
  const bool postal = first.all_caps && text::code_points(first.norm) == 2;
  if ((!abbreviated && !postal) || m_gazetteer.find_qualifier(first.key).empty()) return false;
  return std::none_of(m.candidates.begin(), m.candidates.end(), [&](std::uint32_t c) {
    const PlaceKind kind = m_gazetteer.place(c).kind;
    return kind == PlaceKind::country || kind == PlaceKind::province;
  });
}

std::vector<match::Mention> Resolver::drop_unsupported(const std::vector<Token>& tokens,
                                                       const std::vector<match::Mention>& found) const {
  // A world-scale town's one-word name right after another capitalized word is the end of a
  // person's or an organisation's name ("Lloyd Austin", "George Bush", "Paris Hilton").
  std::vector<match::Mention> mentions;
  mentions.reserve(found.size());
  for (std::size_t i = 0; i < found.size(); ++i) {
    const match::Mention& f = found[i];
    // "Jefferson County, Colo.": a division's qualifier after "Name," is the division (qualifier_of
    // reads it), not the town of that name (Colo, Iowa).
    if (i > 0 && qualifies_previous(tokens, found[i - 1], f)) continue;
    if (!after_a_name(tokens, f)) {
      mentions.push_back(f);
      continue;
    }
    match::Mention m = f;
    std::erase_if(m.candidates, [&](std::uint32_t c) {
      const gazetteer::PlaceView p = m_gazetteer.place(c);
      return !p.curated && !is_prominent(p);
    });
    if (!m.candidates.empty()) mentions.push_back(std::move(m));
  }
  std::vector<bool> strong(mentions.size());
  std::vector<match::Mention> strong_mentions;
  for (std::size_t i = 0; i < mentions.size(); ++i)
    if ((strong[i] = is_strong(tokens, mentions[i]))) strong_mentions.push_back(mentions[i]);
  const std::string focus = focus_country(m_gazetteer, strong_mentions);
  // Where the article is: the most likely reading of each strong, local mention.
  std::vector<std::pair<std::uint32_t, gazetteer::PlaceView>> anchors;
  std::vector<std::string_view> named_countries;  // "طرابلس شمال لبنان": a town of Lebanon
  for (const auto& m : strong_mentions) {
    std::optional<gazetteer::PlaceView> best;
    std::uint32_t best_index = 0;
    for (std::uint32_t c : m.candidates) {
      const gazetteer::PlaceView p = m_gazetteer.place(c);
      const auto score = [&](const gazetteer::PlaceView& q) {
        return prior(q, m_weights) + (q.country == focus ? m_weights.focus_country : 0);
      };
      if (!best || score(p) > score(*best)) {
        best = p;
        best_index = c;
      }
    }
    if (best && best->kind == PlaceKind::country && !best->country.empty()) named_countries.push_back(best->country);
    if (best && best->kind != PlaceKind::country && best->kind != PlaceKind::region &&
        std::none_of(anchors.begin(), anchors.end(), [&](const auto& a) { return a.first == best_index; }))
      anchors.emplace_back(best_index, *best);  // one per place: a long text names Baghdad a thousand times
  }
  // What of mention i stands, with or without a locative context.
  const auto supported = [&](std::size_t i, bool evidence) {
    match::Mention m = mentions[i];
    // An Arabic name that a reviewed place has is strong, but its small world-scale namesakes
    // still need their own evidence, as every small Arabic-script alternate does (قاعدة غوسي in
    // Mali is not Gose, Japan). English namesakes are weighed by the resolver ("Paris, Tenn.").
    const bool reviewed = tokens[m.token_begin].script == Script::arabic &&
                          std::any_of(m.candidates.begin(), m.candidates.end(),
                                      [&](std::uint32_t c) { return m_gazetteer.place(c).curated; });
    if (strong[i] && !reviewed) return m;
    // A small place from a world gazetteer needs a locative context and must lie in the
    // article's country or near the places it names ("إلى" is not Ely, "Battle" not Battle, UK);
    // a city of the article's own country needs neither.
    const std::int64_t threshold = tokens[m.token_begin].script == Script::arabic
                                       ? static_cast<std::int64_t>(m_weights.strong_population_arabic)
                                       : static_cast<std::int64_t>(m_weights.strong_population);
    std::erase_if(m.candidates, [&](std::uint32_t c) {
      const gazetteer::PlaceView p = m_gazetteer.place(c);
      if (strong[i] && (p.curated || is_prominent(p) || p.population >= threshold)) return false;
      const bool in_focus = !focus.empty() && p.country == focus;
      if (in_focus && static_cast<double>(p.population) >= m_weights.focus_city_population) return false;
      if (!evidence) return true;
      if (in_focus || std::find(named_countries.begin(), named_countries.end(), p.country) != named_countries.end())
        return false;
      // Near another name's place: not a reading of this very name (Libya's Tripoli is no anchor
      // for Lebanon's).
      return std::none_of(anchors.begin(), anchors.end(), [&](const auto& a) {
        const auto& own = mentions[i].candidates;  // not m's, which erase_if is changing
        return std::find(own.begin(), own.end(), a.first) == own.end() &&
               geo::inverse(a.second.lat, a.second.lon, p.lat, p.lon).distance_m <= m_weights.nearby_km * 1000;
      });
    });
    return m;
  };
  std::vector<match::Mention> first_pass;
  std::vector<bool> evidence(mentions.size());
  first_pass.reserve(mentions.size());
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    evidence[i] = has_locative_evidence(tokens, mentions[i]);
    first_pass.push_back(supported(i, evidence[i]));
  }
  // An item of a list whose neighbour stands as a place is used as a place too (الفحيحيل
  // والمنقف, "Selma and Montgomery"): the list is the locative context. One step, from what stood
  // on its own, so that a list of words does not hold itself up.
  std::vector<bool> stood(mentions.size());
  for (std::size_t i = 0; i < mentions.size(); ++i) stood[i] = !first_pass[i].candidates.empty();
  std::vector<match::Mention> kept;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const bool listed =
        !evidence[i] &&
        ((i > 0 && stood[i - 1] && coordinated(tokens, mentions[i - 1], mentions[i])) ||
         (i + 1 < mentions.size() && stood[i + 1] && coordinated(tokens, mentions[i], mentions[i + 1])));
    match::Mention m = listed ? supported(i, true) : std::move(first_pass[i]);
    if (!m.candidates.empty()) kept.push_back(std::move(m));
  }
  return kept;
}

Resolver::Qualifier Resolver::qualifier_of(const std::vector<Token>& tokens,
                                           const std::vector<match::Mention>& mentions, std::size_t i) const {
  Qualifier out;
  const std::size_t comma = mentions[i].token_end;
  if (comma + 1 >= tokens.size() || tokens[comma].type != TokenType::punct || tokens[comma].norm != ",") return out;
  if (tokens[mentions[i].token_begin].script != Script::latin) return out;  // an English convention
  if (i + 1 < mentions.size() && mentions[i + 1].token_begin == comma + 1) {
    for (std::uint32_t c : mentions[i + 1].candidates) {
      const gazetteer::PlaceView q = m_gazetteer.place(c);
      if (q.kind == PlaceKind::country || q.kind == PlaceKind::province) out.places.push_back(c);
    }
    return out;
  }
  // "Tenn.", "N.Y.", "W. Va.", "TN": the longest run of up to three words that is a division's qualifier.
  std::string key;
  std::vector<std::pair<std::string, std::size_t>> keys;  // (key, end token)
  for (std::size_t t = comma + 1; t < tokens.size() && keys.size() < 3; ++t) {
    if (tokens[t].type == TokenType::punct && tokens[t].norm == "." && !keys.empty()) continue;  // "W. Va."
    // Written as a name: capitalized, and a two-letter postal code in capitals ("TN", not "on").
    if (!is_word(tokens[t]) || tokens[t].script != Script::latin || !tokens[t].capitalized) break;
    if (text::code_points(tokens[t].norm) <= 2 && !tokens[t].all_caps && t + 1 < tokens.size() &&
        tokens[t + 1].norm != ".")
      break;
    if (!key.empty()) key += ' ';
    key += tokens[t].key;
    keys.emplace_back(key, t + 1);
  }
  for (auto k = keys.rbegin(); k != keys.rend(); ++k) {
    const auto found = m_gazetteer.find_qualifier(k->first);
    if (found.empty()) continue;
    out.places.assign(found.begin(), found.end());
    out.first_token = comma + 1;
    out.end_token = k->second;
    return out;
  }
  return out;
}

std::vector<ResolvedMention> Resolver::resolve(std::string_view text, const std::vector<Token>& tokens,
                                               const std::vector<match::Mention>& found) const {
  const std::vector<match::Mention> mentions = drop_unsupported(tokens, found);
  const std::string focus = focus_country(m_gazetteer, mentions);
  std::vector<ResolvedMention> out(mentions.size());
  std::vector<std::optional<ParsedRelation>> relations(mentions.size());
  std::vector<std::vector<double>> scores(mentions.size());
  // "Paris, Tenn.": the qualified reading, and the same name elsewhere in the article read alike.
  std::vector<Qualifier> qualified(mentions.size());
  std::vector<std::vector<std::uint32_t>> qualifiers(mentions.size());
  std::map<std::vector<std::uint32_t>, std::vector<std::uint32_t>> qualified_names;  // candidates → qualifiers
  // "Ontario" of "London, Ontario": the readings of the area that hold a reading of the town.
  std::vector<std::vector<std::uint32_t>> qualifying(mentions.size());
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    qualified[i] = qualifier_of(tokens, mentions, i);
    qualifiers[i] = qualified[i].places;
    // "London, Ontario": Ontario is read as the area only when London has a reading in it (not
    // in a list, "Aleppo, Idlib and Hama"), and as the one that holds it ("St. Petersburg,
    // Florida" is not Uruguay's Florida).
    if (!qualifiers[i].empty() && qualified[i].end_token == 0)
      for (std::uint32_t q : qualifiers[i])
        if (std::any_of(mentions[i].candidates.begin(), mentions[i].candidates.end(),
                        [&](std::uint32_t c) { return lies_in(m_gazetteer.place(c), m_gazetteer.place(q)); }))
          qualifying[i + 1].push_back(q);
    if (!qualifiers[i].empty()) qualified_names.emplace(mentions[i].candidates, qualifiers[i]);
  }
  for (std::size_t i = 0; i < mentions.size(); ++i)
    if (qualifiers[i].empty())
      if (const auto it = qualified_names.find(mentions[i].candidates); it != qualified_names.end())
        qualifiers[i] = it->second;

  // The prominent readings of mention i written as their own name, English or Arabic, not an old
  // or foreign one (Philadelphia is also Amman's ancient name); found once per mention, when a
  // world-scale reading asks.
  std::vector<std::optional<std::vector<std::uint32_t>>> named_prominent(mentions.size());
  auto prominent_named = [&](std::size_t i) -> const std::vector<std::uint32_t>& {
    if (!named_prominent[i]) {
      named_prominent[i].emplace();
      for (std::uint32_t c : mentions[i].candidates) {
        const gazetteer::PlaceView q = m_gazetteer.place(c);
        if (is_prominent(q) && named_as_own(q, mentions[i].key)) named_prominent[i]->push_back(c);
      }
    }
    return *named_prominent[i];
  };
  // Readings that lost `prominent` to a country, division or capital of their name; what the text
  // says otherwise gives it back: a qualifier ("Paris, Tenn.") or the division named elsewhere. A
  // neighbouring place does not: "Egypt" beside towns of Pennsylvania is still the country.
  std::vector<std::vector<bool>> outranked(mentions.size());
  auto base_score = [&](std::size_t i, std::uint32_t c) {
    const gazetteer::PlaceView p = m_gazetteer.place(c);
    double s = prior(p, m_weights);
    if (!focus.empty() && p.country == focus) s += m_weights.focus_country;
    bool lost = false;
    // A first-level division is known at home: abroad, in an article about the town's own
    // country, it is no more than the town ("Hanover" in an American article is not Jamaica's
    // parish). Countries and capitals are known everywhere.
    if (!p.curated && !is_prominent(p))
      for (std::uint32_t other : prominent_named(i)) {
        const gazetteer::PlaceView o = m_gazetteer.place(other);
        if (other == c || lies_in(p, o)) continue;
        if (o.kind == PlaceKind::province && !focus.empty() && focus == p.country && o.country != focus) continue;
        lost = true;
        break;
      }
    // A country's own name is the country's before any other reading's that is not its own name,
    // reviewed or not, in the country or not: its capital's too ("Mexico" is not Mexico City,
    // "Kuwait" not Kuwait City). A division's is not: a city keeps the name of the division it is
    // the seat of ("Hama").
    if (!lost && p.kind != PlaceKind::country) {
      const auto& named = prominent_named(i);
      const bool own = std::find(named.begin(), named.end(), c) != named.end();
      const bool country_named = std::any_of(named.begin(), named.end(), [&](std::uint32_t other) {
        return m_gazetteer.place(other).kind == PlaceKind::country;
      });
      if (country_named) {
        // Its people and rank are the country's too; a reading of another name of the same
        // letters (عمّان Amman beside عُمان Oman) keeps its name, but only the context decides.
        s -= prior(p, m_weights) - m_weights.kind(p.kind);
        lost = !own;
      }
    }
    const bool qualified = std::any_of(qualifiers[i].begin(), qualifiers[i].end(),
                                       [&](std::uint32_t q) { return lies_in(p, m_gazetteer.place(q)); });
    if (qualified || std::find(qualifying[i].begin(), qualifying[i].end(), c) != qualifying[i].end())
      s += m_weights.qualified;
    if (lost && !qualified) s -= m_weights.prominent;
    outranked[i].push_back(lost && !qualified);
    if (const auto cue = kind_cue(tokens, mentions[i])) {
      const bool base_like = p.kind == PlaceKind::military_base || p.kind == PlaceKind::airport;
      if (p.kind == *cue || (*cue == PlaceKind::military_base && base_like)) s += m_weights.kind_cue;
    }
    return s;
  };
  auto pick = [&](std::size_t i) {
    const auto& cand = mentions[i].candidates;
    const auto best = std::max_element(scores[i].begin(), scores[i].end()) - scores[i].begin();
    double total = 0;
    for (double s : scores[i]) total += std::exp(s - scores[i][best]);
    out[i].place = cand[static_cast<std::size_t>(best)];
    out[i].confidence = std::min(0.99, (cand.size() == 1 ? 0.95 : 1.0) / total);
  };

  // Pass 1: every mention on its own evidence.
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    out[i].mention = mentions[i];
    for (std::uint32_t c : mentions[i].candidates) scores[i].push_back(base_score(i, c));
    relations[i] = parse_relation(tokens, mentions, mentions[i].token_end, i + 1);
    pick(i);
  }
  // Pass 1b: a place in a first-level division that the article names (Paris and Texas), and,
  // less, in a country it names ("St. Petersburg" in an article that names Russia).
  std::vector<std::uint32_t> divisions, countries;
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const PlaceKind kind = m_gazetteer.place(out[i].place).kind;
    if (kind == PlaceKind::province) divisions.push_back(out[i].place);
    if (kind == PlaceKind::country) countries.push_back(out[i].place);
  }
  if (!divisions.empty() || !countries.empty())
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      if (mentions[i].candidates.size() < 2) continue;
      bool changed = false;
      for (std::size_t c = 0; c < mentions[i].candidates.size(); ++c) {
        const gazetteer::PlaceView p = m_gazetteer.place(mentions[i].candidates[c]);
        if (std::any_of(divisions.begin(), divisions.end(),
                        [&](std::uint32_t d) { return lies_in(p, m_gazetteer.place(d)); })) {
          scores[i][c] += m_weights.named_division + (outranked[i][c] ? m_weights.prominent : 0);
          outranked[i][c] = false;
          changed = true;
        } else if (p.kind != PlaceKind::country &&
                   // against a prominent namesake a country named is no sign, as a neighbour is
                   // not ("England" beside America, London in a Canadian article)
                   !outranked[i][c] && std::any_of(countries.begin(), countries.end(), [&](std::uint32_t d) {
                     // not the country this very name was read as ("Kuwait" is no sign for Kuwait City)
                     const auto& own = mentions[i].candidates;
                     return std::find(own.begin(), own.end(), d) == own.end() && lies_in(p, m_gazetteer.place(d));
                   })) {
          scores[i][c] += m_weights.named_country;
          changed = true;
        }
      }
      if (changed) pick(i);
    }
  // Pass 1b': an item of a list is of its neighbour's kind ("Oregon and Washington" are states, not
  // the capital; "Texas and Georgia"): a country or a division of the same country as the item
  // beside it.
  {
    std::vector<std::uint32_t> chosen(mentions.size());
    for (std::size_t i = 0; i < mentions.size(); ++i) chosen[i] = out[i].place;
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      // A qualifier says more ("Texas and Washington, D.C.").
      if (mentions[i].candidates.size() < 2 || !qualifiers[i].empty()) continue;
      std::optional<gazetteer::PlaceView> before, after;
      if (i > 0 && coordinated(tokens, mentions[i - 1], mentions[i])) before = m_gazetteer.place(chosen[i - 1]);
      if (i + 1 < mentions.size() && coordinated(tokens, mentions[i], mentions[i + 1]))
        after = m_gazetteer.place(chosen[i + 1]);
      if (!before && !after) continue;
      const auto same_kind = [](const std::optional<gazetteer::PlaceView>& n, const gazetteer::PlaceView& p) {
        return n && ((n->kind == PlaceKind::country && p.kind == PlaceKind::country) ||
                     (n->kind == PlaceKind::province && p.kind == PlaceKind::province && p.country == n->country));
      };
      bool changed = false;
      for (std::size_t c = 0; c < mentions[i].candidates.size(); ++c) {
        const gazetteer::PlaceView p = m_gazetteer.place(mentions[i].candidates[c]);
        if (same_kind(before, p) || same_kind(after, p)) {
          scores[i][c] += m_weights.listed_kind;
          changed = true;
        }
      }
      if (changed) pick(i);
    }
  }
  // Pass 1c: a reading near the article's other places ("Henry County" beside Paris and Puryear is
  // Tennessee's): each other name of the article (up to three) with a reading within nearby_km
  // adds `nearby`. Any reading of the other name counts, not only its best, so that two homonyms
  // (Paris and Henry County) settle each other.
  std::vector<std::size_t> supporters;  // mentions of distinct names, the article's first
  for (std::size_t j = 0; j < mentions.size() && supporters.size() < kNearbyPlaces; ++j)
    if (std::none_of(supporters.begin(), supporters.end(),
                     [&](std::size_t k) { return mentions[k].candidates == mentions[j].candidates; }))
      supporters.push_back(j);
  auto local = [](const gazetteer::PlaceView& p) {
    return p.kind != PlaceKind::country && p.kind != PlaceKind::region && p.kind != PlaceKind::province;
  };
  if (m_weights.nearby != 0 && supporters.size() > 1)
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      if (mentions[i].candidates.size() < 2) continue;
      bool changed = false;
      for (std::size_t c = 0; c < mentions[i].candidates.size(); ++c) {
        const gazetteer::PlaceView p = m_gazetteer.place(mentions[i].candidates[c]);
        if (!local(p)) continue;
        // Neighbours are no context against a prominent name ("Egypt" beside towns of
        // Pennsylvania), but a county of the town's state within a fifth of nearby_km (its own,
        // or next to it) is, as its division is in pass 1b: "Paris" with Henry County is Paris,
        // Tennessee.
        // A prominent place of the town's own country keeps its name there: "Kansas" beside an
        // Illinois county is still the state.
        const bool against_prominent = outranked[i][c];
        if (against_prominent &&
            std::any_of(prominent_named(i).begin(), prominent_named(i).end(),
                        [&](std::uint32_t o) { return m_gazetteer.place(o).country == p.country; }))
          continue;
        // Each supporting name counts once, by its nearest reading; one within a fifth of
        // nearby_km (a neighbouring town, the town's own county) counts twice.
        double support = 0;
        int supporting = 0;
        for (std::size_t j : supporters) {
          if (supporting == 3) break;
          if (mentions[j].candidates == mentions[i].candidates) continue;
          const auto& other = mentions[j].candidates;
          const std::size_t n = std::min(other.size(), kNearbyReadings);
          double nearest = m_weights.nearby_km + 1;
          bool county = false;
          for (std::size_t k = 0; k < n; ++k) {
            if (other[k] == mentions[i].candidates[c]) continue;  // the same place (one entry per id)
            const gazetteer::PlaceView q = m_gazetteer.place(other[k]);
            // Farther in latitude alone than nearby_km (and a kilometre, past any rounding) is no
            // support whatever the longitude: approx_km is never less than the latitude's share.
            if (std::fabs(q.lat - p.lat) * kKmPerDegreeLatitude > m_weights.nearby_km + 1 || !local(q)) continue;
            const double km = geo::approx_km(p.lat, p.lon, q.lat, q.lon);
            nearest = std::min(nearest, km);
            if (q.kind == PlaceKind::district && km <= m_weights.nearby_km / 5 && q.country == p.country &&
                !q.admin1.empty() && q.admin1 == p.admin1)
              county = true;
          }
          if (against_prominent && !county) continue;
          if (nearest <= m_weights.nearby_km) {
            ++supporting;
            support += nearest <= m_weights.nearby_km / 5 ? 2 : 1;
          }
        }
        if (support > 0) {
          // Against a prominent name only a county supports, and it gives back what was lost.
          scores[i][c] += m_weights.nearby * support + (against_prominent ? m_weights.prominent : 0);
          changed = true;
        }
      }
      if (changed) pick(i);
    }
  // Pass 2: relative locations: the anchor's point checks each candidate's bearing and distance.
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    if (!relations[i]) continue;
    const ParsedRelation& r = *relations[i];
    std::optional<std::uint32_t> anchor;
    if (r.anchor_is_capital)
      anchor = m_gazetteer.capital_of(focus);
    else
      anchor = out[r.anchor_mention].place;
    Relation& rel = out[i].relation;
    rel.text =
        std::string(text.substr(tokens[r.first_token].byte_start, r.byte_end - tokens[r.first_token].byte_start));
    rel.bearing_deg = r.bearing_deg;
    rel.distance_m = r.distance_m;
    rel.anchor_place = anchor;
    if (!anchor) continue;
    const gazetteer::PlaceView a = m_gazetteer.place(*anchor);
    for (std::size_t c = 0; c < mentions[i].candidates.size(); ++c) {
      const gazetteer::PlaceView p = m_gazetteer.place(mentions[i].candidates[c]);
      const geo::Inverse g = geo::inverse(a.lat, a.lon, p.lat, p.lon);
      const double off = geo::bearing_difference(g.azimuth_deg, r.bearing_deg);
      scores[i][c] += off <= 45   ? m_weights.bearing_agrees
                      : off <= 90 ? m_weights.bearing_near
                                  : m_weights.bearing_disagrees;
      if (g.distance_m > m_weights.relation_local_km * 1000) scores[i][c] += m_weights.relation_far;
      if (r.distance_m > 0 && std::fabs(g.distance_m - r.distance_m) <= 0.5 * r.distance_m + p.precision_m)
        scores[i][c] += m_weights.distance_agrees;
      // "طرابلس شمال لبنان", Tripoli in the north of Lebanon: the area the text places it in gives
      // back what a prominent namesake abroad took, as the division named does in pass 1b.
      if (outranked[i][c] && (a.kind == PlaceKind::country || a.kind == PlaceKind::province) && lies_in(p, a)) {
        scores[i][c] += m_weights.prominent;
        outranked[i][c] = false;
      }
    }
    pick(i);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    const gazetteer::PlaceView p = m_gazetteer.place(out[i].place);
    out[i].lat = p.lat;
    out[i].lon = p.lon;
    out[i].precision_m = p.precision_m;
  }
  // "Tenn." of "Paris, Tenn." names Tennessee: the division the chosen town lies in.
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Qualifier& q = qualified[i];
    if (q.end_token == 0) continue;
    const gazetteer::PlaceView town = m_gazetteer.place(out[i].place);
    const auto division = std::find_if(q.places.begin(), q.places.end(),
                                       [&](std::uint32_t d) { return lies_in(town, m_gazetteer.place(d)); });
    if (division == q.places.end()) continue;  // "Mosul, West Mosul" qualifies nothing
    ResolvedMention r;
    r.place = *division;
    const gazetteer::PlaceView p = m_gazetteer.place(r.place);
    r.lat = p.lat;
    r.lon = p.lon;
    r.precision_m = p.precision_m;
    r.confidence = 0.9;
    r.mention.token_begin = static_cast<std::uint32_t>(q.first_token);
    r.mention.token_end = static_cast<std::uint32_t>(q.end_token);
    r.mention.start = tokens[q.first_token].start;
    r.mention.byte_start = tokens[q.first_token].byte_start;
    std::size_t last = q.end_token - 1;  // with the abbreviation's closing period: "Tenn."
    if (q.end_token < tokens.size() && tokens[q.end_token].norm == "." && tokens[q.end_token].start == tokens[last].end)
      last = q.end_token;
    r.mention.end = tokens[last].end;
    r.mention.byte_end = tokens[last].byte_end;
    r.mention.candidates = q.places;
    out.push_back(std::move(r));
  }
  // Unnamed places located relative to a named one: "a checkpoint 20 km north of Baghdad".
  std::vector<bool> attached(tokens.size() + 1, false);
  for (const auto& r : relations)
    if (r) attached[r->first_token] = true;
  std::size_t next_mention = 0;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    while (next_mention < mentions.size() && mentions[next_mention].token_begin < t) ++next_mention;
    if (tokens[t].type != TokenType::number || attached[t]) continue;
    const auto r = parse_relation(tokens, mentions, t, next_mention);
    if (!r || r->distance_m <= 0 || r->first_token != t) continue;
    const std::optional<std::uint32_t> anchor =
        r->anchor_is_capital ? m_gazetteer.capital_of(focus) : std::optional(out[r->anchor_mention].place);
    if (!anchor) continue;
    const gazetteer::PlaceView a = m_gazetteer.place(*anchor);
    const geo::Point point = geo::direct(a.lat, a.lon, r->bearing_deg, r->distance_m);
    ResolvedMention d;
    d.derived = true;
    d.place = *anchor;
    d.lat = point.lat;
    d.lon = point.lon;
    // A stated compass point is good to about ±22.5°: the point is uncertain across by ~0.4 × d.
    d.precision_m = static_cast<std::int32_t>(0.4 * r->distance_m + a.precision_m / 2.0);
    d.confidence = 0.7;
    d.mention.token_begin = static_cast<std::uint32_t>(t);
    d.mention.token_end =
        r->anchor_is_capital ? static_cast<std::uint32_t>(t + 1) : mentions[r->anchor_mention].token_end;
    d.mention.start = tokens[t].start;
    d.mention.byte_start = tokens[t].byte_start;
    d.mention.byte_end = r->byte_end;
    d.mention.end = r->anchor_is_capital ? tokens[t].end : mentions[r->anchor_mention].end;
    d.relation.text = std::string(text.substr(tokens[t].byte_start, r->byte_end - tokens[t].byte_start));
    d.relation.bearing_deg = r->bearing_deg;
    d.relation.distance_m = r->distance_m;
    d.relation.anchor_place = anchor;
    out.push_back(std::move(d));
  }
  // add_anaphors looks up the named mention before a token: in text order.
  std::stable_sort(out.begin(), out.end(), [](const ResolvedMention& a, const ResolvedMention& b) {
    return a.mention.token_begin < b.mention.token_begin;
  });
  add_anaphors(tokens, focus, out);
  std::stable_sort(out.begin(), out.end(), [](const ResolvedMention& a, const ResolvedMention& b) {
    return a.mention.token_begin < b.mention.token_begin;
  });
  return out;
}

void Resolver::add_anaphors(const std::vector<Token>& tokens, const std::string& focus,
                            std::vector<ResolvedMention>& out) const {
  const std::size_t named = out.size();
  std::vector<bool> in_mention(tokens.size(), false);
  for (std::size_t i = 0; i < named; ++i)
    for (std::uint32_t t = out[i].mention.token_begin; t < out[i].mention.token_end && t < tokens.size(); ++t)
      in_mention[t] = true;
  const std::optional<std::uint32_t> capital = m_gazetteer.capital_of(focus);
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (!is_word(tokens[t]) || in_mention[t]) continue;
    const bool latin = tokens[t].script == Script::latin;
    if (latin && (t == 0 || !m_definite_articles.contains(tokens[t - 1].norm))) continue;  // "the capital"
    std::string word = latin ? tokens[t].norm : bare(tokens[t].norm);
    if (!latin && word.starts_with("\u0644") && tokens[t].norm.find("\u0644\u0644") != std::string::npos)
      word = "\u0627" + word;  // للعاصمة, للمطار: ل + ال
    if (!latin && !word.starts_with("\u0627\u0644")) word = "\u0627\u0644" + word;
    std::optional<std::uint32_t> place;
    const bool next_is_name = t + 1 < tokens.size() && in_mention[t + 1];  // العاصمة بغداد: apposition
    const bool bared = word != tokens[t].norm;                             // else one lookup says both
    if ((m_capital_words.contains(word) || (bared && m_capital_words.contains(tokens[t].norm))) && !next_is_name) {
      place = capital;
    } else if (m_airport_words.contains(word) || (bared && m_airport_words.contains(tokens[t].norm))) {
      // The airport of the city named last, when the gazetteer has it.
      // The last named mention that ends before t (named mentions are in order).
      const auto after = std::partition_point(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(named),
                                              [&](const ResolvedMention& r) { return r.mention.token_end <= t; });
      for (auto i = static_cast<std::size_t>(after - out.begin()); i-- > 0;) {
        if (out[i].anaphoric || out[i].derived) continue;
        if (t - out[i].mention.token_end > kAnaphorWindow) break;
        const gazetteer::PlaceView city = m_gazetteer.place(out[i].place);
        if (city.kind != PlaceKind::city && city.kind != PlaceKind::town) break;
        for (const std::string& pattern : m_airport_names) {  // مطار بغداد, Baghdad airport …
          const auto found = m_gazetteer.find(text::name_key(*m_tokenizer, fill(pattern, city.name_ar, city.name)));
          for (std::uint32_t c : found)
            if (m_gazetteer.place(c).kind == PlaceKind::airport) place = c;
          if (place) break;
        }
        break;
      }
    }
    if (!place) continue;
    const gazetteer::PlaceView p = m_gazetteer.place(*place);
    ResolvedMention a;
    a.anaphoric = true;
    a.place = *place;
    a.lat = p.lat;
    a.lon = p.lon;
    a.precision_m = p.precision_m;
    a.confidence = 0.8;
    a.mention.token_begin = static_cast<std::uint32_t>(t);
    a.mention.token_end = static_cast<std::uint32_t>(t + 1);
    a.mention.start = tokens[t].start;
    a.mention.end = tokens[t].end;
    a.mention.byte_start = tokens[t].byte_start;
    a.mention.byte_end = tokens[t].byte_end;
    out.push_back(std::move(a));
  }
}

}  // namespace mawqi::resolve

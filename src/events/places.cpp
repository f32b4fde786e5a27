// Where an event happened: the place after the trigger and those coordinated with it, not a
// country or capital that acts or speaks; its date.
#include <cctype>

#include "article_reader.hpp"

namespace mawqi::events {
namespace {

// Who published the article: its `source`, else the host of its `url` ("www." dropped).
std::string source_name(const Article& article) {
  if (!article.source.empty()) return article.source;
  std::string_view url = article.url;
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const std::size_t at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);  // user:pass@
  url = url.substr(0, url.find(':'));                                                                  // :port
  std::string host(url);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // hosts are ASCII here
  return host.starts_with("www.") ? host.substr(4) : host;
}

}  // namespace

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
  const bool earlier = dates.empty() && (any_in(lx.undated_past, clause) || names_another_year(clause));
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
  e.reports = {{m_article.id, source_name(m_article), m_article.date.substr(0, 10), e.evidence}};
  e.confidence = 0.5 + (e.date_precision == DatePrecision::day ? 0.15 : 0.0) + (e.geo_precision == 1 ? 0.15 : 0.0) +
                 0.15 * rm.confidence;
  return used;
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
  if (!place) place = place_anaphor_in(sentence);
  if (!place) return {};
  const match::Mention& head = m_mentions[*place].mention;
  const Span home = head.token_begin >= clause.begin && head.token_end <= clause.end ? clause : sentence;
  return coordinated(*place, home, trigger, sentence);
}

}  // namespace mawqi::events

// Handovers, withdrawals and take-overs of a named base or post.
#include "article_reader.hpp"

namespace mawqi::events {

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

// The handover is at the base the town is named for ("قاعدة القائم" → Al-Qaim base): its point.
void ArticleReader::place_at_base(Event& e, std::uint32_t base) const {
  const gazetteer::PlaceView b = m_gazetteer.place(base);
  e.place = base;
  e.lat = b.lat;
  e.lon = b.lon;
  e.precision_m = b.precision_m;
  e.geo_precision = 1;
}

// A site right after "after" (بعد), "the", a base word and a quote between them allowed: "left
// Menaka after the Gossi base", "ترك قاعدة ميناكا بعد قاعدة "غوسي"".
bool ArticleReader::after_sequence_word(std::size_t m) const {
  std::size_t t = m_mentions[m].mention.token_begin;
  if (t > 0 && quote(m_tokens[t - 1])) --t;
  if (t > 0 && is_word(m_tokens[t - 1]) &&
      std::find(lx.base_words.begin(), lx.base_words.end(), m_bare[t - 1]) != lx.base_words.end())
    --t;
  if (t > 0 && m_tokens[t - 1].norm == "the") --t;  // "after the Gossi base"
  return t > 0 && lexicon_at(lx.sequence_after, t - 1);
}

// A handover at trigger k: the site handed over, its date and who handed it to whom. Returns
// whether it read one.
bool ArticleReader::read_handover(std::size_t k, Span clause, Span sentence, std::vector<Event>& events) const {
  const std::vector<DateMention> clause_dates = dates_in(clause);
  auto in_clause_date = [&](std::size_t t) {
    return std::any_of(clause_dates.begin(), clause_dates.end(),
                       [&](const DateMention& d) { return t >= d.token_begin && t < d.token_end; });
  };
  // "عشية تسليم", "ahead of the handover": not the handover itself ("قبل يومين" is a date).
  bool blocked = false;
  for (std::size_t b = 1; b <= 3 && k >= clause.begin + b; ++b)
    if (lexicon_at(lx.handover_blockers, k - b) && !in_clause_date(k - b)) blocked = true;
  if (blocked) return false;
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
      if (after_sequence_word(m)) continue;  // "… after Gossi": the site left before, read below
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
  if (!place) return false;
  Event e;
  e.type = EventType::handover;
  e.sub_event_type = "base_handover";
  (void)fill_place_and_date(e, *place, clause, sentence);
  if (upgraded) place_at_base(e, *upgraded);
  e.damage.clear();
  read_transfer_actors(e, k, sentence);
  // "the base was left … since Oct. 20" after a paragraph on the coalition: who left it
  // was named shortly before.
  if (e.actor_from.empty()) {
    const std::size_t back = sentence.begin > kActorLookBack ? sentence.begin - kActorLookBack : 0;
    for (const ForceAt& f : forces_in({back, sentence.begin}))
      if (f.force->side == Extractor::Lexicons::Side::coalition) e.actor_from = f.force->label;
  }
  // "ترك قاعدة ميناكا بعد قاعدة غوسي", "left Menaka after Gossi": the same move at the second
  // site, earlier, on a day the text does not give.
  std::optional<std::size_t> earlier;
  for (std::size_t m : mentions_in({k, clause.end}))
    if (m != *place && after_sequence_word(m) &&
        (base_like(kind_of(m)) || base_named_after(m, sentence) || town_of_a_base(m))) {
      earlier = m;
      break;
    }
  Event before = e;
  events.push_back(std::move(e));
  if (earlier) {
    (void)fill_place_and_date(before, *earlier, {m_mentions[*earlier].mention.token_begin, sentence.end},
                              {m_mentions[*earlier].mention.token_begin, sentence.end});
    if (const auto base = base_named_after(*earlier, sentence)) place_at_base(before, *base);
    before.date = Date{};
    before.date_precision = DatePrecision::unknown;
    before.damage.clear();
    events.push_back(std::move(before));
  }
  return true;
}

}  // namespace mawqi::events

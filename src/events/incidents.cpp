// Incidents: a trigger with its weapon (or an attack at a definite site), one event per place
// named; the sentences after it that complete it.
#include "article_reader.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::events {

std::optional<std::pair<std::size_t, std::size_t>> ArticleReader::find_weapon(std::size_t trigger, Span clause,
                                                                              Span sentence) const {
  std::optional<std::pair<std::size_t, std::size_t>> found;  // token, weapon index
  auto search = [&](Span s) {
    std::size_t best_dist = SIZE_MAX;
    std::size_t last_end = SIZE_MAX;  // where the weapon read before ends
    for (std::size_t k = s.begin; k < s.end; ++k) {
      const auto* first = entries_at(lx.weapons_by_first_word, k);
      if (first == nullptr) continue;
      for (std::size_t w : *first)
        if (const std::size_t n = phrase_at(k, s.end, lx.weapons[w].first); n > 0) {
          const std::size_t dist = k > trigger ? k - trigger : trigger - k;
          // "an improvised explosive device (IED)": the bracket names the weapon just read.
          const bool abbreviation = k >= 1 && last_end == k - 1 && m_tokens[k - 1].norm == "(";
          last_end = k + n;
          if (dist < best_dist && !abbreviation) {
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
  // "… on Abha airport, hours after a similar attack": a clause that tells of a similar attack
  // and names no place of its own is another attack at the place just read.
  // (One with a day of its own is told apart by it.)
  const bool another_here = any_in(lx.similar, clause) && mentions_in(clause).empty() && !events.empty() &&
                            events.back().type == EventType::incident && events.back().place == m_mentions[place].place;
  const Date day_before = another_here ? events.back().date : Date{};
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
    // The similar attack has only its clause's figures.
    const bool another = another_here && (!e.date.valid() || e.date == day_before);
    if (another) {
      e.occasion = 1;
      e.munitions_count.reset();
      read_damage_and_casualties(e, clause);
    } else if (places.size() == 1) {
      read_damage_and_casualties(e, sentence);
    } else {
      read_no_casualties(e, sentence);
    }
    events.push_back(std::move(e));
  }
}

// A sentence that refers back to the last incident ("the explosion", الانفجار) completes it:
// casualties, damage, and a more specific place than the one read first.
// "X claimed the attack", "تبنت X الهجوم", "blamed X for Sunday's strike": who did the events
// from `group_begin` on. A named group replaces a description read before.
void ArticleReader::read_claim(Span sentence, std::size_t group_begin, std::vector<Event>& events) const {
  if (!any_in(lx.claim_words, sentence)) return;
  if (const auto group = armed_group_in(sentence))
    for (std::size_t g = group_begin; g < events.size(); ++g)
      if (events[g].actor1.empty() || (group->first->named && !named_group(events[g].actor1)))
        events[g].actor1 = group->first->label;
}

void ArticleReader::read_follow_up(Span sentence, const FollowUp& follow, std::vector<Event>& events) const {
  Event& e = events[*follow.last_event];
  if (e.type != EventType::incident) return;
  std::optional<std::size_t> reference;
  for (std::size_t k = sentence.begin; k < sentence.end && !reference; ++k)
    if (lexicon_at(lx.back_references, k) || (k > sentence.begin && possessive(k - 1) && lexicon_at(lx.eventive, k)))
      reference = k;                                 // "the blast", الانفجار, "Sunday's strike"
  read_claim(sentence, follow.group_begin, events);  // of every place hit at once
  // Figures reported right after the event ("one contractor was killed and 9 were hurt")
  // belong to it even without a word that refers back. After several places hit at once,
  // only "nobody was hurt" is each one's.
  if (events.size() - follow.group_begin > 1) {
    if (reference || follow.sentences_since == 1)
      for (std::size_t g = follow.group_begin; g < events.size(); ++g) read_no_casualties(events[g], sentence);
    return;
  }
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
    if (follow.sentences_since == 1) read_damage_and_casualties(e, sentence);
    return;
  }
  read_damage_and_casualties(e, sentence);
  const auto place = best_of(mentions_in({*reference, sentence.end}));
  const PlaceKind current = m_gazetteer.place(e.place).kind;
  if (!place || m_mentions[*place].derived || specificity(kind_of(*place)) < 2 || road_named(*place)) return;
  // The place it names refines where the event was; it does not move it: a site within the
  // province or town first read, or near the point first read when that was approximate.
  const resolve::ResolvedMention& rm = m_mentions[*place];
  Event there;
  there.place = rm.place;
  there.lat = rm.lat;
  there.lon = rm.lon;
  const bool refines = specificity(kind_of(*place)) > specificity(current) && around(e.place, there);
  const bool near_point =
      e.geo_precision == 2 && geo::inverse(e.lat, e.lon, rm.lat, rm.lon).distance_m <= kProvinceKm * 1000;
  if (refines || near_point) {
    e.place = rm.place;
    e.lat = rm.lat;
    e.lon = rm.lon;
    e.precision_m = rm.precision_m;
    e.location_note = rm.relation.text;
    const PlaceKind k = kind_of(*place);
    e.geo_precision = (k == PlaceKind::country || k == PlaceKind::province || k == PlaceKind::region) ? 3 : 1;
  }
}

}  // namespace mawqi::events

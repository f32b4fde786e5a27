// One event told twice in an article is one event, at the most specific place.
#include "article_reader.hpp"

#include "figures.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::events {

namespace {

// Fills what `keep` does not say from another report of the same event, and its attacker when
// the other report names the group (`named`) where `keep` has a description; its figures too
// when they can only be this event's.
template <class Named>
void complete(Event& keep, const Event& other, bool with_figures, const Named& named) {
  if (!other.actor1.empty() && !keep.actor1.empty() && named(other.actor1) && !named(keep.actor1))
    keep.actor1 = other.actor1;
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

// Drops the events marked, keeping the others in order.
void remove_marked(std::vector<Event>& events, const std::vector<bool>& marked) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < events.size(); ++i)
    if (!marked[i]) {
      if (out != i) events[out] = std::move(events[i]);
      ++out;
    }
  events.resize(out);
}

}  // namespace

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
  const auto is_named = [&](const std::string& label) { return named_group(label); };
  // The same place, kind and day read twice is one report: collapsed first, by hash, so that
  // the comparison below runs over distinct events only (an article repeating itself is linear).
  {
    std::unordered_map<std::string, std::size_t> first;
    std::vector<bool> repeated(events.size(), false);
    for (std::size_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      const std::string key = std::to_string(static_cast<int>(e.type)) + "|" + std::to_string(e.occasion) + "|" +
                              e.sub_event_type + "|" + std::to_string(e.place) + "|" + std::to_string(e.lat) + "," +
                              std::to_string(e.lon) + "|" + (e.date.valid() ? std::to_string(e.date.days()) : "");
      const auto [at, fresh] = first.emplace(key, i);
      if (fresh) continue;
      repeated[i] = true;
      complete(events[at->second], e, true, is_named);
    }
    remove_marked(events, repeated);
  }
  auto same_occasion = [](const Event& a, const Event& b) {
    if (a.type != b.type || a.occasion != b.occasion) return false;
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
    for (std::size_t n : into) complete(events[n], events[w], into.size() == 1, is_named);
  }
  remove_marked(events, folded);
}

}  // namespace mawqi::events

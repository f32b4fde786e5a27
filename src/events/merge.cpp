// Merging across articles: reports of one event (same type, sub-type and place, dates within
// a day, a week for a handover) become one, with every source, the lowest reported figures and a
// stable id.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "../util/fnv.hpp"
#include "figures.hpp"
#include "mawqi/events.hpp"
#include "mawqi/geo.hpp"

namespace mawqi::events {
namespace {

// Reports of one event place it within this distance of each other.
constexpr double kSamePointMetres = 5000;
// A base is handed over once: the ceremony and the formal receipt may be days apart.
constexpr std::int64_t kHandoverMergeDays = 7;

bool compatible(const Event& a, const Event& b) {
  if (a.type != b.type || a.place != b.place || a.sub_event_type != b.sub_event_type) return false;
  // Two points relative to the same anchor ("20 km north", "30 km south of Baghdad") differ.
  if (geo::inverse(a.lat, a.lon, b.lat, b.lon).distance_m > kSamePointMetres) return false;
  if (!a.date.valid() || !b.date.valid()) return true;
  const auto gap = std::llabs(a.date.days() - b.date.days());
  // Two days that one article states are two attacks ("on Wednesday", "once more on Thursday"):
  // the day of tolerance is for different reports of one. (A handover's ceremony and its
  // formal receipt, days apart, stay one handover.)
  if (gap > 0 && a.type == EventType::incident && a.date_precision == DatePrecision::day &&
      b.date_precision == DatePrecision::day &&
      std::find_first_of(a.source_ids.begin(), a.source_ids.end(), b.source_ids.begin(), b.source_ids.end()) !=
          a.source_ids.end())
    return false;
  if (a.date_precision == DatePrecision::month || b.date_precision == DatePrecision::month)
    return a.date.year == b.date.year && a.date.month == b.date.month;
  return gap <= (a.type == EventType::handover ? kHandoverMergeDays : 1);
}

int rank(DatePrecision p) { return static_cast<int>(p); }

// The days any event compatible with one dated `e` can have: its own window, or its whole
// month when either side's precision is a month.
std::pair<std::int64_t, std::int64_t> day_range(const Event& e) {
  const std::int64_t window = e.type == EventType::handover ? kHandoverMergeDays : 1;
  const std::int64_t day = e.date.days();
  const std::int64_t month_start = Date{e.date.year, e.date.month, 1}.days();
  return {std::min(day - window, month_start), std::max(day + window, month_start + 31)};
}

}  // namespace

Deduplicator::Deduplicator(const gazetteer::Gazetteer& gazetteer) : m_gazetteer(gazetteer) {}

void Deduplicator::add(Event&& e) {
  Candidates& same_key =
      m_by_key[std::to_string(static_cast<int>(e.type)) + "|" + e.sub_event_type + "|" + std::to_string(e.place)];
  // The first compatible event in merge order, exactly as a scan of all of them would find.
  std::size_t found = m_merged.size();
  for (const std::size_t m : same_key.undated)
    if (compatible(m_merged[m], e)) {
      found = m;
      break;
    }
  if (e.date.valid()) {
    const auto [from, to] = day_range(e);
    for (auto it = same_key.dated.lower_bound(from); it != same_key.dated.end() && it->first <= to; ++it)
      if (it->second < found && compatible(m_merged[it->second], e)) found = it->second;
  } else {
    for (const auto& [day, m] : same_key.dated)
      if (m < found && compatible(m_merged[m], e)) found = m;
  }
  if (found == m_merged.size()) {
    if (e.date.valid())
      same_key.dated.emplace(e.date.days(), m_merged.size());
    else
      same_key.undated.push_back(m_merged.size());
    m_merged.push_back(std::move(e));
    return;
  }
  Event& m = m_merged[found];
  if (e.date.valid() && (!m.date.valid() || rank(e.date_precision) < rank(m.date_precision))) {
    if (m.date.valid()) {
      auto [first, last] = same_key.dated.equal_range(m.date.days());
      same_key.dated.erase(std::find_if(first, last, [&](const auto& entry) { return entry.second == found; }));
    } else {
      same_key.undated.erase(std::find(same_key.undated.begin(), same_key.undated.end(), found));
    }
    same_key.dated.emplace(e.date.days(), found);
    m.date = e.date;
    m.date_precision = e.date_precision;
  }
  keep_lowest_figures(m, e);
  if (m.weapon == "rocket" && e.weapon != "rocket" && !e.weapon.empty()) m.weapon = e.weapon;  // Katyusha, 107mm
  if (m.actor_from.empty() ||
      (m.actor_from.find("(coalition)") == std::string::npos && e.actor_from.find("(coalition)") != std::string::npos))
    m.actor_from = e.actor_from;
  if (m.actor_to.empty()) m.actor_to = e.actor_to;
  if (m.actor1.empty()) m.actor1 = e.actor1;
  if (m.actor2.empty()) m.actor2 = e.actor2;
  if (m.target.empty()) m.target = e.target;
  if (m.location_note.empty()) m.location_note = e.location_note;
  m.geo_precision = std::min(m.geo_precision, e.geo_precision);
  m.confidence = std::max(m.confidence, e.confidence);
  for (auto& s : e.source_ids) m.source_ids.push_back(std::move(s));
  for (auto& u : e.source_urls) m.source_urls.push_back(std::move(u));
}

std::vector<Event> Deduplicator::finish() && {
  const gazetteer::Gazetteer& gazetteer = m_gazetteer;
  for (Event& m : m_merged) {
    std::sort(m.source_ids.begin(), m.source_ids.end());
    m.source_ids.erase(std::unique(m.source_ids.begin(), m.source_ids.end()), m.source_ids.end());
    std::sort(m.source_urls.begin(), m.source_urls.end());
    m.source_urls.erase(std::unique(m.source_urls.begin(), m.source_urls.end()), m.source_urls.end());
    // What the event is, never who reported it: a new report of a known event keeps its id.
    const gazetteer::PlaceView p = gazetteer.place(m.place);
    char point[64];
    std::snprintf(point, sizeof point, "%.3f,%.3f", m.lat, m.lon);
    m.event_id = util::hex64(util::fnv1a(util::kFnvBasis, std::string(to_string(m.type)) + "|" + m.sub_event_type +
                                                              "|" + std::string(p.id) + "|" + point + "|" +
                                                              (m.date.valid() ? m.date.iso() : "")));
  }
  std::stable_sort(m_merged.begin(), m_merged.end(), [&](const Event& a, const Event& b) {
    const auto key = [&](const Event& e) {
      return std::make_tuple(e.date.valid() ? e.date.days() : INT64_MAX, gazetteer.place(e.place).id, e.sub_event_type,
                             std::string_view(e.event_id),
                             e.source_ids.empty() ? std::string_view() : e.source_ids.front());
    };
    return key(a) < key(b);
  });
  // Two distinct events can share what the id is made of (points 100 m apart, one day, merged
  // into neither because a third lay between): the later ones in this order get "-2", "-3".
  std::unordered_map<std::string, int> seen;
  for (Event& m : m_merged)
    if (const int n = ++seen[m.event_id]; n > 1) m.event_id += "-" + std::to_string(n);
  m_by_key.clear();
  return std::move(m_merged);
}

std::vector<Event> deduplicate(std::vector<Event> events, const gazetteer::Gazetteer& gazetteer) {
  Deduplicator merger(gazetteer);
  for (Event& e : events) merger.add(std::move(e));
  return std::move(merger).finish();
}

}  // namespace mawqi::events

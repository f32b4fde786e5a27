// Merging across articles: reports of one event (same type, sub-type and place, dates within
// a day, a week for a handover) become one, with every source, the lowest reported figures and a
// stable id.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <unordered_set>

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

// `shares_article()` says whether `a` has a source of `b`: asked last, and only when it matters.
template <class SharesArticle>
bool compatible(const Event& a, const Event& b, SharesArticle shares_article) {
  if (a.type != b.type || a.place != b.place || a.sub_event_type != b.sub_event_type) return false;
  // One article's attack and the similar one it says came hours before are two.
  if (a.occasion != b.occasion && shares_article()) return false;
  // The date tests first: they are cheap and most candidates of the window fail them.
  if (a.date.valid() && b.date.valid()) {
    const auto gap = std::llabs(a.date.days() - b.date.days());
    if (a.date_precision == DatePrecision::month || b.date_precision == DatePrecision::month) {
      if (a.date.year != b.date.year || a.date.month != b.date.month) return false;
    } else if (gap > (a.type == EventType::handover ? kHandoverMergeDays : 1)) {
      return false;
    }
    // Two days that one article states are two attacks ("on Wednesday", "once more on Thursday"):
    // the day of tolerance is for different reports of one. (A handover's ceremony and its
    // formal receipt, days apart, stay one handover.)
    if (gap > 0 && a.type == EventType::incident && a.date_precision == DatePrecision::day &&
        b.date_precision == DatePrecision::day && shares_article())
      return false;
  }
  // Two points relative to the same anchor ("20 km north", "30 km south of Baghdad") differ.
  // Most reports place an event at the place's own point: no geodesic for that.
  if (a.lat == b.lat && a.lon == b.lon) return true;
  return !(geo::inverse(a.lat, a.lon, b.lat, b.lon).distance_m > kSamePointMetres);  // NaN: as before
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

bool Deduplicator::shares_article(std::size_t merged, const Event& e) const {
  if (m_run_fresh) return m_touched[merged] == m_run;
  const auto& a = m_merged[merged].source_ids;
  return std::find_first_of(a.begin(), a.end(), e.source_ids.begin(), e.source_ids.end()) != a.end();
}

void Deduplicator::add(Event&& e) {
  const bool single = e.source_ids.size() == 1;
  if (!single || !m_run_single || e.source_ids.front() != m_run_source) {
    ++m_run;
    m_run_single = single;
    if (single) {
      m_run_source = e.source_ids.front();
      m_run_fresh = m_seen_sources.insert(util::fnv1a(util::kFnvBasis, m_run_source)).second;
    } else {
      m_run_source.clear();
      m_run_fresh = false;
      for (const std::string& s : e.source_ids) m_seen_sources.insert(util::fnv1a(util::kFnvBasis, s));
    }
  }
  Candidates& same_key =
      m_by_key[static_cast<std::uint64_t>(e.type) << 32 | static_cast<std::uint64_t>(e.place)][e.sub_event_type];
  const auto fits = [&](std::size_t m) { return compatible(m_merged[m], e, [&] { return shares_article(m, e); }); };
  // The first compatible event in merge order, exactly as a scan of all of them would find.
  std::size_t found = m_merged.size();
  for (const std::size_t m : same_key.undated)
    if (fits(m)) {
      found = m;
      break;
    }
  if (e.date.valid()) {
    const auto [from, to] = day_range(e);
    for (auto it = same_key.dated.lower_bound(from); it != same_key.dated.end() && it->first <= to; ++it)
      if (it->second < found && fits(it->second)) found = it->second;
  } else {
    for (const auto& [day, m] : same_key.dated)
      if (m < found && fits(m)) found = m;
  }
  if (found == m_merged.size()) {
    if (e.date.valid())
      same_key.dated.emplace(e.date.days(), m_merged.size());
    else
      same_key.undated.push_back(m_merged.size());
    m_merged.push_back(std::move(e));
    m_touched.push_back(m_run);
    return;
  }
  m_touched[found] = m_run;
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
  for (auto& r : e.reports) m.reports.push_back(std::move(r));
}

std::vector<Event> Deduplicator::finish() && {
  const gazetteer::Gazetteer& gazetteer = m_gazetteer;
  for (Event& m : m_merged) {
    std::sort(m.source_ids.begin(), m.source_ids.end());
    m.source_ids.erase(std::unique(m.source_ids.begin(), m.source_ids.end()), m.source_ids.end());
    std::sort(m.source_urls.begin(), m.source_urls.end());
    m.source_urls.erase(std::unique(m.source_urls.begin(), m.source_urls.end()), m.source_urls.end());
    // An article once (its first report of the event, in merge order), in the order of source_ids.
    const auto by_id = [](const Event::Report& a, const Event::Report& b) { return a.source_id < b.source_id; };
    std::stable_sort(m.reports.begin(), m.reports.end(), by_id);
    m.reports.erase(
        std::unique(m.reports.begin(), m.reports.end(),
                    [](const Event::Report& a, const Event::Report& b) { return a.source_id == b.source_id; }),
        m.reports.end());
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
  m_touched.clear();
  m_seen_sources.clear();
  return std::move(m_merged);
}

std::vector<Event> deduplicate(std::vector<Event> events, const gazetteer::Gazetteer& gazetteer) {
  Deduplicator merger(gazetteer);
  for (Event& e : events) merger.add(std::move(e));
  return std::move(merger).finish();
}

}  // namespace mawqi::events

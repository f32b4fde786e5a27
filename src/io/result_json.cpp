#include "result_json.hpp"

#include <algorithm>
#include <cmath>

namespace mawqi::io {
namespace {

using nlohmann::json;

const json& field(const json& j, const char* name) {
  if (!j.is_object()) throw DamagedRecord("expected an object");
  const auto it = j.find(name);
  if (it == j.end()) throw DamagedRecord(std::string(name) + ": missing");
  return *it;
}

std::string text(const json& j, const char* name) {
  const json& v = field(j, name);
  if (!v.is_string()) throw DamagedRecord(std::string(name) + ": not a string");
  return v.get<std::string>();
}

double real(const json& j, const char* name, double low, double high) {
  const json& v = field(j, name);
  if (!v.is_number()) throw DamagedRecord(std::string(name) + ": not a number");
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < low || d > high) throw DamagedRecord(std::string(name) + ": out of range");
  return d;
}

std::int64_t integer(const json& j, const char* name, std::int64_t low, std::int64_t high) {
  const json& v = field(j, name);
  if (!v.is_number_integer()) throw DamagedRecord(std::string(name) + ": not an integer");
  if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(high))
    throw DamagedRecord(std::string(name) + ": out of range");
  const auto n = v.get<std::int64_t>();
  if (n < low || n > high) throw DamagedRecord(std::string(name) + ": out of range");
  return n;
}

std::optional<long> count(const json& j, const char* name) {
  if (field(j, name).is_null()) return std::nullopt;
  return static_cast<long>(integer(j, name, 0, 1'000'000'000));
}

std::vector<std::string> texts(const json& j, const char* name) {
  const json& v = field(j, name);
  if (!v.is_array()) throw DamagedRecord(std::string(name) + ": not a list");
  std::vector<std::string> out;
  for (const json& item : v) {
    if (!item.is_string()) throw DamagedRecord(std::string(name) + ": not a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::uint32_t place(const json& j, const gazetteer::Gazetteer& gazetteer) {
  const std::string id = text(j, "place");
  const auto found = gazetteer.find_id(id);
  if (!found) throw DamagedRecord("place: '" + id + "' is not in the gazetteer");
  return *found;
}

json optional_count(const std::optional<long>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json event_to_json(const events::Event& e, const gazetteer::Gazetteer& gazetteer) {
  json j{{"id", e.event_id},
         {"type", static_cast<int>(e.type)},
         {"sub", e.sub_event_type},
         {"date", e.date.valid() ? e.date.iso() : ""},
         {"prec", static_cast<int>(e.date_precision)},
         {"place", gazetteer.place(e.place).id},
         {"lat", e.lat},
         {"lon", e.lon},
         {"precision_m", e.precision_m},
         {"geo", e.geo_precision},
         {"note", e.location_note},
         {"weapon", e.weapon},
         {"count", optional_count(e.munitions_count)},
         {"killed", optional_count(e.fatalities)},
         {"wounded", optional_count(e.injuries)},
         {"damage", e.damage},
         {"from", e.actor_from},
         {"to", e.actor_to},
         {"actor1", e.actor1},
         {"actor2", e.actor2},
         {"target", e.target},
         {"sources", e.source_ids},
         {"urls", e.source_urls},
         {"evidence", e.evidence},
         {"lang", e.language},
         {"confidence", e.confidence},
         {"occasion", e.occasion}};
  // An article's own event (what partials, states and PostgreSQL keep) has its one report's
  // source and day; its id and sentence are already there.
  if (e.reports.size() == 1 && e.source_ids.size() == 1 && e.reports[0].source_id == e.source_ids[0] &&
      e.reports[0].evidence == e.evidence) {
    j["src"] = e.reports[0].source;
    j["pub"] = e.reports[0].published;
  } else if (!e.reports.empty()) {
    json reports = json::array();
    for (const events::Event::Report& r : e.reports)
      reports.push_back(json::array({r.source_id, r.source, r.published, r.evidence}));
    j["reports"] = std::move(reports);
  }
  return j;
}

events::Event event_from_json(const json& j, const gazetteer::Gazetteer& gazetteer) {
  events::Event e;
  e.event_id = text(j, "id");
  e.type = static_cast<events::EventType>(integer(j, "type", 0, static_cast<int>(events::EventType::handover)));
  e.sub_event_type = text(j, "sub");
  if (const std::string date = text(j, "date"); !date.empty()) {
    const auto d = events::Date::parse_iso(date);
    if (!d) throw DamagedRecord("date: not a date");
    e.date = *d;
  }
  e.date_precision =
      static_cast<events::DatePrecision>(integer(j, "prec", 0, static_cast<int>(events::DatePrecision::unknown)));
  e.place = place(j, gazetteer);
  e.lat = real(j, "lat", -90, 90);
  e.lon = real(j, "lon", -180, 180);
  e.precision_m = static_cast<std::int32_t>(integer(j, "precision_m", 0, INT32_MAX));
  e.geo_precision = static_cast<int>(integer(j, "geo", 1, 3));
  e.location_note = text(j, "note");
  e.weapon = text(j, "weapon");
  e.munitions_count = count(j, "count");
  e.fatalities = count(j, "killed");
  e.injuries = count(j, "wounded");
  e.damage = text(j, "damage");
  e.actor_from = text(j, "from");
  e.actor_to = text(j, "to");
  e.actor1 = text(j, "actor1");
  e.actor2 = text(j, "actor2");
  e.target = text(j, "target");
  e.source_ids = texts(j, "sources");
  e.source_urls = texts(j, "urls");
  e.evidence = text(j, "evidence");
  e.language = text(j, "lang");
  e.confidence = real(j, "confidence", 0, 1);
  e.occasion = j.contains("occasion") ? static_cast<int>(integer(j, "occasion", 0, 1)) : 0;
  if (j.contains("reports")) {
    const json& reports = j["reports"];
    if (!reports.is_array()) throw DamagedRecord("reports: not a list");
    for (const json& r : reports) {
      if (!r.is_array() || r.size() != 4 ||
          !std::all_of(r.begin(), r.end(), [](const json& v) { return v.is_string(); }))
        throw DamagedRecord("reports: not a list of [id, source, day, sentence]");
      e.reports.push_back(
          {r[0].get<std::string>(), r[1].get<std::string>(), r[2].get<std::string>(), r[3].get<std::string>()});
    }
    if (e.reports.empty()) throw DamagedRecord("reports: empty");
  } else if (j.contains("src")) {
    if (e.source_ids.size() != 1) throw DamagedRecord("src: an event of one report has one source");
    e.reports.push_back({e.source_ids.front(), text(j, "src"), text(j, "pub"), e.evidence});
  }
  // Each report is one of the event's sources, and its day a calendar day or nothing.
  for (const events::Event::Report& r : e.reports) {
    if (std::find(e.source_ids.begin(), e.source_ids.end(), r.source_id) == e.source_ids.end())
      throw DamagedRecord("reports: " + r.source_id + " is not one of the event's sources");
    if (!r.published.empty() && !events::Date::parse_iso(r.published))
      throw DamagedRecord("reports: not a day: " + r.published);
  }
  return e;
}

json mention_to_json(const MentionFeature& m, const gazetteer::Gazetteer& gazetteer) {
  return json{{"doc", m.doc_id},
              {"start", m.start},
              {"end", m.end},
              {"text", m.text},
              {"place", gazetteer.place(m.place).id},
              {"confidence", m.confidence},
              {"relation", m.relation}};
}

MentionFeature mention_from_json(const json& j, const gazetteer::Gazetteer& gazetteer) {
  MentionFeature m;
  m.doc_id = text(j, "doc");
  m.start = static_cast<std::uint32_t>(integer(j, "start", 0, UINT32_MAX));
  m.end = static_cast<std::uint32_t>(integer(j, "end", m.start, UINT32_MAX));
  m.text = text(j, "text");
  m.place = place(j, gazetteer);
  m.confidence = real(j, "confidence", 0, 1);
  m.relation = text(j, "relation");
  return m;
}

}  // namespace mawqi::io

#include "mawqi/acled.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "../util/fnv.hpp"
#include "../util/tsv.hpp"
#include "mawqi/error.hpp"

namespace mawqi::io {
namespace {

namespace fs = std::filesystem;

// A table of DIR (src/util/tsv.hpp): `each(cells, where)` gets every row with its "file:line".
template <typename Each>
void read_table(const std::string& dir, const char* name, const std::vector<std::string>& header, Each each) {
  for (const util::TsvTable::Row& row :
       util::read_tsv(fs::path(dir) / name, header, "the ACLED tables, formats/acled/README.md").rows)
    each(row.cells, row.where);
}

// "Military Forces of {country}" with the event's country.
std::string with_country(std::string name, const std::string& country) {
  if (const std::size_t at = name.find("{country}"); at != std::string::npos)
    name.replace(at, 9, country.empty() ? "Unknown" : country);
  return name;
}

// A table's key names one row: a second row for it is an error, not a silent replacement.
template <typename Map, typename Value>
void insert_once(Map& map, const std::string& key, Value value, const std::string& where, const char* column) {
  if (!map.emplace(key, std::move(value)).second) throw InputError(where, column, "a second row for \"" + key + "\"");
}

// Unix time of a day's start (UTC).
std::int64_t unix_day(const events::Date& d) { return d.days() * 86'400; }

// ACLED's source scales in the order its combinations name them ("National-International",
// "New media-National").
constexpr std::array<std::string_view, 6> kScaleOrder = {"New media", "Local",    "Subnational",
                                                         "National",  "Regional", "International"};

}  // namespace

AcledConventions AcledConventions::load(const std::string& dir) {
  AcledConventions c;
  read_table(dir, "countries.tsv", {"iso2", "iso3", "iso_numeric", "country", "region"},
             [&](const std::vector<std::string>& cells, const std::string& where) {
               Country country{cells[1], cells[3], cells[4], std::nullopt};
               if (!cells[2].empty()) {
                 if (cells[2].size() > 3 || cells[2].find_first_not_of("0123456789") != std::string::npos)
                   throw InputError(where, "iso_numeric", "not an ISO 3166-1 numeric code");
                 country.iso_numeric = std::stoll(cells[2]);
               }
               insert_once(c.m_state_of_country_name, cells[3], cells[0], where, "country");
               insert_once(c.m_countries, cells[0], std::move(country), where, "iso2");
             });
  read_table(dir, "sub_event_types.tsv", {"sub_event_type", "disorder_type", "event_type", "acled_sub_event_type"},
             [&](const std::vector<std::string>& cells, const std::string& where) {
               insert_once(c.m_kinds, cells[0], Kind{cells[1], cells[2], cells[3]}, where, "sub_event_type");
             });
  read_table(dir, "actors.tsv", {"actor", "inter", "state", "acled_name"},
             [&](const std::vector<std::string>& cells, const std::string& where) {
               if (cells[1].size() != 1 || cells[1][0] < '1' || cells[1][0] > '8')
                 throw InputError(where, "inter", "not an ACLED inter code (1-8)");
               if (!cells[2].empty() && !c.m_countries.contains(cells[2]))
                 throw InputError(where, "state", "not an ISO alpha-2 code of countries.tsv");
               insert_once(c.m_actors, cells[0], Actor{cells[1][0] - '0', cells[2], cells[3]}, where, "actor");
             });
  read_table(dir, "source_scales.tsv", {"source", "scale"},
             [&](const std::vector<std::string>& cells, const std::string& where) {
               if (std::find(kScaleOrder.begin(), kScaleOrder.end(), cells[1]) == kScaleOrder.end())
                 throw InputError(where, "scale", "not one of ACLED's source scales");
               insert_once(c.m_source_scales, cells[0], cells[1], where, "source");
             });
  return c;
}

const std::vector<AcledConventions::Column>& AcledConventions::columns() {
  static const std::vector<Column> kColumns = {{"event_id_cnty", Type::string},
                                               {"event_date", Type::date},
                                               {"year", Type::integer},
                                               {"time_precision", Type::integer},
                                               {"disorder_type", Type::string},
                                               {"event_type", Type::string},
                                               {"sub_event_type", Type::string},
                                               {"actor1", Type::string},
                                               {"assoc_actor_1", Type::string},
                                               {"inter1", Type::integer},
                                               {"actor2", Type::string},
                                               {"assoc_actor_2", Type::string},
                                               {"inter2", Type::integer},
                                               {"interaction", Type::integer},
                                               {"civilian_targeting", Type::string},
                                               {"iso", Type::integer},
                                               {"region", Type::string},
                                               {"country", Type::string},
                                               {"admin1", Type::string},
                                               {"admin2", Type::string},
                                               {"admin3", Type::string},
                                               {"location", Type::string},
                                               {"latitude", Type::real},
                                               {"longitude", Type::real},
                                               {"geo_precision", Type::integer},
                                               {"source", Type::string},
                                               {"source_scale", Type::string},
                                               {"notes", Type::string},
                                               {"fatalities", Type::integer},
                                               {"tags", Type::string},
                                               {"timestamp", Type::integer}};
  return kColumns;
}

// A label of mawqi's lexicons, or a country named as the actor ("Iran fired missiles": its forces).
AcledConventions::CodedActor AcledConventions::code_actor(const std::string& label,
                                                          const std::string& event_country) const {
  const auto country_name = [&](const std::string& iso2) {
    const auto it = m_countries.find(iso2);
    return it == m_countries.end() ? std::string() : it->second.country;
  };
  if (const auto it = m_actors.find(label); it != m_actors.end()) {
    const Actor& a = it->second;
    const int inter = a.state.empty() || a.state == event_country ? a.inter : 8;
    return {a.name.empty() ? label : with_country(a.name, country_name(event_country)), inter};
  }
  if (const auto it = m_state_of_country_name.find(label); it != m_state_of_country_name.end())
    return {"Military Forces of " + label, it->second == event_country ? 1 : 8};
  return {label, 0};  // a description as the text gives it ("the attackers"): no type is known
}

std::vector<AcledConventions::Value> AcledConventions::row(const events::Event& e,
                                                           const gazetteer::Gazetteer& gazetteer) const {
  const gazetteer::PlaceView p = gazetteer.place(e.place);
  const std::string iso2(p.country);
  const auto country_it = m_countries.find(iso2);
  const Country* country = country_it == m_countries.end() ? nullptr : &country_it->second;
  const auto text = [](std::string_view s) { return s.empty() ? Value() : Value(std::string(s)); };

  // The event's id (16 hex digits, "-N" after a taken one) as a number after the country's
  // alpha-3 code, as ACLED writes its ids: stable as long as the event's id is.
  // An id taken twice ("…-2") is hashed whole, so that the id stays letters then digits.
  std::string id = country != nullptr ? country->iso3 : std::string();
  const bool plain_hex = !e.event_id.empty() && e.event_id.size() <= 16 &&
                         e.event_id.find_first_not_of("0123456789abcdef") == std::string::npos;
  id += std::to_string(plain_hex ? std::stoull(e.event_id, nullptr, 16) : util::fnv1a(util::kFnvBasis, e.event_id));

  const bool handover = e.type == events::EventType::handover;
  // ACLED's actor1 of a transfer of territory is the side it names first: who took the base
  // over when the text says, else who left it; an attack no one is named for is an unidentified
  // armed group's, as ACLED codes one.
  CodedActor actor1, actor2;
  if (handover) {
    actor1 = code_actor(e.actor_to.empty() ? e.actor_from : e.actor_to, iso2);
    if (!e.actor_to.empty() && !e.actor_from.empty()) actor2 = code_actor(e.actor_from, iso2);
  } else {
    actor1 = e.actor1.empty()
                 ? CodedActor{with_country("Unidentified Armed Group ({country})", country ? country->country : ""), 3}
                 : code_actor(e.actor1, iso2);
    if (!e.actor2.empty()) actor2 = code_actor(e.actor2, iso2);
  }
  if (actor1.name.empty()) actor1 = {};
  // ACLED's interaction: the two inter codes, the lower first; 10 × inter1 for one actor alone.
  Value interaction;
  if (actor1.inter > 0 && (actor2.name.empty() || actor2.inter > 0))
    interaction = static_cast<std::int64_t>(actor2.name.empty() ? 10 * actor1.inter
                                                                : 10 * std::min(actor1.inter, actor2.inter) +
                                                                      std::max(actor1.inter, actor2.inter));

  std::vector<std::string> names;
  std::string notes;
  std::vector<std::string_view> scales;
  std::optional<events::Date> last_report;
  for (const events::Event::Report& r : e.reports) {
    const std::string& name = r.source.empty() ? r.source_id : r.source;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (const auto s = m_source_scales.find(r.source); s != m_source_scales.end()) scales.push_back(s->second);
    // A sentence per source, with who published it and when.
    notes +=
        (notes.empty() ? "" : " ") + r.evidence + " [" + name + (r.published.empty() ? "" : ", " + r.published) + "]";
    if (const auto d = events::Date::parse_iso(r.published); d && (!last_report || last_report->days() < d->days()))
      last_report = d;
  }
  std::string sources;  // ACLED separates sources with "; "
  for (const std::string& name : names) sources += (sources.empty() ? "" : "; ") + name;
  // ACLED names one scale or a pair: with more, the narrowest and the widest of them.
  std::vector<std::string_view> ordered;
  for (std::string_view s : kScaleOrder)
    if (std::find(scales.begin(), scales.end(), s) != scales.end()) ordered.push_back(s);
  std::string scale;
  if (!ordered.empty()) scale = std::string(ordered.front());
  if (ordered.size() > 1) scale += "-" + std::string(ordered.back());

  const auto kind_it = m_kinds.find(e.sub_event_type);
  const Kind* kind = kind_it == m_kinds.end() ? nullptr : &kind_it->second;
  const auto time_precision = [&]() -> Value {
    if (!e.date.valid()) return {};
    switch (e.date_precision) {
      case events::DatePrecision::day: return std::int64_t{1};
      case events::DatePrecision::week: return std::int64_t{2};
      case events::DatePrecision::month: return std::int64_t{3};
      case events::DatePrecision::unknown: return {};
    }
    return {};
  };
  const auto rounded = [](double degrees) { return std::round(degrees * 1e4) / 1e4; };  // ACLED's 4 decimals
  // The record's last change: the day its latest report was published (never the clock), else
  // the day it happened.
  Value timestamp;
  if (last_report)
    timestamp = unix_day(*last_report);
  else if (e.date.valid())
    timestamp = unix_day(e.date);

  // A month known but not the day: ACLED dates the event in the middle of the month.
  events::Date date = e.date;
  if (date.valid() && e.date_precision == events::DatePrecision::month) date.day = 15;

  return {
      id,
      date.valid() ? Value(date.iso()) : Value(),
      e.date.valid() ? Value(static_cast<std::int64_t>(e.date.year)) : Value(),
      time_precision(),
      kind != nullptr ? text(kind->disorder_type) : Value(),
      kind != nullptr ? text(kind->event_type) : Value(),
      kind != nullptr ? text(kind->sub_event_type) : Value(),
      text(actor1.name),
      Value(),
      actor1.inter > 0 ? Value(static_cast<std::int64_t>(actor1.inter)) : Value(),
      text(actor2.name),
      Value(),
      actor2.inter > 0 ? Value(static_cast<std::int64_t>(actor2.inter)) : Value(),
      interaction,
      actor2.inter == 7 ? Value(std::string("Civilian targeting")) : Value(),
      country != nullptr && country->iso_numeric ? Value(*country->iso_numeric) : Value(),
      country != nullptr ? text(country->region) : Value(),
      country != nullptr ? text(country->country) : Value(),
      text(p.admin1),
      Value(),
      Value(),
      text(p.name),
      rounded(e.lat),
      rounded(e.lon),
      static_cast<std::int64_t>(e.geo_precision),
      text(sources),
      text(scale),
      text(notes),
      static_cast<std::int64_t>(e.fatalities.value_or(0)),  // ACLED: 0 when no figure is reported
      Value(),
      timestamp,
  };
}

}  // namespace mawqi::io

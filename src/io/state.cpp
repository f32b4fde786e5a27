#include "mawqi/state.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "mawqi/error.hpp"

namespace mawqi {
namespace {

using nlohmann::json;

// Results depend on the code as much as on the gazetteer: another build of mawqi starts afresh.
constexpr const char* kFormatVersion = "mawqi-state-1 " __DATE__ " " __TIME__;

std::uint64_t fnv(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h ^ 0xff;  // field separator
}

std::string hex(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Identifies the gazetteer the stored place indices refer to.
std::string fingerprint(const gazetteer::Gazetteer& g) {
  std::uint64_t h = fnv(1469598103934665603ULL, kFormatVersion);
  h = fnv(h, std::to_string(g.size()) + "/" + std::to_string(g.name_count()));
  for (std::uint32_t i = 0; i < g.size(); ++i) {
    const gazetteer::PlaceView p = g.place(i);
    char point[64];
    std::snprintf(point, sizeof point, "%.7f,%.7f,%d,%d", p.lat, p.lon, static_cast<int>(p.kind), p.precision_m);
    h = fnv(fnv(fnv(h, p.id), p.name), point);
  }
  return hex(h);
}

json to_json(const events::Event& e) {
  auto opt = [](const std::optional<long>& v) { return v ? json(*v) : json(nullptr); };
  return json{{"id", e.event_id},
              {"type", static_cast<int>(e.type)},
              {"sub", e.sub_event_type},
              {"date", e.date.valid() ? e.date.iso() : ""},
              {"prec", static_cast<int>(e.date_precision)},
              {"place", e.place},
              {"lat", e.lat},
              {"lon", e.lon},
              {"precision_m", e.precision_m},
              {"geo", e.geo_precision},
              {"note", e.location_note},
              {"weapon", e.weapon},
              {"count", opt(e.munitions_count)},
              {"killed", opt(e.fatalities)},
              {"wounded", opt(e.injuries)},
              {"damage", e.damage},
              {"from", e.actor_from},
              {"to", e.actor_to},
              {"target", e.target},
              {"sources", e.source_ids},
              {"urls", e.source_urls},
              {"evidence", e.evidence},
              {"lang", e.language},
              {"confidence", e.confidence}};
}

events::Event event_from_json(const json& j) {
  events::Event e;
  auto opt = [](const json& v) { return v.is_null() ? std::optional<long>() : std::optional<long>(v.get<long>()); };
  e.event_id = j.at("id").get<std::string>();
  e.type = static_cast<events::EventType>(j.at("type").get<int>());
  e.sub_event_type = j.at("sub").get<std::string>();
  if (const auto d = events::Date::parse_iso(j.at("date").get<std::string>())) e.date = *d;
  e.date_precision = static_cast<events::DatePrecision>(j.at("prec").get<int>());
  e.place = j.at("place").get<std::uint32_t>();
  e.lat = j.at("lat").get<double>();
  e.lon = j.at("lon").get<double>();
  e.precision_m = j.at("precision_m").get<std::int32_t>();
  e.geo_precision = j.at("geo").get<int>();
  e.location_note = j.at("note").get<std::string>();
  e.weapon = j.at("weapon").get<std::string>();
  e.munitions_count = opt(j.at("count"));
  e.fatalities = opt(j.at("killed"));
  e.injuries = opt(j.at("wounded"));
  e.damage = j.at("damage").get<std::string>();
  e.actor_from = j.at("from").get<std::string>();
  e.actor_to = j.at("to").get<std::string>();
  e.target = j.at("target").get<std::string>();
  e.source_ids = j.at("sources").get<std::vector<std::string>>();
  e.source_urls = j.at("urls").get<std::vector<std::string>>();
  e.evidence = j.at("evidence").get<std::string>();
  e.language = j.at("lang").get<std::string>();
  e.confidence = j.at("confidence").get<double>();
  return e;
}

}  // namespace

struct StateStore::Impl {
  std::string path;
  sqlite3* db = nullptr;
  sqlite3_stmt* select = nullptr;
  sqlite3_stmt* upsert = nullptr;
  bool open_transaction = false;
  std::mutex mutex;  // one connection: workers look results up while the consumer saves

  void check(int rc, const char* what) const {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
      throw Error(path + ": state " + what + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
  }
  void exec(const char* sql) const { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), "query"); }
};

StateStore::StateStore(const std::string& path, const gazetteer::Gazetteer& gazetteer) : m(std::make_unique<Impl>()) {
  m->path = path;
  if (sqlite3_open_v2(path.c_str(), &m->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string why = m->db != nullptr ? sqlite3_errmsg(m->db) : "out of memory";
    sqlite3_close(m->db);
    m->db = nullptr;
    throw Error(path + ": cannot open the state file (" + why + ")");
  }
  sqlite3_busy_timeout(m->db, 5000);
  m->exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  m->exec("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, result TEXT NOT NULL)");
  m->exec("BEGIN IMMEDIATE");
  m->open_transaction = true;
  const std::string current = fingerprint(gazetteer);
  sqlite3_stmt* get = nullptr;
  m->check(sqlite3_prepare_v2(m->db, "SELECT value FROM meta WHERE key = 'fingerprint'", -1, &get, nullptr), "read");
  std::string stored;
  if (sqlite3_step(get) == SQLITE_ROW) stored = reinterpret_cast<const char*>(sqlite3_column_text(get, 0));
  sqlite3_finalize(get);
  if (stored != current) {  // another gazetteer or version: nothing stored can be reused
    m->exec("DELETE FROM articles");
    sqlite3_stmt* put = nullptr;
    m->check(sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", -1, &put, nullptr),
             "write");
    sqlite3_bind_text(put, 1, current.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(put);
    sqlite3_finalize(put);
    m->check(rc, "write");
  }
  m->check(sqlite3_prepare_v2(m->db, "SELECT result FROM articles WHERE id = ? AND hash = ?", -1, &m->select, nullptr),
           "read");
  m->check(sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO articles VALUES (?, ?, ?)", -1, &m->upsert, nullptr),
           "write");
}

StateStore::~StateStore() {
  if (m->open_transaction) sqlite3_exec(m->db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_finalize(m->select);
  sqlite3_finalize(m->upsert);
  sqlite3_close(m->db);
}

std::string StateStore::content_hash(const Article& a) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const std::string* field : {&a.id, &a.lang, &a.date, &a.title, &a.url, &a.source, &a.text}) h = fnv(h, *field);
  return hex(h);
}

std::optional<ArticleResult> StateStore::load(const std::string& id, const std::string& hash) {
  std::string stored;
  {
    const std::lock_guard<std::mutex> lock(m->mutex);
    sqlite3_reset(m->select);
    sqlite3_bind_text(m->select, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->select, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->select) != SQLITE_ROW) return std::nullopt;
    const unsigned char* text = sqlite3_column_text(m->select, 0);
    const bool damaged = text == nullptr;  // such a row is recomputed
    if (!damaged) stored = reinterpret_cast<const char*>(text);
    sqlite3_reset(m->select);  // no read cursor left open while the consumer writes
    if (damaged) return std::nullopt;
  }
  const json j = json::parse(stored, nullptr, false);
  if (j.is_discarded()) return std::nullopt;  // a damaged row is recomputed
  ArticleResult r;
  try {
    for (const json& mj : j.at("mentions")) {
      io::MentionFeature f;
      f.doc_id = mj.at(0).get<std::string>();
      f.start = mj.at(1).get<std::uint32_t>();
      f.end = mj.at(2).get<std::uint32_t>();
      f.text = mj.at(3).get<std::string>();
      f.place = mj.at(4).get<std::uint32_t>();
      f.confidence = mj.at(5).get<double>();
      f.relation = mj.at(6).get<std::string>();
      r.mentions.push_back(std::move(f));
    }
    for (const json& ej : j.at("events")) r.events.push_back(event_from_json(ej));
  } catch (const json::exception&) {
    return std::nullopt;
  }
  return r;
}

void StateStore::save(const std::string& id, const std::string& hash, const ArticleResult& result) {
  json mentions = json::array();
  for (const auto& f : result.mentions)
    mentions.push_back(json::array({f.doc_id, f.start, f.end, f.text, f.place, f.confidence, f.relation}));
  json evs = json::array();
  for (const auto& e : result.events) evs.push_back(to_json(e));
  const std::string text =
      json{{"mentions", mentions}, {"events", evs}}.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::lock_guard<std::mutex> lock(m->mutex);
  sqlite3_reset(m->upsert);
  sqlite3_bind_text(m->upsert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 3, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  m->check(sqlite3_step(m->upsert), "write");
}

void StateStore::commit() {
  const std::lock_guard<std::mutex> lock(m->mutex);
  m->exec("COMMIT");
  m->open_transaction = false;
}

}  // namespace mawqi

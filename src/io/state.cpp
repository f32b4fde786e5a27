#include "mawqi/state.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "../util/fnv.hpp"
#include "mawqi/error.hpp"
#include "result_json.hpp"

namespace mawqi {
namespace {

using nlohmann::json;

// Results depend on the code as much as on the gazetteer: another build of mawqi starts afresh.
constexpr const char* kFormatVersion = "mawqi-state-2 " __DATE__ " " __TIME__;

using util::fnv_field;
using util::hex64;

// Identifies the build and everything of the gazetteer a result can depend on (every name,
// kind, coordinate, population, capital flag, country: Gazetteer::fingerprint) and of the
// lexicons (every byte of every table: Language::fingerprint) and of the resolver's weights.
std::string fingerprint(const gazetteer::Gazetteer& g, const lang::Language& language,
                        const resolve::Weights& weights) {
  std::uint64_t h = fnv_field(fnv_field(util::kFnvBasis, kFormatVersion), g.fingerprint());
  h = fnv_field(fnv_field(h, hex64(language.fingerprint())), hex64(weights.fingerprint()));
  return hex64(h);
}

}  // namespace

struct StateStore::Impl {
  std::string path;
  const gazetteer::Gazetteer* gazetteer = nullptr;
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

StateStore::StateStore(const std::string& path, const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                       const resolve::Weights& weights)
    : m(std::make_unique<Impl>()) {
  m->path = path;
  m->gazetteer = &gazetteer;
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
  const std::string current = fingerprint(gazetteer, language, weights);
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
  std::uint64_t h = util::kFnvBasis;
  for (const std::string* field : {&a.id, &a.lang, &a.date, &a.title, &a.url, &a.source, &a.text})
    h = fnv_field(h, *field);
  return hex64(h);
}

std::optional<ArticleResult> StateStore::decode(std::string_view stored, const std::string& id,
                                                const gazetteer::Gazetteer& gazetteer, std::string& damage) {
  const json j = json::parse(stored, nullptr, false);
  try {
    if (j.is_discarded()) throw io::DamagedRecord("not JSON");
    if (!j.is_object() || !j.contains("mentions") || !j.contains("events") || !j.at("mentions").is_array() ||
        !j.at("events").is_array())
      throw io::DamagedRecord("not a stored result");
    ArticleResult r;
    for (const json& mj : j.at("mentions")) {
      r.mentions.push_back(io::mention_from_json(mj, gazetteer));
      if (r.mentions.back().doc_id != id) throw io::DamagedRecord("a mention of another article");
    }
    for (const json& ej : j.at("events")) r.events.push_back(io::event_from_json(ej, gazetteer));
    return r;
  } catch (const std::exception& e) {  // DamagedRecord, or a JSON type error
    damage = e.what();
    return std::nullopt;
  }
}

StateStore::Stored StateStore::load(const std::string& id, const std::string& hash) {
  std::string stored;
  {
    const std::lock_guard<std::mutex> lock(m->mutex);
    sqlite3_reset(m->select);
    sqlite3_bind_text(m->select, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->select, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->select) != SQLITE_ROW) return {};
    const auto* text = static_cast<const char*>(sqlite3_column_blob(m->select, 0));
    const int bytes = sqlite3_column_bytes(m->select, 0);
    if (text != nullptr) stored.assign(text, static_cast<std::size_t>(bytes));
    sqlite3_reset(m->select);  // no read cursor left open while the consumer writes
  }
  Stored out;
  out.result = decode(stored, id, *m->gazetteer, out.damage);
  if (!out.result) out.damage = m->path + ": stored result of article '" + id + "' is damaged (" + out.damage + ")";
  return out;
}

void StateStore::save(const std::string& id, const std::string& hash, const ArticleResult& result) {
  json mentions = json::array();
  for (const auto& f : result.mentions) mentions.push_back(io::mention_to_json(f, *m->gazetteer));
  json evs = json::array();
  for (const auto& e : result.events) evs.push_back(io::event_to_json(e, *m->gazetteer));
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

#include "mawqi/state.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "../util/fnv.hpp"
#include "../util/word_hash.hpp"
#include "mawqi/error.hpp"
#include "result_json.hpp"

namespace mawqi {
namespace {

using nlohmann::json;

// Results depend on the code as much as on the gazetteer: another build of mawqi starts afresh.
constexpr const char* kFormatVersion = "mawqi-state-5 " __DATE__ " " __TIME__;  // 5: events' reports

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

// Of a row's encoded mentions and their count, bound to the article and the encoding: bytes that
// are damaged, or copied from another row, are not spliced into a layer.
std::string encoded_check(std::string_view id, std::string_view encoding, std::string_view encoded,
                          std::int64_t mention_count) {
  const std::string count = std::to_string(mention_count);
  util::Checksum sum(0);
  for (const std::string_view field : {id, encoding, std::string_view(count), encoded}) util::add_field(sum, field);
  return hex64(sum.finish());
}

std::vector<io::MentionFeature> decode_mentions(const json& mentions, const std::string& id,
                                                const gazetteer::Gazetteer& gazetteer) {
  if (!mentions.is_array()) throw io::DamagedRecord("not a stored result");
  std::vector<io::MentionFeature> out;
  for (const json& mj : mentions) {
    out.push_back(io::mention_from_json(mj, gazetteer));
    if (out.back().doc_id != id) throw io::DamagedRecord("a mention of another article");
  }
  return out;
}

std::vector<events::Event> decode_events(const json& evs, const gazetteer::Gazetteer& gazetteer) {
  if (!evs.is_array()) throw io::DamagedRecord("not a stored result");
  std::vector<events::Event> out;
  for (const json& ej : evs) out.push_back(io::event_from_json(ej, gazetteer));
  return out;
}

json parse_stored(std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw io::DamagedRecord("not JSON");
  return j;
}

std::string column_text(sqlite3_stmt* statement, int column) {
  const auto* text = static_cast<const char*>(sqlite3_column_blob(statement, column));
  const int bytes = sqlite3_column_bytes(statement, column);
  return text != nullptr ? std::string(text, static_cast<std::size_t>(bytes)) : std::string();
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
  m->exec("BEGIN IMMEDIATE");
  m->open_transaction = true;
  const std::string current = fingerprint(gazetteer, language, weights);
  sqlite3_stmt* get = nullptr;
  m->check(sqlite3_prepare_v2(m->db, "SELECT value FROM meta WHERE key = 'fingerprint'", -1, &get, nullptr), "read");
  std::string stored;
  if (sqlite3_step(get) == SQLITE_ROW) stored = reinterpret_cast<const char*>(sqlite3_column_text(get, 0));
  sqlite3_finalize(get);
  if (stored != current) {  // another gazetteer or version: nothing stored can be reused
    m->exec("DROP TABLE IF EXISTS articles");
    sqlite3_stmt* put = nullptr;
    m->check(sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", -1, &put, nullptr),
             "write");
    sqlite3_bind_text(put, 1, current.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(put);
    sqlite3_finalize(put);
    m->check(rc, "write");
  }
  // Each row: the events and the mentions as JSON, and the mentions encoded for one output
  // encoding (io::MentionEncoding), with a check of those bytes.
  m->exec(
      "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, events TEXT NOT NULL, "
      "mentions TEXT NOT NULL, mention_count INTEGER NOT NULL, encoding TEXT NOT NULL, encoded BLOB NOT NULL, "
      "encoded_check TEXT NOT NULL)");
  m->check(sqlite3_prepare_v2(m->db,
                              "SELECT events, mentions, mention_count, encoding, encoded, encoded_check FROM articles "
                              "WHERE id = ? AND hash = ?",
                              -1, &m->select, nullptr),
           "read");
  m->check(sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &m->upsert,
                              nullptr),
           "write");
}

StateStore::~StateStore() {
  if (m->open_transaction) sqlite3_exec(m->db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_finalize(m->select);
  sqlite3_finalize(m->upsert);
  sqlite3_close(m->db);
}

std::string StateStore::content_hash(const Article& a) {
  util::Checksum sum(0);
  for (const std::string* field : {&a.id, &a.lang, &a.date, &a.title, &a.url, &a.source, &a.text})
    util::add_field(sum, *field);
  return hex64(sum.finish());
}

std::optional<ArticleResult> StateStore::decode(std::string_view stored, const std::string& id,
                                                const gazetteer::Gazetteer& gazetteer, std::string& damage) {
  try {
    const json j = parse_stored(stored);
    if (!j.is_object() || !j.contains("mentions") || !j.contains("events"))
      throw io::DamagedRecord("not a stored result");
    ArticleResult r;
    r.mentions = decode_mentions(j.at("mentions"), id, gazetteer);
    r.events = decode_events(j.at("events"), gazetteer);
    return r;
  } catch (const std::exception& e) {  // DamagedRecord, or a JSON type error
    damage = e.what();
    return std::nullopt;
  }
}

StateStore::Stored StateStore::load(const std::string& id, const std::string& hash, const std::string& encoding) {
  std::string events, mentions, stored_encoding, encoded, check;
  std::int64_t mention_count = 0;
  {
    const std::lock_guard<std::mutex> lock(m->mutex);
    sqlite3_reset(m->select);
    sqlite3_bind_text(m->select, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->select, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->select) != SQLITE_ROW) return {};
    events = column_text(m->select, 0);
    stored_encoding = column_text(m->select, 3);
    const bool reuse_encoded = !encoding.empty() && stored_encoding == encoding;
    if (reuse_encoded) {
      mention_count = sqlite3_column_int64(m->select, 2);
      encoded = column_text(m->select, 4);
      check = column_text(m->select, 5);
    } else {
      mentions = column_text(m->select, 1);
    }
    sqlite3_reset(m->select);  // no read cursor left open while the consumer writes
  }
  Stored out;
  try {
    ArticleResult r;
    r.events = decode_events(parse_stored(events), *m->gazetteer);
    if (!encoding.empty() && stored_encoding == encoding) {
      if (check != encoded_check(id, encoding, encoded, mention_count))
        throw io::DamagedRecord("encoded mentions fail their check");
      if (mention_count < 0 || (mention_count == 0) != encoded.empty())
        throw io::DamagedRecord("a mention count out of range");
      out.encoded = std::move(encoded);
      out.mention_count = static_cast<std::size_t>(mention_count);
    } else {
      r.mentions = decode_mentions(parse_stored(mentions), id, *m->gazetteer);
      out.mention_count = r.mentions.size();
    }
    out.result = std::move(r);
  } catch (const std::exception& e) {  // DamagedRecord, or a JSON type error
    out.encoded.reset();
    out.damage = m->path + ": stored result of article '" + id + "' is damaged (" + e.what() + ")";
  }
  return out;
}

void StateStore::save(const std::string& id, const std::string& hash, const ArticleResult& result,
                      const std::string& encoding, std::string_view encoded) {
  json mentions = json::array();
  for (const auto& f : result.mentions) mentions.push_back(io::mention_to_json(f, *m->gazetteer));
  json evs = json::array();
  for (const auto& e : result.events) evs.push_back(io::event_to_json(e, *m->gazetteer));
  const std::string events_text = evs.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string mentions_text = mentions.dump(-1, ' ', false, json::error_handler_t::replace);
  const std::string check = encoded_check(id, encoding, encoded, static_cast<std::int64_t>(result.mentions.size()));
  const std::lock_guard<std::mutex> lock(m->mutex);
  sqlite3_reset(m->upsert);
  sqlite3_bind_text(m->upsert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 3, events_text.c_str(), static_cast<int>(events_text.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 4, mentions_text.c_str(), static_cast<int>(mentions_text.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(m->upsert, 5, static_cast<sqlite3_int64>(result.mentions.size()));
  sqlite3_bind_text(m->upsert, 6, encoding.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(m->upsert, 7, encoded.empty() ? "" : encoded.data(), static_cast<int>(encoded.size()),
                    SQLITE_TRANSIENT);
  sqlite3_bind_text(m->upsert, 8, check.c_str(), -1, SQLITE_TRANSIENT);
  m->check(sqlite3_step(m->upsert), "write");
}

void StateStore::commit() {
  const std::lock_guard<std::mutex> lock(m->mutex);
  m->exec("COMMIT");
  m->open_transaction = false;
}

}  // namespace mawqi

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
// 6: rows found by their record's bytes.
constexpr const char* kFormatVersion = "mawqi-state-6 " __DATE__ " " __TIME__;

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
  sqlite3_stmt* select_record = nullptr;
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
      // Large columns last, the one least read (the mentions as JSON, when the encoded bytes serve)
      // at the end: SQLite walks a row's overflow pages in column order to reach a column.
      "CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, record TEXT NOT NULL, "
      "text_bytes INTEGER NOT NULL, mention_count INTEGER NOT NULL, encoding TEXT NOT NULL, "
      "encoded_check TEXT NOT NULL, events TEXT NOT NULL, encoded BLOB NOT NULL, mentions TEXT NOT NULL)");
  m->exec("CREATE INDEX IF NOT EXISTS articles_by_record ON articles (record) WHERE record != ''");
  m->check(sqlite3_prepare_v2(m->db,
                              "SELECT events, mentions, mention_count, encoding, encoded, encoded_check FROM articles "
                              "WHERE id = ? AND hash = ?",
                              -1, &m->select, nullptr),
           "read");
  m->check(sqlite3_prepare_v2(m->db,
                              "SELECT events, mentions, mention_count, encoding, encoded, encoded_check, id, hash, "
                              "text_bytes FROM articles WHERE record = ? AND record != ''",
                              -1, &m->select_record, nullptr),
           "read");
  m->check(sqlite3_prepare_v2(
               m->db,
               "INSERT OR REPLACE INTO articles (id, hash, events, mentions, mention_count, encoding, encoded, "
               "encoded_check, record, text_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               -1, &m->upsert, nullptr),
           "write");
}

StateStore::~StateStore() {
  if (m->open_transaction) sqlite3_exec(m->db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_finalize(m->select);
  sqlite3_finalize(m->select_record);
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

namespace {

// A row's columns as load and load_record read them (the first six of their selects).
struct Row {
  std::string events, mentions, stored_encoding, encoded, check;
  std::int64_t mention_count = 0;
};

// Reads the row `statement` stands on; the mentions only as the form `encoding` takes them.
Row read_row(sqlite3_stmt* statement, const std::string& encoding) {
  Row row;
  row.events = column_text(statement, 0);
  row.stored_encoding = column_text(statement, 3);
  if (!encoding.empty() && row.stored_encoding == encoding) {
    row.mention_count = sqlite3_column_int64(statement, 2);
    row.encoded = column_text(statement, 4);
    row.check = column_text(statement, 5);
  } else {
    row.mentions = column_text(statement, 1);
  }
  return row;
}

// A row's results checked and decoded; `damage` names `path` and the article when they are off.
StateStore::Stored decode_row(const std::string& path, const gazetteer::Gazetteer& gazetteer, const std::string& id,
                              Row&& row, const std::string& encoding) {
  StateStore::Stored out;
  try {
    ArticleResult r;
    r.events = decode_events(parse_stored(row.events), gazetteer);
    if (!encoding.empty() && row.stored_encoding == encoding) {
      if (row.check != encoded_check(id, encoding, row.encoded, row.mention_count))
        throw io::DamagedRecord("encoded mentions fail their check");
      if (row.mention_count < 0 || (row.mention_count == 0) != row.encoded.empty())
        throw io::DamagedRecord("a mention count out of range");
      out.encoded = std::move(row.encoded);
      out.mention_count = static_cast<std::size_t>(row.mention_count);
    } else {
      r.mentions = decode_mentions(parse_stored(row.mentions), id, gazetteer);
      out.mention_count = r.mentions.size();
    }
    out.result = std::move(r);
  } catch (const std::exception& e) {  // DamagedRecord, or a JSON type error
    out.encoded.reset();
    out.damage = path + ": stored result of article '" + id + "' is damaged (" + e.what() + ")";
  }
  return out;
}

}  // namespace

StateStore::Stored StateStore::load(const std::string& id, const std::string& hash, const std::string& encoding) {
  Row row;
  {
    const std::lock_guard<std::mutex> lock(m->mutex);
    sqlite3_reset(m->select);
    sqlite3_bind_text(m->select, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(m->select, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->select) != SQLITE_ROW) return {};
    row = read_row(m->select, encoding);
    sqlite3_reset(m->select);  // no read cursor left open while the consumer writes
  }
  return decode_row(m->path, *m->gazetteer, id, std::move(row), encoding);
}

std::string StateStore::record_hash(std::string_view json) {
  util::Checksum low(0), high(0x9E3779B97F4A7C15ULL);  // two independent seeds
  util::add_field(low, json);
  util::add_field(high, json);
  return hex64(low.finish()) + hex64(high.finish());
}

StateStore::StoredRecord StateStore::load_record(const std::string& record_hash, const std::string& encoding) {
  StoredRecord out;
  Row row;
  {
    const std::lock_guard<std::mutex> lock(m->mutex);
    sqlite3_reset(m->select_record);
    sqlite3_bind_text(m->select_record, 1, record_hash.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(m->select_record) != SQLITE_ROW) return {};
    row = read_row(m->select_record, encoding);
    out.id = column_text(m->select_record, 6);
    out.hash = column_text(m->select_record, 7);
    const std::int64_t text_bytes = sqlite3_column_int64(m->select_record, 8);
    sqlite3_reset(m->select_record);
    if (out.id.empty() || text_bytes < 0) return {};  // damaged: the parse and load by id say so
    out.text_bytes = static_cast<std::size_t>(text_bytes);
  }
  out.stored = decode_row(m->path, *m->gazetteer, out.id, std::move(row), encoding);
  if (!out.stored.result) return {};
  return out;
}

void StateStore::save(const std::string& id, const std::string& hash, const ArticleResult& result,
                      const std::string& encoding, std::string_view encoded, std::string_view record_hash,
                      std::size_t text_bytes) {
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
  sqlite3_bind_text(m->upsert, 9, record_hash.empty() ? "" : record_hash.data(), static_cast<int>(record_hash.size()),
                    SQLITE_TRANSIENT);  // "" for none: a null view would bind NULL
  sqlite3_bind_int64(m->upsert, 10, static_cast<sqlite3_int64>(text_bytes));
  m->check(sqlite3_step(m->upsert), "write");
}

void StateStore::commit() {
  const std::lock_guard<std::mutex> lock(m->mutex);
  m->exec("COMMIT");
  m->open_transaction = false;
}

}  // namespace mawqi

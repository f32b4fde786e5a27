#pragma once
// Incremental runs (--state FILE, SQLite): each article's id, content hash and results, so an
// unchanged article is not processed again. Bound to one gazetteer, one set of lexicons and
// one mawqi version: when any changes, the stored results are dropped.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "mawqi/gazetteer.hpp"
#include "mawqi/language.hpp"
#include "mawqi/pipeline.hpp"

namespace mawqi {

class StateStore {
 public:
  // Opens or creates the file and starts a transaction; the changes of a run land only with
  // commit(), so a failed run leaves the state as it was.
  StateStore(const std::string& path, const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
             const resolve::Weights& weights);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // load and save may be called from any thread; commit once they are all done.
  [[nodiscard]] static std::string content_hash(const Article& article);
  // What the state holds for this id and hash: a result checked against the gazetteer, or
  // nothing; `damage` says why a stored row could not be used (the article is recomputed).
  // With a mention encoding (io::MentionEncoding::id) that the row was stored with, `encoded`
  // gives the mentions' encoded bytes and `result` only the events: the mentions are not decoded.
  struct Stored {
    std::optional<ArticleResult> result;
    std::optional<std::string> encoded;
    std::size_t mention_count = 0;
    std::string damage;
  };
  [[nodiscard]] Stored load(const std::string& id, const std::string& hash, const std::string& encoding = {});
  // Of a record's bytes as read (io::RawRecord::json), to know an unchanged record before it is
  // parsed: 128 bits, as every record of a corpus meets every row.
  [[nodiscard]] static std::string record_hash(std::string_view json);
  // What the state holds for a record of these bytes, when it was saved with them (a record
  // with its own id that gave no warning: its bytes say all that parsing them would): load's
  // answer and the article's id, content hash and text length. Nothing when a row is damaged;
  // load by id then says why.
  struct StoredRecord {
    Stored stored;
    std::string id, hash;
    std::size_t text_bytes = 0;
  };
  [[nodiscard]] StoredRecord load_record(const std::string& record_hash, const std::string& encoding = {});
  // A stored row read back, every field checked (types, ranges, places in `gazetteer`, the
  // mentions' article); nullopt with `damage` set when anything is off.
  [[nodiscard]] static std::optional<ArticleResult> decode(std::string_view stored, const std::string& id,
                                                           const gazetteer::Gazetteer& gazetteer, std::string& damage);
  // `encoded`: the mentions as the MentionEncoder of `encoding` gave them (empty `encoding`: none).
  // `record_hash` (of the record's bytes, or empty) and `text_bytes` serve load_record.
  void save(const std::string& id, const std::string& hash, const ArticleResult& result,
            const std::string& encoding = {}, std::string_view encoded = {}, std::string_view record_hash = {},
            std::size_t text_bytes = 0);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace mawqi

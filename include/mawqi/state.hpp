#pragma once
// Incremental runs (--state FILE, SQLite): each article's id, content hash and results, so an
// unchanged article is not processed again. Bound to one gazetteer and mawqi version: when
// either changes, the stored results are dropped.
#include <memory>
#include <optional>
#include <string>

#include "mawqi/gazetteer.hpp"
#include "mawqi/pipeline.hpp"

namespace mawqi {

class StateStore {
 public:
  // Opens or creates the file and starts a transaction; the changes of a run land only with
  // commit(), so a failed run leaves the state as it was.
  StateStore(const std::string& path, const gazetteer::Gazetteer& gazetteer);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // load and save may be called from any thread; commit once they are all done.
  [[nodiscard]] static std::string content_hash(const Article& article);
  [[nodiscard]] std::optional<ArticleResult> load(const std::string& id, const std::string& hash);
  void save(const std::string& id, const std::string& hash, const ArticleResult& result);
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace mawqi

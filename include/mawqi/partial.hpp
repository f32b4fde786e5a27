#pragma once
// A shard's results before the merge across articles (mawqi run --partial, mawqi merge): each
// accepted article's id, mentions and own events, in input order, as JSON Lines between a header
// that binds them to one gazetteer, lexicons, weights and mawqi version and an end record that
// counts and checks them. Partials concatenated in shard order are the articles of one run over
// the whole corpus, so merging them (in a tree or at once) gives that run's layers.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/language.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/resolve.hpp"

namespace mawqi {

// What results depend on besides the text: partials of another configuration are not merged.
[[nodiscard]] std::string partial_fingerprint(const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                                              const resolve::Weights& weights);

// Where a partial's articles lie in a plan (mawqi plan): the shards first..last of `count`, of
// the plan whose text hashes to `plan` (io::plan_digest). A merge takes planned partials only
// in order, without a gap, and into layers only all of them: a missing, repeated, stale or
// misplaced shard is refused rather than mapped.
struct PlanPosition {
  std::string plan;
  std::size_t first = 0, last = 0, count = 0;
  bool operator==(const PlanPosition&) const = default;
};

// Written beside `path` and renamed onto it by finish(): a shard that dies leaves no partial
// that looks whole. Destroying an unfinished writer removes what it wrote.
class PartialWriter {
 public:
  PartialWriter(std::string path, std::string fingerprint, const gazetteer::Gazetteer& gazetteer,
                const std::optional<PlanPosition>& position = std::nullopt);
  ~PartialWriter();
  PartialWriter(const PartialWriter&) = delete;
  PartialWriter& operator=(const PartialWriter&) = delete;

  // `origin`: where the article was read ("file:line"), for the merge's messages.
  void add(const std::string& id, const std::string& origin, const ArticleResult& result);
  // `skipped`: the bad records of the shard, carried into the merge's count.
  void finish(std::size_t skipped);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// Reads one partial back, every field checked against `gazetteer` (places by id); throws
// InputError naming the file, the line and the field for a partial that is damaged, truncated
// or of another configuration.
class PartialReader {
 public:
  PartialReader(const std::string& path, const std::string& fingerprint, const gazetteer::Gazetteer& gazetteer);
  ~PartialReader();
  PartialReader(const PartialReader&) = delete;
  PartialReader& operator=(const PartialReader&) = delete;

  struct Entry {
    std::string id;
    std::string where;   // "partial:line", for messages about the partial
    std::string origin;  // where the article was read ("file:line")
    ArticleResult result;
  };
  // The next article, or nullopt after the end record (whose counts and check have held).
  [[nodiscard]] std::optional<Entry> next();
  // The shard's bad records, known once next() has returned nullopt.
  [[nodiscard]] std::size_t skipped() const;
  [[nodiscard]] const std::optional<PlanPosition>& position() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace mawqi

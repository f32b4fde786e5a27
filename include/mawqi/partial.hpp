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

// Written beside `path` and renamed onto it by finish(): a shard that dies leaves no partial
// that looks whole. Destroying an unfinished writer removes what it wrote.
class PartialWriter {
 public:
  PartialWriter(std::string path, std::string fingerprint, const gazetteer::Gazetteer& gazetteer);
  ~PartialWriter();
  PartialWriter(const PartialWriter&) = delete;
  PartialWriter& operator=(const PartialWriter&) = delete;

  void add(const std::string& id, const ArticleResult& result);
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
    std::string where;  // "file:line", for messages
    ArticleResult result;
  };
  // The next article, or nullopt after the end record (whose counts and check have held).
  [[nodiscard]] std::optional<Entry> next();
  // The shard's bad records, known once next() has returned nullopt.
  [[nodiscard]] std::size_t skipped() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

}  // namespace mawqi

#include "mawqi/run.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

#include "mawqi/error.hpp"
#include "mawqi/pipeline.hpp"
#include "mawqi/state.hpp"
#include "result_sink.hpp"

namespace mawqi {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::uint64_t input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& in : inputs) {
    if (in == "-") continue;
    if (fs::is_directory(in, ec)) {
      for (auto it = fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec))
        if (!ec && it->is_regular_file(ec)) total += it->file_size(ec);
    } else if (fs::is_regular_file(in, ec)) {
      total += fs::file_size(in, ec);
    }
  }
  return total;
}

std::uint64_t shard_bytes(const io::Shard& shard) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const io::InputSlice& s : shard) {
    const std::uint64_t size = fs::file_size(s.path, ec);
    if (!ec) total += std::min(size, s.end) - std::min(size, s.begin);
  }
  return total;
}

// "12,345 articles  2,310/s  1.8 MB/s  ETA 0:42" on one rewritten line of a terminal.
class Progress {
 public:
  Progress(bool enabled, std::uint64_t total_bytes) : m_enabled(enabled), m_total(total_bytes) {}
  ~Progress() {
    if (m_enabled && m_shown) std::fputs("\n", stderr);
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t articles, std::uint64_t bytes, bool force = false) {
    if (!m_enabled) return;
    const auto now = Clock::now();
    if (!force && now - m_last < std::chrono::milliseconds(200)) return;
    m_last = now;
    const double seconds = std::chrono::duration<double>(now - m_start).count();
    const double rate = seconds > 0 ? double(articles) / seconds : 0;
    const double mbps = seconds > 0 ? double(bytes) / seconds / 1e6 : 0;
    char eta[32] = "";
    if (m_total > bytes && bytes > 0 && seconds > 0) {
      const auto left = static_cast<long>(double(m_total - bytes) / (double(bytes) / seconds));
      std::snprintf(eta, sizeof eta, "  ETA %ld:%02ld", left / 60, left % 60);
    }
    std::fprintf(stderr, "\r%zu articles  %.0f/s  %.1f MB/s%s   ", articles, rate, mbps, eta);
    m_shown = true;
  }

 private:
  bool m_enabled;
  std::uint64_t m_total;
  bool m_shown = false;
  Clock::time_point m_start = Clock::now();
  Clock::time_point m_last{};
};

// Records go to the workers in batches: one hand-over per batch, not per article.
constexpr std::size_t kBatchRecords = 32;
constexpr std::size_t kBatchBytes = 256 * 1024;
// Batches in flight per worker: enough that one slow batch, which holds up the consumption in
// input order, does not leave the other workers idle (BENCHMARKS.md: 4, 16 and 64 measured),
// few enough to keep memory flat.
constexpr std::size_t kBatchesInFlightPerJob = 16;

// One record, read and processed.
struct Outcome {
  std::optional<InputError> error;    // the record could not be read, parsed or processed
  std::vector<std::string> warnings;  // given in input order, with the record
  Article article;                    // its text dropped once processed
  std::string hash;                   // content hash, with a state file
  ArticleResult result;
  // The mentions as GDAL's driver encoded them, when the state had them for this output's
  // encoding (result.mentions is then empty).
  std::optional<std::string> encoded;
  std::size_t mention_count = 0;
  bool fresh = true;  // computed in this run (not reused from the state)
  std::uint64_t bytes = 0;
  // Of the record's bytes, with a state file, when they say all its parse would (StateStore::load_record).
  std::string record_hash;
};

// An article's work grows with its text (about 75 bytes of memory per byte of text at its peak);
// a text no news report reaches (a book is 1 MB) is a dump or a mistake, and is skipped as a bad
// record rather than risking the run.
constexpr std::size_t kMaxArticleBytes = 16 << 20;

Outcome process_record(io::RawRecord&& record, const Pipeline& pipeline, StateStore* state,
                       const std::string& encoding_id) {
  Outcome out;
  const std::string where = record.where;
  // A record of the same bytes as one the state holds is that article unchanged: its results are
  // taken without parsing it (a quarter of an incremental run otherwise).
  std::string record_hash;
  if (state != nullptr && !record.json.empty() && !record.whole_file && !record.article && !record.error) {
    record_hash = StateStore::record_hash(record.json);
    StateStore::StoredRecord stored = state->load_record(record_hash, encoding_id);
    if (stored.stored.result) {
      out.article.id = std::move(stored.id);
      out.article.origin = where;
      out.hash = std::move(stored.hash);
      out.bytes = stored.text_bytes;
      out.result = std::move(*stored.stored.result);
      out.fresh = false;
      out.encoded = std::move(stored.stored.encoded);
      out.mention_count = stored.stored.mention_count;
      out.record_hash = std::move(record_hash);
      return out;
    }
  }
  try {
    out.article = io::parse_record(std::move(record));
  } catch (const InputError& e) {
    out.error = e;
    return out;
  } catch (const std::bad_alloc&) {
    out.error = InputError(where, "", "too large to read in the memory available");
    return out;
  }
  out.bytes = out.article.text.size();
  if (out.bytes > kMaxArticleBytes) {
    out.error = InputError(out.article.origin, "text",
                           std::to_string((out.bytes + (1U << 20) - 1) >> 20) + " MB, more than the " +
                               std::to_string(kMaxArticleBytes >> 20) + " MB an article may have");
    return out;
  }
  try {
    if (state != nullptr) {
      out.hash = StateStore::content_hash(out.article);
      // Its bytes alone say what parsing them says, but for an id derived from where it was read
      // and warnings that name that place.
      if (!out.article.id_derived && out.article.warnings.empty()) out.record_hash = std::move(record_hash);
      // Unchanged since the last run with this state and gazetteer: reuse its results.
      StateStore::Stored stored = state->load(out.article.id, out.hash, encoding_id);
      if (stored.result) {
        out.result = std::move(*stored.result);
        out.fresh = false;
        out.encoded = std::move(stored.encoded);
        out.mention_count = stored.mention_count;
      } else if (!stored.damage.empty()) {
        out.warnings.push_back(stored.damage + "; the article is processed again");
      }
    }
    if (out.fresh) {
      out.result = pipeline.process(out.article);
      out.mention_count = out.result.mentions.size();
    }
  } catch (const std::bad_alloc&) {
    // One article too large for this machine: the others still get mapped.
    out.result = ArticleResult{};
    out.error = InputError(out.article.origin, "text", "too large to process in the memory available");
  }
  std::string().swap(out.article.text);
  return out;
}

}  // namespace

void refuse_output_inside(const std::string& out, const std::vector<std::string>& folders, const char* what) {
  if (out.starts_with("PG:") || out.starts_with("pg:")) return;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(out, ec), ec);
  for (const std::string& folder : folders) {
    if (folder == "-" || !fs::is_directory(folder, ec)) continue;
    const fs::path dir = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    // `dir` is a prefix of `target`, element by element (so /a/bc is not inside /a/b).
    if (std::mismatch(dir.begin(), dir.end(), target.begin(), target.end()).first == dir.end())
      throw UsageError("--out " + out + ": inside the " + what + " folder " + folder +
                       "; write the layers somewhere that is not read");
  }
}

RunSummary run_corpus(const RunOptions& options, const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                      const std::function<void(const std::string&)>& warn) {
  if (options.partial_path.empty()) {
    refuse_output_inside(options.out, options.inputs, "input");
    refuse_output_inside(options.out, options.gazetteer_sources, "gazetteer");
    if (!options.lexicons.empty()) refuse_output_inside(options.out, {options.lexicons}, "lexicon");
  }
  // Before any thread starts: SIGINT/SIGTERM then remove the staging directory.
  const io::InterruptCleanup interrupt_cleanup;
  const unsigned jobs = options.jobs > 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  std::optional<StateStore> state;
  if (!options.state_path.empty()) state.emplace(options.state_path, gazetteer, language, options.weights);
  StateStore* const state_store = state ? &*state : nullptr;
  ResultSink sink(options.out, options.output, options.partial_path, options.fingerprint, gazetteer,
                  options.plan_position);
  const std::string& encoding_id = sink.encoding_id();
  Progress progress(options.progress, options.shard ? shard_bytes(*options.shard) : input_bytes(options.inputs));
  // A shard's slices, or the inputs whole.
  const auto read_inputs = [&](const std::function<void(io::RawRecord &&)>& sink_record) {
    if (options.shard)
      io::read_slices(*options.shard, sink_record);
    else
      io::read_records(options.inputs, sink_record);
  };
  io::ReadOptions read_options;
  read_options.strict = options.strict;
  io::RecordChecker checker(read_options, warn);

  RunSummary summary;
  std::uint64_t bytes_done = 0;

  // In input order: the checks that need every earlier record, then the writing.
  auto consume = [&](Outcome& done) {
    for (const std::string& warning : done.warnings) warn(warning);
    if (done.error) {
      checker.reject(*done.error);
      return;
    }
    if (!checker.accept(done.article)) return;
    // Stored without these bytes (fresh, or by a run into another format): encoded now, and kept.
    const bool encode_now = sink.add(done.article, done.result, done.encoded);
    summary.mentions += done.mention_count;
    if (state && (done.fresh || encode_now))
      state->save(done.article.id, done.hash, done.result, encoding_id,
                  encode_now ? std::string_view(*done.encoded) : std::string_view(), done.record_hash, done.bytes);
    if (!done.fresh) ++summary.reused;
    sink.add_events(std::move(done.result.events));
    bytes_done += done.bytes;
    ++summary.articles;
    progress.update(summary.articles, bytes_done);
  };

  if (jobs == 1) {
    const Pipeline pipeline(gazetteer, language, options.weights);
    read_inputs([&](io::RawRecord&& record) {
      Outcome done = process_record(std::move(record), pipeline, state_store, encoding_id);
      consume(done);
    });
  } else {
    // Batches are processed in any order and consumed in input order.
    std::mutex mutex;
    std::condition_variable work_ready, result_ready;
    std::deque<std::pair<std::uint64_t, std::vector<io::RawRecord>>> work;
    std::map<std::uint64_t, std::vector<Outcome>> results;
    std::uint64_t next_batch = 0, next_to_consume = 0;
    bool closing = false;
    std::exception_ptr worker_error;

    // Consumes every batch that is next in input order (the caller holds the lock).
    auto drain = [&](std::unique_lock<std::mutex>& lock) {
      for (auto it = results.find(next_to_consume); it != results.end(); it = results.find(next_to_consume)) {
        std::vector<Outcome> batch = std::move(it->second);
        results.erase(it);
        ++next_to_consume;
        lock.unlock();
        for (Outcome& done : batch) consume(done);
        lock.lock();
      }
    };
    // Waits until `finished()` holds, consuming in order meanwhile; rethrows a worker's error.
    // The wait checks again under the lock, so a result or an error that came while drain had
    // it unlocked is not missed.
    auto consume_until = [&](std::unique_lock<std::mutex>& lock, const auto& finished) {
      for (;;) {
        if (worker_error) std::rethrow_exception(worker_error);
        drain(lock);
        if (finished()) return;
        result_ready.wait(lock, [&] { return worker_error || results.contains(next_to_consume); });
      }
    };
    std::vector<std::thread> workers;
    // After an error the batches still queued are dropped, not processed for nothing.
    auto stop_workers = [&](bool drop_queued) {
      {
        const std::lock_guard<std::mutex> lock(mutex);
        closing = true;
        if (drop_queued) work.clear();
      }
      work_ready.notify_all();
      for (auto& t : workers)
        if (t.joinable()) t.join();
    };
    auto work_loop = [&] {
      try {
        const Pipeline pipeline(gazetteer, language, options.weights);
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
          work_ready.wait(lock, [&] { return closing || !work.empty(); });
          if (work.empty()) return;
          auto [seq, records] = std::move(work.front());
          work.pop_front();
          lock.unlock();
          std::vector<Outcome> done;
          done.reserve(records.size());
          for (io::RawRecord& record : records)
            done.push_back(process_record(std::move(record), pipeline, state_store, encoding_id));
          lock.lock();
          results.emplace(seq, std::move(done));
          result_ready.notify_all();
        }
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex);
        worker_error = std::current_exception();
        result_ready.notify_all();
      }
    };

    try {
      for (unsigned w = 0; w < jobs; ++w) workers.emplace_back(work_loop);
      std::vector<io::RawRecord> batch;
      std::size_t batch_bytes = 0;
      auto submit = [&] {
        std::unique_lock<std::mutex> lock(mutex);
        // A bounded number of batches in flight.
        consume_until(lock, [&] { return next_batch - next_to_consume < kBatchesInFlightPerJob * jobs; });
        work.emplace_back(next_batch++, std::move(batch));
        work_ready.notify_one();
        batch.clear();
        batch_bytes = 0;
      };
      // Duplicate ids are found when consumed, in input order, so a duplicate is processed
      // before it is dropped: the price of parsing on the workers.
      read_inputs([&](io::RawRecord&& record) {
        batch_bytes += record.json.size() + (record.article ? record.article->text.size() : 0);
        batch.push_back(std::move(record));
        if (batch.size() >= kBatchRecords || batch_bytes >= kBatchBytes) submit();
      });
      if (!batch.empty()) submit();
      std::unique_lock<std::mutex> lock(mutex);
      consume_until(lock, [&] { return next_to_consume == next_batch; });
    } catch (...) {
      stop_workers(true);
      throw;
    }
    stop_workers(false);
    if (worker_error) std::rethrow_exception(worker_error);
  }
  summary.skipped = checker.stats().skipped;
  progress.update(summary.articles, bytes_done, true);

  sink.finish(summary);
  if (state) state->commit();
  return summary;
}

}  // namespace mawqi

#pragma once
// I/O module: reads articles (nlohmann/json) and writes map layers (GDAL/OGR).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mawqi/error.hpp"
#include "mawqi/events.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/place.hpp"

namespace mawqi::io {

struct ReadOptions {
  bool strict = false;  // the first bad record is fatal (InputError) instead of skipped
};

struct ReadStats {
  std::size_t articles = 0;
  std::size_t skipped = 0;
};

// Reads .json (object or array), .jsonl/.ndjson, .txt, directories (recursively, sorted) and "-"
// (JSON Lines on stdin). Each good article goes to `sink` in input order; each bad record is
// reported to `warn` as "file:line: field: problem" and skipped, and so is what was dropped
// from a good one (an invalid date). A file named with another extension is skipped with a
// warning (article_inputs); in directories such files are ignored.
ReadStats read_articles(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(Article&&)>& sink,
                        const std::function<void(const std::string&)>& warn);

// read_articles in three parts, for a caller that parses on many threads: read_records
// splits the input into records (cheap, in input order), parse_record turns one into an
// article (the costly part, any thread), and a RecordChecker, fed the results in input order,
// rejects duplicate ids and decides what a bad record does.
struct RawRecord {
  std::string where;                // "file:line" (JSON Lines), "file: item n" (array), "file"
  std::string fallback_id;          // the id of a record that has none
  std::string json;                 // one JSON value to parse, unless `article` or `error` is set
  bool whole_file = false;          // `json` is a whole .json file: a syntax error names its line
  std::optional<Article> article;   // already read (.txt files, items of JSON arrays)
  std::optional<InputError> error;  // a record that could not be read
};
// The inputs less the files named there that are not article files (.json, .jsonl, .ndjson,
// .txt), each reported to `warn` ("notes.md: not an article file …; skipped").
[[nodiscard]] std::vector<std::string> article_inputs(const std::vector<std::string>& inputs,
                                                      const std::function<void(const std::string&)>& warn);
// Calls `sink` for every record of the inputs in order, skipping the files article_inputs
// reports; throws InputError for an input that does not exist.
void read_records(const std::vector<std::string>& inputs, const std::function<void(RawRecord&&)>& sink);
// A file to read, or a part of one: a JSON Lines file may be cut between lines into slices
// that are read on different machines, each knowing its first line's number so that messages
// and derived ids ("file:line") are those of a single run.
struct InputSlice {
  static constexpr std::uint64_t kToEnd = UINT64_MAX;
  std::string path;         // a file, never a directory
  std::uint64_t begin = 0;  // JSON Lines: the bytes [begin, end), whole lines; else 0
  std::uint64_t end = kToEnd;
  std::uint64_t first_line = 1;  // the number of the line at `begin`
  std::string unreadable;        // a directory entry that is no readable file: read as this error
};
using Shard = std::vector<InputSlice>;
// The inputs' files in reading order (directories expanded and sorted, as read_records reads
// them), each whole; UsageError for "-" (standard input cannot be shared out).
[[nodiscard]] std::vector<InputSlice> input_slices(const std::vector<std::string>& inputs);
// Calls `sink` for every record of the slices in order, as read_records does for whole inputs.
void read_slices(const std::vector<InputSlice>& slices, const std::function<void(RawRecord&&)>& sink);
// At most `count` shards of about equal bytes, cut only between records (a JSON Lines file
// after any line, other files whole): read in order, they are the records of read_records.
[[nodiscard]] std::vector<Shard> plan_shards(const std::vector<std::string>& inputs, std::size_t count);
// A plan as JSON ({"mawqi_plan":1,"shards":[[{"path":…,"begin":…,"end":…,"line":…}]]}) and
// back; InputError naming `where` and the field for anything else.
[[nodiscard]] std::string shard_plan_json(const std::vector<Shard>& shards);
[[nodiscard]] std::vector<Shard> parse_shard_plan(const std::string& text, const std::string& where);
// parse_shard_plan of a file (what `mawqi plan -o FILE` wrote).
[[nodiscard]] std::vector<Shard> read_shard_plan(const std::string& path);
// A plan's identity, bound into its shards' partials (PlanPosition::plan).
[[nodiscard]] std::string plan_digest(const std::vector<Shard>& shards);
// The article of a record; throws InputError naming where and the field. An integer id is
// kept as its exact text; an id that is not UTF-8 or holds a control character (U+0000–U+001F,
// U+007F–U+009F) is an error. A date may be a timestamp (its calendar date is kept); an invalid
// one is dropped with a message in Article::warnings.
[[nodiscard]] Article parse_record(RawRecord&& record);

class RecordChecker {
 public:
  RecordChecker(const ReadOptions& options, std::function<void(const std::string&)> warn);
  // Warns about a derived id; false (the record skipped, or InputError if strict) for an id
  // seen before; else reports the article's warnings (in the order accept is called).
  [[nodiscard]] bool accept(const Article& article);
  // Skips a bad record with a warning, or throws it if strict.
  void reject(const InputError& error);
  [[nodiscard]] const ReadStats& stats() const { return m_stats; }

 private:
  ReadOptions m_options;
  std::function<void(const std::string&)> m_warn;
  std::unordered_set<std::string> m_seen_ids;
  ReadStats m_stats;
};

// Parses one JSON object as an article; throws InputError naming `where` and the field.
[[nodiscard]] Article parse_article(const std::string& json_text, const std::string& where,
                                    const std::string& fallback_id);

struct MentionFeature {
  std::string doc_id;
  std::uint32_t start = 0, end = 0;
  std::string text;
  std::uint32_t place = 0;
  double confidence = 0;
  std::string relation;
};

struct Layers {
  std::vector<MentionFeature> mentions;
  std::vector<events::Event> incidents;
  std::vector<events::Event> handovers;
};

struct OutputOptions {
  // GeoJSON, GeoJSONSeq, GPKG, FlatGeobuf, KML, CSV, ACLED, PostgreSQL, in any case; empty: PostgreSQL
  // for an output that is a connection string (PG:…), else GeoJSON.
  std::string format;
  std::string t_srs;  // target CRS ("EPSG:3857"); empty = WGS 84
  // GeoJSON and GeoJSONSeq: the mentions are encoded by GDAL's driver an article at a time
  // (MentionEncoder) and the layer file is those bytes framed as the driver frames them, so that
  // an incremental run copies an unchanged article's bytes. false: every mention goes through one
  // GDAL layer, the reference those bytes equal.
  bool encoded_mentions = true;
  // --format ACLED: the folder of ACLED's conventions (formats/acled, found like the lexicons).
  std::string acled_conventions{};
  // A run into a directory (not ACLED) also writes map.html from map/ (MAWQI_MAP) and Debian's
  // Leaflet (mawqi/map_page.hpp); empty: no page.
  std::string map_folder{};
  std::string leaflet_folder{};
};

// The formats --format accepts.
[[nodiscard]] const std::vector<std::string>& output_formats();

// Checks the format name and the CRS before any work; throws UsageError.
void validate_output(const OutputOptions& options);
// The options for this output with the format named as the table above names it (gpkg → GPKG)
// and chosen when not given; UsageError for a connection string with a file format or the
// reverse.
[[nodiscard]] OutputOptions resolve_output(const std::string& out, const OutputOptions& options);

// Writes the three layers through GDAL/OGR. File formats: into a staging directory inside
// `out` (one file per layer and a QGIS .qml style beside it, or one mawqi.gpkg holding all
// three with styles in layer_styles), then renamed into place, so readers never see a
// half-written layer and a failed run leaves the previous ones as they were. PostgreSQL: `out`
// is a connection string ("PG:dbname=…"); rows are replaced by event_id (mentions by doc_id) in
// one transaction, never duplicated (not through this function: see LayerWriter).
void write_layers(const std::string& out, const OutputOptions& options, const Layers& layers,
                  const gazetteer::Gazetteer& gazetteer);

// How GDAL's driver writes a mentions layer that is a sequence of independent feature texts
// (GeoJSON, GeoJSONSeq): the bytes before the first feature, between two and after the last,
// learned from the driver itself. Other formats (GPKG, FlatGeobuf, KML, CSV, PostgreSQL) have
// none: their features go through GDAL one by one.
class MentionEncoding {
 public:
  [[nodiscard]] static std::optional<MentionEncoding> of(const std::string& out, const OutputOptions& options);
  // The driver, its options, the fields and GDAL's version: bytes stored under another id are
  // not reused (an incremental run after a GDAL upgrade encodes again).
  [[nodiscard]] const std::string& id() const;

  struct Frame;
  [[nodiscard]] const Frame& frame() const { return *m_frame; }

 private:
  explicit MentionEncoding(std::shared_ptr<const Frame> frame) : m_frame(std::move(frame)) {}
  std::shared_ptr<const Frame> m_frame;
};

// An article's mentions as GDAL's driver encodes them, joined as the driver joins consecutive
// features, so the layer is the articles' bytes in input order within its frame. Not shared
// between threads (it writes to a GDAL layer in memory).
class MentionEncoder {
 public:
  MentionEncoder(const MentionEncoding& encoding, const gazetteer::Gazetteer& gazetteer);
  ~MentionEncoder();
  MentionEncoder(const MentionEncoder&) = delete;
  MentionEncoder& operator=(const MentionEncoder&) = delete;
  [[nodiscard]] std::string encode(const std::vector<MentionFeature>& mentions);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// The same, streamed: each article as it is read, events at the end (after de-duplication).
// Nothing is visible at `out` until finish() returns; destroying an unfinished writer discards
// what it wrote (the staging directory, or the open transaction). PostgreSQL holds exactly what
// a fresh run over its articles would: add_article takes out what that article wrote before
// (mentions and its share of events), keeps its own events (`reports`, not yet merged) in a
// table mawqi_reports, and finish() merges again every event those articles took part in; the
// merged lists given to finish() are what file formats write.
class LayerWriter {
 public:
  LayerWriter(std::string out, const OutputOptions& options, const gazetteer::Gazetteer& gazetteer);
  ~LayerWriter();
  LayerWriter(const LayerWriter&) = delete;
  LayerWriter& operator=(const LayerWriter&) = delete;

  void add_article(const std::string& doc_id, const std::vector<MentionFeature>& mentions,
                   const std::vector<events::Event>& reports);
  // With a mention encoding (GeoJSON, GeoJSONSeq): an article's mentions as a MentionEncoder of
  // it gave them. `features`, when given, are the mentions those bytes were just encoded from:
  // the map page takes them as they are instead of reading the bytes back (stored bytes are read).
  [[nodiscard]] const MentionEncoding* mention_encoding() const;
  void add_encoded_mentions(std::string_view encoded, const std::vector<MentionFeature>* features = nullptr);
  void finish(const std::vector<events::Event>& incidents, const std::vector<events::Event>& handovers);

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// The text with every password of a connection string (password=…, postgresql://user:…@) replaced
// by ***, and flattened to one line: for every message and summary that may name an output.
[[nodiscard]] std::string redact_secrets(std::string text);

// While one lives, SIGINT, SIGTERM and SIGHUP remove the staging directories of this process's
// unfinished writers (waiting for a set of layers being switched) before the process ends by
// that signal; a later run into the same directory removes those of processes that died. Create
// it before any other thread: the signals are blocked in every thread started after it.
class InterruptCleanup {
 public:
  InterruptCleanup();
  ~InterruptCleanup();
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// A file written beside its destination and then renamed into place: while registered, the
// signals an InterruptCleanup watches remove it, as they remove staging directories.
void register_temporary(const std::string& path);
void unregister_temporary(const std::string& path);

// One gazetteer place as a JSON object (for `mawqi gazetteer lookup`).
[[nodiscard]] std::string place_json(const gazetteer::PlaceView& place);

}  // namespace mawqi::io

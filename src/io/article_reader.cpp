#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "mawqi/error.hpp"
#include "mawqi/events.hpp"
#include "mawqi/io.hpp"
#include "mawqi/text.hpp"

namespace mawqi::io {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string optional_string(const json& obj, const char* field, const std::string& where) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_string()) throw InputError(where, field, std::string("expected a string, found ") + it->type_name());
  return it->get<std::string>();
}

void strip_bom(std::string& s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
      static_cast<unsigned char>(s[2]) == 0xBF)
    s.erase(0, 3);
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// HH:MM, HH:MM:SS or HH:MM:SS.fraction (a leap second allowed).
bool valid_time(std::string_view t) {
  if (t.size() < 5 || t[2] != ':' || !digits(t.substr(0, 2)) || !digits(t.substr(3, 2))) return false;
  if (number(t.substr(0, 2)) > 23 || number(t.substr(3, 2)) > 59) return false;
  if (t.size() == 5) return true;
  if (t.size() < 8 || t[5] != ':' || !digits(t.substr(6, 2)) || number(t.substr(6, 2)) > 60) return false;
  if (t.size() == 8) return true;
  return (t[8] == '.' || t[8] == ',') && digits(t.substr(9));
}

// Z, +HH, +HHMM or +HH:MM (or -).
bool valid_zone(std::string_view z) {
  if (z == "Z" || z == "z") return true;
  if (z.empty() || (z[0] != '+' && z[0] != '-')) return false;
  z.remove_prefix(1);
  std::string_view hours = z.substr(0, 2), minutes;
  if (z.size() == 4)
    minutes = z.substr(2);
  else if (z.size() == 5 && z[2] == ':')
    minutes = z.substr(3);
  else if (z.size() != 2)
    return false;
  if (!digits(hours) || number(hours) > 23) return false;
  return minutes.empty() || (digits(minutes) && number(minutes) <= 59);
}

// The publication day of a date (YYYY-MM-DD) or an ISO 8601 / RFC 3339 timestamp
// (2021-03-04T10:15:00Z, 2021-03-04 10:15, …+03:00, …00.123Z): the calendar date as written,
// which is the publisher's local day that "yesterday" counts from, whatever the zone.
std::optional<std::string> publication_day(std::string_view text) {
  const std::string_view day = text.substr(0, 10);
  if (!events::Date::parse_iso(day)) return std::nullopt;
  if (text.size() > 10) {
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
    std::string_view time = text.substr(11);
    std::string_view zone;
    if (const auto at = time.find_first_of("Zz+-"); at != std::string_view::npos) {
      zone = time.substr(at);
      time = time.substr(0, at);
      if (!valid_zone(zone)) return std::nullopt;
    }
    if (!valid_time(time)) return std::nullopt;
  }
  return std::string(day);
}

Article from_object(const json& obj, const std::string& where, const std::string& fallback_id) {
  if (!obj.is_object()) throw InputError(where, "", std::string("expected a JSON object, found ") + obj.type_name());
  Article a;
  a.origin = where;
  const auto text = obj.find("text");
  if (text == obj.end() || text->is_null()) throw InputError(where, "text", "missing");
  if (!text->is_string()) throw InputError(where, "text", std::string("expected a string, found ") + text->type_name());
  a.text = text->get<std::string>();
  if (const auto id = obj.find("id"); id != obj.end() && !id->is_null()) {
    // parse_json gives an integer id as its text, so only strings are left here.
    if (!id->is_string())
      throw InputError(where, "id", std::string("expected a string or integer, found ") + id->type_name());
    a.id = id->get<std::string>();
    if (a.id.empty()) throw InputError(where, "id", "empty");
  } else {
    a.id = fallback_id;
    a.id_derived = true;
  }
  a.lang = optional_string(obj, "lang", where);
  a.date = optional_string(obj, "date", where);
  if (!a.date.empty()) {
    if (auto day = publication_day(a.date)) {
      a.date = std::move(*day);
    } else {
      a.warnings.push_back(where + ": date: not a valid date '" + a.date + "'; the article is read without one");
      a.date.clear();
    }
  }
  a.title = optional_string(obj, "title", where);
  a.url = optional_string(obj, "url", where);
  a.source = optional_string(obj, "source", where);
  return a;
}

std::string line_of_error(const std::string& content, std::size_t byte) {
  const std::size_t upto = std::min(byte, content.size());
  return std::to_string(1 + std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
}

// Builds the DOM like json::parse, except that the "id" of an article (the top-level object or
// an object directly in a top-level array) is kept as text when it is an integer: exact at any
// size (18446744073709551615 does not wrap to -1, 2^100 does not become a double), so that
// 5 and "5" are one id. Other numbers, and numbers elsewhere, are what json::parse makes them.
class ArticleSax {
 public:
  explicit ArticleSax(json& root) : m_root(root) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(json::number_integer_t value) {
    return at_article_id() ? put(std::to_string(value)) : put(value);
  }
  bool number_unsigned(json::number_unsigned_t value) {
    return at_article_id() ? put(std::to_string(value)) : put(value);
  }
  bool number_float(json::number_float_t value, const json::string_t& text) {
    // An integer literal beyond 64 bits reaches here with its text.
    const bool integer = text.find_first_of(".eE") == std::string::npos;
    return integer && at_article_id() ? put(text) : put(value);
  }
  bool string(json::string_t& value) { return put(std::move(value)); }
  bool binary(json::binary_t& value) { return put(json::binary(std::move(value))); }
  bool key(json::string_t& name) {
    m_key = std::move(name);
    return true;
  }
  bool start_object(std::size_t /*elements*/) { return open(json::object()); }
  bool start_array(std::size_t /*elements*/) { return open(json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  template <class Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& error) {
    throw error;
  }

 private:
  // The value goes to the open array, under the last key of the open object, or to the root.
  json* place(json&& value) {
    if (m_open.empty()) {
      m_root = std::move(value);
      return &m_root;
    }
    json& parent = *m_open.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[m_key];  // a repeated key: the last value wins, as with json::parse
    slot = std::move(value);
    return &slot;
  }
  bool put(json&& value) {
    place(std::move(value));
    return true;
  }
  bool open(json&& container) {
    m_open.push_back(place(std::move(container)));
    return true;
  }
  bool close() {
    m_open.pop_back();
    return true;
  }
  [[nodiscard]] bool at_article_id() const {
    if (m_key != "id" || m_open.empty() || !m_open.back()->is_object()) return false;
    return m_open.size() == 1 || (m_open.size() == 2 && m_open.front()->is_array());
  }

  json& m_root;
  std::vector<json*> m_open;  // the containers being filled, outermost first
  std::string m_key;
};

// Parses JSON text; a syntax error of a whole file names its line.
json parse_json(const std::string& text, const std::string& where, bool whole_file) {
  try {
    json root;
    ArticleSax sax(root);
    json::sax_parse(text, &sax);
    return root;
  } catch (const json::parse_error& e) {
    throw InputError(whole_file ? where + ":" + line_of_error(text, e.byte) : where, "",
                     std::string("invalid JSON: ") + e.what());
  } catch (const json::exception& e) {  // a number out of range, …
    throw InputError(where, "", std::string("invalid JSON: ") + e.what());
  }
}

// What every record gets once read: its id checked (UTF-8 without control characters, which
// layers, CSV and PostgreSQL cannot all carry), its language detected when not given.
void finish(Article& a) {
  if (const std::string problem = text::identifier_problem(a.id); !problem.empty())
    throw InputError(a.origin, "id", problem);
  if (a.lang.empty()) {
    const auto script = text::dominant_script(a.text);
    a.lang = script == text::Script::arabic ? "ar" : (script == text::Script::latin ? "en" : "und");
  }
}

}  // namespace

Article parse_article(const std::string& json_text, const std::string& where, const std::string& fallback_id) {
  RawRecord record;
  record.where = where;
  record.fallback_id = fallback_id;
  record.json = json_text;
  return parse_record(std::move(record));
}

Article parse_record(RawRecord&& record) {
  if (record.error) throw *record.error;
  if (record.article) {
    finish(*record.article);
    return std::move(*record.article);
  }
  Article a = from_object(parse_json(record.json, record.where, record.whole_file), record.where, record.fallback_id);
  finish(a);
  return a;
}

RecordChecker::RecordChecker(const ReadOptions& options, std::function<void(const std::string&)> warn)
    : m_options(options), m_warn(std::move(warn)) {}

bool RecordChecker::accept(const Article& article) {
  if (article.id_derived) m_warn(article.origin + ": id: missing; using '" + article.id + "'");
  if (!m_seen_ids.insert(article.id).second) {
    reject(InputError(article.origin, "id", "duplicate id '" + article.id + "'"));
    return false;
  }
  for (const std::string& warning : article.warnings) m_warn(warning);
  ++m_stats.articles;
  return true;
}

void RecordChecker::reject(const InputError& error) {
  if (m_options.strict) throw error;
  ++m_stats.skipped;
  m_warn(std::string(error.what()) + " (record skipped)");
}

namespace {

bool is_article_file(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".txt";
}

// A file named as an input that read_records skips.
bool named_non_article(const std::string& input) {
  std::error_code ec;
  return input != "-" && fs::exists(input, ec) && !fs::is_directory(input, ec) && !is_article_file(input);
}

}  // namespace

std::vector<std::string> article_inputs(const std::vector<std::string>& inputs,
                                        const std::function<void(const std::string&)>& warn) {
  std::vector<std::string> kept;
  for (const std::string& input : inputs) {
    if (named_non_article(input))
      warn(input + ": not an article file (.json, .jsonl, .ndjson or .txt); skipped");
    else
      kept.push_back(input);
  }
  return kept;
}

namespace {

// Reads the records of `slices` and of stdin ("-" among `inputs`) in input order.
class RecordReader {
 public:
  explicit RecordReader(const std::function<void(RawRecord&&)>& sink) : m_sink(sink) {}

  void bad(InputError error) const {
    RawRecord r;
    r.error = std::move(error);
    m_sink(std::move(r));
  }

  // Lines from `first_line` on, until `limit` bytes are read (a slice of a file ends there).
  void read_lines(std::istream& in, const std::string& name, const std::string& stem, std::uint64_t first_line,
                  std::uint64_t limit = InputSlice::kToEnd) const {
    std::string line;
    std::uint64_t n = first_line - 1, consumed = 0;
    while (consumed < limit && std::getline(in, line)) {
      ++n;
      consumed += line.size() + 1;
      if (n == 1) strip_bom(line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      RawRecord r;
      r.where = name + ":" + std::to_string(n);
      r.fallback_id = stem + ":" + std::to_string(n);
      r.json = std::move(line);
      m_sink(std::move(r));
    }
  }

  void read_slice(const InputSlice& slice) const {
    if (!slice.unreadable.empty()) {
      bad(InputError(slice.path, "", slice.unreadable));
      return;
    }
    const fs::path path(slice.path);
    const std::string& name = slice.path;
    const std::string stem = path.stem().string();
    const std::string ext = path.extension().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      bad(InputError(name, "", "cannot read file"));
      return;
    }
    if (ext == ".jsonl" || ext == ".ndjson") {
      // A file that changed since the plan was made: its slices no longer fall between lines.
      std::error_code ec;
      const std::uint64_t size = fs::file_size(path, ec);
      char before = '\n';
      if (slice.begin > 0 && (!in.seekg(static_cast<std::streamoff>(slice.begin - 1)) || !in.get(before)))
        before = '\0';
      if (ec || before != '\n' || (slice.end != InputSlice::kToEnd && size < slice.end)) {
        bad(InputError(name, "",
                       "changed since its shard plan was made (bytes " + std::to_string(slice.begin) + "-" +
                           std::to_string(slice.end) + " are no longer whole lines); plan again"));
        return;
      }
      read_lines(in, name, stem, slice.first_line,
                 slice.end == InputSlice::kToEnd ? InputSlice::kToEnd : slice.end - slice.begin);
      return;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string content = buf.str();
    strip_bom(content);
    if (ext == ".txt") {
      if (!text::make_valid_utf8(content)) {
        bad(InputError(name, "text", "invalid UTF-8"));
        return;
      }
      if (content.find_first_not_of(" \t\r\n") == std::string::npos) {
        bad(InputError(name, "text", "empty file"));
        return;
      }
      RawRecord r;
      r.article.emplace();
      r.article->id = stem;
      r.article->text = std::move(content);
      r.article->origin = name;
      m_sink(std::move(r));
      return;
    }
    const std::size_t first = content.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || content[first] != '[') {  // one article: parsed later, like a line
      RawRecord r;
      r.where = name;
      r.fallback_id = stem;
      r.json = std::move(content);
      r.whole_file = true;
      m_sink(std::move(r));
      return;
    }
    json doc;
    try {
      doc = parse_json(content, name, true);
    } catch (const InputError& e) {
      bad(e);
      return;
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
      const std::string where = name + ": item " + std::to_string(i + 1);
      RawRecord r;
      try {
        r.article = from_object(doc[i], where, stem + ":" + std::to_string(i + 1));
      } catch (const InputError& e) {
        bad(e);
        continue;
      }
      m_sink(std::move(r));  // outside the try: what the sink throws (--strict) is not this item's
    }
  }

 private:
  const std::function<void(RawRecord&&)>& m_sink;
};

InputSlice whole_file(std::string path, std::string unreadable = {}) {
  InputSlice slice;
  slice.path = std::move(path);
  slice.unreadable = std::move(unreadable);
  return slice;
}

// The files of one input (a file, or a directory's article files, sorted), each whole.
void add_input_slices(const std::string& input, std::vector<InputSlice>& out) {
  if (named_non_article(input)) return;  // article_inputs says so
  std::error_code ec;
  const fs::path path(input);
  if (fs::is_directory(path, ec)) {
    std::vector<InputSlice> files;
    for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (is_article_file(it->path())) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec))
          files.push_back(whole_file(it->path().string()));
        else if (!it->is_directory(type_ec))
          files.push_back(
              whole_file(it->path().string(), "not a readable file (dangling link, device or no permission)"));
      }
    }
    std::sort(files.begin(), files.end(),
              [](const InputSlice& a, const InputSlice& b) { return fs::path(a.path) < fs::path(b.path); });
    out.insert(out.end(), std::make_move_iterator(files.begin()), std::make_move_iterator(files.end()));
  } else if (fs::exists(path, ec)) {
    out.push_back(whole_file(input));
  } else {
    throw InputError(input, "", "no such file or directory");
  }
}

}  // namespace

std::vector<InputSlice> input_slices(const std::vector<std::string>& inputs) {
  std::vector<InputSlice> out;
  for (const std::string& input : inputs) {
    if (input == "-") throw UsageError("--in -: standard input cannot be split into shards; name the files");
    add_input_slices(input, out);
  }
  return out;
}

void read_slices(const std::vector<InputSlice>& slices, const std::function<void(RawRecord&&)>& sink) {
  const RecordReader reader(sink);
  for (const InputSlice& slice : slices) reader.read_slice(slice);
}

void read_records(const std::vector<std::string>& inputs, const std::function<void(RawRecord&&)>& sink) {
  const RecordReader reader(sink);
  for (const std::string& input : inputs) {
    if (input == "-") {
      reader.read_lines(std::cin, "<stdin>", "stdin", 1);
      continue;
    }
    std::vector<InputSlice> files;
    add_input_slices(input, files);
    for (const InputSlice& file : files) reader.read_slice(file);
  }
}

ReadStats read_articles(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(Article&&)>& sink,
                        const std::function<void(const std::string&)>& warn) {
  RecordChecker checker(options, warn);
  read_records(article_inputs(inputs, warn), [&](RawRecord&& record) {
    Article article;
    try {
      article = parse_record(std::move(record));
    } catch (const InputError& e) {
      checker.reject(e);
      return;
    }
    if (checker.accept(article)) sink(std::move(article));
  });
  return checker.stats();
}

}  // namespace mawqi::io

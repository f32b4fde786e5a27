#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
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

Article from_object(const json& obj, const std::string& where, const std::string& fallback_id) {
  if (!obj.is_object()) throw InputError(where, "", std::string("expected a JSON object, found ") + obj.type_name());
  Article a;
  a.origin = where;
  const auto text = obj.find("text");
  if (text == obj.end() || text->is_null()) throw InputError(where, "text", "missing");
  if (!text->is_string()) throw InputError(where, "text", std::string("expected a string, found ") + text->type_name());
  a.text = text->get<std::string>();
  if (const auto id = obj.find("id"); id != obj.end() && !id->is_null()) {
    if (id->is_string())
      a.id = id->get<std::string>();
    else if (id->is_number_integer())
      a.id = std::to_string(id->get<std::int64_t>());
    else
      throw InputError(where, "id", std::string("expected a string or integer, found ") + id->type_name());
    if (a.id.empty()) throw InputError(where, "id", "empty");
  } else {
    a.id = fallback_id;
    a.id_derived = true;
  }
  a.lang = optional_string(obj, "lang", where);
  a.date = optional_string(obj, "date", where);
  if (!a.date.empty() && !events::Date::parse_iso(a.date))
    throw InputError(where, "date", "not a valid YYYY-MM-DD date: '" + a.date + "'");
  a.title = optional_string(obj, "title", where);
  a.url = optional_string(obj, "url", where);
  a.source = optional_string(obj, "source", where);
  return a;
}

std::string line_of_error(const std::string& content, std::size_t byte) {
  const std::size_t upto = std::min(byte, content.size());
  return std::to_string(1 + std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(upto), '\n'));
}

// Parses JSON text; a syntax error of a whole file names its line.
json parse_json(const std::string& text, const std::string& where, bool whole_file) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(whole_file ? where + ":" + line_of_error(text, e.byte) : where, "",
                     std::string("invalid JSON: ") + e.what());
  } catch (const json::exception& e) {  // a number out of range, …
    throw InputError(where, "", std::string("invalid JSON: ") + e.what());
  }
}

void finish(Article& a) {
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
  ++m_stats.articles;
  return true;
}

void RecordChecker::reject(const InputError& error) {
  if (m_options.strict) throw error;
  ++m_stats.skipped;
  m_warn(std::string(error.what()) + " (record skipped)");
}

void read_records(const std::vector<std::string>& inputs, const std::function<void(RawRecord&&)>& sink) {
  auto bad = [&](InputError error) {
    RawRecord r;
    r.error = std::move(error);
    sink(std::move(r));
  };
  auto read_lines = [&](std::istream& in, const std::string& name, const std::string& stem) {
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (n == 1) strip_bom(line);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      RawRecord r;
      r.where = name + ":" + std::to_string(n);
      r.fallback_id = stem + ":" + std::to_string(n);
      r.json = std::move(line);
      sink(std::move(r));
    }
  };
  auto read_file = [&](const fs::path& path) {
    const std::string name = path.string();
    const std::string stem = path.stem().string();
    const std::string ext = path.extension().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      bad(InputError(name, "", "cannot read file"));
      return;
    }
    if (ext == ".jsonl" || ext == ".ndjson") {
      read_lines(in, name, stem);
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
      sink(std::move(r));
      return;
    }
    const std::size_t first = content.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || content[first] != '[') {  // one article: parsed later, like a line
      RawRecord r;
      r.where = name;
      r.fallback_id = stem;
      r.json = std::move(content);
      r.whole_file = true;
      sink(std::move(r));
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
      sink(std::move(r));  // outside the try: what the sink throws (--strict) is not this item's
    }
  };

  for (const std::string& input : inputs) {
    if (input == "-") {
      read_lines(std::cin, "<stdin>", "stdin");
      continue;
    }
    std::error_code ec;
    const fs::path path(input);
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const std::string ext = it->path().extension().string();
        if (ext == ".json" || ext == ".jsonl" || ext == ".ndjson" || ext == ".txt") {
          std::error_code type_ec;
          if (it->is_regular_file(type_ec))
            files.push_back(it->path());
          else if (!it->is_directory(type_ec))
            bad(InputError(it->path().string(), "", "not a readable file (dangling link, device or no permission)"));
        }
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) read_file(f);
    } else if (fs::exists(path, ec)) {
      read_file(path);
    } else {
      throw InputError(input, "", "no such file or directory");
    }
  }
}

ReadStats read_articles(const std::vector<std::string>& inputs, const ReadOptions& options,
                        const std::function<void(Article&&)>& sink,
                        const std::function<void(const std::string&)>& warn) {
  RecordChecker checker(options, warn);
  read_records(inputs, [&](RawRecord&& record) {
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

// A corpus cut into shards in input order, for runs on many machines (mawqi run --shard,
// mawqi-dask): every record in exactly one shard, in the order a single run reads them.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../util/fnv.hpp"
#include "mawqi/error.hpp"
#include "mawqi/io.hpp"

namespace mawqi::io {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_lines_file(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

// Cuts shards at record boundaries once each reaches its share of the bytes.
class ShardCutter {
 public:
  ShardCutter(std::uint64_t total, std::size_t count) : m_total(total), m_count(count) {}

  // A record boundary at `offset` bytes into the corpus: true when the shard ends there.
  [[nodiscard]] bool cut_at(std::uint64_t offset) {
    if (offset < target()) return false;
    while (m_next < m_count && offset >= target()) ++m_next;
    return true;
  }

 private:
  // Where shard m_next ends: its share of the total (rounded so that the last one ends at it).
  [[nodiscard]] std::uint64_t target() const {
    if (m_next + 1 >= m_count) return UINT64_MAX;
    return static_cast<std::uint64_t>((static_cast<long double>(m_total) * (m_next + 1)) / m_count);
  }
  std::uint64_t m_total;
  std::size_t m_count;
  std::size_t m_next = 0;
};

std::uint64_t size_of(const InputSlice& s) {
  std::error_code ec;
  const auto size = fs::file_size(s.path, ec);
  return ec ? 0 : size;
}

}  // namespace

std::vector<Shard> plan_shards(const std::vector<std::string>& inputs, std::size_t count) {
  if (count == 0) throw UsageError("--shards must be at least 1");
  const std::vector<InputSlice> files = input_slices(inputs);
  std::uint64_t total = 0;
  for (const InputSlice& f : files) total += size_of(f);
  ShardCutter cutter(total, count);
  std::vector<Shard> shards(1);
  std::uint64_t offset = 0;  // bytes of the corpus before the current file
  auto cut = [&] {
    if (!shards.back().empty()) shards.emplace_back();
  };
  std::vector<char> buffer(1 << 20);
  for (const InputSlice& file : files) {
    const std::uint64_t size = size_of(file);
    if (!is_lines_file(file.path) || !file.unreadable.empty()) {
      shards.back().push_back(file);
      offset += size;
      if (cutter.cut_at(offset)) cut();
      continue;
    }
    // JSON Lines: a shard may end after any line; the line numbers are counted so that messages
    // and derived ids (file:line) are those of a single run.
    std::FILE* in = std::fopen(file.path.c_str(), "rb");
    if (in == nullptr) {  // read as the run reads it: a bad record
      shards.back().push_back(file);
      offset += size;
      continue;
    }
    InputSlice slice = file;
    std::uint64_t at = 0, line = 1;
    for (std::size_t got; (got = std::fread(buffer.data(), 1, buffer.size(), in)) > 0;) {
      const char* p = buffer.data();
      const char* const stop = p + got;
      while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(stop - p))) {
        p = static_cast<const char*>(nl) + 1;
        ++line;
        const std::uint64_t boundary = at + static_cast<std::uint64_t>(p - buffer.data());
        if (cutter.cut_at(offset + boundary)) {
          slice.end = boundary;
          shards.back().push_back(slice);
          cut();
          slice.begin = boundary;
          slice.first_line = line;
        }
      }
      at += got;
    }
    const bool failed = std::ferror(in) != 0;
    std::fclose(in);
    if (failed) throw Error(file.path + ": cannot read file");
    if (slice.begin < at || slice.begin == 0) {
      slice.end = InputSlice::kToEnd;
      shards.back().push_back(slice);
    }
    offset += std::max(at, size);
  }
  if (shards.back().empty()) shards.pop_back();
  return shards;
}

std::string shard_plan_json(const std::vector<Shard>& shards) {
  json plan{{"mawqi_plan", 1}, {"shards", json::array()}};
  for (const Shard& shard : shards) {
    json slices = json::array();
    for (const InputSlice& s : shard) {
      json j{{"path", s.path}};
      if (s.begin != 0) j["begin"] = s.begin;
      if (s.end != InputSlice::kToEnd) j["end"] = s.end;
      if (s.first_line != 1) j["line"] = s.first_line;
      if (!s.unreadable.empty()) j["unreadable"] = s.unreadable;
      slices.push_back(std::move(j));
    }
    plan["shards"].push_back(std::move(slices));
  }
  return plan.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
}

std::vector<Shard> read_shard_plan(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot read file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_shard_plan(text.str(), path);
}

std::string plan_digest(const std::vector<Shard>& shards) {
  return util::hex64(util::fnv1a(util::kFnvBasis, shard_plan_json(shards)));
}

std::vector<Shard> parse_shard_plan(const std::string& text, const std::string& where) {
  const json plan = json::parse(text, nullptr, false);
  if (plan.is_discarded() || !plan.is_object()) throw InputError(where, "", "not a shard plan (JSON object)");
  const auto version = plan.find("mawqi_plan");
  if (version == plan.end() || !version->is_number_integer() || version->get<int>() != 1)
    throw InputError(where, "mawqi_plan", "not a version-1 shard plan (from `mawqi plan`)");
  const auto list = plan.find("shards");
  if (list == plan.end() || !list->is_array()) throw InputError(where, "shards", "expected a list");
  std::vector<Shard> shards;
  for (std::size_t k = 0; k < list->size(); ++k) {
    const json& shard = (*list)[k];
    const std::string at = "shards[" + std::to_string(k) + "]";
    if (!shard.is_array()) throw InputError(where, at, "expected a list of slices");
    Shard out;
    for (std::size_t i = 0; i < shard.size(); ++i) {
      const json& s = shard[i];
      const std::string field = at + "[" + std::to_string(i) + "]";
      if (!s.is_object()) throw InputError(where, field, "expected an object");
      auto number = [&](const char* name, std::uint64_t fallback) {
        const auto it = s.find(name);
        if (it == s.end()) return fallback;
        if (!it->is_number_unsigned()) throw InputError(where, field + "." + name, "expected a whole number");
        return it->get<std::uint64_t>();
      };
      const auto path = s.find("path");
      if (path == s.end() || !path->is_string() || path->get<std::string>().empty())
        throw InputError(where, field + ".path", "expected a file name");
      InputSlice slice;
      slice.path = path->get<std::string>();
      slice.begin = number("begin", 0);
      slice.end = number("end", InputSlice::kToEnd);
      slice.first_line = number("line", 1);
      if (slice.end < slice.begin) throw InputError(where, field + ".end", "before its begin");
      if (slice.first_line == 0) throw InputError(where, field + ".line", "lines are counted from 1");
      if (const auto u = s.find("unreadable"); u != s.end()) {
        if (!u->is_string()) throw InputError(where, field + ".unreadable", "expected a string");
        slice.unreadable = u->get<std::string>();
      }
      out.push_back(std::move(slice));
    }
    shards.push_back(std::move(out));
  }
  return shards;
}

}  // namespace mawqi::io

#include "mawqi/partial.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../util/fnv.hpp"
#include "../util/word_hash.hpp"
#include "mawqi/error.hpp"
#include "mawqi/io.hpp"
#include "result_json.hpp"

namespace mawqi {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kPartialVersion = 2;  // 2: events carry their report's source and day

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Every article line, with its length: a line lost, doubled, reordered or edited fails it.
void add_line(util::Checksum& sum, std::string_view line) { util::add_field(sum, line); }

// Temporaries are named `.NAME.HOST.PID.tmp`: partials are often written to a file system shared
// by several machines, and only this host can tell whether one of its processes is alive.
std::string temporary_prefix(const fs::path& target) {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return "." + target.filename().string() + "." + std::string(host.data()) + ".";
}

// A temporary of a writer on this host that died (SIGKILL, power loss) is removed.
void remove_stale_temporaries(const fs::path& target, const std::string& prefix) {
  std::error_code ec;
  const fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix) || !name.ends_with(".tmp")) continue;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM) continue;
    // The pid may be another PID namespace's (a container of the same host name): the writer's
    // lock on its file says whether it is alive, and is released however the writer ended.
    const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      std::error_code remove_ec;
      fs::remove(it->path(), remove_ec);
    }
    ::close(fd);
  }
}

}  // namespace

std::string partial_fingerprint(const gazetteer::Gazetteer& gazetteer, const lang::Language& language,
                                const resolve::Weights& weights) {
  // The release, not the build: shards run by the same release on other machines merge.
  std::uint64_t h =
      util::fnv_field(util::kFnvBasis, "mawqi-partial-" + std::to_string(kPartialVersion) + " " + MAWQI_VERSION);
  h = util::fnv_field(h, gazetteer.fingerprint());
  h = util::fnv_field(util::fnv_field(h, util::hex64(language.fingerprint())), util::hex64(weights.fingerprint()));
  return util::hex64(h);
}

struct PartialWriter::Impl {
  std::string path;
  fs::path temporary;
  const gazetteer::Gazetteer* gazetteer = nullptr;
  std::FILE* file = nullptr;
  util::Checksum sum{0};
  std::size_t articles = 0;

  void write(std::string_view bytes) const {
    if (std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size())
      throw Error(temporary.string() + ": cannot write (" + std::strerror(errno) + ")");
  }
};

PartialWriter::PartialWriter(std::string path, std::string fingerprint, const gazetteer::Gazetteer& gazetteer,
                             const std::optional<PlanPosition>& position)
    : m(std::make_unique<Impl>()) {
  m->path = std::move(path);
  m->gazetteer = &gazetteer;
  const fs::path target(m->path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw UsageError("--partial " + m->path + ": is a directory; name a file");
  const std::string prefix = temporary_prefix(target);
  remove_stale_temporaries(target, prefix);
  m->temporary = target.parent_path() / (prefix + std::to_string(::getpid()) + ".tmp");
  io::register_temporary(m->temporary.string());
  m->file = std::fopen(m->temporary.c_str(), "wb");
  if (m->file == nullptr) {
    const std::string why = std::strerror(errno);
    io::unregister_temporary(m->temporary.string());
    throw Error(m->temporary.string() + ": cannot create (" + why + ")");
  }
  // Held while this writer lives (remove_stale_temporaries); on a file system without locks no
  // temporary is swept, rather than risk a live one.
  static_cast<void>(::flock(::fileno(m->file), LOCK_EX | LOCK_NB));
  static_cast<void>(std::setvbuf(m->file, nullptr, _IOFBF, 1 << 20));
  json header{{"mawqi_partial", kPartialVersion}, {"fingerprint", std::move(fingerprint)}};
  if (position)
    header["plan"] = json{
        {"digest", position->plan}, {"first", position->first}, {"last", position->last}, {"count", position->count}};
  m->write(dump(header) + "\n");
}

PartialWriter::~PartialWriter() {
  io::unregister_temporary(m->temporary.string());
  if (m->file == nullptr) return;
  std::fclose(m->file);
  std::error_code ec;
  fs::remove(m->temporary, ec);
}

void PartialWriter::add(const std::string& id, const std::string& origin, const ArticleResult& result) {
  json mentions = json::array();
  for (const auto& f : result.mentions) mentions.push_back(io::mention_to_json(f, *m->gazetteer));
  json evs = json::array();
  for (const auto& e : result.events) evs.push_back(io::event_to_json(e, *m->gazetteer));
  const std::string line =
      dump(json{{"id", id}, {"origin", origin}, {"mentions", std::move(mentions)}, {"events", std::move(evs)}});
  add_line(m->sum, line);
  m->write(line);
  m->write("\n");
  ++m->articles;
}

void PartialWriter::finish(std::size_t skipped) {
  m->write(
      dump(json{
          {"end", true}, {"articles", m->articles}, {"skipped", skipped}, {"check", util::hex64(m->sum.finish())}}) +
      "\n");
  const bool flushed = std::fflush(m->file) == 0 && ::fsync(::fileno(m->file)) == 0;
  const int closed = std::fclose(m->file);
  m->file = nullptr;
  std::error_code ec;
  if (!flushed || closed != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(m->temporary, ec);
    throw Error(m->temporary.string() + ": cannot write (" + why + ")");
  }
  fs::rename(m->temporary, m->path, ec);
  if (ec) {
    fs::remove(m->temporary, ec);
    throw Error(m->path + ": cannot write the partial (" + ec.message() + ")");
  }
}

struct PartialReader::Impl {
  std::string path;
  const gazetteer::Gazetteer* gazetteer = nullptr;
  std::ifstream in;
  std::size_t line_number = 0;
  std::string line;
  util::Checksum sum{0};
  std::size_t articles = 0, skipped = 0;
  bool ended = false;
  std::optional<PlanPosition> position;

  [[nodiscard]] std::string where() const { return path + ":" + std::to_string(line_number); }
  [[nodiscard]] bool read_line() {
    if (!std::getline(in, line)) return false;
    ++line_number;
    return true;
  }
  [[nodiscard]] json parse() const {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw InputError(where(), "", "not a partial's record (a JSON object)");
    return j;
  }
  [[nodiscard]] std::size_t count(const json& j, const char* name) const {
    const auto it = j.find(name);
    if (it == j.end() || !it->is_number_unsigned()) throw InputError(where(), name, "expected a whole number");
    return it->get<std::size_t>();
  }
  void end(const json& j) {
    const std::size_t stated = count(j, "articles");
    skipped = count(j, "skipped");
    const auto check = j.find("check");
    if (check == j.end() || !check->is_string()) throw InputError(where(), "check", "expected a string");
    if (stated != articles)
      throw InputError(
          where(), "articles",
          std::to_string(stated) + " stated, " + std::to_string(articles) + " found: the partial is damaged");
    if (check->get<std::string>() != util::hex64(sum.finish()))
      throw InputError(where(), "check", "the articles fail their check: the partial is damaged");
    if (read_line()) throw InputError(where(), "", "a record after the end record: the partial is damaged");
    ended = true;
  }
};

PartialReader::PartialReader(const std::string& path, const std::string& fingerprint,
                             const gazetteer::Gazetteer& gazetteer)
    : m(std::make_unique<Impl>()) {
  m->path = path;
  m->gazetteer = &gazetteer;
  m->in.open(path, std::ios::binary);
  if (!m->in) throw InputError(path, "", "cannot read file");
  if (!m->read_line()) throw InputError(path, "", "empty: not a partial (from `mawqi run --partial`)");
  const json header = json::parse(m->line, nullptr, false);
  const auto version = header.is_object() ? header.find("mawqi_partial") : header.end();
  if (!header.is_object() || version == header.end())
    throw InputError(m->where(), "", "not a partial (from `mawqi run --partial`)");
  if (!version->is_number_integer() || version->get<long>() != kPartialVersion)
    throw InputError(m->where(), "mawqi_partial", "a partial of another format version; run its shard again");
  const auto stored = header.find("fingerprint");
  if (stored == header.end() || !stored->is_string() || stored->get<std::string>() != fingerprint)
    throw InputError(m->where(), "fingerprint",
                     "made with another gazetteer, lexicons, weights or mawqi release; run its shard again with "
                     "these, or merge with those");
  if (const auto plan = header.find("plan"); plan != header.end()) {
    if (!plan->is_object()) throw InputError(m->where(), "plan", "expected an object");
    const auto digest = plan->find("digest");
    if (digest == plan->end() || !digest->is_string()) throw InputError(m->where(), "plan.digest", "expected a string");
    PlanPosition p;
    p.plan = digest->get<std::string>();
    p.first = m->count(*plan, "first");
    p.last = m->count(*plan, "last");
    p.count = m->count(*plan, "count");
    if (p.first > p.last || p.last >= p.count) throw InputError(m->where(), "plan", "shards out of range");
    m->position = std::move(p);
  }
}

PartialReader::~PartialReader() = default;

std::optional<PartialReader::Entry> PartialReader::next() {
  if (m->ended) return std::nullopt;
  if (!m->read_line()) {
    ++m->line_number;
    throw InputError(m->where(), "", "no end record: the partial is truncated; run its shard again");
  }
  const json j = m->parse();
  if (j.contains("end")) {
    m->end(j);
    return std::nullopt;
  }
  add_line(m->sum, m->line);
  Entry entry;
  entry.where = m->where();
  const auto id = j.find("id");
  if (id == j.end() || !id->is_string() || id->get<std::string>().empty())
    throw InputError(entry.where, "id", "expected an article id");
  entry.id = id->get<std::string>();
  const auto origin = j.find("origin");
  if (origin == j.end() || !origin->is_string()) throw InputError(entry.where, "origin", "expected a string");
  entry.origin = origin->get<std::string>();
  for (const char* name : {"mentions", "events"}) {
    const auto list = j.find(name);
    if (list == j.end() || !list->is_array()) throw InputError(entry.where, name, "expected a list");
    for (std::size_t i = 0; i < list->size(); ++i) {
      try {
        if (name[0] == 'm') {
          entry.result.mentions.push_back(io::mention_from_json((*list)[i], *m->gazetteer));
          if (entry.result.mentions.back().doc_id != entry.id)
            throw io::DamagedRecord("doc_id: a mention of another article");
        } else {
          entry.result.events.push_back(io::event_from_json((*list)[i], *m->gazetteer));
        }
      } catch (const io::DamagedRecord& e) {
        throw InputError(entry.where, std::string(name) + "[" + std::to_string(i) + "]", e.what());
      } catch (const json::exception& e) {
        throw InputError(entry.where, std::string(name) + "[" + std::to_string(i) + "]", e.what());
      }
    }
  }
  ++m->articles;
  return entry;
}

std::size_t PartialReader::skipped() const { return m->skipped; }
const std::optional<PlanPosition>& PartialReader::position() const { return m->position; }

}  // namespace mawqi

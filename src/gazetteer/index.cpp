// Gazetteer storage: flat place records, a string pool and a marisa-trie from name key to
// postings. Built in memory from sources, or memory-mapped from a compiled index file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <marisa.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"

namespace mawqi::gazetteer {
namespace {

struct StringRef {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

// One place in the index file; plain data, 8-byte aligned.
struct Record {
  double lat = 0, lon = 0;
  std::int64_t population = 0;
  StringRef id, name, name_ar, country, admin1, parent;
  std::int32_t precision_m = 0;
  std::uint8_t kind = 0;
  std::uint8_t capital = 0;
  std::uint8_t curated = 0;
  std::uint8_t reserved = 0;
};
static_assert(sizeof(Record) == 80, "the index file layout depends on it");

constexpr char kMagic[8] = {'M', 'A', 'W', 'Q', 'I', 'G', 'Z', '1'};
constexpr std::uint64_t kVersion = 4;  // 4: پ folds to ب in keys; the longest key in the header

// Longer name keys are not indexed (no place has a 64 KiB name), so an index that claims one
// is damaged.
constexpr std::uint64_t kMaxKeyBytes = 1 << 16;

struct Header {
  char magic[8];
  std::uint64_t version;
  std::uint64_t places, pool_size, keys, postings, trie_size;
  std::uint64_t records_off, pool_off, offsets_off, postings_off, ids_off, trie_off;
  std::uint64_t checksum;     // of every byte after the header: a damaged file is refused, not read
  std::uint64_t longest_key;  // bytes of the longest name key
};

// Word-at-a-time 64-bit hash: checks 26 MB in a few milliseconds.
std::uint64_t body_checksum(const char* p, std::size_t n) {
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
  }
  for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(p[i])) * 0x100000001b3ULL;
  return h;
}

std::uint64_t align8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

// Equirectangular distance: enough to tell "the same town" (a few km) without PROJ here.
double approx_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kDeg = 3.14159265358979323846 / 180;
  const double x = (lon2 - lon1) * kDeg * std::cos((lat1 + lat2) / 2 * kDeg);
  const double y = (lat2 - lat1) * kDeg;
  return 6371.0 * std::sqrt(x * x + y * y);
}

bool populated(PlaceKind k) {
  return k == PlaceKind::city || k == PlaceKind::town || k == PlaceKind::village || k == PlaceKind::neighbourhood;
}

}  // namespace

struct Gazetteer::Storage {
  // Owned when built in memory.
  std::string pool_own;
  std::vector<Record> records_own;
  std::vector<std::uint32_t> offsets_own, postings_own, ids_own;
  // Mapped when opened from a file.
  void* map_addr = nullptr;
  std::size_t map_size = 0;
  // Views used by both.
  std::string_view pool;
  std::span<const Record> records;
  std::span<const std::uint32_t> offsets, postings, ids_sorted;
  marisa::Trie trie;
  std::size_t longest_key = 0;
  std::vector<std::pair<std::string_view, std::uint32_t>> capitals;

  Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage() {
    if (map_addr != nullptr) ::munmap(map_addr, map_size);
  }

  [[nodiscard]] std::string_view str(StringRef r) const { return pool.substr(r.offset, r.length); }

  void index_capitals() {
    for (std::uint32_t i = 0; i < records.size(); ++i)
      if (records[i].capital && records[i].country.length > 0) capitals.emplace_back(str(records[i].country), i);
  }
};

Gazetteer::Gazetteer() : m(std::make_unique<Storage>()) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

Gazetteer Gazetteer::from_places(std::vector<Place> places, const text::Tokenizer& tokenizer) {
  Gazetteer g;
  Storage& s = *g.m;
  auto intern = [&](const std::string& v) {
    StringRef r{static_cast<std::uint32_t>(s.pool_own.size()), static_cast<std::uint32_t>(v.size())};
    s.pool_own += v;
    return r;
  };
  std::vector<std::pair<std::string, std::uint32_t>> keyed;  // (name key, place)
  s.records_own.reserve(places.size());
  for (std::uint32_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    Record r;
    r.lat = p.lat;
    r.lon = p.lon;
    r.population = p.population;
    r.id = intern(p.id);
    r.name = intern(p.name);
    r.name_ar = intern(p.name_ar);
    r.country = intern(p.country);
    r.admin1 = intern(p.admin1);
    r.parent = intern(p.parent);
    r.precision_m = p.precision_m;
    r.kind = static_cast<std::uint8_t>(p.kind);
    r.capital = p.capital ? 1 : 0;
    r.curated = p.curated ? 1 : 0;
    s.records_own.push_back(r);
    auto add = [&](const std::string& name) {
      if (std::string key = text::name_key(tokenizer, name); !key.empty() && key.size() <= kMaxKeyBytes)
        keyed.emplace_back(std::move(key), i);
    };
    add(p.name);
    add(p.name_ar);
    for (const auto& n : p.names) add(n);
    // Cross-script skeletons of the canonical names, for lookup only (never for running text).
    for (const std::string* n : {&p.name, &p.name_ar})
      if (std::string skeleton = text::skeleton_key(tokenizer, *n); skeleton.size() >= kMinSkeleton)
        keyed.emplace_back(std::string(kSkeletonMarker) + skeleton, i);
  }
  if (s.pool_own.size() > UINT32_MAX) throw Error("gazetteer too large: string pool over 4 GiB");
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());

  marisa::Keyset keyset;
  for (std::size_t k = 0; k < keyed.size(); ++k)
    if (k == 0 || keyed[k].first != keyed[k - 1].first) {
      keyset.push_back(keyed[k].first.c_str(), keyed[k].first.size());
      s.longest_key = std::max(s.longest_key, keyed[k].first.size());
    }
  s.trie.build(keyset);
  // Postings grouped by the trie's key id.
  std::vector<std::vector<std::uint32_t>> by_id(s.trie.num_keys());
  marisa::Agent agent;
  for (std::size_t k = 0; k < keyed.size();) {
    agent.set_query(keyed[k].first.c_str(), keyed[k].first.size());
    if (!s.trie.lookup(agent)) throw Error("gazetteer index: key lost while building");
    auto& list = by_id[agent.key().id()];
    const std::string& key = keyed[k].first;
    for (; k < keyed.size() && keyed[k].first == key; ++k) list.push_back(keyed[k].second);
  }
  s.offsets_own.reserve(by_id.size() + 1);
  s.offsets_own.push_back(0);
  for (const auto& list : by_id) {
    s.postings_own.insert(s.postings_own.end(), list.begin(), list.end());
    s.offsets_own.push_back(static_cast<std::uint32_t>(s.postings_own.size()));
  }
  s.pool = s.pool_own;
  s.ids_own.resize(s.records_own.size());
  for (std::uint32_t i = 0; i < s.ids_own.size(); ++i) s.ids_own[i] = i;
  std::sort(s.ids_own.begin(), s.ids_own.end(),
            [&](std::uint32_t a, std::uint32_t b) { return s.str(s.records_own[a].id) < s.str(s.records_own[b].id); });
  s.records = s.records_own;
  s.offsets = s.offsets_own;
  s.postings = s.postings_own;
  s.ids_sorted = s.ids_own;
  s.index_capitals();
  return g;
}

Gazetteer Gazetteer::build(const std::vector<std::string>& sources, const text::Tokenizer& tokenizer) {
  std::vector<Place> merged;
  std::unordered_map<std::string, std::size_t> by_id;                 // id (and declared same_as) → entry
  std::unordered_map<std::string, std::vector<std::size_t>> by_name;  // country|primary key → entries
  auto absorb = [](Place& into, Place&& from) {
    into.names.push_back(std::move(from.name));
    if (into.name_ar.empty())
      into.name_ar = std::move(from.name_ar);
    else if (!from.name_ar.empty())
      into.names.push_back(std::move(from.name_ar));
    for (auto& n : from.names) into.names.push_back(std::move(n));
    into.population = std::max(into.population, from.population);
    into.capital = into.capital || from.capital;
  };
  for (std::size_t source = 0; source < sources.size(); ++source) {
    const std::size_t first_of_source = merged.size();
    for (Place& p : read_source(sources[source])) {
      std::optional<std::size_t> target;
      if (const auto it = by_id.find(p.id); it != by_id.end()) target = it->second;
      for (const auto& alias : p.same_as)
        if (const auto it = by_id.find(alias); !target && it != by_id.end()) target = it->second;
      const std::string family = p.country + "|" + text::name_key(tokenizer, p.name);
      if (!target) {
        // Same name, same country, a few km apart, from an earlier source: the same place.
        if (const auto it = by_name.find(family); it != by_name.end())
          for (std::size_t e : it->second) {
            const Place& q = merged[e];
            const bool kinds_agree = q.kind == p.kind || (populated(q.kind) && populated(p.kind));
            if (e < first_of_source && kinds_agree && approx_km(q.lat, q.lon, p.lat, p.lon) <= 5.0) {
              target = e;
              break;
            }
          }
      }
      if (target) {
        by_id.emplace(p.id, *target);
        absorb(merged[*target], std::move(p));
        continue;
      }
      const std::size_t index = merged.size();
      by_id.emplace(p.id, index);
      for (const auto& alias : p.same_as) by_id.emplace(alias, index);
      by_name[family].push_back(index);
      merged.push_back(std::move(p));
    }
  }
  return from_places(std::move(merged), tokenizer);
}

std::size_t Gazetteer::size() const { return m->records.size(); }

PlaceView Gazetteer::place(std::uint32_t index) const {
  const Record& r = m->records[index];
  PlaceView v;
  v.id = m->str(r.id);
  v.name = m->str(r.name);
  v.name_ar = m->str(r.name_ar);
  v.country = m->str(r.country);
  v.admin1 = m->str(r.admin1);
  v.parent = m->str(r.parent);
  v.kind = static_cast<PlaceKind>(r.kind);
  v.capital = r.capital != 0;
  v.curated = r.curated != 0;
  v.precision_m = r.precision_m;
  v.population = r.population;
  v.lat = r.lat;
  v.lon = r.lon;
  return v;
}

std::span<const std::uint32_t> Gazetteer::find(std::string_view key) const {
  thread_local marisa::Agent agent;  // reused: the matcher asks for every token
  agent.set_query(key.data(), key.size());
  if (!m->trie.lookup(agent)) return {};
  const std::size_t id = agent.key().id();
  return m->postings.subspan(m->offsets[id], m->offsets[id + 1] - m->offsets[id]);
}

void Gazetteer::find_prefixes(std::string_view query, std::vector<Prefix>& out) const {
  out.clear();
  thread_local marisa::Agent agent;
  agent.set_query(query.data(), query.size());
  while (m->trie.common_prefix_search(agent)) {
    const std::size_t id = agent.key().id();
    out.push_back({agent.key().length(), m->postings.subspan(m->offsets[id], m->offsets[id + 1] - m->offsets[id])});
  }
}

std::size_t Gazetteer::longest_key() const { return m->longest_key; }

std::optional<std::uint32_t> Gazetteer::find_id(std::string_view id) const {
  const auto it = std::lower_bound(m->ids_sorted.begin(), m->ids_sorted.end(), id,
                                   [&](std::uint32_t i, std::string_view v) { return m->str(m->records[i].id) < v; });
  if (it == m->ids_sorted.end() || m->str(m->records[*it].id) != id) return std::nullopt;
  return *it;
}

std::optional<std::uint32_t> Gazetteer::capital_of(std::string_view country) const {
  for (const auto& [cc, index] : m->capitals)
    if (cc == country) return index;
  return std::nullopt;
}

std::size_t Gazetteer::name_count() const { return m->postings.size(); }

void Gazetteer::save_index(const std::string& path) const {
  const Storage& s = *m;
  std::ostringstream trie_bytes;
  marisa::operator<<(trie_bytes, s.trie);
  const std::string trie = trie_bytes.str();

  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.places = s.records.size();
  h.pool_size = s.pool.size();
  h.keys = s.offsets.size() - 1;
  h.postings = s.postings.size();
  h.trie_size = trie.size();
  h.longest_key = s.longest_key;
  std::uint64_t at = align8(sizeof(Header));
  auto place_section = [&](std::uint64_t bytes) {
    const std::uint64_t off = at;
    at = align8(at + bytes);
    return off;
  };
  h.records_off = place_section(s.records.size_bytes());
  h.pool_off = place_section(s.pool.size());
  h.offsets_off = place_section(s.offsets.size_bytes());
  h.postings_off = place_section(s.postings.size_bytes());
  h.ids_off = place_section(s.ids_sorted.size_bytes());
  h.trie_off = place_section(trie.size());

  // The whole file in memory first: its checksum goes into the header.
  std::string file(at, '\0');
  auto put = [&](std::uint64_t off, const void* data, std::size_t n) {
    if (n > 0) std::memcpy(file.data() + off, data, n);
  };
  put(h.records_off, s.records.data(), s.records.size_bytes());
  put(h.pool_off, s.pool.data(), s.pool.size());
  put(h.offsets_off, s.offsets.data(), s.offsets.size_bytes());
  put(h.postings_off, s.postings.data(), s.postings.size_bytes());
  put(h.ids_off, s.ids_sorted.data(), s.ids_sorted.size_bytes());
  put(h.trie_off, trie.data(), trie.size());
  h.checksum = body_checksum(file.data() + sizeof(Header), file.size() - sizeof(Header));
  put(0, &h, sizeof h);
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot write the index (" + std::strerror(errno) + ")");
    out.write(file.data(), static_cast<std::streamsize>(file.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(tmp);
      throw Error(path + ": cannot write the index (disk full?)");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw Error(path + ": cannot replace the index (" + ec.message() + ")");
  }
}

Gazetteer Gazetteer::open_index(const std::string& path) {
  Gazetteer g;
  Storage& s = *g.m;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, "", std::string("cannot open the index (") + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    throw InputError(path, "", "not a mawqi gazetteer index (too short)");
  }
  s.map_size = static_cast<std::size_t>(st.st_size);
  s.map_addr = ::mmap(nullptr, s.map_size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (s.map_addr == MAP_FAILED) {
    s.map_addr = nullptr;
    throw InputError(path, "", std::string("cannot map the index (") + std::strerror(errno) + ")");
  }
  const char* base = static_cast<const char*>(s.map_addr);
  Header h{};
  std::memcpy(&h, base, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) throw InputError(path, "", "not a mawqi gazetteer index");
  if (h.version != kVersion)
    throw InputError(path, "",
                     "index version " + std::to_string(h.version) + " is not " + std::to_string(kVersion) +
                         "; rebuild it with `mawqi gazetteer build`");
  if (body_checksum(base + sizeof(Header), s.map_size - sizeof(Header)) != h.checksum)
    throw InputError(path, "",
                     "checksum mismatch (damaged or truncated index); rebuild it with `mawqi gazetteer build`");
  auto section = [&](std::uint64_t off, std::uint64_t bytes, const char* what) {
    if (off % 8 != 0 || off > s.map_size || bytes > s.map_size - off)
      throw InputError(path, what, "section out of bounds (truncated or corrupt index)");
    return base + off;
  };
  s.records = {reinterpret_cast<const Record*>(section(h.records_off, h.places * sizeof(Record), "records")), h.places};
  s.pool = {section(h.pool_off, h.pool_size, "names"), h.pool_size};
  s.offsets = {reinterpret_cast<const std::uint32_t*>(section(h.offsets_off, (h.keys + 1) * 4, "offsets")), h.keys + 1};
  s.postings = {reinterpret_cast<const std::uint32_t*>(section(h.postings_off, h.postings * 4, "postings")),
                h.postings};
  s.ids_sorted = {reinterpret_cast<const std::uint32_t*>(section(h.ids_off, h.places * 4, "ids")), h.places};
  try {
    s.trie.map(section(h.trie_off, h.trie_size, "trie"), h.trie_size);
  } catch (const marisa::Exception& e) {
    throw InputError(path, "trie", std::string("corrupt index (") + e.what() + ")");
  }
  if (s.trie.num_keys() != h.keys || s.offsets.back() != h.postings || h.longest_key > kMaxKeyBytes)
    throw InputError(path, "", "inconsistent index (rebuild it)");
  s.longest_key = h.longest_key;
  for (const Record& r : s.records)
    for (const StringRef& ref : {r.id, r.name, r.name_ar, r.country, r.admin1, r.parent})
      if (ref.offset > h.pool_size || ref.length > h.pool_size - ref.offset)
        throw InputError(path, "names", "string out of bounds (corrupt index)");
  for (std::uint32_t p : s.postings)
    if (p >= h.places) throw InputError(path, "postings", "place out of range (corrupt index)");
  s.index_capitals();
  return g;
}

}  // namespace mawqi::gazetteer

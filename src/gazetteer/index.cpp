// Gazetteer storage: flat place records, a string pool and a marisa-trie from name key to
// postings. Built in memory from sources, or memory-mapped from a compiled index file.
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <marisa.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "../util/word_hash.hpp"
#include "coordinates.hpp"
#include "mawqi/error.hpp"
#include "mawqi/gazetteer.hpp"
#include "mawqi/geo.hpp"
#include "sources.hpp"

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
// 4: پ folds to ب in keys; the longest key in the header. 5: the checksum covers the header too
// (it is the header's last field), the header gives the file's size, every offset and count is
// checked before use. 6: the key table, what the matcher probes a word at a time.
constexpr std::uint64_t kVersion = 6;

// Longer name keys are not indexed (no place has a 64 KiB name), so an index that claims one
// is damaged.
constexpr std::uint64_t kMaxKeyBytes = 1 << 16;

struct Header {
  char magic[8];
  std::uint64_t version;
  std::uint64_t places, pool_size, keys, postings, trie_size;
  std::uint64_t longest_key;  // bytes of the longest name key
  std::uint64_t key_slots;    // of the key table: a power of two (0 without keys)
  std::uint64_t records_off, pool_off, offsets_off, postings_off, ids_off, trie_off, key_table_off;
  std::uint64_t file_size;
  // Of every byte of the file but these 8: a damaged header or body is refused, not read. It is
  // also the gazetteer's fingerprint.
  std::uint64_t checksum;
};
static_assert(sizeof(Header) == 144 && offsetof(Header, checksum) == sizeof(Header) - 8,
              "the index file layout depends on it");

// The sections in file order, each 8-byte aligned right after the one before; their sizes follow
// from the header's counts.
constexpr std::size_t kSections = 7;
struct SectionSpec {
  const char* name;
  std::uint64_t Header::*offset;
};
constexpr std::array<SectionSpec, kSections> kSectionSpecs{{{"records", &Header::records_off},
                                                            {"names", &Header::pool_off},
                                                            {"offsets", &Header::offsets_off},
                                                            {"postings", &Header::postings_off},
                                                            {"ids", &Header::ids_off},
                                                            {"trie", &Header::trie_off},
                                                            {"key table", &Header::key_table_off}}};

// Counts are at most 2^32 (places and postings are 32-bit indices), so none of these overflow.
std::array<std::uint64_t, kSections> section_bytes(const Header& h) {
  return {h.places * sizeof(Record), h.pool_size, (h.keys + 1) * 4, h.postings * 4, h.places * 4, h.trie_size,
          h.key_slots * 16};
}

using util::Checksum;

std::string hex(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// A gazetteer as its compiled index lays it out: the header (checksum included) and the sections'
// bytes. save_index writes it; fingerprint() of a gazetteer built in memory is its checksum.
struct Image {
  Header header{};
  std::string trie;  // the serialized trie (the other sections are the storage's own arrays)
  std::array<std::pair<const void*, std::uint64_t>, kSections> sections{};

  // The checksum as open_index computes it over the file: the header less its last field, then
  // every section with the zero padding before it and at the end.
  [[nodiscard]] std::uint64_t checksum() const {
    Checksum sum(header.file_size - sizeof header.checksum);
    sum.add(&header, offsetof(Header, checksum));
    std::uint64_t at = sizeof(Header);
    for (std::size_t i = 0; i < kSections; ++i) {
      const std::uint64_t off = header.*kSectionSpecs[i].offset;
      sum.add_zeros(off - at);
      if (sections[i].second > 0) sum.add(sections[i].first, sections[i].second);
      at = off + sections[i].second;
    }
    sum.add_zeros(header.file_size - at);
    return sum.finish();
  }
};

std::uint64_t align8(std::uint64_t n) { return (n + 7) & ~std::uint64_t{7}; }

// GeoNames rows give their division as a code ("TN" of country US); the division's feature gives
// "US.TN" as its admin1_code. The place takes the division's name, as the contract's admin1 is.
void name_admin1_by_code(std::vector<Place>& places) {
  std::unordered_map<std::string, std::string> names;
  std::unordered_set<std::string> ambiguous;  // a code that two divisions of other names give names neither
  for (const Place& p : places) {
    if (p.kind != PlaceKind::province || p.admin1_code.empty()) continue;
    // A reviewed division's admin1 is its name; a GeoNames ADM1 row's admin1 is the code itself.
    const std::string& name = p.curated && !p.admin1.empty() ? p.admin1 : p.name;
    const auto [at, added] = names.emplace(p.admin1_code, name);
    if (!added && at->second != name) ambiguous.insert(p.admin1_code);
  }
  for (const std::string& code : ambiguous) names.erase(code);
  if (names.empty()) return;
  for (Place& p : places) {
    if (p.curated || p.admin1.empty() || p.country.empty()) continue;
    if (const auto it = names.find(p.country + "." + p.admin1); it != names.end()) p.admin1 = it->second;
  }
}

bool populated(PlaceKind k) {
  return k == PlaceKind::city || k == PlaceKind::town || k == PlaceKind::village || k == PlaceKind::neighbourhood;
}

// The GNU build id of the running executable (empty without one): a compiled default index is
// trusted only by the binary that wrote it, since another build may key names differently.
std::string executable_build_id() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) -> int {
        for (ElfW(Half) i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const std::size_t align = ph.p_align == 8 ? 8 : 4;
          auto padded = [&](std::size_t n) { return (n + align - 1) & ~(align - 1); };
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* const end = p + ph.p_memsz;
          while (end - p >= static_cast<std::ptrdiff_t>(sizeof(ElfW(Nhdr)))) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p, sizeof note);
            const char* name = p + sizeof note;
            const char* desc = name + padded(note.n_namesz);
            if (desc > end || note.n_descsz > static_cast<std::size_t>(end - desc)) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              static_cast<std::string*>(out)->assign(desc, note.n_descsz);
              return 1;
            }
            p = desc + padded(note.n_descsz);
          }
        }
        return 1;  // the first object listed is the executable: stop there
      },
      &id);
  return id;
}

// Source files up to this size are hashed byte by byte; larger ones by size and modification time.
constexpr std::uintmax_t kHashedSourceBytes = 16u << 20;

// The file name of the compiled index of `sources` for this binary: two independent 64-bit
// hashes of the index format, the build id and every byte of every file the sources stand for
// (with its name in a directory; a file over kHashedSourceBytes by its size and modification
// time), so an edited, added or removed file gives another name and a stale index is never found. Empty when the binary
// has no build id or a source cannot be read (the readers then report what is wrong).
std::string compiled_index_name(const std::vector<std::string>& sources) {
  const std::string build_id = executable_build_id();
  if (build_id.empty()) return {};
  // The second hash differs from Checksum in seed, multiplier and shift; both go a word at a time
  // (3 MB of GeoJSON in about a millisecond).
  Checksum sum(0);
  std::uint64_t other = 0x6A09E667F3BCC908ULL;
  auto field = [&](std::string_view bytes) {
    const std::uint64_t size = bytes.size();
    sum.add(&size, sizeof size);
    sum.add(bytes.data(), bytes.size());
    other = (other ^ size) * 0xC4CEB9FE1A85EC53ULL;
    std::size_t i = 0;
    for (std::uint64_t w = 0; i + 8 <= bytes.size(); i += 8) {
      std::memcpy(&w, bytes.data() + i, 8);
      other = (other ^ w) * 0xC4CEB9FE1A85EC53ULL;
      other ^= other >> 29;
    }
    for (; i < bytes.size(); ++i) other = (other ^ static_cast<unsigned char>(bytes[i])) * 0x100000001b3ULL;
  };
  field("mawqi gazetteer index " + std::to_string(kVersion));
  field(build_id);
  try {
    for (const std::string& source : sources) {
      std::error_code ec;
      const bool directory = std::filesystem::is_directory(source, ec);
      const std::vector<std::string> files = source_files(source);
      field(std::to_string(files.size()));
      for (const std::string& file : files) {
        // A directory's file by its name (its order and presence matter), a file by its
        // extension (its format); not by the full path, so a tree read from elsewhere matches.
        field(directory ? std::filesystem::path(file).filename().string()
                        : std::filesystem::path(file).extension().string());
        const std::uintmax_t size = std::filesystem::file_size(file);
        if (size > kHashedSourceBytes) {
          // A large generated file (the world's towns, 53 MB) would take 0.1 s to read at every
          // start: its size and modification time stand for its bytes.
          const auto modified = std::filesystem::last_write_time(file).time_since_epoch().count();
          field("size " + std::to_string(size) + " modified " + std::to_string(modified));
          continue;
        }
        std::ifstream in(file, std::ios::binary);
        std::string content(size, '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        if (!in || in.peek() != std::ifstream::traits_type::eof()) return {};  // unreadable, or grew meanwhile
        field(content);
      }
    }
  } catch (const std::exception&) {
    return {};
  }
  return hex(sum.finish()) + hex(other) + ".mawqi";
}

}  // namespace

// A slot of the key table: open addressing, a power of two of slots, linear probing.
struct KeySlot {
  std::uint64_t a = 0;  // KeyHash::a; 0 with b == 0: empty
  std::uint32_t b = 0;
  // bit 31: a longer key begins so; bit 30: a key, whose trie id is in bits 0-28; bit 29: one word
  std::uint32_t value = 0;
};
static_assert(sizeof(KeySlot) == 16, "the index file layout depends on it");
constexpr std::uint32_t kContinues = 1U << 31, kIsKey = 1U << 30, kOneWord = 1U << 29, kKeyIdMask = kOneWord - 1;

std::uint64_t mixed(std::uint64_t a) {
  a ^= a >> 33;
  a *= 0xff51afd7ed558ccdULL;
  a ^= a >> 33;
  return a;
}

std::size_t slot_of(std::uint64_t a, std::size_t slots) { return static_cast<std::size_t>(mixed(a)) & (slots - 1); }

// The one-word entries of the key table as a Bloom filter of 8 bits each, two probes: it fits the
// cache where the table does not, and two words in three begin no name. Made when the table is
// mapped or built (from its slots: nothing more is stored).
std::vector<std::uint64_t> first_word_filter(std::span<const KeySlot> table) {
  std::size_t one_word = 0;
  for (const KeySlot& slot : table) one_word += (slot.value & kOneWord) != 0;
  if (one_word == 0) return {};
  std::size_t bits = 64;
  while (bits < one_word * 8) bits <<= 1;
  std::vector<std::uint64_t> filter(bits / 64);
  for (const KeySlot& slot : table)
    if ((slot.value & kOneWord) != 0) {
      const std::uint64_t h = mixed(slot.a);
      for (const std::uint64_t bit : {(h >> 20) & (bits - 1), (h >> 42) & (bits - 1)})
        filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  return filter;
}

// The table of every key of `trie` that running text can match and of its beginnings at word
// boundaries (at most half full).
std::vector<KeySlot> build_key_table(const marisa::Trie& trie) {
  // Each key and each beginning once, with every flag it has ("al" begins thousands of keys).
  std::unordered_map<std::string, std::uint32_t> entries;
  marisa::Agent agent;
  agent.set_query("", 0);
  while (trie.predictive_search(agent)) {
    const std::string_view key(agent.key().ptr(), agent.key().length());
    if (key.empty() || static_cast<unsigned char>(key[0]) < 0x20) continue;  // skeletons, qualifiers
    const std::size_t space = key.find(' ');
    entries[std::string(key)] |=
        kIsKey | (space == std::string_view::npos ? kOneWord : 0) | static_cast<std::uint32_t>(agent.key().id());
    for (std::size_t at = space; at != std::string_view::npos; at = key.find(' ', at + 1))
      entries[std::string(key.substr(0, at))] |= kContinues | (at == space ? kOneWord : 0);
  }
  // At most half full; and never empty when the trie has keys (a table of markers only): the
  // index's header ties the two.
  if (trie.num_keys() == 0) return {};
  std::size_t slots = 16;
  while (slots < entries.size() * 2) slots <<= 1;
  std::vector<KeySlot> table(slots);
  // In the keys' order, so the table (and the index's checksum) is the same bytes on any build.
  std::vector<std::pair<std::string, std::uint32_t>> sorted(entries.begin(), entries.end());
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [text, value] : sorted) {
    Gazetteer::KeyHash h;
    h.add(text);
    for (std::size_t i = slot_of(h.a(), slots);; i = (i + 1) & (slots - 1)) {
      KeySlot& slot = table[i];
      if (slot.a == 0 && slot.b == 0 && slot.value == 0) {
        slot = {h.a(), h.b(), value};
        break;
      }
      // Two texts of one 96-bit hash: the table could not tell them apart.
      if (slot.a == h.a() && slot.b == h.b()) throw Error("gazetteer index: two name keys of one hash");
    }
  }
  return table;
}

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
  // Every name key a text can match (no marker) and its beginnings at word boundaries, by two
  // independent hashes (96 bits: a false match is as unlikely as a checksum's): build_key_table.
  std::vector<KeySlot> key_slots_own;
  std::span<const KeySlot> key_slots;
  std::vector<std::uint64_t> first_words;  // first_word_filter(key_slots)
  std::size_t longest_key = 0;
  std::vector<std::pair<std::string_view, std::uint32_t>> capitals;
  // The checksum of the compiled index: read from the header when mapped, computed on first use
  // when built in memory (Gazetteer is shared between threads, hence the once_flag).
  std::once_flag fingerprint_once;
  std::string fingerprint;
  // Built from sources: the file name save_index gives its index in a directory.
  std::string compiled_name;

  Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage() {
    if (map_addr != nullptr) ::munmap(map_addr, map_size);
  }

  [[nodiscard]] std::string_view str(StringRef r) const { return pool.substr(r.offset, r.length); }

  // The layout save_index writes (and fingerprint() hashes): counts, then sections in order.
  [[nodiscard]] Image image() const {
    Image img;
    std::ostringstream trie_bytes;
    marisa::operator<<(trie_bytes, trie);
    img.trie = trie_bytes.str();
    Header& h = img.header;
    std::memcpy(h.magic, kMagic, sizeof kMagic);
    h.version = kVersion;
    h.places = records.size();
    h.pool_size = pool.size();
    h.keys = offsets.size() - 1;
    h.postings = postings.size();
    h.trie_size = img.trie.size();
    h.longest_key = longest_key;
    h.key_slots = key_slots.size();
    img.sections = {{{records.data(), records.size_bytes()},
                     {pool.data(), pool.size()},
                     {offsets.data(), offsets.size_bytes()},
                     {postings.data(), postings.size_bytes()},
                     {ids_sorted.data(), ids_sorted.size_bytes()},
                     {img.trie.data(), img.trie.size()},
                     {key_slots.data(), key_slots.size_bytes()}}};
    const auto bytes = section_bytes(h);
    std::uint64_t at = sizeof(Header);
    for (std::size_t i = 0; i < kSections; ++i) {
      if (bytes[i] != img.sections[i].second) throw Error("gazetteer index: section size mismatch while writing");
      h.*kSectionSpecs[i].offset = align8(at);
      at = align8(at) + bytes[i];
    }
    h.file_size = align8(at);
    h.checksum = img.checksum();
    return img;
  }

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
  // The places a bare name means first, whose names a world-scale town's alternates do not take.
  // (Not the capitals: Tripoli, Lebanon keeps طرابلس; the resolver weighs it against Libya's.)
  std::unordered_map<std::string, std::vector<const Place*>> prominent_by_key;
  for (const Place& p : places)
    if (is_prominent(p.kind, /*capital=*/false)) {
      for (const std::string* n : {&p.name, &p.name_ar})
        if (!n->empty()) prominent_by_key[text::name_key(tokenizer, *n)].push_back(&p);
      for (const std::string& n : p.names) prominent_by_key[text::name_key(tokenizer, n)].push_back(&p);
    }
  // A city in a division or country of its name keeps that name (حلب and Hama for the cities of
  // Aleppo and Hamah, seats of Aleppo and Hama); a smaller place's (Minnesota for Minneota)
  // belongs to the division.
  auto taken_by_another = [&](const Place& town, const std::string& key) {
    const auto it = prominent_by_key.find(key);
    if (it == prominent_by_key.end()) return false;
    if (town.kind != PlaceKind::city) return true;
    // The city's name with a word left out is the area's ("Oklahoma" of Oklahoma City, "الكويت"
    // of مدينة الكويت); another spelling of it stays the city's ("Hama" for Hamah).
    // And it is a spelling of the city's own name, beginning as it does (not "Arizona" for Yuma).
    bool a_spelling = false;
    for (const std::string* own : {&town.name, &town.name_ar}) {
      const std::string own_key = own->empty() ? std::string() : text::name_key(tokenizer, *own);
      if (own_key.size() > key.size() && (own_key.starts_with(key + " ") || own_key.ends_with(" " + key))) return true;
      const std::size_t start = std::min<std::size_t>({4, key.size(), own_key.size()});
      a_spelling = a_spelling || (start > 0 && own_key.compare(0, start, key, 0, start) == 0);
    }
    if (!a_spelling) return true;
    return std::none_of(it->second.begin(), it->second.end(), [&](const Place* area) {
      if (area->kind == PlaceKind::country) return town.country == area->country;
      return area->kind == PlaceKind::province && !town.admin1.empty() && town.country == area->country &&
             town.admin1 == area->admin1;
    });
  };
  for (std::uint32_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    if (!valid_latitude(p.lat) || !valid_longitude(p.lon)) {
      const bool lat = !valid_latitude(p.lat);
      throw InputError("place " + std::to_string(i + 1) + " (" + p.id + ")", lat ? "lat" : "lon",
                       std::string(lat ? "latitude" : "longitude") + " out of range: " +
                           format_degrees(lat ? p.lat : p.lon) + " (" + (lat ? kLatitudeRange : kLongitudeRange) + ")");
    }
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
    const bool world_scale_town = !p.curated && !is_prominent(p.kind, p.capital);
    const std::string primary_key = text::name_key(tokenizer, p.name);
    auto add = [&](std::string key) {
      if (key.empty() || key.size() > kMaxKeyBytes) return;
      // Arabic often writes a word with the article glued to the one before (حفرالباطن for حفر
      // الباطن, a hashtag habit): the name is found that way too.
      static constexpr std::string_view kSpacedArticle = " \u0627\u0644";
      if (key.find(kSpacedArticle) != std::string::npos) {
        std::string joined;
        for (std::size_t at = 0; at < key.size();) {
          if (key.compare(at, kSpacedArticle.size(), kSpacedArticle) == 0) {
            joined += kSpacedArticle.substr(1);
            at += kSpacedArticle.size();
          } else {
            joined += key[at++];
          }
        }
        keyed.emplace_back(std::move(joined), i);
      }
      keyed.emplace_back(std::move(key), i);
    };
    add(primary_key);
    auto add_alternate = [&](const std::string& name) {
      std::string key = text::name_key(tokenizer, name);
      if (world_scale_town && key != primary_key && taken_by_another(p, key)) return;
      add(std::move(key));
    };
    add_alternate(p.name_ar);
    for (const auto& n : p.names) add_alternate(n);
    for (const auto& q : p.qualifiers)
      if (std::string key = text::name_key(tokenizer, q); !key.empty() && key.size() < kMaxKeyBytes)
        keyed.emplace_back(std::string(kQualifierMarker) + key, i);
    // Cross-script skeletons of the canonical names, for lookup only (never for running text).
    for (const std::string* n : {&p.name, &p.name_ar})
      if (std::string skeleton = text::skeleton_key(tokenizer, *n);
          skeleton.size() >= kMinSkeleton && skeleton.size() < kMaxKeyBytes)
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
  s.key_slots_own = build_key_table(s.trie);
  s.key_slots = s.key_slots_own;
  s.first_words = first_word_filter(s.key_slots);
  s.index_capitals();
  return g;
}

Gazetteer Gazetteer::build(const std::vector<std::string>& sources, const text::Tokenizer& tokenizer) {
  const std::string compiled = compiled_index_name(sources);
#ifdef MAWQI_COMPILED_GAZETTEER_DIR
  // The bundled gazetteer as the build compiled it (CMakeLists.txt): mapped in milliseconds
  // instead of parsed and indexed. Found only under the name of these very bytes.
  if (!compiled.empty()) {
    const std::string path = std::string(MAWQI_COMPILED_GAZETTEER_DIR) + "/" + compiled;
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      try {
        Gazetteer g = open_index(path);
        g.m->compiled_name = compiled;
        return g;
      } catch (const InputError&) {
        // Damaged: the sources are still there.
      }
    }
  }
#endif
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
            if (e < first_of_source && kinds_agree && geo::approx_km(q.lat, q.lon, p.lat, p.lon) <= 5.0) {
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
  name_admin1_by_code(merged);
  Gazetteer g = from_places(std::move(merged), tokenizer);
  g.m->compiled_name = compiled;
  return g;
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

std::span<const std::uint32_t> Gazetteer::find_qualifier(std::string_view key) const {
  std::string marked(kQualifierMarker);
  marked += key;
  return find(marked);
}

bool Gazetteer::may_begin_name(const KeyHash& hash) const {
  const std::vector<std::uint64_t>& filter = m->first_words;
  if (filter.empty()) return false;
  const std::size_t bits = filter.size() * 64;
  const std::uint64_t h = mixed(hash.a());
  for (const std::uint64_t bit : {(h >> 20) & (bits - 1), (h >> 42) & (bits - 1)})
    if ((filter[bit / 64] >> (bit % 64) & 1U) == 0) return false;
  return true;
}

Gazetteer::KeyStep Gazetteer::step(const KeyHash& hash) const {
  const std::span<const KeySlot> table = m->key_slots;
  if (table.empty()) return {};
  for (std::size_t i = slot_of(hash.a(), table.size());; i = (i + 1) & (table.size() - 1)) {
    const KeySlot& slot = table[i];
    if (slot.a == hash.a() && slot.b == hash.b()) {
      KeyStep step;
      step.continues = (slot.value & kContinues) != 0;
      if ((slot.value & kIsKey) != 0) {
        const std::size_t id = slot.value & kKeyIdMask;
        step.places = m->postings.subspan(m->offsets[id], m->offsets[id + 1] - m->offsets[id]);
      }
      return step;
    }
    if (slot.a == 0 && slot.b == 0 && slot.value == 0) return {};
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

void Gazetteer::save_index(const std::string& target) const {
  std::error_code dir_ec;
  std::string path = target;
  if (std::filesystem::is_directory(target, dir_ec)) {
    if (m->compiled_name.empty())
      throw Error(target +
                  ": a directory; name the index file (a directory takes only the index of sources, "
                  "by a binary with a build id)");
    path = (std::filesystem::path(target) / m->compiled_name).string();
  }
  const Image image = m->image();
  const Header& h = image.header;
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot write the index (" + std::strerror(errno) + ")");
    const std::string padding(8, '\0');
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    std::uint64_t at = sizeof h;
    for (std::size_t i = 0; i < kSections; ++i) {
      const std::uint64_t off = h.*kSectionSpecs[i].offset;
      out.write(padding.data(), static_cast<std::streamsize>(off - at));
      const auto& [data, bytes] = image.sections[i];
      if (bytes > 0) out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
      at = off + bytes;
    }
    out.write(padding.data(), static_cast<std::streamsize>(h.file_size - at));
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

namespace {

[[noreturn]] void damaged(const std::string& path, const std::string& what) {
  throw InputError(path, "", "damaged gazetteer index: " + what + "; rebuild it with `mawqi gazetteer build`");
}

// Every count, offset and size of the header against the file and each other, before any of
// them is used: sections in order, aligned, without overlaps or gaps, inside the file, of the
// sizes their counts give.
void check_header(const std::string& path, const Header& h, std::uint64_t file_size) {
  if (h.file_size != file_size)
    damaged(path, "the header gives " + std::to_string(h.file_size) + " bytes, the file has " +
                      std::to_string(file_size) + ": truncated or extended");
  if (h.places > UINT32_MAX) damaged(path, "places: " + std::to_string(h.places) + " is over 2^32");
  if (h.pool_size > UINT32_MAX) damaged(path, "names: " + std::to_string(h.pool_size) + " bytes is over 4 GiB");
  if (h.postings > UINT32_MAX) damaged(path, "postings: " + std::to_string(h.postings) + " is over 2^32");
  if (h.keys > h.postings)
    damaged(path, "keys: " + std::to_string(h.keys) + " name keys for " + std::to_string(h.postings) + " postings");
  if (h.longest_key > kMaxKeyBytes || (h.longest_key == 0) != (h.keys == 0))
    damaged(path, "longest key: " + std::to_string(h.longest_key) + " bytes for " + std::to_string(h.keys) + " keys");
  // Its size in bytes must not wrap around (16 bytes a slot).
  if (h.key_slots > file_size / 16)
    damaged(path, "key table: " + std::to_string(h.key_slots) + " slots, more than the file holds");
  const auto bytes = section_bytes(h);
  std::uint64_t end = sizeof(Header);  // of the section before
  for (std::size_t i = 0; i < kSections; ++i) {
    const std::string name = kSectionSpecs[i].name;
    const std::uint64_t off = h.*kSectionSpecs[i].offset;
    if (off % 8 != 0) damaged(path, name + " section at byte " + std::to_string(off) + ": not 8-byte aligned");
    if (off < end)
      damaged(path, name + " section at byte " + std::to_string(off) + " overlaps the one before (which ends at " +
                        std::to_string(end) + ")");
    if (off != align8(end))
      damaged(path, name + " section at byte " + std::to_string(off) + ": a gap after the one before (expected at " +
                        std::to_string(align8(end)) + ")");
    if (off > file_size || bytes[i] > file_size - off)
      damaged(path, name + " section of " + std::to_string(bytes[i]) + " bytes at byte " + std::to_string(off) +
                        " runs past the end of the file (" + std::to_string(file_size) + " bytes)");
    end = off + bytes[i];
  }
  if (align8(end) != file_size) damaged(path, std::to_string(file_size - end) + " bytes after the last section");
}

}  // namespace

Gazetteer Gazetteer::open_index(const std::string& path) {
  Gazetteer g;
  Storage& s = *g.m;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, "", std::string("cannot open the index (") + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    throw InputError(path, "", "not a mawqi gazetteer index (too short); build one with `mawqi gazetteer build`");
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
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0)
    throw InputError(path, "",
                     "not a mawqi gazetteer index (no MAWQIGZ1 at its start); build one with `mawqi gazetteer build`");
  if (h.version != kVersion)
    throw InputError(path, "",
                     "index version " + std::to_string(h.version) + " is not " + std::to_string(kVersion) +
                         "; rebuild it with `mawqi gazetteer build`");
  check_header(path, h, s.map_size);
  auto section = [&](std::uint64_t Header::*offset) { return base + h.*offset; };
  s.records = {reinterpret_cast<const Record*>(section(&Header::records_off)), h.places};
  s.pool = {section(&Header::pool_off), h.pool_size};
  s.offsets = {reinterpret_cast<const std::uint32_t*>(section(&Header::offsets_off)), h.keys + 1};
  s.postings = {reinterpret_cast<const std::uint32_t*>(section(&Header::postings_off)), h.postings};
  s.ids_sorted = {reinterpret_cast<const std::uint32_t*>(section(&Header::ids_off)), h.places};
  s.key_slots = {reinterpret_cast<const KeySlot*>(section(&Header::key_table_off)), h.key_slots};

  // What the arrays hold, before anything reads through them.
  if (s.offsets.front() != 0 || s.offsets.back() != h.postings)
    damaged(path, "offsets: postings should run from 0 to " + std::to_string(h.postings));
  if (!std::is_sorted(s.offsets.begin(), s.offsets.end())) damaged(path, "offsets: not in increasing order");
  for (std::uint32_t p : s.postings)
    if (p >= h.places) damaged(path, "postings: place " + std::to_string(p) + " of " + std::to_string(h.places));
  for (std::uint32_t p : s.ids_sorted)
    if (p >= h.places) damaged(path, "ids: place " + std::to_string(p) + " of " + std::to_string(h.places));
  // Probing stops at an empty slot, so there must be one; every key id names a key.
  if ((h.key_slots & (h.key_slots - 1)) != 0 || (h.key_slots == 0) != (h.keys == 0))
    damaged(path, "key table: " + std::to_string(h.key_slots) + " slots for " + std::to_string(h.keys) + " keys");
  std::size_t empty_slots = 0;
  for (const KeySlot& slot : s.key_slots) {
    if (slot.value == 0) {
      if (slot.a != 0 || slot.b != 0) damaged(path, "key table: a slot with a hash and no value");
      ++empty_slots;
    } else if ((slot.value & (kIsKey | kContinues)) == 0 ||
               ((slot.value & kIsKey) != 0 ? (slot.value & kKeyIdMask) >= h.keys : (slot.value & kKeyIdMask) != 0)) {
      damaged(path, "key table: a slot's value out of range");
    }
  }
  if (h.key_slots > 0 && empty_slots == 0) damaged(path, "key table: no empty slot");
  s.first_words = first_word_filter(s.key_slots);
  auto bad_record = [&](std::size_t i, const std::string& what) {
    damaged(path, "record " + std::to_string(i) + ": " + what);
  };
  for (std::size_t i = 0; i < s.records.size(); ++i) {
    const Record& r = s.records[i];
    for (const StringRef& ref : {r.id, r.name, r.name_ar, r.country, r.admin1, r.parent})
      if (ref.offset > h.pool_size || ref.length > h.pool_size - ref.offset)
        bad_record(i, "a string outside the names");
    if (r.kind > static_cast<std::uint8_t>(PlaceKind::unknown) || r.capital > 1 || r.curated > 1 || r.reserved != 0)
      bad_record(i, "a kind or flag out of range");
    if (!valid_latitude(r.lat) || !valid_longitude(r.lon))
      bad_record(i, "coordinates out of range (" + format_degrees(r.lat) + ", " + format_degrees(r.lon) + ")");
  }

  Checksum sum(s.map_size - sizeof h.checksum);
  sum.add(base, offsetof(Header, checksum));
  sum.add(base + sizeof(Header), s.map_size - sizeof(Header));
  if (sum.finish() != h.checksum) damaged(path, "checksum mismatch");
  try {
    s.trie.map(section(&Header::trie_off), h.trie_size);
  } catch (const std::exception& e) {
    damaged(path, std::string("trie: ") + e.what());
  }
  if (s.trie.num_keys() != h.keys)
    damaged(path, "trie: " + std::to_string(s.trie.num_keys()) + " keys, the header gives " + std::to_string(h.keys));
  s.longest_key = h.longest_key;
  std::call_once(s.fingerprint_once, [&] { s.fingerprint = hex(h.checksum); });
  s.index_capitals();
  return g;
}

std::string Gazetteer::fingerprint() const {
  std::call_once(m->fingerprint_once, [&] { m->fingerprint = hex(m->image().header.checksum); });
  return m->fingerprint;
}

}  // namespace mawqi::gazetteer

#pragma once
// FNV-1a, the project's one hash for fingerprints and ids (state, lexicons, event ids): stable
// across builds and machines, unlike std::hash.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace mawqi::util {

inline constexpr std::uint64_t kFnvBasis = 1469598103934665603ULL;

[[nodiscard]] inline std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// One field of a record: its bytes, then a separator, so that "ab" + "c" and "a" + "bc" differ.
[[nodiscard]] inline std::uint64_t fnv_field(std::uint64_t h, std::string_view s) { return fnv1a(h, s) ^ 0xff; }

[[nodiscard]] inline std::string hex64(std::uint64_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace mawqi::util

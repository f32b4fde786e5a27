#pragma once
// A 64-bit hash that reads eight bytes at a time, fed in pieces: the compiled index's checksum and
// what the state checks on every run (each article's content, its stored bytes), about four times
// FNV-1a's speed. Stable across builds and machines of one byte order; not for ids in the layers
// (those are FNV-1a, util/fnv.hpp).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace mawqi::util {

// Word-at-a-time 64-bit hash, fed in pieces (the same value however the bytes are split): checks
// 26 MB in a few milliseconds. Every step is a bijection of the state, so a change to any one
// word always changes the result.
class Checksum {
 public:
  explicit Checksum(std::uint64_t total_bytes) : h_(0x9E3779B97F4A7C15ULL ^ total_bytes) {}

  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    if (fill_ > 0) {
      const std::size_t take = std::min(n, 8 - fill_);
      std::memcpy(pending_ + fill_, p, take);
      fill_ += take;
      p += take;
      n -= take;
      if (fill_ < 8) return;
      mix(pending_);
      fill_ = 0;
    }
    for (; n >= 8; p += 8, n -= 8) mix(p);
    std::memcpy(pending_, p, n);
    fill_ = n;
  }
  void add_zeros(std::size_t n) {
    static constexpr unsigned char kZeros[8] = {};
    for (; n > 0; n -= std::min<std::size_t>(n, 8)) add(kZeros, std::min<std::size_t>(n, 8));
  }
  [[nodiscard]] std::uint64_t finish() const {
    std::uint64_t h = h_;
    for (std::size_t i = 0; i < fill_; ++i) h = (h ^ pending_[i]) * 0x100000001b3ULL;
    return h;
  }

 private:
  void mix(const unsigned char* p) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, 8);
    h_ = (h_ ^ w) * 0xff51afd7ed558ccdULL;
    h_ ^= h_ >> 32;
  }
  std::uint64_t h_;
  unsigned char pending_[8] = {};
  std::size_t fill_ = 0;
};

// Fields fed one after another, each as its length and then its bytes, so that "ab" + "c" and
// "a" + "bc" differ.
inline void add_field(Checksum& sum, std::string_view s) {
  const std::uint64_t size = s.size();
  sum.add(&size, sizeof size);
  sum.add(s.data(), s.size());
}

}  // namespace mawqi::util

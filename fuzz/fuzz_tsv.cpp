// Fuzz target: the TSV of the data folders (lexicons/, formats/acled/, map/; src/util/tsv.hpp).
// What is accepted has a header and rows of its width, each with a first cell.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "../src/util/tsv.hpp"
#include "mawqi/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto table = mawqi::util::parse_tsv("fuzz.tsv", std::string_view(reinterpret_cast<const char*>(data), size));
    if (table.header.empty()) __builtin_trap();
    for (const auto& row : table.rows)
      if (row.cells.size() != table.header.size() || row.cells.front().empty() || row.line == 0) __builtin_trap();
  } catch (const mawqi::InputError&) {
  }
  return 0;
}

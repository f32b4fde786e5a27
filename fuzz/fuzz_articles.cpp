// Fuzz target: one article record (JSON object) through the reader.
#include <cstddef>
#include <cstdint>
#include <string>

#include "mawqi/error.hpp"
#include "mawqi/io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string record(reinterpret_cast<const char*>(data), size);
  try {
    (void)mawqi::io::parse_article(record, "fuzz:1", "fuzz");
  } catch (const mawqi::InputError&) {
    // a clear one-line error is the expected outcome for bad records
  }
  return 0;
}

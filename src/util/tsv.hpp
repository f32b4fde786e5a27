#pragma once
// The TSV of mawqi's data folders (lexicons/, formats/acled/, map/; lexicons/README.md): blank
// lines and lines starting with '#' are skipped, the first other line is the header naming the
// columns, each row has as many tab-separated cells, the first not empty; cells are trimmed of
// spaces and carriage returns. A bad line is an InputError naming "FILE:LINE".
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace mawqi::util {

// `s` without leading and trailing spaces, carriage returns, vertical tabs and form feeds.
[[nodiscard]] std::string trim(std::string_view s);

struct TsvTable {
  struct Row {
    std::string where;  // "FILE:LINE"
    std::size_t line = 0;
    std::vector<std::string> cells;
  };
  std::vector<std::string> header;
  std::string header_where;
  std::vector<Row> rows;
};

// `content` is the file's bytes; `path` names it in errors.
[[nodiscard]] TsvTable parse_tsv(const std::string& path, std::string_view content);

// The file at `path`, whose header must be `expected` (else an error pointing to `readme`).
[[nodiscard]] TsvTable read_tsv(const std::filesystem::path& path, const std::vector<std::string>& expected,
                                const std::string& readme);

}  // namespace mawqi::util

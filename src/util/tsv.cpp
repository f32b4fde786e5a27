#include "tsv.hpp"

#include <fstream>
#include <sstream>

#include "mawqi/error.hpp"

namespace mawqi::util {
std::string trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\r' || c == '\v' || c == '\f'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

namespace {

std::vector<std::string> split_tabs(std::string_view line) {
  std::vector<std::string> cells;
  std::size_t from = 0;
  for (std::size_t tab = line.find('\t'); tab != std::string_view::npos; tab = line.find('\t', from)) {
    cells.push_back(trim(line.substr(from, tab - from)));
    from = tab + 1;
  }
  cells.push_back(trim(line.substr(from)));
  return cells;
}

}  // namespace

TsvTable parse_tsv(const std::string& path, std::string_view content) {
  TsvTable table;
  bool header_read = false;
  std::size_t line_number = 0;
  for (std::size_t from = 0; from < content.size();) {
    std::size_t end = content.find('\n', from);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view line = content.substr(from, end - from);
    from = end + 1;
    ++line_number;
    const std::string trimmed = trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(line_number);
    std::vector<std::string> cells = split_tabs(line);
    if (!header_read) {
      header_read = true;
      table.header = std::move(cells);
      table.header_where = where;
      continue;
    }
    if (cells.size() != table.header.size())
      throw InputError(where, "",
                       std::to_string(cells.size()) + " cells where the header names " +
                           std::to_string(table.header.size()) + " columns");
    if (cells.front().empty()) throw InputError(where, table.header.front(), "empty");
    table.rows.push_back({where, line_number, std::move(cells)});
  }
  if (!header_read) throw InputError(path, "", "no header line");
  return table;
}

TsvTable read_tsv(const std::filesystem::path& path, const std::vector<std::string>& expected,
                  const std::string& readme) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "", "cannot read (" + readme + ")");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  TsvTable table = parse_tsv(path.string(), bytes.str());
  if (table.header != expected) throw InputError(table.header_where, "header", "expected the columns of " + readme);
  return table;
}

}  // namespace mawqi::util

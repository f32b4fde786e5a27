// Lexicon tables read from TSV files (lexicons/README.md).
#include "mawqi/language.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../util/fnv.hpp"
#include "../util/tsv.hpp"
#include "mawqi/error.hpp"

namespace mawqi::lang {
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "", "cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Row::Row(std::string file, std::size_t line, const std::vector<std::string>* columns, std::vector<std::string> cells)
    : m_file(std::move(file)), m_line(line), m_columns(columns), m_cells(std::move(cells)) {}

const std::string& Row::at(std::string_view column) const {
  const auto it = std::find(m_columns->begin(), m_columns->end(), column);
  if (it == m_columns->end()) fail(column, "no such column");
  return m_cells[static_cast<std::size_t>(it - m_columns->begin())];
}

long Row::integer(std::string_view column) const {
  const std::string& cell = at(column);
  long v = 0;
  const auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || ec != std::errc() || ptr != cell.data() + cell.size())
    fail(column, "'" + cell + "' is not a whole number");
  return v;
}

std::size_t Row::choice(std::string_view column, const std::vector<std::string_view>& choices) const {
  const std::string& cell = at(column);
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (cell == choices[i]) return i;
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  fail(column, "'" + cell + "' is not one of " + list);
}

void Row::fail(std::string_view column, const std::string& what) const {
  throw InputError(m_file + ":" + std::to_string(m_line), std::string(column), what);
}

Language Language::load(const std::string& dir) {
  Language language;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir, "", "not a lexicon folder (lexicons/README.md)");
  const fs::path version = fs::path(dir) / "VERSION";
  if (!fs::is_regular_file(version, ec))
    throw InputError(version.string(), "", "missing: a lexicon folder has a VERSION");
  language.m_version = util::trim(slurp(version));
  language.m_version.erase(std::remove(language.m_version.begin(), language.m_version.end(), '\n'),
                           language.m_version.end());
  std::uint64_t h = util::fnv_field(util::kFnvBasis, language.m_version);
  // Folder and file names sorted, so the tables and the fingerprint do not depend on the
  // order a file system lists them in.
  std::vector<fs::path> languages;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory()) languages.push_back(entry.path());
  std::sort(languages.begin(), languages.end());
  for (const fs::path& folder : languages) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file() && entry.path().extension() == ".tsv") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& path : files) {
      const std::string content = slurp(path);
      std::string checked = content;
      if (!text::make_valid_utf8(checked)) throw InputError(path.string(), "", "not valid UTF-8");
      h = util::fnv_field(util::fnv_field(h, folder.filename().string() + "/" + path.filename().string()), content);
      Table& table = language.m_tables[path.stem().string()];
      util::TsvTable file = util::parse_tsv(path.string(), content);
      if (table.columns.empty())
        table.columns = std::move(file.header);
      else if (file.header != table.columns)
        throw InputError(file.header_where, "header", "differs from the header of the same table in another language");
      // The header's address is stable: map nodes never move, not even when the map does.
      for (util::TsvTable::Row& row : file.rows)
        table.rows.emplace_back(path.string(), row.line, &table.columns, std::move(row.cells));
    }
  }
  language.m_fingerprint = h;
  return language;
}

const std::vector<Row>& Language::table(std::string_view name, const std::vector<std::string_view>& required) const {
  static const std::vector<Row> kEmpty;
  const auto it = m_tables.find(name);
  if (it == m_tables.end()) return kEmpty;
  for (std::string_view column : required)
    if (std::find(it->second.columns.begin(), it->second.columns.end(), column) == it->second.columns.end())
      throw InputError(std::string(name) + ".tsv", "header", "has no column '" + std::string(column) + "'");
  return it->second.rows;
}

std::vector<std::string> Language::phrases_where(std::string_view name, std::string_view column) const {
  std::vector<std::string> out;
  for (const Row& row : table(name, {"phrase", column}))
    if (row.choice(column, {"no", "yes"}) == 1) out.push_back(row.at("phrase"));
  return out;
}

std::vector<std::string> Language::phrases(std::string_view name) const {
  std::vector<std::string> out;
  for (const Row& row : table(name, {"phrase"})) out.push_back(row.at("phrase"));
  return out;
}

text::Lexicon Language::lexicon(std::string_view name, const text::Tokenizer& tokenizer) const {
  return text::Lexicon(tokenizer, phrases(name));
}

}  // namespace mawqi::lang

#pragma once
// The language mawqi reads, as data (lexicons/README.md): word lists and tables of triggers,
// weapons, actors, numbers, months and relative dates, one TSV file per table and language.
// Loaded and normalized once; immutable afterwards, so every thread's stages share one.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mawqi/text.hpp"

namespace mawqi::lang {

// One data line of a table: its cells by column, and where it came from (for error messages).
class Row {
 public:
  Row(std::string file, std::size_t line, const std::vector<std::string>* columns, std::vector<std::string> cells);
  // The cell of a column the table's header names, as written (trimmed).
  [[nodiscard]] const std::string& at(std::string_view column) const;
  // The cell as a whole number, or an InputError naming file, line and column.
  [[nodiscard]] long integer(std::string_view column) const;
  // The cell as one of `choices` (its index), or an InputError listing them.
  [[nodiscard]] std::size_t choice(std::string_view column, const std::vector<std::string_view>& choices) const;
  // An InputError naming this row's file, line and the column.
  [[noreturn]] void fail(std::string_view column, const std::string& what) const;
  [[nodiscard]] const std::string& file() const { return m_file; }
  [[nodiscard]] std::size_t line() const { return m_line; }

 private:
  std::string m_file;
  std::size_t m_line;
  const std::vector<std::string>* m_columns;
  std::vector<std::string> m_cells;
};

class Language {
 public:
  // Reads every `<dir>/<lang>/<table>.tsv` (one folder per language, e.g. ar/ and en/) and
  // `<dir>/VERSION`. A table is the union of its files across languages, in folder-name order.
  // Throws InputError naming file, line and column for a malformed line.
  static Language load(const std::string& dir);
  Language(Language&&) noexcept = default;
  Language& operator=(Language&&) noexcept = default;
  Language(const Language&) = delete;  // rows point into their table's header
  Language& operator=(const Language&) = delete;

  // The rows of a table; the header must name every column in `required` (InputError if not).
  // A table no language has is empty.
  [[nodiscard]] const std::vector<Row>& table(std::string_view name,
                                              const std::vector<std::string_view>& required) const;
  // A one-column table (`phrase`) as a lexicon in match form.
  [[nodiscard]] text::Lexicon lexicon(std::string_view name, const text::Tokenizer& tokenizer) const;
  // The phrases of a one-column table, as written.
  [[nodiscard]] std::vector<std::string> phrases(std::string_view name) const;
  // The phrases of a table whose yes/no `column` says yes.
  [[nodiscard]] std::vector<std::string> phrases_where(std::string_view name, std::string_view column) const;

  [[nodiscard]] const std::string& version() const { return m_version; }
  // Changes with any byte of any table: results computed under other data are not reused.
  [[nodiscard]] std::uint64_t fingerprint() const { return m_fingerprint; }

 private:
  struct Table {
    std::vector<std::string> columns;
    std::vector<Row> rows;
  };
  std::map<std::string, Table, std::less<>> m_tables;
  std::string m_version;
  std::uint64_t m_fingerprint = 0;
  Language() = default;
};

}  // namespace mawqi::lang

// Dates and numbers in Arabic and English news (docs/arabic.md §6.4–6.6).
#include <algorithm>
#include <charconv>
#include <cstdio>

#include "mawqi/events.hpp"

namespace mawqi::events {
namespace {

using text::Token;
using text::TokenType;

bool is_word(const Token& t) { return t.type == TokenType::word || t.type == TokenType::number; }

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// A number token's value; nullopt for what digits alone do not make ("1.5", overflow).
std::optional<long> to_long(const std::string& digits) {
  long v = 0;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size()) return std::nullopt;
  return v;
}

std::optional<Date> make_date(int y, int m, int d) {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date{y, m, d};
}

// Strips one proclitic (و ف ب ل) from a context word: وأمس → أمس, ولمارس → مارس.
std::string strip_clitic(const std::string& norm) { return text::strip_proclitic(norm); }

std::string_view first_word(std::string_view phrase) { return phrase.substr(0, phrase.find(' ')); }

// Whether a + " " + b == name, without building the string.
bool joined_equals(std::string_view a, std::string_view b, std::string_view name) {
  return name.size() == a.size() + 1 + b.size() && name.starts_with(a) && name[a.size()] == ' ' && name.ends_with(b);
}

// The lowest position, among those `index` lists under `keys`, that `ok` accepts: what a scan of
// the whole list in order finds when every name `ok` can accept is listed under one of the keys.
template <class Index, class Ok>
std::size_t first_match(const Index& index, std::initializer_list<std::string_view> keys, Ok ok) {
  std::size_t best = std::string::npos;
  for (const std::string_view key : keys) {
    const auto it = index.find(key);
    if (it == index.end()) continue;
    for (const std::size_t p : it->second) {
      if (p >= best) break;
      if (ok(p)) {
        best = p;
        break;
      }
    }
  }
  return best;
}

}  // namespace

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::int64_t Date::days() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

int Date::weekday() const {
  const std::int64_t z = days();
  return static_cast<int>(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

Date Date::from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

Date Date::plus_days(std::int64_t n) const { return from_days(days() + n); }

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  auto num = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  return make_date(num(0, 4), num(5, 2), num(8, 2));
}

const char* to_string(DatePrecision p) {
  switch (p) {
    case DatePrecision::day: return "day";
    case DatePrecision::week: return "week";
    case DatePrecision::month: return "month";
    case DatePrecision::unknown: return "unknown";
  }
  return "unknown";
}

// ------------------------------------------------------------------ numbers

NumberReader::NumberReader(const lang::Language& language, const text::Tokenizer& tokenizer) {
  for (const lang::Row& row : language.table("numbers", {"word", "value"}))
    m_words.emplace_back(text::normalize(tokenizer, row.at("word")), row.integer("value"));
  std::sort(m_words.begin(), m_words.end());
}

std::optional<long> NumberReader::word_value(const std::string& norm) const {
  const auto it = std::lower_bound(m_words.begin(), m_words.end(), std::make_pair(norm, 0L),
                                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (it != m_words.end() && it->first == norm) return it->second;
  return std::nullopt;
}

std::optional<std::pair<long, std::size_t>> NumberReader::starting_at(const std::vector<Token>& tokens,
                                                                      std::size_t i) const {
  if (i >= tokens.size() || !is_word(tokens[i])) return std::nullopt;
  const Token& t = tokens[i];
  if (t.type == TokenType::number) {
    if (auto v = to_long(t.norm)) return std::make_pair(*v, std::size_t{1});
    return std::nullopt;
  }
  std::string w = t.norm;
  if (w.starts_with("\u0627\u0644") && w.size() > 6) w = w.substr(4);  // الثلاثة
  auto v = word_value(w);
  if (!v && t.script == text::Script::arabic) v = word_value(text::bare_word(t.norm));  // بثمانية، وثلاثة
  if (!v) return std::nullopt;
  std::size_t used = 1;
  long value = *v;
  // Arabic teens: ثلاثة عشر; compounds: خمسة وعشرين (و glued to the tens); English "twenty-five".
  if (i + 1 < tokens.size() && value < 10) {
    const std::string& next = tokens[i + 1].norm;
    if (next == "\u0639\u0634\u0631" || next == "\u0639\u0634\u0631\u0647") {
      value += 10;
      used = 2;
    } else if (next.starts_with("\u0648") && next.size() > 2) {
      if (auto tens = word_value(next.substr(2)); tens && *tens >= 20 && *tens <= 90) {
        value += *tens;
        used = 2;
      }
    }
  }
  if (used == 1 && value >= 20 && value <= 90 && i + 2 < tokens.size() && tokens[i + 1].norm == "-") {
    if (auto unit = word_value(tokens[i + 2].norm); unit && *unit < 10) {
      value += *unit;
      used = 3;
    }
  }
  if (t.norm == "dozen" || t.norm == "pair") {
    return std::nullopt;  // only "a dozen", "a pair of": handled by the caller's article check
  }
  return std::make_pair(value, used);
}

std::optional<std::pair<long, std::size_t>> NumberReader::ending_at(const std::vector<Token>& tokens,
                                                                    std::size_t i) const {
  // Try spans of 1–3 tokens that end at i.
  for (std::size_t span = 3; span >= 1; --span) {
    if (i + 1 < span) continue;
    const std::size_t from = i + 1 - span;
    if (auto n = starting_at(tokens, from); n && n->second == span) return n;
  }
  if (i >= 1 && (tokens[i].norm == "dozen" || tokens[i].norm == "pair") && tokens[i - 1].norm == "a")
    return std::make_pair(tokens[i].norm == "dozen" ? 12L : 2L, std::size_t{2});
  return std::nullopt;
}

// ------------------------------------------------------------------ dates

DateReader::DateReader(const lang::Language& language, const text::Tokenizer& tokenizer)
    : m_numbers(language, tokenizer) {
  auto words = [&](std::string_view phrase) {
    std::vector<std::string> out;
    for (const Token& t : tokenizer.tokenize(phrase))
      if (is_word(t)) out.push_back(t.norm);
    return out;
  };
  for (const lang::Row& row :
       language.table("relative_dates", {"phrase", "offset_days", "precision", "news_day", "relative_to"})) {
    const auto precision = static_cast<DatePrecision>(row.choice("precision", {"day", "week", "month", "unknown"}));
    const bool news_day = row.choice("news_day", {"no", "yes"}) == 1;
    const bool previous = row.choice("relative_to", {"publication", "previous_event"}) == 1;
    m_relative.push_back(
        {words(row.at("phrase")), static_cast<int>(row.integer("offset_days")), precision, news_day, previous});
  }
  std::stable_sort(m_relative.begin(), m_relative.end(),
                   [](const Relative& a, const Relative& b) { return a.words.size() > b.words.size(); });
  for (const lang::Row& row : language.table("months", {"word", "month"})) {
    const long month = row.integer("month");
    if (month < 1 || month > 12) row.fail("month", "not between 1 and 12");
    m_months.emplace_back(text::normalize(tokenizer, row.at("word")), static_cast<int>(month));
  }
  std::stable_sort(m_months.begin(), m_months.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const lang::Row& row : language.table("weekdays", {"word", "weekday"})) {
    const long day = row.integer("weekday");
    if (day < 0 || day > 6) row.fail("weekday", "not between 0 (Sunday) and 6");
    m_weekdays.emplace_back(text::normalize(tokenizer, row.at("word")), static_cast<int>(day));
  }
  for (const lang::Row& row : language.table("ordinals", {"phrase", "day"})) {
    const long day = row.integer("day");
    if (day < 1 || day > 31) row.fail("day", "not between 1 and 31");
    m_ordinals.emplace_back(text::normalize(tokenizer, row.at("phrase")), static_cast<int>(day));
  }
  std::vector<std::string> before, after;
  for (const lang::Row& row : language.table("month_qualifiers", {"phrase", "position"})) {
    const std::size_t position = row.choice("position", {"before", "after", "both"});
    if (position != 1) before.push_back(row.at("phrase"));
    if (position != 0) after.push_back(row.at("phrase"));
  }
  m_month_before = text::Lexicon(tokenizer, before);
  m_month_after = text::Lexicon(tokenizer, after);
  // Words a date expression can start with (numbers aside): most tokens are none of them.
  for (const Relative& r : m_relative) m_starters[r.words.front()] = true;
  for (const auto& [name, m] : m_months) m_starters[std::string(first_word(name))] = true;
  for (const auto& [name, d] : m_weekdays) m_starters[name] = true;
  for (const auto& [name, d] : m_ordinals) m_starters[std::string(first_word(name))] = true;
  std::stable_sort(m_ordinals.begin(), m_ordinals.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (std::size_t p = 0; p < m_relative.size(); ++p) m_relative_by_first[m_relative[p].words.front()].push_back(p);
  for (std::size_t p = 0; p < m_months.size(); ++p)
    m_months_by_first[std::string(first_word(m_months[p].first))].push_back(p);
  for (std::size_t p = 0; p < m_weekdays.size(); ++p) m_weekdays_by_name[m_weekdays[p].first].push_back(p);
  for (std::size_t p = 0; p < m_ordinals.size(); ++p)
    m_ordinals_by_first[std::string(first_word(m_ordinals[p].first))].push_back(p);
}

bool DateReader::month_qualified(const std::vector<Token>& tokens, std::size_t month_begin, std::size_t after,
                                 std::size_t end) const {
  std::size_t p = month_begin;
  if (p > 0 && tokens[p - 1].norm == "-") --p;  // mid-March
  if (p > 0 && is_word(tokens[p - 1])) {
    const std::string& w = tokens[p - 1].norm;
    if (m_month_before.contains(w) || m_month_before.contains(strip_clitic(w))) return true;
  }
  return after < end && is_word(tokens[after]) && m_month_after.contains(tokens[after].norm);
}

std::optional<int> DateReader::month_at(const std::vector<Token>& tokens, std::size_t i, std::size_t& used,
                                        const std::string* stripped) const {
  if (i >= tokens.size() || !is_word(tokens[i])) return std::nullopt;
  const Token& t = tokens[i];
  const std::string own = stripped ? std::string() : strip_clitic(t.norm);
  const std::string& w = stripped ? *stripped : own;
  // English month names need a capital (May, March are also ordinary words).
  const bool lowercase_latin = t.script == text::Script::latin && !t.capitalized;
  const std::size_t p = first_match(m_months_by_first, {first_word(t.norm), first_word(w)}, [&](std::size_t p) {
    const std::string& name = m_months[p].first;
    if (name.find(' ') != std::string::npos) return i + 1 < tokens.size() && joined_equals(w, tokens[i + 1].norm, name);
    return (t.norm == name || w == name) && !lowercase_latin;
  });
  if (p == std::string::npos) return std::nullopt;
  used = m_months[p].first.find(' ') != std::string::npos ? 2 : 1;
  return m_months[p].second;
}

std::vector<DateMention> DateReader::find(const std::vector<Token>& tokens, std::size_t begin, std::size_t end,
                                          const Date& published, const std::vector<std::string>* stripped_forms) const {
  std::vector<DateMention> found;
  auto year_at = [&](std::size_t k) -> std::optional<int> {
    if (k < end && tokens[k].type == TokenType::number && tokens[k].norm.size() == 4)
      if (auto v = to_long(tokens[k].norm)) return static_cast<int>(*v);
    return std::nullopt;
  };
  // A month name may be followed by its other-system twin: يونيو/حزيران, حزيران (يونيو).
  auto skip_twin = [&](std::size_t k) {
    std::size_t used = 0;
    if (k < end && (tokens[k].norm == "/" || tokens[k].norm == "(")) {
      if (month_at(tokens, k + 1, used)) {
        k += 1 + used;
        if (k < end && tokens[k].norm == ")") ++k;
      }
    }
    return k;
  };
  auto infer_year = [&](int month, int day) -> std::optional<Date> {
    if (!published.valid()) return std::nullopt;
    auto d = make_date(published.year, month, day);
    if (d && d->days() > published.days() + 1) d = make_date(published.year - 1, month, day);
    return d;
  };
  // After a day and a month: ", 2020" if written (consumed, k moves past it), else the year
  // that puts the date on or before publication.
  auto day_in_year = [&](int month, int day, std::size_t& k) -> std::optional<Date> {
    if (k < end && tokens[k].norm == ",") ++k;
    if (auto year = year_at(k)) {
      ++k;
      return make_date(*year, month, day);
    }
    return infer_year(month, day);
  };
  auto emit = [&](DateMention dm, const Date& date, DatePrecision precision, std::size_t token_end) {
    dm.date = date;
    dm.precision = precision;
    dm.token_end = token_end;
    found.push_back(dm);
  };
  for (std::size_t i = begin; i < end;) {
    const Token& t = tokens[i];
    if (!is_word(t)) {
      ++i;
      continue;
    }
    // Proclitics are Arabic's: an English word is its own stripped form.
    const bool arabic = t.script == text::Script::arabic;
    std::string stripped_arabic;
    if (arabic && stripped_forms == nullptr) stripped_arabic = strip_clitic(t.norm);
    const std::string& stripped =
        !arabic ? t.norm : (stripped_forms != nullptr ? (*stripped_forms)[i] : stripped_arabic);
    if (t.type != TokenType::number && !m_starters.contains(t.norm) && (!arabic || !m_starters.contains(stripped))) {
      ++i;
      continue;
    }
    DateMention dm;
    dm.token_begin = i;
    std::size_t used = 0;
    // Relative expressions: the first word as written, without its proclitic, or without و.
    const std::string_view norm = t.norm;
    const std::string_view unwaw = norm.size() > 2 && norm.starts_with("\u0648") ? norm.substr(2) : norm;
    if (const std::size_t p = first_match(m_relative_by_first, {norm, stripped, unwaw},
                                          [&](std::size_t p) {
                                            const Relative& r = m_relative[p];
                                            if (i + r.words.size() > end) return false;
                                            for (std::size_t w = 1; w < r.words.size(); ++w)
                                              if (tokens[i + w].norm != r.words[w]) return false;
                                            return true;
                                          });
        p != std::string::npos) {
      const Relative& r = m_relative[p];
      if (published.valid()) {
        dm.news_anchor = r.anchor;
        dm.from_previous_event = r.from_previous_event;
        dm.offset_days = r.offset_days;
        emit(dm, published.plus_days(r.offset_days), r.precision, i + r.words.size());
      }
      i += r.words.size();
      continue;
    }
    // Weekday: the most recent such day on or before publication.
    if (const std::size_t p = first_match(m_weekdays_by_name, {norm, stripped}, [](std::size_t) { return true; });
        p != std::string::npos && !(t.script == text::Script::latin && !t.capitalized)) {
      if (published.valid()) {
        const int wd = m_weekdays[p].second;
        int back = (published.weekday() - wd + 7) % 7;
        // "last Sunday" / "الأحد الماضي" on a Sunday is a week ago, not today.
        const bool last = (i > begin && tokens[i - 1].norm == "last") ||
                          (i + 1 < end && tokens[i + 1].norm == "\u0627\u0644\u0645\u0627\u0636\u064A");
        if (back == 0 && last) back = 7;
        dm.news_anchor = true;
        emit(dm, published.plus_days(-back), DatePrecision::day, i + 1);
      }
      ++i;
      continue;
    }
    // Day number or ordinal, then month: "11 March 2020", "١١ آذار", "الحادي عشر من يونيو/حزيران".
    std::optional<int> day;
    std::size_t k = i;
    if (t.type == TokenType::number && t.norm.size() <= 2 && to_long(t.norm)) {
      day = static_cast<int>(*to_long(t.norm));
      k = i + 1;
    } else {
      const std::size_t p = first_match(m_ordinals_by_first, {first_word(norm)}, [&](std::size_t p) {
        const std::string& name = m_ordinals[p].first;
        if (name.find(' ') != std::string::npos) return i + 1 < end && joined_equals(norm, tokens[i + 1].norm, name);
        return norm == name && i + 1 < end && tokens[i + 1].norm == "\u0645\u0646";
      });
      if (p != std::string::npos) {
        day = m_ordinals[p].second;
        k = m_ordinals[p].first.find(' ') != std::string::npos ? i + 2 : i + 1;
      }
      if (day && k < end && tokens[k].norm == "\u0645\u0646") ++k;  // من
    }
    if (day && k < end && tokens[k].norm == "of") ++k;
    if (day) {
      if (auto month = month_at(tokens, k, used)) {
        k = skip_twin(k + used);
        if (const auto d = day_in_year(*month, *day, k)) emit(dm, *d, DatePrecision::day, k);
        i = k;  // an impossible date (31 February) is no date, not a month
        continue;
      }
    }
    // Month first: "March 11, 2020", "Oct. 20", "March 2020", "آذار 2020".
    if (auto month = month_at(tokens, i, used, &stripped)) {
      k = skip_twin(i + used);
      if (k < end && tokens[k].norm == "." && tokens[k].start == tokens[k - 1].end && tokens[i].norm.size() <= 4) ++k;
      if (k < end && tokens[k].type == TokenType::number && tokens[k].norm.size() <= 2 &&
          tokens[i].script == text::Script::latin) {
        const int d = static_cast<int>(to_long(tokens[k].norm).value_or(0));
        ++k;
        if (const auto date = day_in_year(*month, d, k)) {
          emit(dm, *date, DatePrecision::day, k);
          i = k;
          continue;
        }
      } else if (auto year = year_at(k)) {
        if (auto date = make_date(*year, *month, 1)) {
          emit(dm, *date, DatePrecision::month, k + 1);
          i = k + 1;
          continue;
        }
      } else if (published.valid() && month_qualified(tokens, i, k, end)) {
        // "last September", "mid-March", "أيلول الماضي", "منتصف آذار": the latest such month.
        const int year = *month <= published.month ? published.year : published.year - 1;
        if (auto date = make_date(year, *month, 1)) {
          emit(dm, *date, DatePrecision::month, k);
          i = k;
          continue;
        }
      }
    }
    ++i;
  }
  return found;
}

}  // namespace mawqi::events

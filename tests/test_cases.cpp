// Data-driven cases (tests/cases/README.md): one test per line of tests/cases/events/*.tsv (the
// events of a whole article) and tests/cases/recognition/*.tsv (the places a text names), run
// through the whole pipeline. A case that cannot be read fails as itself, naming file and line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mawqi/events.hpp"
#include "mawqi/pipeline.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using namespace mawqi;

namespace {

// The one place the cases get their pipeline from.
const Pipeline& case_pipeline() { return test::pipeline(); }

const std::string kCasesDir = std::string(MAWQI_SOURCE_DIR) + "/tests/cases";

struct Case {
  std::string file;  // relative to tests/cases
  std::size_t line = 0;
  std::map<std::string, std::string> cells;  // by header column
  std::string error;                         // the line could not be read: the case fails with this
  [[nodiscard]] std::string where() const { return "tests/cases/" + file + ":" + std::to_string(line); }
  [[nodiscard]] std::string cell(const std::string& column) const {
    const auto it = cells.find(column);
    return it == cells.end() ? std::string() : it->second;
  }
};

// What gtest prints for a failing case: where it is, not its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.where(); }

// gtest names allow letters, digits and '_': "events/iraq.tsv" line 7 → events_iraq_7.
std::string case_name(const Case& c) {
  std::string name = c.file.substr(0, c.file.rfind('.')) + "_" + std::to_string(c.line);
  for (char& ch : name)
    if (std::isalnum(static_cast<unsigned char>(ch)) == 0) ch = '_';
  return name;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t from = 0;
  for (std::size_t tab; (tab = line.find('\t', from)) != std::string::npos; from = tab + 1)
    cells.push_back(line.substr(from, tab - from));
  cells.push_back(line.substr(from));
  return cells;
}

// `\n`, `\t` and `\\` in a text cell: an article has paragraphs, a TSV line cannot.
std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char next = s[++i];
      out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Every data line of every .tsv under tests/cases/<kind>, in sorted file order.
std::vector<Case> load_cases(const std::string& kind, const std::vector<std::string>& columns) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(kCasesDir) / kind;
  if (fs::is_directory(dir))
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Case> cases;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> header;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      Case c;
      c.file = kind + "/" + path.filename().string();
      c.line = number;
      const std::vector<std::string> cells = split_tabs(line);
      if (header.empty()) {
        header = cells;
        for (const std::string& column : columns)
          if (std::find(header.begin(), header.end(), column) == header.end())
            c.error += (c.error.empty() ? "the header lacks column " : ", ") + column;
        if (!c.error.empty()) cases.push_back(std::move(c));
        continue;
      }
      if (cells.size() != header.size()) {
        c.error = std::to_string(cells.size()) + " cells, the header has " + std::to_string(header.size());
      } else {
        for (std::size_t i = 0; i < cells.size(); ++i) c.cells[header[i]] = cells[i];
      }
      cases.push_back(std::move(c));
    }
  }
  return cases;
}

// --- The expect syntax ------------------------------------------------------------------------

// Splits on `sep` (or on any blank, for ' ') outside double quotes; quotes and escapes are kept
// for the next step.
std::vector<std::string> split_outside_quotes(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    if (quoted && ch == '\\' && i + 1 < s.size()) {
      part += ch;
      part += s[++i];
      continue;
    }
    if (ch == '"') quoted = !quoted;
    const bool at_sep = !quoted && (sep == ' ' ? (ch == ' ' || ch == '\t') : ch == sep);
    if (at_sep) {
      parts.push_back(part);
      part.clear();
    } else {
      part += ch;
    }
  }
  parts.push_back(part);
  std::vector<std::string> trimmed;
  for (std::string& p : parts) {
    const std::size_t b = p.find_first_not_of(" \t"), e = p.find_last_not_of(" \t");
    if (b != std::string::npos) trimmed.push_back(p.substr(b, e - b + 1));
  }
  return trimmed;
}

// A value as written: bare (`3`, `null`, `gn:98182`) or double-quoted (`"Kataib Hezbollah"`,
// `"null"` for the word itself), with `\"` and `\\` inside quotes.
struct Value {
  std::string text;
  bool null = false;  // bare `null`: not stated / empty
  std::string raw;    // as written, for messages
};

Value parse_value(const std::string& raw, std::string& error) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    Value v;
    v.raw = raw;
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
      if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
      v.text += raw[i];
    }
    return v;
  }
  if (raw.find('"') != std::string::npos) error = "unbalanced quotes in " + raw;
  return Value{raw, raw == "null", raw};
}

using Spec = std::vector<std::pair<std::string, Value>>;  // field=value pairs of one event, in order

const std::set<std::string>& event_fields() {
  static const std::set<std::string> fields = {"type",   "sub",     "place",  "date",   "precision", "count",
                                               "killed", "wounded", "damage", "weapon", "note",      "from",
                                               "to",     "actor1",  "actor2", "target"};
  return fields;
}

std::vector<Spec> parse_events(const std::string& expect, std::string& error) {
  std::vector<Spec> specs;
  if (expect == "none") return specs;
  for (const std::string& event : split_outside_quotes(expect, ';')) {
    Spec spec;
    for (const std::string& pair : split_outside_quotes(event, ' ')) {
      const std::size_t eq = pair.find('=');
      if (eq == std::string::npos || eq == 0) {
        error = "not field=value: " + pair;
        return {};
      }
      const std::string field = pair.substr(0, eq);
      if (!event_fields().contains(field)) {
        error = "unknown field '" + field + "' (tests/cases/README.md lists them)";
        return {};
      }
      spec.emplace_back(field, parse_value(pair.substr(eq + 1), error));
      if (!error.empty()) return {};
    }
    if (spec.empty()) {
      error = "an empty event in the list";
      return {};
    }
    specs.push_back(std::move(spec));
  }
  if (specs.empty()) error = "no events: write `none` for an article without any";
  return specs;
}

// --- Events -----------------------------------------------------------------------------------

std::string number_text(const std::optional<long>& n) { return n ? std::to_string(*n) : std::string("null"); }

std::string quote(const std::string& s) {
  if (s.empty()) return "null";
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// An event's fields in the expect syntax, so that a failure shows what was found in a form that
// can be pasted into a case. Strings are quoted, so "null" stands only for an empty one.
std::map<std::string, std::string> fields_of(const events::Event& e) {
  const gazetteer::PlaceView place = test::bundled().place(e.place);
  return {{"type", events::to_string(e.type)},
          {"sub", e.sub_event_type.empty() ? "null" : e.sub_event_type},
          {"place", std::string(place.id) + " (" + std::string(place.name) + ")"},
          {"date", e.date.valid() ? e.date.iso() : "null"},
          {"precision", events::to_string(e.date_precision)},
          {"count", number_text(e.munitions_count)},
          {"killed", number_text(e.fatalities)},
          {"wounded", number_text(e.injuries)},
          {"damage", e.damage.empty() ? "null" : e.damage},
          {"weapon", quote(e.weapon)},
          {"note", quote(e.location_note)},
          {"from", quote(e.actor_from)},
          {"to", quote(e.actor_to)},
          {"actor1", quote(e.actor1)},
          {"actor2", quote(e.actor2)},
          {"target", quote(e.target)}};
}

std::string show(const events::Event& e) {
  static const std::vector<std::string> order = {"type",   "sub",     "place",  "date",   "precision", "count",
                                                 "killed", "wounded", "damage", "weapon", "note",      "from",
                                                 "to",     "actor1",  "actor2", "target"};
  const auto fields = fields_of(e);
  std::string out;
  for (const std::string& f : order) out += (out.empty() ? "" : " ") + f + "=" + fields.at(f);
  return out;
}

std::string show(const Spec& spec) {
  std::string out;
  for (const auto& [field, value] : spec) out += (out.empty() ? "" : " ") + field + "=" + value.raw;
  return out;
}

bool field_matches(const events::Event& e, const std::string& field, const Value& v) {
  auto text = [&](const std::string& ours) { return v.null ? ours.empty() : ours == v.text; };
  auto number = [&](const std::optional<long>& ours) {
    return v.null ? !ours.has_value() : ours.has_value() && std::to_string(*ours) == v.text;
  };
  if (field == "type") return v.text == events::to_string(e.type);
  if (field == "sub") return text(e.sub_event_type);
  if (field == "place") {
    const gazetteer::PlaceView place = test::bundled().place(e.place);
    return v.text == place.id || v.text == place.name;
  }
  if (field == "date") return v.null ? !e.date.valid() : e.date.valid() && e.date.iso() == v.text;
  if (field == "precision") return v.text == events::to_string(e.date_precision);
  if (field == "count") return number(e.munitions_count);
  if (field == "killed") return number(e.fatalities);
  if (field == "wounded") return number(e.injuries);
  if (field == "damage") return text(e.damage);
  if (field == "weapon") return text(e.weapon);
  if (field == "note") return text(e.location_note);
  if (field == "from") return text(e.actor_from);
  if (field == "to") return text(e.actor_to);
  if (field == "actor1") return text(e.actor1);
  if (field == "actor2") return text(e.actor2);
  if (field == "target") return text(e.target);
  return false;
}

bool spec_matches(const Spec& spec, const events::Event& e) {
  return std::all_of(spec.begin(), spec.end(), [&](const auto& fv) { return field_matches(e, fv.first, fv.second); });
}

// Whether every spec can be given its own found event (a perfect matching; cases are small, so
// plain backtracking), with no found event left over.
bool assign(const std::vector<Spec>& specs, const std::vector<events::Event>& found, std::size_t next,
            std::vector<bool>& used) {
  if (next == specs.size()) return true;
  for (std::size_t i = 0; i < found.size(); ++i)
    if (!used[i] && spec_matches(specs[next], found[i])) {
      used[i] = true;
      if (assign(specs, found, next + 1, used)) return true;
      used[i] = false;
    }
  return false;
}

class EventCase : public ::testing::TestWithParam<Case> {};

TEST_P(EventCase, Matches) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.error.empty()) << c.where() << ": " << c.error;
  std::string error;
  const std::vector<Spec> specs = parse_events(c.cell("expect"), error);
  ASSERT_TRUE(error.empty()) << c.where() << ": expect: " << error;
  const Article article = test::article(unescape(c.cell("text")), c.cell("lang"), c.cell("published"), "case");
  // Reports of one event within the article count once, as in `mawqi eval`.
  const std::vector<events::Event> found =
      events::deduplicate(case_pipeline().process(article).events, test::bundled());

  std::vector<bool> used(found.size(), false);
  const bool ok = specs.size() == found.size() && assign(specs, found, 0, used);
  std::string message = c.where() + ": expected " + std::to_string(specs.size()) + " event(s), found " +
                        std::to_string(found.size()) + "\n  expected:";
  for (const Spec& s : specs) {
    const bool any = std::any_of(found.begin(), found.end(), [&](const auto& e) { return spec_matches(s, e); });
    message += "\n    " + std::string(any ? "  " : "✗ ") + show(s);
  }
  message += "\n  found:";
  for (const events::Event& e : found) message += "\n      " + show(e);
  EXPECT_TRUE(ok) << message;
}

INSTANTIATE_TEST_SUITE_P(Cases, EventCase,
                         ::testing::ValuesIn(load_cases("events", {"lang", "published", "text", "expect"})),
                         [](const auto& info) { return case_name(info.param); });

// --- Recognition ------------------------------------------------------------------------------

class RecognitionCase : public ::testing::TestWithParam<Case> {};

TEST_P(RecognitionCase, Matches) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.error.empty()) << c.where() << ": " << c.error;
  std::vector<std::pair<std::string, std::string>> expected;  // surface, place id or name
  std::vector<std::string> absent;                            // surfaces that are not places here
  const std::string expect = c.cell("expect");
  if (expect != "none")
    for (const std::string& item : split_outside_quotes(expect, ';')) {
      if (item[0] == '!') {
        absent.push_back(item.substr(1));
        continue;
      }
      const std::size_t arrow = item.find("=>");
      ASSERT_NE(arrow, std::string::npos) << c.where() << ": not surface=>place or !surface: " << item;
      auto trim = [](std::string s) {
        const std::size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
      };
      expected.emplace_back(trim(item.substr(0, arrow)), trim(item.substr(arrow + 2)));
    }
  ASSERT_FALSE(expected.empty() && absent.empty() && expect != "none")
      << c.where() << ": expect lists nothing: write `none` for a text without places";

  const Article article = test::article(unescape(c.cell("text")), c.cell("lang"), "2020-07-26", "case");
  std::set<std::pair<std::string, std::string>> found;  // surface, place id (set: a repeated name counts once)
  std::string listing;
  for (const io::MentionFeature& m : case_pipeline().process(article).mentions) {
    const gazetteer::PlaceView p = test::bundled().place(m.place);
    if (found.emplace(m.text, std::string(p.id)).second)
      listing += "\n    " + m.text + "=>" + std::string(p.id) + " (" + std::string(p.name) + ")";
  }
  auto is = [&](const std::pair<std::string, std::string>& f, const std::pair<std::string, std::string>& e) {
    if (f.first != e.first) return false;
    const gazetteer::PlaceView p = test::bundled().place(*test::bundled().find_id(f.second));
    return e.second == p.id || e.second == p.name;
  };
  std::string wrong;
  for (const auto& e : expected)
    if (std::none_of(found.begin(), found.end(), [&](const auto& f) { return is(f, e); }))
      wrong += "\n    not found: " + e.first + "=>" + e.second;
  for (const auto& f : found) {
    if (std::none_of(expected.begin(), expected.end(), [&](const auto& e) { return is(f, e); }))
      wrong += "\n    not expected: " + f.first + "=>" + f.second + " (" +
               std::string(test::bundled().place(*test::bundled().find_id(f.second)).name) + ")";
    if (std::find(absent.begin(), absent.end(), f.first) != absent.end())
      wrong += "\n    must not be a place: " + f.first;
  }
  EXPECT_TRUE(wrong.empty()) << c.where() << ":" << wrong << "\n  found:" << (listing.empty() ? " none" : listing);
}

INSTANTIATE_TEST_SUITE_P(Cases, RecognitionCase,
                         ::testing::ValuesIn(load_cases("recognition", {"lang", "text", "expect"})),
                         [](const auto& info) { return case_name(info.param); });

// The expect syntax itself: quotes hold blanks, `;` and escapes; a bare null is not the word.
TEST(CaseSyntax, ExpectLists) {
  std::string error;
  const std::vector<Spec> specs =
      parse_events(R"(type=incident actor1="Saraya; "X"" count=3 ;type=handover to=null from="null")", error);
  ASSERT_TRUE(error.empty()) << error;
  ASSERT_EQ(specs.size(), 2u);
  ASSERT_EQ(specs[0].size(), 3u);
  EXPECT_EQ(specs[0][1].first, "actor1");
  EXPECT_EQ(specs[0][1].second.text, "Saraya; \"X\"");
  EXPECT_FALSE(specs[0][1].second.null);
  EXPECT_TRUE(specs[1][1].second.null);
  EXPECT_FALSE(specs[1][2].second.null);
  EXPECT_EQ(specs[1][2].second.text, "null");
  EXPECT_TRUE(parse_events("none", error).empty());
  EXPECT_TRUE(error.empty());
  (void)parse_events("type=incident colour=red", error);
  EXPECT_NE(error.find("unknown field 'colour'"), std::string::npos) << error;
  error.clear();
  (void)parse_events("type=incident place=\"Camp Taji", error);
  EXPECT_NE(error.find("unbalanced quotes"), std::string::npos) << error;
  error.clear();
  (void)parse_events("", error);
  EXPECT_NE(error.find("write `none`"), std::string::npos) << error;
  EXPECT_EQ(unescape(R"(one\ntwo\\n)"), "one\ntwo\\n");
}

// The folders are there and hold cases: an empty suite would pass unnoticed.
TEST(CaseFiles, ArePresent) {
  EXPECT_FALSE(load_cases("events", {}).empty()) << kCasesDir << "/events/*.tsv";
  EXPECT_FALSE(load_cases("recognition", {}).empty()) << kCasesDir << "/recognition/*.tsv";
}

}  // namespace

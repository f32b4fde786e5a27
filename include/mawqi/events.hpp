#pragma once
// Events module: handovers and incidents read from sentences (docs/arabic.md §6), with dates
// resolved against the article date, counts, casualties, damage and actors; de-duplicated
// across articles.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "mawqi/gazetteer.hpp"
#include "mawqi/language.hpp"
#include "mawqi/place.hpp"
#include "mawqi/resolve.hpp"
#include "mawqi/text.hpp"

namespace mawqi::events {

// A civil date (proleptic Gregorian).
struct Date {
  int year = 0, month = 0, day = 0;
  [[nodiscard]] bool valid() const { return year != 0; }
  [[nodiscard]] std::string iso() const;    // YYYY-MM-DD
  [[nodiscard]] std::int64_t days() const;  // days since 1970-01-01
  [[nodiscard]] int weekday() const;        // 0 = Sunday
  [[nodiscard]] Date plus_days(std::int64_t n) const;
  static Date from_days(std::int64_t days);
  static std::optional<Date> parse_iso(std::string_view text);  // strict: rejects 2020-02-31
  friend bool operator==(const Date&, const Date&) = default;
};

enum class DatePrecision : std::uint8_t { day, week, month, unknown };
[[nodiscard]] const char* to_string(DatePrecision p);

struct DateMention {
  Date date;
  DatePrecision precision = DatePrecision::unknown;
  std::size_t token_begin = 0, token_end = 0;
  bool news_anchor = false;  // "yesterday"/"أمس"/"today"/a weekday: the day the news is about
  // "a day earlier", في اليوم السابق: `offset_days` from the event told just before, not from
  // the publication day (`date` holds the publication-relative reading).
  bool from_previous_event = false;
  int offset_days = 0;
};

// Reads numbers written as digits or words, Arabic or English (docs/arabic.md §6.4).
class NumberReader {
 public:
  NumberReader(const lang::Language& language, const text::Tokenizer& tokenizer);
  // The number that ends at token i (inclusive), and how many tokens it spans.
  [[nodiscard]] std::optional<std::pair<long, std::size_t>> ending_at(const std::vector<text::Token>& tokens,
                                                                      std::size_t i) const;
  // Whether a word in match form is a number word as written (واحد, not وثلاثة).
  [[nodiscard]] bool is_number_word(const std::string& norm) const { return word_value(norm).has_value(); }
  // The number that starts at token i.
  [[nodiscard]] std::optional<std::pair<long, std::size_t>> starting_at(const std::vector<text::Token>& tokens,
                                                                        std::size_t i) const;

 private:
  [[nodiscard]] std::optional<long> word_value(const std::string& norm) const;
  std::vector<std::pair<std::string, long>> m_words;  // normalized word → value
};

// Finds date expressions, absolute and relative to the publication date (docs/arabic.md §6.5–6.6).
class DateReader {
 public:
  DateReader(const lang::Language& language, const text::Tokenizer& tokenizer);
  // `stripped`: each token's norm without its proclitic, when the caller has them (else they are
  // made here).
  [[nodiscard]] std::vector<DateMention> find(const std::vector<text::Token>& tokens, std::size_t begin,
                                              std::size_t end, const Date& published,
                                              const std::vector<std::string>* stripped = nullptr) const;

 private:
  struct Relative {
    std::vector<std::string> words;
    int offset_days;
    DatePrecision precision;
    bool anchor;
    bool from_previous_event;
  };
  // `stripped`: token i without its proclitic, when the caller has it already.
  [[nodiscard]] std::optional<int> month_at(const std::vector<text::Token>& tokens, std::size_t i, std::size_t& used,
                                            const std::string* stripped = nullptr) const;
  // A bare month made definite: "last September", "mid-March", "أيلول الماضي", "منتصف آذار".
  [[nodiscard]] bool month_qualified(const std::vector<text::Token>& tokens, std::size_t month_begin, std::size_t after,
                                     std::size_t end) const;
  std::vector<Relative> m_relative;  // longest first
  std::vector<std::pair<std::string, int>> m_months;
  std::vector<std::pair<std::string, int>> m_weekdays;
  std::vector<std::pair<std::string, int>> m_ordinals;
  // Positions in the lists above (ascending) by a phrase's first word, or a weekday's name: a
  // token looks up the few names it may start instead of comparing itself with every one.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using NameIndex = std::unordered_map<std::string, std::vector<std::size_t>, NameHash, std::equal_to<>>;
  NameIndex m_relative_by_first, m_months_by_first, m_weekdays_by_name, m_ordinals_by_first;
  NumberReader m_numbers;
  text::Lexicon m_month_before, m_month_after;
  text::detail::StringTable<bool> m_starters;  // first words of every date expression
};

enum class EventType : std::uint8_t { incident, handover };
[[nodiscard]] const char* to_string(EventType t);

struct Event {
  std::string event_id;
  EventType type = EventType::incident;
  std::string sub_event_type;
  Date date;
  DatePrecision date_precision = DatePrecision::unknown;
  std::uint32_t place = 0;  // gazetteer index (for a relative location: its anchor)
  double lat = 0, lon = 0;  // the event's point: the place's, or computed from a relative location
  std::int32_t precision_m = 0;
  int geo_precision = 1;
  std::string location_note;
  std::string weapon;
  std::optional<long> munitions_count, fatalities, injuries;
  std::string damage = "unknown";    // none, material, unknown
  std::string actor_from, actor_to;  // handovers: who handed over, who received
  std::string actor1, actor2;        // incidents: who attacked or claimed it, who was targeted
  std::string target;                // incidents: what was aimed at
  std::vector<std::string> source_ids, source_urls;
  std::string evidence;
  std::string language;
  double confidence = 0;
  // Each reporting article once, in id order after the merge, with what an export that cites
  // every source needs (the ACLED CSV's source, notes and timestamp).
  struct Report {
    std::string source_id;
    std::string source;     // the article's `source`, else the host of its `url`; may be empty
    std::string published;  // its publication day, YYYY-MM-DD; may be empty
    std::string evidence;   // the sentence this article reported it in
  };
  std::vector<Report> reports;
  // 0 for what a clause reports; 1 for another attack it tells of at the same place ("hours
  // after a similar attack"): events of one article on different occasions are never one event.
  int occasion = 0;
};

class Extractor {
 public:
  Extractor(const gazetteer::Gazetteer& gazetteer, const text::Tokenizer& tokenizer, const lang::Language& language);
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  [[nodiscard]] std::vector<Event> extract(const Article& article, const std::vector<text::Token>& tokens,
                                           const std::vector<resolve::ResolvedMention>& mentions) const;

  struct Lexicons;  // trigger, weapon, casualty and actor lexicons (extractor.cpp)

 private:
  const gazetteer::Gazetteer& m_gazetteer;
  const text::Tokenizer* m_tokenizer;
  std::unique_ptr<Lexicons> m_lex;
  // Town → the base named after it ("Taji" → Camp Taji), memoized: not thread-safe, like the
  // tokenizer (one Extractor per thread).
  mutable std::unordered_map<std::uint32_t, std::optional<std::uint32_t>> m_base_named_after;
};

// Merges reports of one event (same type and sub-type at the same place, dates within a day or
// unknown) as they come, so that only distinct events are kept; then lists every source,
// assigns stable ids and sorts into a deterministic order.
class Deduplicator {
 public:
  explicit Deduplicator(const gazetteer::Gazetteer& gazetteer);
  void add(Event&& event);
  [[nodiscard]] std::vector<Event> finish() &&;

 private:
  // Candidates share type, sub-type and place, and a date near enough: indexed by both so a
  // corpus of a million events (years of attacks on one base) compares each with a handful.
  struct Candidates {
    std::vector<std::size_t> undated;                // in merge order
    std::multimap<std::int64_t, std::size_t> dated;  // by days since 1970
  };
  [[nodiscard]] bool shares_article(std::size_t merged, const Event& e) const;
  const gazetteer::Gazetteer& m_gazetteer;
  std::vector<Event> m_merged;
  // By type and place (type << 32 | place), then sub-type: no key string built per event.
  std::unordered_map<std::uint64_t, std::unordered_map<std::string, Candidates>> m_by_key;
  // Whether a merged event has a source of the new one, without comparing source lists. A run
  // is a stretch of adds whose events each come from the same single article (all of one
  // article's events are added one after another); when that article was seen in no earlier
  // add, a merged event has it exactly when this run created or merged into it. Any other
  // order or source list falls back to comparing the lists.
  std::vector<std::uint64_t> m_touched;  // per merged event: the last run that created or merged into it
  std::uint64_t m_run = 0;
  bool m_run_single = false;  // the run's events have exactly one source, m_run_source
  bool m_run_fresh = false;   // ... and no earlier add had it
  std::string m_run_source;
  std::unordered_set<std::uint64_t> m_seen_sources;  // hashes: a collision only costs the comparison
};

// All at once: the events of a whole corpus, in input order.
[[nodiscard]] std::vector<Event> deduplicate(std::vector<Event> events, const gazetteer::Gazetteer& gazetteer);

}  // namespace mawqi::events

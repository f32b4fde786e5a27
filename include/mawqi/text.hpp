#pragma once
// Text module: ICU-backed tokenization and Arabic/Latin normalization (docs/arabic.md §1, §4).
// ICU stays behind the pimpl; callers see UTF-8 strings and code-point offsets.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace mawqi::text {

enum class TokenType : std::uint8_t { word, number, punct, newline };
enum class Script : std::uint8_t { latin, arabic, other };

struct Token {
  std::uint32_t start = 0;  // code points into the text, end exclusive
  std::uint32_t end = 0;
  std::uint32_t byte_start = 0;  // the same span in UTF-8 bytes
  std::uint32_t byte_end = 0;
  std::string norm;  // match form: Arabic L1; Latin lower-cased, diacritics and apostrophes removed
  std::string key;   // lookup key: norm plus Arabic L2 folding (ؤ→و, ئ→ي, final اء→ا)
  TokenType type = TokenType::word;
  Script script = Script::other;
  bool capitalized = false;  // Latin: first letter upper case
  bool all_caps = false;     // Latin: every letter upper case (datelines, acronyms)
};

// Splits UTF-8 text into tokens with ICU's word BreakIterator, then splits what ICU glues
// (letter+digit runs such as و٤ and 30كم, the possessive 's) and normalizes each piece.
// Not thread-safe (ICU break iterators are not); use one per thread.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;

  [[nodiscard]] std::vector<Token> tokenize(std::string_view utf8) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// A segment of the word breaks: where it ends (a UTF-16 index; a code point index for the text
// word_segments_without_icu breaks, all of whose code points are in the BMP) and ICU's rule
// status (UBRK_WORD_NONE, UBRK_WORD_NUMBER, UBRK_WORD_LETTER).
struct WordSegment {
  std::int32_t end = 0;
  std::int32_t status = 0;
};
// ICU's word breaks without ICU's break iterator, for text whose every code point is below
// U+3000 and of a class the rules of UAX #29 tell apart without a dictionary, as ICU's root rules
// apply them (the classes are ICU's Word_Break property; no colon is MidLetter; Extend and Format
// join the character before them): most news, in English and Arabic. False, `segments` empty,
// for other text (ZWJ, Hebrew, kana, emoji, @ …), which ICU breaks. Tests hold it to
// icu_word_segments.
[[nodiscard]] bool word_segments_without_icu(std::string_view utf8, std::vector<WordSegment>& segments);
[[nodiscard]] std::vector<WordSegment> icu_word_segments(std::string_view utf8);

// The lookup key of a whole name: its word and number tokens' keys joined by one space
// ("Ain al-Asad" → "ain al asad", "بَغْدَادُ" → "بغداد"). Used for gazetteer names.
[[nodiscard]] std::string name_key(const Tokenizer& tokenizer, std::string_view utf8);

// Arabic L1 normalization of a single word or phrase (for lexicons): same folding as tokens.
[[nodiscard]] std::string normalize(const Tokenizer& tokenizer, std::string_view utf8);

namespace detail {

// Strings with a value each, in an open-addressing table: a lookup is one hash, a masked index and
// usually one comparison, where std::unordered_map adds a modulo and a chase through its nodes.
// The readers ask lexicons about every token, several times. Entries keep their insertion order.
template <typename Value>
class StringTable {
 public:
  [[nodiscard]] const Value* find(std::string_view key) const {
    // Most words asked of a small table have none of its entries' lengths: no hash for them.
    if (m_slots.empty() || (m_lengths & length_bit(key)) == 0) return nullptr;
    const std::size_t hash = std::hash<std::string_view>{}(key);
    for (std::size_t i = hash & (m_slots.size() - 1);; i = (i + 1) & (m_slots.size() - 1)) {
      const Slot& slot = m_slots[i];
      if (slot.entry == kEmpty) return nullptr;
      if (slot.hash == hash && m_entries[slot.entry].first == key) return &m_entries[slot.entry].second;
    }
  }
  [[nodiscard]] bool contains(std::string_view key) const { return find(key) != nullptr; }
  // The entry's value, added (value-initialized) if the key is new.
  Value& operator[](std::string_view key) {
    if (const Value* v = find(key)) return const_cast<Value&>(*v);
    if (2 * (m_entries.size() + 1) > m_slots.size()) rehash(std::max<std::size_t>(16, 2 * m_slots.size()));
    m_entries.emplace_back(std::string(key), Value{});
    m_lengths |= length_bit(key);
    place(std::hash<std::string_view>{}(key), static_cast<std::uint32_t>(m_entries.size() - 1));
    return m_entries.back().second;
  }
  [[nodiscard]] const std::vector<std::pair<std::string, Value>>& entries() const { return m_entries; }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    std::size_t hash = 0;
    std::uint32_t entry = kEmpty;
  };
  std::vector<Slot> m_slots;  // a power of two of them, at most half in use
  std::vector<std::pair<std::string, Value>> m_entries;
  std::uint64_t m_lengths = 0;  // the entries' byte lengths, by length_bit

  // Bit n for a key of n bytes, the last bit for 63 or more.
  [[nodiscard]] static std::uint64_t length_bit(std::string_view key) {
    return std::uint64_t{1} << std::min<std::size_t>(key.size(), 63);
  }

  void place(std::size_t hash, std::uint32_t entry) {
    std::size_t i = hash & (m_slots.size() - 1);
    while (m_slots[i].entry != kEmpty) i = (i + 1) & (m_slots.size() - 1);
    m_slots[i] = {hash, entry};
  }
  void rehash(std::size_t slots) {
    m_slots.assign(slots, Slot{});
    for (std::uint32_t e = 0; e < m_entries.size(); ++e) place(std::hash<std::string_view>{}(m_entries[e].first), e);
  }
};

}  // namespace detail

// A set of words or phrases in match form (each entry normalized like text tokens, words
// joined by one space), for trigger and cue lexicons written in standard spelling.
class Lexicon {
 public:
  Lexicon() = default;
  Lexicon(const Tokenizer& tokenizer, std::initializer_list<std::string_view> entries);
  Lexicon(const Tokenizer& tokenizer, const std::vector<std::string>& entries);
  [[nodiscard]] bool contains(std::string_view norm) const { return m_entries.contains(norm); }
  // Longest entry that starts at tokens[i] (words only, punctuation ends a phrase); 0 if none.
  [[nodiscard]] std::size_t match_at(const std::vector<Token>& tokens, std::size_t i) const;
  // The same with the first word read as `first` (e.g. without its proclitic: وفي وقت سابق).
  [[nodiscard]] std::size_t match_at(const std::vector<Token>& tokens, std::size_t i, std::string_view first) const;

 private:
  detail::StringTable<bool> m_entries;
  detail::StringTable<bool> m_first_words;  // of phrases of two or more words
  std::size_t m_max_words = 1;
  void add(const Tokenizer& tokenizer, std::string_view entry);
  friend class LexiconTable;
};

// Which of up to 64 lexicons hold a word, in one hash lookup: a reader that asks many lexicons
// about every token hashes each token once instead of once per lexicon.
class LexiconTable {
 public:
  using Mask = std::uint64_t;
  explicit LexiconTable(const std::vector<const Lexicon*>& lexicons);
  // The lexicon's bit; 0 for a lexicon not in the table.
  [[nodiscard]] Mask bit(const Lexicon& lexicon) const;
  // Lexicons with `norm` as a one-word entry.
  [[nodiscard]] Mask words(std::string_view norm) const {
    const Masks* m = m_masks.find(norm);
    return m == nullptr ? 0 : m->words;
  }
  // Lexicons with an entry of two or more words that starts with `norm`.
  [[nodiscard]] Mask phrase_starts(std::string_view norm) const {
    const Masks* m = m_masks.find(norm);
    return m == nullptr ? 0 : m->phrase_starts;
  }
  struct Masks {
    Mask words = 0, phrase_starts = 0;
  };
  // Both of the above in one lookup, for a reader that wants both of every token.
  [[nodiscard]] Masks masks(std::string_view norm) const {
    const Masks* m = m_masks.find(norm);
    return m == nullptr ? Masks{} : *m;
  }

 private:
  // Each lexicon's bit by its address, open addressing: at most 64 of 128 slots are used, so a
  // search always meets an empty slot. bit() is asked for every token a rule looks at.
  std::array<std::pair<const Lexicon*, Mask>, 128> m_bits{};
  [[nodiscard]] static std::size_t bit_slot(const Lexicon* lexicon);
  detail::StringTable<Masks> m_masks;
};

// Code points of UTF-8 text: the letters of a word in match form (which has no marks).
[[nodiscard]] std::size_t code_points(std::string_view utf8);

// Skips `letters` letters (marks and tatweel do not count) from byte offset `byte` of `text`;
// returns the new byte offset and adds the code points passed to `code_points`.
[[nodiscard]] std::uint32_t skip_letters(std::string_view text, std::uint32_t byte, std::size_t letters,
                                         std::uint32_t& code_points);

// Cross-script consonant skeleton (docs/arabic.md §3.3, "variant D"): بسماية and Besmaya both
// give "BSM". For linking names already found or listed (gazetteer aliases, lookup), never for
// finding names in running text: common words collide with it.
[[nodiscard]] std::string skeleton_key(const Tokenizer& tokenizer, std::string_view name);

// A word in match form without its proclitic (وب ول و ف ب ل), when at least three letters
// remain: بالصواريخ → الصواريخ, وأمس → أمس. For lexicon and context words, never for names
// (the matcher strips only to gazetteer stems).
[[nodiscard]] std::string strip_proclitic(std::string_view norm);
// ... and without the article too: بالصواريخ → صواريخ, للقاعدة → قاعدة, الشمال → شمال.
[[nodiscard]] std::string bare_word(std::string_view norm);

// Script of the majority of letters.
[[nodiscard]] Script dominant_script(std::string_view utf8);

// Code-point length of a UTF-8 string (invalid bytes count as one each).
[[nodiscard]] std::size_t code_point_count(std::string_view utf8);

// Replaces invalid UTF-8 sequences with U+FFFD; returns true if the input was valid.
bool make_valid_utf8(std::string& utf8);

// What makes `utf8` unfit to be an identifier, or empty: "invalid UTF-8", or "contains a control
// character (U+0000)" for the first code point of Unicode's category Cc (C0, DEL, C1).
[[nodiscard]] std::string identifier_problem(std::string_view utf8);

}  // namespace mawqi::text

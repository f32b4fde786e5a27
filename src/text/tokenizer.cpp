// Tokenizer and normalizer on ICU (docs/arabic.md §1.2 L1/L2, §4 token splits).
// Normalization is per code point with an explicit table rather than an ICU Transliterator:
// transliterators are slow to run per token and return no offset map.
#include "mawqi/text.hpp"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdio>

#include "mawqi/error.hpp"

namespace mawqi::text {
namespace {

void append_utf8(std::string& out, UChar32 c) {
  std::array<char, U8_MAX_LENGTH> buf{};
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf.data()), length, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf.data(), static_cast<std::size_t>(length));
}

bool is_arabic_mark_or_tatweel(UChar32 c) {
  return c == 0x0640 || (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
         (c >= 0x06DF && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED);
}

bool is_format_control(UChar32 c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x061C ||
         c == 0xFEFF || c == 0x00AD;
}

bool is_apostrophe(UChar32 c) {
  return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BF || c == 0x02BE || c == '`' || c == 0x02BC;
}

// The ICU character properties the tokenizer asks of every code point of a word. Below
// U+3000 (every script of the news it reads but CJK) ICU's answers are read once into a table,
// so that a letter costs one load instead of a dozen calls; above, ICU is asked each time.
enum Property : std::uint8_t {
  kAlpha = 1U << 0,           // u_isalpha
  kDigit = 1U << 1,           // u_isdigit
  kUpper = 1U << 2,           // u_isupper
  kAlnum = 1U << 3,           // u_isalnum
  kNonSpacingMark = 1U << 4,  // general category Mn
  kWhiteSpace = 1U << 5,      // u_isUWhiteSpace
  kArabicScript = 1U << 6,    // uscript_getScript: Arabic
  kLatinScript = 1U << 7,     // uscript_getScript: Latin
};

std::uint8_t icu_properties(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &ec);
  return static_cast<std::uint8_t>(
      (u_isalpha(c) ? kAlpha : 0) | (u_isdigit(c) ? kDigit : 0) | (u_isupper(c) ? kUpper : 0) |
      (u_isalnum(c) ? kAlnum : 0) | (u_charType(c) == U_NON_SPACING_MARK ? kNonSpacingMark : 0) |
      (u_isUWhiteSpace(c) ? kWhiteSpace : 0) | (script == USCRIPT_ARABIC ? kArabicScript : 0) |
      (script == USCRIPT_LATIN ? kLatinScript : 0));
}

constexpr UChar32 kTabledCodePoints = 0x3000;

// Made at first use (a millisecond), not at load: a tokenizer built by another static's
// initializer still reads it whole.
const std::array<std::uint8_t, kTabledCodePoints>& property_table() {
  static const std::array<std::uint8_t, kTabledCodePoints> table = [] {
    std::array<std::uint8_t, kTabledCodePoints> t{};
    for (UChar32 c = 0; c < kTabledCodePoints; ++c) t[static_cast<std::size_t>(c)] = icu_properties(c);
    return t;
  }();
  return table;
}

// All of a code point's properties at once, for a caller that asks several.
inline std::uint8_t properties(UChar32 c) {
  return c >= 0 && c < kTabledCodePoints ? property_table()[static_cast<std::size_t>(c)] : icu_properties(c);
}

inline bool has(UChar32 c, Property p) { return (properties(c) & p) != 0; }

bool is_arabic_letter(std::uint8_t p) { return (p & kAlpha) != 0 && (p & kArabicScript) != 0; }

bool is_digit(UChar32 c) { return has(c, kDigit); }

bool is_ascii_letter(UChar32 c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_presentation_form(UChar32 c) { return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF); }

enum class PieceClass { arabic, digit, other };

PieceClass classify(std::uint8_t p) {
  if ((p & kDigit) != 0) return PieceClass::digit;
  if (is_arabic_letter(p)) return PieceClass::arabic;
  return PieceClass::other;
}

}  // namespace

struct Tokenizer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfd = nullptr;

  // Appends the L1 match form of one code point.
  void fold(UChar32 c, bool in_number, std::string& out) const {
    if (c < 0x80) {  // ASCII, most of English text: what the general path below gives it
      if (c == '\'' || c == '`') return;
      if (c == '.' || c == ',') {
        if (in_number && c == '.') out += '.';
        return;
      }
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      return;
    }
    if (is_presentation_form(c)) {
      UErrorCode ec = U_ZERO_ERROR;
      icu::UnicodeString decomposed = nfkc->normalize(icu::UnicodeString(c), ec);
      if (U_SUCCESS(ec) && !(decomposed.length() == 1 && decomposed.charAt(0) == c)) {
        for (int32_t i = 0; i < decomposed.length();) {
          UChar32 d = decomposed.char32At(i);
          fold(d, in_number, out);
          i += U16_LENGTH(d);
        }
        return;
      }
    }
    if (is_arabic_mark_or_tatweel(c) || is_format_control(c) || is_apostrophe(c)) return;
    switch (c) {
      case 0x0622:
      case 0x0623:
      case 0x0625:
      case 0x0671:
      case 0x0672:
      case 0x0673: out += "\u0627"; return;
      case 0x0649:
      case 0x06CC:
      case 0x06D0: out += "\u064A"; return;
      case 0x0629: out += "\u0647"; return;
      case 0x06A9: out += "\u0643"; return;
      case 0x066B: out += '.'; return;  // Arabic decimal separator
      case 0x066C: return;              // Arabic thousands separator
      case 0x00DF: out += "ss"; return;
      case 0x0131: out += 'i'; return;
      case 0x00F8:
      case 0x00D8: out += 'o'; return;
      case 0x00E6:
      case 0x00C6: out += "ae"; return;
      case 0x0111:
      case 0x0110: out += 'd'; return;
      case 0x0142:
      case 0x0141: out += 'l'; return;
      default: break;
    }
    if (c >= 0x0660 && c <= 0x0669) {
      out += static_cast<char>('0' + (c - 0x0660));
      return;
    }
    if (c >= 0x06F0 && c <= 0x06F9) {
      out += static_cast<char>('0' + (c - 0x06F0));
      return;
    }
    if (c > 0x7F && is_digit(c)) {  // any other decimal digit (Devanagari, fullwidth …)
      out += static_cast<char>('0' + u_charDigitValue(c));
      return;
    }
    if (c == '.' || c == ',') {
      if (in_number && c == '.') out += '.';
      return;  // U.S → us; 1,000 → 1000
    }
    if (c < 0x80) {
      out += static_cast<char>(u_tolower(c));
      return;
    }
    if (has(c, kArabicScript)) {  // a script without case
      append_utf8(out, c);
      return;
    }
    if (has(c, kLatinScript)) {
      UErrorCode ec = U_ZERO_ERROR;
      icu::UnicodeString base = nfd->normalize(icu::UnicodeString(u_tolower(c)), ec);
      for (int32_t i = 0; i < base.length();) {
        UChar32 d = base.char32At(i);
        if (u_charType(d) != U_NON_SPACING_MARK) append_utf8(out, u_tolower(d));
        i += U16_LENGTH(d);
      }
      return;
    }
    append_utf8(out, u_tolower(c));
  }
};

namespace {

// L2: applied to lookup keys only (docs/arabic.md §1.2).
std::string lookup_key(const std::string& norm) {
  // The letters folded here are all two bytes led by D8, D9 or DA: before the first such lead
  // byte (all of a Latin word) the key is the match form's bytes.
  const auto lead = std::find_if(norm.begin(), norm.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xD8 && b <= 0xDA;
  });
  if (lead == norm.end()) return norm;
  std::string key(norm.begin(), lead);
  key.reserve(norm.size());
  for (auto i = static_cast<std::size_t>(lead - norm.begin()); i < norm.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(norm[i]);
    if ((b0 == 0xD8 || b0 == 0xD9 || b0 == 0xDA) && i + 1 < norm.size()) {
      const auto b1 = static_cast<unsigned char>(norm[i + 1]);
      const char* repl = nullptr;
      if (b0 == 0xD8 && b1 == 0xA4)
        repl = "\u0648";  // ؤ → و
      else if (b0 == 0xD8 && b1 == 0xA6)
        repl = "\u064A";  // ئ → ي
      else if (b0 == 0xDA && b1 == 0xAF)
        repl = "\u0643";  // گ → ك
      else if (b0 == 0xDA && b1 == 0x86)
        repl = "\u062C";  // چ → ج
      else if (b0 == 0xD9 && b1 == 0xBE)
        repl = "\u0628";  // پ → ب
      else if (b0 == 0xDA && b1 == 0xA4)
        repl = "\u0641";  // ڤ → ف
      if (repl != nullptr) {
        key += repl;
        ++i;
        continue;
      }
    }
    key += norm[i];
  }
  // Word-final hamza after alef: كربلاء → كربلا.
  static const std::string kAlefHamza = "\u0627\u0621";
  if (key.size() >= kAlefHamza.size() &&
      key.compare(key.size() - kAlefHamza.size(), kAlefHamza.size(), kAlefHamza) == 0)
    key.resize(key.size() - 2);
  return key;
}

}  // namespace

Tokenizer::Tokenizer() : m_impl(std::make_unique<Impl>()) {
  UErrorCode ec = U_ZERO_ERROR;
  m_impl->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), ec));
  if (U_FAILURE(ec)) throw Error(std::string("ICU word break iterator: ") + u_errorName(ec));
  m_impl->nfkc = icu::Normalizer2::getNFKCInstance(ec);
  m_impl->nfd = icu::Normalizer2::getNFDInstance(ec);
  if (U_FAILURE(ec)) throw Error(std::string("ICU normalizer: ") + u_errorName(ec));
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

std::vector<Token> Tokenizer::tokenize(std::string_view utf8) const {
  std::vector<Token> tokens;
  tokens.reserve(utf8.size() / 4 + 8);  // one token per six bytes of news text, either script, and room
  // Running positions: code point and byte offsets (text is valid UTF-8).
  std::uint32_t cp = 0;
  std::uint32_t byte = 0;

  struct Unit {
    UChar32 c;
    std::uint32_t cp, byte;
  };
  std::vector<Unit> units;

  auto emit_piece = [&](std::size_t from, std::size_t to, std::uint32_t end_cp, std::uint32_t end_byte) {
    if (from >= to) return;
    // Possessive: Baghdad's / Iraq’s → Baghdad, Iraq.
    if (to - from > 3 && (units[to - 1].c == 's' || units[to - 1].c == 'S') && is_apostrophe(units[to - 2].c)) {
      end_cp = units[to - 2].cp;
      end_byte = units[to - 2].byte;
      to -= 2;
    }
    Token t;
    t.start = units[from].cp;
    t.byte_start = units[from].byte;
    t.end = end_cp;
    t.byte_end = end_byte;
    bool has_digit = false, has_letter = false, has_arabic = false, has_latin = false;
    bool first_letter_seen = false, all_upper = true, all_ascii = true;
    for (std::size_t i = from; i < to; ++i) {
      const UChar32 c = units[i].c;
      if (c < 0x80) {  // ASCII: no ICU property lookups
        if (c >= '0' && c <= '9') {
          has_digit = true;
        } else if (is_ascii_letter(c)) {
          has_letter = has_latin = true;
          const bool upper = c <= 'Z';
          if (!first_letter_seen) {
            first_letter_seen = true;
            t.capitalized = upper;
          }
          if (!upper) all_upper = false;
        }
        continue;
      }
      all_ascii = false;
      const std::uint8_t p = properties(c);
      if ((p & kDigit) != 0) has_digit = true;
      if ((p & kAlpha) != 0) {
        has_letter = true;
        if ((p & kArabicScript) != 0) has_arabic = true;
        if ((p & kLatinScript) != 0) has_latin = true;
        const bool upper = (p & kUpper) != 0;
        if (!first_letter_seen) {
          first_letter_seen = true;
          t.capitalized = upper;
        }
        if (!upper) all_upper = false;
      }
    }
    const bool number = has_digit && !has_letter;
    if (all_ascii) {  // Impl::fold's first branch, without a call per character
      t.norm.reserve(to - from);
      for (std::size_t i = from; i < to; ++i) {
        const auto c = static_cast<char>(units[i].c);
        if (c == '\'' || c == '`') continue;
        if (c == '.' || c == ',') {
          if (number && c == '.') t.norm += '.';
          continue;
        }
        t.norm += c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c;
      }
    } else {
      for (std::size_t i = from; i < to; ++i) m_impl->fold(units[i].c, number, t.norm);
    }
    if (t.norm.empty()) return;  // a lone tatweel or mark
    t.type = number ? TokenType::number : TokenType::word;
    t.script = has_arabic ? Script::arabic : (has_latin ? Script::latin : Script::other);
    t.all_caps = has_latin && all_upper;
    t.key = lookup_key(t.norm);
    tokens.push_back(std::move(t));
  };

  // One segment of the word breaks, its code points already in `units`.
  auto segment = [&](int32_t status) {
    if (status < UBRK_WORD_NONE_LIMIT) {
      bool newline = false;
      for (const Unit& u : units) {
        if (u.c == '\n' || u.c == 0x2029 || u.c == 0x2028) newline = true;
        if (has(u.c, kWhiteSpace) || is_format_control(u.c) || is_arabic_mark_or_tatweel(u.c)) continue;
        Token t;
        t.start = u.cp;
        t.end = u.cp + 1;
        t.byte_start = u.byte;
        t.byte_end = u.byte + static_cast<std::uint32_t>(U8_LENGTH(u.c));
        append_utf8(t.norm, u.c);
        t.key = t.norm;
        t.type = TokenType::punct;
        tokens.push_back(std::move(t));
      }
      if (newline) {
        Token t;
        t.start = t.end = units.back().cp + 1;
        t.byte_start = t.byte_end = units.back().byte + 1;
        t.type = TokenType::newline;
        t.norm = t.key = "\n";
        tokens.push_back(std::move(t));
      }
      return;
    }
    // Word or number: split what ICU glues (docs/arabic.md §4).
    std::size_t piece = 0;
    PieceClass current = PieceClass::other;
    bool have_class = false;
    for (std::size_t i = 0; i < units.size(); ++i) {
      const UChar32 c = units[i].c;
      if (c == 0x060C || c == 0x060D) {  // Arabic comma glued between digits: ٣،٤
        emit_piece(piece, i, units[i].cp, units[i].byte);
        Token t;
        t.start = units[i].cp;
        t.end = t.start + 1;
        t.byte_start = units[i].byte;
        t.byte_end = t.byte_start + 2;
        t.norm = t.key = "\u060C";
        t.type = TokenType::punct;
        tokens.push_back(std::move(t));
        piece = i + 1;
        have_class = false;
        continue;
      }
      // A hashtag's underscore joins words (#حفر_الباطن, #Hafar_al_Batin): it separates them as
      // a space would, so that the name of several words is found.
      if (c == '_') {
        emit_piece(piece, i, units[i].cp, units[i].byte);
        piece = i + 1;
        have_class = false;
        continue;
      }
      PieceClass cls = PieceClass::other;
      if (c < 0x80) {  // ASCII: no ICU property lookups
        const bool digit = c >= '0' && c <= '9';
        if (!digit && !is_ascii_letter(c)) continue;
        cls = digit ? PieceClass::digit : PieceClass::other;
      } else {
        if (is_arabic_mark_or_tatweel(c) || is_format_control(c)) continue;
        const std::uint8_t p = properties(c);
        if ((p & kNonSpacingMark) != 0) continue;
        if ((p & kAlnum) == 0) continue;  // internal apostrophes and dots stay with their piece
        cls = classify(p);
      }
      if (have_class && cls != current) {
        // Split Arabic↔digit and digit→Latin (30كم, و٤, 20km); keep Latin→digit (K1, H3).
        const bool split = current == PieceClass::arabic || cls == PieceClass::arabic ||
                           (current == PieceClass::digit && cls == PieceClass::other);
        if (split) {
          emit_piece(piece, i, units[i].cp, units[i].byte);
          piece = i;
        }
      }
      current = cls;
      have_class = true;
    }
    emit_piece(piece, units.size(), cp, byte);
  };

  // Most news (English, Arabic, both): the same segments as ICU's, without ICU, where the rules
  // of word_segments_without_icu cover every character.
  if (std::vector<WordSegment> segments; word_segments_without_icu(utf8, segments)) {
    std::size_t at = 0;
    for (const WordSegment& s : segments) {
      units.clear();
      while (cp < static_cast<std::uint32_t>(s.end)) {
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const std::uint8_t*>(utf8.data()), at, utf8.size(), c);
        units.push_back({c, cp, byte});
        ++cp;
        byte = static_cast<std::uint32_t>(at);
      }
      segment(s.status);
    }
    return tokens;
  }
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::BreakIterator& words = *m_impl->words;
  words.setText(text);
  for (int32_t start = words.first(), end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    units.clear();
    for (int32_t i = start; i < end;) {
      const UChar32 c = text.char32At(i);
      units.push_back({c, cp, byte});
      i += U16_LENGTH(c);
      ++cp;
      byte += static_cast<std::uint32_t>(U8_LENGTH(c));
    }
    segment(words.getRuleStatus());
  }
  return tokens;
}

namespace {

// The word-break classes of ASCII characters (UAX #29 Word_Break) that its rules distinguish.
// (The colon, UAX #29's MidLetter, is not one in ICU's root rules.)
enum class Wb : std::uint8_t {
  other,
  cr,
  lf,
  newline,
  space,
  letter,
  digit,
  mid_num,
  mid_num_let,
  quote,
  extend_num_let,
  mid_letter,
  extend,       // Extend and Format: they belong to the character before them (WB4)
  unsupported,  // what the rules here do not cover (ZWJ, Hebrew, kana, emoji …): ICU breaks the text
};

// The class of a code point beyond ASCII: ICU's Word_Break property below U+3000 (read once),
// but for what ICU's root rules treat otherwise than UAX #29 or the rules here do not cover:
// the colons (not MidLetter in ICU), what ICU breaks by dictionary (Han, kana, the scripts of
// South-East Asia), emoji, and all above.
Wb icu_word_break_class(UChar32 c) {
  if (c == 0xFE55 || c == 0xFF1A) return Wb::other;
  UErrorCode ec = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &ec);
  // Han (the CJK radicals below U+3000) and kana: ICU joins and breaks them by its dictionary.
  if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
      u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) ||
      u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT)
    return Wb::unsupported;
  switch (static_cast<UWordBreakValues>(u_getIntPropertyValue(c, UCHAR_WORD_BREAK))) {
    case U_WB_CR: return Wb::cr;
    case U_WB_LF: return Wb::lf;
    case U_WB_NEWLINE: return Wb::newline;
    case U_WB_WSEGSPACE: return Wb::space;
    case U_WB_ALETTER: return Wb::letter;
    case U_WB_NUMERIC: return Wb::digit;
    case U_WB_MIDNUM: return Wb::mid_num;
    case U_WB_MIDNUMLET: return Wb::mid_num_let;
    case U_WB_SINGLE_QUOTE: return Wb::quote;
    case U_WB_EXTENDNUMLET: return Wb::extend_num_let;
    case U_WB_MIDLETTER: return Wb::mid_letter;
    case U_WB_EXTEND:
    case U_WB_FORMAT: return Wb::extend;
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE: return Wb::other;  // a double quote is told apart only beside Hebrew
    default: return Wb::unsupported;
  }
}

Wb word_break_class(UChar32 c) {
  static const std::array<Wb, kTabledCodePoints> table = [] {
    std::array<Wb, kTabledCodePoints> t{};
    for (UChar32 c = 0; c < kTabledCodePoints; ++c) t[static_cast<std::size_t>(c)] = icu_word_break_class(c);
    return t;
  }();
  return c >= 0x80 && c < kTabledCodePoints ? table[static_cast<std::size_t>(c)] : Wb::unsupported;
}

Wb ascii_class(unsigned char c) {
  if (c >= 'a' && c <= 'z') return Wb::letter;
  if (c >= 'A' && c <= 'Z') return Wb::letter;
  if (c >= '0' && c <= '9') return Wb::digit;
  switch (c) {
    case '\r': return Wb::cr;
    case '\n': return Wb::lf;
    case '\v':
    case '\f': return Wb::newline;
    case ' ': return Wb::space;
    case ',':
    case ';': return Wb::mid_num;
    case '.': return Wb::mid_num_let;
    case '\'': return Wb::quote;
    case '_': return Wb::extend_num_let;
    default: return Wb::other;
  }
}

}  // namespace

bool word_segments_without_icu(std::string_view utf8, std::vector<WordSegment>& out) {
  out.clear();
  // Each code point's class; a code point the rules here do not cover sends the text to ICU.
  std::vector<Wb> cls;
  cls.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      if (byte == '@') return false;  // ICU's rules join it by what surrounds it
      cls.push_back(ascii_class(byte));
      ++i;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(utf8.data()), i, utf8.size(), c);
    const Wb w = word_break_class(c);
    if (w == Wb::unsupported) return false;
    cls.push_back(w);
  }
  const std::size_t n = cls.size();
  // WB4: an Extend or Format character belongs to the character before it (but at the start and
  // after a line break), and the rules below see only the characters they belong to: `bases`.
  std::vector<std::uint32_t> bases;
  bases.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (cls[i] != Wb::extend || i == 0 || cls[i - 1] == Wb::cr || cls[i - 1] == Wb::lf || cls[i - 1] == Wb::newline)
      bases.push_back(static_cast<std::uint32_t>(i));
  const auto m = static_cast<std::ptrdiff_t>(bases.size());
  auto at = [&](std::ptrdiff_t k) { return k >= 0 && k < m ? cls[bases[static_cast<std::size_t>(k)]] : Wb::other; };
  auto mid_letter = [](Wb c) { return c == Wb::mid_letter || c == Wb::mid_num_let || c == Wb::quote; };
  auto mid_num = [](Wb c) { return c == Wb::mid_num || c == Wb::mid_num_let || c == Wb::quote; };
  // Whether the rules keep base k - 1 and base k together.
  auto joined = [&](std::ptrdiff_t k) {
    const Wb a = at(k - 1), b = at(k);
    if (a == Wb::cr && b == Wb::lf) return true;                       // WB3
    if (a == Wb::cr || a == Wb::lf || a == Wb::newline) return false;  // WB3a
    if (b == Wb::cr || b == Wb::lf || b == Wb::newline) return false;  // WB3b
    // WB3d, before WB4: spaces side by side, nothing between them.
    if (a == Wb::space && b == Wb::space)
      return bases[static_cast<std::size_t>(k)] == bases[static_cast<std::size_t>(k - 1)] + 1;
    if (a == Wb::letter && b == Wb::letter) return true;                                          // WB5
    if (a == Wb::letter && mid_letter(b) && at(k + 1) == Wb::letter) return true;                 // WB6
    if (at(k - 2) == Wb::letter && mid_letter(a) && b == Wb::letter) return true;                 // WB7
    if ((a == Wb::digit || a == Wb::letter) && (b == Wb::digit || b == Wb::letter)) return true;  // WB8-10
    if (at(k - 2) == Wb::digit && mid_num(a) && b == Wb::digit) return true;                      // WB11
    if (a == Wb::digit && mid_num(b) && at(k + 1) == Wb::digit) return true;                      // WB12
    if ((a == Wb::letter || a == Wb::digit || a == Wb::extend_num_let) && b == Wb::extend_num_let)
      return true;                                                                    // WB13a
    if (a == Wb::extend_num_let && (b == Wb::letter || b == Wb::digit)) return true;  // WB13b
    return false;                                                                     // WB999
  };
  // ICU's rule status of a segment, which the rule that joined its last base gives: a letter ends
  // a word, a digit a number; an underscore keeps the status of the letter or digit before it and
  // makes a word after another underscore; alone, or anything else, none.
  auto status = [&](std::ptrdiff_t first, std::ptrdiff_t last) {
    const Wb end = at(last);
    if (end == Wb::letter) return UBRK_WORD_LETTER;
    if (end == Wb::digit) return UBRK_WORD_NUMBER;
    if (end != Wb::extend_num_let || last == first) return UBRK_WORD_NONE;
    return at(last - 1) == Wb::digit ? UBRK_WORD_NUMBER : UBRK_WORD_LETTER;
  };
  std::ptrdiff_t first = 0;
  for (std::ptrdiff_t k = 1; k <= m; ++k)
    if (k == m || !joined(k)) {
      const std::size_t begin = bases[static_cast<std::size_t>(first)];
      const std::size_t end = k == m ? n : bases[static_cast<std::size_t>(k)];
      // A segment that ends in a connector (_, ‿) and holds an Extend or Format character takes
      // another status in ICU (its rules that attach them to a connector give none): ICU says.
      if (at(k - 1) == Wb::extend_num_let && end - begin != static_cast<std::size_t>(k - first)) {
        out.clear();
        return false;
      }
      out.push_back({static_cast<std::int32_t>(end), status(first, k - 1)});
      first = k;
    }
  return true;
}

std::vector<WordSegment> icu_word_segments(std::string_view utf8) {
  UErrorCode ec = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), ec));
  if (U_FAILURE(ec)) throw Error(std::string("ICU word break iterator: ") + u_errorName(ec));
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  words->setText(text);
  std::vector<WordSegment> out;
  for (int32_t end = (words->first(), words->next()); end != icu::BreakIterator::DONE; end = words->next())
    out.push_back({end, words->getRuleStatus()});
  return out;
}

std::string name_key(const Tokenizer& tokenizer, std::string_view utf8) {
  std::string key;
  for (const Token& t : tokenizer.tokenize(utf8)) {
    if (t.type != TokenType::word && t.type != TokenType::number) continue;
    if (!key.empty()) key += ' ';
    key += t.key;
  }
  return key;
}

std::string normalize(const Tokenizer& tokenizer, std::string_view utf8) {
  std::string out;
  for (const Token& t : tokenizer.tokenize(utf8)) {
    if (t.type == TokenType::newline) continue;
    if (!out.empty()) out += ' ';
    out += t.norm;
  }
  return out;
}

Script dominant_script(std::string_view utf8) {
  std::size_t arabic = 0, latin = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode ec = U_ZERO_ERROR;
    const UScriptCode s = uscript_getScript(c, &ec);
    if (s == USCRIPT_ARABIC)
      ++arabic;
    else if (s == USCRIPT_LATIN)
      ++latin;
  }
  if (arabic == 0 && latin == 0) return Script::other;
  return arabic >= latin ? Script::arabic : Script::latin;
}

std::size_t code_point_count(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    ++n;
  }
  return n;
}

bool make_valid_utf8(std::string& utf8) {
  bool valid = true;
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t begin = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    if (c < 0) {
      valid = false;
      out += "\uFFFD";
    } else {
      out.append(utf8, begin, i - begin);
    }
  }
  if (!valid) utf8 = std::move(out);
  return valid;
}

std::string identifier_problem(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
    if (c < 0) return "invalid UTF-8";
    if (u_charType(c) == U_CONTROL_CHAR) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
      return std::string("contains a control character (") + code + ")";
    }
  }
  return {};
}

}  // namespace mawqi::text

namespace mawqi::text {

Lexicon::Lexicon(const Tokenizer& tokenizer, std::initializer_list<std::string_view> entries) {
  for (std::string_view e : entries) add(tokenizer, e);
}

Lexicon::Lexicon(const Tokenizer& tokenizer, const std::vector<std::string>& entries) {
  for (const std::string& e : entries) add(tokenizer, e);
}

void Lexicon::add(const Tokenizer& tokenizer, std::string_view entry) {
  std::string norm = normalize(tokenizer, entry);
  if (norm.empty()) return;
  const std::size_t words = 1 + static_cast<std::size_t>(std::count(norm.begin(), norm.end(), ' '));
  m_max_words = std::max(m_max_words, words);
  if (words > 1) m_first_words[std::string_view(norm).substr(0, norm.find(' '))] = true;
  m_entries[norm] = true;
}

std::size_t Lexicon::match_at(const std::vector<Token>& tokens, std::size_t i) const {
  if (i >= tokens.size()) return 0;
  return match_at(tokens, i, tokens[i].norm);
}

std::size_t Lexicon::match_at(const std::vector<Token>& tokens, std::size_t i, std::string_view first_word) const {
  if (i >= tokens.size()) return 0;
  const Token& first = tokens[i];
  if (first.type != TokenType::word && first.type != TokenType::number) return 0;
  std::size_t best = contains(first_word) ? 1 : 0;
  if (m_max_words == 1 || !m_first_words.contains(first_word)) return best;
  // Reused by the thread: the readers ask at every token, and a phrase outgrows a short string.
  thread_local std::string phrase;
  phrase.assign(first_word);
  for (std::size_t n = 1; n < m_max_words && i + n < tokens.size(); ++n) {
    const Token& t = tokens[i + n];
    if (t.type != TokenType::word && t.type != TokenType::number) break;
    phrase += ' ';
    phrase += t.norm;
    if (contains(phrase)) best = n + 1;
  }
  return best;
}

LexiconTable::LexiconTable(const std::vector<const Lexicon*>& lexicons) {
  if (lexicons.size() > 64) throw Error("a lexicon table holds at most 64 lexicons");
  for (std::size_t i = 0; i < lexicons.size(); ++i) {
    const Mask bit = Mask{1} << i;
    // A lexicon listed twice keeps the bit of its first place, as a linear search would give it.
    std::size_t slot = bit_slot(lexicons[i]);
    while (m_bits[slot].first != nullptr && m_bits[slot].first != lexicons[i]) slot = (slot + 1) % m_bits.size();
    if (m_bits[slot].first == nullptr) m_bits[slot] = {lexicons[i], bit};
    for (const auto& [entry, _] : lexicons[i]->m_entries.entries())
      if (entry.find(' ') == std::string::npos) m_masks[entry].words |= bit;
    for (const auto& [first, _] : lexicons[i]->m_first_words.entries()) m_masks[first].phrase_starts |= bit;
  }
}

std::size_t LexiconTable::bit_slot(const Lexicon* lexicon) {
  // Fibonacci hashing of the address: lexicons are members of one struct, a few dozen bytes apart.
  const auto address = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(lexicon));
  return static_cast<std::size_t>((address * 0x9E3779B97F4A7C15ULL) >> 57);  // 7 bits: 128 slots
}

LexiconTable::Mask LexiconTable::bit(const Lexicon& lexicon) const {
  for (std::size_t slot = bit_slot(&lexicon);; slot = (slot + 1) % m_bits.size()) {
    if (m_bits[slot].first == &lexicon) return m_bits[slot].second;
    if (m_bits[slot].first == nullptr) return 0;
  }
}

std::string strip_proclitic(std::string_view norm) {
  // Views made once: a list of literals would measure each one again on every call.
  static constexpr std::array<std::string_view, 6> kProclitics = {"\u0648\u0628", "\u0648\u0644", "\u0648",
                                                                  "\u0641",       "\u0628",       "\u0644"};
  for (const std::string_view prefix : kProclitics)
    if (norm.size() > prefix.size() + 4 && norm.starts_with(prefix)) return std::string(norm.substr(prefix.size()));
  return std::string(norm);
}

std::string bare_word(std::string_view norm) {
  static constexpr std::string_view kArticle = "\u0627\u0644";
  std::string s;
  if (norm.size() > 8 && (norm.starts_with("\u0644\u0644") || norm.starts_with("\u0648\u0644\u0644")))
    s = std::string(kArticle) + std::string(norm.substr(norm.starts_with("\u0648") ? 6 : 4));  // للقاعدة = ل + القاعدة
  else
    s = strip_proclitic(norm);
  if (s.size() > kArticle.size() + 4 && s.starts_with(kArticle)) s.erase(0, kArticle.size());
  return s;
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(
      std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::uint32_t skip_letters(std::string_view text, std::uint32_t byte, std::size_t letters, std::uint32_t& code_points) {
  std::size_t i = byte;
  while (letters > 0 && i < text.size()) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
    ++code_points;
    if (c >= 0 && !is_arabic_mark_or_tatweel(c) && !is_format_control(c)) --letters;
  }
  // Marks that belong to the last skipped letter stay with it.
  while (i < text.size()) {
    std::size_t j = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), j, text.size(), c);
    if (c < 0 || !(is_arabic_mark_or_tatweel(c) || is_format_control(c))) break;
    i = j;
    ++code_points;
  }
  return static_cast<std::uint32_t>(i);
}

}  // namespace mawqi::text

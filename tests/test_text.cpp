#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include "mawqi/io.hpp"
#include "mawqi/text.hpp"
#include "support.hpp"

using mawqi::test::tokenizer;
using mawqi::text::Script;
using mawqi::text::TokenType;

namespace {

std::vector<std::string> norms(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& t : tokenizer().tokenize(text))
    if (t.type != TokenType::newline) out.push_back(t.norm);
  return out;
}

std::string key(const std::string& text) { return mawqi::text::name_key(tokenizer(), text); }

}  // namespace

// docs/arabic.md §1.2: the L1 and L2 rows.
TEST(Normalize, ArabicL1FoldsDiacriticsTatweelAndLetterVariants) {
  EXPECT_EQ(norms("ـبغــداد"), std::vector<std::string>{"بغداد"});
  EXPECT_EQ(norms("بَغْدَادُ"), std::vector<std::string>{"بغداد"});
  EXPECT_EQ(norms("ﺑﻐﺪﺍﺩ"), std::vector<std::string>{"بغداد"});  // presentation forms
  EXPECT_EQ(norms("إربيل ٱلموصل"), (std::vector<std::string>{"اربيل", "الموصل"}));
  EXPECT_EQ(norms("نينوى البصرة"), (std::vector<std::string>{"نينوي", "البصره"}));
  EXPECT_EQ(norms("بغ\u200Cداد"), std::vector<std::string>{"بغداد"});  // ZWNJ inside a word
}

TEST(Normalize, ArabicL2KeysMeetSpellingVariants) {
  EXPECT_EQ(key("القائم"), key("القايم"));
  EXPECT_EQ(key("كربلاء"), key("كربلا"));
  EXPECT_EQ(key("سامراء"), "سامرا");
  EXPECT_NE(norms("القائم")[0], "القايم");  // L1 keeps hamza: triggers never see L2
  // Persian and Kurdish letters (docs/arabic.md §3): گ چ پ ڤ.
  EXPECT_EQ(key("گرميان"), key("كرميان"));
  EXPECT_EQ(key("چمچمال"), key("جمجمال"));
  EXPECT_EQ(key("پنجوين"), key("بنجوين"));
  EXPECT_EQ(key("ڤيينا"), key("فيينا"));
}

TEST(Normalize, LatinFoldsCaseDiacriticsAndApostrophes) {
  EXPECT_EQ(key("Baʿqūbah"), "baqubah");
  EXPECT_EQ(key("Al Qā’im"), "al qaim");
  EXPECT_EQ(key("Ain al-Asad"), "ain al asad");
  EXPECT_EQ(key("U.S."), "us");
}

// docs/arabic.md §4 and §8.3: what ICU glues, we split.
TEST(Tokenize, SplitsLettersGluedToDigits) {
  EXPECT_EQ(norms("و٤"), (std::vector<std::string>{"و", "4"}));
  EXPECT_EQ(norms("30كم"), (std::vector<std::string>{"30", "كم"}));
  EXPECT_EQ(norms("الـ3"), (std::vector<std::string>{"ال", "3"}));
  EXPECT_EQ(norms("٣،٤"), (std::vector<std::string>{"3", "،", "4"}));
  EXPECT_EQ(norms("٢٠٫٥"), std::vector<std::string>{"20.5"});
  EXPECT_EQ(norms("١٬٠٠٠"), std::vector<std::string>{"1000"});
  EXPECT_EQ(norms("20km K1"), (std::vector<std::string>{"20", "km", "k1"}));
}

TEST(Tokenize, StripsEnglishPossessiveAndKeepsHyphens) {
  const auto tokens = tokenizer().tokenize("Iraq's parliament, US-led");
  ASSERT_GE(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].norm, "iraq");
  EXPECT_EQ(tokens[0].end, 4u);  // the span ends before 's
  EXPECT_TRUE(tokens[0].capitalized);
  EXPECT_EQ(tokens[3].norm, "us");
  EXPECT_TRUE(tokens[3].all_caps);
  EXPECT_EQ(tokens[4].norm, "-");
  EXPECT_EQ(tokens[4].type, TokenType::punct);
}

TEST(Tokenize, OffsetsAreCodePoints) {
  const std::string text = "قال: بَغداد";
  const auto tokens = tokenizer().tokenize(text);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[2].start, 5u);
  EXPECT_EQ(tokens[2].end, 11u);  // the fatha counts as a code point
  EXPECT_EQ(text.substr(tokens[2].byte_start, tokens[2].byte_end - tokens[2].byte_start), "بَغداد");
}

TEST(Tokenize, NewlinesAreTokens) {
  const auto tokens = tokenizer().tokenize("one\n\ntwo");
  ASSERT_GE(tokens.size(), 3u);
  EXPECT_EQ(tokens[1].type, TokenType::newline);
  EXPECT_EQ(tokens.back().norm, "two");
}

// The tokenizer reads ICU's character properties of the scripts below U+3000 from a table made
// once: every letter and digit there is read as ICU says (word or number, script, case), and one
// above it too.
TEST(Tokenize, EveryLetterAndDigitIsReadAsIcuSays) {
  std::size_t checked = 0;
  for (UChar32 c = 0x80; c < 0x3100; ++c) {
    if (u_charType(c) == U_NON_SPACING_MARK || (!u_isalpha(c) && !u_isdigit(c))) continue;
    std::string text;
    for (int i = 0; i < 3; ++i) icu::UnicodeString(c).toUTF8String(text);
    for (const auto& t : tokenizer().tokenize(text)) {
      if (t.type == TokenType::punct) continue;  // a segment ICU's word breaks give no status
      SCOPED_TRACE("U+" + std::to_string(c));
      ++checked;
      if (u_isdigit(c)) {
        EXPECT_EQ(t.type, TokenType::number);
        continue;
      }
      UErrorCode ec = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &ec);
      EXPECT_EQ(t.type, TokenType::word);
      EXPECT_EQ(t.script, script == USCRIPT_ARABIC  ? Script::arabic
                          : script == USCRIPT_LATIN ? Script::latin
                                                    : Script::other);
      EXPECT_EQ(t.capitalized, static_cast<bool>(u_isupper(c)));
    }
  }
  EXPECT_GT(checked, 5000u);  // the scripts of the table: Latin, Greek, Cyrillic, Arabic, Indic …
}

TEST(Text, DominantScriptAndValidity) {
  EXPECT_EQ(mawqi::text::dominant_script("سقطت صواريخ on Baghdad"), Script::arabic);
  EXPECT_EQ(mawqi::text::dominant_script("Rockets hit بغداد"), Script::latin);
  std::string bad = "ok \xFF\xFE end";
  EXPECT_FALSE(mawqi::text::make_valid_utf8(bad));
  EXPECT_EQ(bad, "ok \uFFFD\uFFFD end");
  std::string good = "بغداد";
  EXPECT_TRUE(mawqi::text::make_valid_utf8(good));
}

TEST(Text, LexiconMatchesPhrasesInMatchForm) {
  const mawqi::text::Lexicon lex(tokenizer(), {"أول من أمس", "last week"});
  const auto tokens = tokenizer().tokenize("وقع اول من امس");
  EXPECT_EQ(lex.match_at(tokens, 1), 3u);
  EXPECT_EQ(lex.match_at(tokens, 0), 0u);
  EXPECT_TRUE(lex.contains("last week"));
}

TEST(Text, LexiconTableAnswersForEveryLexiconAtOnce) {
  const mawqi::text::Lexicon triggers(tokenizer(), {"سقطت", "struck", "fell on"});
  const mawqi::text::Lexicon weapons(tokenizer(), {"صواريخ", "struck", "rocket"});
  const mawqi::text::Lexicon outside(tokenizer(), {"struck"});
  const mawqi::text::LexiconTable table({&triggers, &weapons});
  EXPECT_EQ(table.bit(triggers), 1u);
  EXPECT_EQ(table.bit(weapons), 2u);
  EXPECT_EQ(table.bit(outside), 0u);
  EXPECT_EQ(table.words("struck"), 3u);
  EXPECT_EQ(table.words(mawqi::text::normalize(tokenizer(), "صواريخ")), 2u);
  EXPECT_EQ(table.words("fell"), 0u);  // only the start of a phrase
  EXPECT_EQ(table.phrase_starts("fell"), 1u);
  EXPECT_EQ(table.words("unknown"), 0u);
}

// docs/arabic.md §3.4 and §8.4: the 40 Arabic/English pairs; 38 meet, Nineveh and the Green
// Zone do not (a classical v; a translation), and no two different places share a key.
TEST(SkeletonKey, LinksArabicAndLatinSpellings) {
  const std::vector<std::pair<std::string, std::string>> pairs = {{"بغداد", "Baghdad"},
                                                                  {"بسماية", "Besmaya"},
                                                                  {"التاجي", "Taji"},
                                                                  {"الموصل", "Mosul"},
                                                                  {"البصرة", "Basra"},
                                                                  {"أربيل", "Erbil"},
                                                                  {"كركوك", "Kirkuk"},
                                                                  {"الفلوجة", "Fallujah"},
                                                                  {"الرمادي", "Ramadi"},
                                                                  {"تكريت", "Tikrit"},
                                                                  {"النجف", "Najaf"},
                                                                  {"كربلاء", "Karbala"},
                                                                  {"الناصرية", "Nasiriyah"},
                                                                  {"السليمانية", "Sulaymaniyah"},
                                                                  {"عين الأسد", "Ain al-Asad"},
                                                                  {"الحبانية", "Habbaniyah"},
                                                                  {"بلد", "Balad"},
                                                                  {"سامراء", "Samarra"},
                                                                  {"بعقوبة", "Baqubah"},
                                                                  {"حديثة", "Haditha"},
                                                                  {"القيارة", "Qayyarah"},
                                                                  {"الكوت", "Kut"},
                                                                  {"دهوك", "Duhok"},
                                                                  {"تلعفر", "Tal Afar"},
                                                                  {"أم قصر", "Umm Qasr"},
                                                                  {"أبو غريب", "Abu Ghraib"},
                                                                  {"جرف الصخر", "Jurf al-Sakhar"},
                                                                  {"ذي قار", "Dhi Qar"},
                                                                  {"الأنبار", "Anbar"},
                                                                  {"صلاح الدين", "Salahuddin"},
                                                                  {"الحلة", "Hillah"},
                                                                  {"العمارة", "Amarah"},
                                                                  {"الديوانية", "Diwaniyah"},
                                                                  {"سنجار", "Sinjar"},
                                                                  {"زاخو", "Zakho"},
                                                                  {"بيجي", "Baiji"},
                                                                  {"حلبجة", "Halabja"},
                                                                  {"القائم", "al-Qaim"},
                                                                  {"نينوى", "Nineveh"},
                                                                  {"المنطقة الخضراء", "Green Zone"}};
  int hits = 0;
  std::vector<std::string> misses;
  for (const auto& [ar, en] : pairs) {
    if (mawqi::text::skeleton_key(tokenizer(), ar) == mawqi::text::skeleton_key(tokenizer(), en))
      ++hits;
    else
      misses.push_back(en);
  }
  EXPECT_EQ(hits, 38);
  EXPECT_EQ(misses, (std::vector<std::string>{"Nineveh", "Green Zone"}));
  EXPECT_EQ(mawqi::text::skeleton_key(tokenizer(), "Bismayah"), "BSM");
  EXPECT_EQ(mawqi::text::skeleton_key(tokenizer(), "Salah ad-Din"),
            mawqi::text::skeleton_key(tokenizer(), "صلاح الدين"));
  for (std::size_t i = 0; i < pairs.size(); ++i)
    for (std::size_t j = i + 1; j < pairs.size(); ++j)
      EXPECT_NE(mawqi::text::skeleton_key(tokenizer(), pairs[i].first),
                mawqi::text::skeleton_key(tokenizer(), pairs[j].first))
          << pairs[i].second << " / " << pairs[j].second;
}

namespace {

std::string describe(const std::vector<mawqi::text::WordSegment>& segments) {
  std::string out;
  for (const auto& s : segments) out += std::to_string(s.end) + "|" + std::to_string(s.status / 100) + " ";
  return out;
}

// Random strings from a fixed seed (xorshift), each character a class of the rules first and
// then a character of it, so that runs of several marks between letters or digits ("1.5.3",
// "a'b'c", a letter and its harakat) come often.
std::vector<std::string> random_mixes(const std::vector<std::vector<std::string>>& classes, int count) {
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  std::vector<std::string> texts;
  for (int n = 0; n < count; ++n) {
    std::string text;
    for (std::size_t len = next() % 40; len > 0; --len) {
      const auto& cls = classes[next() % classes.size()];
      text += cls[next() % cls.size()];
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

// Each text broken without ICU and by ICU: the same segments, the same status.
// Returns how many of them were given to ICU instead.
std::size_t expect_icus_breaks(const std::vector<std::string>& texts) {
  int mismatches = 0;
  std::size_t given_to_icu = 0;
  for (const std::string& text : texts) {
    if (mismatches >= 5) break;
    std::vector<mawqi::text::WordSegment> ours;
    if (!mawqi::text::word_segments_without_icu(text, ours)) {
      ++given_to_icu;  // a connector with marks, rare in news: ICU breaks it
      continue;
    }
    const auto icu = mawqi::text::icu_word_segments(text);
    const bool same = ours.size() == icu.size() &&
                      std::equal(ours.begin(), ours.end(), icu.begin(), [](const auto& a, const auto& b) {
                        return a.end == b.end && a.status / 100 == b.status / 100;
                      });
    if (!same) {
      ++mismatches;
      ADD_FAILURE() << "\"" << text << "\": ours " << describe(ours) << " ICU " << describe(icu);
    }
  }
  return given_to_icu;
}

}  // namespace

// The tokenizer breaks most articles without ICU's break iterator: the breaks and their status
// must be ICU's, for every mix of the characters the rules tell apart and for every article of
// the corpora it breaks so.
TEST(WordBreaks, AreIcusOnEveryMixOfAsciiClasses) {
  // Every ASCII character but @ (whose rules in ICU depend on what surrounds it: a text with one
  // goes to ICU).
  std::vector<std::vector<std::string>> classes = {
      {"a", "Z", "q", "b", "Y"}, {"0", "9", "1", "7"},  {"."}, {",", ";"}, {"'"}, {"_"}, {" "},
      {"\r", "\n", "\v", "\f"},  {":", "\"", "-", "\t"}};
  std::vector<std::string> rest;
  for (int c = 0; c < 0x80; ++c)
    if (c != '@') rest.emplace_back(1, static_cast<char>(c));
  classes.push_back(rest);
  std::vector<std::string> texts = random_mixes(classes, 200000);
  for (const char* text : {"1.5.3", "a'b'c", "can't", "U.S.", "3,000.50", "e.g.", "a\r\nb", "\r\r\n", "x_1_y", "1,2,3",
                           "'quoted'", "a..b", "1..2", "  \t  ", "__a", "9__"})
    texts.emplace_back(text);
  EXPECT_EQ(expect_icus_breaks(texts), 0u);
}

// ... and of the characters of Arabic and of Latin news beyond ASCII: harakat, tatweel and the
// joiners between letters, directional marks, Arabic digits and separators, curly quotes, dashes,
// the spaces of typesetting, middle dots, accented letters, Greek and Cyrillic.
TEST(WordBreaks, AreIcusOnEveryMixOfArabicAndLatinClasses) {
  const std::vector<std::vector<std::string>> classes = {
      {"\u0628", "\u063A", "\u062F", "\u0627", "\u06CC", "\u0640", "\u00E9", "\u00FC", "\u03B1", "\u0434", "a", "Q"},
      {"\u064E", "\u0651", "\u0670", "\u0652", "\u200C", "\u0301"},  // Extend
      {"\u200F", "\u200E", "\u061C", "\u00AD", "\u2066"},            // Format
      {"\u0660", "\u0669", "\u06F4", "\u066B", "5", "0"},            // Numeric
      {"\u060C", "\u066C", ",", ";"},                                // MidNum
      {"\u2019", "\u2018", ".", "\u2024", "'"},                      // MidNumLet, Single_Quote
      {"\u00B7", "\u2027", ":"},                                     // MidLetter (and a colon)
      {"_", "\u202F", "\u203F"},                                     // ExtendNumLet
      {" ", "\u2009", "\u00A0"},                                     // spaces
      {"\n", "\r", "\u0085", "\u2028", "\u2029"},                    // line breaks
      {"\u061F", "\u06D4", "\u201C", "\u201D", "\u2014", "\u2026", "\u00AB", "-", "(", "\u061B"}};  // Other
  EXPECT_LT(expect_icus_breaks(random_mixes(classes, 200000)), 100000u);  // most broken without ICU
}

// ... and of every code point below U+3000 that it breaks, alone, doubled, between letters and
// between digits (the CJK radicals, say, ICU joins by its dictionary: those go to ICU).
TEST(WordBreaks, AreIcusForEveryCodePointItBreaks) {
  std::vector<std::string> texts;
  for (UChar32 c = 0x80; c < 0x3000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string one;
    icu::UnicodeString(c).toUTF8String(one);
    for (const std::string& text : {one, one + one, "a" + one + "b", "1" + one + "2", "\u0628" + one + "\u062F"}) {
      std::vector<mawqi::text::WordSegment> ours;
      if (mawqi::text::word_segments_without_icu(text, ours)) texts.push_back(text);
    }
  }
  EXPECT_GT(texts.size(), 30000u);
  EXPECT_EQ(expect_icus_breaks(texts), 0u);
  std::vector<mawqi::text::WordSegment> ours;
  EXPECT_FALSE(mawqi::text::word_segments_without_icu("\u2E80\u2E81", ours)) << "CJK radicals go to ICU";
}

// ... and for every article of the corpora it breaks (read from ../shared, never copied).
TEST(WordBreaks, AreIcusOnEveryArticleOfTheCorporaBrokenWithoutIcu) {
  std::vector<std::string> folders{std::string(MAWQI_SOURCE_DIR) + "/examples"};
  for (const char* corpus : {"dev", "dev-iraq", "dev-region", "lgl", "idrisi-d"})
    if (std::filesystem::is_directory(std::string(MAWQI_SOURCE_DIR) + "/../shared/corpus/" + corpus + "/articles"))
      folders.push_back(std::string(MAWQI_SOURCE_DIR) + "/../shared/corpus/" + corpus + "/articles");
  std::size_t compared = 0, arabic = 0;
  mawqi::io::read_articles(
      folders, {},
      [&](mawqi::Article&& a) {
        std::vector<mawqi::text::WordSegment> ours;
        if (!mawqi::text::word_segments_without_icu(a.text, ours)) return;
        ++compared;
        if (mawqi::text::dominant_script(a.text) == Script::arabic) ++arabic;
        const auto icu = mawqi::text::icu_word_segments(a.text);
        ASSERT_EQ(ours.size(), icu.size()) << a.id;
        for (std::size_t i = 0; i < ours.size(); ++i) {
          ASSERT_EQ(ours[i].end, icu[i].end) << a.id << " segment " << i;
          ASSERT_EQ(ours[i].status / 100, icu[i].status / 100) << a.id << " segment " << i;
        }
      },
      [](const std::string&) {});
  EXPECT_GT(compared, 500u);
  EXPECT_GT(arabic, 100u);
}

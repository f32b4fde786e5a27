// Consonant-skeleton key shared by Arabic and Latin spellings (docs/arabic.md §3.3, variant D).
#include <array>
#include <string>
#include <unordered_map>

#include "mawqi/text.hpp"

namespace mawqi::text {
namespace {

// Arabic letters (after L1 folding) to consonant classes; letters not listed are dropped
// (ا ء ؤ ئ و ي ه ع ح and the rest).
const std::unordered_map<std::string, char>& arabic_classes() {
  static const std::unordered_map<std::string, char> kMap = {
      {"\u0628", 'B'}, {"\u067E", 'B'},                                    // ب پ
      {"\u062A", 'T'}, {"\u062B", 'T'}, {"\u0637", 'T'},                   // ت ث ط
      {"\u062C", 'J'}, {"\u0686", 'J'},                                    // ج چ
      {"\u062E", 'K'}, {"\u0642", 'K'}, {"\u0643", 'K'}, {"\u063A", 'K'},  // خ ق ك غ
      {"\u06AF", 'K'},                                                     // گ
      {"\u062F", 'D'}, {"\u0630", 'D'}, {"\u0636", 'D'}, {"\u0638", 'D'},  // د ذ ض ظ
      {"\u0631", 'R'}, {"\u0632", 'Z'},                                    // ر ز
      {"\u0633", 'S'}, {"\u0634", 'S'}, {"\u0635", 'S'},                   // س ش ص
      {"\u0641", 'F'}, {"\u06A4", 'F'},                                    // ف ڤ
      {"\u0644", 'L'}, {"\u0645", 'M'}, {"\u0646", 'N'}};                  // ل م ن
  return kMap;
}

std::string arabic_word_key(std::string word) {
  static const std::string kArticle = "\u0627\u0644";
  if (word.starts_with(kArticle) && word.size() >= 8) word = word.substr(kArticle.size());  // ≥ 4 letters
  std::string key;
  for (std::size_t i = 0; i < word.size();) {
    const auto lead = static_cast<unsigned char>(word[i]);
    const std::size_t len = lead < 0x80 ? 1 : (lead < 0xE0 ? 2 : (lead < 0xF0 ? 3 : 4));
    const auto it = arabic_classes().find(word.substr(i, len));
    if (it != arabic_classes().end()) key += it->second;
    i += len;
  }
  return key;
}

std::string latin_word_key(const std::string& word) {
  std::string w;
  for (char c : word)  // collapse doubled letters: ll → l, rr → r
    if (c >= 'a' && c <= 'z' && (w.empty() || w.back() != c)) w += c;
  std::string key;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    const char n = i + 1 < w.size() ? w[i + 1] : '\0';
    char digraph = 0;
    if (n == 'h') {
      switch (c) {
        case 's': digraph = 'S'; break;
        case 'k':
        case 'g': digraph = 'K'; break;
        case 't': digraph = 'T'; break;
        case 'd':
        case 'z': digraph = 'D'; break;
        case 'c': digraph = 'J'; break;
        case 'p': digraph = 'F'; break;
        default: break;
      }
    } else if (c == 'c' && n == 'k') {
      digraph = 'K';
    }
    if (digraph != 0) {
      key += digraph;
      ++i;
      continue;
    }
    switch (c) {
      case 'b':
      case 'p': key += 'B'; break;
      case 't': key += 'T'; break;
      case 'd': key += 'D'; break;
      case 'j': key += 'J'; break;
      case 'g':
      case 'k':
      case 'q':
      case 'c':
      case 'x': key += 'K'; break;
      case 'f':
      case 'v': key += 'F'; break;
      case 'l': key += 'L'; break;
      case 'm': key += 'M'; break;
      case 'n': key += 'N'; break;
      case 'r': key += 'R'; break;
      case 's': key += 'S'; break;
      case 'z': key += 'Z'; break;
      default: break;  // vowels, y, w and h carry no class
    }
  }
  return key;
}

bool is_latin_article(const std::string& w) {
  static const std::array<const char*, 17> kArticles = {"al",  "el", "ad", "adh", "an", "ar", "as", "ash", "at",
                                                        "ath", "az", "ed", "en",  "er", "es", "et", "ez"};
  for (const char* a : kArticles)
    if (w == a) return true;
  return false;
}

}  // namespace

std::string skeleton_key(const Tokenizer& tokenizer, std::string_view name) {
  std::vector<Token> words;
  for (Token& t : tokenizer.tokenize(name))
    if (t.type == TokenType::word) words.push_back(std::move(t));
  std::string key;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const Token& t = words[i];
    if (t.script == Script::arabic) {
      key += arabic_word_key(t.norm);
    } else {
      // Articles written apart or hyphenated (al-Asad, ad-Din) are tokens of their own.
      if (is_latin_article(t.norm) && i + 1 < words.size()) continue;
      key += latin_word_key(t.norm);
    }
  }
  return key;
}

}  // namespace mawqi::text

// Word boundaries of ASCII text exactly as ICU's root word break rules
// (UAX #29) draw them, with ICU's rule status, without ICU: on ASCII text
// ICU's iterator was a quarter of indexing's time and its cost per query a
// large share of a short query's analysis. Analyzer.AsciiPathMatchesIcu
// checks the equivalence on random text over every ASCII character.
//
// ASCII's word-break classes (ICU 72, root): ALetter [A-Za-z@] (ICU counts
// '@' a letter), Numeric [0-9], ExtendNumLet '_', MidNumLet '.', Single_Quote
// '\'' (both join letters to letters and digits to digits), MidNum ',' ';'
// (digits to digits). ':' is MidLetter in UAX #29 but not in ICU's rules.
// Everything else, spaces and controls included, stands alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace quarry::internal {

// Whether text is all ASCII (8 bytes at a time).
inline bool is_ascii_text(std::string_view text) {
  const char* p = text.data();
  size_t n = text.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    high |= w;
  }
  for (; n > 0; ++p, --n) high |= static_cast<unsigned char>(*p);
  return (high & 0x8080808080808080ull) == 0;
}

namespace ascii_words_detail {

enum class WordClass : uint8_t { kOther, kLetter, kDigit, kUnderscore, kMidNumLet, kMidNum };

inline WordClass word_class(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return WordClass::kLetter;
  if (c >= '0' && c <= '9') return WordClass::kDigit;
  if (c == '_') return WordClass::kUnderscore;
  if (c == '.' || c == '\'') return WordClass::kMidNumLet;
  if (c == ',' || c == ';') return WordClass::kMidNum;
  return WordClass::kOther;
}

inline bool is_core(WordClass c) {
  return c == WordClass::kLetter || c == WordClass::kDigit || c == WordClass::kUnderscore;
}

}  // namespace ascii_words_detail

// Calls word(begin, end, letters) for every word of ASCII text in order
// (ICU's words of rule status "letter" or "number"; the rest, punctuation and
// spaces, are skipped): letters is true for ICU's "letter" status, false for
// "number". REQUIRES: is_ascii_text(text).
template <class Word>
void for_each_ascii_word(std::string_view text, Word&& word) {
  using ascii_words_detail::WordClass;
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    WordClass last = ascii_words_detail::word_class(text[i]);
    if (!ascii_words_detail::is_core(last)) {
      ++i;
      continue;
    }
    const size_t begin = i++;
    WordClass before_last = WordClass::kOther;  // the core character before the last one
    while (i < n) {
      const WordClass c = ascii_words_detail::word_class(text[i]);
      if (ascii_words_detail::is_core(c)) {  // letters, digits and '_' join one another (WB5, 8-10, 13a/b)
        before_last = last;
        last = c;
        ++i;
        continue;
      }
      // A mid character joins two letters (WB6/7: '.' '\'') or two digits
      // (WB11/12: also ',' ';') on its either side.
      const bool mid = (c == WordClass::kMidNumLet && (last == WordClass::kLetter || last == WordClass::kDigit)) ||
                       (c == WordClass::kMidNum && last == WordClass::kDigit);
      if (mid && i + 1 < n && ascii_words_detail::word_class(text[i + 1]) == last) {
        before_last = last;
        i += 2;
        continue;
      }
      break;
    }
    // ICU's status is its last rule's: a letter ends a "letter" word, a digit
    // a "number"; a trailing '_' takes the character before it ("1_" is a
    // number, "a_" and "__" letters), and a lone '_' is no word.
    if (last == WordClass::kLetter) {
      word(begin, i, true);
    } else if (last == WordClass::kDigit) {
      word(begin, i, false);
    } else if (i - begin > 1) {
      word(begin, i, before_last != WordClass::kDigit);
    }
  }
}

}  // namespace quarry::internal

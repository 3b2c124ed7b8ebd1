// ICU-based tokenizer with NFKC_Casefold normalization and libstemmer.
#include "index/analyzer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include "index/ascii_words.h"

namespace quarry::internal {

size_t sanitize_utf8(std::string& text) {
  size_t replaced = 0;
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0, clean_from = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      if (replaced == 0) out.reserve(text.size() + 16);
      out.append(text, clean_from, start - clean_from);
      out.append("\xEF\xBF\xBD");
      clean_from = i;
      ++replaced;
    }
  }
  if (replaced > 0) {
    out.append(text, clean_from, std::string::npos);
    text.swap(out);
  }
  return replaced;
}

struct Analyzer::Impl {
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  sb_stemmer* stemmer = nullptr;
  std::string folded;
  ~Impl() {
    if (stemmer) sb_stemmer_delete(stemmer);
  }
};

Analyzer::~Analyzer() = default;

Result<std::unique_ptr<Analyzer>> Analyzer::create(const AnalyzerSettings& settings) {
  std::unique_ptr<Analyzer> a(new Analyzer());
  a->settings_ = settings;
  a->impl_ = std::make_unique<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  a->impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return Status::invalid_argument(std::string("ICU word breaker: ") + u_errorName(status));
  a->impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return Status::invalid_argument(std::string("ICU normalizer: ") + u_errorName(status));
  if (settings.stem_language != "none") {
    a->impl_->stemmer = sb_stemmer_new(settings.stem_language.c_str(), "UTF_8");
    if (!a->impl_->stemmer) {
      return Status::invalid_argument("unknown stemming language '" + settings.stem_language +
                                      "' (use 'none' or a Snowball algorithm such as 'english')");
    }
  }
  return a;
}

namespace {

// NFKC_Casefold of ASCII: lower case.
void fold_ascii(std::string_view word, std::string& folded) {
  folded.assign(word);
  for (char& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

// ICU marks emoji and other symbols as non-words; a user searching for 🎉 still expects a match.
bool has_pictograph(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return true;
  }
  return false;
}

// Typographic apostrophes become ASCII ones, so "Hegseth’s" and "Hegseth's"
// index alike and the stemmer can strip the possessive.
void unify_apostrophes(std::string& s) {
  if (s.find("\xE2\x80\x99") == std::string::npos && s.find("\xCA\xBC") == std::string::npos) return;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\xE2\x80\x99") == 0) {  // U+2019 RIGHT SINGLE QUOTATION MARK
      out += '\'';
      i += 2;
    } else if (s.compare(i, 2, "\xCA\xBC") == 0) {  // U+02BC MODIFIER LETTER APOSTROPHE
      out += '\'';
      i += 1;
    } else {
      out += s[i];
    }
  }
  s.swap(out);
}

}  // namespace

uint32_t Analyzer::analyze(std::string_view utf8, const std::function<void(const Token&)>& sink,
                           uint32_t first_position) {
  if (is_ascii_text(utf8)) return analyze_ascii(utf8, sink, first_position);
  return analyze_with_icu(utf8, sink, first_position);
}

uint32_t Analyzer::analyze_with_icu(std::string_view utf8, const std::function<void(const Token&)>& sink,
                                    uint32_t first_position) {
  Impl& im = *impl_;
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
  if (U_FAILURE(status)) return 0;
  im.words->setText(text, status);
  uint32_t position = first_position;
  int32_t begin = im.words->first();
  for (int32_t end = im.words->next(); end != icu::BreakIterator::DONE; begin = end, end = im.words->next()) {
    const int32_t rule = im.words->getRuleStatus();
    std::string_view word = utf8.substr(begin, end - begin);
    if (rule < UBRK_WORD_NONE_LIMIT && !has_pictograph(word)) continue;
    std::string& folded = im.folded;
    folded.clear();
    if (is_ascii_text(word)) {
      fold_ascii(word, folded);
    } else {
      icu::StringByteSink<std::string> out(&folded);
      UErrorCode ns = U_ZERO_ERROR;
      im.nfkc_cf->normalizeUTF8(0, icu::StringPiece(word.data(), static_cast<int32_t>(word.size())), out,
                                nullptr, ns);
      if (U_FAILURE(ns)) folded.assign(word);
      unify_apostrophes(folded);
    }
    while (!folded.empty() && folded.back() == '\'') folded.pop_back();
    if (folded.empty()) continue;
    const bool is_letters = rule >= UBRK_WORD_LETTER && rule < UBRK_WORD_LETTER_LIMIT;
    sink(Token{stem(folded, is_letters), position++, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  }
  utext_close(text);
  return position - first_position;
}

uint32_t Analyzer::analyze_ascii(std::string_view text, const std::function<void(const Token&)>& sink,
                                 uint32_t first_position) {
  std::string& folded = impl_->folded;
  uint32_t position = first_position;
  for_each_ascii_word(text, [&](size_t begin, size_t end, bool letters) {
    fold_ascii(text.substr(begin, end - begin), folded);
    sink(Token{stem(folded, letters), position++, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
  });
  return position - first_position;
}

std::string_view Analyzer::stem(std::string_view word, bool is_letters) {
  // Abbreviations such as "u.s" are kept whole: a stemmer would cut them to "u.".
  sb_stemmer* stemmer = impl_->stemmer;
  if (!stemmer || !is_letters || word.find('.') != std::string_view::npos) return word;
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
  if (!stemmed) return word;
  return std::string_view(reinterpret_cast<const char*>(stemmed), sb_stemmer_length(stemmer));
}

}  // namespace quarry::internal

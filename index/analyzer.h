// Text analysis: ICU word boundaries, NFKC case folding, optional Snowball
// stemming. The same analyzer, rebuilt from the settings in the manifest,
// processes documents at index time and query text at search time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "quarry/status.h"

namespace quarry::internal {

struct AnalyzerSettings {
  // A Snowball algorithm name ("english", "french", ...) or "none".
  std::string stem_language = "english";
  bool operator==(const AnalyzerSettings&) const = default;
};

struct Token {
  std::string_view term;  // normalized (and stemmed) term; valid only during the callback
  uint32_t position;      // token index, counted from the first_position given to analyze()
  uint32_t begin, end;    // byte range of the original word in the input text
};

// Replaces invalid UTF-8 sequences in text by U+FFFD. Returns how many were replaced.
size_t sanitize_utf8(std::string& text);

// Not thread-safe: use one Analyzer per thread.
class Analyzer {
 public:
  ~Analyzer();
  // Fails with InvalidArgument for an unknown stemming language.
  static Result<std::unique_ptr<Analyzer>> create(const AnalyzerSettings& settings);
  const AnalyzerSettings& settings() const { return settings_; }

  // Calls sink for every token of utf8 in order. REQUIRES: utf8 is valid UTF-8
  // (see sanitize_utf8). Returns the number of tokens produced. ASCII text
  // takes analyze_ascii, the rest ICU: the same tokens either way.
  uint32_t analyze(std::string_view utf8, const std::function<void(const Token&)>& sink,
                   uint32_t first_position = 0);
  // analyze() through ICU whatever the text: what the ASCII path is tested against.
  uint32_t analyze_with_icu(std::string_view utf8, const std::function<void(const Token&)>& sink,
                            uint32_t first_position = 0);

 private:
  Analyzer() = default;
  // analyze() for ASCII text without ICU (ascii_words.h); the same tokens.
  uint32_t analyze_ascii(std::string_view text, const std::function<void(const Token&)>& sink,
                         uint32_t first_position);
  // The term of a folded word: its stem for letters (when stemming), else the word.
  std::string_view stem(std::string_view word, bool is_letters);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  AnalyzerSettings settings_;
};

}  // namespace quarry::internal

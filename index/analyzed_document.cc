// Field analysis of a whole document.
#include "index/analyzed_document.h"

#include <cctype>

namespace quarry::internal {

// True when text begins (after leading whitespace) with the title as whole
// words, as in a text file whose title is its first line. "Sea" does not
// start "Seawater ...": the title's words would then be missing from the body.
bool starts_with_title(std::string_view text, std::string_view title) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t title_begin = title.find_first_not_of(kSpace);
  if (title_begin == std::string_view::npos) return false;
  title = title.substr(title_begin, title.find_last_not_of(kSpace) - title_begin + 1);
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos || !text.substr(first).starts_with(title)) return false;
  const size_t after = first + title.size();
  if (after == text.size()) return true;
  const auto next = static_cast<unsigned char>(text[after]);
  const auto last = static_cast<unsigned char>(title.back());
  const bool word_char = [](unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }(next);
  const bool title_ends_in_word = last >= 0x80 || std::isalnum(last) || last == '_';
  return !(word_char && title_ends_in_word);
}

namespace {

// Keeps a phrase from matching across the end of the title and the start of the text.
inline constexpr uint32_t kTitleBodyGap = 1;

uint32_t add_field(Analyzer& analyzer, AnalyzedDocument& doc, Field field, std::string_view text,
                   uint32_t first_position) {
  return analyzer.analyze(
      text,
      [&](const Token& t) {
        const auto begin = static_cast<uint32_t>(doc.keys.size());
        doc.keys.push_back(static_cast<char>(field));
        doc.keys.append(t.term);
        doc.tokens.push_back({begin, static_cast<uint32_t>(doc.keys.size() - begin), t.position});
      },
      first_position);
}

}  // namespace

void analyze_document(Analyzer& analyzer, AnalyzedDocument& doc) {
  doc.keys.clear();
  doc.tokens.clear();
  doc.length[static_cast<int>(Field::kTitle)] = add_field(analyzer, doc, Field::kTitle, doc.title, 0);
  uint32_t body = 0;
  if (!doc.title.empty() && !starts_with_title(doc.text, doc.title)) {
    body = add_field(analyzer, doc, Field::kBody, doc.title, 0) + kTitleBodyGap;
  }
  body += add_field(analyzer, doc, Field::kBody, doc.text, body);
  doc.length[static_cast<int>(Field::kBody)] = body;
}

}  // namespace quarry::internal

// Choosing and rendering the snippet window.
#include "query/snippet.h"

#include <unicode/utf8.h>

#include <cctype>

namespace quarry::internal {
namespace {

struct Word {
  uint32_t begin, end;
  int term;  // index into the distinct matched terms, or -1
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Largest prefix of text no longer than limit that ends on a UTF-8 boundary.
std::string_view utf8_prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t n = limit;
  while (n > 0 && U8_IS_TRAIL(static_cast<uint8_t>(text[n]))) --n;
  return text.substr(0, n);
}

}  // namespace

Snippet make_snippet(std::string_view text, Analyzer& analyzer, const std::unordered_set<std::string>& terms,
                     const SnippetOptions& options) {
  const std::string_view scanned = utf8_prefix(text, options.max_scan_bytes);
  std::vector<Word> words;
  std::vector<std::string> distinct;
  analyzer.analyze(scanned, [&](const Token& t) {
    int term = -1;
    if (terms.count(std::string(t.term))) {
      for (size_t i = 0; i < distinct.size(); ++i) {
        if (distinct[i] == t.term) term = static_cast<int>(i);
      }
      if (term < 0) {
        term = static_cast<int>(distinct.size());
        distinct.emplace_back(t.term);
      }
    }
    words.push_back({t.begin, t.end, term});
  });
  Snippet out;
  if (words.empty()) return out;
  const size_t w = std::min(options.window_tokens, words.size());
  // Slide a window of w words; score = distinct terms first, then total matches.
  std::vector<uint32_t> seen(distinct.size(), 0);
  size_t distinct_in = 0, matches_in = 0, best_start = 0;
  uint64_t best = 0;
  auto add = [&](const Word& x, int delta) {
    if (x.term < 0) return;
    matches_in += delta;
    if (delta > 0 && seen[x.term]++ == 0) ++distinct_in;
    if (delta < 0 && --seen[x.term] == 0) --distinct_in;
  };
  for (size_t i = 0; i < words.size(); ++i) {
    add(words[i], +1);
    if (i >= w) add(words[i - w], -1);
    if (i + 1 >= w) {
      const uint64_t score = distinct_in * 1000 + matches_in;
      if (score > best) {
        best = score;
        best_start = i + 1 - w;
      }
    }
  }
  // Start a little before the first match so it has some context.
  size_t start = best_start;
  for (size_t i = best_start; i < best_start + w; ++i) {
    if (words[i].term >= 0) {
      start = i > best_start + 3 ? i - 3 : best_start;
      break;
    }
  }
  start = std::min(start, words.size() - w);  // a short text is shown whole
  const size_t end = start + w;
  if (start > 0) out.text += "… ";
  uint32_t pos = words[start].begin;
  for (size_t i = start; i < end; ++i) {
    // Text between words, whitespace collapsed to one space.
    bool space = false;
    for (uint32_t p = pos; p < words[i].begin; ++p) {
      if (is_space(text[p])) {
        space = true;
      } else {
        if (space && !out.text.empty()) out.text += ' ';
        space = false;
        out.text += text[p];
      }
    }
    if (space && !out.text.empty()) out.text += ' ';
    const uint32_t hb = static_cast<uint32_t>(out.text.size());
    out.text.append(text.substr(words[i].begin, words[i].end - words[i].begin));
    if (words[i].term >= 0) out.highlights.emplace_back(hb, static_cast<uint32_t>(out.text.size()));
    pos = words[i].end;
  }
  // Keep trailing punctuation of the last word (up to the next space).
  while (pos < text.size() && std::ispunct(static_cast<unsigned char>(text[pos])) && pos < words[end - 1].end + 3) {
    out.text += text[pos++];
  }
  if (end < words.size() || scanned.size() < text.size()) out.text += " …";
  return out;
}

std::string render_snippet(const Snippet& s, std::string_view open, std::string_view close) {
  std::string out;
  uint32_t at = 0;
  for (const auto& [b, e] : s.highlights) {
    out.append(s.text, at, b - at);
    out.append(open);
    out.append(s.text, b, e - b);
    out.append(close);
    at = e;
  }
  out.append(s.text, at, std::string::npos);
  return out;
}

}  // namespace quarry::internal

// Query-biased snippets: the window of a document's text with the most
// distinct query terms, with the byte ranges of matched words.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "index/analyzer.h"

namespace quarry::internal {

struct SnippetOptions {
  size_t window_tokens = 30;            // length of the snippet in tokens
  size_t max_scan_bytes = size_t{1} << 20;  // only this much of a long document is scanned
};

struct Snippet {
  std::string text;                                     // whitespace collapsed, "…" where cut
  std::vector<std::pair<uint32_t, uint32_t>> highlights;  // [begin, end) byte ranges in text
};

// terms: analyzed terms to highlight (body field).
Snippet make_snippet(std::string_view text, Analyzer& analyzer, const std::unordered_set<std::string>& terms,
                     const SnippetOptions& options = {});

// Renders a snippet with highlights wrapped in open/close (e.g. ANSI colour codes).
std::string render_snippet(const Snippet& s, std::string_view open, std::string_view close);

}  // namespace quarry::internal

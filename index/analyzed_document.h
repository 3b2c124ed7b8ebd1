// A document after analysis: its stored fields and the dictionary keys of its
// tokens with their positions. Produced on one thread, inverted on another.
#pragma once

#include <string>
#include <vector>

#include "index/analyzer.h"
#include "index/types.h"

namespace quarry::internal {

struct AnalyzedDocument {
  std::string id, title, text;  // stored as given (already valid UTF-8)
  std::string keys;             // dictionary keys (field byte + term), concatenated
  struct TokenRef {
    uint32_t key_begin, key_size;  // a key in `keys`
    uint32_t position;
  };
  std::vector<TokenRef> tokens;  // in field order, positions increasing within a field
  uint32_t length[kFieldCount] = {0, 0};
};

// True when text begins (after leading ASCII whitespace) with the title, trimmed,
// as whole words: then the title is not indexed twice in the body.
bool starts_with_title(std::string_view text, std::string_view title);

// Fills doc.keys, doc.tokens and doc.length from doc.title and doc.text: the
// title field gets the title; the body field gets the title, then the text
// (the title is not repeated when the text already starts with it, and one
// position separates the two so a phrase cannot span them).
void analyze_document(Analyzer& analyzer, AnalyzedDocument& doc);

}  // namespace quarry::internal

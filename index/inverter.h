// In-memory inversion of one segment's documents: term -> (docs, tfs, positions),
// with an estimate of the memory it holds so the writer can flush at a budget.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/analyzer.h"
#include "index/types.h"

namespace quarry {

class Inverter {
 public:
  struct Postings {
    std::vector<uint32_t> docs, freqs, positions;  // positions: freqs[i] entries per doc, in order
  };

  // Analyzes field text of document doc and records its tokens, starting at
  // first_position. Documents must be added in increasing doc order.
  // Returns the number of tokens.
  uint32_t add_field(Analyzer& analyzer, Field field, DocId doc, std::string_view text, uint32_t first_position);

  // Approximate heap bytes held.
  size_t memory_bytes() const { return memory_bytes_; }

  // Terms sorted bytewise by key (field byte + term).
  std::vector<std::pair<std::string_view, const Postings*>> sorted_terms() const;
  void clear();

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Postings, KeyHash, std::equal_to<>> terms_;
  std::string key_;
  size_t memory_bytes_ = 0;
};

}  // namespace quarry

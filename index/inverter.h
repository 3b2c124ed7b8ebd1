// In-memory inversion of one segment's documents: key -> (docs, tfs, positions),
// with an estimate of the memory it holds so the writer can flush at a budget.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/analyzed_document.h"
#include "index/types.h"

namespace quarry::internal {

class Inverter {
 public:
  struct Postings {
    std::vector<uint32_t> docs, freqs, positions;  // positions: freqs[i] entries per doc, in order
  };

  // Words (keys, sorted) whose adjacent pairs are also recorded, under pair
  // keys (index/term_keys.h). REQUIRES: called before add(); outlives this.
  void set_pair_words(const std::vector<std::string>* sorted_keys) { pair_words_ = sorted_keys; }

  // Records the tokens of doc, and its pairs of adjacent pair words.
  // REQUIRES: doc ids increase from call to call.
  void add(DocId doc, const AnalyzedDocument& analyzed);

  // Approximate heap bytes held.
  size_t memory_bytes() const { return memory_bytes_; }

  // Terms sorted bytewise by key (field byte + term).
  std::vector<std::pair<std::string_view, const Postings*>> sorted_terms() const;
  void clear();

 private:
  uint32_t find_or_insert(std::string_view key);
  void grow();
  void add_posting(uint32_t id, DocId doc, uint32_t position);

  // Open addressing, linear probing: slot = (32-bit hash << 32) | (term id + 1); 0 is empty.
  std::vector<uint64_t> slots_;
  std::vector<std::string> keys_;
  std::vector<Postings> postings_;
  std::vector<uint8_t> is_pair_word_;  // per term id
  const std::vector<std::string>* pair_words_ = nullptr;
  std::string pair_scratch_;
  size_t memory_bytes_ = 0;
};

}  // namespace quarry::internal

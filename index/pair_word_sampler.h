// Chooses an index's pair words: the most frequent words of the first
// documents added. Those documents are held back (in bounded memory) until
// the choice is made, then inverted like the rest, so every segment of the
// index records the same pairs.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "index/analyzed_document.h"

namespace quarry::internal {

class PairWordSampler {
 public:
  // Holds at most max_docs documents or max_bytes of them.
  PairWordSampler(size_t max_docs, size_t max_bytes) : max_docs_(max_docs), max_bytes_(max_bytes) {}

  void add(AnalyzedDocument doc);
  bool full() const { return docs_.size() >= max_docs_ || bytes_ >= max_bytes_; }

  // Up to max_words word keys, sorted bytewise: by document frequency in the
  // sample, highest first, among words in at least 1 % of the sampled
  // documents and at least two of them. Ties go to the smaller key.
  std::vector<std::string> choose(size_t max_words) const;

  // The held documents, in the order added.
  std::vector<AnalyzedDocument> take_documents() { return std::move(docs_); }

 private:
  struct Seen {
    uint32_t df = 0;
    uint32_t last_doc = UINT32_MAX;
  };
  size_t max_docs_, max_bytes_;
  size_t bytes_ = 0;
  std::vector<AnalyzedDocument> docs_;
  std::unordered_map<std::string, Seen> df_;
};

}  // namespace quarry::internal

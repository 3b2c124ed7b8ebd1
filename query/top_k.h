// Keeps the k best (score, doc) pairs: higher score first, ties to the lower doc id.
#pragma once

#include <algorithm>
#include <vector>

#include "index/types.h"

namespace quarry::internal {

struct ScoredDoc {
  double score;
  DocId doc;
};

// True when a ranks before b.
inline bool ranks_before(const ScoredDoc& a, const ScoredDoc& b) {
  return a.score > b.score || (a.score == b.score && a.doc < b.doc);
}
// The same order as a function object: std::sort and std::push_heap inline
// it, where a function pointer costs a call per comparison.
struct RanksBefore {
  bool operator()(const ScoredDoc& a, const ScoredDoc& b) const { return ranks_before(a, b); }
};

class TopK {
 public:
  explicit TopK(size_t k) : k_(k) { heap_.reserve(std::min<size_t>(k, 4096) + 1); }
  // The score a new document must beat to enter (when full).
  bool full() const { return heap_.size() == k_; }
  double threshold() const { return full() ? heap_.front().score : -1.0; }
  // Bounds add up in another order than scores: only a bound below this floor
  // (the threshold less a margin far above rounding) proves that a document
  // cannot enter. REQUIRES: full().
  double entry_floor() const {
    const double t = threshold();
    return t - 1e-9 * t;
  }
  // Whether a document whose score is at most bound surely cannot enter.
  bool cannot_enter(double bound) const { return full() && bound < entry_floor(); }
  void push(ScoredDoc d) {
    if (k_ == 0) return;
    if (heap_.size() < k_) {
      heap_.push_back(d);
      std::push_heap(heap_.begin(), heap_.end(), RanksBefore{});
    } else if (ranks_before(d, heap_.front())) {
      replace_worst(d);
    }
  }
  // The kept documents, best first. Leaves the collector empty.
  std::vector<ScoredDoc> take_sorted() {
    // The kept documents already form a heap: popping it in place sorts them,
    // in a few lines of code where std::sort would bring introsort's.
    std::sort_heap(heap_.begin(), heap_.end(), RanksBefore{});
    return std::move(heap_);
  }

 private:
  // d takes the worst's place and sinks to where it belongs: one pass down
  // the heap, where pop_heap then push_heap would make two.
  void replace_worst(ScoredDoc d) {
    const size_t n = heap_.size();
    size_t i = 0;
    for (;;) {
      size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && ranks_before(heap_[child], heap_[child + 1])) ++child;  // the worse child
      if (!ranks_before(d, heap_[child])) break;  // d is at least as bad as both children
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = d;
  }

  size_t k_;
  std::vector<ScoredDoc> heap_;  // heap_.front() is the worst kept
};

}  // namespace quarry::internal

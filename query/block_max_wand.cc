// Block-Max WAND dynamic pruning over a disjunction of leaves.
#include "query/block_max_wand.h"

#include <algorithm>

#include "query/leaf_vector.h"

namespace quarry::internal {
namespace {

class BlockMaxWand {
 public:
  BlockMaxWand(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded, DocId base, TopK& top)
      : excluded_(excluded), base_(base), top_(top), parts_(leaves.size(), 0.0), block_bounds_(leaves.size(), 0.0) {
    for (size_t i = 0; i < leaves.size(); ++i) {
      by_doc_.push_back({leaves[i].it, i});
      total_bound_ += leaves[i].it->max_score();
    }
    std::sort(by_doc_.begin(), by_doc_.end(), [](const Slot& a, const Slot& b) { return a.it->doc() < b.it->doc(); });
  }

  uint64_t run() {
    if (top_.full()) raise_thresholds();  // filled by an earlier pass: the leaves may skip from the start
    const size_t n = by_doc_.size();
    uint64_t scored = 0;
    for (;;) {
      // The pivot: the first leaf, in document order, at which the maximum
      // scores summed so far could lift a document into the top k. No
      // document before its document can enter: only the leaves before it
      // may hold one.
      size_t p = n;
      double reach = 0;
      for (size_t i = 0; i < n && by_doc_[i].it->doc() != kNoMoreDocs; ++i) {
        reach += by_doc_[i].it->max_score();
        if (!top_.cannot_enter(reach)) {
          p = i;
          break;
        }
      }
      if (p == n) break;
      const DocId pivot = by_doc_[p].it->doc();
      while (p + 1 < n && by_doc_[p + 1].it->doc() == pivot) ++p;  // every leaf on the pivot takes part
      double block_bound = 0;
      DocId covered = kNoMoreDocs - 1;
      for (size_t i = 0; i <= p; ++i) {
        DocId through;
        block_bound += block_bounds_[i] = by_doc_[i].it->bound_at(pivot, through);
        covered = std::min(covered, through);
      }
      if (top_.cannot_enter(block_bound)) {
        skip_blocks(p, pivot, covered);
      } else if (by_doc_[0].it->doc() == pivot) {
        scored += score_pivot(p, pivot, block_bound);
      } else {
        // Leaves behind the pivot move to it (what they skip cannot enter).
        for (size_t i = 0; i < p && by_doc_[i].it->doc() < pivot; ++i) by_doc_[i].it->advance(pivot);
        sort_front(p + 1);
      }
    }
    return scored;
  }

 private:
  struct Slot {
    LeafIterator* it;
    size_t clause;  // position among the caller's leaves: the order scores add up
  };

  // The blocks holding the pivot cannot lift it, nor any document through
  // covered (the end of the shortest of them), which the leaves after p do
  // not reach either: the strongest of leaves 0..p jumps past.
  void skip_blocks(size_t p, DocId pivot, DocId covered) {
    DocId target = covered + 1;
    if (p + 1 < by_doc_.size()) target = std::min(target, by_doc_[p + 1].it->doc());
    if (target <= pivot) target = pivot + 1;
    size_t strongest = p;
    for (size_t i = 0; i < p; ++i) {
      if (by_doc_[i].it->max_score() > by_doc_[strongest].it->max_score()) strongest = i;
    }
    by_doc_[strongest].it->advance(target);
    sort_front(p + 1);
  }

  // Leaves 0..p are on the pivot, and no other leaf is. Scores it unless
  // excluded or its exact scores, leaf by leaf in place of their block
  // bounds, prove it cannot enter; then moves those leaves on. Returns 1 if
  // scored to the end.
  uint64_t score_pivot(size_t p, DocId pivot, double block_bound) {
    uint64_t scored = 0;
    if (!any_matches(excluded_, pivot)) {
      double bound = block_bound;
      size_t i = 0;
      for (; i <= p; ++i) {
        const double s = by_doc_[i].it->score();
        parts_[by_doc_[i].clause] = s;
        bound += s - block_bounds_[i];
        if (top_.cannot_enter(bound)) break;
      }
      if (i > p) {
        collect(pivot);
        scored = 1;
      }
      std::fill(parts_.begin(), parts_.end(), 0.0);
    }
    for (size_t j = 0; j <= p; ++j) by_doc_[j].it->next();
    sort_front(p + 1);
    return scored;
  }

  // Sums the parts in clause order, like the exhaustive disjunction.
  void collect(DocId doc) {
    double score = 0;
    for (const double part : parts_) score += part;
    const double before = top_.threshold();
    top_.push({score, base_ + doc});
    if (top_.full() && top_.threshold() != before) raise_thresholds();
  }

  // A leaf's block matters only if its bound plus every other leaf's maximum
  // reaches the threshold: each leaf skips the blocks that cannot.
  void raise_thresholds() {
    const double floor = top_.entry_floor();
    for (const Slot& s : by_doc_) s.it->set_min_competitive(floor - (total_bound_ - s.it->max_score()));
  }

  // Restores document order after the first m leaves moved forward (the rest
  // are still in order): each moved leaf sinks to its place.
  void sort_front(size_t m) {
    for (size_t i = m; i-- > 0;) {
      for (size_t j = i; j + 1 < by_doc_.size() && by_doc_[j + 1].it->doc() < by_doc_[j].it->doc(); ++j) {
        std::swap(by_doc_[j], by_doc_[j + 1]);
      }
    }
  }

  std::span<DocIterator* const> excluded_;
  DocId base_;
  TopK& top_;
  LeafVector<Slot> by_doc_;         // the leaves by current document
  LeafVector<double> parts_;        // this document's score per leaf, by clause
  LeafVector<double> block_bounds_;  // per position in by_doc_: the bound at the pivot
  double total_bound_ = 0;
};

}  // namespace

uint64_t block_max_wand_top_k(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded,
                              DocId base, TopK& top) {
  return BlockMaxWand(leaves, excluded, base, top).run();
}

}  // namespace quarry::internal

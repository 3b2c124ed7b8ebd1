// MaxScore dynamic pruning over scoring leaves.
#include "query/maxscore.h"

#include <algorithm>

namespace quarry {
namespace {

// Bounds are sums in a different order than scores: allow for rounding so
// pruning never drops a document that could tie or win.
inline bool cannot_enter(double bound, const TopK& top) {
  return top.full() && bound < top.threshold() - 1e-9 * top.threshold();
}

}  // namespace

uint64_t maxscore_top_k(std::vector<LeafIterator*> leaves, const std::vector<DocIterator*>& excluded, DocId base,
                        TopK& top) {
  // Scores are summed in the callers' leaf order, so they equal exhaustive
  // evaluation bit for bit; iteration goes by ascending bound.
  const size_t n = leaves.size();
  std::vector<size_t> slot(n);
  for (size_t i = 0; i < n; ++i) slot[i] = i;
  std::sort(slot.begin(), slot.end(),
            [&](size_t a, size_t b) { return leaves[a]->max_score() < leaves[b]->max_score(); });
  std::vector<LeafIterator*> by_bound(n);
  for (size_t i = 0; i < n; ++i) by_bound[i] = leaves[slot[i]];
  std::vector<double> scratch(2 * n, 0.0);  // one allocation per query and segment
  double* parts = scratch.data();           // this document's score per leaf, in caller order
  double* upto = parts + n;                 // upto[i]: sum of max scores of by_bound[0..i]
  auto exact_sum = [&] {
    double s = 0;
    for (size_t i = 0; i < n; ++i) {
      s += parts[i];
      parts[i] = 0;
    }
    return s;
  };
  double sum = 0;
  for (size_t i = 0; i < n; ++i) upto[i] = sum += by_bound[i]->max_score();
  size_t essential = 0;  // leaves[essential..n) drive the iteration
  uint64_t scored = 0;
  for (;;) {
    while (essential < n && cannot_enter(upto[essential], top)) ++essential;
    if (essential == n) break;
    DocId doc = kNoMoreDocs;
    for (size_t i = essential; i < n; ++i) doc = std::min(doc, by_bound[i]->doc());
    if (doc == kNoMoreDocs) break;
    bool skip = false;
    for (DocIterator* e : excluded) {
      if (e->doc() < doc) e->advance(doc);
      if (e->doc() == doc) skip = true;
    }
    double score = 0;
    for (size_t i = essential; i < n; ++i) {
      if (by_bound[i]->doc() == doc) {
        if (!skip) {
          const double part = by_bound[i]->score();
          parts[slot[i]] = part;
          score += part;
        }
        by_bound[i]->next();
      }
    }
    if (skip) continue;
    bool dropped = false;
    for (size_t i = essential; i-- > 0;) {
      if (cannot_enter(score + upto[i], top)) {
        dropped = true;
        break;
      }
      if (by_bound[i]->doc() < doc) by_bound[i]->advance(doc);
      if (by_bound[i]->doc() == doc) {
        const double part = by_bound[i]->score();
        parts[slot[i]] = part;
        score += part;
      }
    }
    ++scored;
    const double exact = exact_sum();
    if (dropped) continue;
    const double before = top.threshold();
    top.push({exact, base + doc});
    if (top.full() && top.threshold() != before) {
      // A leaf's block can matter only if its bound, plus every other leaf's
      // maximum, reaches the threshold: let each skip the blocks that cannot.
      const double theta = top.threshold();
      for (LeafIterator* leaf : by_bound) {
        leaf->set_min_competitive(theta - (sum - leaf->max_score()) - 1e-9 * theta);
      }
    }
  }
  return scored;
}

}  // namespace quarry

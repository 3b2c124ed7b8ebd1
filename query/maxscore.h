// Top-k by MaxScore (Turtle & Flood, 1995) with block-max skipping, over a
// boolean query of leaves: required leaves (all must match), optional leaves
// (add to the score) and excluded iterators. Optional leaves whose summed
// bounds cannot lift a document into the top k are only probed, never
// iterated; every leaf skips blocks that cannot reach the threshold. Exact:
// the result equals exhaustive evaluation, ties and rounding included.
#pragma once

#include <span>

#include "query/doc_iterator.h"
#include "query/top_k.h"

namespace quarry::internal {

struct ScoringLeaf {
  LeafIterator* it;
  bool required;
  // Must match, but its score adds up with the optional leaves': an optional
  // clause turned into a filter (see Searcher's seeding pass).
  bool sums_as_optional = false;
};

// Adds to top every document that matches all required leaves (or, with none
// required, any optional leaf) and no excluded iterator and can rank in the
// top k. Scores add up like the exhaustive iterators: required leaves in the
// given order, plus optional leaves in the given order. base is added to doc
// ids. Returns the number of candidate documents scored.
uint64_t maxscore_top_k(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded, DocId base,
                        TopK& top);

}  // namespace quarry::internal

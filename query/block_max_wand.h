// Top-k by Block-Max WAND (Ding & Suel, 2011) over a disjunction of leaves:
// the leaves, ordered by their current documents, are summed by maximum score
// up to the first (the pivot) that could lift a document into the top k; the
// pivot's document is scored only if the blocks holding it also could, and
// otherwise the leaves jump past those blocks. Exact: the result equals
// exhaustive evaluation, ties and rounding included. MaxScore (maxscore.h) is
// the other strategy; Searcher chooses between them (SearchOptions::pruning).
#pragma once

#include <span>

#include "query/maxscore.h"

namespace quarry::internal {

// Adds to top every document that matches one of the leaves (all optional)
// and no excluded iterator and can rank in the top k; scores add up in the
// leaves' given order. base is added to doc ids. Returns the number of
// documents scored. REQUIRES: no leaf required.
uint64_t block_max_wand_top_k(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded,
                              DocId base, TopK& top);

}  // namespace quarry::internal

// Top-k of a disjunction by MaxScore (Turtle & Flood, 1995): leaves whose
// summed score bounds cannot lift a document into the top k are only probed
// for documents found through the others, never iterated. Exact: the result
// equals exhaustive evaluation, ties included.
#pragma once

#include <vector>

#include "query/doc_iterator.h"
#include "query/top_k.h"

namespace quarry {

// Adds to top every document matching any leaf and no excluded iterator,
// scored as the sum of its matching leaves, that can rank in the top k.
// base is added to doc ids. Returns the number of candidate documents scored.
uint64_t maxscore_top_k(std::vector<LeafIterator*> leaves, const std::vector<DocIterator*>& excluded, DocId base,
                        TopK& top);

}  // namespace quarry

// Top-k of terms that must all match, driven a block at a time by the rarest
// term: blocks and documents of the rarest term that cannot reach the k-th
// score even with every other term's maximum are skipped before the other
// terms move. No virtual call per posting. Exact, like maxscore_top_k.
#pragma once

#include <span>

#include "query/doc_iterator.h"
#include "query/top_k.h"

namespace quarry::internal {

// terms in clause order (scores add up in that order, as exhaustive
// evaluation does); documents any excluded iterator matches are left out.
// Returns the number of documents scored. REQUIRES: terms.size() >= 2.
uint64_t conjunction_top_k(std::span<TermIterator* const> terms, std::span<DocIterator* const> excluded, DocId base,
                           TopK& top);

}  // namespace quarry::internal

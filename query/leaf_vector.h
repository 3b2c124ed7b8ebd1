// Per-query vectors of leaves, clauses and their dictionary entries. A query
// has a handful of each, so they live inline: no heap allocation per query
// for the common sizes (a rare-term query used to make 16, a tenth of its
// instructions), and the heap past them.
#pragma once

#include <boost/container/small_vector.hpp>

namespace quarry::internal {

inline constexpr size_t kInlineLeaves = 4;

template <class T, size_t N = kInlineLeaves>
using LeafVector = boost::container::small_vector<T, N>;

}  // namespace quarry::internal

// Per-query vectors of leaves and clauses (MaxScore's, the conjunction's, the
// flat plan's, a phrase's). A query has a handful of each, so they live
// inline, with the heap only past kInlineLeaves: `a b c` ran 5 % fewer
// instructions. (Not for anything a query moves: inline elements are copied.)
#pragma once

#include <boost/container/small_vector.hpp>

namespace quarry::internal {

inline constexpr size_t kInlineLeaves = 4;

template <class T, size_t N = kInlineLeaves>
using LeafVector = boost::container::small_vector<T, N>;

}  // namespace quarry::internal

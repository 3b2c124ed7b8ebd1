// Binary search over an index range, for arrays read through accessors (skip
// entries, dictionary block heads) rather than iterators. (std::ranges over
// iota views would do, but clang 14 cannot compile libstdc++ 12's ranges.)
#pragma once

namespace quarry::internal {

// The first i in [lo, hi) with !pred(i), where pred holds on a prefix of the
// range and fails on the rest; hi when it holds everywhere.
template <class Index, class Pred>
Index partition_point_index(Index lo, Index hi, Pred&& pred) {
  while (lo < hi) {
    const Index mid = lo + (hi - lo) / 2;
    if (pred(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace quarry::internal

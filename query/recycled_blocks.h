// A per-thread cache of freed blocks of one size, for objects a query opens and
// drops by the dozen: a term iterator carries its cursor's block buffers
// (over 1 KB), and blocks that large take malloc's slow path, a few hundred
// instructions for each allocation and free; a rare term's whole query is
// about ten thousand.
#pragma once

#include <cstddef>
#include <new>

namespace quarry::internal {

template <size_t Size, size_t Slots = 8>
class RecycledBlocks {
 public:
  static void* take() {
#ifndef QUARRY_NO_RECYCLING
    Cache& c = cache();
    if (c.count > 0) return c.slots[--c.count];
#endif
    return ::operator new(Size);
  }
  static void give(void* p) noexcept {
#ifndef QUARRY_NO_RECYCLING
    Cache& c = cache();
    if (c.count < Slots) {
      c.slots[c.count++] = p;
      return;
    }
#endif
    ::operator delete(p);  // unsized: clang 14 does not declare the sized form by default
  }

 private:
  struct Cache {
    void* slots[Slots];
    size_t count = 0;
    ~Cache() {
      while (count > 0) ::operator delete(slots[--count]);
    }
  };
  static Cache& cache() {
    thread_local Cache c;
    return c;
  }
};

}  // namespace quarry::internal

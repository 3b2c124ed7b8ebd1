// The ids two decoded runs of postings share: a rarer list's block against a
// window of another's, in one tight loop. Conjunctions find their candidates
// this way before scoring any of them, and phrases the documents holding
// their two rarest words. Alone it runs even with a bare advance per id
// (BM_Intersection, leapfrog against by_window); what it saves is the work
// that went with each probe: conjunction_top_k bounded every lead document by
// its length before probing, and both kept a probe object per cursor
// (docs/performance.md, "Eleventh session").
#pragma once

#include <cstdint>

#include "index/posting_reader.h"

namespace quarry::internal {

struct IdMatch {
  uint32_t a;  // index of the shared id in a
  uint32_t b;  // and in b
};

// The ids of ascending a[0, na) found in ascending b[0, nb), as index pairs
// in ascending order, written to out (room for na entries); returns their
// count. consumed: how many of a's ids are at most b's last, the prefix of a
// this window answers (the rest lie beyond it). REQUIRES: nb >= 1.
inline uint32_t intersect_ids(const uint32_t* a, uint32_t na, const uint32_t* b, uint32_t nb, IdMatch* out,
                              uint32_t& consumed) {
  const uint32_t b_last = b[nb - 1];
  uint32_t found = 0, at = 0, i = 0;
  for (; i < na; ++i) {
    const uint32_t id = a[i];
    if (id > b_last) break;
    if (b[at] < id) at = first_at_least(b, at, nb, id);  // stops inside b: b_last >= id
    out[found] = {i, at};
    found += b[at] == id ? 1 : 0;
  }
  consumed = i;
  return found;
}

// The first id of ascending a[0, na) also in ascending b[0, nb): true, with
// its indexes in ia and ib. Otherwise false, with ia the number of a's ids at
// most b's last (none of them shared). REQUIRES: nb >= 1.
inline bool first_shared_id(const uint32_t* a, uint32_t na, const uint32_t* b, uint32_t nb, uint32_t& ia,
                            uint32_t& ib) {
  const uint32_t b_last = b[nb - 1];
  uint32_t at = 0, i = 0;
  for (; i < na; ++i) {
    const uint32_t id = a[i];
    if (id > b_last) break;
    if (b[at] < id) at = first_at_least(b, at, nb, id);  // stops inside b: b_last >= id
    if (b[at] == id) {
      ia = i;
      ib = at;
      return true;
    }
  }
  ia = i;
  return false;
}

}  // namespace quarry::internal

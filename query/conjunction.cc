// Block-at-a-time conjunction of terms for top-k.
#include "query/conjunction.h"

#include <algorithm>

#include "query/id_intersection.h"
#include "query/leaf_vector.h"

namespace quarry::internal {

uint64_t conjunction_top_k(std::span<TermIterator* const> terms, std::span<DocIterator* const> excluded, DocId base,
                           TopK& top) {
  const size_t n = terms.size();
  size_t lead_at = 0;
  for (size_t i = 1; i < n; ++i) {
    if (terms[i]->cost() < terms[lead_at]->cost()) lead_at = i;
  }
  TermIterator& lead = *terms[lead_at];
  LeafVector<TermIterator*> others;  // rarest first: the likeliest to reject a document
  double others_bound = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i == lead_at) continue;
    others.push_back(terms[i]);
    others_bound += terms[i]->max_score();
  }
  std::sort(others.begin(), others.end(), [](TermIterator* a, TermIterator* b) { return a->cost() < b->cost(); });
  if (others.empty()) return 0;  // REQUIRES: two terms or more (checked for the compiler's sake)
  PostingCursor& cursor = lead.postings();
  uint64_t scored = 0;
  // The rarest other term, the partner, is intersected with each lead block
  // a window of its ids at a time (intersect_ids); only the shared documents
  // are then bounded, probed in the remaining terms and scored. Its cursor is
  // moved directly; its iterator's doc() follows (sync_to_cursor).
  TermIterator& partner = *others[0];
  PostingCursor& partner_cursor = partner.postings();
  const auto rest = std::span(others).subspan(1);
  IdMatch matches[kBlockSize];
  while (cursor.doc() != kNoMoreDocs) {
    partner.sync_to_cursor();  // its doc() bounds what it can add below
    if (top.full()) {
      const double theta = top.entry_floor();
      cursor.skip_blocks_until([&](const SkipEntry& e) { return lead.scorer().bound(e) + others_bound >= theta; });
      if (cursor.doc() == kNoMoreDocs) break;
    }
    // What the other terms can add in this block's range, from their skip
    // entries: often far below their maxima.
    double others_here = others_bound;
    if (top.full()) {
      const DocId last = cursor.block_last_doc();
      others_here = 0;
      for (TermIterator* o : others) {
        others_here += o->bound_between(o->doc(), last);
      }
      if (lead.scorer().bound(cursor.block_entry()) + others_here < top.entry_floor()) {
        cursor.next_block();
        continue;
      }
    }
    const auto docs = cursor.rest_of_block_docs();
    const auto freqs = cursor.rest_of_block_freqs();
    lead.verify_block(docs);  // the lead's lengths below are read unchecked
    // Lead document j, which the partner (landed on it) also holds: false
    // once nothing further can match every term.
    const auto consider = [&](uint32_t j) __attribute__((always_inline)) {
      const DocId doc = docs[j];
      if (top.full()) {  // the lead's score alone must reach what the others cannot add
        const double need = top.entry_floor() - others_here;
        if (need > 0 && lead.score_below(freqs[j], doc, need)) return true;
      }
      for (TermIterator* o : rest) {
        if (o->doc() < doc) o->advance(doc);
        if (o->doc() != doc) return o->doc() != kNoMoreDocs;
      }
      if (any_matches(excluded, doc)) return true;
      double score = 0;  // in clause order, as ConjunctionIterator adds
      for (size_t i = 0; i < n; ++i) score += i == lead_at ? lead.score_of(freqs[j], doc) : terms[i]->score();
      top.push({score, base + doc});
      ++scored;
      return true;
    };
    const uint32_t n_docs = static_cast<uint32_t>(docs.size());
    for (uint32_t i = 0; i < n_docs;) {
      if (partner_cursor.doc() < docs[i]) {
        // Moving the partner on may decode a block: with a full top k, first
        // whether the lead's own score reaches what the others leave to reach.
        if (top.full()) {
          const double need = top.entry_floor() - others_here;
          if (need > 0 && lead.score_below(freqs[i], docs[i], need)) {
            ++i;
            continue;
          }
        }
        partner_cursor.advance(docs[i]);
      }
      if (partner_cursor.doc() == kNoMoreDocs) return scored;  // nothing further can match every term
      if (partner_cursor.in_dense_block()) {  // a bitmap answers one id with a few bit operations
        if (partner_cursor.doc() == docs[i]) {
          partner.sync_to_cursor();
          if (!consider(i)) return scored;
        }
        ++i;
        continue;
      }
      // partner_cursor.doc() >= docs[i]: its window answers at least docs[i].
      const auto window = partner_cursor.rest_of_block_docs();
      uint32_t consumed = 0;
      const uint32_t found = intersect_ids(docs.data() + i, n_docs - i, window.data(),
                                           static_cast<uint32_t>(window.size()), matches, consumed);
      uint32_t landed = 0;
      for (uint32_t m = 0; m < found; ++m) {
        partner_cursor.skip_in_block(matches[m].b - landed);
        landed = matches[m].b;
        partner.sync_to_cursor();
        if (!consider(i + matches[m].a)) return scored;
      }
      i += consumed;  // docs[i] now lies beyond the window: the next advance leaves its block
    }
    cursor.next_block();
  }
  return scored;
}

}  // namespace quarry::internal

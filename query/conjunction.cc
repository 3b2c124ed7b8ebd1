// Block-at-a-time conjunction of terms for top-k.
#include "query/conjunction.h"

#include <algorithm>
#include <optional>

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
  PostingCursor& cursor = lead.postings();
  uint64_t scored = 0;
  // The rarest other term is probed by windows (WindowedProbe), not by an
  // advance per lead document; its iterator's doc() follows where it lands.
  // (Its min_competitive is never set here: advancing its cursor directly
  // skips nothing TermIterator::advance would not.)
  TermIterator* const partner = others.empty() ? nullptr : others[0];
  std::optional<WindowedProbe> partner_probe;
  if (partner) partner_probe.emplace(partner->postings());
  const auto land_partner = [&] {
    partner_probe->land();
    partner->sync_to_cursor();
  };
  while (cursor.doc() != kNoMoreDocs) {
    if (partner) land_partner();  // its doc() bounds what it can add below
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
    // A full top k reads every lead document's length to bound it: asked for
    // together, a large index's scattered lengths arrive overlapped.
    if (top.full()) lead.prefetch_lengths(docs);
    for (size_t j = 0; j < docs.size(); ++j) {
      const DocId doc = docs[j];
      if (top.full()) {  // the lead's score alone must reach what the others cannot add
        const double need = top.entry_floor() - others_here;
        if (need > 0 && lead.score_below(freqs[j], doc, need)) continue;
      }
      if (partner) {
        const DocId found = partner_probe->probe(doc);
        if (found == kNoMoreDocs) return scored;  // nothing further can match every term
        if (found != doc) continue;
        land_partner();
      }
      bool all = true;
      for (TermIterator* o : std::span(others).subspan(partner ? 1 : 0)) {
        if (o->doc() < doc) o->advance(doc);
        if (o->doc() != doc) {
          if (o->doc() == kNoMoreDocs) return scored;  // nothing further can match every term
          all = false;
          break;
        }
      }
      if (!all || any_matches(excluded, doc)) continue;
      double score = 0;  // in clause order, as ConjunctionIterator adds
      for (size_t i = 0; i < n; ++i) score += i == lead_at ? lead.score_of(freqs[j], doc) : terms[i]->score();
      top.push({score, base + doc});
      ++scored;
    }
    cursor.next_block();
  }
  return scored;
}

}  // namespace quarry::internal

// Term and phrase iterators: postings, phrase position matching, BM25.
#include <algorithm>
#include <limits>

#include "query/doc_iterator.h"
#include "query/id_intersection.h"

namespace quarry::internal {

bool LeafIterator::explain(DocId doc, LeafExplanation& out) {
  if (doc_ < doc) advance(doc);
  if (doc_ != doc) return false;
  out.query = to_string(node_);
  out.tf = freq();
  out.dl = lengths_.length(field_, doc);
  out.avgdl = avgdl_;
  out.idf = scorer_.idf();
  out.score = score();
  return true;
}

TermIterator::TermIterator(const QueryNode& node, const DocLengthsReader& lengths, Bm25Scorer scorer, double avgdl)
    : LeafIterator(node, lengths, scorer, avgdl) {}

Status TermIterator::open(const MappedFile& postings, const MappedFile& positions, const TermInfo& info,
                          uint32_t doc_count) {
  Status s = cursor_.reset(postings, positions, info, doc_count);
  doc_ = cursor_.doc();
  max_score_ = scorer_.score(cursor_.max_tf(), cursor_.min_len());
  return s;
}

void TermIterator::next() {
  cursor_.next();
  skip_noncompetitive();
  doc_ = cursor_.doc();
}

void TermIterator::advance(DocId target) {
  cursor_.advance(target);
  skip_noncompetitive();
  doc_ = cursor_.doc();
}

void TermIterator::skip_noncompetitive() {
  if (min_competitive_ <= 0 || cursor_.doc() == kNoMoreDocs) return;
  if (cursor_.block_index() == checked_block_ && checked_for_ == min_competitive_) return;
  cursor_.skip_blocks_until([&](const SkipEntry& e) { return scorer_.bound(e) >= min_competitive_; });
  checked_block_ = cursor_.block_index();
  checked_for_ = min_competitive_;
}

uint64_t TermIterator::collect_top_k(DocId base, TopK& top, std::span<DocIterator* const> excluded,
                                     std::span<LeafIterator* const> optional) {
  double optional_bound = 0;
  for (const LeafIterator* o : optional) optional_bound += o->max_score();
  uint64_t scored = 0;
  // Documents without an optional leaf cannot enter once the term alone
  // cannot (nor any document, with none): after a seeding pass this often
  // ends the term before its skip entries are read.
  const auto term_alone_cannot = [&] { return top.cannot_enter(max_score_); };
  for_each_competitive(top, optional_bound, term_alone_cannot, [&](DocId doc, double score) {
    if (!optional.empty()) {  // summed like ReqOptIterator: required + (optional in clause order)
      double extra = 0;
      for (LeafIterator* o : optional) {
        if (o->doc() < doc) o->advance(doc);
        if (o->doc() == doc) extra += o->score();
      }
      score += extra;
      if (top.full() && score < top.threshold()) return;
    }
    if (!any_matches(excluded, doc)) {
      top.push({score, base + doc});
      ++scored;
    }
  });
  return scored;
}

PhraseIterator::PhraseIterator(std::vector<PostingCursor> cursors, LeafVector<uint32_t> offsets,
                               const QueryNode& node, const DocLengthsReader& lengths, Bm25Scorer scorer,
                               double avgdl)
    : LeafIterator(node, lengths, scorer, avgdl),
      cursors_(std::move(cursors)),
      offsets_(std::move(offsets)),
      window_blocks_(cursors_.size(), 0) {
  for (size_t i = 0; i < cursors_.size(); ++i) by_rarity_.push_back(i);
  std::stable_sort(by_rarity_.begin(), by_rarity_.end(),
                   [&](size_t a, size_t b) { return cursors_[a].df() < cursors_[b].df(); });
  // A phrase occurs at most as often as its rarest-in-document word, in documents at least as long as any word's shortest.
  uint32_t max_tf = UINT32_MAX, min_len = 0;
  for (const auto& c : cursors_) {
    max_tf = std::min(max_tf, c.max_tf());
    min_len = std::max(min_len, c.min_len());
  }
  max_score_ = scorer_.score(max_tf, min_len);
  find_match(0);
}

uint64_t PhraseIterator::cost() const { return cursors_[by_rarity_[0]].df(); }

Status PhraseIterator::error() const {
  for (const auto& c : cursors_) {
    if (!c.error().is_ok()) return c.error();
  }
  return Status::ok();
}

DocId PhraseIterator::block_end() const {
  if (doc_ == kNoMoreDocs) return kNoMoreDocs;
  DocId end = kNoMoreDocs - 1;
  for (const auto& c : cursors_) end = std::min(end, c.block_last_doc());
  return end;
}

double PhraseIterator::bound_between(DocId first, DocId last) {
  double bound = max_score_;
  for (size_t i = 0; i < cursors_.size(); ++i) {
    bound = std::min(bound, cursors_[i].max_bound_between(first, last, window_blocks_[i],
                                                          [&](const SkipEntry& e) { return scorer_.bound(e); }));
  }
  return bound;
}

// The phrase occurs at most as often as each word: the smallest of the
// words' block bounds, over the shortest of their blocks.
double PhraseIterator::bound_at(DocId target, DocId& covered_through) {
  double bound = max_score_;
  covered_through = kNoMoreDocs - 1;
  for (size_t i = 0; i < cursors_.size(); ++i) {
    DocId last;
    bound = std::min(bound, cursors_[i].bound_at(target, window_blocks_[i], last,
                                                 [&](const SkipEntry& e) { return scorer_.bound(e); }));
    covered_through = std::min(covered_through, last);
  }
  return bound;
}

void PhraseIterator::next() { find_match(doc_ + 1); }
void PhraseIterator::advance(DocId target) { find_match(target); }

// The first document from a's current one on that both cursors contain, both
// then on it (kNoMoreDocs if none; a is the rarer): a's decoded ids against
// b's, a window at a time (first_shared_id); a cursor in a dense block, whose
// bitmap answers an id in a few bit operations, is advanced instead.
DocId PhraseIterator::align_two(PostingCursor& a, PostingCursor& b) {
  while (a.doc() != kNoMoreDocs) {
    if (b.doc() < a.doc()) b.advance(a.doc());
    if (b.doc() == kNoMoreDocs) break;
    if (b.doc() == a.doc()) return a.doc();
    if (a.in_dense_block() || b.in_dense_block()) {
      a.advance(b.doc());
      continue;
    }
    const auto wa = a.rest_of_block_docs();
    const auto wb = b.rest_of_block_docs();
    uint32_t ia = 0, ib = 0;
    if (first_shared_id(wa.data(), static_cast<uint32_t>(wa.size()), wb.data(), static_cast<uint32_t>(wb.size()), ia,
                        ib)) {
      a.skip_in_block(ia);
      b.skip_in_block(ib);
      return a.doc();
    }
    // None of a's ids up to b's last is shared: a moves past them.
    if (ia < wa.size()) {
      a.skip_in_block(ia);
    } else {
      a.next_block();
    }
  }
  return kNoMoreDocs;
}

// Whether the phrase may still reach min_competitive_ in candidate, bounded by
// its first m words by rarity (all on candidate): in any document the phrase
// occurs at most as often as each of its words, so the smallest of their block
// bounds, then of their tfs with this document's length, bounds it. If not,
// sets target past what cannot compete (kNoMoreDocs: nothing further can).
bool PhraseIterator::may_compete(size_t m, DocId candidate, DocId& target) {
  if (min_competitive_ <= 0) return true;
  double bound = std::numeric_limits<double>::infinity();
  DocId block_end = kNoMoreDocs;
  uint32_t doc_tf = UINT32_MAX;
  for (size_t k = 0; k < m; ++k) {
    PostingCursor& c = cursors_[by_rarity_[k]];
    bound = std::min(bound, scorer_.bound(c.block_entry()));
    block_end = std::min(block_end, c.block_last_doc());
  }
  if (bound < min_competitive_) {
    target = block_end == kNoMoreDocs - 1 ? kNoMoreDocs : block_end + 1;
    return false;
  }
  for (size_t k = 0; k < m; ++k) doc_tf = std::min(doc_tf, cursors_[by_rarity_[k]].freq());
  if (scorer_.score(doc_tf, lengths_.length(field_, candidate)) < min_competitive_) {
    target = candidate + 1;
    return false;
  }
  return true;
}

void PhraseIterator::find_match(DocId target) {
  PostingCursor& lead = cursors_[by_rarity_[0]];
  PostingCursor& second = cursors_[by_rarity_[1]];
  const size_t n = by_rarity_.size();
  for (;;) {
    lead.advance(target);
    if (min_competitive_ > 0 && lead.doc() != kNoMoreDocs) {
      // The phrase occurs in a document at most as often as its rarest list's
      // word: skip the lead's blocks, then its documents, that cannot compete,
      // before touching the other lists.
      lead.skip_blocks_until([&](const SkipEntry& e) { return scorer_.bound(e) >= min_competitive_; });
      if (lead.doc() == kNoMoreDocs) break;
      if (scorer_.score(lead.freq(), lengths_.length(field_, lead.doc())) < min_competitive_) {
        target = lead.doc() + 1;
        continue;
      }
    }
    // The two rarest words first, leapfrogged to a document both contain.
    const DocId candidate = align_two(lead, second);
    if (candidate == kNoMoreDocs) break;
    if (!may_compete(2, candidate, target)) {
      if (target == kNoMoreDocs) break;
      continue;
    }
    // Before the other words move (the frequent ones, whose blocks and
    // positions cost the most), the two rarest must stand at their phrase
    // offsets here: most documents holding all the words fail already there.
    if (!seed_starts()) {
      target = candidate + 1;
      continue;
    }
    if (n > 2) {
      DocId miss = candidate;
      for (size_t k = 2; k < n && miss == candidate; ++k) {
        PostingCursor& c = cursors_[by_rarity_[k]];
        c.advance(candidate);
        miss = c.doc();
      }
      if (miss != candidate) {
        if (miss == kNoMoreDocs) break;
        target = miss;
        continue;
      }
      if (!may_compete(n, candidate, target)) {
        if (target == kNoMoreDocs) break;
        continue;
      }
    }
    freq_ = narrow_starts(2);
    if (freq_ > 0) {
      doc_ = candidate;
      return;
    }
    target = candidate + 1;
  }
  doc_ = kNoMoreDocs;
  freq_ = 0;
}

// Positions are decoded only for a document that has the words, list by list,
// fewest occurrences first: the phrase's possible starts shrink with each
// list, and once none is left the other lists' positions are never decoded.
// seed_starts: where the phrase may start by the two rarest words' positions
// (starts_); whether anywhere.
bool PhraseIterator::seed_starts() {
  size_t a = by_rarity_[0], b = by_rarity_[1];
  if (cursors_[b].freq() < cursors_[a].freq()) std::swap(a, b);
  starts_.clear();
  for (uint32_t p : cursors_[a].positions()) {
    if (p >= offsets_[a]) starts_.push_back(p - offsets_[a]);
  }
  narrow_by(b);
  return !starts_.empty();
}

// Keeps the starts where list c's word stands at its offset.
void PhraseIterator::narrow_by(size_t c) {
  const std::span<const uint32_t> pos = cursors_[c].positions();
  size_t at = 0, kept = 0;
  for (const uint32_t start : starts_) {  // both ascending: one merge
    const uint64_t want = uint64_t{start} + offsets_[c];
    while (at < pos.size() && pos[at] < want) ++at;
    if (at < pos.size() && pos[at] == want) starts_[kept++] = start;
  }
  starts_.resize(kept);
}

// The phrase's occurrences: starts_ narrowed by the lists after the first
// `done` by rarity, fewest occurrences in this document first.
uint32_t PhraseIterator::narrow_starts(size_t done) {
  order_.clear();
  for (size_t k = done; k < by_rarity_.size(); ++k) order_.push_back(by_rarity_[k]);
  std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) { return cursors_[a].freq() < cursors_[b].freq(); });
  for (size_t k = 0; k < order_.size() && !starts_.empty(); ++k) narrow_by(order_[k]);
  return static_cast<uint32_t>(starts_.size());
}

}  // namespace quarry::internal

// Document-at-a-time iterators that match and score a query tree in one
// segment. Leaves (terms, phrases) read postings; inner nodes combine them.
#pragma once

#include <algorithm>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "index/posting_reader.h"
#include "index/doc_lengths.h"
#include "query/bm25.h"
#include "query/leaf_vector.h"
#include "query/query.h"
#include "query/top_k.h"

namespace quarry::internal {

// One leaf's contribution to a document's score, for --explain.
struct LeafExplanation {
  std::string query;  // e.g. body:nuclear or title:"south china sea"
  uint32_t tf = 0, dl = 0;
  double avgdl = 0, idf = 0, score = 0;
};

class DocIterator {
 public:
  virtual ~DocIterator() = default;
  DocId doc() const { return doc_; }  // kNoMoreDocs when exhausted
  virtual void next() = 0;
  // Moves to the first match >= target. REQUIRES: target > doc().
  virtual void advance(DocId target) = 0;
  // Score of the current document. REQUIRES: doc() != kNoMoreDocs.
  virtual double score() = 0;
  // Estimated number of matches, to order conjunctions cheapest first.
  virtual uint64_t cost() const = 0;
  // Corruption met while reading postings (the iterator then ends early).
  virtual Status error() const { return Status::ok(); }

 protected:
  DocId doc_ = kNoMoreDocs;
};

// A leaf: a term or phrase in one field, scored as one BM25 pseudo-term.
class LeafIterator : public DocIterator {
 public:
  // node: the term or phrase (outlives the iterator), named in explanations.
  LeafIterator(const QueryNode& node, const DocLengthsReader& lengths, Bm25Scorer scorer, double avgdl)
      : node_(node), field_(node.field), lengths_(lengths), scorer_(scorer), avgdl_(avgdl) {}
  double score() override { return scorer_.score(freq(), lengths_.length(field_, doc_)); }
  // Frequency of the term or phrase in the current document.
  virtual uint32_t freq() = 0;
  // Advances to doc and explains its contribution; false when doc does not match.
  bool explain(DocId doc, LeafExplanation& out);
  // An upper bound of score() over every document of the segment.
  double max_score() const { return max_score_; }
  // From now on the iterator may skip documents whose score is surely below
  // score (block-max pruning). REQUIRES: score never decreases between calls.
  void set_min_competitive(double score) { min_competitive_ = score; }
  // Block-max data for skipping windows of documents: the last document of
  // the current block (kNoMoreDocs when exhausted), and an upper bound of the
  // score of every match from first through last (first never decreasing
  // from call to call). The defaults know no blocks.
  virtual DocId block_end() const { return doc_ == kNoMoreDocs ? kNoMoreDocs : kNoMoreDocs - 1; }
  virtual double bound_between(DocId /*first*/, DocId /*last*/) { return max_score_; }
  // Block-max WAND's question: an upper bound of the score of a match at
  // target, from block-max data alone (the iterator unmoved), and in
  // covered_through the last document the same bound holds for (target never
  // decreasing from call to call). The default knows no blocks.
  virtual double bound_at(DocId /*target*/, DocId& covered_through) {
    covered_through = kNoMoreDocs - 1;
    return max_score_;
  }

 protected:
  const QueryNode& node_;
  Field field_;
  const DocLengthsReader& lengths_;
  Bm25Scorer scorer_;
  double avgdl_;
  double max_score_ = 0;  // set by the subclass from its postings' max tf and min length
  double min_competitive_ = 0;
};

class TermIterator final : public LeafIterator {
 public:
  TermIterator(const QueryNode& node, const DocLengthsReader& lengths, Bm25Scorer scorer, double avgdl);
  // Opens the term's postings in place and moves to its first document.
  Status open(const MappedFile& postings, const MappedFile& positions, const TermInfo& info, uint32_t doc_count);
  void next() override;
  void advance(DocId target) override;
  uint32_t freq() override { return cursor_.freq(); }
  uint64_t cost() const override { return cursor_.df(); }
  Status error() const override { return cursor_.error(); }
  DocId block_end() const override { return doc_ == kNoMoreDocs ? kNoMoreDocs : cursor_.block_last_doc(); }
  double bound_between(DocId first, DocId last) override {
    return std::min(max_score_, cursor_.max_bound_between(first, last, window_block_,
                                                          [&](const SkipEntry& e) { return scorer_.bound(e); }));
  }
  double bound_at(DocId target, DocId& covered_through) override {
    return std::min(max_score_, cursor_.bound_at(target, window_block_, covered_through,
                                                 [&](const SkipEntry& e) { return scorer_.bound(e); }));
  }

  // Top-k of this term, required, a block at a time: skips blocks whose impacts
  // cannot beat the k-th score and scores the others in a tight loop (no
  // per-posting virtual call), adding the optional leaves' scores where they
  // match and leaving out documents an excluded iterator matches. Same result
  // as iterating. With optional leaves it stops (doc() still valid) once the
  // term alone cannot reach the threshold: the optional leaves should then
  // drive (MaxScore). Returns documents scored.
  uint64_t collect_top_k(DocId base, TopK& top, std::span<DocIterator* const> excluded,
                         std::span<LeafIterator* const> optional = {});

  // The block-at-a-time loop under collect_top_k and MaxScore's last term:
  // from the current posting on, calls visit(doc, score) for every document
  // whose score plus others (what other leaves can add at most) may still
  // enter top; while top is full, blocks that cannot are skipped from their
  // skip entries alone. Stops when the term ends or stop() holds (asked
  // before each block).
  template <class Stop, class Visit>
  void for_each_competitive(const TopK& top, double others, Stop&& stop, Visit&& visit) {
    while (cursor_.doc() != kNoMoreDocs && !stop()) {
      if (top.full()) {
        const double floor = top.entry_floor();
        cursor_.skip_blocks_until([&](const SkipEntry& e) { return scorer_.bound(e) + others >= floor; });
        if (cursor_.doc() == kNoMoreDocs) break;
      }
      const auto docs = cursor_.rest_of_block_docs();
      const auto freqs = cursor_.rest_of_block_freqs();
      lengths_.verify_docs(field_, docs);
      lengths_.prefetch(field_, docs);
      for (size_t j = 0; j < docs.size(); ++j) {
        const double score = scorer_.score(freqs[j], lengths_.length_verified(field_, docs[j]));
        if (top.cannot_enter(score + others)) continue;
        visit(docs[j], score);
      }
      cursor_.next_block();
    }
    doc_ = cursor_.doc();
  }

  // For callers that drive the postings themselves (conjunction_top_k): the
  // cursor (doc() is then stale until the next advance), and the score of tf
  // in doc without moving, for documents of a block passed to verify_block.
  PostingCursor& postings() { return cursor_; }
  // After the caller moved the cursor itself: doc() is the cursor's again.
  void sync_to_cursor() { doc_ = cursor_.doc(); }
  const Bm25Scorer& scorer() const { return scorer_; }
  void verify_block(std::span<const uint32_t> docs) const { lengths_.verify_docs(field_, docs); }
  void prefetch_lengths(std::span<const uint32_t> docs) const { lengths_.prefetch(field_, docs); }
  double score_of(uint32_t tf, DocId doc) const { return scorer_.score(tf, lengths_.length_verified(field_, doc)); }
  bool score_below(uint32_t tf, DocId doc, double c) const {
    return scorer_.below(tf, lengths_.length_verified(field_, doc), c);
  }

 private:
  void skip_noncompetitive();
  PostingCursor cursor_;
  // The block last found competitive, and for which threshold: checked once per block.
  uint32_t checked_block_ = UINT32_MAX;
  uint32_t window_block_ = 0;  // where bound_between or bound_at last started
  double checked_for_ = -1;
};

// Documents where the terms occur at the given relative offsets; tf = number of occurrences.
class PhraseIterator final : public LeafIterator {
 public:
  PhraseIterator(std::vector<PostingCursor> cursors, LeafVector<uint32_t> offsets, const QueryNode& node,
                 const DocLengthsReader& lengths, Bm25Scorer scorer, double avgdl);
  void next() override;
  void advance(DocId target) override;
  uint32_t freq() override { return freq_; }
  uint64_t cost() const override;
  Status error() const override;
  // The phrase occurs at most as often as each of its lists' words.
  DocId block_end() const override;
  double bound_between(DocId first, DocId last) override;
  double bound_at(DocId target, DocId& covered_through) override;

 private:
  void find_match(DocId target);  // first doc >= target where all terms align
  static DocId align_two(PostingCursor& a, PostingCursor& b);
  bool may_compete(size_t m, DocId candidate, DocId& target);
  bool seed_starts();
  void narrow_by(size_t c);
  uint32_t narrow_starts(size_t done);
  std::vector<PostingCursor> cursors_;  // in phrase order
  LeafVector<uint32_t> offsets_;
  LeafVector<size_t> by_rarity_;       // cursor indices, rarest first
  LeafVector<uint32_t> window_blocks_;  // per cursor: where bound_between or bound_at last started
  LeafVector<size_t> order_;            // narrow_starts: cursors by this document's tf
  LeafVector<uint32_t, 32> starts_;     // where the phrase may start in doc_
  uint32_t freq_ = 0;
};

// Whether any of the iterators (exclusions) matches doc, advancing them to it.
// REQUIRES: doc never decreases from call to call.
inline bool any_matches(std::span<DocIterator* const> iterators, DocId doc) {
  bool hit = false;
  for (DocIterator* it : iterators) {
    if (it->doc() < doc) it->advance(doc);
    hit |= it->doc() == doc;
  }
  return hit;
}

// Matches nothing: a term the segment lacks.
class EmptyIterator final : public DocIterator {
 public:
  void next() override {}
  void advance(DocId) override {}
  double score() override { return 0; }
  uint64_t cost() const override { return 0; }
};

// All children match; scores add up in the children's given order.
class ConjunctionIterator final : public DocIterator {
 public:
  explicit ConjunctionIterator(std::vector<std::unique_ptr<DocIterator>> children);
  void next() override;
  void advance(DocId target) override;
  double score() override;
  uint64_t cost() const override { return by_cost_.front()->cost(); }
  Status error() const override;

 private:
  void align(DocId target);
  std::vector<std::unique_ptr<DocIterator>> children_;  // in clause order: the order scores add up
  std::vector<DocIterator*> by_cost_;                   // cheapest first: the order they are advanced
};

// Any child matches; scores of the children on the document add up.
class DisjunctionIterator final : public DocIterator {
 public:
  explicit DisjunctionIterator(std::vector<std::unique_ptr<DocIterator>> children);
  void next() override;
  void advance(DocId target) override;
  double score() override;
  uint64_t cost() const override;
  Status error() const override;

 private:
  void settle();
  std::vector<std::unique_ptr<DocIterator>> children_;
};

// Matches of required; optional adds its score where it also matches.
class ReqOptIterator final : public DocIterator {
 public:
  ReqOptIterator(std::unique_ptr<DocIterator> required, std::unique_ptr<DocIterator> optional);
  void next() override;
  void advance(DocId target) override;
  double score() override;
  uint64_t cost() const override { return required_->cost(); }
  Status error() const override;

 private:
  std::unique_ptr<DocIterator> required_, optional_;
};

// Matches of positive that no excluded iterator matches.
class ExclusionIterator final : public DocIterator {
 public:
  ExclusionIterator(std::unique_ptr<DocIterator> positive, std::vector<std::unique_ptr<DocIterator>> excluded);
  void next() override;
  void advance(DocId target) override;
  double score() override { return positive_->score(); }
  uint64_t cost() const override { return positive_->cost(); }
  Status error() const override;

 private:
  void skip_excluded();
  std::unique_ptr<DocIterator> positive_;
  std::vector<std::unique_ptr<DocIterator>> excluded_;
};

}  // namespace quarry::internal

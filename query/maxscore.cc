// MaxScore dynamic pruning with block-max skipping over scoring leaves.
#include "query/maxscore.h"

#include <algorithm>
#include <span>

#include "query/leaf_vector.h"

namespace quarry::internal {
namespace {

class MaxScore {
 public:
  MaxScore(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded, DocId base, TopK& top)
      : excluded_(excluded), base_(base), top_(top), parts_(leaves.size(), 0.0) {
    for (size_t i = 0; i < leaves.size(); ++i) {
      (leaves[i].required ? required_ : optional_).push_back({leaves[i].it, i});
      required_by_clause_.push_back(leaves[i].required && !leaves[i].sums_as_optional);
      total_bound_ += leaves[i].it->max_score();
    }
    for (bool r : required_by_clause_) (r ? has_required_sum_ : has_optional_sum_) = true;
    // Optional leaves by ascending bound; upto_[i] sums the bounds of optional_[0..i].
    std::sort(optional_.begin(), optional_.end(),
              [](const Slot& a, const Slot& b) { return a.it->max_score() < b.it->max_score(); });
    double sum = 0;
    for (const Slot& s : optional_) upto_.push_back(sum += s.it->max_score());
    if (!optional_.empty()) last_term_ = dynamic_cast<TermIterator*>(optional_.back().it);
    for (const Slot& s : required_) required_bound_ += s.it->max_score();
    std::sort(required_.begin(), required_.end(), [](const Slot& a, const Slot& b) { return a.it->cost() < b.it->cost(); });
    cost_from_.assign(optional_.size() + 1, 0);
    for (size_t i = optional_.size(); i-- > 0;) cost_from_[i] = cost_from_[i + 1] + optional_[i].it->cost();
  }

  uint64_t run() {
    if (top_.full()) raise_thresholds();  // filled by an earlier pass: the leaves may skip from the start
    return required_.empty() ? run_disjunction() : run_conjunction();
  }

 private:
  struct Slot {
    LeafIterator* it;
    size_t clause;  // position among the caller's leaves: the order scores add up
  };

  bool excluded(DocId doc) {
    return any_matches(excluded_, doc);
  }

  // Probes optional leaves from the largest bound down, while they can still matter.
  // Returns false when the document cannot enter the top k.
  bool add_optional(DocId doc, size_t below, double& score) {
    for (size_t i = below; i-- > 0;) {
      if (top_.cannot_enter(score + upto_[i])) return false;
      LeafIterator* leaf = optional_[i].it;
      if (leaf->doc() < doc) leaf->advance(doc);
      if (leaf->doc() == doc) score += parts_[optional_[i].clause] = leaf->score();
    }
    return true;
  }

  // Sums the parts like the exhaustive iterators: required, then optional, each in clause order.
  void collect(DocId doc) {
    double req = 0, opt = 0;
    for (size_t c = 0; c < parts_.size(); ++c) {
      (required_by_clause_[c] ? req : opt) += parts_[c];
      parts_[c] = 0;
    }
    const double before = top_.threshold();
    top_.push({!has_required_sum_ ? opt : (!has_optional_sum_ ? req : req + opt), base_ + doc});
    if (top_.full() && top_.threshold() != before) raise_thresholds();
  }

  // A leaf's block matters only if its bound plus every other leaf's maximum
  // reaches the threshold: let each leaf skip the blocks that cannot.
  void raise_thresholds() {
    const double floor = top_.entry_floor();
    for (const auto* group : {&required_, &optional_}) {
      for (const Slot& s : *group) s.it->set_min_competitive(floor - (total_bound_ - s.it->max_score()));
    }
  }

  // Block-max MaxScore: the documents from doc up to the end of the first
  // current block (of the leaves that drive) to end form a window. When the
  // leaves' block bounds over the window cannot lift a document into the top
  // k, the drivers jump past it without reading a posting. Returns true when
  // it skipped; otherwise remembers the window as checked.
  bool skip_window(DocId doc, std::span<const Slot> drivers) {
    if (!top_.full() || doc <= checked_through_) return false;
    DocId end = kNoMoreDocs - 1;
    for (const Slot& d : drivers) {
      const DocId block_end = d.it->block_end();
      if (block_end >= doc) end = std::min(end, block_end);  // a driver behind doc has not reached its block
    }
    double bound = 0;
    for (const auto* group : {&required_, &optional_}) {
      for (const Slot& s : *group) bound += s.it->bound_between(doc, end);
    }
    if (!top_.cannot_enter(bound)) {
      checked_through_ = end;
      return false;
    }
    for (const Slot& d : drivers) {
      if (d.it->doc() <= end) d.it->advance(end + 1);
    }
    return true;
  }

  // The optional leaves that drive: optional_[essential..).
  std::span<const Slot> essential_leaves(size_t essential) const {
    return std::span<const Slot>(optional_).subspan(essential);
  }

  uint64_t run_disjunction() {
    const size_t n = optional_.size();
    size_t essential = 0;  // optional_[essential..n) drive the iteration
    uint64_t scored = 0;
    for (;;) {
      while (essential < n && top_.cannot_enter(upto_[essential])) ++essential;
      if (essential == n) break;
      if (essential + 1 == n && last_term_) return scored + drive_one_term(*last_term_, essential);
      DocId doc = kNoMoreDocs;
      for (size_t i = essential; i < n; ++i) doc = std::min(doc, optional_[i].it->doc());
      if (doc == kNoMoreDocs) break;
      if (skip_window(doc, essential_leaves(essential))) continue;
      const bool skip = excluded(doc);
      double score = 0;
      for (size_t i = essential; i < n; ++i) {
        LeafIterator* leaf = optional_[i].it;
        if (leaf->doc() != doc) continue;
        if (!skip) score += parts_[optional_[i].clause] = leaf->score();
        leaf->next();
      }
      if (skip) continue;
      ++scored;
      if (add_optional(doc, essential, score)) {
        collect(doc);
      } else {
        std::fill(parts_.begin(), parts_.end(), 0.0);
      }
    }
    return scored;
  }

  // One essential leaf left, a term (optional_[essential], the last): only
  // its documents can still enter, for good (the threshold never falls). It
  // is scored a block at a time, like TermIterator::collect_top_k, and the
  // other leaves are probed only for documents it lifts near the threshold;
  // the parts still add up in clause order. Runs the query to its end.
  uint64_t drive_one_term(TermIterator& term, size_t essential) {
    const size_t clause = optional_[essential].clause;
    const double others = essential > 0 ? upto_[essential - 1] : 0;  // what the other leaves can add
    uint64_t scored = 0;
    const auto nothing_can_enter = [&] { return top_.cannot_enter(upto_.back()); };
    term.for_each_competitive(top_, others, nothing_can_enter, [&](DocId doc, double score) {
      if (excluded(doc)) return;
      ++scored;
      parts_[clause] = score;
      if (add_optional(doc, essential, score)) {
        collect(doc);
      } else {
        std::fill(parts_.begin(), parts_.end(), 0.0);
      }
    });
    return scored;
  }

  // Candidates match every required leaf. Once the threshold exceeds what the
  // required leaves and the weaker optional leaves can add up to, a candidate
  // must also contain one of the stronger ("essential") optional leaves, and
  // those drive the iteration instead of the required ones.
  uint64_t run_conjunction() {
    LeafIterator* lead = required_.front().it;  // the rarest required leaf
    const uint64_t lead_cost = lead->cost();
    const size_t n = optional_.size();
    size_t essential = 0;  // optional_[0..essential) need not be present
    uint64_t scored = 0;
    for (;;) {
      while (essential < n && top_.cannot_enter(required_bound_ + upto_[essential])) ++essential;
      if (top_.cannot_enter(required_bound_ + (n ? upto_[n - 1] : 0))) break;
      // Without any essential optional leaf a document scores at most required_bound_
      // (plus the non-essential bounds): when that cannot enter, they may drive
      // instead, if together they are rarer than the rarest required leaf (a
      // candidate must hold that leaf anyway; the bounds reject the others).
      // As θ rises, essential only grows, so this only ever turns false: a
      // document the required leaves drove past is never met again.
      const bool by_required =
          (essential == 0 && !top_.cannot_enter(required_bound_)) || lead_cost <= cost_from_[essential];
      DocId doc = kNoMoreDocs;
      if (by_required) {
        doc = lead->doc();
      } else {
        for (size_t i = essential; i < n; ++i) doc = std::min(doc, optional_[i].it->doc());
      }
      if (doc == kNoMoreDocs) break;
      if (skip_window(doc, by_required ? std::span<const Slot>(required_) : essential_leaves(essential))) continue;
      DocId next = doc;  // the first doc where every required leaf could match
      for (const Slot& r : required_) {
        if (r.it->doc() < doc) r.it->advance(doc);
        next = std::max(next, r.it->doc());
      }
      if (next == kNoMoreDocs) break;
      if (next != doc) {
        if (by_required) {
          lead->advance(next);
        } else {
          for (size_t i = essential; i < n; ++i) {
            if (optional_[i].it->doc() < next) optional_[i].it->advance(next);
          }
        }
        continue;
      }
      if (!excluded(doc)) {
        double score = 0;
        for (const Slot& r : required_) score += parts_[r.clause] = r.it->score();
        ++scored;
        if (add_optional(doc, n, score)) {
          collect(doc);
        } else {
          std::fill(parts_.begin(), parts_.end(), 0.0);
        }
      }
      if (by_required) {
        lead->next();
      } else {
        for (size_t i = essential; i < n; ++i) {
          if (optional_[i].it->doc() == doc) optional_[i].it->next();
        }
      }
    }
    return scored;
  }

  LeafVector<Slot> required_, optional_;
  std::span<DocIterator* const> excluded_;
  DocId base_;
  TopK& top_;
  LeafVector<double> parts_;  // this document's score per leaf, by clause
  LeafVector<uint8_t> required_by_clause_;  // not vector<bool>: read per collected document
  bool has_required_sum_ = false, has_optional_sum_ = false;  // which sums the score has
  LeafVector<double> upto_;
  LeafVector<uint64_t> cost_from_;  // cost_from_[i]: the costs of optional_[i..) summed
  TermIterator* last_term_ = nullptr;  // the optional leaf with the largest bound, if a term
  double total_bound_ = 0, required_bound_ = 0;
  DocId checked_through_ = 0;  // windows up to here passed skip_window (0: none yet)
};

}  // namespace

uint64_t maxscore_top_k(std::span<const ScoringLeaf> leaves, std::span<DocIterator* const> excluded, DocId base,
                        TopK& top) {
  return MaxScore(leaves, excluded, base, top).run();
}

}  // namespace quarry::internal

// MaxScore dynamic pruning with block-max skipping over scoring leaves.
#include "query/maxscore.h"

#include <algorithm>

namespace quarry {
namespace {

// Bounds are sums in a different order than scores: allow for rounding so
// pruning never drops a document that could tie or win.
inline bool cannot_enter(double bound, const TopK& top) {
  return top.full() && bound < top.threshold() - 1e-9 * top.threshold();
}

class MaxScore {
 public:
  MaxScore(const std::vector<ScoringLeaf>& leaves, const std::vector<DocIterator*>& excluded, DocId base, TopK& top)
      : excluded_(excluded), base_(base), top_(top), parts_(leaves.size(), 0.0) {
    for (size_t i = 0; i < leaves.size(); ++i) {
      (leaves[i].required ? required_ : optional_).push_back({leaves[i].it, i});
      total_bound_ += leaves[i].it->max_score();
    }
    // Optional leaves by ascending bound; upto_[i] sums the bounds of optional_[0..i].
    std::sort(optional_.begin(), optional_.end(),
              [](const Slot& a, const Slot& b) { return a.it->max_score() < b.it->max_score(); });
    double sum = 0;
    for (const Slot& s : optional_) upto_.push_back(sum += s.it->max_score());
    for (const Slot& s : required_) required_bound_ += s.it->max_score();
    std::sort(required_.begin(), required_.end(), [](const Slot& a, const Slot& b) { return a.it->cost() < b.it->cost(); });
  }

  uint64_t run() { return required_.empty() ? run_disjunction() : run_conjunction(); }

 private:
  struct Slot {
    LeafIterator* it;
    size_t clause;  // position among the caller's leaves: the order scores add up
  };

  bool excluded(DocId doc) {
    bool hit = false;
    for (DocIterator* e : excluded_) {
      if (e->doc() < doc) e->advance(doc);
      hit |= e->doc() == doc;
    }
    return hit;
  }

  // Probes optional leaves from the largest bound down, while they can still matter.
  // Returns false when the document cannot enter the top k.
  bool add_optional(DocId doc, size_t below, double& score) {
    for (size_t i = below; i-- > 0;) {
      if (cannot_enter(score + upto_[i], top_)) return false;
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
      (is_required(c) ? req : opt) += parts_[c];
      parts_[c] = 0;
    }
    const double before = top_.threshold();
    top_.push({required_.empty() ? opt : (optional_.empty() ? req : req + opt), base_ + doc});
    if (top_.full() && top_.threshold() != before) raise_thresholds();
  }

  bool is_required(size_t clause) const {
    for (const Slot& s : required_) {
      if (s.clause == clause) return true;
    }
    return false;
  }

  // A leaf's block matters only if its bound plus every other leaf's maximum
  // reaches the threshold: let each leaf skip the blocks that cannot.
  void raise_thresholds() {
    const double theta = top_.threshold();
    for (const auto* group : {&required_, &optional_}) {
      for (const Slot& s : *group) s.it->set_min_competitive(theta - (total_bound_ - s.it->max_score()) - 1e-9 * theta);
    }
  }

  uint64_t run_disjunction() {
    const size_t n = optional_.size();
    size_t essential = 0;  // optional_[essential..n) drive the iteration
    uint64_t scored = 0;
    for (;;) {
      while (essential < n && cannot_enter(upto_[essential], top_)) ++essential;
      if (essential == n) break;
      DocId doc = kNoMoreDocs;
      for (size_t i = essential; i < n; ++i) doc = std::min(doc, optional_[i].it->doc());
      if (doc == kNoMoreDocs) break;
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

  uint64_t run_conjunction() {
    LeafIterator* lead = required_.front().it;  // the rarest required leaf
    uint64_t scored = 0;
    for (DocId doc = lead->doc(); doc != kNoMoreDocs;) {
      bool aligned = true;
      for (size_t i = 1; i < required_.size(); ++i) {
        LeafIterator* r = required_[i].it;
        if (r->doc() < doc) r->advance(doc);
        if (r->doc() != doc) {
          aligned = false;
          if (r->doc() == kNoMoreDocs) return scored;
          lead->advance(r->doc());
          doc = lead->doc();
          break;
        }
      }
      if (!aligned) continue;
      if (!excluded(doc) && !cannot_enter(required_bound_ + (upto_.empty() ? 0 : upto_.back()), top_)) {
        double score = 0;
        for (const Slot& s : required_) score += parts_[s.clause] = s.it->score();
        ++scored;
        if (add_optional(doc, optional_.size(), score)) {
          collect(doc);
        } else {
          std::fill(parts_.begin(), parts_.end(), 0.0);
        }
      }
      lead->next();
      doc = lead->doc();
    }
    return scored;
  }

  std::vector<Slot> required_, optional_;
  const std::vector<DocIterator*>& excluded_;
  DocId base_;
  TopK& top_;
  std::vector<double> parts_;  // this document's score per leaf, by clause
  std::vector<double> upto_;
  double total_bound_ = 0, required_bound_ = 0;
};

}  // namespace

uint64_t maxscore_top_k(const std::vector<ScoringLeaf>& leaves, const std::vector<DocIterator*>& excluded,
                        DocId base, TopK& top) {
  return MaxScore(leaves, excluded, base, top).run();
}

}  // namespace quarry

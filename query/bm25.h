// BM25 (Robertson/Sparck Jones, with Lucene's non-negative idf).
//   idf(df)   = ln(1 + (N - df + 0.5) / (df + 0.5))
//   w(tf, dl) = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
#pragma once

#include <cmath>
#include <algorithm>
#include <cstdint>

#include "index/posting_format.h"

namespace quarry::internal {

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
};

inline double bm25_idf(uint64_t df, uint64_t doc_count) {
  const double n = static_cast<double>(doc_count), d = static_cast<double>(df);
  return std::log(1.0 + (n - d + 0.5) / (d + 0.5));
}

// Scores one term (or phrase) in one field: precomputes what does not vary per document.
class Bm25Scorer {
 public:
  Bm25Scorer() = default;
  Bm25Scorer(double idf, const Bm25Params& p, double avgdl)
      : idf_(idf),
        weight_(idf * (p.k1 + 1)),
        base_(p.k1 * (1 - p.b)),
        per_len_(avgdl > 0 ? p.k1 * p.b / avgdl : 0) {}
  double idf() const { return idf_; }
  double score(uint32_t tf, uint32_t dl) const {
    const double t = static_cast<double>(tf);
    return weight_ * t / (t + base_ + per_len_ * static_cast<double>(dl));
  }
  // Whether score(tf, dl) < c, without a division (c > 0): for pruning, whose
  // thresholds carry a margin far above the two forms' rounding difference.
  bool below(uint32_t tf, uint32_t dl, double c) const {
    const double t = static_cast<double>(tf);
    return weight_ * t < c * (t + base_ + per_len_ * static_cast<double>(dl));
  }
  // Bounds the score of every document of a block from its impacts.
  double bound(const SkipEntry& e) const {
    double best = 0;
    for (const Impact& i : e.impacts) {
      if (i.tf > 0) best = std::max(best, score(i.tf, i.len));
    }
    return best;
  }

 private:
  double idf_ = 0, weight_ = 0, base_ = 0, per_len_ = 0;
};

}  // namespace quarry::internal

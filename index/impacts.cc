// Block impacts: the (tf, length) frontier reduced to kImpactsPerBlock corners.
#include <algorithm>

#include "index/posting_format.h"

namespace quarry::internal {

void compute_impacts(std::span<Impact> docs, Impact (&out)[kImpactsPerBlock]) {
  // By tf descending, then length ascending; keep each pair shorter than every
  // pair with a larger tf: the frontier, tf and length both strictly decreasing.
  std::sort(docs.begin(), docs.end(),
            [](const Impact& a, const Impact& b) { return a.tf != b.tf ? a.tf > b.tf : a.len < b.len; });
  std::vector<Impact> frontier;
  for (const Impact& d : docs) {
    if (frontier.empty() || d.len < frontier.back().len) frontier.push_back(d);
  }
  for (Impact& o : out) o = {0, 0};
  if (frontier.size() <= kImpactsPerBlock) {
    std::copy(frontier.begin(), frontier.end(), out);
    return;
  }
  out[0] = frontier.front();  // the largest tf
  out[1] = {frontier[1].tf, frontier[frontier.size() - 2].len};  // covers every middle point
  out[2] = frontier.back();   // the shortest document
}

}  // namespace quarry::internal

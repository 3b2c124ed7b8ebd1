// Ranked search over an open index, by query text or by a Query built in code.
// Part of Quarry's public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quarry/index_reader.h"
#include "quarry/query.h"
#include "quarry/status.h"

namespace quarry {

struct SearchOptions {
  size_t k = 10;          // hits to return
  size_t offset = 0;      // skip this many best hits first (paging)
  double k1 = 1.2;        // BM25 term-frequency saturation, >= 0
  double b = 0.75;        // BM25 length normalization, 0..1
  bool snippets = true;   // compute a highlighted snippet per hit
  bool explain = false;   // per-term BM25 breakdown per hit
  bool count_matches = false;  // count every match exactly (disables top-k pruning)
};

// One term's (or phrase's) part of a hit's score.
struct ScoreTerm {
  std::string query;  // e.g. nuclear, title:asean, "south china sea"
  uint32_t tf = 0, dl = 0;
  double avgdl = 0, idf = 0, score = 0;
};

struct Hit {
  uint64_t document = 0;  // number for IndexReader::document()
  double score = 0;
  std::string id, title;
  std::string snippet;                                    // when SearchOptions::snippets
  std::vector<std::pair<uint32_t, uint32_t>> highlights;  // [begin, end) byte ranges in snippet
  std::vector<ScoreTerm> explanation;                     // when SearchOptions::explain
};

struct SearchResults {
  std::vector<Hit> hits;
  uint64_t total_matches = 0;   // exact when total_is_exact, else the documents scored
  bool total_is_exact = false;
  std::string parsed_query;     // the analyzed query, canonical form
};

// Thread-safe: one Searcher may serve any number of threads at once.
class Searcher {
 public:
  explicit Searcher(std::shared_ptr<const IndexReader> index);
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // InvalidArgument (naming the column) for a malformed query; Corruption if
  // index data read on the way turns out damaged.
  Result<SearchResults> search(std::string_view query, const SearchOptions& options = {}) const;
  Result<SearchResults> search(const Query& query, const SearchOptions& options = {}) const;
  // Documents matching, without ranking.
  Result<uint64_t> count(std::string_view query) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry

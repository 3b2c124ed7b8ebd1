// Runs a query over an index: parse, analyze, match and score every segment,
// collect the top k, then fetch stored fields, snippets and explanations.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/index_reader.h"
#include "query/bm25.h"
#include "query/doc_iterator.h"
#include "query/query.h"
#include "query/snippet.h"

namespace quarry::internal {

// How the top k of a disjunction (`a b c`, optional leaves only) is pruned.
// kAuto chooses by what docs/performance.md measured: MaxScore for every
// shape so far (Block-Max WAND was slower at p50 for each).
enum class DisjunctionPruning { kAuto, kMaxScore, kBlockMaxWand };

struct SearchOptions {
  size_t k = 10;
  size_t offset = 0;  // skip this many best hits (paging)
  Bm25Params bm25;
  bool snippets = true;
  bool explain = false;
  // Fetch stored fields (id, title) of each hit. Off: hits carry only doc ids,
  // which is what a benchmark of ranking (not of decompression) should time.
  bool fetch_documents = true;
  // Count every match exactly (SearchResults::total_matches). Without it,
  // top-k pruning skips documents and total_matches counts only those scored.
  bool count_matches = false;
  DisjunctionPruning pruning = DisjunctionPruning::kAuto;
  SnippetOptions snippet;
};

struct Hit {
  DocId doc = 0;  // global doc id
  double score = 0;
  std::string id, title;
  Snippet snippet;
  std::vector<LeafExplanation> explanation;  // when SearchOptions::explain
};

struct SearchResults {
  std::string parsed_query;  // canonical form of the analyzed query
  uint64_t total_matches = 0;  // exact with SearchOptions::count_matches, else documents scored
  bool total_is_exact = false;
  std::vector<Hit> hits;
};

class AnalyzerPool;

// Thread-safe: one Searcher may serve many threads.
class Searcher {
 public:
  explicit Searcher(const IndexReader& reader);
  ~Searcher();
  // InvalidArgument for a malformed query (message names the column);
  // Corruption when index data turns out damaged.
  Result<SearchResults> search(std::string_view query, const SearchOptions& options) const;
  // The same for a query tree as parse_query() returns it (words not yet analyzed).
  Result<SearchResults> search(std::unique_ptr<QueryNode> parsed, const SearchOptions& options) const;
  // Number of documents matching query, without scoring.
  Result<uint64_t> count(std::string_view query) const;

 private:
  const IndexReader& reader_;
  std::unique_ptr<AnalyzerPool> analyzers_;
};

}  // namespace quarry::internal

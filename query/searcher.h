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

namespace quarry {

struct SearchOptions {
  size_t k = 10;
  size_t offset = 0;  // skip this many best hits (paging)
  Bm25Params bm25;
  bool snippets = true;
  bool explain = false;
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
  uint64_t total_matches = 0;
  std::vector<Hit> hits;
};

// Thread-safe: one Searcher may serve many threads.
class Searcher {
 public:
  explicit Searcher(const IndexReader& reader) : reader_(reader) {}
  // InvalidArgument for a malformed query (message names the column);
  // Corruption when index data turns out damaged.
  Result<SearchResults> search(std::string_view query, const SearchOptions& options) const;

 private:
  const IndexReader& reader_;
};

}  // namespace quarry

// The public Searcher over the engine's searcher.
#include "quarry/searcher.h"

#include "api/query_node.h"
#include "api/reader_impl.h"
#include "query/searcher.h"

namespace quarry {

struct Searcher::Impl {
  std::shared_ptr<const IndexReader> index;  // keeps the engine's reader alive
  std::unique_ptr<internal::Searcher> searcher;
};

namespace {

internal::SearchOptions engine_options(const SearchOptions& o) {
  internal::SearchOptions e;
  e.k = o.k;
  e.offset = o.offset;
  e.bm25 = {o.k1, o.b};
  e.snippets = o.snippets;
  e.explain = o.explain;
  e.count_matches = o.count_matches;
  return e;
}

SearchResults public_results(internal::SearchResults&& r) {
  SearchResults out;
  out.total_matches = r.total_matches;
  out.total_is_exact = r.total_is_exact;
  out.parsed_query = std::move(r.parsed_query);
  for (auto& h : r.hits) {
    Hit hit;
    hit.document = h.doc;
    hit.score = h.score;
    hit.id = std::move(h.id);
    hit.title = std::move(h.title);
    hit.snippet = std::move(h.snippet.text);
    hit.highlights = std::move(h.snippet.highlights);
    for (auto& e : h.explanation) hit.explanation.push_back({std::move(e.query), e.tf, e.dl, e.avgdl, e.idf, e.score});
    out.hits.push_back(std::move(hit));
  }
  return out;
}

}  // namespace

Searcher::Searcher(std::shared_ptr<const IndexReader> index) : impl_(std::make_unique<Impl>()) {
  impl_->searcher = std::make_unique<internal::Searcher>(*index->impl_->reader);
  impl_->index = std::move(index);
}
Searcher::~Searcher() = default;

Result<SearchResults> Searcher::search(std::string_view query, const SearchOptions& options) const {
  QUARRY_ASSIGN_OR_RETURN(auto r, impl_->searcher->search(query, engine_options(options)));
  return public_results(std::move(r));
}

Result<SearchResults> Searcher::search(const Query& query, const SearchOptions& options) const {
  if (query.node().nesting > internal::kMaxQueryNesting) {
    return Status::invalid_argument("query nests boolean groups deeper than " +
                                    std::to_string(internal::kMaxQueryNesting) + " levels");
  }
  QUARRY_ASSIGN_OR_RETURN(auto r, impl_->searcher->search(to_engine_tree(query.node()), engine_options(options)));
  return public_results(std::move(r));
}

Result<uint64_t> Searcher::count(std::string_view query) const { return impl_->searcher->count(query); }

}  // namespace quarry

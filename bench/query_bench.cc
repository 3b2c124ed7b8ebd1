// Component benchmarks of the query path on a generated index (fixed seed):
// cursor next() and advance(), two-list intersection, top-k collection, top-k
// of one term, and phrase matching (from a pair list and from positions). The index is built once, in a temporary directory.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "index/index_reader.h"
#include "index/index_writer.h"
#include "query/id_intersection.h"
#include "query/searcher.h"
#include "query/top_k.h"

namespace quarry::internal {
namespace {

// 50,000 documents of 20..200 words from a Zipfian vocabulary of 20,000 words.
class BenchIndex {
 public:
  static BenchIndex& get() {
    static BenchIndex index;
    return index;
  }
  const IndexReader& reader() const { return *reader_; }
  PostingCursor cursor(const std::string& word) const {
    auto info = reader_->segment(0).find_term(term_key(Field::kBody, word));
    return std::move(reader_->segment(0).cursor(*info)).value();
  }

 private:
  BenchIndex() : dir_(std::filesystem::temp_directory_path() / "quarry-query-bench") {
    std::filesystem::remove_all(dir_);
    std::mt19937_64 rng(42);
    std::vector<double> cdf;
    double sum = 0;
    for (int r = 1; r <= 20000; ++r) cdf.push_back(sum += 1.0 / r);
    IndexWriterOptions options;
    options.analyzer.stem_language = "none";
    auto writer = std::move(IndexWriter::create(dir_.string(), options)).value();
    for (int d = 0; d < 50000; ++d) {
      std::string text;
      const int len = 20 + static_cast<int>(rng() % 180);
      for (int i = 0; i < len; ++i) {
        const double u = std::uniform_real_distribution<double>(0, sum)(rng);
        text += "w" + std::to_string(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin()) + " ";
      }
      (void)writer->add("d" + std::to_string(d), "", std::move(text));
    }
    (void)writer->commit();
    reader_ = std::move(IndexReader::open(dir_.string())).value();
  }
  std::filesystem::path dir_;
  std::unique_ptr<IndexReader> reader_;
};

// Iterates every posting of a frequent (w0), medium (w50) or rare (w2000) term.
void BM_CursorNext(benchmark::State& state, const char* word) {
  const auto& index = BenchIndex::get();
  uint64_t postings = 0;
  for (auto _ : state) {
    PostingCursor c = index.cursor(word);
    for (; c.doc() != kNoMoreDocs; c.next()) benchmark::DoNotOptimize(c.doc());
    postings += c.df();
  }
  state.SetItemsProcessed(static_cast<int64_t>(postings));
}
BENCHMARK_CAPTURE(BM_CursorNext, frequent, "w0");
BENCHMARK_CAPTURE(BM_CursorNext, medium, "w50");

// advance() with targets spaced `stride` documents apart.
void BM_CursorAdvance(benchmark::State& state) {
  const auto& index = BenchIndex::get();
  const DocId stride = static_cast<DocId>(state.range(0));
  uint64_t calls = 0;
  for (auto _ : state) {
    PostingCursor c = index.cursor("w0");
    for (DocId t = 0; c.doc() != kNoMoreDocs; t += stride, ++calls) c.advance(t);
  }
  state.SetItemsProcessed(static_cast<int64_t>(calls));
}
BENCHMARK(BM_CursorAdvance)->Arg(4)->Arg(64)->Arg(1024);

// Counting the intersection of a rarer and a more frequent term, side by side:
// an advance of the frequent cursor per id of the rarer (leapfrog), and the
// rarer's decoded blocks intersected with the other's (by_window, as
// conjunction_top_k and phrases do: id_intersection.h; a cursor in a dense
// block is advanced per id there too). w50 against w1 (about 5 % and 40 % of
// the documents: w1's blocks are bitmaps) and w200 against w20 (packed blocks).
uint64_t count_by_leapfrog(PostingCursor& rare, PostingCursor& other) {
  uint64_t both = 0;
  for (; rare.doc() != kNoMoreDocs; rare.next()) {
    other.advance(rare.doc());
    both += other.doc() == rare.doc();
  }
  return both;
}

uint64_t count_by_window(PostingCursor& rare, PostingCursor& other) {
  uint64_t both = 0;
  IdMatch matches[kBlockSize];
  for (; rare.doc() != kNoMoreDocs; rare.next_block()) {
    const auto ids = rare.rest_of_block_docs();
    const auto n = static_cast<uint32_t>(ids.size());
    for (uint32_t i = 0; i < n;) {
      if (other.doc() < ids[i]) other.advance(ids[i]);
      if (other.doc() == kNoMoreDocs) return both;
      if (other.in_dense_block()) {
        both += other.doc() == ids[i++];
        continue;
      }
      const auto window = other.rest_of_block_docs();
      uint32_t consumed = 0;
      both += intersect_ids(ids.data() + i, n - i, window.data(), static_cast<uint32_t>(window.size()), matches,
                            consumed);
      i += consumed;
    }
  }
  return both;
}

void BM_Intersection(benchmark::State& state, const char* rare_word, const char* other_word, bool by_window) {
  const auto& index = BenchIndex::get();
  uint64_t shared = 0;
  for (auto _ : state) {
    PostingCursor rare = index.cursor(rare_word), other = index.cursor(other_word);
    shared = by_window ? count_by_window(rare, other) : count_by_leapfrog(rare, other);
    benchmark::DoNotOptimize(shared);
  }
  state.counters["shared"] = static_cast<double>(shared);  // the same either way
}
BENCHMARK_CAPTURE(BM_Intersection, leapfrog_w50_w1, "w50", "w1", false);
BENCHMARK_CAPTURE(BM_Intersection, by_window_w50_w1, "w50", "w1", true);
BENCHMARK_CAPTURE(BM_Intersection, leapfrog_w200_w20, "w200", "w20", false);
BENCHMARK_CAPTURE(BM_Intersection, by_window_w200_w20, "w200", "w20", true);

// Whole queries through the searcher: top-10 of one term, and a phrase.
void BM_Search(benchmark::State& state, const char* query) {
  const auto& index = BenchIndex::get();
  const Searcher searcher(index.reader());
  SearchOptions o;
  o.snippets = false;
  o.fetch_documents = false;
  for (auto _ : state) benchmark::DoNotOptimize(searcher.search(query, o).value().hits.size());
}
BENCHMARK_CAPTURE(BM_Search, top10_frequent_term, "w0");
BENCHMARK_CAPTURE(BM_Search, top10_two_terms, "w3 w40");
BENCHMARK_CAPTURE(BM_Search, phrase, "\"w0 w1\"");  // both pair words: one pair list
// w300 is not a pair word: the two words' positions are matched in every document holding both.
BENCHMARK_CAPTURE(BM_Search, phrase_positions, "\"w1 w300\"");

// Top-k collection alone: a million scored documents offered to a collector
// of k, scores drawn from a fixed-seed stream (so most fall below the k-th).
void BM_TopK(benchmark::State& state) {
  std::mt19937_64 rng(7);
  std::vector<double> scores(1 << 20);
  for (double& s : scores) s = std::uniform_real_distribution<double>(0, 20)(rng);
  for (auto _ : state) {
    TopK top(static_cast<size_t>(state.range(0)));
    for (size_t i = 0; i < scores.size(); ++i) {
      if (!top.full() || scores[i] > top.threshold()) top.push({scores[i], static_cast<DocId>(i)});
    }
    benchmark::DoNotOptimize(top.take_sorted());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(scores.size()));
}
BENCHMARK(BM_TopK)->Arg(10)->Arg(1000);

}  // namespace
}  // namespace quarry::internal

// libFuzzer target: any bytes as a query, searched in a small index of several
// segments (a dozen words, a few of them pair words, titles too), either fail
// as InvalidArgument or give the very same hits and scores under MaxScore,
// under Block-Max WAND and exhaustively; never crash or hang. The parser's own
// target (fuzz_query) stops at the tree; this one runs planning, pruning and
// every iterator on what the tree asks for.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "index/analyzer.h"
#include "index/index_reader.h"
#include "index/index_writer.h"
#include "query/searcher.h"

namespace {

using namespace quarry::internal;

const Searcher& fuzz_searcher() {
  // Never freed: the exit handler removing the directory runs after static destructors would have.
  static const Searcher* searcher = [] {
    static const std::string dir = "/dev/shm/quarry-fuzz-search-" + std::to_string(getpid());
    std::filesystem::remove_all(dir);
    std::atexit([] { std::filesystem::remove_all(dir); });
    IndexWriterOptions options;
    options.analyzer.stem_language = "english";
    options.flush_bytes = 40'000;  // several segments, unmerged
    options.merge_segments = false;
    options.pair_words = 4;  // phrases read pairs of the commonest words, and word positions
    auto writer = std::move(IndexWriter::create(dir, options)).value();
    const char* const words[] = {"a", "b", "c", "d", "sea", "south", "china", "nuclear", "x", "y", "title", "and"};
    std::mt19937_64 rng(11);
    const auto word = [&] {  // rank r drawn with weight 1 / (r + 1)
      const double u = std::uniform_real_distribution<double>(0, 3.1)(rng);
      size_t r = 0;
      for (double sum = 1.0; sum < u && r + 1 < std::size(words); sum += 1.0 / static_cast<double>(r + 2)) ++r;
      return std::string(words[r]);
    };
    for (int d = 0; d < 2000; ++d) {
      std::string title, text;
      for (uint64_t n = rng() % 3; n > 0; --n) title += word() + " ";
      for (uint64_t n = 1 + rng() % 60; n > 0; --n) text += word() + " ";
      if (!writer->add("d" + std::to_string(d), title, text).is_ok()) std::abort();
    }
    if (!writer->commit().is_ok()) std::abort();
    auto* reader = std::move(IndexReader::open(dir)).value().release();
    return new Searcher(*reader);
  }();
  return *searcher;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Searcher& searcher = fuzz_searcher();
  std::string query(reinterpret_cast<const char*>(data), size);
  sanitize_utf8(query);  // the CLI and the APIs take UTF-8
  SearchOptions options;
  options.k = 1 + size % 12;
  options.snippets = false;
  options.fetch_documents = false;
  SearchOptions exhaustive = options;
  exhaustive.count_matches = true;
  const auto all = searcher.search(query, exhaustive);
  for (const DisjunctionPruning pruning : {DisjunctionPruning::kAuto, DisjunctionPruning::kBlockMaxWand}) {
    options.pruning = pruning;
    const auto pruned = searcher.search(query, options);
    if (!all.is_ok()) {
      if (all.status().code() != quarry::StatusCode::kInvalidArgument || pruned.is_ok()) __builtin_trap();
      continue;
    }
    if (!pruned.is_ok() || pruned->hits.size() != all->hits.size()) __builtin_trap();
    for (size_t i = 0; i < all->hits.size(); ++i) {
      if (pruned->hits[i].doc != all->hits[i].doc || pruned->hits[i].score != all->hits[i].score) __builtin_trap();
    }
  }
  return 0;
}

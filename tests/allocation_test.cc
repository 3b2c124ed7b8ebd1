// A query allocates O(terms + k), never per posting: its heap allocations,
// counted through a replaced global operator new, are the same whether its
// words are in a few documents or in most of 20,000 (but for a phrase's
// position buffers, which double up to the largest block they decode).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <random>

#include "test_util.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0};
void* counted_malloc(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
}  // namespace

// The plain, array and nothrow forms (the standard library's temporary
// buffers use nothrow) all count and take malloc, and every delete frees:
// with a sanitizer's own operators, any form left out would pair its new
// with this free.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // new is malloc here: free pairs with it
void* operator new(std::size_t n) {
  if (void* p = counted_malloc(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return ::operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted_malloc(n); }
void* operator new[](std::size_t n, const std::nothrow_t& tag) noexcept { return ::operator new(n, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace quarry::internal {
namespace {

class Allocations : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Words w0.. by rank: w0 and w1 are in most documents, w300 and up in few.
    std::mt19937_64 rng(5);
    std::vector<testing::Doc> docs;
    for (int d = 0; d < 20000; ++d) {
      std::string text;
      for (int i = 0, len = 10 + static_cast<int>(rng() % 60); i < len; ++i) {
        const uint64_t r = rng() % 1000;
        text += "w" + std::to_string(r < 600 ? r % 3 : r < 900 ? 3 + r % 50 : 300 + r % 100) + " ";
      }
      docs.push_back({"d" + std::to_string(d), "", text});
    }
    IndexWriterOptions options;
    options.analyzer.stem_language = "none";
    options.pair_words = 0;  // phrases read their words' positions
    testing::build_index(dir_->path(), docs, options);
    auto reader = IndexReader::open(dir_->path());
    ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
    reader_ = reader->release();
  }

  // Heap allocations of one search (after a first run has warmed the
  // searcher's analyzers), and the matches it had to consider.
  static uint64_t allocations_of(const Searcher& searcher, const std::string& query, size_t k) {
    SearchOptions options;
    options.k = k;
    options.snippets = false;
    options.fetch_documents = false;
    EXPECT_TRUE(searcher.search(query, options).is_ok()) << query;
    allocations = 0;
    counting = true;
    const auto result = searcher.search(query, options);
    counting = false;
    EXPECT_TRUE(result.is_ok()) << query;
    return allocations;
  }

  static inline testing::TempDir* dir_ = new testing::TempDir;
  static inline IndexReader* reader_ = nullptr;
};

TEST_F(Allocations, DoNotGrowWithThePostingsAQueryReads) {
  const Searcher searcher(*reader_);
  // Each shape with frequent words (thousands of postings and positions)
  // and with rare ones (a few dozen).
  const char* const shapes[] = {"A", "A B", "A B C", "+A +B", "+A B", "+A -B", "\"A B\"", "\"A B C\"", "\"A B\" +C"};
  for (const std::string shape : shapes) {
    std::string frequent = shape, rare = shape;
    for (const auto& [letter, f, r] : {std::tuple{'A', "w0", "w300"}, {'B', "w1", "w301"}, {'C', "w2", "w302"}}) {
      for (size_t at; (at = frequent.find(letter)) != std::string::npos;) frequent.replace(at, 1, f);
      for (size_t at; (at = rare.find(letter)) != std::string::npos;) rare.replace(at, 1, r);
    }
    SearchOptions all;
    all.count_matches = true;
    all.snippets = false;
    const auto matches = searcher.search(frequent, all);
    ASSERT_TRUE(matches.is_ok());
    const uint64_t few = allocations_of(searcher, rare, 10), many = allocations_of(searcher, frequent, 10);
    // A phrase's cursors grow their position buffers by doubling, up to the
    // largest position count of a block they read: at most a few times each.
    const size_t first_quote = shape.find('"'), last_quote = shape.rfind('"');
    const size_t phrase_words = first_quote == std::string::npos ? 0 : (last_quote - first_quote) / 2;
    EXPECT_LE(many, few + 2 * phrase_words) << frequent << " (" << matches->total_matches << " matches) against " << rare;
    EXPECT_LE(many, 48u) << frequent;
    // k only sizes the collector: still a bounded number of allocations.
    EXPECT_LE(allocations_of(searcher, frequent, 1000), many + 2) << frequent << " with k = 1000";
  }
}

}  // namespace
}  // namespace quarry::internal

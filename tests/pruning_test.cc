// Dynamic pruning is exact: top-k by MaxScore equals exhaustive evaluation,
// ids and scores, over thousands of random queries on a Zipfian corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "query/top_k.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

std::string word(size_t i) { return "w" + std::to_string(i); }

// Draws word ranks with probability proportional to 1 / rank.
class Zipf {
 public:
  explicit Zipf(size_t n) {
    double sum = 0;
    for (size_t i = 1; i <= n; ++i) cdf_.push_back(sum += 1.0 / static_cast<double>(i));
    for (double& c : cdf_) c /= sum;
  }
  size_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

// Top-k with pruning equals exhaustive evaluation: ids, scores, order. hits,
// if given, receives the exhaustive hit count.
void expect_exact(const Searcher& searcher, const std::string& query, size_t k, size_t* hits = nullptr,
                  DisjunctionPruning pruning = DisjunctionPruning::kAuto) {
  SearchOptions pruned;
  pruned.k = k;
  pruned.pruning = pruning;
  pruned.snippets = false;
  SearchOptions exhaustive = pruned;
  exhaustive.count_matches = true;
  auto a = searcher.search(query, pruned);
  auto b = searcher.search(query, exhaustive);
  if (!b.is_ok()) {  // e.g. only exclusions: both must refuse alike
    EXPECT_FALSE(a.is_ok()) << query;
    return;
  }
  if (hits != nullptr) *hits = b->hits.size();
  ASSERT_TRUE(a.is_ok()) << query;
  ASSERT_EQ(a->hits.size(), b->hits.size()) << query << " k " << k;
  for (size_t i = 0; i < a->hits.size(); ++i) {
    ASSERT_EQ(a->hits[i].id, b->hits[i].id) << query << " k " << k << " rank " << i;
    ASSERT_EQ(a->hits[i].score, b->hits[i].score) << query << " k " << k << " rank " << i;
  }
  EXPECT_LE(a->total_matches, b->total_matches) << query;
}

// A Zipfian corpus in several segments, shared by the tests below.
class Pruning : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::mt19937_64 rng(kSeed);
    const Zipf zipf(800);
    std::vector<testing::Doc> docs;
    for (int d = 0; d < 4000; ++d) {
      const int len = 5 + static_cast<int>(rng() % 120);
      std::string text;
      for (int i = 0; i < len; ++i) text += word(zipf(rng)) + " ";
      docs.push_back({"d" + std::to_string(d), "", text});
    }
    IndexWriterOptions options;
    options.analyzer.stem_language = "none";
    options.flush_bytes = 400'000;  // several segments
    options.merge_segments = false;
    testing::build_index(dir_->path(), docs, options);
    auto reader = IndexReader::open(dir_->path());
    ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
    reader_ = reader->release();
  }


  // count random queries from make(rng, zipf), each checked by expect_exact
  // with a random k from 1 to max_k.
  template <class MakeQuery>
  static void expect_exact_on_random(uint64_t seed, int count, uint64_t max_k, MakeQuery&& make,
                                     DisjunctionPruning pruning = DisjunctionPruning::kAuto) {
    std::mt19937_64 rng(seed);
    const Zipf zipf(800);
    const Searcher searcher(*reader_);
    for (int q = 0; q < count; ++q) {
      const std::string query = make(rng, zipf);
      expect_exact(searcher, query, 1 + rng() % max_k, nullptr, pruning);
    }
  }

  static constexpr uint64_t kSeed = 20261127;
  static inline testing::TempDir* dir_ = new testing::TempDir;
  static inline IndexReader* reader_ = nullptr;  // of dir_, for every test
};

TEST(TopK, KeepsTheKBestWithTiesToTheLowerDoc) {
  // Few distinct scores, so ties are everywhere; docs arrive in random order.
  std::mt19937 rng(17);
  for (int round = 0; round < 300; ++round) {
    const size_t k = rng() % 12, n = rng() % 200;
    std::vector<ScoredDoc> all;
    for (size_t i = 0; i < n; ++i) all.push_back({static_cast<double>(rng() % 7), static_cast<DocId>(i)});
    std::shuffle(all.begin(), all.end(), rng);
    TopK top(k);
    for (const ScoredDoc& d : all) top.push(d);
    std::sort(all.begin(), all.end(), ranks_before);
    all.resize(std::min(k, n));
    const std::vector<ScoredDoc> got = top.take_sorted();
    ASSERT_EQ(got.size(), all.size()) << "round " << round;
    for (size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].doc, all[i].doc) << "round " << round << " rank " << i;
      ASSERT_EQ(got[i].score, all[i].score);
    }
  }
}

// A query of one word takes its own path (run_single_term); the same term
// beside an exclusion that matches nothing takes the general one. Both must
// give the same hits, scores and match counts, and equal exhaustive evaluation.
TEST_F(Pruning, SingleTermsEqualTheGeneralPathAndExhaustive) {
  const Searcher searcher(*reader_);
  std::mt19937_64 rng(kSeed + 7);
  const Zipf zipf(800);
  for (int q = 0; q < 600; ++q) {
    const std::string w = word(q % 3 == 0 ? rng() % 800 : zipf(rng));
    SearchOptions options;
    options.k = 1 + rng() % 20;
    options.snippets = false;
    auto single = searcher.search(w, options);
    auto general = searcher.search(w + " -zzzznotaword", options);
    ASSERT_TRUE(single.is_ok()) << w;
    ASSERT_TRUE(general.is_ok()) << w;
    EXPECT_EQ(single->parsed_query, w);
    ASSERT_EQ(single->hits.size(), general->hits.size()) << w;
    for (size_t i = 0; i < single->hits.size(); ++i) {
      ASSERT_EQ(single->hits[i].doc, general->hits[i].doc) << w << " rank " << i;
      ASSERT_EQ(single->hits[i].score, general->hits[i].score) << w << " rank " << i;
    }
    EXPECT_EQ(single->total_matches, general->total_matches) << w;
    EXPECT_EQ(single->total_is_exact, general->total_is_exact) << w;
    expect_exact(searcher, w, options.k);
  }
}

TEST_F(Pruning, MaxScoreEqualsExhaustive) {
  std::printf("seed %llu\n", static_cast<unsigned long long>(kSeed));
  EXPECT_GT(reader_->segment_count(), 1u);
  expect_exact_on_random(kSeed + 1, 3000, 20, [](std::mt19937_64& rng, const Zipf& zipf) {
    std::string query;
    const int terms = 1 + static_cast<int>(rng() % 5);
    for (int t = 0; t < terms; ++t) {
      const size_t w = rng() % 3 == 0 ? rng() % 800 : zipf(rng);
      const int kind = static_cast<int>(rng() % 12);
      const std::string phrase = "\"" + word(w) + " " + word(zipf(rng)) + "\"";
      if (kind == 0 && t > 0) {
        query += "-" + word(w) + " ";
      } else if (kind == 1) {
        query += phrase + " ";
      } else if (kind == 2 || kind == 3) {
        query += "+" + word(w) + " ";
      } else if (kind == 4) {
        query += "+" + phrase + " ";
      } else if (kind == 5) {
        query += "-(" + word(w) + " " + word(zipf(rng)) + ") ";
      } else {
        query += word(w) + " ";
      }
    }
    return query;
  });
}

TEST_F(Pruning, ConjunctionsOfTermsEqualExhaustive) {
  // Only required terms (the block-at-a-time conjunction), with exclusions.
  expect_exact_on_random(kSeed + 2, 800, 30, [](std::mt19937_64& rng, const Zipf& zipf) {
    std::string query;
    const int terms = 2 + static_cast<int>(rng() % 3);
    for (int t = 0; t < terms; ++t) query += "+" + word(rng() % 4 == 0 ? rng() % 800 : zipf(rng)) + " ";
    if (rng() % 3 == 0) query += "-" + word(zipf(rng));
    return query;
  });
}

TEST_F(Pruning, FrequentRequiredWithRareOptionalEqualsExhaustive) {
  // The seeding pass: a rare optional leaf first, then the rest without it.
  expect_exact_on_random(kSeed + 3, 800, 30, [](std::mt19937_64& rng, const Zipf& zipf) {
    std::string query = "+" + word(rng() % 5) + " " + word(200 + rng() % 600);
    if (rng() % 2) query += " " + word(zipf(rng));
    if (rng() % 3 == 0) query += " +" + word(rng() % 30);
    if (rng() % 3 == 0) query += " -" + word(rng() % 40);
    if (rng() % 4 == 0) query += " \"" + word(rng() % 10) + " " + word(rng() % 10) + "\"";
    return query;
  });
}

// Disjunctions of terms and phrases, with exclusions, under each strategy.
std::string random_disjunction(std::mt19937_64& rng, const Zipf& zipf) {
  std::string query;
  const int leaves = 2 + static_cast<int>(rng() % 5);
  for (int t = 0; t < leaves; ++t) {
    const size_t w = rng() % 4 == 0 ? rng() % 800 : zipf(rng);
    if (rng() % 6 == 0) {
      query += "\"" + word(w) + " " + word(zipf(rng)) + "\" ";
    } else {
      query += word(w) + " ";
    }
  }
  if (rng() % 4 == 0) query += "-" + word(zipf(rng));
  return query;
}

TEST_F(Pruning, BlockMaxWandEqualsExhaustive) {
  expect_exact_on_random(kSeed + 5, 3000, 30, random_disjunction, DisjunctionPruning::kBlockMaxWand);
}

TEST_F(Pruning, MaxScoreOnDisjunctionsEqualsExhaustive) {
  expect_exact_on_random(kSeed + 5, 1500, 30, random_disjunction, DisjunctionPruning::kMaxScore);
}

// Block-max WAND scores fewer documents than match: with k = 1, two frequent
// words' lists hold long runs of blocks that cannot beat the best document.
TEST_F(Pruning, BlockMaxWandSkipsDocuments) {
  const Searcher searcher(*reader_);
  SearchOptions options;
  options.k = 1;
  options.snippets = false;
  options.pruning = DisjunctionPruning::kBlockMaxWand;
  const std::string query = word(0) + " " + word(1) + " " + word(300);
  auto pruned = searcher.search(query, options);
  options.count_matches = true;
  auto all = searcher.search(query, options);
  ASSERT_TRUE(pruned.is_ok());
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(pruned->hits.size(), 1u);
  EXPECT_EQ(pruned->hits[0].doc, all->hits[0].doc);
  EXPECT_GT(all->total_matches, 1000u);
  EXPECT_LT(pruned->total_matches * 2, all->total_matches) << "scored " << pruned->total_matches;
}

// Three words in every document, once, but at the first document of each
// block two of them (blocks 0, 3, 6, ...) or one of them (the others) more
// often, more so in later blocks. Once the top k hold documents with two,
// each word's own blocks all stay competitive (the other two could add their
// maxima), but where one word alone is frequent the three blocks' bounds
// summed cannot enter: block-max WAND skips those blocks, and each skip must
// land on the next block's first document, a better one.
TEST(BlockMaxWand, SkipsLandOnTheFirstDocumentOfTheNextBlock) {
  testing::TempDir dir;
  std::vector<testing::Doc> docs;
  const char* const words[] = {"alpha", "beta", "gamma"};
  for (size_t d = 0; d < 60 * kBlockSize; ++d) {
    const size_t block = d / kBlockSize;
    int tf[3] = {1, 1, 1};
    if (d % kBlockSize == 0) {
      const int high = 4 + static_cast<int>(block / 3);
      const size_t first = block / 3 % 3;
      tf[first] = high;
      if (block % 3 == 0) tf[(first + 1) % 3] = high;
    }
    std::string text;
    for (size_t w = 0; w < 3; ++w) {
      for (int i = 0; i < tf[w]; ++i) text += std::string(words[w]) + " ";
    }
    for (int pad = 64 - tf[0] - tf[1] - tf[2]; pad > 0; --pad) text += "pad ";
    docs.push_back({"d" + std::to_string(d), "", text});
  }
  IndexWriterOptions options;
  options.analyzer.stem_language = "none";
  options.pair_words = 0;
  testing::build_index(dir.path(), docs, options);
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  const Searcher searcher(**reader);
  for (size_t k = 1; k <= 12; ++k) {
    expect_exact(searcher, "alpha beta gamma", k, nullptr, DisjunctionPruning::kBlockMaxWand);
    expect_exact(searcher, "gamma alpha beta", k, nullptr, DisjunctionPruning::kMaxScore);
  }
}

TEST_F(Pruning, SeveralSeedingPassesEqualExhaustive) {
  // Optional words from three frequency bands: a rare one seeds a pass, then a
  // medium one another, and the frequent one runs last with both excluded.
  expect_exact_on_random(kSeed + 4, 800, 30, [](std::mt19937_64& rng, const Zipf& zipf) {
    std::string query = word(rng() % 5) + " " + word(30 + rng() % 120) + " " + word(300 + rng() % 500);
    if (rng() % 2) query += " " + word(300 + rng() % 500);
    if (rng() % 4 == 0) query += " +" + word(rng() % 20);
    if (rng() % 4 == 0) query += " -" + word(zipf(rng));
    if (rng() % 5 == 0) query += " \"" + word(rng() % 10) + " " + word(rng() % 10) + "\"";
    return query;
  });
}


// A common word with gaps (missing from runs of documents, so its blocks are
// bitmaps) and rarer words, for the two-list intersections that match a
// cursor's decoded block against another's (id_intersection.h) or, in a dense
// block, advance it: conjunction_top_k's rarest other term and the alignment
// of a phrase's two rarest words. No pair words: phrases read their words.
class TwoListIntersections : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::mt19937_64 rng(29);
    int without_common = 0;  // runs of 1 to 12 documents lack it: wide gaps, a short bitmap
    for (int d = 0; d < 3000; ++d) {
      std::string text = "filler" + std::to_string(d % 7);
      if (without_common == 0 && rng() % 10 == 0) without_common = 1 + static_cast<int>(rng() % 12);
      if (without_common > 0) {
        --without_common;
      } else {
        text += " common";
      }
      for (uint64_t r = rng() % 4; r > 0; --r) text += " common";  // tfs differ: scores differ
      if (rng() % 5 == 0) text += " medium medium" + std::string(d % 3 == 0 ? " medium" : "");
      if (rng() % 3 == 0) text += " other";
      if (rng() % 40 == 0) text += rng() % 2 ? " rare" : " common rare";
      if (rng() % 4 == 0) text += " medium";
      for (uint64_t pad = rng() % 30; pad > 0; --pad) text += " pad";  // lengths differ
      texts_.push_back(" " + text + " ");
      docs_.push_back({"d" + std::to_string(d), "", text});
    }
    IndexWriterOptions options;
    options.analyzer.stem_language = "none";
    options.pair_words = 0;
    ASSERT_NO_FATAL_FAILURE(testing::build_index(dir_->path(), docs_, options));
    auto reader = IndexReader::open(dir_->path());
    ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
    reader_ = reader->release();
    ASSERT_EQ(reader_->segment_count(), 1u);
  }

  // The fixture holds what the tests are about: "common"'s first block is a bitmap.
  static void expect_common_is_dense() {
    const SegmentReader& segment = reader_->segment(0);
    auto info = segment.lookup_term(term_key(Field::kBody, "common"));
    ASSERT_TRUE(info.is_ok());
    ASSERT_GT(info->df, 2 * kBlockSize);
    auto cursor = PostingCursor::open(segment.postings_file(), segment.positions_file(), *info, segment.doc_count());
    ASSERT_TRUE(cursor.is_ok());
    ASSERT_TRUE(cursor->in_dense_block());
  }

  static inline testing::TempDir* dir_ = new testing::TempDir;
  static inline IndexReader* reader_ = nullptr;
  static inline std::vector<testing::Doc> docs_;
  static inline std::vector<std::string> texts_;  // each text between spaces
};

TEST_F(TwoListIntersections, ConjunctionsWithDenseAndPackedPartnersScoreExactly) {
  ASSERT_NO_FATAL_FAILURE(expect_common_is_dense());
  const Searcher searcher(*reader_);
  for (const std::string query : {"+common +medium", "+medium +common", "+rare +common", "+medium +other",
                                  "+rare +medium +common", "+common +other -rare", "+common +medium +other"}) {
    for (const size_t k : {1, 3, 10, 50}) {
      size_t hits = 0;
      ASSERT_NO_FATAL_FAILURE(expect_exact(searcher, query, k, &hits));
      ASSERT_GT(hits, 0u) << query;
    }
  }
}

// Every document whose text holds the phrase, and no other, matches it (the
// texts decide), and top-k with pruning equals exhaustive evaluation.
void expect_phrase_matches_texts(const Searcher& searcher, const std::vector<testing::Doc>& docs,
                                 const std::vector<std::string>& texts, const std::string& phrase) {
  std::vector<std::string> expected;
  for (size_t d = 0; d < texts.size(); ++d) {
    if (texts[d].find(" " + phrase + " ") != std::string::npos) expected.push_back(docs[d].id);
  }
  ASSERT_FALSE(expected.empty()) << phrase;
  SearchOptions all;
  all.k = texts.size();
  all.snippets = false;
  all.count_matches = true;
  auto r = searcher.search("\"" + phrase + "\"", all);
  ASSERT_TRUE(r.is_ok()) << phrase;
  EXPECT_EQ(r->total_matches, expected.size()) << phrase;
  std::vector<std::string> got;
  for (const auto& h : r->hits) got.push_back(h.id);
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected) << phrase;
  for (const size_t k : {1, 3, 10}) ASSERT_NO_FATAL_FAILURE(expect_exact(searcher, "\"" + phrase + "\"", k)) << phrase;
}

TEST_F(TwoListIntersections, TwoWordPhrasesMatchExactlyTheDocumentsWithTheWordsAdjacent) {
  ASSERT_NO_FATAL_FAILURE(expect_common_is_dense());
  const Searcher searcher(*reader_);
  for (const std::string phrase : {"common medium", "medium common", "common rare", "medium other", "other medium",
                                   "medium medium", "rare medium", "common common"}) {
    ASSERT_NO_FATAL_FAILURE(expect_phrase_matches_texts(searcher, docs_, texts_, phrase));
  }
}

// Longer phrases check their two rarest words' offsets before moving the
// others: documents where those two stand apart, or stand right but lack a
// frequent word's occurrence between or around them, must not match.
TEST_F(TwoListIntersections, LongerPhrasesMatchExactlyTheDocumentsWithTheWordsInOrder) {
  ASSERT_NO_FATAL_FAILURE(expect_common_is_dense());
  const Searcher searcher(*reader_);
  for (const std::string phrase : {"common rare medium", "common medium medium", "medium medium medium",
                                   "medium medium common", "medium medium other", "common common rare",
                                   "common common common", "common medium medium medium",
                                   "common common medium medium"}) {
    ASSERT_NO_FATAL_FAILURE(expect_phrase_matches_texts(searcher, docs_, texts_, phrase));
  }
}

}  // namespace
}  // namespace quarry::internal

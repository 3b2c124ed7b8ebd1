// Word pairs: indexed adjacent pairs of frequent words must change no result.
// Phrases answered from pair lists are compared with the same index built
// without pairs: same matches, same scores.
#include <gtest/gtest.h>

#include <random>

#include "index/index_checker.h"
#include "index/pair_word_sampler.h"
#include "index/term_keys.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

AnalyzedDocument analyzed(std::initializer_list<const char*> words) {
  AnalyzedDocument doc;
  uint32_t position = 0;
  for (const char* w : words) {
    const std::string key = term_key(Field::kBody, w);
    doc.tokens.push_back({static_cast<uint32_t>(doc.keys.size()), static_cast<uint32_t>(key.size()), position++});
    doc.keys += key;
  }
  return doc;
}

TEST(PairKeys, RoundTripAndStayApartFromWords) {
  const std::string key = pair_key(term_key(Field::kTitle, "south"), term_key(Field::kTitle, "china"));
  EXPECT_TRUE(is_pair_key(key));
  EXPECT_FALSE(is_pair_key(term_key(Field::kBody, "south")));
  EXPECT_EQ(key_field(key), Field::kTitle);
  const auto words = split_pair_key(key);
  ASSERT_TRUE(words.has_value());
  EXPECT_EQ(words->first, "south");
  EXPECT_EQ(words->second, "china");
  EXPECT_EQ(printable_key(key), "title:south china");
  // The length prefix keeps "ab"+"c" and "a"+"bc" apart.
  EXPECT_NE(pair_key(term_key(Field::kBody, "ab"), term_key(Field::kBody, "c")),
            pair_key(term_key(Field::kBody, "a"), term_key(Field::kBody, "bc")));
  // A first word of 200 bytes needs a two-byte length.
  const std::string long_word(200, 'x');
  const std::string long_key = pair_key(term_key(Field::kBody, long_word), term_key(Field::kBody, "y"));
  const auto split = split_pair_key(long_key);  // views into long_key
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->first, long_word);
  EXPECT_EQ(split->second, "y");
  EXPECT_FALSE(split_pair_key(std::string("\x80\x05" "ab", 4)).has_value()) << "length past the end";
  EXPECT_FALSE(split_pair_key(std::string("\x80\x02" "ab", 4)).has_value()) << "empty second word";
  EXPECT_FALSE(split_pair_key(std::string("\x85\x01" "ab", 4)).has_value()) << "unknown field";
}

TEST(PairWordSampler, ChoosesTheMostFrequentWordsOfAtLeastOnePercentOfDocuments) {
  PairWordSampler sampler(1000, size_t{1} << 30);
  // 300 documents: "the" in all, "of" in 200, "sea" in 100, "rare" in 2, "once" in 1.
  for (int d = 0; d < 300; ++d) {
    AnalyzedDocument doc = d < 100 ? analyzed({"the", "of", "sea", "the"}) : d < 200 ? analyzed({"of", "the"})
                                                                                     : analyzed({"the"});
    if (d == 5 || d == 6) doc = analyzed({"the", "of", "sea", "rare"});
    if (d == 7) doc = analyzed({"the", "of", "sea", "once"});
    sampler.add(std::move(doc));
  }
  EXPECT_FALSE(sampler.full());
  const auto key = [](const char* w) { return term_key(Field::kBody, w); };
  EXPECT_EQ(sampler.choose(2), (std::vector<std::string>{key("of"), key("the")}));
  // 1 % of 300 documents is 3: "rare" (2) and "once" (1) never qualify.
  EXPECT_EQ(sampler.choose(10), (std::vector<std::string>{key("of"), key("sea"), key("the")}));
  EXPECT_EQ(sampler.take_documents().size(), 300u);
}

TEST(PairWordSampler, IsFullAtItsDocumentOrByteLimit) {
  PairWordSampler by_docs(2, size_t{1} << 30);
  by_docs.add(analyzed({"a"}));
  EXPECT_FALSE(by_docs.full());
  by_docs.add(analyzed({"a"}));
  EXPECT_TRUE(by_docs.full());
  PairWordSampler by_bytes(1000, 100);
  by_bytes.add(analyzed({"a", "b", "c", "d", "e", "f"}));
  EXPECT_TRUE(by_bytes.full());
}

std::string word(size_t i) { return "w" + std::to_string(i); }

// Two indexes of the same Zipfian documents, one with pairs, one without.
class WordPairs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::mt19937_64 rng(7);
    std::vector<double> cdf;
    double sum = 0;
    for (int i = 1; i <= 300; ++i) cdf.push_back(sum += 1.0 / i);
    for (int d = 0; d < 3000; ++d) {
      std::string title, text;
      const int len = 3 + static_cast<int>(rng() % 60);
      for (int i = 0; i < len; ++i) {
        const double u = std::uniform_real_distribution<double>(0, sum)(rng);
        text += word(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin()) + (rng() % 9 == 0 ? ". " : " ");
      }
      if (d % 3 == 0) title = word(rng() % 3) + " " + word(rng() % 3);
      docs_->push_back({"d" + std::to_string(d), title, text});
    }
    IndexWriterOptions options;
    options.analyzer.stem_language = "none";
    options.pair_words = 0;
    testing::build_index(plain_->path(), *docs_, options);
    options.pair_words = 40;
    options.flush_bytes = 200'000;  // several segments, merged: pairs must survive the merge
    testing::build_index(paired_->path(), *docs_, options);
    options.merge_segments = false;
    testing::build_index(segmented_->path(), *docs_, options);
  }

  static inline testing::TempDir* plain_ = new testing::TempDir;
  static inline testing::TempDir* paired_ = new testing::TempDir;
  static inline testing::TempDir* segmented_ = new testing::TempDir;
  static inline std::vector<testing::Doc>* docs_ = new std::vector<testing::Doc>;
};

TEST_F(WordPairs, IndexRecordsPairsOfFrequentWordsOnly) {
  auto plain = IndexReader::open(plain_->path());
  auto paired = IndexReader::open(paired_->path());
  ASSERT_TRUE(plain.is_ok() && paired.is_ok());
  EXPECT_TRUE((*plain)->manifest().pair_words.empty());
  const auto& words = (*paired)->manifest().pair_words;
  ASSERT_EQ(words.size(), 40u);
  EXPECT_TRUE((*paired)->manifest().is_pair_word(term_key(Field::kBody, "w0")));
  EXPECT_FALSE((*paired)->manifest().is_pair_word(term_key(Field::kBody, "w299")));
  EXPECT_EQ((*paired)->segment_count(), 1u);
  // "w0 w1" is a pair key; its df is the number of documents with the phrase.
  const SegmentReader& seg = (*paired)->segment(0);
  auto info = seg.find_term(pair_key(term_key(Field::kBody, "w0"), term_key(Field::kBody, "w1")));
  ASSERT_TRUE(info.is_ok());
  auto phrase_matches = Searcher(**plain).count("\"w0 w1\"");
  ASSERT_TRUE(phrase_matches.is_ok());
  EXPECT_EQ(info->df, *phrase_matches);
  EXPECT_FALSE(seg.find_term(pair_key(term_key(Field::kBody, "w0"), term_key(Field::kBody, "w299"))).is_ok());
  // The deep checker accepts the pairs and the totals.
  auto report = check_index(paired_->path());
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->faults.empty()) << report->faults[0].file << ": " << report->faults[0].message;
}

TEST_F(WordPairs, PhrasesGiveTheSameMatchesAndScoresAsWithoutPairs) {
  auto plain = IndexReader::open(plain_->path());
  auto paired = IndexReader::open(paired_->path());
  auto segmented = IndexReader::open(segmented_->path());
  ASSERT_TRUE(plain.is_ok() && paired.is_ok() && segmented.is_ok());
  EXPECT_GT((*segmented)->segment_count(), 2u);
  const Searcher a(**plain), b(**paired), c(**segmented);
  std::mt19937_64 rng(11);
  int matched = 0;
  for (int q = 0; q < 600; ++q) {
    // A phrase of 2-4 words cut from a document (so that most match), or of random frequent words.
    const auto& text = (*docs_)[rng() % docs_->size()].text;
    std::vector<std::string> tokens;
    for (size_t i = 0, j; i < text.size(); i = j + 1) {
      j = text.find(' ', i);
      if (j == std::string::npos) j = text.size();
      if (j > i) tokens.push_back(text.substr(i, j - i));
    }
    const size_t n = 2 + rng() % 3;
    std::string phrase;
    if (q % 4 != 3 && tokens.size() >= n) {
      const size_t start = rng() % (tokens.size() - n + 1);
      for (size_t i = 0; i < n; ++i) phrase += tokens[start + i] + " ";
    } else {
      for (size_t i = 0; i < n; ++i) phrase += word(rng() % 12) + " ";
    }
    std::string query = "\"" + phrase + "\"";
    switch (q % 5) {
      case 1: query = "title:" + query; break;
      case 2: query += " +" + word(rng() % 20); break;
      case 3: query = "+" + query + " -" + word(rng() % 20); break;
      case 4: query += " " + word(rng() % 50); break;
    }
    auto want = a.count(query);
    ASSERT_TRUE(want.is_ok()) << query;
    auto got_b = b.count(query), got_c = c.count(query);
    ASSERT_TRUE(got_b.is_ok() && got_c.is_ok()) << query;
    EXPECT_EQ(*got_b, *want) << query;
    EXPECT_EQ(*got_c, *want) << query;
    matched += *want > 0;
    for (bool exhaustive : {false, true}) {
      SearchOptions o;
      o.k = 10;
      o.snippets = false;
      o.count_matches = exhaustive;
      auto ra = a.search(query, o), rb = b.search(query, o), rc = c.search(query, o);
      ASSERT_TRUE(ra.is_ok() && rb.is_ok() && rc.is_ok()) << query;
      ASSERT_EQ(rb->hits.size(), ra->hits.size()) << query;
      ASSERT_EQ(rc->hits.size(), ra->hits.size()) << query;
      for (size_t i = 0; i < ra->hits.size(); ++i) {
        EXPECT_EQ(rb->hits[i].id, ra->hits[i].id) << query << " rank " << i;
        EXPECT_EQ(rb->hits[i].score, ra->hits[i].score) << query << " rank " << i;
        EXPECT_EQ(rc->hits[i].id, ra->hits[i].id) << query << " rank " << i;
        EXPECT_EQ(rc->hits[i].score, ra->hits[i].score) << query << " rank " << i;
      }
    }
  }
  EXPECT_GT(matched, 300) << "most phrases should match something";
}

}  // namespace
}  // namespace quarry::internal

// Indexes written by earlier builds stay readable: frozen copies of the
// briefings index in each format version, answering as when they were written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "index/dense_block.h"
#include "index/index_checker.h"
#include "index/segment_reader.h"
#include "query/searcher.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

class Compat : public ::testing::TestWithParam<int> {
 protected:
  std::string fixture() const { return testing::source_dir() + "/tests/data/format_v" + std::to_string(GetParam()); }
};

TEST_P(Compat, OpensAndAnswersAsWhenWritten) {
  auto reader = IndexReader::open(fixture());
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  EXPECT_EQ((*reader)->manifest().format_version, static_cast<uint32_t>(GetParam()));
  EXPECT_EQ((*reader)->doc_count(), 5u);
  EXPECT_EQ((*reader)->manifest().analyzer.stem_language, "english");
  EXPECT_EQ(testing::hit_ids(**reader, "\"civil nuclear cooperation\""), std::vector<std::string>{"001_a39d764a627dfd8b.txt"});
  // A phrase of frequent words: word positions in v1, pair lists in v2; the same answer.
  EXPECT_EQ(testing::hit_ids(**reader, "\"of the\"").size(), 4u);
  EXPECT_EQ(testing::hit_ids(**reader, "\"the of\""), std::vector<std::string>{});
  const auto blinken = testing::hit_ids(**reader, "Blinken");
  ASSERT_FALSE(blinken.empty());
  EXPECT_EQ(blinken[0], "004_c0c920ee07428efb.txt");
  auto doc = (*reader)->document(1);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->id, "001_a39d764a627dfd8b.txt");
  EXPECT_EQ(doc->title.rfind("Secretary of State Marco Rubio", 0), 0u);
}

TEST_P(Compat, IsSoundUnderCheck) {
  auto report = check_index(fixture());
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->sound()) << report->faults.front().file << ": " << report->faults.front().message;
}

TEST(CompatV1, HasNoPairWords) {
  auto reader = IndexReader::open(testing::source_dir() + "/tests/data/format_v1");
  ASSERT_TRUE(reader.is_ok());
  EXPECT_TRUE((*reader)->manifest().pair_words.empty());
}

TEST(CompatV1, DictionaryWithoutBlockChecksIsVerifiedWholeEvenUnverified) {
  // Version 1 dictionary blocks carry no checks: an unverified open still
  // hashes the whole dictionary, so damage anywhere in it is caught on open.
  testing::TempDir copy;
  std::filesystem::copy(testing::source_dir() + "/tests/data/format_v1", copy.path(),
                        std::filesystem::copy_options::recursive);
  const std::string dict = copy.file("seg-1-0.dict");
  std::fstream f(dict, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(5000);
  char c = 0;
  f.get(c);
  f.seekp(5000);
  f.put(static_cast<char>(c ^ 0x20));
  f.close();
  auto reader = IndexReader::open(copy.path(), /*verify_checksums=*/false);
  ASSERT_FALSE(reader.is_ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kCorruption) << reader.status().to_string();
}

TEST(CompatV2, HasPairWords) {
  auto reader = IndexReader::open(testing::source_dir() + "/tests/data/format_v2");
  ASSERT_TRUE(reader.is_ok());
  EXPECT_TRUE((*reader)->manifest().is_pair_word(term_key(Field::kBody, "the")));
  EXPECT_TRUE((*reader)->manifest().is_pair_word(term_key(Field::kBody, "of")));
}

TEST(CompatV2, LengthsWithoutChunkChecksAreVerifiedWholeEvenUnverified) {
  // Version 2 lengths carry no chunk checks: an unverified open still hashes
  // the whole file, so a damaged length is caught on open.
  testing::TempDir copy;
  std::filesystem::copy(testing::source_dir() + "/tests/data/format_v2", copy.path(),
                        std::filesystem::copy_options::recursive);
  const std::string len = copy.file("seg-1-0.len");
  std::fstream f(len, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(30);  // doc 1's body length
  f.put('\x7f');
  f.close();
  auto reader = IndexReader::open(copy.path(), /*verify_checksums=*/false);
  ASSERT_FALSE(reader.is_ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kCorruption) << reader.status().to_string();
}

TEST(CompatV4, DenseBlocksAnswerAsWhenWritten) {
  // 600 documents; "alpha" in all but 15 of every 50 (so its full blocks are
  // bitmaps), "beta" in every 7th, "gamma delta" in every 3rd.
  const std::string fixture = testing::source_dir() + "/tests/data/format_v4_dense";
  auto reader = IndexReader::open(fixture);
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  const SegmentReader& seg = (*reader)->segment(0);
  auto alpha = seg.lookup_term(term_key(Field::kBody, "alpha"));
  ASSERT_TRUE(alpha.is_ok() && alpha->df == 420);
  const uint64_t blocks = (alpha->df + kBlockSize - 1) / kBlockSize;
  ASSERT_EQ(seg.postings_file().data()[alpha->doc_offset + blocks * kSkipEntrySize], kDenseBlock)
      << "the fixture must hold dense blocks";
  const Searcher searcher(**reader);
  const auto count = [&](const std::string& q) {
    auto n = searcher.count(q);
    EXPECT_TRUE(n.is_ok()) << q;
    return n.is_ok() ? *n : 0;
  };
  EXPECT_EQ(count("alpha"), 420u);
  EXPECT_EQ(count("+alpha +beta"), 60u);
  EXPECT_EQ(count("+alpha -beta"), 360u);
  EXPECT_EQ(count("+alpha +\"gamma delta\""), 140u);
  // Shortest documents first (three words), ties to the lower id.
  EXPECT_EQ(testing::hit_ids(**reader, "+beta +alpha").front(), "d7");
  auto report = check_index(fixture);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->sound()) << report->faults.front().file << ": " << report->faults.front().message;
}

INSTANTIATE_TEST_SUITE_P(FormatVersions, Compat, ::testing::Values(1, 2, 3, 4, 5),
                         [](const auto& info) { return "v" + std::to_string(info.param); });

}  // namespace
}  // namespace quarry::internal

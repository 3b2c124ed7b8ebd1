// quarry check finds each kind of damage, including damage a checksum cannot
// see because the file was re-sealed after tampering.
#include "index/index_checker.h"

#include <gtest/gtest.h>

#include <cstring>

#include "test_util.h"

namespace quarry::internal {
namespace {

using testing::reseal;
using testing::slurp;
using testing::spit;
using testing::TempDir;

std::string only_fault(const std::string& dir) {
  auto r = check_index(dir);
  EXPECT_TRUE(r.is_ok());
  if (!r.is_ok() || r->faults.empty()) return "sound";
  return r->faults.front().file + ": " + r->faults.front().message;
}

class CheckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<testing::Doc> docs;
    for (int i = 0; i < 300; ++i) {
      docs.push_back({"d" + std::to_string(i), "", "common words " + std::string(i % 5 + 1, 'x') + " common"});
    }
    IndexWriterOptions o;
    o.analyzer.stem_language = "none";
    testing::build_index(dir_.path(), docs, o);
  }
  std::string file(const std::string& ext) const { return dir_.file("seg-1-0" + ext); }
  TempDir dir_;
};

TEST_F(CheckTest, SoundIndexPasses) {
  auto r = check_index(dir_.path());
  ASSERT_TRUE(r.is_ok());
  EXPECT_TRUE(r->sound());
  EXPECT_EQ(r->documents_checked, 300u);
}

TEST_F(CheckTest, FlippedByteFailsTheChecksum) {
  for (const char* ext : {".dict", ".doc", ".pos", ".len", ".store"}) {
    const std::string original = slurp(file(ext));
    std::string data = original;
    data[data.size() / 2] ^= 1;
    spit(file(ext), data);
    const std::string fault = only_fault(dir_.path());
    EXPECT_NE(fault.find(std::string("seg-1-0") + ext), std::string::npos) << fault;
    EXPECT_NE(fault.find("checksum"), std::string::npos) << fault;
    spit(file(ext), original);
  }
  EXPECT_EQ(only_fault(dir_.path()), "sound");
}

TEST_F(CheckTest, BlockMaximumThatIsNotMaximal) {
  auto reader = IndexReader::open(dir_.path());
  ASSERT_TRUE(reader.is_ok());
  auto info = (*reader)->segment(0).find_term(term_key(Field::kBody, "common"));
  ASSERT_TRUE(info.is_ok());
  ASSERT_GT(info->df, 128u) << "needs a multi-block term, which has a skip table";
  const uint64_t max_tf_at = info->doc_offset + 12;  // first skip entry's max_tf
  reader->reset();
  std::string data = slurp(file(".doc"));
  const uint32_t wrong = 1;  // the true maximum is 2
  std::memcpy(data.data() + max_tf_at, &wrong, 4);
  spit(file(".doc"), data);
  reseal(file(".doc"));
  EXPECT_EQ(only_fault(dir_.path()), "seg-1-0.doc: term 'common': block maxima are not exact");
}

TEST_F(CheckTest, LengthShorterThanPositions) {
  std::string data = slurp(file(".len"));
  const uint32_t tiny = 1;
  std::memcpy(data.data() + kHeaderSize + 8, &tiny, 4);  // body length of doc 0
  spit(file(".len"), data);
  reseal(file(".len"));
  auto r = check_index(dir_.path());
  ASSERT_TRUE(r.is_ok());
  ASSERT_GE(r->faults.size(), 2u);
  EXPECT_EQ(r->faults[0].file, "seg-1-0.len");  // the sum no longer matches the manifest
  bool position_fault = false;
  for (const auto& f : r->faults) position_fault |= f.message.find("beyond the document's length") != std::string::npos;
  EXPECT_TRUE(position_fault);
}

TEST_F(CheckTest, DictionaryHeadPrefixThatDisagrees) {
  // The block index's head prefixes carry no check of their own: the deep
  // check compares each with its block's head, and a lookup with the heads
  // around the block it lands on.
  std::string data = slurp(file(".dict"));
  uint64_t index_offset;
  std::memcpy(&index_offset, data.data() + data.size() - kFooterSize - 8, 8);
  data[index_offset + 8] ^= 0x40;  // block 0's head prefix, least significant byte
  spit(file(".dict"), data);
  reseal(file(".dict"));
  EXPECT_NE(only_fault(dir_.path()).find("seg-1-0.dict: dictionary block 0: head prefix disagrees"), std::string::npos)
      << only_fault(dir_.path());
  auto reader = IndexReader::open(dir_.path(), /*verify_checksums=*/false);
  ASSERT_TRUE(reader.is_ok());
  auto found = (*reader)->segment(0).find_term(term_key(Field::kBody, "common"));
  ASSERT_FALSE(found.is_ok());
  EXPECT_EQ(found.status().code(), StatusCode::kCorruption) << found.status().to_string();
}

TEST_F(CheckTest, ManifestTotalsThatDisagree) {
  auto m = read_manifest(dir_.path());
  ASSERT_TRUE(m.is_ok());
  m->segments[0].posting_count += 1;
  ASSERT_TRUE(write_manifest(dir_.path(), *m).is_ok());
  EXPECT_NE(only_fault(dir_.path()).find("manifest: segment seg-1-0 totals"), std::string::npos);
}

TEST_F(CheckTest, MissingFileIsNamed) {
  std::filesystem::remove(file(".pos"));
  EXPECT_NE(only_fault(dir_.path()).find("seg-1-0.pos"), std::string::npos);
}

}  // namespace
}  // namespace quarry::internal

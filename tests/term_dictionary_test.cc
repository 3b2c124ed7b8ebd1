// The term dictionary finds every key it holds and no other, across blocks,
// with keys that share long prefixes, are prefixes of each other, or hold NUL.
#include "index/term_dictionary.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <set>

#include "test_util.h"

namespace quarry::internal {
namespace {

// Every block size a reader may meet: one entry per block (every entry a
// head), the writer's, and the 32 of indexes written before 2026-11-28.
class TermDictionaryBlocks : public ::testing::TestWithParam<uint32_t> {};
INSTANTIATE_TEST_SUITE_P(BlockSizes, TermDictionaryBlocks, ::testing::Values(1u, 7u, kTermsPerBlock, kMaxTermsPerBlock));

TEST_P(TermDictionaryBlocks, FindsEveryKeyAndOnlyThose) {
  std::mt19937_64 rng(3);
  std::set<std::string> keys;
  const std::string alphabet("\0\1ab\xff", 5);
  for (int i = 0; i < 3000; ++i) {
    // Long common prefixes (beyond the 8-byte head prefixes), short keys, NUL bytes.
    std::string k(1, static_cast<char>(rng() % 2));
    if (rng() % 3 == 0) k += "commonprefix-";
    const size_t len = 1 + rng() % 6;
    for (size_t j = 0; j < len; ++j) k += alphabet[rng() % alphabet.size()];
    keys.insert(k);
  }
  testing::TempDir dir;
  const std::string path = dir.file("t.dict");
  std::vector<std::string> sorted(keys.begin(), keys.end());
  {
    auto file = FileWriter::create(path, FileKind::kDictionary);
    ASSERT_TRUE(file.is_ok());
    TermDictionaryWriter writer(**file, GetParam());
    for (size_t i = 0; i < sorted.size(); ++i) {
      TermInfo info;
      info.df = static_cast<uint32_t>(i + 1);
      info.cf = info.df;
      info.doc_offset = 16 + 10 * i;
      info.pos_offset = 16 + 3 * i;
      info.max_tf = 1;
      info.min_len = static_cast<uint32_t>(i);
      ASSERT_TRUE(writer.add(sorted[i], info).is_ok());
    }
    ASSERT_TRUE(writer.finish().is_ok());
    ASSERT_TRUE((*file)->finish().is_ok());
  }
  auto mapped = MappedFile::open(path, FileKind::kDictionary);
  ASSERT_TRUE(mapped.is_ok());
  auto dict = TermDictionaryReader::open(**mapped);
  ASSERT_TRUE(dict.is_ok());
  ASSERT_EQ((*dict)->term_count(), sorted.size());
  ASSERT_TRUE((*dict)->verify_index().is_ok());
  for (size_t i = 0; i < sorted.size(); ++i) {
    auto found = (*dict)->find(sorted[i]);
    ASSERT_TRUE(found.is_ok()) << i << " " << found.status().to_string();
    EXPECT_EQ(found->df, i + 1);
    EXPECT_EQ(found->doc_offset, 16 + 10 * i);
    EXPECT_EQ(found->pos_offset, 16 + 3 * i);
    EXPECT_EQ(found->min_len, i);
  }
  // Absent: before the first key, after the last, between keys, prefixes and extensions of keys.
  std::vector<std::string> probes = {std::string(), std::string(1, '\0'), std::string("\x02"), std::string("\xff\xff")};
  for (int i = 0; i < 3000; ++i) {
    std::string k = sorted[rng() % sorted.size()];
    if (rng() % 2 && k.size() > 1) {
      k.pop_back();
    } else {
      k += alphabet[rng() % alphabet.size()];
    }
    probes.push_back(k);
  }
  for (const auto& k : probes) {
    auto found = (*dict)->find(k);
    auto looked_up = (*dict)->lookup(k);  // the query path: absent is df == 0, not an error
    ASSERT_TRUE(looked_up.is_ok()) << looked_up.status().to_string();
    if (keys.count(k)) {
      EXPECT_TRUE(found.is_ok());
      EXPECT_GE(looked_up->df, 1u);
      if (found.is_ok()) {
        EXPECT_EQ(looked_up->doc_offset, found->doc_offset);
      }
    } else {
      ASSERT_FALSE(found.is_ok());
      EXPECT_EQ(found.status().code(), StatusCode::kNotFound);
      EXPECT_EQ(looked_up->df, 0u);
    }
  }
}

// A dictionary of keys "k0000".."k0999" in blocks of 16, as bytes.
std::string numbered_dictionary(const testing::TempDir& dir) {
  const std::string path = dir.file("n.dict");
  auto file = FileWriter::create(path, FileKind::kDictionary);
  EXPECT_TRUE(file.is_ok());
  TermDictionaryWriter writer(**file, 16);
  for (int i = 0; i < 1000; ++i) {
    char key[8];
    std::snprintf(key, sizeof key, "k%04d", i);
    TermInfo info;
    info.df = info.cf = 1;
    info.doc_offset = info.pos_offset = 16;
    EXPECT_TRUE(writer.add(key, info).is_ok());
  }
  EXPECT_TRUE(writer.finish().is_ok());
  EXPECT_TRUE((*file)->finish().is_ok());
  return testing::slurp(path);
}

// Looks key up in a dictionary whose block 5 (keys k0080..k0095) has the given head prefix in the index.
Result<TermInfo> lookup_with_prefix_of_block5(uint64_t prefix, const std::string& key) {
  testing::TempDir dir;
  std::string data = numbered_dictionary(dir);
  uint64_t index_offset;
  std::memcpy(&index_offset, data.data() + data.size() - kFooterSize - 8, 8);
  std::memcpy(&data[index_offset + 16 * 5 + 8], &prefix, 8);
  const std::string path = dir.file("tampered.dict");
  testing::spit(path, data);
  testing::reseal(path);
  auto mapped = MappedFile::open(path, FileKind::kDictionary);
  EXPECT_TRUE(mapped.is_ok());
  auto dict = TermDictionaryReader::open(**mapped);
  EXPECT_TRUE(dict.is_ok());
  return (*dict)->lookup(key);
}

TEST(TermDictionary, IndexThatMisleadsALookupIsCorruptionNotAbsence) {
  // The block index carries no check: a damaged head prefix must not make a
  // present key look absent. Too large: k0085 is sought in block 4, whose
  // entries all precede it, and block 5's head does not exceed it.
  auto high = lookup_with_prefix_of_block5(UINT64_MAX, "k0085");
  ASSERT_FALSE(high.is_ok());
  EXPECT_EQ(high.status().code(), StatusCode::kCorruption);
  EXPECT_NE(high.status().message().find("disagrees"), std::string::npos) << high.status().to_string();
  // Too small: k0075 (block 4) is sought in block 5, whose head exceeds it.
  auto low = lookup_with_prefix_of_block5(0, "k0075");
  ASSERT_FALSE(low.is_ok());
  EXPECT_EQ(low.status().code(), StatusCode::kCorruption);
  // Keys whose search the damage does not touch are still found.
  auto far = lookup_with_prefix_of_block5(0, "k0500");
  ASSERT_TRUE(far.is_ok()) << far.status().to_string();
  EXPECT_EQ(far->df, 1u);
}

TEST(TermDictionary, SoundIndexFindsKeysAtBlockEdges) {
  testing::TempDir dir;
  const std::string path = dir.file("sound.dict");
  testing::spit(path, numbered_dictionary(dir));
  auto mapped = MappedFile::open(path, FileKind::kDictionary);
  ASSERT_TRUE(mapped.is_ok());
  auto dict = TermDictionaryReader::open(**mapped);
  ASSERT_TRUE(dict.is_ok());
  // Heads, last entries, and absent keys before, between and after blocks.
  for (const char* key : {"k0000", "k0015", "k0016", "k0079", "k0080", "k0999"}) {
    auto r = (*dict)->lookup(key);
    ASSERT_TRUE(r.is_ok()) << key << " " << r.status().to_string();
    EXPECT_EQ(r->df, 1u) << key;
  }
  for (const char* key : {"a", "k", "k0015x", "k0079~", "k1000", "z"}) {
    auto r = (*dict)->lookup(key);
    ASSERT_TRUE(r.is_ok()) << key << " " << r.status().to_string();
    EXPECT_EQ(r->df, 0u) << key;
  }
}

}  // namespace
}  // namespace quarry::internal

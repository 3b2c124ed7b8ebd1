// The term dictionary finds every key it holds and no other, across blocks,
// with keys that share long prefixes, are prefixes of each other, or hold NUL.
#include "index/term_dictionary.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "test_util.h"

namespace quarry::internal {
namespace {

TEST(TermDictionary, FindsEveryKeyAndOnlyThose) {
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
    TermDictionaryWriter writer(**file);
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

}  // namespace
}  // namespace quarry::internal

// Dense (bitmap) doc-id blocks: round trips over every span class, the bit
// search and rank against a model, both expansion paths, and what the check
// must reject.
#include "index/dense_block.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "index/block_codec.h"


namespace quarry::internal {
namespace {

// 128 ascending ids in [base, base + span), the last at base + span - 1.
std::vector<uint32_t> ids_spanning(uint32_t base, uint32_t span, std::mt19937& rng) {
  std::vector<uint32_t> offsets(span - 1);
  for (uint32_t i = 0; i < span - 1; ++i) offsets[i] = i;
  std::shuffle(offsets.begin(), offsets.end(), rng);
  offsets.resize(127);
  offsets.push_back(span - 1);
  std::sort(offsets.begin(), offsets.end());
  for (auto& o : offsets) o += base;
  return offsets;
}

const uint8_t* bytes_of(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(DenseBlock, RoundTripsEverySpanClass) {
  std::mt19937 rng(3);
  // 128: every id; up to 256: the byte expansion's in-register range; past
  // 1,024: the bit-at-a-time expansion; base near the top of the id space.
  for (const uint32_t span : {128u, 129u, 191u, 256u, 257u, 500u, 1024u, 1025u, 4000u}) {
    for (const uint32_t base : {0u, 1u, 63u, 1000u, 0xffffffffu - 5000u}) {
      const auto ids = ids_spanning(base, span, rng);
      std::string buf;
      encode_dense_block(ids.data(), base, buf);
      ASSERT_EQ(buf.size(), dense_block_bytes(span));
      const uint8_t* in = bytes_of(buf);
      ASSERT_EQ(check_dense_block(in, in + buf.size(), span), in + buf.size()) << "span " << span;
      uint32_t out[kBlockSize];
      decode_dense_block(in + 1, span, base, out);
      ASSERT_TRUE(std::equal(ids.begin(), ids.end(), out)) << "span " << span << " base " << base;
    }
  }
}

TEST(DenseBlock, NextAndRankMatchTheModel) {
  std::mt19937 rng(5);
  for (const uint32_t span : {128u, 200u, 640u, 3000u}) {
    const auto ids = ids_spanning(0, span, rng);
    std::string buf;
    encode_dense_block(ids.data(), 0, buf);
    const uint8_t* words = bytes_of(buf) + 1;
    for (uint32_t from = 0; from < span; ++from) {
      const auto it = std::lower_bound(ids.begin(), ids.end(), from);
      ASSERT_EQ(dense_next(words, from), *it) << "span " << span << " from " << from;
      ASSERT_EQ(dense_rank(words, from), static_cast<uint32_t>(it - ids.begin())) << "span " << span << " bit " << from;
    }
  }
}

TEST(DenseBlock, PopcountAgreesWithTheBuiltin) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t w = i < 64 ? uint64_t{1} << i : rng();
    ASSERT_EQ(popcount64(w), static_cast<uint32_t>(__builtin_popcountll(w))) << w;
  }
  EXPECT_EQ(popcount64(0), 0u);
  EXPECT_EQ(popcount64(~uint64_t{0}), 64u);
}

TEST(DenseBlock, CheckRejectsWhatNoWriterProduces) {
  std::mt19937 rng(8);
  const uint32_t span = 300;
  const auto ids = ids_spanning(0, span, rng);
  std::string good;
  encode_dense_block(ids.data(), 0, good);
  const auto accepts = [&](std::string s, uint64_t as_span) {
    return check_dense_block(bytes_of(s), bytes_of(s) + s.size(), as_span) != nullptr;
  };
  ASSERT_TRUE(accepts(good, span));
  EXPECT_FALSE(accepts(good.substr(0, good.size() - 1), span)) << "truncated";
  EXPECT_FALSE(accepts("", span)) << "empty";
  std::string header = good;
  header[0] = 7;  // a packed block's width
  EXPECT_FALSE(accepts(header, span));
  EXPECT_FALSE(accepts(good, span - 1)) << "the last id past the span";
  EXPECT_FALSE(accepts(good, span + 1)) << "the span's last id missing";
  std::string extra = good;  // a 129th bit, within the span
  const uint32_t unset = [&] {
    for (uint32_t b = 0;; ++b) {
      if (!std::binary_search(ids.begin(), ids.end(), b)) return b;
    }
  }();
  extra[1 + unset / 8] = static_cast<char>(extra[1 + unset / 8] | (1 << (unset % 8)));
  EXPECT_FALSE(accepts(extra, span)) << "129 ids";
  std::string missing = good;  // 127 ids
  missing[1 + ids[0] / 8] = static_cast<char>(missing[1 + ids[0] / 8] & ~(1 << (ids[0] % 8)));
  EXPECT_FALSE(accepts(missing, span)) << "127 ids";
  std::string beyond = good;  // a bit past the span, in the last word's padding
  beyond[1 + (span + 3) / 8] = static_cast<char>(beyond[1 + (span + 3) / 8] | (1 << ((span + 3) % 8)));
  EXPECT_FALSE(accepts(beyond, span)) << "a bit past the span";
}

TEST(DenseBlock, BothExpansionsAgreeWithTheIds) {
  std::mt19937 rng(13);
  for (const uint32_t span : {128u, 130u, 256u, 700u, 1024u}) {
    const auto ids = ids_spanning(7, span, rng);
    std::string buf;
    encode_dense_block(ids.data(), 7, buf);
    uint32_t out[kBlockSize + 8];
    dense_expand_portable(bytes_of(buf) + 1, 8 * dense_words(span), 7, out);
    ASSERT_TRUE(std::equal(ids.begin(), ids.end(), out)) << "portable, span " << span;
    // decode_dense_block takes the AVX2 path where the CPU has it.
    uint32_t decoded[kBlockSize];
    decode_dense_block(bytes_of(buf) + 1, span, 7, decoded);
    ASSERT_TRUE(std::equal(ids.begin(), ids.end(), decoded)) << "decode_dense_block, span " << span;
  }
}

}  // namespace
}  // namespace quarry::internal

// Round trips of the block codec over edge values, and SIMD == scalar.
#include "index/block_codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

namespace quarry::internal {
namespace {

std::vector<uint32_t> round_trip(const std::vector<uint32_t>& in, ShortBlocks shorts = ShortBlocks::kPacked) {
  std::string buf;
  encode_sequence(in.data(), in.size(), buf, shorts);
  std::vector<uint32_t> out(in.size() + 1, 0xdeadbeef);
  const auto* begin = reinterpret_cast<const uint8_t*>(buf.data());
  const uint8_t* end = decode_sequence(begin, begin + buf.size(), out.data(), in.size(), shorts);
  EXPECT_EQ(end, begin + buf.size()) << "decoder must consume exactly what the encoder wrote";
  EXPECT_EQ(out.back(), 0xdeadbeefu) << "decoder wrote past n";
  out.pop_back();
  return out;
}

TEST(BlockCodec, RoundTripsEdgeLengthsAndValues) {
  std::mt19937 rng(42);
  for (size_t n : {0, 1, 2, 127, 128, 129, 255, 256, 257, 1000}) {
    for (uint32_t max : {0u, 1u, 2u, 255u, 65535u, 0x7fffffffu, 0xffffffffu}) {
      std::vector<uint32_t> in(n);
      for (auto& v : in) v = max == 0 ? 0 : static_cast<uint32_t>(rng() % (uint64_t{max} + 1));
      if (n > 0) in[n / 2] = max;  // the maximum must survive
      EXPECT_EQ(round_trip(in), in) << "n=" << n << " max=" << max;
      EXPECT_EQ(round_trip(in, ShortBlocks::kVarint), in) << "varint tails, n=" << n << " max=" << max;
    }
  }
}

TEST(BlockCodec, EveryBitWidth) {
  for (unsigned bits = 0; bits <= 32; ++bits) {
    std::vector<uint32_t> in(128);
    const uint64_t top = bits == 0 ? 0 : (uint64_t{1} << bits) - 1;
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint32_t>((i * 2654435761u) & top);
    in[5] = static_cast<uint32_t>(top);
    std::string buf;
    encode_block(in.data(), in.size(), buf);
    EXPECT_EQ(buf.size(), packed_block_bytes(bits)) << "bits=" << bits;
    EXPECT_EQ(round_trip(in), in) << "bits=" << bits;
  }
}

TEST(BlockCodec, SimdAgreesWithScalar) {
  std::mt19937 rng(7);
  for (unsigned bits = 1; bits <= 32; ++bits) {
    uint32_t in[128], words[128], a[128], b[128];
    for (auto& v : in) v = bits == 32 ? rng() : rng() & ((1u << bits) - 1);
    codec_detail::pack128(in, bits, words);
    codec_detail::unpack128_scalar(words, bits, a);
    codec_detail::unpack128_simd(words, bits, b);
    for (int i = 0; i < 128; ++i) {
      ASSERT_EQ(a[i], in[i]) << "bits=" << bits << " i=" << i;
      ASSERT_EQ(b[i], in[i]) << "bits=" << bits << " i=" << i;
    }
  }
}

TEST(BlockCodec, DecodeOneReadsEachValueOfEveryWidth) {
  std::mt19937 rng(11);
  for (unsigned bits = 0; bits <= 32; ++bits) {
    std::vector<uint32_t> in(128);
    const uint64_t top = bits == 0 ? 0 : (uint64_t{1} << bits) - 1;
    for (auto& v : in) v = static_cast<uint32_t>(rng() & top);
    in[127] = static_cast<uint32_t>(top);  // the widest value, in the last slot of lane 3
    std::string buf;
    encode_block(in.data(), in.size(), buf);
    const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
    for (size_t i = 0; i < 128; ++i) {
      uint32_t v = 0xdeadbeef;
      ASSERT_TRUE(decode_one(p, p + buf.size(), 128, i, ShortBlocks::kPacked, v)) << "bits=" << bits << " i=" << i;
      ASSERT_EQ(v, in[i]) << "bits=" << bits << " i=" << i;
    }
    if (bits > 0) {  // truncated: refused, not read past the end
      uint32_t v;
      EXPECT_FALSE(decode_one(p, p + buf.size() - 1, 128, 0, ShortBlocks::kPacked, v)) << "bits=" << bits;
    }
  }
  std::string tail;
  const uint32_t few[3] = {1, 2, 3};
  encode_block(few, 3, tail, ShortBlocks::kVarint);
  const auto* t = reinterpret_cast<const uint8_t*>(tail.data());
  uint32_t v;
  EXPECT_FALSE(decode_one(t, t + tail.size(), 3, 1, ShortBlocks::kVarint, v)) << "a short block's varints are read in order";
  const uint8_t wide[1] = {33};
  EXPECT_FALSE(decode_one(wide, wide + 1, 128, 0, ShortBlocks::kPacked, v)) << "bit width beyond 32";
  EXPECT_FALSE(decode_one(wide, wide + 1, 3, 0, ShortBlocks::kPacked, v)) << "bit width beyond 32, short block";
}

TEST(BlockCodec, SumBoundComesFromTheHeaderAndRefusesHeadersNoBlockHas) {
  // Read before the block is decoded (to choose the one-pass path), so it
  // meets damaged headers first: a width past 32 must not shift past 64 bits.
  const uint8_t three[1] = {3}, thirty_two[1] = {32}, damaged[1] = {200};
  EXPECT_EQ(block_sum_bound(three, 128), 128u * 7u);
  EXPECT_EQ(block_sum_bound(thirty_two, 128), 128u * 0xffffffffull);
  EXPECT_EQ(block_sum_bound(damaged, 128), UINT64_MAX);
  EXPECT_EQ(block_sum_bound(three, 127), UINT64_MAX) << "a short block's varints bound nothing";
}

TEST(BlockCodec, AscendingBlockIsTheGapsPrefixSum) {
  // Gaps to ids in one pass equals decode_block followed by the sums, for every
  // width and for firsts of 0 (the carry starts at -1) and near the top.
  std::mt19937 rng(5);
  for (unsigned bits = 0; bits <= 24; ++bits) {
    for (uint32_t first : {0u, 1u, 1000u, 0xffffffffu - (128u << bits) - 128u}) {
      std::vector<uint32_t> gaps(128);
      const uint32_t top = bits == 0 ? 0 : (1u << bits) - 1;
      for (auto& g : gaps) g = rng() & top;
      gaps[77] = top;
      std::string buf;
      encode_block(gaps.data(), gaps.size(), buf);
      const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
      std::vector<uint32_t> ids(129, 0xdeadbeef);
      EXPECT_EQ(decode_ascending_block(p, p + buf.size(), ids.data(), first), p + buf.size());
      EXPECT_EQ(ids[128], 0xdeadbeefu) << "wrote past the block";
      uint64_t id = uint64_t{first} - 1;
      for (size_t i = 0; i < 128; ++i) {
        id += gaps[i] + 1;
        ASSERT_EQ(ids[i], static_cast<uint32_t>(id)) << "bits=" << bits << " first=" << first << " i=" << i;
      }
      std::vector<uint32_t> scalar = gaps;
      prefix_sum_ascending(scalar.data(), 128, first);
      ids.pop_back();
      EXPECT_EQ(scalar, ids);
      if (bits > 0) {
        EXPECT_EQ(decode_ascending_block(p, p + buf.size() - 1, ids.data(), first), nullptr);
      }
    }
  }
  std::vector<uint32_t> seven = {0, 4, 0, 9, 1, 0, 2};  // the scalar tail past the last four
  prefix_sum_ascending(seven.data(), seven.size(), 10);
  EXPECT_EQ(seven, (std::vector<uint32_t>{10, 15, 16, 26, 28, 29, 32}));
}

TEST(BlockCodec, Avx2AscendingAgreesWithPortable) {
  if (!codec_detail::has_avx2()) GTEST_SKIP() << "no AVX2 on this CPU (or not an x86-64 build)";
  std::mt19937 rng(23);
  for (unsigned bits = 1; bits <= 32; ++bits) {
    for (uint32_t first : {0u, 1u, 77u, 0x80000000u, 0xfffff000u}) {
      uint32_t gaps[128], words[128], a[128], b[128];
      for (auto& g : gaps) g = bits == 32 ? rng() : rng() & ((1u << bits) - 1);
      gaps[rng() % 128] = bits == 32 ? ~0u : (1u << bits) - 1;  // the widest value, somewhere
      codec_detail::pack128(gaps, bits, words);
      // Unaligned, as mapped blocks are: the kernels must not assume 16- or 32-byte alignment.
      std::vector<uint8_t> unaligned(16 * bits + 1);
      std::memcpy(unaligned.data() + 1, words, 16 * bits);
      codec_detail::ascending128_portable(unaligned.data() + 1, bits, a, first);
      codec_detail::ascending128_avx2(unaligned.data() + 1, bits, b, first);
      for (int i = 0; i < 128; ++i) ASSERT_EQ(b[i], a[i]) << "bits=" << bits << " first=" << first << " i=" << i;
      uint32_t id = first - 1;
      for (int i = 0; i < 128; ++i) ASSERT_EQ(a[i], id += gaps[i] + 1) << "bits=" << bits << " i=" << i;
    }
  }
}

// Format v5's short blocks, for every length and bit width: exactly
// short_block_bytes, decoded alike whether the input ends with the block or
// runs on (the whole-word loads), each value also readable alone, and every
// cut short of the end refused.
TEST(BlockCodec, ShortPackedBlocksOfEveryLengthAndWidth) {
  std::mt19937 rng(23);
  for (size_t n = 1; n < kBlockSize; ++n) {
    for (unsigned bits = 0; bits <= 32; ++bits) {
      std::vector<uint32_t> in(n);
      const uint64_t top = bits == 0 ? 0 : (uint64_t{1} << bits) - 1;
      for (auto& v : in) v = static_cast<uint32_t>(rng() & top);
      in[(n * 7) % n] = static_cast<uint32_t>(top);
      std::string buf;
      encode_block(in.data(), n, buf, ShortBlocks::kPacked);
      ASSERT_EQ(buf.size(), short_block_bytes(n, bits)) << "n=" << n << " bits=" << bits;
      std::string runs_on = buf + std::string(16, '\xff');  // bytes after the block must not leak in
      for (const std::string* input : {&buf, &runs_on}) {
        std::vector<uint32_t> out(n + 1, 0xdeadbeef);
        const auto* p = reinterpret_cast<const uint8_t*>(input->data());
        ASSERT_EQ(decode_block(p, p + input->size(), out.data(), n, ShortBlocks::kPacked), p + buf.size())
            << "n=" << n << " bits=" << bits;
        ASSERT_EQ(out.back(), 0xdeadbeefu) << "decoder wrote past n";
        out.pop_back();
        ASSERT_EQ(out, in) << "n=" << n << " bits=" << bits;
      }
      const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
      for (size_t i = 0; i < n; ++i) {
        uint32_t v = 0xdeadbeef;
        ASSERT_TRUE(decode_one(p, p + buf.size(), n, i, ShortBlocks::kPacked, v)) << "n=" << n << " i=" << i;
        ASSERT_EQ(v, in[i]) << "n=" << n << " bits=" << bits << " i=" << i;
      }
      std::vector<uint32_t> out(n);
      for (size_t cut = 0; cut < buf.size(); ++cut) {
        ASSERT_EQ(decode_block(p, p + cut, out.data(), n, ShortBlocks::kPacked), nullptr) << "n=" << n << " cut=" << cut;
        uint32_t v;
        ASSERT_FALSE(decode_one(p, p + cut, n, n - 1, ShortBlocks::kPacked, v)) << "n=" << n << " cut=" << cut;
      }
    }
  }
  const uint8_t wide[2] = {33, 0};
  uint32_t out[1];
  EXPECT_EQ(decode_block(wide, wide + 2, out, 1, ShortBlocks::kPacked), nullptr) << "bit width beyond 32";
}

// Packed short blocks are smaller than varints where it counts: a rare
// word's tfs (all 1, stored as 0) and positions of a few hundred.
TEST(BlockCodec, ShortPackedBlocksAreSmallerThanVarintsForTfsAndPositions) {
  std::vector<uint32_t> tfs(100, 0), positions(100);
  for (size_t i = 0; i < positions.size(); ++i) positions[i] = 128 + static_cast<uint32_t>(i * 3);  // 9 bits
  std::string packed, varints;
  encode_block(tfs.data(), tfs.size(), packed, ShortBlocks::kPacked);
  encode_block(tfs.data(), tfs.size(), varints, ShortBlocks::kVarint);
  EXPECT_EQ(packed.size(), 1u);
  EXPECT_EQ(varints.size(), 100u);
  packed.clear();
  varints.clear();
  encode_block(positions.data(), positions.size(), packed, ShortBlocks::kPacked);
  encode_block(positions.data(), positions.size(), varints, ShortBlocks::kVarint);
  EXPECT_EQ(packed.size(), 1u + (100u * 9 + 7) / 8);
  EXPECT_EQ(varints.size(), 200u);
}

// Where varints are smaller (one wide value among small ones: a document's
// first position beside the deltas of frequent words), a v5 short block is
// the kShortVarints byte and varints: decoded alike, never read alone.
TEST(BlockCodec, ShortBlocksTakeVarintsWhereTheyAreSmaller) {
  std::vector<uint32_t> in(40, 1);
  in[0] = 1u << 20;
  std::string buf;
  encode_block(in.data(), in.size(), buf, ShortBlocks::kPacked);
  ASSERT_EQ(static_cast<uint8_t>(buf[0]), kShortVarints);
  EXPECT_EQ(buf.size(), 1u + 3u + 39u);
  EXPECT_LT(buf.size(), short_block_bytes(in.size(), 21));
  std::vector<uint32_t> out(in.size());
  const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
  EXPECT_EQ(decode_block(p, p + buf.size(), out.data(), in.size(), ShortBlocks::kPacked), p + buf.size());
  EXPECT_EQ(out, in);
  uint32_t v;
  EXPECT_FALSE(decode_one(p, p + buf.size(), in.size(), 3, ShortBlocks::kPacked, v));
  for (size_t cut = 0; cut < buf.size(); ++cut) {
    EXPECT_EQ(decode_block(p, p + cut, out.data(), in.size(), ShortBlocks::kPacked), nullptr) << "cut=" << cut;
  }
}

// Short blocks before format v5 are varints: every length of varint, at every
// distance from the block's end, round-trips, and every cut short of the end
// is refused.
TEST(BlockCodec, ShortBlockVarintsDecodeAsTheCheckedReaderReadsThem) {
  const std::vector<uint32_t> edges = {0, 1, 127, 128, 16383, 16384, (1u << 21) - 1, 1u << 21, (1u << 28) - 1,
                                       1u << 28, 0x7fffffffu, 0xffffffffu};
  for (uint32_t value : edges) {
    for (size_t before = 0; before < 6; ++before) {  // the value's distance from the end varies
      std::vector<uint32_t> in(before, 5);
      in.push_back(value);
      std::vector<uint32_t> out(in.size());
      std::string buf;
      encode_block(in.data(), in.size(), buf, ShortBlocks::kVarint);
      const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
      EXPECT_EQ(decode_block(p, p + buf.size(), out.data(), in.size(), ShortBlocks::kVarint), p + buf.size());
      EXPECT_EQ(out, in) << "value " << value;
      for (size_t cut = 0; cut < buf.size(); ++cut) {
        EXPECT_EQ(decode_block(p, p + cut, out.data(), in.size(), ShortBlocks::kVarint), nullptr)
            << "value " << value << " cut " << cut;
      }
    }
  }
}

TEST(BlockCodec, RejectsTruncatedAndMalformedInput) {
  std::vector<uint32_t> in(128, 1000);
  std::string buf;
  encode_block(in.data(), in.size(), buf);
  std::vector<uint32_t> out(128);
  const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
  for (size_t cut = 0; cut < buf.size(); ++cut) {
    EXPECT_EQ(decode_block(p, p + cut, out.data(), 128, ShortBlocks::kPacked), nullptr) << "cut=" << cut;
  }
  std::string bad = buf;
  bad[0] = 33;  // bit width beyond 32
  const auto* q = reinterpret_cast<const uint8_t*>(bad.data());
  EXPECT_EQ(decode_block(q, q + bad.size(), out.data(), 128, ShortBlocks::kPacked), nullptr);
  // A varint tail that never terminates.
  std::string endless(20, '\xff');
  const auto* e = reinterpret_cast<const uint8_t*>(endless.data());
  EXPECT_EQ(decode_block(e, e + endless.size(), out.data(), 3, ShortBlocks::kVarint), nullptr);
}

}  // namespace
}  // namespace quarry::internal

namespace quarry::internal {
namespace {

TEST(BlockCodec, TfBlocksDecodeWithTheirOrAndSum) {
  // Stored tf - 1 back to tfs, with the OR of the stored values and the tfs'
  // 32-bit sum, for every width (AVX2 where the CPU has it) and short blocks.
  std::mt19937 rng(17);
  for (const ShortBlocks shorts : {ShortBlocks::kPacked, ShortBlocks::kVarint})
  for (const size_t n : {size_t{128}, size_t{1}, size_t{77}}) {
    for (unsigned bits = 0; bits <= 32; ++bits) {
      std::vector<uint32_t> in(n);
      const uint64_t top = bits == 0 ? 0 : (uint64_t{1} << bits) - 1;
      for (auto& v : in) v = static_cast<uint32_t>(rng() & top);
      in[n / 2] = static_cast<uint32_t>(top);
      std::string buf;
      encode_block(in.data(), n, buf, shorts);
      std::vector<uint32_t> out(n);
      uint32_t or_all = 0xdead, sum = 0xbeef;
      const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
      ASSERT_EQ(decode_tf_block(p, p + buf.size(), out.data(), n, shorts, or_all, sum), p + buf.size()) << "bits=" << bits;
      uint32_t want_or = 0, want_sum = 0;
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(out[i], in[i] + 1) << "bits=" << bits << " i=" << i;
        want_or |= in[i];
        want_sum += in[i] + 1;
      }
      EXPECT_EQ(or_all, want_or) << "bits=" << bits << " n=" << n;
      EXPECT_EQ(sum, want_sum) << "bits=" << bits << " n=" << n;
      // The portable path (CPUs without AVX2) agrees: unpack, then the pass.
      std::vector<uint32_t> portable(n);
      ASSERT_NE(decode_block(p, p + buf.size(), portable.data(), n, shorts), nullptr);
      codec_detail::tfs_from_stored(portable.data(), n, or_all, sum);
      EXPECT_EQ(portable, out) << "bits=" << bits << " n=" << n;
      EXPECT_EQ(or_all, want_or);
      EXPECT_EQ(sum, want_sum);
      if (n == 128) {  // a block cut short is rejected
        EXPECT_EQ(decode_tf_block(p, p + buf.size() - 1, out.data(), n, shorts, or_all, sum), nullptr);
      }
    }
  }
}

}  // namespace
}  // namespace quarry::internal

// Posting-block decode throughput (integers per second), SIMD against scalar,
// on bit widths typical of doc gaps (dense and sparse terms) and tfs.
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "index/block_codec.h"
#include "index/dense_block.h"
#include "index/posting_reader.h"

namespace quarry::internal {
namespace {

std::vector<uint32_t> packed_blocks(unsigned bits, size_t blocks) {
  std::mt19937 rng(1);
  std::vector<uint32_t> words(blocks * 128);
  for (size_t b = 0; b < blocks; ++b) {
    uint32_t in[128];
    for (auto& v : in) v = bits == 32 ? rng() : rng() & ((1u << bits) - 1);
    codec_detail::pack128(in, bits, words.data() + b * 128);
  }
  return words;
}

template <void (*Unpack)(const uint32_t*, unsigned, uint32_t*)>
void BM_Unpack(benchmark::State& state) {
  const unsigned bits = static_cast<unsigned>(state.range(0));
  constexpr size_t kBlocks = 256;  // 128 KiB of output: stays in L2
  const auto words = packed_blocks(bits, kBlocks);
  std::vector<uint32_t> out(128);
  for (auto _ : state) {
    for (size_t b = 0; b < kBlocks; ++b) {
      Unpack(words.data() + b * 128, bits, out.data());
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlocks * 128));
}

BENCHMARK(BM_Unpack<codec_detail::unpack128_scalar>)->Name("unpack128/scalar")->Arg(1)->Arg(4)->Arg(8)->Arg(13)->Arg(20);
BENCHMARK(BM_Unpack<codec_detail::unpack128_simd>)->Name("unpack128/simd")->Arg(1)->Arg(4)->Arg(8)->Arg(13)->Arg(20);

// kEncodedBlocks full blocks of random values bits wide, as encode_block writes them.
constexpr size_t kEncodedBlocks = 256;
std::string encoded_blocks(unsigned bits, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string buf;
  for (size_t b = 0; b < kEncodedBlocks; ++b) {
    uint32_t in[128];
    for (auto& v : in) v = rng() & ((1u << bits) - 1);
    encode_block(in, 128, buf);
  }
  return buf;
}

// Decodes every block of buf per iteration; decode(p, end, out) returns the next block.
template <class Decode>
void time_blocks(benchmark::State& state, const std::string& buf, Decode&& decode) {
  uint32_t out[128];
  for (auto _ : state) {
    const auto* p = reinterpret_cast<const uint8_t*>(buf.data());
    const auto* end = p + buf.size();
    while (p < end) {
      p = decode(p, end, out);
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kEncodedBlocks * 128));
}

// Full decode path, header byte and bounds checks included.
void BM_DecodeBlock(benchmark::State& state) {
  time_blocks(state, encoded_blocks(static_cast<unsigned>(state.range(0)), 2),
              [](const uint8_t* p, const uint8_t* end, uint32_t* out) { return decode_block(p, end, out, 128, ShortBlocks::kPacked); });
}
BENCHMARK(BM_DecodeBlock)->Arg(4)->Arg(8)->Arg(13);

// Doc ids from gaps: unpack then prefix sums (two passes over memory); both
// per register with SSE2; and decode_ascending_block, the cursor's path (AVX2
// where the CPU has it, two slots per register).
enum class DocIdPath { kTwoPasses, kSse2, kCursor };
template <DocIdPath kPath>
void BM_DecodeDocIds(benchmark::State& state) {
  time_blocks(state, encoded_blocks(static_cast<unsigned>(state.range(0)), 3),
              [](const uint8_t* p, const uint8_t* end, uint32_t* out) {
                if constexpr (kPath == DocIdPath::kCursor) {
                  return decode_ascending_block(p, end, out, 1000);
                } else if constexpr (kPath == DocIdPath::kSse2) {
                  codec_detail::ascending128_portable(p + 1, p[0], out, 1000);
                  return p + packed_block_bytes(p[0]);
                } else {
                  const uint8_t* next = decode_block(p, end, out, 128, ShortBlocks::kPacked);
                  prefix_sum_ascending(out, 128, 1000);
                  return next;
                }
              });
}
BENCHMARK(BM_DecodeDocIds<DocIdPath::kTwoPasses>)->Name("BM_DecodeDocIds/two_passes")->Arg(4)->Arg(8)->Arg(13);
BENCHMARK(BM_DecodeDocIds<DocIdPath::kSse2>)->Name("BM_DecodeDocIds/sse2_fused")->Arg(4)->Arg(8)->Arg(13);
BENCHMARK(BM_DecodeDocIds<DocIdPath::kCursor>)->Name("BM_DecodeDocIds/cursor_path")->Arg(4)->Arg(8)->Arg(13);

// A block's tfs (stored tf - 1, mostly small), with the OR and sum the
// cursor needs: unpack then a pass adding 1, ORing and summing (the cursor's
// path before format v4's session), against decode_tf_block (one pass over
// registers with AVX2 where the CPU has it).
template <bool kOnePass>
void BM_DecodeTfs(benchmark::State& state) {
  uint32_t or_all = 0, sum = 0;
  time_blocks(state, encoded_blocks(static_cast<unsigned>(state.range(0)), 4),
              [&](const uint8_t* p, const uint8_t* end, uint32_t* out) {
                if constexpr (kOnePass) {
                  p = decode_tf_block(p, end, out, 128, ShortBlocks::kPacked, or_all, sum);
                } else {
                  p = decode_block(p, end, out, 128, ShortBlocks::kPacked);
                  codec_detail::tfs_from_stored(out, 128, or_all, sum);
                }
                benchmark::DoNotOptimize(sum);
                return p;
              });
}
BENCHMARK(BM_DecodeTfs<false>)->Name("BM_DecodeTfs/unpack_then_pass")->Arg(1)->Arg(2)->Arg(4)->Arg(6);
BENCHMARK(BM_DecodeTfs<true>)->Name("BM_DecodeTfs/one_pass")->Arg(1)->Arg(2)->Arg(4)->Arg(6);

// One probe into each block of a frequent word's list (128 documents among
// the 150 ids after the previous block, gaps of 0 with a few up to 15): the
// packed block is decoded (gaps to ids) and searched by halving, as a cursor
// does; the dense block (format v4) is checked, bit-searched and ranked.
struct ProbeBlocks {
  std::vector<std::vector<uint32_t>> ids;  // per block
  std::vector<std::string> packed, dense;
  std::vector<uint32_t> bases, targets;
  ProbeBlocks() {
    std::mt19937 rng(6);
    uint32_t base = 0;
    for (int b = 0; b < 256; ++b) {
      std::vector<uint32_t> block;
      uint32_t d = base + rng() % 4, gaps[128];
      for (size_t i = 0; i < 128; ++i) {
        gaps[i] = d - (block.empty() ? base : block.back() + 1);
        block.push_back(d);
        d += rng() % 20 == 0 ? 2 + rng() % 14 : 1;
      }
      std::string p, q;
      encode_block(gaps, 128, p);
      encode_dense_block(block.data(), base, q);
      packed.push_back(p);
      dense.push_back(q);
      bases.push_back(base);
      targets.push_back(block[rng() % 128]);
      ids.push_back(block);
      base = block.back() + 1;
    }
  }
};

template <bool kDense>
void BM_ProbeBlock(benchmark::State& state) {
  static const ProbeBlocks blocks;
  uint32_t docs[128];
  for (auto _ : state) {
    for (size_t b = 0; b < blocks.ids.size(); ++b) {
      const uint32_t target = blocks.targets[b];
      uint32_t index;
      if constexpr (kDense) {
        const auto* p = reinterpret_cast<const uint8_t*>(blocks.dense[b].data());
        const uint64_t span = uint64_t{blocks.ids[b].back()} - blocks.bases[b] + 1;
        if (!check_dense_block(p, p + blocks.dense[b].size(), span)) state.SkipWithError("bad dense block");
        index = dense_rank(p + 1, dense_next(p + 1, target - blocks.bases[b]));
      } else {
        const auto* p = reinterpret_cast<const uint8_t*>(blocks.packed[b].data());
        decode_ascending_block(p, p + blocks.packed[b].size(), docs, blocks.bases[b]);
        index = first_at_least_halving(docs, 128, target);
      }
      benchmark::DoNotOptimize(index);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * blocks.ids.size()));
}
BENCHMARK(BM_ProbeBlock<false>)->Name("BM_ProbeBlock/packed");
BENCHMARK(BM_ProbeBlock<true>)->Name("BM_ProbeBlock/dense");

}  // namespace
}  // namespace quarry::internal

// Compression of 32-bit integer blocks: the only code that knows bit layouts.
//
// A full block holds 128 integers bit-packed at the width of the largest one,
// in four interleaved 32-bit lanes (integer i is in lane i % 4, slot i / 4), so
// one SSE register unpacks four integers per step. Shorter runs are, since
// format v5, bit-packed too, in one plain bit stream (varints before).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace quarry::internal {

inline constexpr size_t kBlockSize = 128;

// How a block of fewer than kBlockSize values is stored: as n varints (format
// v1 to v4), or (v5) bit-packed: one byte with the bit width b (0..32), then
// ceil(n * b / 8) bytes, value i at bits [i * b, i * b + b) of the bytes read
// as one little-endian bit stream; or, where that is smaller, the byte
// kShortVarints and n varints (a block's last positions: one large first
// position of a document beside small deltas). Packed, a short block decodes
// without a branch per value (a varint's length is one the CPU guesses
// wrong), reads any one value directly, and is smaller: a rare word's tfs of
// 1 take one byte.
enum class ShortBlocks : uint8_t { kVarint, kPacked };
inline constexpr uint8_t kShortVarints = 0xff;
// What files of a format version hold.
inline constexpr ShortBlocks short_blocks_of(uint32_t format_version) {
  return format_version >= 5 ? ShortBlocks::kPacked : ShortBlocks::kVarint;
}

// Appends n values (REQUIRES: n <= kBlockSize). For n == kBlockSize: one byte
// with the bit width b (0..32), then 16 * b bytes. For n < kBlockSize: as
// shorts says (writers write the current format: packed).
void encode_block(const uint32_t* in, size_t n, std::string& out, ShortBlocks shorts = ShortBlocks::kPacked);

// Decodes n values written by encode_block(in, n, shorts). Returns one past
// the last byte read, or nullptr if the input is malformed or would need
// bytes past end.
const uint8_t* decode_block(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts);

// decode_block of n values stored as tf - 1 (a postings block's tf run), each
// then plus 1, with the OR of the stored values and the sum of the tfs in
// 32-bit lanes: exact when the OR is below 2^24, as then no sum of 128 wraps.
// One pass over registers for a full block on AVX2 CPUs.
const uint8_t* decode_tf_block(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts,
                               uint32_t& or_all, uint32_t& sum);

// Bytes of a packed full block with bit width b, header byte included.
inline constexpr size_t packed_block_bytes(unsigned b) { return 1 + 16 * static_cast<size_t>(b); }

// A full block's bit width from its header, or -1 when [in, end) cannot hold
// one (no header, a width past 32, or too few bytes for the width).
inline int packed_width(const uint8_t* in, const uint8_t* end) {
  if (in >= end || in[0] > 32 || static_cast<size_t>(end - in) < packed_block_bytes(in[0])) return -1;
  return in[0];
}

// ids[i] = first + i + v[0] + ... + v[i], in place: doc-id gaps (each id minus
// the previous minus 1) to ids. REQUIRES: no 32-bit overflow.
void prefix_sum_ascending(uint32_t* v, size_t n, uint32_t first);

// decode_block of a full block of gaps, then prefix_sum_ascending(out, 128,
// first), in one pass over registers. REQUIRES: the sums cannot wrap (see
// block_sum_bound).
const uint8_t* decode_ascending_block(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t first);

// Bytes of a packed short block of n values with bit width b, header included.
inline constexpr size_t short_block_bytes(size_t n, unsigned b) { return 1 + (n * b + 7) / 8; }

// Value i (< n) of a packed short block alone. False when malformed or
// stored as varints.
inline bool decode_one_short(const uint8_t* in, const uint8_t* end, size_t n, size_t i, uint32_t& out) {
  if (in >= end || in[0] > 32 || static_cast<size_t>(end - in) < short_block_bytes(n, in[0])) return false;
  const unsigned bits = in[0];
  const size_t bit = i * bits, first = bit / 8;
  const size_t payload = short_block_bytes(n, bits) - 1;
  uint64_t w = 0;
  if (bits > 0) std::memcpy(&w, in + 1 + first, std::min<size_t>(8, payload - first));  // little-endian hosts
  out = static_cast<uint32_t>((w >> (bit % 8)) & ((uint64_t{1} << bits) - 1));
  return true;
}

// Value i of a block alone, read straight from where it is packed without
// unpacking the others: a conjunction probing one document of a long list
// needs one tf, not the block's. False for a varint short block (varints are
// read in order) or a malformed one; decode_block then decides.
inline bool decode_one(const uint8_t* in, const uint8_t* end, size_t n, size_t i, ShortBlocks shorts, uint32_t& out) {
  if (n < kBlockSize) return shorts == ShortBlocks::kPacked && decode_one_short(in, end, n, i, out);
  const int width = packed_width(in, end);
  if (width < 0) return false;
  const unsigned bits = static_cast<unsigned>(width);
  if (bits == 0) {
    out = 0;
    return true;
  }
  // Integer i: lane i % 4, slot i / 4, at bit slot * bits of the lane's words.
  const size_t lane = i & 3, bit = (i >> 2) * bits, word = bit >> 5, shift = bit & 31;
  const uint8_t* words = in + 1;
  uint32_t lo;
  std::memcpy(&lo, words + 4 * (word * 4 + lane), 4);
  uint64_t v = lo >> shift;
  if (shift + bits > 32) {
    uint32_t hi;
    std::memcpy(&hi, words + 4 * ((word + 1) * 4 + lane), 4);
    v |= uint64_t{hi} << (32 - shift);
  }
  out = static_cast<uint32_t>(v & ((uint64_t{1} << bits) - 1));
  return true;
}

// An upper bound of the sum of the n values encoded at in, known from a full
// block's header alone (UINT64_MAX for a shorter block, or a header no block
// has: decode_block rejects it). REQUIRES: in < the input's end.
inline uint64_t block_sum_bound(const uint8_t* in, size_t n) {
  return n == kBlockSize && in[0] <= 32 ? kBlockSize * ((uint64_t{1} << in[0]) - 1) : UINT64_MAX;
}

// Any number of values: full blocks, then a shorter tail block.
void encode_sequence(const uint32_t* in, size_t n, std::string& out, ShortBlocks shorts = ShortBlocks::kPacked);
const uint8_t* decode_sequence(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts);

namespace codec_detail {
// Exposed for tests and benchmarks: both must agree on every input.
void pack128(const uint32_t* in, unsigned bits, uint32_t* words);
void unpack128_scalar(const uint32_t* words, unsigned bits, uint32_t* out);
void unpack128_simd(const uint32_t* words, unsigned bits, uint32_t* out);  // scalar when no SIMD
// Gaps to ids (decode_ascending_block's kernels), from the packed words
// after a full block's header. REQUIRES: 0 <= bits <= 32.
void ascending128_portable(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t first);  // SSE2 or scalar
void tfs_from_stored(uint32_t* out, size_t n, uint32_t& or_all, uint32_t& sum);  // decode_tf_block's pass after an unpack
bool has_avx2();  // whether this CPU runs ascending128_avx2 (false when not built)
void ascending128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t first);  // REQUIRES: has_avx2(), bits >= 1
void tfs128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t* or_all, uint32_t* sum);  // the same
// Ids base + 8j + (each set bit of bytes[j]), ascending, for a dense block's
// bitmap (dense_block.h), from the table of each byte value's set bits
// (offsets, then zeros) and their counts. REQUIRES: has_avx2(); out has room
// for 8 past the last id.
void dense_expand_avx2(const uint8_t* bytes, size_t n, uint32_t base, uint32_t* out, const uint8_t (*offsets)[8],
                       const uint8_t* counts);
}  // namespace codec_detail

}  // namespace quarry::internal

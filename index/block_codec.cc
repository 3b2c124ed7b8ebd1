// Bit packing of 128-integer blocks (scalar and SSE2) and of shorter tails
// (packed since format v5, varints before).
#include "index/block_codec.h"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>
#include <cstring>

#include "index/bytes.h"
#include "index/dense_block.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#define QUARRY_HAVE_SSE2 1
#endif

namespace quarry::internal {
namespace codec_detail {
namespace {

inline uint32_t mask_for(unsigned bits) { return bits >= 32 ? ~0u : (1u << bits) - 1; }

template <unsigned B>
void unpack_scalar_fixed(const uint32_t* words, uint32_t* out) {
  constexpr uint32_t kMask = B >= 32 ? ~0u : (1u << B) - 1;
  for (unsigned lane = 0; lane < 4; ++lane) {
#pragma GCC unroll 32
    for (unsigned slot = 0; slot < 32; ++slot) {
      const unsigned bit = slot * B, w = bit >> 5, shift = bit & 31;
      uint32_t v = words[w * 4 + lane] >> shift;
      if (shift + B > 32) v |= words[(w + 1) * 4 + lane] << (32 - shift);
      out[slot * 4 + lane] = v & kMask;
    }
  }
}

#if QUARRY_HAVE_SSE2
// Unpacks a block four integers (one slot of the four lanes) at a time and
// hands each register to sink(slot, v). Unaligned loads: the mapped input
// need not be 4-byte aligned. Unrolled by pragma, so that every shift is a
// constant and no spill is a branch (GCC 12 at -O3 left the loop rolled).
template <unsigned B, class Sink>
inline void unpack_sse2_each(const uint8_t* words, Sink&& sink) {
  const __m128i mask = _mm_set1_epi32(static_cast<int>(B >= 32 ? ~0u : (1u << B) - 1));
  const auto word = [&](unsigned w) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(words) + w); };
#pragma GCC unroll 32
  for (unsigned slot = 0; slot < 32; ++slot) {
    const unsigned bit = slot * B, w = bit >> 5, shift = bit & 31;
    __m128i v = _mm_srli_epi32(word(w), static_cast<int>(shift));
    if (shift + B > 32) v = _mm_or_si128(v, _mm_slli_epi32(word(w + 1), static_cast<int>(32 - shift)));
    sink(slot, _mm_and_si128(v, mask));
  }
}

template <unsigned B>
void unpack_sse2_fixed(const uint8_t* words, uint32_t* out) {
  unpack_sse2_each<B>(words, [out](unsigned slot, __m128i v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out) + slot, v);
  });
}

// Four gaps (consecutive integers: one slot) to four ids, after the id in
// every lane of carry; returns the last id in every lane.
inline __m128i ascending_step(__m128i gaps, __m128i carry, uint32_t* out) {
  __m128i x = _mm_add_epi32(gaps, _mm_set1_epi32(1));
  x = _mm_add_epi32(x, _mm_slli_si128(x, 4));
  x = _mm_add_epi32(x, _mm_slli_si128(x, 8));
  x = _mm_add_epi32(x, carry);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), x);
  return _mm_shuffle_epi32(x, _MM_SHUFFLE(3, 3, 3, 3));
}

template <unsigned B>
void unpack_sse2_ascending(const uint8_t* words, uint32_t* out, uint32_t first) {
  __m128i carry = _mm_set1_epi32(static_cast<int>(first - 1));  // wraps for first == 0; the sums come back
  unpack_sse2_each<B>(words, [&](unsigned slot, __m128i v) { carry = ascending_step(v, carry, out + 4 * slot); });
}
#endif

using UnpackFn = void (*)(const uint32_t*, uint32_t*);

template <unsigned... Bs>
constexpr auto make_scalar_table(std::integer_sequence<unsigned, Bs...>) {
  return std::array<UnpackFn, sizeof...(Bs)>{&unpack_scalar_fixed<Bs + 1>...};
}
constexpr auto kScalarTable = make_scalar_table(std::make_integer_sequence<unsigned, 32>{});

#if QUARRY_HAVE_SSE2
using Sse2UnpackFn = void (*)(const uint8_t*, uint32_t*);
using Sse2AscendingFn = void (*)(const uint8_t*, uint32_t*, uint32_t);
template <unsigned... Bs>
constexpr auto make_sse2_table(std::integer_sequence<unsigned, Bs...>) {
  return std::array<Sse2UnpackFn, sizeof...(Bs)>{&unpack_sse2_fixed<Bs + 1>...};
}
template <unsigned... Bs>
constexpr auto make_sse2_ascending_table(std::integer_sequence<unsigned, Bs...>) {
  return std::array<Sse2AscendingFn, sizeof...(Bs)>{&unpack_sse2_ascending<Bs + 1>...};
}
constexpr auto kSse2Table = make_sse2_table(std::make_integer_sequence<unsigned, 32>{});
constexpr auto kSse2AscendingTable = make_sse2_ascending_table(std::make_integer_sequence<unsigned, 32>{});
#endif

// The 128 integers packed bits wide at words (after a block's header; any alignment).
void unpack_packed(const uint8_t* words, unsigned bits, uint32_t* out) {
  if (bits == 0) {
    std::memset(out, 0, kBlockSize * sizeof(uint32_t));
    return;
  }
#if QUARRY_HAVE_SSE2
  kSse2Table[bits - 1](words, out);
#else
  uint32_t aligned[kBlockSize];  // the scalar kernels read whole 32-bit words
  std::memcpy(aligned, words, 16 * bits);
  kScalarTable[bits - 1](aligned, out);
#endif
}

}  // namespace

void pack128(const uint32_t* in, unsigned bits, uint32_t* words) {
  std::memset(words, 0, 16 * bits);
  if (bits == 0) return;
  const uint32_t mask = mask_for(bits);
  for (unsigned lane = 0; lane < 4; ++lane) {
    for (unsigned slot = 0; slot < 32; ++slot) {
      const uint32_t v = in[slot * 4 + lane] & mask;
      const unsigned bit = slot * bits, w = bit >> 5, shift = bit & 31;
      words[w * 4 + lane] |= v << shift;
      if (shift + bits > 32) words[(w + 1) * 4 + lane] |= v >> (32 - shift);
    }
  }
}

void unpack128_scalar(const uint32_t* words, unsigned bits, uint32_t* out) {
  if (bits == 0) {
    std::memset(out, 0, kBlockSize * sizeof(uint32_t));
    return;
  }
  kScalarTable[bits - 1](words, out);
}

void unpack128_simd(const uint32_t* words, unsigned bits, uint32_t* out) {
  unpack_packed(reinterpret_cast<const uint8_t*>(words), bits, out);
}

void ascending128_portable(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t first) {
#if QUARRY_HAVE_SSE2
  if (bits > 0) {
    kSse2AscendingTable[bits - 1](words, out, first);
    return;
  }
#endif
  unpack_packed(words, bits, out);
  prefix_sum_ascending(out, kBlockSize, first);
}

// Stored tf - 1 to tfs in place, with the OR of the stored values and the
// tfs' sum, in 32-bit lanes so that it vectorizes.
void tfs_from_stored(uint32_t* out, size_t n, uint32_t& or_all, uint32_t& sum) {
  uint32_t seen = 0, total = 0;
  for (size_t i = 0; i < n; ++i) {
    seen |= out[i];
    out[i] += 1;
    total += out[i];
  }
  or_all = seen;
  sum = total;
}

#if QUARRY_HAVE_AVX2_KERNELS
// __builtin_cpu_init first: this runs during static initialization.
static const bool kCpuHasAvx2 = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}();
bool has_avx2() { return kCpuHasAvx2; }
#else
bool has_avx2() { return false; }
void ascending128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t first) {
  ascending128_portable(words, bits, out, first);
}
void tfs128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t* or_all, uint32_t* sum) {
  unpack_packed(words, bits, out);
  tfs_from_stored(out, kBlockSize, *or_all, *sum);
}
void dense_expand_avx2(const uint8_t* bytes, size_t n, uint32_t base, uint32_t* out, const uint8_t (*)[8],
                       const uint8_t*) {
  dense_expand_portable(bytes, n, base, out);
}
#endif

}  // namespace codec_detail

void prefix_sum_ascending(uint32_t* v, size_t n, uint32_t first) {
  size_t i = 0;
  uint32_t id = first - 1;  // wraps for first == 0; the sums come back
#if QUARRY_HAVE_SSE2
  __m128i carry = _mm_set1_epi32(static_cast<int>(id));
  for (; i + 4 <= n; i += 4) {
    carry = codec_detail::ascending_step(_mm_loadu_si128(reinterpret_cast<const __m128i*>(v + i)), carry, v + i);
  }
  if (i > 0) id = v[i - 1];
#endif
  for (; i < n; ++i) v[i] = id += v[i] + 1;
}

namespace {

// Varint bytes of v.
size_t varint_size(uint32_t v) { return v < 128 ? 1 : (static_cast<size_t>(std::bit_width(v)) + 6) / 7; }

void encode_varints(const uint32_t* in, size_t n, std::string& out) {
  ByteWriter w(out);
  for (size_t i = 0; i < n; ++i) w.varint(in[i]);
}

void encode_short_packed(const uint32_t* in, size_t n, std::string& out) {
  uint32_t all = 0;
  size_t varint_bytes = 1;
  for (size_t i = 0; i < n; ++i) {
    all |= in[i];
    varint_bytes += varint_size(in[i]);
  }
  const unsigned bits = static_cast<unsigned>(std::bit_width(all));
  if (varint_bytes < short_block_bytes(n, bits)) {
    out.push_back(static_cast<char>(kShortVarints));
    return encode_varints(in, n, out);
  }
  out.push_back(static_cast<char>(bits));
  const size_t start = out.size(), bytes = short_block_bytes(n, bits) - 1;
  out.resize(start + bytes, '\0');
  auto* payload = reinterpret_cast<uint8_t*>(out.data() + start);
  for (size_t i = 0; i < n; ++i) {
    const size_t bit = i * bits;
    uint64_t v = uint64_t{in[i]} << (bit % 8);
    for (size_t at = bit / 8; v != 0; ++at, v >>= 8) payload[at] |= static_cast<uint8_t>(v);
  }
}

const uint8_t* decode_varints(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n) {
  ByteReader r(in, end);
  for (size_t i = 0; i < n; ++i) {
    if (!r.varint32(out[i])) return nullptr;
  }
  return r.position();
}

// Whole 8-byte loads while one stays inside [in, end) (the block's bytes,
// then whatever follows it there), masked to the value; the values near
// end from one load of the block's last 8 bytes.
const uint8_t* decode_short_packed(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n) {
  if (in < end && in[0] == kShortVarints) return decode_varints(in + 1, end, out, n);
  if (in >= end || in[0] > 32) return nullptr;
  const unsigned bits = in[0];
  const size_t block_bytes = short_block_bytes(n, bits);
  if (static_cast<size_t>(end - in) < block_bytes) return nullptr;
  const uint8_t* payload = in + 1;
  if (bits == 0) {
    std::fill(out, out + n, 0u);
    return payload;
  }
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  const size_t room = static_cast<size_t>(end - payload), payload_bytes = block_bytes - 1;
  // Value i's load payload[i * bits / 8 .. + 8) lies within room while i * bits <= 8 * (room - 8).
  const size_t whole = room < 8 ? 0 : std::min(n, 8 * (room - 8) / bits + 1);
  size_t i = 0;
  for (; i < whole; ++i) {
    const size_t bit = i * bits;
    uint64_t w;
    std::memcpy(&w, payload + bit / 8, 8);
    out[i] = static_cast<uint32_t>((w >> (bit % 8)) & mask);
  }
  if (i < n) {
    // The rest lie in the payload's last 8 bytes (all of a shorter payload,
    // zero-padded), loaded once: a load cut to size per value cost more than
    // the whole block's other values together.
    const size_t window_at = payload_bytes >= 8 ? payload_bytes - 8 : 0;
    uint64_t w = 0;
    std::memcpy(&w, payload + window_at, std::min<size_t>(8, payload_bytes));
    for (; i < n; ++i) out[i] = static_cast<uint32_t>((w >> (i * bits - 8 * window_at)) & mask);
  }
  return payload + payload_bytes;
}

}  // namespace

void encode_block(const uint32_t* in, size_t n, std::string& out, ShortBlocks shorts) {
  if (n < kBlockSize) {
    return shorts == ShortBlocks::kPacked ? encode_short_packed(in, n, out) : encode_varints(in, n, out);
  }
  uint32_t all = 0;
  for (size_t i = 0; i < kBlockSize; ++i) all |= in[i];
  const unsigned bits = static_cast<unsigned>(std::bit_width(all));
  uint32_t words[kBlockSize];
  codec_detail::pack128(in, bits, words);
  out.push_back(static_cast<char>(bits));
  out.append(reinterpret_cast<const char*>(words), 16 * bits);
}

const uint8_t* decode_block(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts) {
  if (n < kBlockSize) {
    return shorts == ShortBlocks::kPacked ? decode_short_packed(in, end, out, n) : decode_varints(in, end, out, n);
  }
  const int bits = packed_width(in, end);
  if (bits < 0) return nullptr;
  codec_detail::unpack_packed(in + 1, static_cast<unsigned>(bits), out);
  return in + packed_block_bytes(static_cast<unsigned>(bits));
}

const uint8_t* decode_tf_block(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts,
                               uint32_t& or_all, uint32_t& sum) {
  if (n == kBlockSize && codec_detail::has_avx2()) {
    const int width = packed_width(in, end);
    if (width < 0) return nullptr;
    const unsigned bits = static_cast<unsigned>(width);
    if (bits == 0) {
      std::fill(out, out + kBlockSize, 1u);
      or_all = 0;
      sum = kBlockSize;
    } else {
      codec_detail::tfs128_avx2(in + 1, bits, out, &or_all, &sum);
    }
    return in + packed_block_bytes(bits);
  }
  const uint8_t* next = decode_block(in, end, out, n, shorts);
  if (next) codec_detail::tfs_from_stored(out, n, or_all, sum);
  return next;
}

const uint8_t* decode_ascending_block(const uint8_t* in, const uint8_t* end, uint32_t* out, uint32_t first) {
  const int width = packed_width(in, end);
  if (width < 0) return nullptr;
  const unsigned bits = static_cast<unsigned>(width);
  if (bits > 0 && codec_detail::has_avx2()) {
    codec_detail::ascending128_avx2(in + 1, bits, out, first);
  } else {
    codec_detail::ascending128_portable(in + 1, bits, out, first);
  }
  return in + packed_block_bytes(bits);
}

void encode_sequence(const uint32_t* in, size_t n, std::string& out, ShortBlocks shorts) {
  for (size_t i = 0; i < n; i += kBlockSize) {
    encode_block(in + i, std::min(kBlockSize, n - i), out, shorts);
  }
}

const uint8_t* decode_sequence(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n, ShortBlocks shorts) {
  for (size_t i = 0; i < n && in; i += kBlockSize) {
    in = decode_block(in, end, out + i, std::min(kBlockSize, n - i), shorts);
  }
  return in;
}

}  // namespace quarry::internal

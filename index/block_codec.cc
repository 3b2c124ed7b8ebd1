// Bit packing of 128-integer blocks (scalar and SSE2) and varint tails.
#include "index/block_codec.h"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>
#include <cstring>

#include "index/bytes.h"

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
    for (unsigned slot = 0; slot < 32; ++slot) {
      const unsigned bit = slot * B, w = bit >> 5, shift = bit & 31;
      uint32_t v = words[w * 4 + lane] >> shift;
      if (shift + B > 32) v |= words[(w + 1) * 4 + lane] << (32 - shift);
      out[slot * 4 + lane] = v & kMask;
    }
  }
}

#if QUARRY_HAVE_SSE2
template <unsigned B>
void unpack_sse2_fixed(const uint32_t* words, uint32_t* out) {
  const __m128i mask = _mm_set1_epi32(static_cast<int>(B >= 32 ? ~0u : (1u << B) - 1));
  const __m128i* in = reinterpret_cast<const __m128i*>(words);
  __m128i* dst = reinterpret_cast<__m128i*>(out);
  // The loop bounds are constants, so the compiler unrolls it per bit width.
  for (unsigned slot = 0; slot < 32; ++slot) {
    const unsigned bit = slot * B, w = bit >> 5, shift = bit & 31;
    __m128i v = _mm_srli_epi32(_mm_loadu_si128(in + w), static_cast<int>(shift));
    if (shift + B > 32) {
      v = _mm_or_si128(v, _mm_slli_epi32(_mm_loadu_si128(in + w + 1), static_cast<int>(32 - shift)));
    }
    _mm_storeu_si128(dst + slot, _mm_and_si128(v, mask));
  }
}
#endif


using UnpackFn = void (*)(const uint32_t*, uint32_t*);

template <unsigned... Bs>
constexpr auto make_scalar_table(std::integer_sequence<unsigned, Bs...>) {
  return std::array<UnpackFn, sizeof...(Bs)>{&unpack_scalar_fixed<Bs + 1>...};
}
#if QUARRY_HAVE_SSE2
template <unsigned... Bs>
constexpr auto make_sse2_table(std::integer_sequence<unsigned, Bs...>) {
  return std::array<UnpackFn, sizeof...(Bs)>{&unpack_sse2_fixed<Bs + 1>...};
}
#endif

constexpr auto kScalarTable = make_scalar_table(std::make_integer_sequence<unsigned, 32>{});
#if QUARRY_HAVE_SSE2
constexpr auto kSse2Table = make_sse2_table(std::make_integer_sequence<unsigned, 32>{});
#endif

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
#if QUARRY_HAVE_SSE2
  if (bits == 0) {
    std::memset(out, 0, kBlockSize * sizeof(uint32_t));
    return;
  }
  kSse2Table[bits - 1](words, out);
#else
  unpack128_scalar(words, bits, out);
#endif
}

}  // namespace codec_detail

void encode_block(const uint32_t* in, size_t n, std::string& out) {
  if (n < kBlockSize) {
    ByteWriter w(out);
    for (size_t i = 0; i < n; ++i) w.varint(in[i]);
    return;
  }
  uint32_t all = 0;
  for (size_t i = 0; i < kBlockSize; ++i) all |= in[i];
  const unsigned bits = static_cast<unsigned>(std::bit_width(all));
  uint32_t words[kBlockSize];
  codec_detail::pack128(in, bits, words);
  out.push_back(static_cast<char>(bits));
  out.append(reinterpret_cast<const char*>(words), 16 * bits);
}

const uint8_t* decode_block(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n) {
  if (n < kBlockSize) {
    ByteReader r(in, end);
    for (size_t i = 0; i < n; ++i) {
      if (!r.varint32(out[i])) return nullptr;
    }
    return r.position();
  }
  if (in >= end) return nullptr;
  const unsigned bits = in[0];
  if (bits > 32 || static_cast<size_t>(end - in) < packed_block_bytes(bits)) return nullptr;
  uint32_t words[kBlockSize];  // copy: the mapped input need not be 4-byte aligned
  std::memcpy(words, in + 1, 16 * bits);
  codec_detail::unpack128_simd(words, bits, out);
  return in + packed_block_bytes(bits);
}

void encode_sequence(const uint32_t* in, size_t n, std::string& out) {
  for (size_t i = 0; i < n; i += kBlockSize) {
    encode_block(in + i, std::min(kBlockSize, n - i), out);
  }
}

const uint8_t* decode_sequence(const uint8_t* in, const uint8_t* end, uint32_t* out, size_t n) {
  for (size_t i = 0; i < n && in; i += kBlockSize) {
    in = decode_block(in, end, out + i, std::min(kBlockSize, n - i));
  }
  return in;
}

}  // namespace quarry::internal

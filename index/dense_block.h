// Dense doc-id blocks (format v4): a full block of 128 documents whose ids lie
// close together is stored as a bitmap of its id range instead of packed
// gaps. It is smaller when the block spans fewer ids than 128 times the gaps'
// bit width, and a probe for one document needs no decoding: a bit search
// and a population count find the document and its index in the block.
//
// Layout: the header byte kDenseBlock, then the bitmap as little-endian u64
// words: bit j set means document base + j is in the block, where base is one
// past the previous block's last document (0 for a term's first block) and
// the span is last_doc - base + 1 (both from the skip table, so only terms
// with one are eligible). Exactly 128 bits are set, bit span - 1 among them,
// and no bit at or past the span: anything else is corruption.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace quarry::internal {

inline constexpr uint8_t kDenseBlock = 0x80;  // header byte; packed blocks use 0..32

inline constexpr size_t dense_words(uint64_t span) { return static_cast<size_t>((span + 63) / 64); }
// Bytes of a dense block spanning span ids, header included.
inline constexpr size_t dense_block_bytes(uint64_t span) { return 1 + 8 * dense_words(span); }

// Appends the block of 128 ascending ids, all >= base, as a dense block.
void encode_dense_block(const uint32_t* ids, uint32_t base, std::string& out);

// Checks the dense block at in (header included) against its span: size,
// exactly 128 set bits, the last one at span - 1. Returns one past its last
// byte, or nullptr. REQUIRES: 128 <= span.
const uint8_t* check_dense_block(const uint8_t* in, const uint8_t* end, uint64_t span);

// The bitmap words (after the header) of a block check_dense_block accepted.
inline uint64_t dense_word(const uint8_t* words, size_t k) {
  uint64_t w;
  std::memcpy(&w, words + 8 * k, 8);
  return w;
}

// Set bits of w. Without -mpopcnt (the x86-64 baseline) the builtin is a
// library call; the bit-parallel sum is a dozen inline instructions.
inline uint32_t popcount64(uint64_t w) {
#if defined(__POPCNT__) || !defined(__x86_64__)
  return static_cast<uint32_t>(__builtin_popcountll(w));
#else
  w -= (w >> 1) & 0x5555555555555555ull;
  w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
  w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return static_cast<uint32_t>((w * 0x0101010101010101ull) >> 56);
#endif
}

// The first set bit at or after bit from. REQUIRES: one exists.
inline uint32_t dense_next(const uint8_t* words, uint32_t from) {
  size_t k = from / 64;
  uint64_t w = dense_word(words, k) & (~uint64_t{0} << (from % 64));
  while (w == 0) w = dense_word(words, ++k);
  return static_cast<uint32_t>(k * 64 + static_cast<size_t>(__builtin_ctzll(w)));
}

// The number of set bits before bit.
inline uint32_t dense_rank(const uint8_t* words, uint32_t bit) {
  uint32_t r = 0;
  const size_t k = bit / 64;
  for (size_t j = 0; j < k; ++j) r += popcount64(dense_word(words, j));
  if (bit % 64) r += popcount64(dense_word(words, k) << (64 - bit % 64));
  return r;
}

// Ids base + 8j + (each set bit of bytes[j]), ascending (SSE2, or scalar);
// codec_detail::dense_expand_avx2 is the same with AVX2. REQUIRES: out has
// room for 8 past the last id.
void dense_expand_portable(const uint8_t* bytes, size_t n, uint32_t base, uint32_t* out);

// The 128 ids of a block check_dense_block accepted, ascending.
void decode_dense_block(const uint8_t* words, uint64_t span, uint32_t base, uint32_t* out);

}  // namespace quarry::internal

// Writing, checking and expanding dense (bitmap) doc-id blocks.
#include "index/dense_block.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "index/block_codec.h"

namespace quarry::internal {

void encode_dense_block(const uint32_t* ids, uint32_t base, std::string& out) {
  const uint64_t span = uint64_t{ids[kBlockSize - 1]} - base + 1;
  std::string words(8 * dense_words(span), '\0');
  for (size_t i = 0; i < kBlockSize; ++i) {
    const uint32_t bit = ids[i] - base;
    words[bit / 8] = static_cast<char>(static_cast<uint8_t>(words[bit / 8]) | (1u << (bit % 8)));
  }
  out.push_back(static_cast<char>(kDenseBlock));
  out += words;
}

const uint8_t* check_dense_block(const uint8_t* in, const uint8_t* end, uint64_t span) {
  const size_t bytes = dense_block_bytes(span);
  if (in >= end || in[0] != kDenseBlock || static_cast<size_t>(end - in) < bytes) return nullptr;
  const uint8_t* words = in + 1;
  const size_t n = dense_words(span);
  uint64_t set = 0;
  for (size_t k = 0; k < n; ++k) set += popcount64(dense_word(words, k));
  const uint64_t last = span - 1;
  const uint64_t top = dense_word(words, last / 64);
  const bool last_set = (top >> (last % 64)) & 1;
  const bool beyond_clear = last % 64 == 63 || (top >> (last % 64 + 1)) == 0;
  return set == kBlockSize && last_set && beyond_clear ? in + bytes : nullptr;
}

namespace {

// For each byte value: the offsets of its set bits, then zeros.
struct ByteOffsets {
  uint8_t offsets[256][8];
  uint8_t count[256];
  constexpr ByteOffsets() : offsets(), count() {
    for (int v = 0; v < 256; ++v) {
      int n = 0;
      for (int bit = 0; bit < 8; ++bit) {
        if (v >> bit & 1) offsets[v][n++] = static_cast<uint8_t>(bit);
      }
      count[v] = static_cast<uint8_t>(n);
    }
  }
};
constexpr ByteOffsets kByteOffsets;

}  // namespace

// A byte of the bitmap at a time: its eight offsets widened and stored at
// once, the output advancing by its bit count. No branch per bit, so dense
// blocks (the ones worth a bitmap: most bits set) expand in about a third of
// a bit-at-a-time loop's instructions.
void dense_expand_portable(const uint8_t* bytes, size_t n, uint32_t base, uint32_t* out) {
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  for (size_t j = 0; j < n; ++j) {
    const uint8_t v = bytes[j];
    const __m128i at = _mm_set1_epi32(static_cast<int>(base + 8 * static_cast<uint32_t>(j)));
    const __m128i offsets = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(kByteOffsets.offsets[v])), zero);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_add_epi32(at, _mm_unpacklo_epi16(offsets, zero)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 4), _mm_add_epi32(at, _mm_unpackhi_epi16(offsets, zero)));
    out += kByteOffsets.count[v];
  }
#else
  for (size_t j = 0; j < n; ++j) {
    const uint8_t v = bytes[j];
    for (int i = 0; i < kByteOffsets.count[v]; ++i) *out++ = base + 8 * static_cast<uint32_t>(j) + kByteOffsets.offsets[v][i];
  }
#endif
}

void decode_dense_block(const uint8_t* words, uint64_t span, uint32_t base, uint32_t* out) {
  const size_t n = dense_words(span);
  if (n <= 16) {  // an eighth of the bits set or more: fewer steps by bytes than by bits
    // The last byte's stores may reach 7 past the 128th id: into a scratch tail.
    uint32_t ids[kBlockSize + 8];
    if (codec_detail::has_avx2()) {
      codec_detail::dense_expand_avx2(words, 8 * n, base, ids, kByteOffsets.offsets, kByteOffsets.count);
    } else {
      dense_expand_portable(words, 8 * n, base, ids);
    }
    std::memcpy(out, ids, sizeof(uint32_t) * kBlockSize);
    return;
  }
  for (size_t k = 0; k < n; ++k) {
    const uint32_t at = base + static_cast<uint32_t>(64 * k);
    for (uint64_t w = dense_word(words, k); w != 0; w &= w - 1) *out++ = at + static_cast<uint32_t>(__builtin_ctzll(w));
  }
}

}  // namespace quarry::internal

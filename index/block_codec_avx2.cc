// AVX2 decoding of packed blocks (doc-id gaps into ids, tfs with their sum): the bit layout of
// block_codec.h (four interleaved lanes), two slots (eight consecutive
// integers) per 256-bit register. Compiled with -mavx2 and called only after
// block_codec.cc's runtime check. It includes no project header and keeps
// everything but its entry point internal: an inline function instantiated
// here would carry AVX2 instructions into code that runs on any CPU.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>
#include <utility>

namespace quarry::internal::codec_detail {
namespace {

using AscendingFn = void (*)(const uint8_t*, uint32_t*, uint32_t);

// Unpacks the 128 integers of a packed block B bits wide, eight at a time:
// calls fn(pair, v) for pair 0..15, v holding integers 8·pair .. 8·pair + 7.
// Unrolled by pragma: GCC 12 at -O3 kept the loop, computing each pair's
// shifts and spill branches at run time (three times the instructions).
template <unsigned B, class Fn>
inline __attribute__((always_inline)) void for_each_eight(const uint8_t* words, Fn&& fn) {
  const __m256i mask = _mm256_set1_epi32(static_cast<int>(B >= 32 ? ~0u : (1u << B) - 1));
  const __m128i* in = reinterpret_cast<const __m128i*>(words);
  const auto two = [&](unsigned w0, unsigned w1) {  // slot words w0 (integers 8p..8p+3) and w1 (8p+4..8p+7)
    return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(in + w0)), _mm_loadu_si128(in + w1), 1);
  };
#pragma GCC unroll 16
  for (unsigned pair = 0; pair < 16; ++pair) {
    const unsigned bit0 = 2 * pair * B, bit1 = bit0 + B;
    const unsigned w0 = bit0 >> 5, w1 = bit1 >> 5, sh0 = bit0 & 31, sh1 = bit1 & 31;
    __m256i v = _mm256_srlv_epi32(two(w0, w1), _mm256_setr_epi32(sh0, sh0, sh0, sh0, sh1, sh1, sh1, sh1));
    const bool spill0 = sh0 + B > 32, spill1 = sh1 + B > 32;  // the value continues in the next word
    if (spill0 || spill1) {
      // A shift by 32 gives 0: the half that does not spill reads its own word again, harmlessly.
      const int l0 = spill0 ? 32 - static_cast<int>(sh0) : 32, l1 = spill1 ? 32 - static_cast<int>(sh1) : 32;
      const __m256i next = two(spill0 ? w0 + 1 : w0, spill1 ? w1 + 1 : w1);
      v = _mm256_or_si256(v, _mm256_sllv_epi32(next, _mm256_setr_epi32(l0, l0, l0, l0, l1, l1, l1, l1)));
    }
    fn(pair, _mm256_and_si256(v, mask));
  }
}

template <unsigned B>
void ascending_avx2(const uint8_t* words, uint32_t* out, uint32_t first) {
  const __m256i one = _mm256_set1_epi32(1);
  const __m256i last_lane = _mm256_set1_epi32(7);
  __m256i carry = _mm256_set1_epi32(static_cast<int>(first - 1));  // wraps for first == 0; the sums come back
  for_each_eight<B>(words, [&](unsigned pair, __m256i gaps) {
    // Ids: gap + 1, summed within each 128-bit half, then the low half's last
    // added to the high half, then the previous pair's last id to all eight.
    __m256i x = _mm256_add_epi32(gaps, one);
    x = _mm256_add_epi32(x, _mm256_slli_si256(x, 4));
    x = _mm256_add_epi32(x, _mm256_slli_si256(x, 8));
    const __m256i half_last = _mm256_shuffle_epi32(x, 0xFF);
    x = _mm256_add_epi32(x, _mm256_permute2x128_si256(half_last, half_last, 0x08));  // low: 0, high: low's last
    x = _mm256_add_epi32(x, carry);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out) + pair, x);
    carry = _mm256_permutevar8x32_epi32(x, last_lane);
  });
}

// Stored tf - 1 to tfs, with the OR of the stored values and the sum of the
// tfs (in 32-bit lanes: the caller checks the OR before trusting the sum).
template <unsigned B>
void tfs_avx2(const uint8_t* words, uint32_t* out, uint32_t* or_all, uint32_t* sum) {
  const __m256i one = _mm256_set1_epi32(1);
  __m256i seen = _mm256_setzero_si256(), total = _mm256_setzero_si256();
  for_each_eight<B>(words, [&](unsigned pair, __m256i stored) {
    seen = _mm256_or_si256(seen, stored);
    const __m256i tf = _mm256_add_epi32(stored, one);
    total = _mm256_add_epi32(total, tf);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out) + pair, tf);
  });
  alignas(32) uint32_t s[8], o[8];
  _mm256_store_si256(reinterpret_cast<__m256i*>(s), total);
  _mm256_store_si256(reinterpret_cast<__m256i*>(o), seen);
  *sum = s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
  *or_all = o[0] | o[1] | o[2] | o[3] | o[4] | o[5] | o[6] | o[7];
}

using TfsFn = void (*)(const uint8_t*, uint32_t*, uint32_t*, uint32_t*);

template <class Seq>
struct AscendingTable;
template <unsigned... Bs>
struct AscendingTable<std::integer_sequence<unsigned, Bs...>> {
  static constexpr AscendingFn fns[] = {&ascending_avx2<Bs + 1>...};
  static constexpr TfsFn tfs[] = {&tfs_avx2<Bs + 1>...};
};

}  // namespace

// REQUIRES: the CPU has AVX2; out has room for the ids plus 8.
void dense_expand_avx2(const uint8_t* bytes, size_t n, uint32_t base, uint32_t* out, const uint8_t (*offsets)[8],
                       const uint8_t* counts) {
  __m256i at = _mm256_set1_epi32(static_cast<int>(base));
  const __m256i eight = _mm256_set1_epi32(8);
  for (size_t j = 0; j < n; ++j) {
    const uint8_t v = bytes[j];
    const __m256i these = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(offsets[v])));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_add_epi32(at, these));
    out += counts[v];
    at = _mm256_add_epi32(at, eight);
  }
}

// REQUIRES: 1 <= bits <= 32, the CPU has AVX2.
void tfs128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t* or_all, uint32_t* sum) {
  AscendingTable<std::make_integer_sequence<unsigned, 32>>::tfs[bits - 1](words, out, or_all, sum);
}

// REQUIRES: 1 <= bits <= 32, the CPU has AVX2.
void ascending128_avx2(const uint8_t* words, unsigned bits, uint32_t* out, uint32_t first) {
  AscendingTable<std::make_integer_sequence<unsigned, 32>>::fns[bits - 1](words, out, first);
}

}  // namespace quarry::internal::codec_detail

// A cursor over one term's postings in one segment: doc ids, tfs, positions
// and block-max data, decoded one 128-doc block at a time from the mapped files.
#pragma once

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <vector>

#include <boost/container/small_vector.hpp>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "index/block_codec.h"
#include "index/dense_block.h"
#include "index/file_format.h"
#include "index/posting_format.h"
#include "index/types.h"

namespace quarry::internal {

// The first i in [from, n) with docs[i] >= target (n if none). REQUIRES: docs
// ascending. (The cursor's in-block advance, and id_intersection.h's lookups.) A
// linear scan, four at a time: targets are mostly near, where a binary
// search's mispredicted branches cost more than the comparisons. Inline: the
// intersections of conjunctions and phrases call it once per id.
inline uint32_t first_at_least(const uint32_t* docs, uint32_t from, uint32_t n, DocId target) {
  uint32_t i = from;
#if defined(__SSE2__)
  // Signed compares of values with the sign bit flipped order them as unsigned.
  const __m128i flip = _mm_set1_epi32(INT32_MIN);
  const __m128i want = _mm_set1_epi32(static_cast<int>(target ^ 0x80000000u));
  for (; i + 4 <= n; i += 4) {
    const __m128i v = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(docs + i)), flip);
    const int below = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmplt_epi32(v, want)));  // a prefix of the 4 lanes
    if (below != 0xF) return i + static_cast<uint32_t>(__builtin_ctz(~below));
  }
#endif
  while (i < n && docs[i] < target) ++i;
  return i;
}
// The same from 0, by halving: for a target anywhere in a block just loaded. REQUIRES: n >= 1.
uint32_t first_at_least_halving(const uint32_t* docs, uint32_t n, DocId target);

class PostingCursor {
 public:
  // Checks that the term's skip table lies inside the postings file and
  // positions the cursor on the first posting. REQUIRES: files outlive the cursor.
  // Doc ids at or beyond doc_count (the segment's) are reported as corruption.
  static Result<PostingCursor> open(const MappedFile& postings, const MappedFile& positions, const TermInfo& info,
                                    uint32_t doc_count);
  // The same, in place: avoids moving the cursor's block buffers.
  Status reset(const MappedFile& postings, const MappedFile& positions, const TermInfo& info, uint32_t doc_count);
  PostingCursor() = default;  // exhausted until reset()

  DocId doc() const { return doc_; }  // kNoMoreDocs once exhausted
  uint32_t freq() {
    if (!freqs_loaded_) return freq_alone();
    return freqs_[i_];
  }
  uint32_t df() const { return df_; }
  // Over all postings of the term in this segment: the largest tf and smallest field length.
  uint32_t max_tf() const { return max_tf_; }
  uint32_t min_len() const { return min_len_; }
  // Moves to the next posting.
  void next() {
    if (++i_ < block_len_) {
      if (dense_) [[unlikely]] decode_dense();  // walking a dense block: its ids, once
      doc_ = docs_[i_];
    } else {
      load_block(block_ + 1);
    }
  }
  // Moves to the first posting with doc >= target; never moves back.
  void advance(DocId target);
  // Positions of the current document, ascending; valid until the next call.
  // Decodes only the chunks of the block's positions that hold them. Empty
  // (with error() set) if the positions data is damaged.
  std::span<const uint32_t> positions();

  // Moves to the first block, from the current one on, for which competitive(SkipEntry)
  // holds, decoding nothing in between; stays put if the current block qualifies.
  template <class Competitive>
  void skip_blocks_until(Competitive&& competitive) {
    uint32_t b = block_;
    while (b < n_blocks_ && !competitive(skip(b))) ++b;
    if (b != block_) load_block(b);
  }

  // The largest bound(SkipEntry) over the blocks that may hold postings from
  // first through last (from the current block on), from the skip entries
  // alone; infinity when that range spans more than kMaxBoundBlocks blocks
  // (the caller's maximum is then about as tight, and far cheaper than a
  // bound per block). from_block is the caller's memory of where the previous
  // call started: with first never decreasing, the calls cost their blocks once.
  static constexpr uint32_t kMaxBoundBlocks = 8;
  template <class Bound>
  double max_bound_between(DocId first, DocId last, uint32_t& from_block, Bound&& bound) const {
    uint32_t b = walk_to_block(first, from_block);
    // A range past the limit is known from one entry's last doc, before any
    // bound is computed (on a long list that entry is often the only one read).
    if (b + kMaxBoundBlocks <= n_blocks_ && last_doc_of(b + kMaxBoundBlocks - 1) < last) {
      return std::numeric_limits<double>::infinity();
    }
    double best = 0;
    for (const uint32_t end = b + kMaxBoundBlocks; b < n_blocks_; ++b) {
      if (b == end) return std::numeric_limits<double>::infinity();
      const SkipEntry e = skip(b);
      best = std::max(best, bound(e));
      if (e.last_doc >= last) break;
    }
    return best;
  }

  // Block-max data at target, from the skip entries alone (nothing decoded,
  // the cursor unmoved): bound(SkipEntry) of the block that may hold target,
  // and that block's last document in block_last; 0 when no posting lies at
  // or past target. from_block as in max_bound_between (targets never decreasing).
  template <class Bound>
  double bound_at(DocId target, uint32_t& from_block, DocId& block_last, Bound&& bound) const {
    const uint32_t b = walk_to_block(target, from_block);
    if (b == n_blocks_) {
      block_last = kNoMoreDocs - 1;
      return 0;
    }
    const SkipEntry e = skip(b);
    block_last = e.last_doc;
    return bound(e);
  }

  // The current block's documents from the current one on, with their tfs,
  // for callers that score a block at a time.
  std::span<const uint32_t> rest_of_block_docs() {
    if (dense_) decode_dense();
    return {docs_ + i_, block_len_ - i_};
  }
  std::span<const uint32_t> rest_of_block_freqs() {
    if (!freqs_loaded_) load_freqs();
    return {freqs_ + i_, block_len_ - i_};
  }
  // Moves to the first document of the next block.
  void next_block() { load_block(block_ + 1); }
  // Moves n postings on within the current block, whose ids rest_of_block_docs()
  // has decoded: a caller that scanned them lands on the one it found.
  // REQUIRES: n < rest_of_block_docs().size().
  void skip_in_block(uint32_t n) {
    i_ += n;
    doc_ = docs_[i_];
  }

  // Whether the current block's ids are still a bitmap: probing it costs a
  // few bit operations, while rest_of_block_docs() would decode 128 ids.
  bool in_dense_block() const { return dense_ != nullptr; }

  // Index of the current block (changes when a block boundary is crossed).
  uint32_t block_index() const { return block_; }

  // Block-max data of the current block.
  DocId block_last_doc() const { return skip(block_).last_doc; }
  SkipEntry block_entry() const { return skip(block_); }

  // Corruption found while decoding; the cursor is then exhausted.
  const Status& error() const { return error_; }

 private:
  SkipEntry skip(uint32_t b) const {
    if (n_blocks_ == 1) return single_;  // one block: no skip table on disk
    SkipEntry e;
    std::memcpy(&e, skips_ + size_t{b} * kSkipEntrySize, kSkipEntrySize);
    return e;
  }
  uint32_t block_reaching(DocId target) const;
  // The first block from the current one and from_block on whose last doc
  // reaches target (n_blocks_ if none), from the skip entries; remembered in
  // from_block, so that calls with targets never decreasing cost each entry once.
  uint32_t walk_to_block(DocId target, uint32_t& from_block) const {
    uint32_t b = std::max(from_block, block_);
    while (b < n_blocks_ && last_doc_of(b) < target) ++b;
    return from_block = b;
  }
  DocId last_doc_of(uint32_t b) const {  // the skip entry's first field alone
    if (n_blocks_ == 1) return single_.last_doc;
    DocId d;
    std::memcpy(&d, skips_ + size_t{b} * kSkipEntrySize, sizeof d);
    return d;
  }
  void load_block(uint32_t b);
  bool load_dense_block(const uint8_t* in, uint64_t base, DocId last_doc);
  void seek_dense(DocId target);
  void decode_dense();
  QUARRY_COLD void fail(const std::string& what);
  QUARRY_COLD void fail_positions(const std::string& what);
  void load_freqs();
  uint32_t freq_alone();
  QUARRY_COLD void fail_freqs(const std::string& what);
  bool find_position_chunk(uint32_t chunk);
  bool decode_position_chunk(uint32_t chunk, uint32_t need);
  // Up to this many positions in a packed chunk are read one by one from
  // their lanes rather than by decoding the chunk.
  static constexpr uint32_t kLaneReads = 6;

  const MappedFile* postings_ = nullptr;
  const MappedFile* positions_ = nullptr;
  const uint8_t* skips_ = nullptr;
  const uint8_t* blocks_ = nullptr;  // first block
  const uint8_t* pos_base_ = nullptr;
  uint32_t df_ = 0, n_blocks_ = 0, max_tf_ = 0, min_len_ = 0, doc_count_ = 0;
  uint32_t block_ = 0, block_len_ = 0, i_ = 0;
  DocId doc_ = kNoMoreDocs;
  bool positions_loaded_ = false;
  bool dense_allowed_ = false;     // format v4 files may hold dense blocks
  ShortBlocks shorts_ = ShortBlocks::kVarint;           // how the postings file stores short blocks
  ShortBlocks position_shorts_ = ShortBlocks::kVarint;  // and the positions file
  const uint8_t* dense_ = nullptr;  // the current block's bitmap while its ids are not in docs_
  uint32_t dense_base_ = 0;         // the id of the bitmap's bit 0
  bool freqs_loaded_ = false;
  const uint8_t* freqs_at_ = nullptr;  // the block's tf run, decoded on first use
  const uint8_t* freqs_end_ = nullptr;
  uint32_t docs_[kBlockSize], freqs_[kBlockSize];  // read only up to block_len_, once decoded
  uint64_t freq_sum_ = 0;  // of the block's tfs, once loaded
  uint32_t single_freqs_ = 0;  // tfs read one at a time in this block (before loading them all)
  uint32_t start_doc_ = 0, start_ = 0;  // a document of the block and its first index into pos_
  std::unique_ptr<uint32_t[]> pos_;      // the block's position deltas, decoded chunk by chunk
  uint32_t pos_capacity_ = 0;
  const uint8_t* pos_chunks_begin_ = nullptr;
  const uint8_t* pos_chunks_end_ = nullptr;
  uint32_t pos_total_ = 0;
  // Inline up to a typical block's size: a phrase opens its cursors per query,
  // and heap buffers here cost more than decoding a candidate's positions.
  boost::container::small_vector<uint32_t, 8> chunk_offset_;  // byte offsets of the chunks walked so far
  boost::container::small_vector<uint8_t, 16> chunk_decoded_;  // per chunk: values decoded (a prefix)
  const uint8_t* tail_at_ = nullptr;  // where decoding of the block's varint tail chunk stopped
  boost::container::small_vector<uint32_t, 32> doc_positions_;  // what positions() returns
  SkipEntry single_{};  // the skip entry of a one-block term, derived on open
  Status error_;
};

}  // namespace quarry::internal

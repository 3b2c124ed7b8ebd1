// Block decoding, skipping and lazy position decoding for PostingCursor.
#include "index/posting_reader.h"

#include <algorithm>

#include "index/bytes.h"
#include "index/index_search.h"

namespace quarry::internal {

// Branch-free: the comparison selects the half, so no branch mispredicts.
uint32_t first_at_least_halving(const uint32_t* docs, uint32_t n, DocId target) {
  const uint32_t* base = docs;  // the answer lies in [base, base + n]
  while (n > 1) {
    const uint32_t half = n / 2;
    base = base[half - 1] < target ? base + half : base;
    n -= half;
  }
  return static_cast<uint32_t>(base - docs) + (*base < target ? 1 : 0);
}

// A block's positions beyond this mean a damaged tf (1 GiB of decoded positions).
inline constexpr uint64_t kMaxBlockPositions = uint64_t{1} << 28;

Result<PostingCursor> PostingCursor::open(const MappedFile& postings, const MappedFile& positions,
                                          const TermInfo& info, uint32_t doc_count) {
  PostingCursor c;
  QUARRY_RETURN_IF_ERROR(c.reset(postings, positions, info, doc_count));
  return c;
}

Status PostingCursor::reset(const MappedFile& postings, const MappedFile& positions, const TermInfo& info,
                            uint32_t doc_count) {
  doc_count_ = doc_count;
  dense_allowed_ = postings.format_version() >= 4;
  shorts_ = short_blocks_of(postings.format_version());
  position_shorts_ = short_blocks_of(positions.format_version());
  postings_ = &postings;
  positions_ = &positions;
  error_ = Status::ok();
  df_ = info.df;
  max_tf_ = info.max_tf;
  min_len_ = info.min_len;
  n_blocks_ = static_cast<uint32_t>((uint64_t{info.df} + kBlockSize - 1) / kBlockSize);
  const uint64_t body_end = postings.size() - kFooterSize;
  const uint64_t skip_bytes = n_blocks_ == 1 ? 0 : uint64_t{n_blocks_} * kSkipEntrySize;
  if (info.df == 0 || info.doc_offset < kHeaderSize || info.doc_offset > body_end ||
      skip_bytes > body_end - info.doc_offset) {
    n_blocks_ = 0;
    doc_ = kNoMoreDocs;
    return postings.corruption("term postings lie outside the file", info.doc_offset);
  }
  if (info.pos_offset < kHeaderSize || info.pos_offset > positions.size() - kFooterSize) {
    n_blocks_ = 0;
    doc_ = kNoMoreDocs;
    return positions.corruption("term positions lie outside the file", info.pos_offset);
  }
  if (info.df > doc_count) {  // ids are distinct and below doc_count
    n_blocks_ = 0;
    doc_ = kNoMoreDocs;
    return postings.corruption("term in more documents than the segment holds", info.doc_offset);
  }
  skips_ = postings.data() + info.doc_offset;
  blocks_ = skips_ + skip_bytes;
  pos_base_ = positions.data() + info.pos_offset;
  if (n_blocks_ == 1) {
    // Bounded by the files' ends; load_block checks what the block decodes to.
    single_ = SkipEntry{0,
                        static_cast<uint32_t>(std::min<uint64_t>(body_end - info.doc_offset, UINT32_MAX)),
                        static_cast<uint32_t>(std::min<uint64_t>(positions.size() - kFooterSize - info.pos_offset, UINT32_MAX)),
                        {{info.max_tf, info.min_len}, {0, 0}, {0, 0}}};
  }
  load_block(0);
  if (error_.is_ok() && n_blocks_ == 1) single_.last_doc = docs_[block_len_ - 1];
  return error_;
}

void PostingCursor::fail(const std::string& what) {
  if (error_.is_ok()) error_ = postings_->corruption(what, static_cast<uint64_t>(skips_ - postings_->data()));
  block_ = n_blocks_;
  block_len_ = 0;
  i_ = 0;
  doc_ = kNoMoreDocs;
  dense_ = nullptr;
}

void PostingCursor::load_block(uint32_t b) {
  block_ = b;
  i_ = 0;
  positions_loaded_ = false;
  dense_ = nullptr;
  if (b >= n_blocks_) {
    block_len_ = 0;
    doc_ = kNoMoreDocs;
    return;
  }
  const SkipEntry e = skip(b);
  const uint32_t begin = b == 0 ? 0 : skip(b - 1).doc_end;
  const uint8_t* end = postings_->body_end();
  if (e.doc_end < begin || e.doc_end > static_cast<uint64_t>(end - blocks_)) return fail("bad block bounds");
  block_len_ = b + 1 < n_blocks_ ? static_cast<uint32_t>(kBlockSize) : df_ - b * static_cast<uint32_t>(kBlockSize);
  // Frequencies are decoded on first use: a conjunction probing this block may
  // not need them at all.
  freqs_end_ = blocks_ + e.doc_end;
  freqs_loaded_ = false;
  single_freqs_ = 0;
  // doc[i] = base + gap[0] + ... + gap[i] + i. The 32-bit prefix sums must
  // not wrap: a full block's bit width bounds its sum (then the gaps are
  // unpacked and summed in one pass); otherwise the sum is checked in 64 bits first.
  const uint64_t base = b == 0 ? 0 : uint64_t{skip(b - 1).last_doc} + 1;
  const auto fits = [&](uint64_t gap_sum) { return gap_sum <= UINT32_MAX && base + gap_sum + block_len_ <= UINT32_MAX; };
  const uint8_t* const gaps = blocks_ + begin;
  // (A shorter block is never dense: its first byte may be anything.)
  if (dense_allowed_ && block_len_ == kBlockSize && gaps < freqs_end_ && *gaps == kDenseBlock) {
    if (!load_dense_block(gaps, base, e.last_doc)) return fail("undecodable dense postings block");
    return;
  }
  if (block_len_ == kBlockSize && gaps < freqs_end_ && fits(block_sum_bound(gaps, block_len_))) {
    freqs_at_ = decode_ascending_block(gaps, freqs_end_, docs_, static_cast<uint32_t>(base));
    if (!freqs_at_) return fail("undecodable postings block");
  } else {
    freqs_at_ = decode_block(gaps, freqs_end_, docs_, block_len_, shorts_);
    if (!freqs_at_) return fail("undecodable postings block");
    uint64_t gap_sum = 0;
    for (uint32_t i = 0; i < block_len_; ++i) gap_sum += docs_[i];
    if (!fits(gap_sum)) return fail("doc id beyond the segment");
    prefix_sum_ascending(docs_, block_len_, static_cast<uint32_t>(base));
  }
  // Doc ids index the lengths array: one beyond the segment would read past it.
  if (docs_[block_len_ - 1] >= doc_count_) return fail("doc id beyond the segment");
  if (n_blocks_ > 1 && docs_[block_len_ - 1] != e.last_doc) return fail("skip entry disagrees with block");
  doc_ = docs_[0];
}

// Only a full block of a term with skip entries can be dense: they give its
// id range. Its ids stay in the bitmap until a caller walks the block.
bool PostingCursor::load_dense_block(const uint8_t* in, uint64_t base, DocId last_doc) {
  if (n_blocks_ == 1 || last_doc < base + kBlockSize - 1 || last_doc >= doc_count_) {
    return false;
  }
  const uint64_t span = uint64_t{last_doc} - base + 1;
  freqs_at_ = check_dense_block(in, freqs_end_, span);
  if (!freqs_at_) return false;
  dense_ = in + 1;
  dense_base_ = static_cast<uint32_t>(base);
  doc_ = dense_base_ + dense_next(dense_, 0);
  return true;
}

// target lies in the current dense block's range (at most its last doc).
void PostingCursor::seek_dense(DocId target) {
  const uint32_t bit = dense_next(dense_, target - dense_base_);
  i_ = dense_rank(dense_, bit);
  doc_ = dense_base_ + bit;
}

void PostingCursor::decode_dense() {
  decode_dense_block(dense_, uint64_t{skip(block_).last_doc} - dense_base_ + 1, dense_base_, docs_);
  dense_ = nullptr;
}

uint32_t PostingCursor::freq_alone() {
  // A probe (a conjunction's or MaxScore's) reads one document of a block:
  // its tf straight from the packed block. A caller that reads most of the
  // block's tfs (a merge, an exhaustive scan) soon loads them all.
  constexpr uint32_t kSinglesBeforeLoading = 8;
  uint32_t stored;
  if (++single_freqs_ <= kSinglesBeforeLoading && decode_one(freqs_at_, freqs_end_, block_len_, i_, shorts_, stored) &&
      stored != UINT32_MAX) {  // tf - 1 is stored; UINT32_MAX would wrap: load_freqs reports it
    return stored + 1;
  }
  load_freqs();
  return freqs_[i_];
}

void PostingCursor::load_freqs() {
  freqs_loaded_ = true;
  // When every stored value is below 2^24 neither a tf nor the sum (the
  // block's position count) can wrap; otherwise both are checked in 64 bits.
  uint32_t seen = 0, sum = 0;
  if (!decode_tf_block(freqs_at_, freqs_end_, freqs_, block_len_, shorts_, seen, sum)) {
    return fail_freqs("undecodable term frequencies");
  }
  freq_sum_ = sum;
  bool wrapped = false;
  if (seen >= (1u << 24)) {
    uint64_t exact = 0;
    for (uint32_t i = 0; i < block_len_; ++i) {
      wrapped |= freqs_[i] == 0;
      exact += freqs_[i];
    }
    freq_sum_ = exact;
  }
  if (wrapped) return fail_freqs("term frequency out of range");
}

void PostingCursor::fail_freqs(const std::string& what) {
  // The cursor stays usable for the current document, with tfs of 1; the
  // error ends the query.
  std::fill(freqs_, freqs_ + block_len_, 1u);
  freq_sum_ = block_len_;
  if (error_.is_ok()) error_ = postings_->corruption(what, static_cast<uint64_t>(skips_ - postings_->data()));
}

// The first block after the current one whose last doc reaches target
// (n_blocks_ if none). The next block is tried first (a near target); a far
// one is guessed from the ids (a long list's blocks span similar id ranges),
// then galloped to from the guess and found by halving, so that a jump across
// a frequent word's list reads a few skip entries, not twice its logarithm.
uint32_t PostingCursor::block_reaching(DocId target) const {
  uint32_t lo = block_ + 1;
  if (lo >= n_blocks_ || last_doc_of(lo) >= target) return lo;
  uint32_t hi = n_blocks_ - 1;
  if (last_doc_of(hi) < target) return n_blocks_;
  // last_doc_of(lo) < target <= last_doc_of(hi): the answer is in (lo, hi].
  const DocId lo_doc = last_doc_of(lo);
  const uint64_t span = uint64_t{last_doc_of(hi)} - lo_doc;  // > 0
  const uint32_t guess = lo + std::max<uint32_t>(1, static_cast<uint32_t>((uint64_t{target} - lo_doc) * (hi - lo) / span));
  if (last_doc_of(guess) >= target) {  // back from the guess
    hi = guess;
    for (uint32_t step = 1; hi - lo > step; step *= 2) {
      const uint32_t b = hi - step;
      if (last_doc_of(b) < target) {
        lo = b;
        break;
      }
      hi = b;
    }
  } else {  // on from the guess
    lo = guess;
    for (uint32_t step = 1; hi - lo > step; step *= 2) {
      const uint32_t b = lo + step;
      if (last_doc_of(b) >= target) {
        hi = b;
        break;
      }
      lo = b;
    }
  }
  return partition_point_index(lo + 1, hi, [&](uint32_t b) { return last_doc_of(b) < target; });
}

void PostingCursor::advance(DocId target) {
  if (target <= doc_) return;
  if (block_ < n_blocks_ && target > last_doc_of(block_)) {
    load_block(block_reaching(target));
    if (doc_ >= target) return;
    if (dense_) return seek_dense(target);
    i_ = first_at_least_halving(docs_, block_len_, target);
  } else if (dense_) {
    return seek_dense(target);  // target <= the block's last doc
  } else {
    // target is within the current block, usually a few documents ahead: scan.
    i_ = first_at_least(docs_, i_, block_len_, target);
  }
  if (i_ < block_len_) {
    doc_ = docs_[i_];
  } else {
    load_block(block_ + 1);
  }
}

void PostingCursor::fail_positions(const std::string& what) {
  if (error_.is_ok()) error_ = positions_->corruption(what, static_cast<uint64_t>(pos_base_ - positions_->data()));
}

// The block's positions are a sequence of 128-integer chunks; a document's
// positions are delta-coded from 0 on their own, so only the chunks that
// cover them need decoding (a rare word's document in a frequent word's block
// costs one chunk, not 128 documents' positions).
std::span<const uint32_t> PostingCursor::positions() {
  if (doc_ == kNoMoreDocs) return {};
  if (!freqs_loaded_) load_freqs();
  if (!positions_loaded_) {
    const uint64_t sum = freq_sum_;
    if (sum > kMaxBlockPositions) {
      fail_positions("implausible position count");
      return {};
    }
    const uint32_t begin = block_ == 0 ? 0 : skip(block_ - 1).pos_end;
    const uint32_t end = skip(block_).pos_end;
    const uint64_t available = static_cast<uint64_t>(positions_->body_end() - pos_base_);
    if (begin > end || end > available) {
      fail_positions("positions block lies outside the file");
      return {};
    }
    pos_chunks_begin_ = pos_base_ + begin;
    pos_chunks_end_ = pos_base_ + end;
    pos_total_ = static_cast<uint32_t>(sum);
    const uint32_t chunks = (pos_total_ + kBlockSize - 1) / kBlockSize;
    if (pos_capacity_ < chunks * kBlockSize) {  // grows without zero-filling: chunks are decoded before use
      pos_capacity_ = std::max<uint32_t>(chunks * kBlockSize, 2 * pos_capacity_);
      pos_ = std::make_unique_for_overwrite<uint32_t[]>(pos_capacity_);
    }
    chunk_offset_.assign(1, 0);
    chunk_decoded_.assign(chunks, 0);
    start_doc_ = start_ = 0;
    positions_loaded_ = true;
  }
  // The document's first position index: the tfs before it, summed from the
  // last document asked for in this block (documents only move forward).
  uint32_t start = start_;
  const uint32_t* const f = freqs_;
  for (uint32_t j = start_doc_, to = i_; j < to; ++j) start += f[j];  // locals: a reduction that vectorizes
  start_ = start;
  start_doc_ = i_;
  const uint32_t n = freqs_[i_];
  doc_positions_.resize(n);
  const uint32_t first = start / kBlockSize, last = (start + n - 1) / kBlockSize;
  const uint32_t first_count = std::min<uint32_t>(kBlockSize, pos_total_ - first * kBlockSize);
  const auto readable_alone = [&](const uint8_t* chunk) {
    return first_count == kBlockSize || (position_shorts_ == ShortBlocks::kPacked && chunk < pos_chunks_end_ &&
                                         *chunk != kShortVarints);
  };
  if (first == last && n <= kLaneReads && chunk_decoded_[first] < start + n - first * kBlockSize &&
      find_position_chunk(first) && readable_alone(pos_chunks_begin_ + chunk_offset_[first])) {
    // A few positions in a packed chunk not decoded yet (a phrase's candidate
    // in a frequent word's block): read from where they are packed alone.
    const uint8_t* chunk = pos_chunks_begin_ + chunk_offset_[first];
    uint32_t acc = 0;
    for (uint32_t j = 0; j < n; ++j) {
      uint32_t delta;
      if (!decode_one(chunk, pos_chunks_end_, first_count, start - first * kBlockSize + j, position_shorts_, delta)) {
        fail_positions("undecodable positions block");
        return {};
      }
      doc_positions_[j] = acc += delta;
    }
    return {doc_positions_.data(), n};
  }
  for (uint32_t c = first; c <= last; ++c) {
    const uint32_t need = std::min<uint32_t>(kBlockSize, start + n - c * kBlockSize);
    if (chunk_decoded_[c] < need && !decode_position_chunk(c, need)) return {};
  }
  uint32_t acc = 0;
  for (uint32_t j = 0; j < n; ++j) doc_positions_[j] = acc += pos_[start + j];
  return {doc_positions_.data(), n};
}

// Finds chunk c's first byte (chunk_offset_[c]) by walking the headers of the
// packed chunks before it, once per block.
bool PostingCursor::find_position_chunk(uint32_t c) {
  const uint64_t size = static_cast<uint64_t>(pos_chunks_end_ - pos_chunks_begin_);
  while (chunk_offset_.size() <= c) {  // walk the headers of the full chunks before c
    const uint64_t at = chunk_offset_.back();
    if (at >= size || pos_chunks_begin_[at] > 32) {
      fail_positions("undecodable positions block");
      return false;
    }
    const uint64_t next = at + packed_block_bytes(pos_chunks_begin_[at]);
    if (next > size) {
      fail_positions("undecodable positions block");
      return false;
    }
    chunk_offset_.push_back(static_cast<uint32_t>(next));
  }
  return true;
}

// Decodes chunk c's values at least up to index need: a packed chunk whole
// (a full one, or a packed tail), a varint tail (before format v5) only as
// far as asked (documents move forward, so decoding resumes where it stopped).
bool PostingCursor::decode_position_chunk(uint32_t c, uint32_t need) {
  if (!find_position_chunk(c)) return false;
  const uint32_t count = std::min<uint32_t>(static_cast<uint32_t>(kBlockSize), pos_total_ - c * static_cast<uint32_t>(kBlockSize));
  uint32_t* const out = pos_.get() + c * kBlockSize;
  if (count == kBlockSize || position_shorts_ == ShortBlocks::kPacked) {
    if (!decode_block(pos_chunks_begin_ + chunk_offset_[c], pos_chunks_end_, out, count, position_shorts_)) {
      fail_positions("undecodable positions block");
      return false;
    }
    chunk_decoded_[c] = static_cast<uint8_t>(count);
    return true;
  }
  if (chunk_decoded_[c] == 0) tail_at_ = pos_chunks_begin_ + chunk_offset_[c];
  ByteReader r(tail_at_, pos_chunks_end_);
  for (uint32_t j = chunk_decoded_[c]; j < need; ++j) {
    if (!r.varint32(out[j])) {
      fail_positions("undecodable positions block");
      return false;
    }
  }
  tail_at_ = r.position();
  chunk_decoded_[c] = static_cast<uint8_t>(need);
  return true;
}

}  // namespace quarry::internal

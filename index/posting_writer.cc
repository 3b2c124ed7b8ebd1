// Block encoding of one term's postings and positions.
#include "index/posting_writer.h"

#include <algorithm>
#include <bit>
#include <limits>

#include "index/block_codec.h"
#include "index/bytes.h"
#include "index/dense_block.h"

namespace quarry::internal {

Result<TermInfo> PostingWriter::write(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                                      std::span<const uint32_t> positions,
                                      std::span<const uint32_t> field_lengths) {
  begin(static_cast<uint32_t>(docs.size()));
  size_t pos_at = 0;
  for (size_t start = 0; start < docs.size(); start += kBlockSize) {
    const size_t n = std::min(kBlockSize, docs.size() - start);
    size_t count = 0;
    for (size_t i = start; i < start + n; ++i) count += freqs[i];
    QUARRY_RETURN_IF_ERROR(add_block(docs.subspan(start, n), freqs.subspan(start, n), positions.subspan(pos_at, count),
                                     field_lengths));
    pos_at += count;
  }
  return finish();
}

void PostingWriter::begin(uint32_t df) {
  info_ = TermInfo{};
  info_.df = df;
  info_.doc_offset = postings_.offset();
  info_.pos_offset = positions_.offset();
  info_.min_len = std::numeric_limits<uint32_t>::max();
  added_ = 0;
  prev_plus_one_ = 0;
  pos_bytes_ = 0;
  skips_.clear();
  blocks_.clear();
}

Status PostingWriter::add_block(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                                std::span<const uint32_t> positions, std::span<const uint32_t> field_lengths) {
  const size_t n = docs.size();
  if (n == 0 || n > kBlockSize || uint64_t{added_} + n > info_.df || (n < kBlockSize && added_ + n != info_.df)) {
    return Status::invalid_argument("posting block of the wrong size");
  }
  uint32_t gaps[kBlockSize], tfs[kBlockSize];
  const uint32_t base = prev_plus_one_;  // the block's ids are at least this
  uint32_t max_tf = 0, min_len = std::numeric_limits<uint32_t>::max();
  deltas_.clear();
  impacts_.clear();
  size_t pos_at = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t doc = docs[i], tf = freqs[i];
    gaps[i] = doc - prev_plus_one_;
    prev_plus_one_ = doc + 1;
    tfs[i] = tf - 1;
    max_tf = std::max(max_tf, tf);
    min_len = std::min(min_len, field_lengths[doc]);
    impacts_.push_back({tf, field_lengths[doc]});
    uint32_t prev_pos = 0;
    for (uint32_t j = 0; j < tf; ++j) {
      const uint32_t p = positions[pos_at++];
      deltas_.push_back(p - prev_pos);
      prev_pos = p;
    }
    info_.cf += tf;
  }
  added_ += static_cast<uint32_t>(n);
  // A full block of a term with a skip table (which gives the block's id
  // range) whose ids lie close together: a bitmap of the range if smaller.
  uint32_t all_gaps = 0;
  for (size_t i = 0; i < n; ++i) all_gaps |= gaps[i];
  const uint64_t span = uint64_t{docs[n - 1]} - base + 1;
  if (info_.df > kBlockSize && n == kBlockSize &&
      dense_block_bytes(span) < packed_block_bytes(static_cast<unsigned>(std::bit_width(all_gaps)))) {
    encode_dense_block(docs.data(), base, blocks_);
  } else {
    encode_block(gaps, n, blocks_);
  }
  encode_block(tfs, n, blocks_);
  pos_.clear();
  encode_sequence(deltas_.data(), deltas_.size(), pos_);
  pos_bytes_ += pos_.size();
  if (blocks_.size() > std::numeric_limits<uint32_t>::max() || pos_bytes_ > std::numeric_limits<uint32_t>::max()) {
    return Status::invalid_argument("postings of one term exceed 4 GiB in a segment; lower the flush threshold");
  }
  QUARRY_RETURN_IF_ERROR(positions_.append(pos_));
  ByteWriter skips(skips_);
  skips.u32(docs[n - 1]);
  skips.u32(static_cast<uint32_t>(blocks_.size()));
  skips.u32(static_cast<uint32_t>(pos_bytes_));
  Impact corners[kImpactsPerBlock];
  compute_impacts(impacts_, corners);
  for (const Impact& c : corners) {
    skips.u32(c.tf);
    skips.u32(c.len);
  }
  info_.max_tf = std::max(info_.max_tf, max_tf);
  info_.min_len = std::min(info_.min_len, min_len);
  return Status::ok();
}

Result<TermInfo> PostingWriter::finish() {
  if (added_ != info_.df || added_ == 0) return Status::invalid_argument("term finished before all its documents");
  // A one-block term needs no skip table: the dictionary has its max tf and
  // min length, and decoding the block gives its last doc.
  if (info_.df > kBlockSize) QUARRY_RETURN_IF_ERROR(postings_.append(skips_));
  QUARRY_RETURN_IF_ERROR(postings_.append(blocks_));
  return info_;
}

}  // namespace quarry::internal

// Block encoding of one term's postings and positions.
#include "index/posting_writer.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <vector>

#include "index/block_codec.h"
#include "index/bytes.h"
#include "index/dense_block.h"

namespace quarry::internal {

Result<TermInfo> PostingWriter::write(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                                      std::span<const uint32_t> positions,
                                      std::span<const uint32_t> field_lengths) {
  TermInfo info;
  info.df = static_cast<uint32_t>(docs.size());
  info.doc_offset = postings_.offset();
  info.pos_offset = positions_.offset();
  info.min_len = std::numeric_limits<uint32_t>::max();
  skips_.clear();
  blocks_.clear();
  pos_.clear();
  ByteWriter skips(skips_);
  uint32_t gaps[kBlockSize], tfs[kBlockSize];
  std::vector<uint32_t> deltas;
  size_t pos_at = 0;
  uint32_t prev_plus_one = 0;  // gap = doc - previous doc - 1; the first gap is the doc id itself
  for (size_t start = 0; start < docs.size(); start += kBlockSize) {
    const size_t n = std::min(kBlockSize, docs.size() - start);
    const uint32_t base = prev_plus_one;  // the block's ids are at least this
    uint32_t max_tf = 0, min_len = std::numeric_limits<uint32_t>::max();
    deltas.clear();
    impacts_.clear();
    for (size_t i = 0; i < n; ++i) {
      const uint32_t doc = docs[start + i], tf = freqs[start + i];
      gaps[i] = doc - prev_plus_one;
      prev_plus_one = doc + 1;
      tfs[i] = tf - 1;
      max_tf = std::max(max_tf, tf);
      min_len = std::min(min_len, field_lengths[doc]);
      impacts_.push_back({tf, field_lengths[doc]});
      uint32_t prev_pos = 0;
      for (uint32_t j = 0; j < tf; ++j) {
        const uint32_t p = positions[pos_at++];
        deltas.push_back(p - prev_pos);
        prev_pos = p;
      }
      info.cf += tf;
    }
    // A full block of a term with a skip table (which gives the block's id
    // range) whose ids lie close together: a bitmap of the range if smaller.
    uint32_t all_gaps = 0;
    for (size_t i = 0; i < n; ++i) all_gaps |= gaps[i];
    const uint64_t span = uint64_t{docs[start + n - 1]} - base + 1;
    if (docs.size() > kBlockSize && n == kBlockSize &&
        dense_block_bytes(span) < packed_block_bytes(static_cast<unsigned>(std::bit_width(all_gaps)))) {
      encode_dense_block(docs.data() + start, base, blocks_);
    } else {
      encode_block(gaps, n, blocks_);
    }
    encode_block(tfs, n, blocks_);
    encode_sequence(deltas.data(), deltas.size(), pos_);
    if (blocks_.size() > std::numeric_limits<uint32_t>::max() || pos_.size() > std::numeric_limits<uint32_t>::max()) {
      return Status::invalid_argument("postings of one term exceed 4 GiB in a segment; lower the flush threshold");
    }
    skips.u32(docs[start + n - 1]);
    skips.u32(static_cast<uint32_t>(blocks_.size()));
    skips.u32(static_cast<uint32_t>(pos_.size()));
    Impact corners[kImpactsPerBlock];
    compute_impacts(impacts_, corners);
    for (const Impact& c : corners) {
      skips.u32(c.tf);
      skips.u32(c.len);
    }
    info.max_tf = std::max(info.max_tf, max_tf);
    info.min_len = std::min(info.min_len, min_len);
  }
  // A one-block term needs no skip table: the dictionary has its max tf and
  // min length, and decoding the block gives its last doc.
  if (docs.size() > kBlockSize) QUARRY_RETURN_IF_ERROR(postings_.append(skips_));
  QUARRY_RETURN_IF_ERROR(postings_.append(blocks_));
  QUARRY_RETURN_IF_ERROR(positions_.append(pos_));
  return info;
}

}  // namespace quarry::internal

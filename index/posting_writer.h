// Writes a term's postings (blocks of doc gaps and frequencies, with skip
// entries) and its positions, in the layout of posting_format.h.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "index/file_format.h"
#include "index/posting_format.h"

namespace quarry::internal {

class PostingWriter {
 public:
  PostingWriter(FileWriter& postings, FileWriter& positions) : postings_(postings), positions_(positions) {}

  // A whole term at once. REQUIRES: docs strictly increasing, freqs[i] >= 1,
  // positions holds freqs[i] increasing positions for each doc in turn,
  // field_lengths[doc] is the document's length in this term's field.
  Result<TermInfo> write(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                         std::span<const uint32_t> positions, std::span<const uint32_t> field_lengths);

  // The same streamed, a block of documents at a time, so that a term's
  // postings need not be in memory whole (a merge's most frequent words):
  // begin with the term's document count, then add_block with kBlockSize
  // documents each but the last, then finish. Positions go to their file
  // as each block comes; the skip table precedes the blocks, so those (a
  // few bytes per document) wait for finish.
  void begin(uint32_t df);
  Status add_block(std::span<const uint32_t> docs, std::span<const uint32_t> freqs, std::span<const uint32_t> positions,
                   std::span<const uint32_t> field_lengths);
  Result<TermInfo> finish();

 private:
  FileWriter& postings_;
  FileWriter& positions_;
  TermInfo info_;
  uint32_t added_ = 0;          // documents added to the current term
  uint32_t prev_plus_one_ = 0;  // gap = doc - previous doc - 1; the first gap is the doc id itself
  uint64_t pos_bytes_ = 0;      // the current term's positions written so far
  std::string skips_, blocks_, pos_;  // reused buffers
  std::vector<Impact> impacts_;
  std::vector<uint32_t> deltas_;
};

}  // namespace quarry::internal

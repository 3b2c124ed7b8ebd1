// Writes a term's postings (blocks of doc gaps and frequencies, with skip
// entries) and its positions, in the layout of posting_format.h.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "index/file_format.h"
#include "index/posting_format.h"

namespace quarry::internal {

class PostingWriter {
 public:
  PostingWriter(FileWriter& postings, FileWriter& positions) : postings_(postings), positions_(positions) {}

  // REQUIRES: docs strictly increasing, freqs[i] >= 1, positions holds freqs[i]
  // increasing positions for each doc in turn, field_lengths[doc] is the
  // document's length in this term's field.
  Result<TermInfo> write(std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                         std::span<const uint32_t> positions, std::span<const uint32_t> field_lengths);

 private:
  FileWriter& postings_;
  FileWriter& positions_;
  std::string skips_, blocks_, pos_;  // reused buffers
  std::vector<Impact> impacts_;
};

}  // namespace quarry::internal

// Layout constants of a term's postings, shared by posting_writer and posting_reader.
//
// In the postings file, a term's data starts at its dictionary doc_offset:
//   SkipEntry[n_blocks]        fixed 20-byte records, n_blocks = ceil(df / 128);
//                              absent when n_blocks == 1
//   Block[n_blocks]            doc-id gaps (encode_block), then tf - 1 (encode_block)
// In the positions file, at pos_offset, per block: the positions of its documents,
// each document's list delta-coded from 0, all written with encode_sequence.
#pragma once

#include <cstdint>

namespace quarry::internal {

struct SkipEntry {
  uint32_t last_doc;  // largest doc id in the block
  uint32_t doc_end;   // end of the block, relative to the first block's start
  uint32_t pos_end;   // end of the block's positions, relative to pos_offset
  uint32_t max_tf;    // largest tf in the block
  uint32_t min_len;   // smallest field length among the block's documents
};
inline constexpr uint32_t kSkipEntrySize = 20;

// Dictionary data of one term in one segment.
struct TermInfo {
  uint32_t df = 0;       // documents containing the term
  uint64_t cf = 0;       // total occurrences
  uint64_t doc_offset = 0;
  uint64_t pos_offset = 0;
  uint32_t max_tf = 0;   // over all its postings: bounds the term's BM25 contribution
  uint32_t min_len = 0;
};

}  // namespace quarry::internal

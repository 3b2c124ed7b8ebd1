// Layout constants of a term's postings, shared by posting_writer and posting_reader.
//
// In the postings file, a term's data starts at its dictionary doc_offset:
//   SkipEntry[n_blocks]        fixed 36-byte records, n_blocks = ceil(df / 128);
//                              absent when n_blocks == 1
//   Block[n_blocks]            doc-id gaps (encode_block) or, for a full block of
//                              a term with skip entries, possibly a bitmap of its
//                              ids (dense_block.h, format v4); then tf - 1 (encode_block)
// In the positions file, at pos_offset, per block: the positions of its documents,
// each document's list delta-coded from 0, all written with encode_sequence.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace quarry::internal {

// A corner of a block's (tf, field length) frontier ("impact"): BM25 grows with
// tf and shrinks with length, so score(tf, len) bounds every document with
// tf' <= tf and len' >= len. Every document of a block is covered by one of
// its impacts; unused slots are {0, 0}.
struct Impact {
  uint32_t tf;
  uint32_t len;
  bool operator==(const Impact&) const = default;
};
inline constexpr int kImpactsPerBlock = 3;

struct SkipEntry {
  uint32_t last_doc;  // largest doc id in the block
  uint32_t doc_end;   // end of the block, relative to the first block's start
  uint32_t pos_end;   // end of the block's positions, relative to pos_offset
  Impact impacts[kImpactsPerBlock];  // by tf descending
};
inline constexpr uint32_t kSkipEntrySize = 36;
static_assert(sizeof(SkipEntry) == kSkipEntrySize);

// The impacts of a block whose documents have the given (tf, len) pairs: the
// pareto frontier (no pair both a larger tf and a smaller length than
// another), its two ends kept exact and the points between merged into one
// (their largest tf with their smallest length). REQUIRES: !docs.empty().
// Reorders docs.
void compute_impacts(std::span<Impact> docs, Impact (&out)[kImpactsPerBlock]);

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

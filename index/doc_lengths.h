// Per-document field lengths (analyzed token counts), the "dl" of BM25.
//
// Body: doc_count u32, field_count u32, then field_count arrays of doc_count u32;
// then (format v3) per field, per chunk of kLengthChunkDocs documents, a u32
// check: the low 32 bits of XXH3-64 of that chunk's slice of the field's array.
// A chunk is verified when a length in it is first read, so opening an index
// reads nothing that grows with the document count.
#pragma once

#include <atomic>
#include <cassert>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "index/file_format.h"
#include "index/types.h"

namespace quarry::internal {

inline constexpr uint32_t kLengthChunkDocs = 1024;

Status write_doc_lengths(FileWriter& file, const std::vector<uint32_t> (&lengths)[kFieldCount]);

class DocLengthsReader {
 public:
  // Checks the layout. A file of format v1 or v2 carries no chunk checks: its
  // whole checksum is verified here instead.
  static Result<std::unique_ptr<DocLengthsReader>> open(const MappedFile& file);
  uint32_t doc_count() const { return doc_count_; }
  // REQUIRES: doc < doc_count(). A length in a chunk that fails its check is
  // still returned (any value is safe to score with), and status() reports
  // the damage: a query checks it before it trusts its results.
  uint32_t length(Field field, DocId doc) const {
    if (checking()) ensure(doc / kLengthChunkDocs);
    return length_verified(field, doc);
  }
  // For loops over a block of documents: verifies the chunks of docs
  // (ascending) once, after which length_verified reads them without a check
  // per document (a per-read check cost frequent terms 13 % more instructions).
  void verify_docs(std::span<const uint32_t> docs) const {
    if (!checking() || docs.empty()) return;
    const uint32_t first = docs.front() / kLengthChunkDocs, last = docs.back() / kLengthChunkDocs;
    if (last - first <= 1) {  // dense: the two ends' chunks hold them all
      ensure(first);
      ensure(last);
    } else {
      uint32_t previous = UINT32_MAX;
      for (const uint32_t d : docs) {
        if (d / kLengthChunkDocs != previous) ensure(previous = d / kLengthChunkDocs);
      }
    }
  }
  // REQUIRES: doc's chunk verified (verify_docs); debug builds check.
  uint32_t length_verified(Field field, DocId doc) const {
    assert(!checking() || is_verified(doc / kLengthChunkDocs));
    uint32_t v;
    std::memcpy(&v, base_ + (static_cast<size_t>(field) * doc_count_ + doc) * 4, 4);
    return v;
  }
  // Corruption once a length read so far failed its chunk's check.
  Status status() const;
  // Verifies every chunk (for merging, which copies all lengths, and checking).
  Status verify_all() const;

 private:
  // Whether some chunk is still unverified (never, for files verified whole).
  bool checking() const { return unverified_.load(std::memory_order_relaxed) != 0; }
  bool is_verified(uint32_t chunk) const {
    return (verified_[chunk / 64].load(std::memory_order_relaxed) >> (chunk % 64)) & 1;
  }
  void ensure(uint32_t chunk) const {
    if (!is_verified(chunk)) [[unlikely]] verify_chunk(chunk);
  }
  void verify_chunk(uint32_t chunk) const;
  const MappedFile* file_ = nullptr;
  const uint8_t* base_ = nullptr;
  const uint8_t* checks_ = nullptr;  // v3; null when the file was verified whole
  uint32_t doc_count_ = 0;
  // One bit per chunk that passed (or failed: then damaged_ is set), shared
  // by threads; setting a bit twice is harmless.
  std::unique_ptr<std::atomic<uint64_t>[]> verified_;
  mutable std::atomic<uint32_t> damaged_chunk_{UINT32_MAX};  // the first chunk found damaged
  // Chunks not verified yet: once all are, reads skip even the bit test.
  mutable std::atomic<uint32_t> unverified_{0};
};

}  // namespace quarry::internal

// Per-document field lengths (analyzed token counts), the "dl" of BM25.
//
// Body: doc_count u32, field_count u32, then field_count arrays of doc_count u32;
// then (format v3) per field, per chunk of kLengthChunkDocs documents, a u32
// check: the low 32 bits of XXH3-64 of that chunk's slice of the field's array.
// A field's chunk is verified when a length in it is first read, so opening an
// index reads nothing that grows with the document count, and a query of one
// field hashes none of the other's lengths.
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

// A prefetch the optimizer keeps: gcc 12 compiled DocLengthsReader::prefetch's
// loop of __builtin_prefetch to no instruction at all once it stood behind the
// sparse-block test (a hint it may drop), which silently made it a no-op.
inline void prefetch_line(const void* p) {
#if defined(__x86_64__) || defined(__i386__)
  asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
  __builtin_prefetch(p);
#endif
}

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
    if (checking(field)) ensure(unit(field, doc / kLengthChunkDocs));
    return length_verified(field, doc);
  }
  // For loops over a block of documents: verifies the chunks of docs
  // (ascending) once, after which length_verified reads them without a check
  // per document (a per-read check cost frequent terms 13 % more instructions).
  void verify_docs(Field field, std::span<const uint32_t> docs) const {
    if (!checking(field) || docs.empty()) return;
    const uint32_t first = docs.front() / kLengthChunkDocs, last = docs.back() / kLengthChunkDocs;
    if (last - first <= 1) {  // dense: the two ends' chunks hold them all
      ensure(unit(field, first));
      ensure(unit(field, last));
    } else {
      uint32_t previous = UINT32_MAX;
      for (const uint32_t d : docs) {
        if (d / kLengthChunkDocs != previous) ensure(unit(field, previous = d / kLengthChunkDocs));
      }
    }
  }
  // REQUIRES: doc's chunk verified (verify_docs); debug builds check.
  uint32_t length_verified(Field field, DocId doc) const {
    assert(!checking(field) || is_verified(unit(field, doc / kLengthChunkDocs)));
    uint32_t v;
    std::memcpy(&v, base_ + (static_cast<size_t>(field) * doc_count_ + doc) * 4, 4);
    return v;
  }
  // Asks the memory system for the lengths of docs (ascending) in field
  // ahead of their reads, when the index is large and they are spread out:
  // each is then a cache miss of its own, and issued together the misses
  // overlap instead of waiting one after another (1M documents: single
  // medium terms twice as fast). Close documents share cache lines the
  // hardware fetches in sequence anyway.
  void prefetch(Field field, std::span<const uint32_t> docs) const {
    constexpr uint32_t kLengthsPerLine = 64 / 4;
    // A field's lengths of up to 2 MiB (half a million documents) stay in
    // the caches between queries: prefetching them only costs instructions.
    constexpr uint32_t kCachedDocs = (2u << 20) / 4;
    if (doc_count_ <= kCachedDocs || docs.empty() || docs.back() - docs.front() < kLengthsPerLine * docs.size()) return;
    const uint8_t* const column = base_ + static_cast<size_t>(field) * doc_count_ * 4;
    for (const uint32_t d : docs) prefetch_line(column + size_t{d} * 4);
  }
  // Corruption once a length read so far failed its chunk's check.
  Status status() const;
  // Verifies every chunk of every field (for merging, which copies all
  // lengths, and checking).
  Status verify_all() const;

 private:
  // A unit of verification: one field's slice of one chunk, numbered field by
  // field as the checks are stored.
  uint32_t unit(Field field, uint32_t chunk) const { return static_cast<uint32_t>(field) * chunks_ + chunk; }
  // Whether some unit of field is still unverified (never, for files
  // verified whole). Counted per field: a field never queried must not keep
  // the others' reads checking.
  bool checking(Field field) const {
    return unverified_[static_cast<size_t>(field)].load(std::memory_order_relaxed) != 0;
  }
  bool is_verified(uint32_t unit) const {
    return (verified_[unit / 64].load(std::memory_order_relaxed) >> (unit % 64)) & 1;
  }
  void ensure(uint32_t unit) const {
    if (!is_verified(unit)) [[unlikely]] verify_unit(unit);
  }
  void verify_unit(uint32_t unit) const;
  const MappedFile* file_ = nullptr;
  const uint8_t* base_ = nullptr;
  const uint8_t* checks_ = nullptr;  // v3; null when the file was verified whole
  uint32_t doc_count_ = 0;
  uint32_t chunks_ = 0;  // per field
  // One bit per unit that passed (or failed: then damaged_unit_ is set),
  // shared by threads; setting a bit twice is harmless.
  std::unique_ptr<std::atomic<uint64_t>[]> verified_;
  mutable std::atomic<uint32_t> damaged_unit_{UINT32_MAX};  // the first unit found damaged
  // Per field, units not verified yet: once all are, its reads skip even the bit test.
  mutable std::atomic<uint32_t> unverified_[kFieldCount] = {};
};

}  // namespace quarry::internal

// The term dictionary: sorted keys (field byte + UTF-8 term) with their
// TermInfo, front-coded in blocks of kTermsPerBlock, and an array of block
// offsets so a lookup binary-searches block heads without loading anything.
//
// Body:    Block*  BlockIndex[block_count]  Trailer
// Block:   Entry{shared varint, suffix_len varint, suffix, df varint, cf - df varint,
//          doc_offset varint, pos_offset varint, max_tf varint, min_len varint}*
//          (the first entry of a block has shared = 0 and absolute offsets; the
//          others, in v2, the distance from the previous entry's offsets),
//          then (format v2) check u32 = low 32 bits of XXH3-64 of the entries:
//          a block is verified when first read, so opening an index need not
//          hash its whole dictionary.
// BlockIndex entry: offset u64, then (v2) head_prefix u64: the block's first
//          key's first 8 bytes, zero-padded, read as a big-endian number
// Trailer: term_count u64, block_count u64, index_offset u64
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/file_format.h"
#include "index/posting_format.h"

namespace quarry::internal {

// Entries per block when writing: a lookup scans up to one block, so fewer is
// faster (16 against 32: -6 % instructions for a rare-term query on gcide; 8
// against 16: -4 % more, and one binary alternating the two indexes on the
// mixed query set: every group 0-4 % faster at p50, a lookup touching fewer
// cache lines), at the cost of more heads and index entries (gcide's
// dictionary 2.9 -> 3.3 MB, +1.4 % of the index; 4 entries would make it
// 4.3 MB for 2 % fewer instructions).
inline constexpr uint32_t kTermsPerBlock = 8;
// Readers accept blocks of up to this many entries (indexes written with 32).
inline constexpr uint32_t kMaxTermsPerBlock = 32;
inline constexpr uint64_t kIndexEntrySize = 16;  // v2; v1 entries are 8 bytes (the offset)

class TermDictionaryWriter {
 public:
  // terms_per_block: 1 to kMaxTermsPerBlock (other values are clamped);
  // readers need not know it.
  explicit TermDictionaryWriter(FileWriter& file, uint32_t terms_per_block = kTermsPerBlock)
      : file_(file), terms_per_block_(std::clamp<uint32_t>(terms_per_block, 1, kMaxTermsPerBlock)) {}
  // REQUIRES: keys strictly increasing (bytewise).
  Status add(std::string_view key, const TermInfo& info);
  Status finish();  // writes the block index and trailer (not the footer)
  uint64_t term_count() const { return term_count_; }

 private:
  Status flush_block();
  FileWriter& file_;
  uint32_t terms_per_block_;
  std::string block_, last_key_;
  uint64_t last_doc_offset_ = 0, last_pos_offset_ = 0;
  uint32_t in_block_ = 0;
  uint64_t term_count_ = 0;
  std::string offsets_;
};

class TermDictionaryReader {
 public:
  // REQUIRES: file outlives the reader. Checks the trailer and index bounds.
  static Result<std::unique_ptr<TermDictionaryReader>> open(const MappedFile& file);
  // Whether blocks carry checks (format v2); without them only a whole-file
  // checksum protects the dictionary.
  bool has_block_checks() const { return block_checks_; }
  uint64_t term_count() const { return term_count_; }

  // Finds key. Returns NotFound if absent, Corruption if the block is damaged.
  Result<TermInfo> find(std::string_view key) const;
  // The same without an error for an absent key (common in queries, and a
  // NotFound status costs its message): the entry, or one with df == 0.
  Result<TermInfo> lookup(std::string_view key) const;

  // Checks every block's head against the block index (v2 head prefixes),
  // for the deep check; lookups check only the blocks they land on.
  Status verify_index() const;

  // Streams the terms in order, decoding one block at a time (bounded memory,
  // for merging). REQUIRES: the reader outlives the cursor.
  class Cursor {
   public:
    bool valid() const { return at_ < entries_.size(); }
    const std::string& key() const { return entries_[at_].first; }
    const TermInfo& info() const { return entries_[at_].second; }
    Status next();  // REQUIRES: valid()

   private:
    friend class TermDictionaryReader;
    Status load(uint64_t block);
    const TermDictionaryReader* dict_ = nullptr;
    uint64_t block_ = 0;
    size_t at_ = 0;
    std::vector<std::pair<std::string, TermInfo>> entries_;
  };
  Result<Cursor> cursor() const;

  // Visits every term in order; stops early when fn returns false.
  template <class Fn>
  Status for_each(Fn&& fn) const {
    std::string key;
    bool go_on = true;
    for (uint64_t b = 0; b < block_count_ && go_on; ++b) {
      Status s = scan_block(b, key, [&](std::string_view k, const TermInfo& info) { return go_on = fn(k, info); });
      if (!s.is_ok()) return s;
    }
    return Status::ok();
  }

 private:
  explicit TermDictionaryReader(const MappedFile& file) : file_(file) {}
  // Decodes block b, calling visit(shared, suffix, info) per entry (its key is
  // the previous key's first `shared` bytes, then suffix) until it returns false.
  template <class Visit>
  Status scan_entries(uint64_t b, Visit&& visit) const;
  // The same with the keys rebuilt in key: visit(key, info).
  template <class Visit>
  Status scan_block(uint64_t b, std::string& key, Visit&& visit) const {
    key.clear();
    return scan_entries(b, [&](uint64_t shared, std::string_view suffix, const TermInfo& info) {
      key.resize(shared);
      key.append(suffix);
      return visit(std::string_view(key), info);
    });
  }
  Result<std::string_view> block_head(uint64_t b) const;
  uint64_t block_offset(uint64_t b) const;
  uint64_t head_prefix(uint64_t b) const;  // REQUIRES: v2
  // The entries of block b, [begin, end) in the file, after checking bounds
  // and (once per reader, v2) the block's check.
  Status block_bounds(uint64_t b, uint64_t& begin, uint64_t& end) const;

  const MappedFile& file_;
  uint64_t term_count_ = 0, block_count_ = 0, index_offset_ = 0;
  bool block_checks_ = false;  // format v2: block checks, distances, head prefixes
  uint64_t entry_size_ = 8;
  // One bit per block whose check passed: each block is hashed once. Shared
  // by threads; setting a bit twice is harmless.
  std::unique_ptr<std::atomic<uint64_t>[]> verified_;
};

}  // namespace quarry::internal

#include "index/term_dictionary_inl.h"

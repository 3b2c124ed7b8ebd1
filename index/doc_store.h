// Stored documents (id, title, text), packed into blocks of about
// kStoreBlockBytes and compressed with zstd, so fetching one hit decompresses
// one block.
//
// Body:    CompressedBlock*  BlockIndex[block_count]  Trailer
// Raw block: per document: id, title, text, each a varint length + bytes
// BlockIndex entry (24 bytes): first_doc u32, doc_count u32, offset u64,
//          compressed_size u32, raw_size u32
// Trailer: doc_count u32, block_count u32, index_offset u64
#pragma once

#include <memory>
#include <string>

#include "index/file_format.h"

namespace quarry::internal {

inline constexpr size_t kStoreBlockBytes = 16 * 1024;

struct StoredDocument {
  std::string id;
  std::string title;
  std::string text;
};

class DocStoreWriter {
 public:
  explicit DocStoreWriter(FileWriter& file, int zstd_level = 6) : file_(file), level_(zstd_level) {}
  Status add(std::string_view id, std::string_view title, std::string_view text);
  Status finish();  // flushes the last block, writes index and trailer
  uint32_t doc_count() const { return doc_count_; }

 private:
  Status flush_block();
  FileWriter& file_;
  int level_;
  std::string raw_, compressed_, index_;
  uint32_t doc_count_ = 0, block_first_doc_ = 0, block_count_ = 0;
};

class DocStoreReader {
 public:
  static Result<std::unique_ptr<DocStoreReader>> open(const MappedFile& file);
  uint32_t doc_count() const { return doc_count_; }
  // REQUIRES: doc < doc_count(). Thread-safe.
  Result<StoredDocument> get(uint32_t doc) const;

  // Whole blocks, for copying every document in order (segment merging).
  uint32_t block_count() const { return block_count_; }
  struct RawBlock {
    uint32_t first_doc = 0, doc_count = 0;
    uint64_t file_end = 0;  // offset just past the compressed block in the file
    std::string raw;  // doc_count records of id, title, text (varint-length strings)
  };
  Result<RawBlock> read_block(uint32_t block) const;

 private:
  explicit DocStoreReader(const MappedFile& file) : file_(file) {}
  const MappedFile& file_;
  uint32_t doc_count_ = 0, block_count_ = 0;
  uint64_t index_offset_ = 0;
};

}  // namespace quarry::internal

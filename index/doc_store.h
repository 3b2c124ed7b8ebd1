// Stored documents (id, title, text), packed into blocks of about
// kStoreBlockBytes and compressed with zstd, so fetching one hit decompresses
// one block.
//
// Body:    [Dictionary (v3)]  CompressedBlock*  BlockIndex[block_count]  Trailer
// Raw block: per document: id, title, text, each a varint length + bytes
// BlockIndex entry (24 bytes): first_doc u32, doc_count u32, offset u64,
//          compressed_size u32, raw_size u32
// Trailer: doc_count u32, block_count u32, index_offset u64, then (v3)
//          dictionary_size u32 and a zero u32
// Dictionary (v3): a zstd dictionary trained on the segment's first blocks,
//          at offset 16, absent (size 0) when it would not make the store
//          smaller; every block is compressed with it. Small blocks fetch
//          fast but compress poorly alone: with the dictionary, 8 KB blocks
//          are smaller than 16 KB blocks without (gcide: -10 %).
#pragma once

#include <zstd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "index/bounded_queue.h"
#include "index/file_format.h"

namespace quarry::internal {

inline constexpr size_t kStoreBlockBytes = 8 * 1024;
// The writer buffers this many bytes of raw blocks (bounded memory), trains
// a dictionary of at most kStoreDictionaryBytes on them, then streams.
inline constexpr size_t kStoreTrainingBytes = 2 * 1024 * 1024;
inline constexpr size_t kStoreDictionaryBytes = 64 * 1024;

struct StoredDocument {
  std::string id;
  std::string title;
  std::string text;
};

// Appends a document's record to a raw block: id, title and text, each a
// varint length and its bytes.
void append_stored_record(std::string& block, std::string_view id, std::string_view title, std::string_view text);

// A zstd dictionary for stored documents trained on these raw blocks (each
// a sample), or empty when there are too few or it would not make them
// smaller by more than its own size. compressed_blocks, when given and a
// choice was made, receives the blocks compressed as the store would write
// them with the result (a byte-identical frame per block); otherwise it is left empty.
Result<std::string> train_store_dictionary(std::span<const std::string> blocks, int zstd_level,
                                           std::vector<std::string>* compressed_blocks = nullptr);

class DocStoreWriter {
 public:
  // background: once the dictionary is chosen, blocks filled by add() are
  // compressed and written by a thread of the writer's own, in order, while
  // the caller goes on (zstd was two fifths of the inverting thread's work).
  explicit DocStoreWriter(FileWriter& file, int zstd_level = 6, bool background = false);
  ~DocStoreWriter();
  // Compresses with this dictionary (empty: none) instead of training one:
  // a build's later segments take its first segment's, so that merging them
  // copies their compressed blocks. REQUIRES: called before add().
  Status use_dictionary(std::string dictionary);
  Status add(std::string_view id, std::string_view title, std::string_view text);
  // Appends a block compressed elsewhere with this writer's dictionary, for
  // the documents from doc_count() on. REQUIRES: the dictionary is set
  // (use_dictionary) and no document was added since the last such block.
  Status add_compressed_block(uint32_t doc_count, std::span<const uint8_t> compressed, uint32_t raw_size);
  // The same for a raw block (doc_count records), compressed here: a block of
  // a store that used another dictionary.
  Status add_raw_block(uint32_t doc_count, const std::string& raw);
  Status finish();  // flushes the last block, writes index and trailer
  uint32_t doc_count() const { return doc_count_; }
  uint32_t dictionary_size() const { return static_cast<uint32_t>(dictionary_.size()); }
  // The dictionary, once chosen (after kStoreTrainingBytes of documents, or finish()).
  const std::string& dictionary() const { return dictionary_; }
  // Whether this writer chose its dictionary from a full kStoreTrainingBytes
  // of its own documents (not from fewer, at finish(), nor given one).
  bool trained_on_full_sample() const { return full_sample_; }

 private:
  struct PendingBlock {
    uint32_t first_doc, doc_count;
    std::string raw;
  };
  Status close_block();
  // Trains a dictionary on the pending blocks, keeps it if the store gets
  // smaller with it, writes it and the pending blocks.
  Status choose_dictionary();
  // Compresses every block from now on with dictionary (empty: none) and
  // writes it at offset 16, before any block.
  Status install_dictionary(std::string dictionary);
  Status write_block(uint32_t first_doc, uint32_t doc_count, const std::string& raw);
  // The background thread: write_block for each queued block; the first error is kept.
  struct Job {
    uint32_t first_doc, doc_count;
    std::string raw;
  };
  void compress_queued();
  // Waits until every queued block is written and the thread has ended;
  // returns its first error.
  Status stop_background();
  Status write_compressed(uint32_t first_doc, uint32_t doc_count, const std::string& compressed, uint32_t raw_size);
  FileWriter& file_;
  int level_;
  bool dictionary_chosen_ = false;
  bool full_sample_ = false;
  std::string dictionary_;
  std::unique_ptr<ZSTD_CDict, size_t (*)(ZSTD_CDict*)> cdict_{nullptr, ZSTD_freeCDict};
  std::vector<PendingBlock> pending_;
  size_t pending_bytes_ = 0;
  std::string raw_, compressed_, index_;
  const bool background_;
  std::unique_ptr<BoundedQueue<Job>> jobs_;  // while the thread runs
  std::thread compressor_;
  std::mutex background_mu_;
  Status background_error_;                 // guarded by background_mu_
  std::atomic<bool> background_failed_{false};
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
    std::span<const uint8_t> compressed;  // the block as stored (it decompressed to raw)
  };
  // shared_ddict: this store's dictionary digested elsewhere, used instead of
  // digesting it here (a merge reads hundreds of stores of one dictionary,
  // and each digested copy takes memory); null: this reader's own.
  Result<RawBlock> read_block(uint32_t block, const ZSTD_DDict* shared_ddict = nullptr) const;
  // The zstd dictionary every block is compressed with (empty: none).
  std::string_view dictionary() const {
    return {reinterpret_cast<const char*>(file_.data()) + kHeaderSize, dictionary_size_};
  }

 private:
  explicit DocStoreReader(const MappedFile& file) : file_(file) {}
  // The digested dictionary, built on first use (not on open), or null.
  const ZSTD_DDict* ddict() const;
  const MappedFile& file_;
  uint32_t doc_count_ = 0, block_count_ = 0, dictionary_size_ = 0;
  uint64_t index_offset_ = 0;
  mutable std::once_flag ddict_once_;
  mutable std::unique_ptr<ZSTD_DDict, size_t (*)(ZSTD_DDict*)> ddict_{nullptr, ZSTD_freeDDict};
};

}  // namespace quarry::internal

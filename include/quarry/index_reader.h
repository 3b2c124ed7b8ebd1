// Opening an index for reading, its statistics and stored documents. Part of
// Quarry's public API.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "quarry/index_writer.h"
#include "quarry/status.h"

namespace quarry {

struct OpenOptions {
  // Verify every file's checksum on open (reads the whole index). Without it,
  // the manifest and lengths are still verified, each dictionary block is
  // verified by its own check when first read, and the rest is checked
  // structurally as it is read.
  bool verify_checksums = false;
};

struct IndexStats {
  uint64_t documents = 0;
  uint32_t segments = 0;
  uint64_t terms = 0;      // dictionary keys summed over segments: words of both fields, and word pairs
  uint64_t postings = 0;   // (key, document) pairs
  uint64_t positions = 0;  // occurrences of words and of indexed word pairs
  double average_body_length = 0, average_title_length = 0;  // in tokens
  std::string stemming;    // the analyzer's Snowball language, or "none"
  std::string tokenizer;   // the analysis rules' id (see docs/format.md)
  uint32_t format_version = 0;
  uint64_t generation = 0;  // counts commits to the directory
  uint32_t pair_words = 0;  // frequent words whose adjacent pairs are indexed for phrases
  uint64_t dictionary_bytes = 0, postings_bytes = 0, positions_bytes = 0, lengths_bytes = 0, stored_bytes = 0;
};

// An open, immutable index. Thread-safe; share it through shared_ptr.
class IndexReader {
 public:
  // NotFound when directory holds no index; Corruption or NotSupported when it
  // holds a damaged or newer-format one (the message names the file).
  static Result<std::shared_ptr<const IndexReader>> open(const std::string& directory,
                                                         const OpenOptions& options = {});
  ~IndexReader();
  IndexReader(const IndexReader&) = delete;
  IndexReader& operator=(const IndexReader&) = delete;

  uint64_t document_count() const;
  IndexStats stats() const;
  // A stored document by its number (0 .. document_count() - 1, the order of addition).
  Result<Document> document(uint64_t number) const;

 private:
  friend class Searcher;
  struct Impl;
  explicit IndexReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry

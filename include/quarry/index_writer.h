// Building an index: add documents, then commit. Part of Quarry's public API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "quarry/status.h"

namespace quarry {

// A document as stored and returned: an external id, a title, a text.
// The title is searchable on its own (title:word) and as part of the body.
struct Document {
  std::string id;
  std::string title;
  std::string text;
};

struct WriterOptions {
  std::string stemming = "english";  // a Snowball language ("english", "french", ...) or "none"
  size_t memory_budget_mb = 256;     // flush a segment when the in-memory postings reach this size
  int threads = 2;                   // 1: single-threaded; 2: analysis, inversion and store compression in parallel
  bool merge_segments = true;        // merge flushed segments into one on commit
  int zstd_level = 6;                // compression of stored documents, 1..19
  // The most frequent words of the first documents (at most this many, 0 for
  // none) also have their adjacent pairs indexed: phrases of frequent words
  // then read one short list. Costs index size; changes no result.
  size_t pair_words = 128;
};

// Writes a new index into a directory. The directory's previous index, if any,
// stays readable and unchanged until commit() switches to the new one
// atomically. One writer per directory at a time (a lock file enforces it).
// Not thread-safe: use from one thread.
class IndexWriter {
 public:
  // Creates the directory if needed. Fails with InvalidArgument for bad
  // options, IOError when the directory is unusable or locked by another writer.
  static Result<std::unique_ptr<IndexWriter>> create(const std::string& directory, const WriterOptions& options = {});
  ~IndexWriter();  // without commit(): nothing changes for readers
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds a document. Invalid UTF-8 is replaced by U+FFFD (and counted).
  Status add(Document document);
  // Makes everything added visible to readers that open the index afterwards.
  // REQUIRES: called at most once.
  Status commit();

  uint64_t documents_added() const;
  uint64_t invalid_utf8_replaced() const;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry

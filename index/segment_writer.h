// Builds one segment: inverts documents in memory, streams stored documents
// to disk as they arrive, and writes dictionary, postings, positions and
// lengths on finish(). Files get fresh names; nothing is live until a
// manifest names the segment.
#pragma once

#include <memory>
#include <string>

#include "index/analyzed_document.h"
#include "index/doc_store.h"
#include "index/inverter.h"
#include "index/manifest.h"

namespace quarry::internal {

class SegmentWriter {
 public:
  // pair_words: sorted word keys whose adjacent pairs are indexed (may be
  // empty); must outlive the writer. store_dictionary: the zstd dictionary
  // for stored documents, or null to train one on this segment's first ones.
  // background_store: stored blocks compressed on a thread of their own
  // (DocStoreWriter), for a build that may use more than one thread.
  static Result<std::unique_ptr<SegmentWriter>> create(const std::string& dir, const std::string& name,
                                                       int zstd_level, const std::vector<std::string>& pair_words,
                                                       const std::string* store_dictionary = nullptr,
                                                       bool background_store = false);
  // Inverts an analyzed document and appends its stored fields.
  Status add(const AnalyzedDocument& doc);
  uint32_t doc_count() const { return static_cast<uint32_t>(lengths_[0].size()); }
  size_t memory_bytes() const { return inverter_.memory_bytes() + doc_count() * 8; }
  // Writes the remaining files and fsyncs them. REQUIRES: called once.
  Result<SegmentInfo> finish();
  // The stored documents' dictionary (empty: none). REQUIRES: finish() succeeded.
  const std::string& store_dictionary() const { return store_->dictionary(); }
  // Whether this segment trained it on a full sample of its own documents.
  bool store_dictionary_from_full_sample() const { return store_->trained_on_full_sample(); }

 private:
  SegmentWriter() = default;
  std::string dir_, name_;
  Inverter inverter_;
  std::vector<uint32_t> lengths_[kFieldCount];
  std::unique_ptr<FileWriter> store_file_;
  std::unique_ptr<DocStoreWriter> store_;
  SegmentInfo info_;
};

}  // namespace quarry::internal

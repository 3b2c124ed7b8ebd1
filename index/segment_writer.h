// Builds one segment: inverts documents in memory, streams stored documents
// to disk as they arrive, and writes dictionary, postings, positions and
// lengths on finish(). Files get fresh names; nothing is live until a
// manifest names the segment.
#pragma once

#include <memory>
#include <string>

#include "index/analyzer.h"
#include "index/doc_store.h"
#include "index/inverter.h"
#include "index/manifest.h"

namespace quarry {

class SegmentWriter {
 public:
  static Result<std::unique_ptr<SegmentWriter>> create(const std::string& dir, const std::string& name,
                                                       int zstd_level);
  // Indexes title into the title field and title + text into the body field
  // (the title is not repeated when text already starts with it).
  Status add(Analyzer& analyzer, std::string_view id, std::string_view title, std::string_view text);
  uint32_t doc_count() const { return static_cast<uint32_t>(lengths_[0].size()); }
  size_t memory_bytes() const { return inverter_.memory_bytes() + doc_count() * 8; }
  // Writes the remaining files and fsyncs them. REQUIRES: called once.
  Result<SegmentInfo> finish();

 private:
  SegmentWriter() = default;
  std::string dir_, name_;
  Inverter inverter_;
  std::vector<uint32_t> lengths_[kFieldCount];
  std::unique_ptr<FileWriter> store_file_;
  std::unique_ptr<DocStoreWriter> store_;
  SegmentInfo info_;
};

}  // namespace quarry

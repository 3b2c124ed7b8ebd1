// An index opened for reading: the manifest and every segment it names, with
// collection-wide statistics for scoring. Immutable and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "index/manifest.h"
#include "index/segment_reader.h"
#include "index/term_keys.h"

namespace quarry::internal {

class IndexReader {
 public:
  // verify_checksums: check every file's checksum on open (reads every byte).
  static Result<std::unique_ptr<IndexReader>> open(const std::string& dir, bool verify_checksums = true);

  const std::string& directory() const { return dir_; }
  const Manifest& manifest() const { return manifest_; }
  // Manifest::is_pair_word in one hash probe: phrases ask it of every word.
  bool is_pair_word(std::string_view key) const { return pair_words_.contains(key); }
  uint64_t doc_count() const { return doc_count_; }
  double average_length(Field field) const;

  size_t segment_count() const { return segments_.size(); }
  const SegmentReader& segment(size_t i) const { return *segments_[i]; }
  DocId segment_base(size_t i) const { return bases_[i]; }

  // A stored document by global doc id.
  Result<StoredDocument> document(DocId doc) const;

 private:
  IndexReader() = default;
  IndexReader(const IndexReader&) = delete;  // pair_words_ views manifest_'s strings
  IndexReader& operator=(const IndexReader&) = delete;
  std::string dir_;
  Manifest manifest_;
  std::unordered_set<std::string_view> pair_words_;
  std::vector<std::unique_ptr<SegmentReader>> segments_;
  std::vector<DocId> bases_;
  uint64_t doc_count_ = 0;
};

}  // namespace quarry::internal

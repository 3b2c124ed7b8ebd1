// Opening all segments of an index and aggregating their statistics.
#include "index/index_reader.h"

#include <algorithm>

namespace quarry::internal {

Result<std::unique_ptr<IndexReader>> IndexReader::open(const std::string& dir, bool verify_checksums) {
  std::unique_ptr<IndexReader> r(new IndexReader());
  r->dir_ = dir;
  QUARRY_ASSIGN_OR_RETURN(r->manifest_, read_manifest(dir));
  r->pair_words_.insert(r->manifest_.pair_words.begin(), r->manifest_.pair_words.end());
  if (auto analyzer = Analyzer::create(r->manifest_.analyzer); !analyzer.is_ok()) {
    return Status::not_supported(dir + "/manifest: " + analyzer.status().message());
  }
  for (const SegmentInfo& info : r->manifest_.segments) {
    QUARRY_ASSIGN_OR_RETURN(auto seg, SegmentReader::open(dir, info, verify_checksums));
    r->bases_.push_back(static_cast<DocId>(r->doc_count_));
    r->doc_count_ += info.doc_count;
    r->segments_.push_back(std::move(seg));
  }
  return r;
}

double IndexReader::average_length(Field field) const {
  if (doc_count_ == 0) return 0;
  return static_cast<double>(manifest_.field_length_sum(field)) / static_cast<double>(doc_count_);
}

Result<StoredDocument> IndexReader::document(DocId doc) const {
  auto it = std::upper_bound(bases_.begin(), bases_.end(), doc);
  if (it == bases_.begin() || doc >= doc_count_) return Status::not_found("document " + std::to_string(doc) + " does not exist");
  const size_t seg = static_cast<size_t>(it - bases_.begin()) - 1;
  return segments_[seg]->store().get(doc - bases_[seg]);
}

}  // namespace quarry::internal

// Opening and validating the files of one segment.
#include "index/segment_reader.h"

#include <filesystem>

namespace quarry::internal {

Result<std::unique_ptr<SegmentReader>> SegmentReader::open(const std::string& dir, const SegmentInfo& info,
                                                           bool verify) {
  std::unique_ptr<SegmentReader> r(new SegmentReader());
  r->info_ = info;
  auto path = [&](const char* ext) { return (std::filesystem::path(dir) / (info.name + ext)).string(); };
  // Opening reads nothing that grows with the index. Dictionary blocks (v2)
  // and chunks of the document lengths (v3) carry their own checks, verified
  // as they are first read, so a query hashes what it reads; an older
  // dictionary or lengths file is verified whole. Postings, positions and
  // stored documents are checked structurally as they are read, and by
  // checksum on request.
  QUARRY_ASSIGN_OR_RETURN(r->dict_file_, MappedFile::open(path(".dict"), FileKind::kDictionary, verify));
  QUARRY_ASSIGN_OR_RETURN(r->postings_, MappedFile::open(path(".doc"), FileKind::kPostings, verify));
  QUARRY_ASSIGN_OR_RETURN(r->positions_, MappedFile::open(path(".pos"), FileKind::kPositions, verify));
  QUARRY_ASSIGN_OR_RETURN(r->len_file_, MappedFile::open(path(".len"), FileKind::kLengths, verify));
  QUARRY_ASSIGN_OR_RETURN(r->store_file_, MappedFile::open(path(".store"), FileKind::kStored, verify));
  QUARRY_ASSIGN_OR_RETURN(r->dictionary_, TermDictionaryReader::open(*r->dict_file_));
  if (!verify && !r->dictionary_->has_block_checks()) {
    QUARRY_RETURN_IF_ERROR(check_envelope(r->dict_file_->data(), r->dict_file_->size(), FileKind::kDictionary,
                                          r->dict_file_->path(), /*verify_checksum=*/true));
  }
  QUARRY_ASSIGN_OR_RETURN(r->lengths_, DocLengthsReader::open(*r->len_file_));
  QUARRY_ASSIGN_OR_RETURN(r->store_, DocStoreReader::open(*r->store_file_));
  if (r->lengths_->doc_count() != info.doc_count) {
    return Status::corruption(path(".len") + ": holds " + std::to_string(r->lengths_->doc_count()) +
                              " documents, the manifest says " + std::to_string(info.doc_count));
  }
  if (r->store_->doc_count() != info.doc_count) {
    return Status::corruption(path(".store") + ": holds " + std::to_string(r->store_->doc_count()) +
                              " documents, the manifest says " + std::to_string(info.doc_count));
  }
  if (r->dictionary_->term_count() != info.term_count) {
    return Status::corruption(path(".dict") + ": holds " + std::to_string(r->dictionary_->term_count()) +
                              " terms, the manifest says " + std::to_string(info.term_count));
  }
  return r;
}

SegmentReader::FileSizes SegmentReader::file_sizes() const {
  return {dict_file_->size(), postings_->size(), positions_->size(), len_file_->size(), store_file_->size()};
}

}  // namespace quarry::internal

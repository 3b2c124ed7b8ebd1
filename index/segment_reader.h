// One segment opened for reading: its five files mapped and validated, the
// dictionary, lengths and stored documents ready to use. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "index/doc_lengths.h"
#include "index/doc_store.h"
#include "index/manifest.h"
#include "index/posting_reader.h"
#include "index/term_dictionary.h"

namespace quarry::internal {

class SegmentReader {
 public:
  // Opens the files named by info in dir; checks envelopes (and checksums if
  // verify) and that their counts agree with the manifest.
  static Result<std::unique_ptr<SegmentReader>> open(const std::string& dir, const SegmentInfo& info, bool verify);

  const SegmentInfo& info() const { return info_; }
  uint32_t doc_count() const { return info_.doc_count; }
  const TermDictionaryReader& dictionary() const { return *dictionary_; }
  const DocLengthsReader& lengths() const { return *lengths_; }
  const DocStoreReader& store() const { return *store_; }

  // NotFound when the segment lacks the term.
  Result<TermInfo> find_term(std::string_view key) const { return dictionary_->find(key); }
  // The entry, or one with df == 0 when the segment lacks the term.
  Result<TermInfo> lookup_term(std::string_view key) const { return dictionary_->lookup(key); }
  Result<PostingCursor> cursor(const TermInfo& info) const {
    return PostingCursor::open(*postings_, *positions_, info, info_.doc_count);
  }

  // The mapped files, for sequential passes that release what they have read.
  const MappedFile& postings_file() const { return *postings_; }
  const MappedFile& positions_file() const { return *positions_; }
  const MappedFile& store_file() const { return *store_file_; }
  const MappedFile& lengths_file() const { return *len_file_; }

  // Sizes in bytes of each file, for statistics.
  struct FileSizes {
    uint64_t dictionary, postings, positions, lengths, stored;
  };
  FileSizes file_sizes() const;

 private:
  SegmentReader() = default;
  SegmentInfo info_;
  std::unique_ptr<MappedFile> dict_file_, postings_, positions_, len_file_, store_file_;
  std::unique_ptr<TermDictionaryReader> dictionary_;
  std::unique_ptr<DocLengthsReader> lengths_;
  std::unique_ptr<DocStoreReader> store_;
};

}  // namespace quarry::internal

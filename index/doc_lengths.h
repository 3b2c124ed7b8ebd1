// Per-document field lengths (analyzed token counts), the "dl" of BM25.
//
// Body: doc_count u32, field_count u32, then field_count arrays of doc_count u32.
#pragma once

#include <cstring>
#include <memory>
#include <span>
#include <vector>

#include "index/file_format.h"
#include "index/types.h"

namespace quarry::internal {

Status write_doc_lengths(FileWriter& file, const std::vector<uint32_t> (&lengths)[kFieldCount]);

class DocLengthsReader {
 public:
  static Result<std::unique_ptr<DocLengthsReader>> open(const MappedFile& file);
  uint32_t doc_count() const { return doc_count_; }
  // REQUIRES: doc < doc_count().
  uint32_t length(Field field, DocId doc) const {
    uint32_t v;
    std::memcpy(&v, base_ + (static_cast<size_t>(field) * doc_count_ + doc) * 4, 4);
    return v;
  }

 private:
  const uint8_t* base_ = nullptr;
  uint32_t doc_count_ = 0;
};

}  // namespace quarry::internal

// Block decoding of the term dictionary (template part of term_dictionary.h).
#pragma once

#include <cstring>

#include "index/bytes.h"

namespace quarry::internal {

inline uint64_t TermDictionaryReader::block_offset(uint64_t b) const {
  uint64_t off;
  std::memcpy(&off, file_.data() + index_offset_ + entry_size_ * b, 8);
  return off;
}

inline uint64_t TermDictionaryReader::head_prefix(uint64_t b) const {
  uint64_t prefix;
  std::memcpy(&prefix, file_.data() + index_offset_ + entry_size_ * b + 8, 8);
  return prefix;
}

template <class Visit>
Status TermDictionaryReader::scan_entries(uint64_t b, Visit&& visit) const {
  uint64_t begin = 0, end = 0;
  QUARRY_RETURN_IF_ERROR(block_bounds(b, begin, end));
  ByteReader r(file_.data() + begin, file_.data() + end);
  size_t key_size = 0;  // of the previous entry: what shared may reach
  const bool relative = block_checks_;  // v2: offsets after a block's first entry are distances
  uint64_t doc_offset = 0, pos_offset = 0;
  while (!r.at_end()) {
    uint64_t shared, df, cf_extra;
    std::string_view suffix;
    TermInfo info;
    uint64_t max_tf, min_len;
    if (!r.varint(shared) || shared > key_size || !r.str(suffix) || !r.varint(df) || !r.varint(cf_extra) ||
        !r.varint(info.doc_offset) || !r.varint(info.pos_offset) || !r.varint(max_tf) || !r.varint(min_len) ||
        df == 0 || df > 0xffffffffu || max_tf > 0xffffffffu || min_len > 0xffffffffu) {
      return file_.corruption("malformed dictionary entry", begin + r.offset());
    }
    if (relative) {
      if (info.doc_offset > UINT64_MAX - doc_offset || info.pos_offset > UINT64_MAX - pos_offset) {
        return file_.corruption("malformed dictionary entry", begin + r.offset());
      }
      info.doc_offset = doc_offset += info.doc_offset;
      info.pos_offset = pos_offset += info.pos_offset;
    }
    key_size = shared + suffix.size();
    info.df = static_cast<uint32_t>(df);
    info.cf = df + cf_extra;
    info.max_tf = static_cast<uint32_t>(max_tf);
    info.min_len = static_cast<uint32_t>(min_len);
    if (!visit(shared, suffix, info)) break;
  }
  return Status::ok();
}

}  // namespace quarry::internal

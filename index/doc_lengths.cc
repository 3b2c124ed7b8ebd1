// Writing and mapping the document-length arrays.
#include "index/doc_lengths.h"

#include "index/bytes.h"

namespace quarry::internal {

Status write_doc_lengths(FileWriter& file, const std::vector<uint32_t> (&lengths)[kFieldCount]) {
  std::string head;
  ByteWriter w(head);
  w.u32(static_cast<uint32_t>(lengths[0].size()));
  w.u32(kFieldCount);
  QUARRY_RETURN_IF_ERROR(file.append(head));
  for (const auto& field : lengths) {
    QUARRY_RETURN_IF_ERROR(file.append(
        std::string_view(reinterpret_cast<const char*>(field.data()), field.size() * sizeof(uint32_t))));
  }
  return Status::ok();
}

Result<std::unique_ptr<DocLengthsReader>> DocLengthsReader::open(const MappedFile& file) {
  auto r = std::make_unique<DocLengthsReader>();
  ByteReader h(file.body_begin(), file.body_end());
  uint32_t fields = 0;
  if (!h.u32(r->doc_count_) || !h.u32(fields)) return file.corruption("document-length header missing", kHeaderSize);
  if (fields != kFieldCount || h.remaining() != uint64_t{r->doc_count_} * kFieldCount * 4) {
    return file.corruption("document-length arrays do not match the document count", kHeaderSize);
  }
  r->base_ = h.position();
  return r;
}

}  // namespace quarry::internal

// Writing, mapping and verifying the document-length arrays.
#include "index/doc_lengths.h"

#include <xxhash.h>

#include "index/bytes.h"

namespace quarry::internal {

namespace {

uint32_t chunk_count(uint32_t docs) { return (docs + kLengthChunkDocs - 1) / kLengthChunkDocs; }

uint32_t chunk_check(const uint8_t* field_array, uint32_t docs, uint32_t chunk) {
  const uint32_t first = chunk * kLengthChunkDocs;
  const uint32_t n = std::min(kLengthChunkDocs, docs - first);
  return static_cast<uint32_t>(XXH3_64bits(field_array + size_t{first} * 4, size_t{n} * 4));
}

}  // namespace

Status write_doc_lengths(FileWriter& file, const std::vector<uint32_t> (&lengths)[kFieldCount]) {
  const uint32_t docs = static_cast<uint32_t>(lengths[0].size());
  std::string head;
  ByteWriter w(head);
  w.u32(docs);
  w.u32(kFieldCount);
  QUARRY_RETURN_IF_ERROR(file.append(head));
  std::string checks;
  ByteWriter c(checks);
  for (const auto& field : lengths) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(field.data());
    QUARRY_RETURN_IF_ERROR(file.append(std::string_view(reinterpret_cast<const char*>(bytes), field.size() * 4)));
    for (uint32_t k = 0; k < chunk_count(docs); ++k) c.u32(chunk_check(bytes, docs, k));
  }
  return file.append(checks);
}

Result<std::unique_ptr<DocLengthsReader>> DocLengthsReader::open(const MappedFile& file) {
  auto r = std::make_unique<DocLengthsReader>();
  r->file_ = &file;
  ByteReader h(file.body_begin(), file.body_end());
  uint32_t fields = 0;
  if (!h.u32(r->doc_count_) || !h.u32(fields)) return file.corruption("document-length header missing", kHeaderSize);
  const bool chunked = file.format_version() >= 3;
  const uint64_t arrays = uint64_t{r->doc_count_} * kFieldCount * 4;
  const uint64_t checks = chunked ? uint64_t{chunk_count(r->doc_count_)} * kFieldCount * 4 : 0;
  if (fields != kFieldCount || h.remaining() != arrays + checks) {
    return file.corruption("document-length arrays do not match the document count", kHeaderSize);
  }
  r->base_ = h.position();
  r->chunks_ = chunk_count(r->doc_count_);
  if (chunked) {
    const uint32_t units = r->chunks_ * kFieldCount;
    r->checks_ = r->base_ + arrays;
    r->verified_ = std::make_unique<std::atomic<uint64_t>[]>(units / 64 + 1);
    for (auto& count : r->unverified_) count.store(r->chunks_, std::memory_order_relaxed);
  } else {
    QUARRY_RETURN_IF_ERROR(check_envelope(file.data(), file.size(), FileKind::kLengths, file.path(),
                                          /*verify_checksum=*/true));
  }
  return r;
}

void DocLengthsReader::verify_unit(uint32_t unit) const {
  const uint32_t field = unit / chunks_, chunk = unit % chunks_;
  uint32_t stored;
  std::memcpy(&stored, checks_ + size_t{unit} * 4, 4);  // checks are stored field by field, as units count
  if (stored != chunk_check(base_ + size_t{field} * doc_count_ * 4, doc_count_, chunk)) {
    uint32_t none = UINT32_MAX;
    damaged_unit_.compare_exchange_strong(none, unit);
  }
  const uint64_t bit = uint64_t{1} << (unit % 64);
  if (!(verified_[unit / 64].fetch_or(bit, std::memory_order_relaxed) & bit)) {  // first to verify it
    unverified_[field].fetch_sub(1, std::memory_order_relaxed);
  }
}

Status DocLengthsReader::status() const {
  const uint32_t unit = damaged_unit_.load(std::memory_order_relaxed);
  if (unit == UINT32_MAX) return Status::ok();
  const uint32_t field = unit / chunks_, chunk = unit % chunks_;
  return file_->corruption("document lengths " + std::to_string(size_t{chunk} * kLengthChunkDocs) + " to " +
                               std::to_string(std::min<size_t>(size_t{chunk + 1} * kLengthChunkDocs, doc_count_) - 1) +
                               " fail their check (damaged; " + (field == 0 ? "body" : "title") + " field)",
                           static_cast<uint64_t>(base_ - file_->data()) +
                               (size_t{field} * doc_count_ + size_t{chunk} * kLengthChunkDocs) * 4);
}

Status DocLengthsReader::verify_all() const {
  if (checks_ != nullptr) {
    for (uint32_t u = 0; u < chunks_ * kFieldCount; ++u) {
      if (!is_verified(u)) verify_unit(u);
    }
  }
  return status();
}

}  // namespace quarry::internal

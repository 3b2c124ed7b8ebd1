// zstd-compressed blocks of stored documents.
#include "index/doc_store.h"

#include <zstd.h>

#include <cstring>
#include <memory>

#include "index/bytes.h"

namespace quarry::internal {

inline constexpr size_t kIndexEntrySize = 24;
inline constexpr size_t kTrailerSize = 16;

Status DocStoreWriter::add(std::string_view id, std::string_view title, std::string_view text) {
  ByteWriter w(raw_);
  w.str(id);
  w.str(title);
  w.str(text);
  ++doc_count_;
  if (raw_.size() >= kStoreBlockBytes) return flush_block();
  return Status::ok();
}

Status DocStoreWriter::flush_block() {
  if (doc_count_ == block_first_doc_) return Status::ok();
  compressed_.resize(ZSTD_compressBound(raw_.size()));
  // Each frame carries zstd's own content checksum, so a damaged block is
  // caught when it is read, even when the file's checksum is not verified.
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level_);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1);
  const size_t n = ZSTD_compress2(cctx.get(), compressed_.data(), compressed_.size(), raw_.data(), raw_.size());
  if (ZSTD_isError(n)) return Status::io_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  if (raw_.size() > 0xffffffffu) return Status::invalid_argument("a stored document larger than 4 GiB");
  ByteWriter w(index_);
  w.u32(block_first_doc_);
  w.u32(doc_count_ - block_first_doc_);
  w.u64(file_.offset());
  w.u32(static_cast<uint32_t>(n));
  w.u32(static_cast<uint32_t>(raw_.size()));
  QUARRY_RETURN_IF_ERROR(file_.append(std::string_view(compressed_.data(), n)));
  raw_.clear();
  block_first_doc_ = doc_count_;
  ++block_count_;
  return Status::ok();
}

Status DocStoreWriter::finish() {
  QUARRY_RETURN_IF_ERROR(flush_block());
  const uint64_t index_offset = file_.offset();
  QUARRY_RETURN_IF_ERROR(file_.append(index_));
  std::string trailer;
  ByteWriter w(trailer);
  w.u32(doc_count_);
  w.u32(block_count_);
  w.u64(index_offset);
  return file_.append(trailer);
}

Result<std::unique_ptr<DocStoreReader>> DocStoreReader::open(const MappedFile& file) {
  std::unique_ptr<DocStoreReader> r(new DocStoreReader(file));
  if (static_cast<size_t>(file.body_end() - file.body_begin()) < kTrailerSize) {
    return file.corruption("stored-document trailer missing", 0);
  }
  ByteReader t(file.body_end() - kTrailerSize, file.body_end());
  t.u32(r->doc_count_);
  t.u32(r->block_count_);
  t.u64(r->index_offset_);
  const uint64_t trailer_at = file.size() - kFooterSize - kTrailerSize;
  if (r->index_offset_ < kHeaderSize || r->index_offset_ > trailer_at ||
      trailer_at - r->index_offset_ != uint64_t{r->block_count_} * kIndexEntrySize ||
      r->block_count_ > r->doc_count_ || (r->doc_count_ > 0 && r->block_count_ == 0)) {
    return file.corruption("stored-document trailer is inconsistent", trailer_at);
  }
  return r;
}

Result<DocStoreReader::RawBlock> DocStoreReader::read_block(uint32_t block) const {
  const uint64_t entry_offset = index_offset_ + uint64_t{block} * kIndexEntrySize;
  ByteReader e(file_.data() + entry_offset, file_.data() + entry_offset + kIndexEntrySize);
  RawBlock out;
  uint32_t csize = 0, rsize = 0;
  uint64_t offset = 0;
  e.u32(out.first_doc);
  e.u32(out.doc_count);
  e.u64(offset);
  e.u32(csize);
  e.u32(rsize);
  if (block >= block_count_ || out.doc_count == 0 || out.first_doc >= doc_count_ ||
      out.doc_count > doc_count_ - out.first_doc || offset < kHeaderSize || offset > index_offset_ ||
      csize > index_offset_ - offset) {
    return file_.corruption("stored-document block index entry is inconsistent", entry_offset);
  }
  // The frame states its size: refuse a block whose index entry disagrees
  // before allocating what a damaged entry claims.
  const unsigned long long frame_size = ZSTD_getFrameContentSize(file_.data() + offset, csize);
  if (frame_size != rsize) return file_.corruption("stored-document block size disagrees with its index", offset);
  // One decompression context per thread: creating one costs more than a small block.
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  out.file_end = offset + csize;
  out.raw.resize(rsize);
  const size_t n = ZSTD_decompressDCtx(dctx.get(), out.raw.data(), out.raw.size(), file_.data() + offset, csize);
  if (ZSTD_isError(n) || n != rsize) return file_.corruption("stored-document block does not decompress", offset);
  return out;
}

Result<StoredDocument> DocStoreReader::get(uint32_t doc) const {
  if (doc >= doc_count_) return Status::not_found("stored document " + std::to_string(doc) + " does not exist");
  // Binary search the block index for the last block with first_doc <= doc.
  auto first_doc_of = [&](uint32_t b) {
    uint32_t first;
    std::memcpy(&first, file_.data() + index_offset_ + uint64_t{b} * kIndexEntrySize, 4);
    return first;
  };
  uint32_t lo = 0, hi = block_count_;
  while (lo + 1 < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    (first_doc_of(mid) <= doc ? lo : hi) = mid;
  }
  QUARRY_ASSIGN_OR_RETURN(RawBlock block, read_block(lo));
  if (doc < block.first_doc || doc - block.first_doc >= block.doc_count) {
    return file_.corruption("stored-document block index does not cover document " + std::to_string(doc),
                            index_offset_ + uint64_t{lo} * kIndexEntrySize);
  }
  ByteReader r(block.raw);
  std::string_view id, title, text;
  for (uint32_t i = block.first_doc; i <= doc; ++i) {
    if (!r.str(id) || !r.str(title) || !r.str(text)) {
      return file_.corruption("stored-document block is malformed", index_offset_ + uint64_t{lo} * kIndexEntrySize);
    }
  }
  return StoredDocument{std::string(id), std::string(title), std::string(text)};
}

}  // namespace quarry::internal

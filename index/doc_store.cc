// zstd-compressed blocks of stored documents.
#include "index/doc_store.h"

#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover: exported by libzstd 1.5
#include <zdict.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <optional>

#include "index/bytes.h"

namespace quarry::internal {

inline constexpr size_t kIndexEntrySize = 24;
inline constexpr size_t kTrailerSizeV1 = 16;
inline constexpr size_t kTrailerSize = 24;  // v3: with the dictionary's size

namespace {

// One compression context per thread: creating one costs more than a small block.
ZSTD_CCtx* thread_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> cctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  return cctx.get();
}

// Compresses raw into out (resized to fit), with the dictionary when given.
// Each frame carries zstd's own content checksum, so a damaged block is
// caught when it is read, even when the file's checksum is not verified.
Status compress(const std::string& raw, int level, const ZSTD_CDict* cdict, std::string& out) {
  out.resize(ZSTD_compressBound(raw.size()));
  ZSTD_CCtx* cctx = thread_cctx();
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  if (cdict != nullptr) ZSTD_CCtx_refCDict(cctx, cdict);
  const size_t n = ZSTD_compress2(cctx, out.data(), out.size(), raw.data(), raw.size());
  if (ZSTD_isError(n)) return Status::io_error(std::string("zstd compression failed: ") + ZSTD_getErrorName(n));
  out.resize(n);
  return Status::ok();
}

}  // namespace

DocStoreWriter::DocStoreWriter(FileWriter& file, int zstd_level, bool background)
    : file_(file), level_(zstd_level), background_(background) {}
DocStoreWriter::~DocStoreWriter() { (void)stop_background(); }

void DocStoreWriter::compress_queued() {
  while (std::optional<Job> job = jobs_->pop()) {
    if (background_failed_.load(std::memory_order_relaxed)) continue;  // drain: the caller stops at the error
    const Status s = write_block(job->first_doc, job->doc_count, job->raw);
    if (!s.is_ok()) {
      std::lock_guard<std::mutex> lock(background_mu_);
      background_error_ = s;
      background_failed_.store(true, std::memory_order_relaxed);
    }
  }
}

Status DocStoreWriter::stop_background() {
  if (compressor_.joinable()) {
    jobs_->close();
    compressor_.join();
    jobs_.reset();
  }
  std::lock_guard<std::mutex> lock(background_mu_);
  return background_error_;
}

Status DocStoreWriter::use_dictionary(std::string dictionary) {
  if (dictionary_chosen_ || doc_count_ > 0) return Status::invalid_argument("store dictionary set after documents");
  return install_dictionary(std::move(dictionary));
}

Status DocStoreWriter::install_dictionary(std::string dictionary) {
  dictionary_chosen_ = true;
  dictionary_ = std::move(dictionary);
  if (!dictionary_.empty()) {
    cdict_.reset(ZSTD_createCDict(dictionary_.data(), dictionary_.size(), level_));
    if (!cdict_) return Status::invalid_argument("store dictionary is not a zstd dictionary");
  }
  return file_.append(dictionary_);
}

Status DocStoreWriter::add_compressed_block(uint32_t doc_count, std::span<const uint8_t> compressed,
                                            uint32_t raw_size) {
  QUARRY_RETURN_IF_ERROR(stop_background());
  if (!dictionary_chosen_ || doc_count_ != block_first_doc_ || doc_count == 0 || compressed.size() > 0xffffffffu ||
      doc_count > UINT32_MAX - doc_count_) {
    return Status::invalid_argument("compressed store block out of place");
  }
  ByteWriter w(index_);
  w.u32(doc_count_);
  w.u32(doc_count);
  w.u64(file_.offset());
  w.u32(static_cast<uint32_t>(compressed.size()));
  w.u32(raw_size);
  QUARRY_RETURN_IF_ERROR(file_.append(std::string_view(reinterpret_cast<const char*>(compressed.data()), compressed.size())));
  doc_count_ += doc_count;
  block_first_doc_ = doc_count_;
  ++block_count_;
  return Status::ok();
}

void append_stored_record(std::string& block, std::string_view id, std::string_view title, std::string_view text) {
  ByteWriter w(block);
  w.str(id);
  w.str(title);
  w.str(text);
}

Status DocStoreWriter::add(std::string_view id, std::string_view title, std::string_view text) {
  append_stored_record(raw_, id, title, text);
  ++doc_count_;
  if (raw_.size() >= kStoreBlockBytes) return close_block();
  return Status::ok();
}

Status DocStoreWriter::close_block() {
  if (doc_count_ == block_first_doc_) return Status::ok();
  if (raw_.size() > 0xffffffffu) return Status::invalid_argument("a stored document larger than 4 GiB");
  const uint32_t first = block_first_doc_, count = doc_count_ - block_first_doc_;
  block_first_doc_ = doc_count_;
  if (dictionary_chosen_) {
    if (!background_) {
      QUARRY_RETURN_IF_ERROR(write_block(first, count, raw_));
      raw_.clear();
      return Status::ok();
    }
    if (background_failed_.load(std::memory_order_relaxed)) return stop_background();
    if (!compressor_.joinable()) {
      jobs_ = std::make_unique<BoundedQueue<Job>>(8);  // 64 KB of raw blocks in flight at most
      compressor_ = std::thread([this] { compress_queued(); });
    }
    std::string raw;
    raw.reserve(kStoreBlockBytes + kStoreBlockBytes / 4);
    raw.swap(raw_);
    jobs_->push(Job{first, count, std::move(raw)});
    return Status::ok();
  }
  pending_bytes_ += raw_.size();
  pending_.push_back({first, count, std::move(raw_)});
  raw_.clear();
  if (pending_bytes_ >= kStoreTrainingBytes) return choose_dictionary();
  return Status::ok();
}

Result<std::string> train_store_dictionary(std::span<const std::string> blocks, int zstd_level,
                                           std::vector<std::string>* compressed_blocks) {
  size_t total = 0;
  for (const auto& b : blocks) total += b.size();
  // The blocks are the samples; a dictionary a sixteenth of them at most
  // (a large one trained on little text only adds bytes).
  const size_t capacity = std::min(kStoreDictionaryBytes, total / 16);
  if (blocks.size() < 8 || capacity < 1024) return std::string();
  std::string samples;
  std::vector<size_t> sizes;
  samples.reserve(total);
  for (const auto& b : blocks) {
    samples += b;
    sizes.push_back(b.size());
  }
  // FastCover with fixed segment and d-mer sizes, one pass over all the
  // samples. ZDICT_trainFromBuffer's default searches k over {50, 537, ...,
  // 1998} on three quarters of them, scored at level 3, and picked k = 50 on
  // every real corpus here; k = 150 gave stores 0.2 to 1.6 % smaller (gcide,
  // KJV, AG News, Reuters, the generated 1M) in half the training time
  // (docs/performance.md, "Eleventh session").
  ZDICT_fastCover_params_t params{};
  params.k = 150;
  params.d = 8;
  params.f = 20;
  params.accel = 1;
  params.splitPoint = 1.0;
  params.zParams.compressionLevel = zstd_level;
  std::string trained(capacity, '\0');
  const size_t n = ZDICT_trainFromBuffer_fastCover(trained.data(), trained.size(), samples.data(), sizes.data(),
                                                   static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n)) return std::string();
  trained.resize(n);
  std::unique_ptr<ZSTD_CDict, size_t (*)(ZSTD_CDict*)> cdict(ZSTD_createCDict(trained.data(), trained.size(), zstd_level),
                                                             ZSTD_freeCDict);
  if (!cdict) return std::string();
  // Kept only if the blocks shrink by more than the dictionary's own size.
  // Both trials are the blocks as the store writes them: the winner's are
  // handed back, not compressed a third time.
  std::vector<std::string> with_blocks(blocks.size()), without_blocks(blocks.size());
  size_t with = trained.size(), without = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    QUARRY_RETURN_IF_ERROR(compress(blocks[i], zstd_level, cdict.get(), with_blocks[i]));
    with += with_blocks[i].size();
    QUARRY_RETURN_IF_ERROR(compress(blocks[i], zstd_level, nullptr, without_blocks[i]));
    without += without_blocks[i].size();
  }
  const bool keep = with < without;
  if (compressed_blocks) *compressed_blocks = std::move(keep ? with_blocks : without_blocks);
  return keep ? trained : std::string();
}

Status DocStoreWriter::choose_dictionary() {
  std::vector<std::string> blocks;
  blocks.reserve(pending_.size());
  for (auto& b : pending_) blocks.push_back(std::move(b.raw));
  full_sample_ = pending_bytes_ >= kStoreTrainingBytes;
  std::vector<std::string> compressed;
  QUARRY_ASSIGN_OR_RETURN(std::string trained, train_store_dictionary(blocks, level_, &compressed));
  QUARRY_RETURN_IF_ERROR(install_dictionary(std::move(trained)));
  for (size_t i = 0; i < pending_.size(); ++i) {
    if (i < compressed.size()) {  // compressed while choosing, as write_block would
      QUARRY_RETURN_IF_ERROR(write_compressed(pending_[i].first_doc, pending_[i].doc_count, compressed[i],
                                              static_cast<uint32_t>(blocks[i].size())));
    } else {
      QUARRY_RETURN_IF_ERROR(write_block(pending_[i].first_doc, pending_[i].doc_count, blocks[i]));
    }
  }
  pending_.clear();
  pending_.shrink_to_fit();
  pending_bytes_ = 0;
  return Status::ok();
}

Status DocStoreWriter::add_raw_block(uint32_t doc_count, const std::string& raw) {
  QUARRY_RETURN_IF_ERROR(stop_background());
  if (!dictionary_chosen_ || doc_count_ != block_first_doc_ || doc_count == 0 || raw.size() > 0xffffffffu ||
      doc_count > UINT32_MAX - doc_count_) {
    return Status::invalid_argument("raw store block out of place");
  }
  QUARRY_RETURN_IF_ERROR(write_block(doc_count_, doc_count, raw));
  doc_count_ += doc_count;
  block_first_doc_ = doc_count_;
  return Status::ok();
}

Status DocStoreWriter::write_block(uint32_t first_doc, uint32_t doc_count, const std::string& raw) {
  QUARRY_RETURN_IF_ERROR(compress(raw, level_, cdict_.get(), compressed_));
  return write_compressed(first_doc, doc_count, compressed_, static_cast<uint32_t>(raw.size()));
}

Status DocStoreWriter::write_compressed(uint32_t first_doc, uint32_t doc_count, const std::string& compressed,
                                        uint32_t raw_size) {
  ByteWriter w(index_);
  w.u32(first_doc);
  w.u32(doc_count);
  w.u64(file_.offset());
  w.u32(static_cast<uint32_t>(compressed.size()));
  w.u32(raw_size);
  QUARRY_RETURN_IF_ERROR(file_.append(compressed));
  ++block_count_;
  return Status::ok();
}

Status DocStoreWriter::finish() {
  QUARRY_RETURN_IF_ERROR(close_block());
  QUARRY_RETURN_IF_ERROR(stop_background());  // every block written before the index
  if (!dictionary_chosen_) QUARRY_RETURN_IF_ERROR(choose_dictionary());
  const uint64_t index_offset = file_.offset();
  QUARRY_RETURN_IF_ERROR(file_.append(index_));
  std::string trailer;
  ByteWriter w(trailer);
  w.u32(doc_count_);
  w.u32(block_count_);
  w.u64(index_offset);
  w.u32(static_cast<uint32_t>(dictionary_.size()));
  w.u32(0);
  return file_.append(trailer);
}

Result<std::unique_ptr<DocStoreReader>> DocStoreReader::open(const MappedFile& file) {
  std::unique_ptr<DocStoreReader> r(new DocStoreReader(file));
  const size_t trailer_size = file.format_version() >= 3 ? kTrailerSize : kTrailerSizeV1;
  if (static_cast<size_t>(file.body_end() - file.body_begin()) < trailer_size) {
    return file.corruption("stored-document trailer missing", 0);
  }
  ByteReader t(file.body_end() - trailer_size, file.body_end());
  t.u32(r->doc_count_);
  t.u32(r->block_count_);
  t.u64(r->index_offset_);
  uint32_t zero = 0;
  if (trailer_size == kTrailerSize) {
    t.u32(r->dictionary_size_);
    t.u32(zero);
  }
  const uint64_t trailer_at = file.size() - kFooterSize - trailer_size;
  if (r->index_offset_ < kHeaderSize || r->index_offset_ > trailer_at ||
      trailer_at - r->index_offset_ != uint64_t{r->block_count_} * kIndexEntrySize ||
      r->block_count_ > r->doc_count_ || (r->doc_count_ > 0 && r->block_count_ == 0) || zero != 0 ||
      r->dictionary_size_ > r->index_offset_ - kHeaderSize) {
    return file.corruption("stored-document trailer is inconsistent", trailer_at);
  }
  return r;
}

const ZSTD_DDict* DocStoreReader::ddict() const {
  if (dictionary_size_ == 0) return nullptr;
  // Digesting the dictionary costs tens of microseconds: a query that
  // fetches no document never pays it.
  std::call_once(ddict_once_, [&] {
    ddict_.reset(ZSTD_createDDict(file_.data() + kHeaderSize, dictionary_size_));
  });
  return ddict_.get();
}

Result<DocStoreReader::RawBlock> DocStoreReader::read_block(uint32_t block, const ZSTD_DDict* shared_ddict) const {
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
  out.compressed = {file_.data() + offset, csize};
  out.raw.resize(rsize);
  const ZSTD_DDict* dict = shared_ddict != nullptr ? shared_ddict : ddict();
  if (dictionary_size_ > 0 && dict == nullptr) return file_.corruption("stored-document dictionary is damaged", kHeaderSize);
  const size_t n = ZSTD_decompress_usingDDict(dctx.get(), out.raw.data(), out.raw.size(), file_.data() + offset, csize, dict);
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

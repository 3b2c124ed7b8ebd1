// Headers, footers, checksums, streaming writes and validated memory maps.
#include "index/file_format.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "index/bytes.h"

static_assert(std::endian::native == std::endian::little, "Quarry's index format assumes a little-endian host");

namespace quarry::internal {
namespace {

std::string errno_text() { return std::strerror(errno); }

Status write_all(int fd, const char* p, size_t n, const std::string& path) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return Status::io_error(path + ": write failed: " + errno_text());
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::ok();
}

}  // namespace

const char* file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::kManifest: return "manifest";
    case FileKind::kDictionary: return "term dictionary";
    case FileKind::kPostings: return "postings";
    case FileKind::kPositions: return "positions";
    case FileKind::kLengths: return "document lengths";
    case FileKind::kStored: return "stored documents";
  }
  return "unknown";
}

struct FileWriter::HashState {
  XXH3_state_t* state = XXH3_createState();
  ~HashState() { XXH3_freeState(state); }
};

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<FileWriter>> FileWriter::create(const std::string& path, FileKind kind) {
  std::unique_ptr<FileWriter> w(new FileWriter());
  w->path_ = path;
  w->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (w->fd_ < 0) return Status::io_error(path + ": cannot create: " + errno_text());
  w->hash_ = std::make_unique<HashState>();
  XXH3_64bits_reset(w->hash_->state);
  std::string header;
  ByteWriter bw(header);
  bw.u32(kFileMagic);
  bw.u8(static_cast<uint8_t>(kind));
  bw.u8(0);
  bw.u8(0);
  bw.u8(0);
  bw.u32(kFormatVersion);
  bw.u32(0);
  QUARRY_RETURN_IF_ERROR(w->append(header));
  return w;
}

Status FileWriter::append(std::string_view bytes) {
  XXH3_64bits_update(hash_->state, bytes.data(), bytes.size());
  offset_ += bytes.size();
  buffer_.append(bytes);
  if (buffer_.size() >= (1u << 20)) return write_raw({});
  return Status::ok();
}

Status FileWriter::write_raw(std::string_view extra) {
  buffer_.append(extra);
  Status s = write_all(fd_, buffer_.data(), buffer_.size(), path_);
  buffer_.clear();
  return s;
}

Status FileWriter::finish() {
  const uint64_t body_length = offset_;
  std::string footer;
  ByteWriter bw(footer);
  bw.u64(body_length);
  bw.u64(XXH3_64bits_digest(hash_->state));
  bw.u32(kFooterMagic);
  bw.u32(0);
  QUARRY_RETURN_IF_ERROR(write_raw(footer));
  if (::fsync(fd_) != 0) return Status::io_error(path_ + ": fsync failed: " + errno_text());
  if (::close(fd_) != 0) {
    fd_ = -1;
    return Status::io_error(path_ + ": close failed: " + errno_text());
  }
  fd_ = -1;
  return Status::ok();
}

uint32_t MappedFile::format_version() const {
  uint32_t v;
  std::memcpy(&v, data_ + 8, sizeof v);  // header: magic u32, kind u8, 3 zero bytes, version u32
  return v;
}

Status check_envelope(const uint8_t* data, size_t size, FileKind kind, const std::string& name,
                      bool verify_checksum) {
  if (size < kHeaderSize + kFooterSize) {
    return Status::corruption(name + ": file is truncated (" + std::to_string(size) +
                              " bytes, shorter than header and footer)");
  }
  ByteReader h(data, data + kHeaderSize);
  uint32_t magic = 0, version = 0, header_zero = 0;
  uint8_t file_kind = 0, pad[3] = {0, 0, 0};
  h.u32(magic);
  h.u8(file_kind);
  h.u8(pad[0]);
  h.u8(pad[1]);
  h.u8(pad[2]);
  h.u32(version);
  h.u32(header_zero);
  if (magic != kFileMagic) return Status::corruption(name + ": not a Quarry index file (bad magic number)");
  if (file_kind != static_cast<uint8_t>(kind)) {
    return Status::corruption(name + ": expected a " + file_kind_name(kind) + " file, found kind " +
                              std::to_string(file_kind));
  }
  if (pad[0] || pad[1] || pad[2] || header_zero) return Status::corruption(name + ": damaged header");
  if (version > kFormatVersion || version == 0) {
    return Status::not_supported(name + ": format version " + std::to_string(version) +
                                 " is not supported (this build reads version " +
                                 std::to_string(kFormatVersion) + ")");
  }
  ByteReader f(data + size - kFooterSize, data + size);
  uint64_t body_length = 0, checksum = 0;
  uint32_t footer_magic = 0, footer_zero = 0;
  f.u64(body_length);
  f.u64(checksum);
  f.u32(footer_magic);
  f.u32(footer_zero);
  if (footer_magic != kFooterMagic || footer_zero != 0 || body_length != size - kFooterSize) {
    return Status::corruption(name + ": file is truncated or has a damaged footer");
  }
  if (verify_checksum && XXH3_64bits(data, body_length) != checksum) {
    return Status::corruption(name + ": checksum mismatch (the file was altered or damaged)");
  }
  return Status::ok();
}

// The mapping alone: the file descriptor is closed once the file is mapped
// (the mapping keeps the file's pages reachable), so an index of hundreds of
// segments, or a merge of them, holds no descriptor per file. (Boost's
// mapped_file_source kept one open per file: a merge of 200 segments met a
// 1,024-descriptor limit.)
struct MappedFile::Map {
  void* address = MAP_FAILED;
  size_t length = 0;
  ~Map() {
    if (address != MAP_FAILED) ::munmap(address, length);
  }
};

MappedFile::~MappedFile() = default;

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path, FileKind kind,
                                                     bool verify_checksum) {
  // O_NONBLOCK: a FIFO in an index directory must not hang the open (it is then refused below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return Status::io_error(path + ": cannot open: " + errno_text());
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Status::io_error(path + ": cannot open: " + errno_text());
    ::close(fd);
    return s;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::io_error(path + ": cannot open: not a regular file");
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size < kHeaderSize + kFooterSize) {
    ::close(fd);
    return Status::corruption(path + ": file is truncated (" + std::to_string(size) +
                              " bytes, shorter than header and footer)");
  }
  std::unique_ptr<MappedFile> f(new MappedFile());
  f->path_ = path;
  f->map_ = std::make_unique<Map>();
  f->map_->address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (f->map_->address == MAP_FAILED) return Status::io_error(path + ": cannot map: " + std::strerror(map_errno));
  f->map_->length = size;
  f->data_ = static_cast<const uint8_t*>(f->map_->address);
  f->size_ = size;
  QUARRY_RETURN_IF_ERROR(check_envelope(f->data_, f->size_, kind, path, /*verify_checksum=*/false));
  if (verify_checksum) QUARRY_RETURN_IF_ERROR(f->verify_checksum());
  return f;
}

// Hashes the body a few megabytes at a time, dropping each stretch's pages
// from this process once hashed: verifying an index (or a merge's inputs)
// reads every byte, and would otherwise keep all of them mapped. What a
// query then touches is read back from the page cache.
Status MappedFile::verify_checksum() const {
  constexpr size_t kStretch = size_t{4} << 20;  // a multiple of any page size
  const size_t body = size_ - kFooterSize;
  uint64_t stored;
  std::memcpy(&stored, data_ + body + 8, 8);  // the footer: body length, then the checksum
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), XXH3_freeState);
  if (!state || XXH3_64bits_reset(state.get()) != XXH_OK) return Status::io_error(path_ + ": cannot hash");
  for (size_t at = 0; at < body; at += kStretch) {
    const size_t n = std::min(kStretch, body - at);
    XXH3_64bits_update(state.get(), data_ + at, n);
    ::madvise(const_cast<uint8_t*>(data_ + at), n, MADV_DONTNEED);  // at is page-aligned
  }
  if (XXH3_64bits_digest(state.get()) != stored) {
    return Status::corruption(path_ + ": checksum mismatch (the file was altered or damaged)");
  }
  return Status::ok();
}

Status MappedFile::corruption(const std::string& what, uint64_t offset) const {
  return Status::corruption(path_ + ": " + what + " at offset " + std::to_string(offset));
}

void MappedFile::release_before(uint64_t offset) const {
  // Each call used to drop everything before offset: a merge calling it per
  // term walked the page tables of the whole prefix again every time (a
  // third of a 100k-document index build went to madvise and the faults
  // after it). Now only the pages read since the last release go, in steps.
  const uint64_t from = released_.load(std::memory_order_relaxed);
  if (offset < from + kReleaseStep) return;  // the common case: nothing to drop yet
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const uint64_t end = std::min<uint64_t>(offset, size_) / page * page;
  if (end < from + kReleaseStep) return;
  // data_ is page-aligned (mmap returns page-aligned addresses), and so is from.
  ::madvise(const_cast<uint8_t*>(data_ + from), end - from, MADV_DONTNEED);
  released_.store(end, std::memory_order_relaxed);
}

void MappedFile::release_all() const {
  const uint64_t from = released_.load(std::memory_order_relaxed);
  if (from >= size_) return;
  ::madvise(const_cast<uint8_t*>(data_ + from), size_ - from, MADV_DONTNEED);
  released_.store(size_, std::memory_order_relaxed);
}

Status fsync_directory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::io_error(dir + ": cannot open directory: " + errno_text());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::io_error(dir + ": fsync failed: " + errno_text());
  return Status::ok();
}

Status write_file_atomically(const std::string& path, std::string_view contents) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error(tmp + ": cannot create: " + errno_text());
  Status s = write_all(fd, contents.data(), contents.size(), tmp);
  if (s.is_ok() && ::fsync(fd) != 0) s = Status::io_error(tmp + ": fsync failed: " + errno_text());
  ::close(fd);
  if (!s.is_ok()) return s;
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::io_error(path + ": cannot rename into place: " + errno_text());
  }
  return fsync_directory(std::filesystem::path(path).parent_path().string());
}

}  // namespace quarry::internal

namespace quarry::internal {

std::string build_file_image(FileKind kind, std::string_view body) {
  std::string out;
  ByteWriter w(out);
  w.u32(kFileMagic);
  w.u8(static_cast<uint8_t>(kind));
  w.u8(0);
  w.u8(0);
  w.u8(0);
  w.u32(kFormatVersion);
  w.u32(0);
  w.bytes(body);
  const uint64_t length = out.size();
  const uint64_t checksum = XXH3_64bits(out.data(), out.size());
  w.u64(length);
  w.u64(checksum);
  w.u32(kFooterMagic);
  w.u32(0);
  return out;
}

}  // namespace quarry::internal

// Common envelope of every index file: a header naming the file's kind and
// format version, and a footer with the body length and an XXH3-64 checksum.
// Also the streaming writer and the mapped reader that apply it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "quarry/status.h"

namespace quarry::internal {

// Format versions. Each bump says what it changed.
// v1: first format: blocked dictionary, 128-int packed postings with skip data, zstd doc store.
// v2: the manifest ends with the index's pair words; dictionaries may hold pair keys
//     (index/term_keys.h). Version 1 indexes are still read (they have no pairs).
// v3: the document-length file ends with a check per field per 1,024 documents,
//     verified when first read, so opening an index no longer hashes a file
//     that grows with the document count. Version 1 and 2 lengths are hashed
//     whole on open, as before.
// v4: a full doc-id block of a term with a skip table may be a bitmap of its
//     id range (index/dense_block.h) when that is smaller than its packed
//     gaps: probes into frequent words' lists then decode nothing.
// v5: blocks of fewer than 128 integers (a list's last doc-id gaps and tfs, a
//     block's last positions) are bit-packed instead of varints
//     (index/block_codec.h, ShortBlocks): smaller, and decoded without a
//     branch per value. Version 1 to 4 files are still read.
inline constexpr uint32_t kFormatVersion = 5;

inline constexpr uint32_t kFileMagic = 0x59525251;    // "QRRY" little-endian
inline constexpr uint32_t kFooterMagic = 0x51525259;  // "YRRQ"
inline constexpr size_t kHeaderSize = 16;  // magic u32, kind u8, 3 zero bytes, version u32, 0 u32
inline constexpr size_t kFooterSize = 24;  // body length u64, xxh3-64 u64, footer magic u32, 0 u32

enum class FileKind : uint8_t {
  kManifest = 1,
  kDictionary = 2,
  kPostings = 3,
  kPositions = 4,
  kLengths = 5,
  kStored = 6,
};
const char* file_kind_name(FileKind kind);

// Writes one index file: header, body appended by the caller, footer; fsyncs on finish().
class FileWriter {
 public:
  ~FileWriter();
  static Result<std::unique_ptr<FileWriter>> create(const std::string& path, FileKind kind);
  Status append(std::string_view bytes);
  uint64_t offset() const { return offset_; }  // bytes written so far, header included
  // Writes the footer, flushes, fsyncs and closes. REQUIRES: called once.
  Status finish();

 private:
  FileWriter() = default;
  Status write_raw(std::string_view bytes);
  std::string path_;
  int fd_ = -1;
  uint64_t offset_ = 0;
  struct HashState;
  std::unique_ptr<HashState> hash_;
  std::string buffer_;
};

// A read-only memory map of one index file whose envelope has been validated.
class MappedFile {
 public:
  ~MappedFile();
  // Maps path and checks magic, kind, version, length and (if verify) the checksum.
  static Result<std::unique_ptr<MappedFile>> open(const std::string& path, FileKind kind,
                                                  bool verify_checksum = true);
  // The body: everything between header and footer. Offsets used inside index
  // files are relative to the start of the file, so body_begin() == data()+kHeaderSize.
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const uint8_t* body_begin() const { return data_ + kHeaderSize; }
  const uint8_t* body_end() const { return data_ + size_ - kFooterSize; }
  const std::string& path() const { return path_; }
  // The format version in the header (validated: 1..kFormatVersion).
  uint32_t format_version() const;
  // "<path>: <what> at offset <n>" for Corruption messages.
  QUARRY_COLD Status corruption(const std::string& what, uint64_t offset) const;
  // Drops the mapped pages before offset from this process's memory (they are
  // read again from the page cache if touched): lets a sequential pass over a
  // large file, such as a merge, run in bounded memory. Called as often as
  // convenient (a merge calls it per term): it releases only once at least
  // kReleaseStep bytes past the last release have been read.
  void release_before(uint64_t offset) const;
  // The same for the whole file, read to its end (a merged input's store).
  void release_all() const;
  static constexpr uint64_t kReleaseStep = uint64_t{1} << 20;

 private:
  MappedFile() = default;
  Status verify_checksum() const;
  struct Map;
  std::unique_ptr<Map> map_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  mutable std::atomic<uint64_t> released_{0};  // release_before: pages before it are already dropped
  std::string path_;
};

// Checks the envelope of a whole file image (used by MappedFile and by tests).
Status check_envelope(const uint8_t* data, size_t size, FileKind kind, const std::string& name,
                      bool verify_checksum);

// Writes a small file atomically: to path + ".tmp", fsync, rename over path, fsync the directory.
Status write_file_atomically(const std::string& path, std::string_view contents);
Status fsync_directory(const std::string& dir);

}  // namespace quarry::internal

namespace quarry::internal {
// The complete image of a small file: header, body, footer.
std::string build_file_image(FileKind kind, std::string_view body);
}  // namespace quarry::internal

// Little-endian fixed-width and LEB128 varint encoding into buffers, and a
// bounds-checked reader that never reads past the end of its span.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace quarry::internal {

// Appends encoded values to a std::string used as a byte buffer.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  void u8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u32(uint32_t v) { fixed(&v, 4); }
  void u64(uint64_t v) { fixed(&v, 8); }
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  // A varint length followed by the bytes.
  void str(std::string_view s) {
    varint(s.size());
    out_.append(s);
  }
  void bytes(std::string_view s) { out_.append(s); }

 private:
  void fixed(const void* v, size_t n) {  // assumes a little-endian host (checked in file_format.cc)
    out_.append(static_cast<const char*>(v), n);
  }
  std::string& out_;
};

// Reads from [begin, end). Every read checks the remaining length; after the
// first failure ok() is false and all further reads fail.
class ByteReader {
 public:
  ByteReader(const uint8_t* begin, const uint8_t* end) : begin_(begin), p_(begin), end_(end) {}
  explicit ByteReader(std::string_view s)
      : ByteReader(reinterpret_cast<const uint8_t*>(s.data()),
                   reinterpret_cast<const uint8_t*>(s.data()) + s.size()) {}

  bool ok() const { return ok_; }
  size_t offset() const { return static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  const uint8_t* position() const { return p_; }
  bool at_end() const { return p_ == end_; }

  bool u8(uint8_t& v) { return fixed(&v, 1); }
  bool u32(uint32_t& v) { return fixed(&v, 4); }
  bool u64(uint64_t& v) { return fixed(&v, 8); }
  bool varint(uint64_t& v) {
    if (ok_ && p_ != end_ && *p_ < 0x80) {  // one byte: most tfs, gaps, lengths and sizes
      v = *p_++;
      return true;
    }
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!ok_ || p_ == end_) return fail();
      uint8_t b = *p_++;
      if (shift == 63 && (b & 0x7f) > 1) return fail();  // the value would not fit in 64 bits
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return true;
    }
    return fail();  // more than 10 bytes: not a valid varint
  }
  bool varint32(uint32_t& v) {
    uint64_t w;
    if (!varint(w) || w > 0xffffffffu) return fail();
    v = static_cast<uint32_t>(w);
    return true;
  }
  bool bytes(size_t n, std::string_view& out) {
    if (!ok_ || n > remaining()) return fail();
    out = std::string_view(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  bool str(std::string_view& out) {
    uint64_t n;
    return varint(n) && bytes(n, out);
  }
  bool skip(size_t n) {
    if (!ok_ || n > remaining()) return fail();
    p_ += n;
    return true;
  }

 private:
  bool fixed(void* v, size_t n) {
    if (!ok_ || n > remaining()) return fail();
    std::memcpy(v, p_, n);
    p_ += n;
    return true;
  }
  bool fail() {
    ok_ = false;
    return false;
  }
  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

}  // namespace quarry::internal

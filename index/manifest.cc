// Encoding, atomic writing and validated reading of the manifest.
#include "index/manifest.h"

#include <cctype>
#include <filesystem>

#include "index/bytes.h"
#include "index/file_format.h"
#include "index/term_keys.h"

namespace quarry::internal {

uint64_t Manifest::doc_count() const {
  uint64_t n = 0;
  for (const auto& s : segments) n += s.doc_count;
  return n;
}

uint64_t Manifest::field_length_sum(Field field) const {
  uint64_t n = 0;
  for (const auto& s : segments) n += s.field_length_sum[static_cast<int>(field)];
  return n;
}

std::string encode_manifest_body(const Manifest& m) {
  std::string out;
  ByteWriter w(out);
  w.u64(m.generation);
  w.str(m.analyzer.stem_language);
  w.str(m.tokenizer);
  w.u32(static_cast<uint32_t>(m.segments.size()));
  for (const auto& s : m.segments) {
    w.str(s.name);
    w.u32(s.doc_count);
    for (uint64_t sum : s.field_length_sum) w.u64(sum);
    w.u64(s.term_count);
    w.u64(s.posting_count);
    w.u64(s.position_count);
  }
  w.u32(static_cast<uint32_t>(m.pair_words.size()));
  for (const auto& word : m.pair_words) w.str(word);
  return out;
}

static bool valid_segment_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

Result<Manifest> decode_manifest_body(const uint8_t* begin, const uint8_t* end, const std::string& name,
                                      uint32_t format_version) {
  ByteReader r(begin, end);
  Manifest m;
  m.format_version = format_version;
  std::string_view stem, tokenizer;
  uint32_t count = 0;
  if (!r.u64(m.generation) || !r.str(stem) || !r.str(tokenizer) || !r.u32(count)) {
    return Status::corruption(name + ": manifest header is truncated");
  }
  m.analyzer.stem_language = stem;
  m.tokenizer = tokenizer;
  if (m.tokenizer != kTokenizerId) {
    return Status::not_supported(name + ": index was built with tokenizer '" + m.tokenizer + "', this build uses '" +
                                 kTokenizerId + "'");
  }
  uint64_t docs = 0;
  for (uint32_t i = 0; i < count; ++i) {
    SegmentInfo s;
    std::string_view seg_name;
    bool ok = r.str(seg_name) && r.u32(s.doc_count);
    for (uint64_t& sum : s.field_length_sum) ok = ok && r.u64(sum);
    ok = ok && r.u64(s.term_count) && r.u64(s.posting_count) && r.u64(s.position_count);
    if (!ok) return Status::corruption(name + ": manifest segment list is truncated");
    if (!valid_segment_name(seg_name)) return Status::corruption(name + ": manifest names an invalid segment");
    s.name = seg_name;
    docs += s.doc_count;
    m.segments.push_back(std::move(s));
  }
  if (format_version >= 2) {
    uint32_t words = 0;
    if (!r.u32(words)) return Status::corruption(name + ": manifest pair word list is truncated");
    for (uint32_t i = 0; i < words; ++i) {
      std::string_view key;
      if (!r.str(key)) return Status::corruption(name + ": manifest pair word list is truncated");
      if (!key_field(key) || is_pair_key(key) || key.size() < 2 || (i > 0 && key <= m.pair_words.back())) {
        return Status::corruption(name + ": manifest pair word list is damaged");
      }
      m.pair_words.emplace_back(key);
    }
  }
  if (!r.at_end()) return Status::corruption(name + ": manifest has trailing bytes");
  if (docs >= kNoMoreDocs) return Status::corruption(name + ": manifest document count is too large");
  return m;
}

Status write_manifest(const std::string& dir, const Manifest& m) {
  const std::string image = build_file_image(FileKind::kManifest, encode_manifest_body(m));
  return write_file_atomically((std::filesystem::path(dir) / kManifestFile).string(), image);
}

Result<Manifest> read_manifest(const std::string& dir) {
  const std::string path = (std::filesystem::path(dir) / kManifestFile).string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::not_found(dir + ": not a Quarry index (no manifest file)");
  }
  QUARRY_ASSIGN_OR_RETURN(auto file, MappedFile::open(path, FileKind::kManifest));
  return decode_manifest_body(file->body_begin(), file->body_end(), path, file->format_version());
}

std::vector<std::pair<std::string, int>> segment_files(const std::string& n) {
  return {{n + ".dict", static_cast<int>(FileKind::kDictionary)},
          {n + ".doc", static_cast<int>(FileKind::kPostings)},
          {n + ".pos", static_cast<int>(FileKind::kPositions)},
          {n + ".len", static_cast<int>(FileKind::kLengths)},
          {n + ".store", static_cast<int>(FileKind::kStored)}};
}

}  // namespace quarry::internal

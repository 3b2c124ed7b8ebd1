// The manifest: the commit point of an index. It names the live segments and
// holds the analyzer settings and collection totals. It is replaced atomically
// (write to manifest.tmp, fsync, rename), so readers see the old or the new index.
//
// Body: generation u64, stem_language str, tokenizer str, segment_count u32,
//       then per segment: name str, doc_count u32, field_length_sum u64 × 2,
//       term_count u64, posting_count u64, position_count u64,
//       then (format v2) pair_word_count u32 and that many word keys (str), sorted
// (str = varint length + UTF-8 bytes)
#pragma once

#include <string>
#include <vector>

#include "index/analyzer.h"
#include "index/file_format.h"
#include "index/term_keys.h"
#include "index/types.h"
#include "quarry/status.h"

namespace quarry::internal {

inline constexpr const char* kManifestFile = "manifest";
// Names the tokenizer rules; a change in analysis that alters terms changes this.
inline constexpr const char* kTokenizerId = "icu-word+nfkc_cf+apostrophe/1";

struct SegmentInfo {
  std::string name;  // files are <name>.dict, .doc, .pos, .len, .store
  uint32_t doc_count = 0;
  uint64_t field_length_sum[kFieldCount] = {0, 0};
  uint64_t term_count = 0, posting_count = 0, position_count = 0;
};

struct Manifest {
  uint32_t format_version = kFormatVersion;  // of the manifest file read; written files get the current one
  uint64_t generation = 0;
  AnalyzerSettings analyzer;
  std::string tokenizer = kTokenizerId;
  std::vector<SegmentInfo> segments;
  // Word keys whose adjacent pairs every segment indexes as pair keys, sorted
  // bytewise; chosen when the index is built (empty: no pairs, as in v1).
  std::vector<std::string> pair_words;
  bool is_pair_word(std::string_view key) const { return contains_sorted(pair_words, key); }

  uint64_t doc_count() const;
  uint64_t field_length_sum(Field field) const;
};

std::string encode_manifest_body(const Manifest& m);
Result<Manifest> decode_manifest_body(const uint8_t* begin, const uint8_t* end, const std::string& name,
                                      uint32_t format_version = kFormatVersion);

Status write_manifest(const std::string& dir, const Manifest& m);
// NotFound when dir holds no manifest.
Result<Manifest> read_manifest(const std::string& dir);

// The files a segment consists of, with their kinds.
std::vector<std::pair<std::string, int>> segment_files(const std::string& segment_name);

}  // namespace quarry::internal

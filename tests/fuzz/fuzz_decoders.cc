// libFuzzer target: the decoders that read index bytes never read past the
// end they are given and never crash, whatever the bytes: block codec,
// dense blocks, file envelopes, manifests (both versions), pair keys, JSON
// Lines records.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "index/block_codec.h"
#include "index/dense_block.h"
#include "index/file_format.h"
#include "index/jsonl_record.h"
#include "index/manifest.h"
#include "index/term_keys.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::internal;
  // A copy of exactly size bytes, so AddressSanitizer sees any read past the end.
  std::vector<uint8_t> bytes(data, data + size);
  const uint8_t* begin = bytes.data();
  const uint8_t* end = begin + bytes.size();
  uint32_t out[512];
  if (size > 0) {
    const size_t n = begin[0] % 300;  // sequences of full and partial blocks
    decode_sequence(begin + 1, end, out, n, ShortBlocks::kVarint);
    decode_sequence(begin + 1, end, out, n, ShortBlocks::kPacked);
    decode_block(begin, end, out, 128, ShortBlocks::kPacked);
    // A short block (format v5): one value read alone equals the block's, when
    // the block decodes and is packed (not 0xFF and varints).
    const size_t short_n = 1 + begin[0] % (kBlockSize - 1);
    if (size > 1 && decode_block(begin + 1, end, out, short_n, ShortBlocks::kPacked) && begin[1] != kShortVarints) {
      for (size_t i = 0; i < short_n; ++i) {
        uint32_t v;
        if (!decode_one(begin + 1, end, short_n, i, ShortBlocks::kPacked, v) || v != out[i]) __builtin_trap();
      }
    }
    // The fused and one-value decoders agree with decode_block on whatever it accepts.
    uint32_t ids[128], gaps[128];
    const uint32_t first = static_cast<uint32_t>(size * 2654435761u);
    const uint8_t* fused = decode_ascending_block(begin, end, ids, first);
    if (fused != decode_block(begin, end, gaps, 128, ShortBlocks::kPacked)) __builtin_trap();
    if (fused) {
      for (size_t i = 0; i < 128; ++i) {
        uint32_t v;
        if (!decode_one(begin, end, 128, i, ShortBlocks::kPacked, v) || v != gaps[i]) __builtin_trap();
      }
      prefix_sum_ascending(gaps, 128, first);
      if (std::memcmp(ids, gaps, sizeof ids) != 0) __builtin_trap();
    }
  }
  if (size > 2) {
    // Dense blocks: whatever the check accepts expands to 128 ascending ids
    // ending at the span's last, and the bit search and rank agree with them.
    const uint64_t span = 128 + (begin[0] | uint64_t{begin[1]} << 8) % 4000;
    if (check_dense_block(begin + 2, end, span)) {
      uint32_t ids[128];
      decode_dense_block(begin + 3, span, 0, ids);
      if (ids[127] != span - 1) __builtin_trap();
      for (uint32_t i = 0; i < 128; ++i) {
        if ((i > 0 && ids[i] <= ids[i - 1]) || dense_next(begin + 3, ids[i]) != ids[i] || dense_rank(begin + 3, ids[i]) != i) {
          __builtin_trap();
        }
      }
    }
  }
  (void)check_envelope(begin, bytes.size(), FileKind::kManifest, "fuzz", true);
  (void)check_envelope(begin, bytes.size(), FileKind::kPostings, "fuzz", false);
  (void)decode_manifest_body(begin, end, "fuzz", 1);
  (void)decode_manifest_body(begin, end, "fuzz", 2);
  const std::string text(bytes.begin(), bytes.end());
  (void)split_pair_key(text);
  static JsonlRecordParser parser;
  JsonlRecord record;
  (void)parser.parse(text, record);
  return 0;
}

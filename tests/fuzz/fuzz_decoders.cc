// libFuzzer target: the decoders that read index bytes never read past the
// end they are given and never crash, whatever the bytes: block codec,
// file envelopes, manifests (both versions), pair keys, JSON Lines records.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/block_codec.h"
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
    decode_sequence(begin + 1, end, out, n);
    decode_block(begin, end, out, 128);
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

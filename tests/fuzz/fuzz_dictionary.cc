// libFuzzer target: the term dictionary's lookup. The input names a set of
// keys (any bytes, '\n'-separated), a block size and some byte edits.
//  1. The keys are written with TermDictionaryWriter in blocks of that size;
//     then every key must be found with its own entry, and keys next to them
//     (a byte more, a byte less) found exactly when they are in the set.
//  2. The edits are applied to the file and every block's check recomputed,
//     as a re-sealing attacker would: lookups and iteration must then end
//     without a crash, a hang or a read outside the file (found, absent or
//     Corruption are all acceptable answers).
#include <unistd.h>
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "index/file_format.h"
#include "index/term_dictionary.h"

namespace {

using namespace quarry::internal;

const std::string& fuzz_dir() {  // in memory, removed at exit
  // Never freed: the exit handler runs after static destructors would have.
  static const std::string* dir = [] {
    auto* d = new std::string("/dev/shm/quarry-fuzz-dict-" + std::to_string(getpid()));
    std::filesystem::create_directories(*d);
    std::atexit([] { std::filesystem::remove_all(fuzz_dir()); });
    return d;
  }();
  return *dir;
}

TermInfo info_of(size_t i) {
  TermInfo info;
  info.df = static_cast<uint32_t>(1 + i % 7);
  info.cf = info.df + i % 3;
  info.doc_offset = kHeaderSize + 10 * i;
  info.pos_offset = kHeaderSize + 3 * i;
  info.max_tf = 1;
  info.min_len = static_cast<uint32_t>(i);
  return info;
}

std::unique_ptr<TermDictionaryReader> open_dictionary(const std::string& path, std::unique_ptr<MappedFile>& file) {
  auto mapped = MappedFile::open(path, FileKind::kDictionary, /*verify_checksum=*/false);
  if (!mapped.is_ok()) return nullptr;
  file = std::move(*mapped);
  auto dict = TermDictionaryReader::open(*file);
  return dict.is_ok() ? std::move(*dict) : nullptr;
}

void check_sound(const std::string& path, const std::vector<std::string>& keys, const std::set<std::string>& set) {
  std::unique_ptr<MappedFile> file;
  auto dict = open_dictionary(path, file);
  if (!dict || dict->term_count() != keys.size()) std::abort();
  for (size_t i = 0; i < keys.size(); ++i) {
    auto found = dict->lookup(keys[i]);
    const TermInfo want = info_of(i);
    if (!found.is_ok() || found->df != want.df || found->cf != want.cf || found->doc_offset != want.doc_offset ||
        found->pos_offset != want.pos_offset || found->min_len != want.min_len) {
      std::abort();
    }
    std::string longer = keys[i] + '\x01', shorter = keys[i];
    if (!shorter.empty()) shorter.pop_back();
    for (const std::string* probe : {&longer, &shorter}) {
      auto r = dict->lookup(*probe);
      if (!r.is_ok() || (r->df > 0) != (set.count(*probe) > 0)) std::abort();
    }
  }
}

void check_tampered(const std::string& path, const std::vector<std::string>& keys) {
  std::unique_ptr<MappedFile> file;
  auto dict = open_dictionary(path, file);
  if (!dict) return;
  for (const auto& key : keys) {
    auto r = dict->lookup(key);
    if (r.is_ok() && r->df > 0 && r->cf < r->df) std::abort();  // the reader builds cf = df + (cf - df)
  }
  uint64_t seen = 0;
  (void)dict->for_each([&](std::string_view, const TermInfo&) { return ++seen <= dict->term_count() + 1; });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint32_t block_size = 1 + data[0] % kMaxTermsPerBlock;
  const size_t edits = data[1] % 8;
  size_t at = 2;
  std::vector<std::pair<uint32_t, uint8_t>> edit_list;
  for (size_t e = 0; e < edits && at + 3 <= size; ++e, at += 3) {
    edit_list.push_back({static_cast<uint32_t>(data[at] | data[at + 1] << 8), data[at + 2]});
  }
  std::set<std::string> set;
  const std::string rest(reinterpret_cast<const char*>(data) + at, size - at);
  for (size_t begin = 0; begin <= rest.size();) {
    size_t end = rest.find('\n', begin);
    if (end == std::string::npos) end = rest.size();
    set.insert(rest.substr(begin, end - begin));
    begin = end + 1;
  }
  const std::vector<std::string> keys(set.begin(), set.end());

  const std::string path = fuzz_dir() + "/t.dict";
  {
    auto w = FileWriter::create(path, FileKind::kDictionary);
    if (!w.is_ok()) std::abort();
    TermDictionaryWriter writer(**w, block_size);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (!writer.add(keys[i], info_of(i)).is_ok()) std::abort();
    }
    if (!writer.finish().is_ok() || !(*w)->finish().is_ok()) std::abort();
  }
  check_sound(path, keys, set);
  if (edit_list.empty()) return 0;

  // Edit the body (the envelope's header and footer stay), then re-seal every block.
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t body_end = bytes.size() - kFooterSize;
  if (body_end <= kHeaderSize + 24) return 0;
  uint64_t block_count, index_offset;
  std::memcpy(&block_count, &bytes[body_end - 16], 8);
  std::memcpy(&index_offset, &bytes[body_end - 8], 8);
  std::vector<uint64_t> bounds;  // the blocks as written, before the edits move anything
  for (uint64_t b = 0; b < block_count; ++b) {
    uint64_t offset;
    std::memcpy(&offset, &bytes[index_offset + kIndexEntrySize * b], 8);
    bounds.push_back(offset);
  }
  bounds.push_back(index_offset);
  for (const auto& [offset, flip] : edit_list) bytes[kHeaderSize + offset % (body_end - kHeaderSize)] ^= static_cast<char>(flip);
  for (size_t b = 0; b + 1 < bounds.size(); ++b) {
    const uint32_t check = static_cast<uint32_t>(XXH3_64bits(&bytes[bounds[b]], bounds[b + 1] - 4 - bounds[b]));
    std::memcpy(&bytes[bounds[b + 1] - 4], &check, 4);
  }
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  check_tampered(path, keys);
  return 0;
}

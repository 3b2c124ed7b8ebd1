// libFuzzer target: a posting cursor over arbitrary postings and positions
// bytes (in valid file envelopes, as a tampered index would have them) and an
// arbitrary dictionary entry never crashes, hangs or reads outside the files:
// it ends, reports corruption, or yields documents below the segment's count
// in increasing order. Seeds (corpus/fuzz_postings, from make_postings_seeds.py)
// are valid lists of one short, one full and several blocks.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "index/file_format.h"
#include "index/posting_reader.h"

namespace {

using namespace quarry::internal;

uint32_t take32(const uint8_t*& p, const uint8_t* end) {
  uint32_t v = 0;
  for (int i = 0; i < 4 && p < end; ++i) v |= static_cast<uint32_t>(*p++) << (8 * i);
  return v;
}

const std::string& fuzz_dir() {  // in memory, removed at exit
  // Never freed: the exit handler runs after static destructors would have.
  static const std::string* dir = [] {
    auto* d = new std::string("/dev/shm/quarry-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(*d);
    std::atexit([] { std::filesystem::remove_all(fuzz_dir()); });
    return d;
  }();
  return *dir;
}

std::string write_file(const std::string& name, FileKind kind, std::string_view body) {
  const std::string path = fuzz_dir() + "/" + name;
  auto w = FileWriter::create(path, kind);
  if (!w.is_ok() || !(*w)->append(body).is_ok() || !(*w)->finish().is_ok()) std::abort();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  // The dictionary entry and the segment's size come first, then two bodies.
  TermInfo info;
  info.df = take32(p, end) % 5000;
  const uint32_t doc_count = 1 + take32(p, end) % 100000;
  const uint32_t split = take32(p, end);
  info.doc_offset = kHeaderSize + take32(p, end) % 2048;
  info.pos_offset = kHeaderSize + take32(p, end) % 2048;
  info.max_tf = take32(p, end);
  info.min_len = take32(p, end);
  const uint32_t seed = take32(p, end);
  const std::string_view rest(reinterpret_cast<const char*>(p), static_cast<size_t>(end - p));
  const size_t cut = rest.empty() ? 0 : split % (rest.size() + 1);
  auto postings = MappedFile::open(write_file("doc", FileKind::kPostings, rest.substr(0, cut)),
                                   FileKind::kPostings, false);
  auto positions = MappedFile::open(write_file("pos", FileKind::kPositions, rest.substr(cut)),
                                    FileKind::kPositions, false);
  if (!postings.is_ok() || !positions.is_ok()) std::abort();  // the envelopes are valid

  // Every posting in order, with its tf and positions.
  PostingCursor c;
  if (c.reset(**postings, **positions, info, doc_count).is_ok()) {
    DocId last = 0;
    bool first = true;
    for (uint32_t steps = 0; c.doc() != kNoMoreDocs; ++steps) {
      if (steps > info.df || c.doc() >= doc_count || (!first && c.doc() <= last)) std::abort();
      last = c.doc();
      first = false;
      (void)c.freq();
      (void)c.positions();
      c.next();
    }
  }
  // Advances to scattered targets, skipping blocks by their entries.
  PostingCursor a;
  if (a.reset(**postings, **positions, info, doc_count).is_ok()) {
    uint32_t target = 0, state = seed | 1;
    for (int i = 0; i < 64 && a.doc() != kNoMoreDocs; ++i) {
      state = state * 1664525u + 1013904223u;
      target += 1 + (state >> 20);
      if (target > a.doc()) a.advance(target);
      if (a.doc() != kNoMoreDocs && (a.doc() < target || a.doc() >= doc_count)) std::abort();
      if (a.doc() != kNoMoreDocs) (void)a.positions();
      uint32_t from = 0;
      (void)a.max_bound_between(target, target + 1000, from, [](const SkipEntry& e) { return double(e.impacts[0].tf); });
      a.skip_blocks_until([&](const SkipEntry& e) { return (e.last_doc ^ state) & 1; });
    }
  }
  return 0;
}

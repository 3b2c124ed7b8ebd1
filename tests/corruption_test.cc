// Every index file truncated, and with flipped bytes, gives a clear error
// naming the file; never a crash. Also: a failed rebuild keeps the old index.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "index/bytes.h"
#include "index/segment_merger.h"
#include "index/term_keys.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_file(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

void build_small(const std::string& dir) {
  std::vector<testing::Doc> docs;
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    docs.push_back({std::string("d").append(n), std::string("title ").append(n),
                    std::string("civil nuclear cooperation number ").append(std::to_string(i * 7919 % 1000))});
  }
  testing::build_index(dir, docs);
}

// Opens and runs a few queries; returns the first error.
Status open_and_search(const std::string& dir) {
  auto reader = IndexReader::open(dir);
  if (!reader.is_ok()) return reader.status();
  for (const char* q : {"nuclear", "\"civil nuclear\"", "title:7 OR cooperation", "+number -civil"}) {
    auto r = Searcher(**reader).search(q, {});
    if (!r.is_ok()) return r.status();
  }
  return Status::ok();
}

std::vector<std::string> index_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename() != "write.lock") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(Corruption, TruncatedFilesAreRefusedWithTheirName) {
  TempDir dir;
  build_small(dir.path());
  for (const std::string& name : index_files(dir.path())) {
    const std::string path = dir.file(name);
    const std::string original = read_file(path);
    for (size_t keep : {size_t{0}, size_t{10}, original.size() / 2, original.size() - 1}) {
      write_file(path, original.substr(0, keep));
      Status s = open_and_search(dir.path());
      EXPECT_FALSE(s.is_ok()) << name << " truncated to " << keep;
      EXPECT_NE(s.message().find(name), std::string::npos) << s.to_string();
    }
    write_file(path, original);
  }
  EXPECT_TRUE(open_and_search(dir.path()).is_ok());
}

TEST(Corruption, FlippedBytesAreDetected) {
  TempDir dir;
  build_small(dir.path());
  for (const std::string& name : index_files(dir.path())) {
    const std::string path = dir.file(name);
    const std::string original = read_file(path);
    // Flip one bit at a spread of offsets, including header and footer.
    const size_t step = std::max<size_t>(1, original.size() / 61);
    for (size_t at = 0; at < original.size(); at += step) {
      std::string damaged = original;
      damaged[at] ^= 0x10;
      write_file(path, damaged);
      Status s = open_and_search(dir.path());
      EXPECT_FALSE(s.is_ok()) << name << " flipped at " << at;
      EXPECT_NE(s.message().find(name), std::string::npos) << s.to_string();
    }
    write_file(path, original);
  }
}

TEST(Corruption, UncheckedReadsOfDamagedPostingsNeverCrash) {
  // With checksum verification off, damaged postings must still give errors
  // or wrong-but-safe answers, never out-of-bounds reads (run under ASan).
  TempDir dir;
  build_small(dir.path());
  std::string postings;
  for (const auto& name : index_files(dir.path())) {
    if (name.ends_with(".doc") || name.ends_with(".pos") || name.ends_with(".dict")) {
      const std::string path = dir.file(name);
      const std::string original = read_file(path);
      for (size_t at = kHeaderSize; at + kFooterSize < original.size(); at += 7) {
        std::string damaged = original;
        damaged[at] = static_cast<char>(damaged[at] ^ 0xA5);
        write_file(path, damaged);
        auto reader = IndexReader::open(dir.path(), /*verify_checksums=*/false);
        if (!reader.is_ok()) continue;
        for (const char* q : {"nuclear", "\"civil nuclear cooperation\"", "number -civil"}) {
          auto r = Searcher(**reader).search(q, {});
          if (!r.is_ok()) {
            EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().to_string();
          }
        }
      }
      write_file(path, original);
    }
  }
}

TEST(Corruption, UnverifiedOpenStillCatchesDamagedLengthsAndStoredText) {
  TempDir dir;
  build_small(dir.path());
  for (const std::string& name : index_files(dir.path())) {
    if (!name.ends_with(".len") && !name.ends_with(".store") && !name.ends_with(".dict")) continue;
    const std::string path = dir.file(name);
    const std::string original = read_file(path);
    std::string damaged = original;
    damaged[kHeaderSize + 40] ^= 0x04;  // inside the body: lengths, a term entry, or a zstd frame
    // A damaged dictionary block is found when read: look up its first term
    // (this build's first key, read before the damage: "\x00" + a word).
    std::string query = "nuclear";
    if (name.ends_with(".dict")) {
      auto clean = IndexReader::open(dir.path());
      ASSERT_TRUE(clean.is_ok());
      auto terms = (*clean)->segment(0).dictionary().cursor();
      ASSERT_TRUE(terms.is_ok() && terms->valid());
      query = terms->key().substr(1);
    }
    write_file(path, damaged);
    auto reader = IndexReader::open(dir.path(), /*verify_checksums=*/false);
    Status s = reader.status();
    if (reader.is_ok()) {
      SearchOptions o;
      o.k = 200;  // fetch every matching document's stored text
      auto r = Searcher(**reader).search(query, o);
      s = r.status();
    }
    EXPECT_FALSE(s.is_ok()) << name;
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << name << ": " << s.to_string();
    write_file(path, original);
  }
}

// Flips the low bit of the index-th u32 of the (one segment's) length arrays,
// body's then title's, and reseals the file's checksum, so that only the
// chunk's own check can tell. False when the index has no lengths file.
bool flip_length_bit(const TempDir& dir, size_t index) {
  std::string len_file;
  for (const std::string& name : index_files(dir.path())) {
    if (name.ends_with(".len")) len_file = dir.file(name);
  }
  if (len_file.empty()) return false;
  std::string data = read_file(len_file);
  data[kHeaderSize + 8 + 4 * index] ^= 0x01;  // after doc_count and field_count
  write_file(len_file, data);
  testing::reseal(len_file);
  return true;
}

TEST(Corruption, DamagedLengthChunkIsFoundWhenReadNotOnOpen) {
  // 2,500 documents: length chunks 0-1023, 1024-2047 and 2048-2499. "alpha"
  // lives in the first chunk only, "beta" in the last.
  TempDir dir;
  std::vector<testing::Doc> docs;
  for (int i = 0; i < 2500; ++i) {
    docs.push_back({"d" + std::to_string(i), "", i < 1000 ? "alpha filler" : i >= 2048 ? "beta filler words" : "filler"});
  }
  testing::build_index(dir.path(), docs, IndexWriterOptions{});
  ASSERT_TRUE(flip_length_bit(dir, 2100));  // doc 2100's body length: in the last chunk

  auto reader = IndexReader::open(dir.path(), /*verify_checksums=*/false);
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();  // opening reads no lengths
  const Searcher searcher(**reader);
  auto clean = searcher.search("alpha", {});
  ASSERT_TRUE(clean.is_ok()) << clean.status().to_string();  // its chunk is sound
  EXPECT_EQ(clean->hits.size(), 10u);
  auto damaged = searcher.search("beta", {});
  ASSERT_FALSE(damaged.is_ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().message().find("document lengths 2048 to 2499 fail their check"), std::string::npos)
      << damaged.status().to_string();
  // Once found, the damage fails every later query on this reader, as a damaged index should.
  EXPECT_EQ(searcher.search("alpha", {}).status().code(), StatusCode::kCorruption);
  auto fresh = IndexReader::open(dir.path(), /*verify_checksums=*/false);
  ASSERT_TRUE(fresh.is_ok());
  auto counted = Searcher(**fresh).count("beta");  // counting scores nothing: it reads no lengths
  ASSERT_TRUE(counted.is_ok()) << counted.status().to_string();
  EXPECT_EQ(*counted, 452u);
  // A verified open hashes the whole file, whose checksum was re-sealed: the
  // chunk still tells, when read.
  auto verified = IndexReader::open(dir.path(), /*verify_checksums=*/true);
  ASSERT_TRUE(verified.is_ok());
  EXPECT_EQ(Searcher(**verified).search("beta", {}).status().code(), StatusCode::kCorruption);
}

// Each field's lengths are verified on their own: a query of the body reads
// (and hashes) no title lengths, so damage there is found by the first query
// that reads titles, and reported with its field and exact offset.
TEST(Corruption, DamagedTitleLengthsAreFoundByTitleQueriesOnly) {
  TempDir dir;
  std::vector<testing::Doc> docs;
  for (int i = 0; i < 1500; ++i) docs.push_back({"d" + std::to_string(i), "gamma title", "alpha body"});
  testing::build_index(dir.path(), docs, IndexWriterOptions{});
  ASSERT_TRUE(flip_length_bit(dir, 1500 + 1100));  // doc 1100's title length: the title array follows the body's

  auto reader = IndexReader::open(dir.path(), /*verify_checksums=*/false);
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  const Searcher searcher(**reader);
  auto body = searcher.search("alpha", {});
  ASSERT_TRUE(body.is_ok()) << body.status().to_string();
  EXPECT_EQ(body->hits.size(), 10u);
  auto title = searcher.search("title:gamma", {});
  ASSERT_FALSE(title.is_ok());
  EXPECT_EQ(title.status().code(), StatusCode::kCorruption);
  EXPECT_NE(title.status().message().find("document lengths 1024 to 1499 fail their check (damaged; title field)"),
            std::string::npos)
      << title.status().to_string();
  // The offset named is the damaged chunk's first byte in the title array.
  EXPECT_NE(title.status().to_string().find(std::to_string(kHeaderSize + 8 + 4 * (1500 + 1024))), std::string::npos)
      << title.status().to_string();
}

TEST(Corruption, DocIdBeyondTheSegmentIsCorruptionNotACrash) {
  TempDir dir;
  testing::build_index(dir.path(), {{"a", "", "needle here"}, {"b", "", "no match"}, {"c", "", "needle again"}});
  uint64_t doc_offset = 0;
  {
    auto reader = IndexReader::open(dir.path());
    ASSERT_TRUE(reader.is_ok());
    auto info = (*reader)->segment(0).find_term(term_key(Field::kBody, "needl"));
    ASSERT_TRUE(info.is_ok());
    doc_offset = info->doc_offset;  // one block, no skip table: the first gap is here
  }
  const std::string path = dir.file("seg-1-0.doc");
  std::string data = read_file(path);
  data[doc_offset] = 0x05;  // first doc becomes 5, beyond the 3 documents (a one-byte varint)
  write_file(path, data);
  auto reader = IndexReader::open(dir.path(), /*verify_checksums=*/false);
  ASSERT_TRUE(reader.is_ok());
  auto r = Searcher(**reader).search("needle", {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("seg-1-0.doc"), std::string::npos) << r.status().message();
}

TEST(Corruption, AFifoInPlaceOfAnIndexFileIsRefusedNotWaitedOn) {
  // Opening a FIFO for reading blocks until a writer comes: the open must not.
  TempDir dir;
  build_small(dir.path());
  std::string len_file;
  for (const std::string& name : index_files(dir.path())) {
    if (name.ends_with(".len")) len_file = dir.file(name);
  }
  ASSERT_FALSE(len_file.empty());
  fs::remove(len_file);
  ASSERT_EQ(::mkfifo(len_file.c_str(), 0644), 0);
  auto reader = IndexReader::open(dir.path());
  ASSERT_FALSE(reader.is_ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIOError) << reader.status().to_string();
  EXPECT_NE(reader.status().to_string().find("not a regular file"), std::string::npos) << reader.status().to_string();
}

TEST(Corruption, NewerFormatVersionIsNotSupported) {
  TempDir dir;
  build_small(dir.path());
  std::string manifest = read_file(dir.file("manifest"));
  manifest[8] = 99;  // version field of the header
  write_file(dir.file("manifest"), manifest);
  auto reader = IndexReader::open(dir.path());
  ASSERT_FALSE(reader.is_ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(reader.status().message().find("version 99"), std::string::npos);
}

TEST(Corruption, MissingIndexIsNotFound) {
  TempDir dir;
  auto reader = IndexReader::open(dir.file("nothing-here"));
  ASSERT_FALSE(reader.is_ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
}

// Sets the document count of key's entry in a segment's dictionary to df
// (both under 128: one varint byte) and recomputes its block's check, so that
// only the merge's own consistency checks can find the damage.
void set_dictionary_df(const std::string& dict_path, const std::string& key, uint8_t df) {
  std::string data = testing::slurp(dict_path);
  const size_t trailer = data.size() - kFooterSize - 24;
  uint64_t block_count, index_offset;
  std::memcpy(&block_count, data.data() + trailer + 8, 8);
  std::memcpy(&index_offset, data.data() + trailer + 16, 8);
  for (uint64_t b = 0; b < block_count; ++b) {
    uint64_t begin, end = index_offset;
    std::memcpy(&begin, data.data() + index_offset + 16 * b, 8);
    if (b + 1 < block_count) std::memcpy(&end, data.data() + index_offset + 16 * (b + 1), 8);
    ByteReader r(reinterpret_cast<const uint8_t*>(data.data()) + begin,
                 reinterpret_cast<const uint8_t*>(data.data()) + end - 4);
    std::string entry_key;
    while (!r.at_end()) {
      uint64_t shared, v;
      std::string_view suffix;
      ASSERT_TRUE(r.varint(shared) && r.str(suffix));
      entry_key = entry_key.substr(0, shared).append(suffix);
      const size_t df_at = begin + r.offset();
      for (int field = 0; field < 6; ++field) ASSERT_TRUE(r.varint(v));  // df, cf - df, offsets, max_tf, min_len
      if (entry_key != key) continue;
      ASSERT_LT(static_cast<uint8_t>(data[df_at]), 0x80) << "a one-byte df";
      data[df_at] = static_cast<char>(df);
      const auto check = static_cast<uint32_t>(XXH3_64bits(data.data() + begin, end - 4 - begin));
      std::memcpy(data.data() + end - 4, &check, 4);
      testing::spit(dict_path, data);
      testing::reseal(dict_path);
      return;
    }
  }
  FAIL() << "no entry for the key";
}

// merge_segments re-seals what it reads under new checksums: an input whose
// dictionary disagrees with its postings must make it fail with Corruption
// (whichever input it is), not write a damaged segment or report a misuse.
TEST(Corruption, MergeRefusesADictionaryCountThatDisagreesWithThePostings) {
  std::vector<testing::Doc> docs;
  for (int i = 0; i < 40; ++i) {
    docs.push_back({"d" + std::to_string(i), "", i % 4 == 0 ? "rare word here" : "common word here"});
  }
  const std::string rare = term_key(Field::kBody, "rare");
  for (const uint8_t damaged_df : {uint8_t{100}, uint8_t{2}, uint8_t{0}}) {
    for (const size_t damaged_segment : {size_t{0}, size_t{1}}) {
      TempDir many, out;
      IndexWriterOptions options;
      options.analyzer.stem_language = "none";
      options.flush_bytes = 2000;
      options.merge_segments = false;
      testing::build_index(many.path(), docs, options);
      auto manifest = read_manifest(many.path());
      ASSERT_TRUE(manifest.is_ok());
      ASSERT_GE(manifest->segments.size(), 8u);
      // Documents 0, 4, 8... hold "rare": segments holding one find it.
      std::vector<size_t> with_rare;
      for (size_t s = 0; s < manifest->segments.size(); ++s) {
        auto seg = SegmentReader::open(many.path(), manifest->segments[s], false);
        ASSERT_TRUE(seg.is_ok());
        auto info = (*seg)->lookup_term(rare);
        ASSERT_TRUE(info.is_ok());
        if (info->df > 0) with_rare.push_back(s);
      }
      ASSERT_GE(with_rare.size(), 2u);
      const SegmentInfo& target = manifest->segments[with_rare[damaged_segment]];
      ASSERT_NO_FATAL_FAILURE(set_dictionary_df(many.file(target.name + ".dict"), rare, damaged_df));
      std::vector<std::unique_ptr<SegmentReader>> readers;
      std::vector<const SegmentReader*> inputs;
      for (const auto& info : manifest->segments) {
        auto r = SegmentReader::open(many.path(), info, /*verify=*/false);
        ASSERT_TRUE(r.is_ok()) << r.status().to_string();
        inputs.push_back(r->get());
        readers.push_back(std::move(*r));
      }
      auto merged = merge_segments(out.path(), inputs, "seg-merged");
      ASSERT_FALSE(merged.is_ok()) << "df " << int(damaged_df) << " in input " << damaged_segment;
      EXPECT_EQ(merged.status().code(), StatusCode::kCorruption)
          << "df " << int(damaged_df) << " in input " << damaged_segment << ": " << merged.status().to_string();
    }
  }
}

TEST(Corruption, CommitRefusesToMergeASegmentDamagedSinceItWasFlushed) {
  // A flushed segment's positions damaged on disk before the commit merges
  // it: the merge must stop (positions carry no checks of their own, so
  // without the inputs' checksums it would re-seal the damage), and the index
  // already in the directory must stay as it was.
  TempDir dir;
  build_small(dir.path());
  IndexWriterOptions options;
  options.threads = 1;  // segments are flushed as documents are added
  options.flush_bytes = 20000;
  options.pair_words = 0;  // no sampling pass holding the first documents back
  auto writer = IndexWriter::create(dir.path(), options);
  ASSERT_TRUE(writer.is_ok());
  const std::vector<std::string> before = index_files(dir.path());
  std::string pos_file;  // the first segment this writer flushes
  for (int i = 0; i < 2000 && pos_file.empty(); ++i) {
    ASSERT_TRUE((*writer)->add("n" + std::to_string(i), "", "maritime security dialogue round " + std::to_string(i)).is_ok());
    for (const std::string& name : index_files(dir.path())) {
      if (name.ends_with(".pos") && std::find(before.begin(), before.end(), name) == before.end()) pos_file = dir.file(name);
    }
  }
  ASSERT_FALSE(pos_file.empty()) << "no segment flushed";
  for (int i = 0; i < 300; ++i) ASSERT_TRUE((*writer)->add("m" + std::to_string(i), "", "more words").is_ok());
  std::string data = read_file(pos_file);
  data[data.size() / 2] ^= 0x10;
  write_file(pos_file, data);
  Status committed = (*writer)->commit();
  ASSERT_FALSE(committed.is_ok());
  EXPECT_EQ(committed.code(), StatusCode::kCorruption) << committed.to_string();
  EXPECT_NE(committed.to_string().find("checksum"), std::string::npos) << committed.to_string();
  writer->reset();
  EXPECT_TRUE(open_and_search(dir.path()).is_ok()) << "the previous index must stay readable";
}

TEST(AtomicCommit, AnAbandonedRebuildLeavesThePreviousIndexReadable) {
  TempDir dir;
  build_small(dir.path());
  {
    auto w = IndexWriter::create(dir.path(), {});
    ASSERT_TRUE(w.is_ok());
    ASSERT_TRUE((*w)->add("x", "", "entirely different content").is_ok());
    // Destroyed without commit(): like a crash mid-index.
  }
  auto reader = IndexReader::open(dir.path());
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  EXPECT_EQ((*reader)->doc_count(), 200u);
  // A later successful rebuild replaces it and removes stale files.
  testing::build_index(dir.path(), {{"only", "", "new"}});
  auto again = IndexReader::open(dir.path());
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ((*again)->doc_count(), 1u);
  EXPECT_EQ(index_files(dir.path()).size(), 6u) << "manifest and the 5 files of one segment";
}

TEST(AtomicCommit, OneWriterAtATime) {
  TempDir dir;
  auto first = IndexWriter::create(dir.path(), {});
  ASSERT_TRUE(first.is_ok());
  auto second = IndexWriter::create(dir.path(), {});
  ASSERT_FALSE(second.is_ok());
  EXPECT_NE(second.status().message().find("another process is writing"), std::string::npos);
  first->reset();
  EXPECT_TRUE(IndexWriter::create(dir.path(), {}).is_ok()) << "the lock is released with the writer";
}

}  // namespace
}  // namespace quarry::internal

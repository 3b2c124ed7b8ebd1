// The stored-document area: every document reads back exactly, whether the
// store is empty, too small for a dictionary, trained at the end, or trained
// after its first kStoreTrainingBytes and streamed; a dictionary is kept only
// when it makes the store smaller; a damaged one is corruption, not a crash.
#include "index/doc_store.h"

#include <gtest/gtest.h>

#include <random>

#include "test_util.h"

namespace quarry::internal {
namespace {

using testing::TempDir;

// Text of words from a skewed vocabulary, as prose compresses.
std::vector<StoredDocument> prose(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (int j = 0, n = 2 + static_cast<int>(rng() % 8); j < n; ++j) w += static_cast<char>('a' + rng() % 26);
    vocabulary.push_back(w);
  }
  std::vector<StoredDocument> docs;
  for (size_t d = 0; d < count; ++d) {
    StoredDocument doc{"doc-" + std::to_string(d), "Title " + std::to_string(d), ""};
    for (int t = 0, n = 20 + static_cast<int>(rng() % 300); t < n; ++t) {
      const double u = std::uniform_real_distribution<double>(0, 1)(rng);
      doc.text += vocabulary[static_cast<size_t>(u * u * u * vocabulary.size())];
      doc.text += t % 17 == 16 ? ". " : " ";
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

struct Written {
  std::string path;
  uint32_t dictionary_size;
};

Written write_store(const TempDir& dir, const std::vector<StoredDocument>& docs, bool background = false,
                    const std::string& name = "s.store") {
  const std::string path = dir.file(name);
  auto file = FileWriter::create(path, FileKind::kStored);
  EXPECT_TRUE(file.is_ok());
  DocStoreWriter writer(**file, 6, background);
  for (const auto& d : docs) EXPECT_TRUE(writer.add(d.id, d.title, d.text).is_ok());
  EXPECT_TRUE(writer.finish().is_ok());
  EXPECT_TRUE((*file)->finish().is_ok());
  return {path, writer.dictionary_size()};
}

void expect_reads_back(const std::string& path, const std::vector<StoredDocument>& docs) {
  auto file = MappedFile::open(path, FileKind::kStored);
  ASSERT_TRUE(file.is_ok()) << file.status().to_string();
  auto store = DocStoreReader::open(**file);
  ASSERT_TRUE(store.is_ok()) << store.status().to_string();
  ASSERT_EQ((*store)->doc_count(), docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    auto got = (*store)->get(static_cast<uint32_t>(d));
    ASSERT_TRUE(got.is_ok()) << d << ": " << got.status().to_string();
    ASSERT_EQ(got->id, docs[d].id);
    ASSERT_EQ(got->title, docs[d].title);
    ASSERT_EQ(got->text, docs[d].text) << d;
  }
  EXPECT_EQ((*store)->get(static_cast<uint32_t>(docs.size())).status().code(), StatusCode::kNotFound);
}

TEST(DocStore, EmptyAndTinyStoresHaveNoDictionary) {
  for (size_t n : {0, 1, 3}) {
    TempDir dir;
    const auto docs = prose(n, 1);
    const Written w = write_store(dir, docs);
    EXPECT_EQ(w.dictionary_size, 0u) << n;  // too little text to train on
    expect_reads_back(w.path, docs);
  }
}

TEST(DocStore, DictionaryTrainedAtTheEndOrMidwayReadsBack) {
  // About 0.5 MB (trained when finishing) and 5 MB (trained after the first
  // 2 MB, the rest streamed with it).
  for (size_t n : {500, 5000}) {
    TempDir dir;
    const auto docs = prose(n, 7);
    const Written w = write_store(dir, docs);
    EXPECT_GT(w.dictionary_size, 0u) << n;
    EXPECT_LE(w.dictionary_size, kStoreDictionaryBytes);
    expect_reads_back(w.path, docs);
  }
}

// Blocks compressed on the writer's own thread are the same blocks, in the
// same order: the file is byte for byte the one written without it.
TEST(DocStore, BackgroundCompressionWritesTheSameFile) {
  for (size_t n : {3, 500, 5000}) {
    TempDir dir;
    const auto docs = prose(n, 11);
    const Written fore = write_store(dir, docs, false, "fore.store");
    const Written back = write_store(dir, docs, true, "back.store");
    EXPECT_EQ(testing::slurp(back.path), testing::slurp(fore.path)) << n;
    expect_reads_back(back.path, docs);
  }
}

TEST(DocStore, DictionaryKeptOnlyWhenItShrinksTheStore) {
  // Random bytes: nothing to learn, so the store is written without one.
  std::mt19937 rng(5);
  std::vector<StoredDocument> docs;
  for (int d = 0; d < 400; ++d) {
    std::string text(2000, '\0');
    for (char& c : text) c = static_cast<char>(rng());
    docs.push_back({"r" + std::to_string(d), "", text});
  }
  TempDir dir;
  const Written w = write_store(dir, docs);
  EXPECT_EQ(w.dictionary_size, 0u);
  expect_reads_back(w.path, docs);
}

TEST(DocStore, DamagedDictionaryIsCorruption) {
  TempDir dir;
  const auto docs = prose(500, 9);
  const Written w = write_store(dir, docs);
  ASSERT_GT(w.dictionary_size, 100u);
  std::string data = testing::slurp(w.path);
  for (size_t at = kHeaderSize; at < kHeaderSize + w.dictionary_size; at += w.dictionary_size / 7) {
    data[at] = static_cast<char>(data[at] ^ 0x5A);
  }
  testing::spit(w.path, data);
  testing::reseal(w.path);
  auto file = MappedFile::open(w.path, FileKind::kStored);
  ASSERT_TRUE(file.is_ok());
  auto store = DocStoreReader::open(**file);
  ASSERT_TRUE(store.is_ok());
  size_t failed = 0;
  for (uint32_t d = 0; d < docs.size(); d += 10) {
    auto got = (*store)->get(d);
    if (!got.is_ok()) {
      EXPECT_EQ(got.status().code(), StatusCode::kCorruption) << got.status().to_string();
      ++failed;
    } else {
      EXPECT_EQ(got->text, docs[d].text);  // never a wrong text: the frame checksums tell
    }
  }
  EXPECT_GT(failed, 0u);
}

}  // namespace
}  // namespace quarry::internal

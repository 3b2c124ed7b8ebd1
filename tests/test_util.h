// Helpers for tests: temporary directories and small indexes built in memory.
#pragma once

#include <gtest/gtest.h>

#include <xxhash.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "index/index_reader.h"
#include "index/index_writer.h"
#include "query/searcher.h"

namespace quarry::internal::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir() {
    static std::mt19937_64 rng(std::random_device{}());
    path_ = std::filesystem::temp_directory_path() / ("quarry-test-" + std::to_string(rng()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct Doc {
  std::string id, title, text;
};

inline void build_index(const std::string& dir, const std::vector<Doc>& docs, IndexWriterOptions options = {}) {
  auto w = IndexWriter::create(dir, options);
  ASSERT_TRUE(w.is_ok()) << w.status().to_string();
  for (const Doc& d : docs) ASSERT_TRUE((*w)->add(d.id, d.title, d.text).is_ok());
  ASSERT_TRUE((*w)->commit().is_ok());
}

// Ids of the hits of query, best first.
inline std::vector<std::string> hit_ids(const IndexReader& reader, const std::string& query, size_t k = 100) {
  SearchOptions o;
  o.k = k;
  o.snippets = false;
  auto r = Searcher(reader).search(query, o);
  EXPECT_TRUE(r.is_ok()) << query << ": " << r.status().to_string();
  std::vector<std::string> ids;
  if (r.is_ok()) {
    for (const auto& h : r->hits) ids.push_back(h.id);
  }
  return ids;
}

inline std::string source_dir() { return QUARRY_SOURCE_DIR; }

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
inline void spit(const std::string& path, const std::string& data) { std::ofstream(path, std::ios::binary) << data; }

// Recomputes a file's footer checksum after a deliberate edit, as an attacker
// or a buggy writer would: what then finds the damage is not the checksum.
inline void reseal(const std::string& path) {
  std::string data = slurp(path);
  const uint64_t sum = XXH3_64bits(data.data(), data.size() - kFooterSize);
  std::memcpy(data.data() + data.size() - 16, &sum, 8);
  spit(path, data);
}

}  // namespace quarry::internal::testing

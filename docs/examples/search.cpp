// Example: build an index from a few documents, then search it, through
// Quarry's installed C++ library.   usage: search INDEX_DIR QUERY
#include <quarry/index_reader.h>
#include <quarry/index_writer.h>
#include <quarry/searcher.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s INDEX_DIR QUERY\n", argv[0]);
    return 2;
  }
  auto writer = quarry::IndexWriter::create(argv[1]);
  if (!writer.is_ok()) return std::fprintf(stderr, "%s\n", writer.status().to_string().c_str()), 1;
  (*writer)->add({"a", "Civil nuclear cooperation", "Malaysia and the United States sign a memorandum."});
  (*writer)->add({"b", "South China Sea", "Freedom of navigation in the South China Sea."});
  if (auto s = (*writer)->commit(); !s.is_ok()) return std::fprintf(stderr, "%s\n", s.to_string().c_str()), 1;

  auto index = quarry::IndexReader::open(argv[1]);
  if (!index.is_ok()) return std::fprintf(stderr, "%s\n", index.status().to_string().c_str()), 1;
  quarry::Searcher searcher(*index);
  auto results = searcher.search(argv[2]);
  if (!results.is_ok()) return std::fprintf(stderr, "%s\n", results.status().to_string().c_str()), 2;
  for (const auto& hit : results->hits) std::printf("%s\t%.4f\t%s\n", hit.id.c_str(), hit.score, hit.title.c_str());
  // The same search, built in code.
  auto built = searcher.search(quarry::Query::phrase("south china sea"));
  std::printf("phrase hits: %zu\n", built.is_ok() ? built->hits.size() : 0);
  return results->hits.empty() ? 1 : 0;
}

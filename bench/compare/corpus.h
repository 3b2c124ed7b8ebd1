// Reading the corpus: its size, and the stream of normalized documents each
// engine indexes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bench/compare/engine.h"

namespace quarry::internal::compare {

struct CorpusStats {
  uint64_t docs = 0;
  uint64_t bytes = 0;  // uncompressed JSON Lines bytes of those documents, newlines included
};

// True for names DocumentSource reads as JSON Lines (*.jsonl, *.ndjson, *.json, optionally .gz/.zst).
bool is_jsonl_name(const std::string& path);

// Counts the documents (non-blank lines) among the first limit_docs (0: all) and their bytes.
Result<CorpusStats> scan_corpus(const std::string& path, uint64_t limit_docs);

// The first limit_docs (0: all) documents of path, normalized (normalize.h).
Result<std::unique_ptr<DocStream>> open_corpus(const std::string& path, uint64_t limit_docs);

}  // namespace quarry::internal::compare

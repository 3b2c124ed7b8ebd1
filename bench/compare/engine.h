// One search engine under comparison: builds its index from the normalized
// corpus, then answers top-k and count queries. Every engine indexes the same
// space-joined tokens (normalize.h) in one field, and answers the same query
// tree, translated into its own query language.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/query.h"
#include "quarry/status.h"

namespace quarry::internal::compare {

// A document as every engine indexes it: body = normalize_text(title + "\n" + text).
struct NormalizedDoc {
  std::string id;
  std::string body;
};

// The corpus, read once per build (each build runs in its own process).
class DocStream {
 public:
  virtual ~DocStream() = default;
  // Fills doc with the next document; false after the last one.
  virtual Result<bool> next(NormalizedDoc& doc) = 0;
};

// A parsed query with every word normalized, mirroring quarry::analyze_query:
// a word that normalizes to several tokens becomes a phrase, one that
// normalizes to none is dropped, a group of one (non-excluding) clause is
// replaced by that clause.
struct NormClause;
struct NormQuery {
  NodeKind kind = NodeKind::kTerm;
  std::vector<std::string> terms;  // term: one token; phrase: two or more
  std::vector<NormClause> clauses;  // boolean
};
struct NormClause {
  Occur occur = Occur::kShould;
  NormQuery node;
};

struct CompareQuery {
  std::string qid, group;
  std::string text;               // Quarry's query language, as in the query file
  std::optional<NormQuery> tree;  // nullopt: nothing searchable (matches nothing)
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  // Indexes every document of docs into dir, which the caller has emptied.
  // Runs in a child process: may use memory freely, must not print to stdout.
  virtual Status build(DocStream& docs, const std::string& dir) = 0;
  // Threads build() keeps busy.
  virtual int build_threads() const { return 1; }
  // Opens the index built in dir for querying.
  virtual Status open(const std::string& dir) = 0;
  virtual uint64_t doc_count() const = 0;
  // The ids of the best k documents, best first.
  virtual Result<std::vector<std::string>> run_top(const CompareQuery& q, size_t k) = 0;
  // Number of documents matching q.
  virtual Result<uint64_t> run_count(const CompareQuery& q) = 0;
  // Bytes of the opened index on disk (every file under its directory).
  virtual uint64_t index_bytes() const = 0;
};

// stored_ids: return ids read from each engine's stored fields in the timed
// path (Quarry: doc store, Xapian: document data, FTS5: the id column) instead
// of internal document numbers mapped through an id table loaded at open().
struct EngineOptions {
  bool stored_ids = false;
  double xapian_min_normlen = 0.5;
  int quarry_index_threads = 0;  // IndexWriterOptions::threads; 0: Quarry's default
};

std::unique_ptr<Engine> make_quarry_engine(const EngineOptions& options);
std::unique_ptr<Engine> make_xapian_engine(const EngineOptions& options);
std::unique_ptr<Engine> make_fts5_engine(const EngineOptions& options);

// Sum of the sizes of the regular files under path (path itself if a file).
uint64_t disk_bytes(const std::string& path);

}  // namespace quarry::internal::compare

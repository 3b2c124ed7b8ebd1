// Quarry through its library API: IndexWriter, IndexReader, Searcher.
#include <memory>

#include "bench/compare/engine.h"
#include "index/index_reader.h"
#include "index/index_writer.h"
#include "query/searcher.h"

namespace quarry::internal::compare {
namespace {

// SearchOptions::fetch_documents is recent; set it when this Quarry has it.
template <class Options>
void set_fetch_documents(Options& o, bool fetch) {
  if constexpr (requires { o.fetch_documents; }) o.fetch_documents = fetch;
}

class QuarryEngine : public Engine {
 public:
  explicit QuarryEngine(const EngineOptions& options) : options_(options) {}
  std::string name() const override { return "quarry"; }

  Status build(DocStream& docs, const std::string& dir) override {
    IndexWriterOptions o;
    o.analyzer.stem_language = "none";  // the bodies are normalized tokens already
    o.threads = build_threads();
    QUARRY_ASSIGN_OR_RETURN(auto writer, IndexWriter::create(dir, o));
    NormalizedDoc doc;
    for (;;) {
      QUARRY_ASSIGN_OR_RETURN(bool more, docs.next(doc));
      if (!more) break;
      // Everything in the body field: unfielded queries search only the body.
      QUARRY_RETURN_IF_ERROR(writer->add(std::move(doc.id), std::string(), std::move(doc.body)));
    }
    return writer->commit();
  }

  int build_threads() const override {
    return options_.quarry_index_threads > 0 ? options_.quarry_index_threads : IndexWriterOptions().threads;
  }

  Status open(const std::string& dir) override {
    dir_ = dir;
    QUARRY_ASSIGN_OR_RETURN(reader_, IndexReader::open(dir));
    searcher_ = std::make_unique<Searcher>(*reader_);
    ids_.clear();
    ids_.reserve(reader_->doc_count());
    for (DocId d = 0; d < reader_->doc_count(); ++d) {
      QUARRY_ASSIGN_OR_RETURN(StoredDocument stored, reader_->document(d));
      ids_.push_back(std::move(stored.id));
    }
    top_.snippets = false;
    top_.count_matches = false;
    set_fetch_documents(top_, options_.stored_ids);
    return Status::ok();
  }

  uint64_t doc_count() const override { return reader_ ? reader_->doc_count() : 0; }

  Result<std::vector<std::string>> run_top(const CompareQuery& q, size_t k) override {
    top_.k = k;
    QUARRY_ASSIGN_OR_RETURN(SearchResults r, searcher_->search(q.text, top_));
    std::vector<std::string> out;
    out.reserve(r.hits.size());
    for (auto& h : r.hits) out.push_back(options_.stored_ids ? std::move(h.id) : ids_[h.doc]);
    return out;
  }

  Result<uint64_t> run_count(const CompareQuery& q) override { return searcher_->count(q.text); }

  uint64_t index_bytes() const override { return disk_bytes(dir_); }

 private:
  EngineOptions options_;
  std::string dir_;
  std::unique_ptr<IndexReader> reader_;
  std::unique_ptr<Searcher> searcher_;
  SearchOptions top_;
  std::vector<std::string> ids_;  // by global doc id
};

}  // namespace

std::unique_ptr<Engine> make_quarry_engine(const EngineOptions& options) {
  return std::make_unique<QuarryEngine>(options);
}

}  // namespace quarry::internal::compare

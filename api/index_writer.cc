// The public IndexWriter over the engine's writer.
#include "quarry/index_writer.h"

#include "index/index_writer.h"

namespace quarry {

struct IndexWriter::Impl {
  std::unique_ptr<internal::IndexWriter> writer;
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::~IndexWriter() = default;

Result<std::unique_ptr<IndexWriter>> IndexWriter::create(const std::string& directory, const WriterOptions& options) {
  if (options.memory_budget_mb == 0) return Status::invalid_argument("memory_budget_mb must be at least 1");
  if (options.threads < 1) return Status::invalid_argument("threads must be at least 1");
  if (options.zstd_level < 1 || options.zstd_level > 19) return Status::invalid_argument("zstd_level must be 1..19");
  internal::IndexWriterOptions o;
  o.analyzer.stem_language = options.stemming;
  o.flush_bytes = options.memory_budget_mb << 20;
  o.threads = options.threads;
  o.merge_segments = options.merge_segments;
  o.zstd_level = options.zstd_level;
  o.pair_words = options.pair_words;
  QUARRY_ASSIGN_OR_RETURN(auto writer, internal::IndexWriter::create(directory, o));
  auto impl = std::make_unique<Impl>();
  impl->writer = std::move(writer);
  return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(impl)));
}

Status IndexWriter::add(Document d) {
  return impl_->writer->add(std::move(d.id), std::move(d.title), std::move(d.text));
}
Status IndexWriter::commit() { return impl_->writer->commit(); }
uint64_t IndexWriter::documents_added() const { return impl_->writer->summary().documents; }
uint64_t IndexWriter::invalid_utf8_replaced() const { return impl_->writer->summary().invalid_utf8_replaced; }

}  // namespace quarry

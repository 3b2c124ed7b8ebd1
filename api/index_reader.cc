// The public IndexReader over the engine's reader.
#include "quarry/index_reader.h"

#include "api/reader_impl.h"
#include "index/file_format.h"

namespace quarry {

IndexReader::IndexReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexReader::~IndexReader() = default;

Result<std::shared_ptr<const IndexReader>> IndexReader::open(const std::string& directory, const OpenOptions& options) {
  QUARRY_ASSIGN_OR_RETURN(auto reader, internal::IndexReader::open(directory, options.verify_checksums));
  auto impl = std::make_unique<Impl>();
  impl->reader = std::move(reader);
  return std::shared_ptr<const IndexReader>(new IndexReader(std::move(impl)));
}

uint64_t IndexReader::document_count() const { return impl_->reader->doc_count(); }

IndexStats IndexReader::stats() const {
  const internal::IndexReader& r = *impl_->reader;
  IndexStats s;
  s.documents = r.doc_count();
  s.segments = static_cast<uint32_t>(r.segment_count());
  s.average_body_length = r.average_length(internal::Field::kBody);
  s.average_title_length = r.average_length(internal::Field::kTitle);
  s.stemming = r.manifest().analyzer.stem_language;
  s.tokenizer = r.manifest().tokenizer;
  s.format_version = r.manifest().format_version;
  s.pair_words = static_cast<uint32_t>(r.manifest().pair_words.size());
  s.generation = r.manifest().generation;
  for (size_t i = 0; i < r.segment_count(); ++i) {
    const auto& info = r.segment(i).info();
    s.terms += info.term_count;
    s.postings += info.posting_count;
    s.positions += info.position_count;
    const auto bytes = r.segment(i).file_sizes();
    s.dictionary_bytes += bytes.dictionary;
    s.postings_bytes += bytes.postings;
    s.positions_bytes += bytes.positions;
    s.lengths_bytes += bytes.lengths;
    s.stored_bytes += bytes.stored;
  }
  return s;
}

Result<Document> IndexReader::document(uint64_t number) const {
  if (number >= document_count()) return Status::not_found("document " + std::to_string(number) + " does not exist");
  QUARRY_ASSIGN_OR_RETURN(auto stored, impl_->reader->document(static_cast<internal::DocId>(number)));
  return Document{std::move(stored.id), std::move(stored.title), std::move(stored.text)};
}

}  // namespace quarry

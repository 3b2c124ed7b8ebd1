// Corpus statistics and the normalized document stream.
#include "bench/compare/corpus.h"

#include <filesystem>

#include "bench/compare/normalize.h"
#include "index/document_source.h"

namespace quarry::internal::compare {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class NormalizingStream : public DocStream {
 public:
  NormalizingStream(std::unique_ptr<DocumentSource> source, uint64_t limit) : source_(std::move(source)), limit_(limit) {}

  Result<bool> next(NormalizedDoc& doc) override {
    if (limit_ != 0 && read_ >= limit_) return false;
    QUARRY_ASSIGN_OR_RETURN(bool more, source_->next(raw_));
    if (!more) return false;
    ++read_;
    doc.id = std::move(raw_.id);
    raw_.title += '\n';
    raw_.title += raw_.text;
    doc.body = normalize_text(raw_.title);
    return true;
  }

 private:
  std::unique_ptr<DocumentSource> source_;
  uint64_t limit_, read_ = 0;
  SourceDocument raw_;
};

}  // namespace

bool is_jsonl_name(const std::string& path) {
  std::string base = std::filesystem::path(path).filename().string();
  for (const char* z : {".gz", ".zst"}) {
    if (ends_with(base, z)) base.resize(base.size() - std::string(z).size());
  }
  return ends_with(base, ".jsonl") || ends_with(base, ".ndjson") || ends_with(base, ".json");
}

Result<CorpusStats> scan_corpus(const std::string& path, uint64_t limit_docs) {
  QUARRY_ASSIGN_OR_RETURN(auto in, open_input(path));
  CorpusStats stats;
  std::string line;
  while (limit_docs == 0 || stats.docs < limit_docs) {
    QUARRY_ASSIGN_OR_RETURN(bool more, in->read_line(line));
    if (!more) break;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // DocumentSource skips these too
    ++stats.docs;
    stats.bytes += line.size() + 1;
  }
  return stats;
}

Result<std::unique_ptr<DocStream>> open_corpus(const std::string& path, uint64_t limit_docs) {
  QUARRY_ASSIGN_OR_RETURN(auto source, DocumentSource::open({path}));
  return std::unique_ptr<DocStream>(std::make_unique<NormalizingStream>(std::move(source), limit_docs));
}

uint64_t disk_bytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return fs::file_size(path, ec);
  uint64_t total = 0;
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

}  // namespace quarry::internal::compare

// Writes the files of one segment.
#include "index/segment_writer.h"

#include <filesystem>

#include "index/term_files_writer.h"
#include "index/term_keys.h"

namespace quarry::internal {
namespace {

std::string path_of(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

}  // namespace

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::create(const std::string& dir, const std::string& name,
                                                             int zstd_level,
                                                             const std::vector<std::string>& pair_words,
                                                             const std::string* store_dictionary,
                                                             bool background_store) {
  std::unique_ptr<SegmentWriter> w(new SegmentWriter());
  w->inverter_.set_pair_words(&pair_words);
  w->dir_ = dir;
  w->name_ = name;
  w->info_.name = name;
  QUARRY_ASSIGN_OR_RETURN(w->store_file_, FileWriter::create(path_of(dir, name + ".store"), FileKind::kStored));
  w->store_ = std::make_unique<DocStoreWriter>(*w->store_file_, zstd_level, background_store);
  if (store_dictionary != nullptr) QUARRY_RETURN_IF_ERROR(w->store_->use_dictionary(*store_dictionary));
  return w;
}

Status SegmentWriter::add(const AnalyzedDocument& doc) {
  if (doc_count() == kNoMoreDocs - 1) return Status::invalid_argument("too many documents in one segment");
  inverter_.add(doc_count(), doc);
  for (int f = 0; f < kFieldCount; ++f) lengths_[f].push_back(doc.length[f]);
  return store_->add(doc.id, doc.title, doc.text);
}

Result<SegmentInfo> SegmentWriter::finish() {
  for (int f = 0; f < kFieldCount; ++f) {
    for (uint32_t len : lengths_[f]) info_.field_length_sum[f] += len;
  }
  info_.doc_count = doc_count();
  QUARRY_RETURN_IF_ERROR(store_->finish());
  QUARRY_RETURN_IF_ERROR(store_file_->finish());

  QUARRY_ASSIGN_OR_RETURN(auto terms, TermFilesWriter::create(dir_, name_));
  for (const auto& [key, p] : inverter_.sorted_terms()) {
    const auto& lengths = lengths_[static_cast<int>(*key_field(key))];
    QUARRY_RETURN_IF_ERROR(terms->add(key, p->docs, p->freqs, p->positions, lengths, info_));
  }
  inverter_.clear();
  QUARRY_RETURN_IF_ERROR(terms->finish(info_));
  QUARRY_RETURN_IF_ERROR(write_lengths_file(dir_, name_, lengths_));
  return info_;
}

}  // namespace quarry::internal

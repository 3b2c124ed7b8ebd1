// Writes the files of one segment.
#include "index/segment_writer.h"

#include <filesystem>

#include "index/doc_lengths.h"
#include "index/posting_writer.h"
#include "index/term_dictionary.h"

namespace quarry::internal {
namespace {

std::string path_of(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

}  // namespace

Result<std::unique_ptr<SegmentWriter>> SegmentWriter::create(const std::string& dir, const std::string& name,
                                                             int zstd_level) {
  std::unique_ptr<SegmentWriter> w(new SegmentWriter());
  w->dir_ = dir;
  w->name_ = name;
  w->info_.name = name;
  QUARRY_ASSIGN_OR_RETURN(w->store_file_, FileWriter::create(path_of(dir, name + ".store"), FileKind::kStored));
  w->store_ = std::make_unique<DocStoreWriter>(*w->store_file_, zstd_level);
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

  QUARRY_ASSIGN_OR_RETURN(auto dict_file, FileWriter::create(path_of(dir_, name_ + ".dict"), FileKind::kDictionary));
  QUARRY_ASSIGN_OR_RETURN(auto doc_file, FileWriter::create(path_of(dir_, name_ + ".doc"), FileKind::kPostings));
  QUARRY_ASSIGN_OR_RETURN(auto pos_file, FileWriter::create(path_of(dir_, name_ + ".pos"), FileKind::kPositions));
  TermDictionaryWriter dict(*dict_file);
  PostingWriter postings(*doc_file, *pos_file);
  for (const auto& [key, p] : inverter_.sorted_terms()) {
    const auto& lengths = lengths_[static_cast<uint8_t>(key[0])];
    QUARRY_ASSIGN_OR_RETURN(TermInfo info, postings.write(p->docs, p->freqs, p->positions, lengths));
    QUARRY_RETURN_IF_ERROR(dict.add(key, info));
    info_.posting_count += info.df;
    info_.position_count += info.cf;
  }
  info_.term_count = dict.term_count();
  inverter_.clear();
  QUARRY_RETURN_IF_ERROR(dict.finish());
  QUARRY_RETURN_IF_ERROR(dict_file->finish());
  QUARRY_RETURN_IF_ERROR(doc_file->finish());
  QUARRY_RETURN_IF_ERROR(pos_file->finish());

  QUARRY_ASSIGN_OR_RETURN(auto len_file, FileWriter::create(path_of(dir_, name_ + ".len"), FileKind::kLengths));
  QUARRY_RETURN_IF_ERROR(write_doc_lengths(*len_file, lengths_));
  QUARRY_RETURN_IF_ERROR(len_file->finish());
  return info_;
}

}  // namespace quarry::internal

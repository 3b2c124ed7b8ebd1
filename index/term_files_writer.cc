// Creation, term-by-term writing and completion of a segment's term files.
#include "index/term_files_writer.h"

#include <filesystem>

#include "index/doc_lengths.h"

namespace quarry::internal {
namespace {

std::string path_of(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

}  // namespace

Result<std::unique_ptr<TermFilesWriter>> TermFilesWriter::create(const std::string& dir, const std::string& segment) {
  std::unique_ptr<TermFilesWriter> w(new TermFilesWriter());
  QUARRY_ASSIGN_OR_RETURN(w->dict_file_, FileWriter::create(path_of(dir, segment + ".dict"), FileKind::kDictionary));
  QUARRY_ASSIGN_OR_RETURN(w->doc_file_, FileWriter::create(path_of(dir, segment + ".doc"), FileKind::kPostings));
  QUARRY_ASSIGN_OR_RETURN(w->pos_file_, FileWriter::create(path_of(dir, segment + ".pos"), FileKind::kPositions));
  w->dict_ = std::make_unique<TermDictionaryWriter>(*w->dict_file_);
  w->postings_ = std::make_unique<PostingWriter>(*w->doc_file_, *w->pos_file_);
  return w;
}

Status TermFilesWriter::add(std::string_view key, std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
                            std::span<const uint32_t> positions, std::span<const uint32_t> field_lengths,
                            SegmentInfo& info) {
  QUARRY_ASSIGN_OR_RETURN(TermInfo term, postings_->write(docs, freqs, positions, field_lengths));
  return add_entry(key, term, info);
}

Status TermFilesWriter::finish_term(std::string_view key, SegmentInfo& info) {
  QUARRY_ASSIGN_OR_RETURN(TermInfo term, postings_->finish());
  return add_entry(key, term, info);
}

Status TermFilesWriter::add_entry(std::string_view key, const TermInfo& term, SegmentInfo& info) {
  QUARRY_RETURN_IF_ERROR(dict_->add(key, term));
  info.posting_count += term.df;
  info.position_count += term.cf;
  return Status::ok();
}

Status TermFilesWriter::finish(SegmentInfo& info) {
  info.term_count = dict_->term_count();
  QUARRY_RETURN_IF_ERROR(dict_->finish());
  QUARRY_RETURN_IF_ERROR(dict_file_->finish());
  QUARRY_RETURN_IF_ERROR(doc_file_->finish());
  return pos_file_->finish();
}

Status write_lengths_file(const std::string& dir, const std::string& segment,
                          const std::vector<uint32_t> (&lengths)[kFieldCount]) {
  QUARRY_ASSIGN_OR_RETURN(auto file, FileWriter::create(path_of(dir, segment + ".len"), FileKind::kLengths));
  QUARRY_RETURN_IF_ERROR(write_doc_lengths(*file, lengths));
  return file->finish();
}

}  // namespace quarry::internal

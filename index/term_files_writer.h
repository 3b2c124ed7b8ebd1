// Writes a segment's term files (.dict, .doc, .pos) term by term, and its
// lengths file: the part of a segment that SegmentWriter and the merger share.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "index/file_format.h"
#include "index/manifest.h"
#include "index/posting_writer.h"
#include "index/term_dictionary.h"

namespace quarry::internal {

class TermFilesWriter {
 public:
  // Creates <dir>/<segment>.dict, .doc and .pos.
  static Result<std::unique_ptr<TermFilesWriter>> create(const std::string& dir, const std::string& segment);
  // Writes one term's postings and its dictionary entry; counts into info.
  // REQUIRES: keys strictly increasing; the arguments as PostingWriter::write.
  Status add(std::string_view key, std::span<const uint32_t> docs, std::span<const uint32_t> freqs,
             std::span<const uint32_t> positions, std::span<const uint32_t> field_lengths, SegmentInfo& info);
  // The same streamed (PostingWriter::begin, add_block, finish): a merge
  // writes its most frequent words a block of documents at a time.
  void begin_term(uint32_t df) { postings_->begin(df); }
  Status add_block(std::span<const uint32_t> docs, std::span<const uint32_t> freqs, std::span<const uint32_t> positions,
                   std::span<const uint32_t> field_lengths) {
    return postings_->add_block(docs, freqs, positions, field_lengths);
  }
  Status finish_term(std::string_view key, SegmentInfo& info);
  // Finishes and fsyncs the three files; sets info.term_count.
  Status finish(SegmentInfo& info);

 private:
  TermFilesWriter() = default;
  Status add_entry(std::string_view key, const TermInfo& term, SegmentInfo& info);  // the dictionary's, and the counts
  std::unique_ptr<FileWriter> dict_file_, doc_file_, pos_file_;
  std::unique_ptr<TermDictionaryWriter> dict_;
  std::unique_ptr<PostingWriter> postings_;
};

// Writes <dir>/<segment>.len.
Status write_lengths_file(const std::string& dir, const std::string& segment,
                          const std::vector<uint32_t> (&lengths)[kFieldCount]);

}  // namespace quarry::internal

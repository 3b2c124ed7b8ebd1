// K-way merge of segment dictionaries, postings, lengths and stored documents.
#include "index/segment_merger.h"

#include <zstd.h>

#include <filesystem>

#include "index/bytes.h"
#include "index/doc_store.h"
#include "index/term_files_writer.h"
#include "index/term_keys.h"

namespace quarry::internal {
namespace {

std::string path_of(const std::string& dir, const std::string& file) {
  return (std::filesystem::path(dir) / file).string();
}

// Copies the stored documents a block at a time: a build's segments mostly
// share one dictionary, so each block is decompressed, which checks it
// (damage must not be re-sealed), and its records parsed, but not compressed
// again, which cost about as much as compressing every document when it was
// first stored. Blocks of a store with another dictionary are recompressed.
Status copy_stored_documents(const std::vector<const SegmentReader*>& inputs, const std::string* dictionary,
                             DocStoreWriter& out) {
  const std::string chosen = dictionary != nullptr ? *dictionary
                             : inputs.empty()      ? std::string()
                                                   : std::string(inputs[0]->store().dictionary());
  QUARRY_RETURN_IF_ERROR(out.use_dictionary(chosen));
  // One digested copy of the chosen dictionary for every input that has it.
  std::unique_ptr<ZSTD_DDict, size_t (*)(ZSTD_DDict*)> shared(
      chosen.empty() ? nullptr : ZSTD_createDDict(chosen.data(), chosen.size()), ZSTD_freeDDict);
  if (!chosen.empty() && !shared) return Status::invalid_argument("the store dictionary is not a zstd dictionary");
  for (const SegmentReader* seg : inputs) {
    const bool same_dictionary = seg->store().dictionary() == chosen;
    uint32_t expected_first = 0;
    for (uint32_t b = 0; b < seg->store().block_count(); ++b) {
      QUARRY_ASSIGN_OR_RETURN(auto block, seg->store().read_block(b, same_dictionary ? shared.get() : nullptr));
      if (block.first_doc != expected_first) {
        return Status::corruption(seg->info().name + ".store: block " + std::to_string(b) +
                                  " does not follow the one before");
      }
      expected_first += block.doc_count;
      ByteReader r(block.raw);
      for (uint32_t i = 0; i < block.doc_count; ++i) {
        std::string_view id, title, text;
        if (!r.str(id) || !r.str(title) || !r.str(text)) {
          return Status::corruption(seg->info().name + ".store: malformed block " + std::to_string(b));
        }
      }
      if (same_dictionary) {
        QUARRY_RETURN_IF_ERROR(
            out.add_compressed_block(block.doc_count, block.compressed, static_cast<uint32_t>(block.raw.size())));
      } else {
        QUARRY_RETURN_IF_ERROR(out.add_raw_block(block.doc_count, block.raw));
      }
      seg->store_file().release_before(block.file_end);
    }
    if (expected_first != seg->doc_count()) {
      return Status::corruption(seg->info().name + ".store: holds " + std::to_string(expected_first) +
                                " documents, not " + std::to_string(seg->doc_count()));
    }
    seg->store_file().release_all();  // copied whole: hundreds of small inputs would otherwise stay mapped
  }
  return Status::ok();
}

}  // namespace

Result<SegmentInfo> merge_segments(const std::string& dir, const std::vector<const SegmentReader*>& inputs,
                                   const std::string& name, const std::string* store_dictionary, int zstd_level) {
  SegmentInfo info;
  info.name = name;
  std::vector<uint32_t> lengths[kFieldCount];
  std::vector<DocId> bases;
  uint64_t docs = 0;
  for (const SegmentReader* seg : inputs) {
    QUARRY_RETURN_IF_ERROR(seg->lengths().verify_all());  // copied whole: damage must not be re-sealed
    bases.push_back(static_cast<DocId>(docs));
    docs += seg->doc_count();
    for (int f = 0; f < kFieldCount; ++f) {
      info.field_length_sum[f] += seg->info().field_length_sum[f];
      for (uint32_t d = 0; d < seg->doc_count(); ++d) lengths[f].push_back(seg->lengths().length(Field(f), d));
    }
    seg->lengths_file().release_all();  // copied: the pages of a hundred inputs' lengths would stay mapped
  }
  if (docs >= kNoMoreDocs) return Status::invalid_argument("merged segment would exceed the document id range");
  info.doc_count = static_cast<uint32_t>(docs);

  QUARRY_ASSIGN_OR_RETURN(auto store_file, FileWriter::create(path_of(dir, name + ".store"), FileKind::kStored));
  DocStoreWriter store(*store_file, zstd_level);
  QUARRY_RETURN_IF_ERROR(copy_stored_documents(inputs, store_dictionary, store));
  QUARRY_RETURN_IF_ERROR(store.finish());
  QUARRY_RETURN_IF_ERROR(store_file->finish());

  std::vector<TermDictionaryReader::Cursor> lists;  // one streaming cursor per input
  for (const SegmentReader* seg : inputs) {
    QUARRY_ASSIGN_OR_RETURN(auto c, seg->dictionary().cursor());
    lists.push_back(std::move(c));
  }
  QUARRY_ASSIGN_OR_RETURN(auto terms, TermFilesWriter::create(dir, name));
  // A term's postings are written a block of documents at a time as the
  // inputs yield them: memory does not grow with the most frequent word's
  // occurrences (the whole 10M-document corpus's would be gigabytes).
  std::vector<uint32_t> block_docs, block_freqs, block_positions;
  for (;;) {
    const std::string* key = nullptr;  // smallest head key
    for (const auto& l : lists) {
      if (l.valid() && (!key || l.key() < *key)) key = &l.key();
    }
    if (!key) break;
    const std::string current = *key;
    uint64_t df = 0;
    for (const auto& l : lists) {
      if (l.valid() && l.key() == current) df += l.info().df;
    }
    if (df > info.doc_count) return Status::corruption("merge input: a term in more documents than the segments hold");
    const auto& field_lengths = lengths[static_cast<int>(key_field(current).value_or(Field::kBody))];
    // Each input's cursor yields exactly its entry's df postings or reports
    // corruption (PostingCursor::reset refuses a df above its segment's
    // documents), so the blocks below add up to df.
    terms->begin_term(static_cast<uint32_t>(df));
    block_docs.clear();
    block_freqs.clear();
    block_positions.clear();
    const auto flush_block = [&]() -> Status {
      QUARRY_RETURN_IF_ERROR(terms->add_block(block_docs, block_freqs, block_positions, field_lengths));
      block_docs.clear();
      block_freqs.clear();
      block_positions.clear();
      return Status::ok();
    };
    for (size_t i = 0; i < lists.size(); ++i) {
      auto& l = lists[i];
      if (!l.valid() || l.key() != current) continue;
      QUARRY_ASSIGN_OR_RETURN(PostingCursor c, inputs[i]->cursor(l.info()));
      for (; c.doc() != kNoMoreDocs; c.next()) {
        block_docs.push_back(bases[i] + c.doc());
        block_freqs.push_back(c.freq());
        const auto pos = c.positions();
        block_positions.insert(block_positions.end(), pos.begin(), pos.end());
        if (block_docs.size() == kBlockSize) QUARRY_RETURN_IF_ERROR(flush_block());
      }
      QUARRY_RETURN_IF_ERROR(c.error());
      // Terms are laid out in key order, so everything before this one is done.
      inputs[i]->postings_file().release_before(l.info().doc_offset);
      inputs[i]->positions_file().release_before(l.info().pos_offset);
      QUARRY_RETURN_IF_ERROR(l.next());
    }
    if (!block_docs.empty()) QUARRY_RETURN_IF_ERROR(flush_block());
    QUARRY_RETURN_IF_ERROR(terms->finish_term(current, info));
  }
  QUARRY_RETURN_IF_ERROR(terms->finish(info));
  QUARRY_RETURN_IF_ERROR(write_lengths_file(dir, name, lengths));
  return info;
}

}  // namespace quarry::internal

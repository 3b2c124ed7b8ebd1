// Merges segments into one, streaming term by term: postings are re-encoded
// with renumbered doc ids (segment i follows segment i - 1), lengths are
// concatenated and stored documents copied in order, a compressed block at a
// time (recompressed when an input used another dictionary). The result is
// the segment one SegmentWriter would have written for all the documents, but
// for where the stored documents' blocks end.
#pragma once

#include <string>
#include <vector>

#include "index/manifest.h"
#include "index/segment_reader.h"

namespace quarry::internal {

// Writes segment `name` in dir from inputs, in order. Memory: the lengths, one
// dictionary block per input, and of the term being merged its encoded doc
// blocks and skip table (a few bytes per document) and one block of 128
// documents' postings and positions. The
// stored documents are compressed with store_dictionary (null: the first
// input's): blocks compressed with it are copied, the others' recompressed at
// zstd_level (the build's, as its segments were).
Result<SegmentInfo> merge_segments(const std::string& dir, const std::vector<const SegmentReader*>& inputs,
                                   const std::string& name, const std::string* store_dictionary = nullptr,
                                   int zstd_level = 6);

}  // namespace quarry::internal

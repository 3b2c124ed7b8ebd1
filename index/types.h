// Basic identifiers shared by the indexer and the query engine.
#pragma once

#include <cstdint>
#include <limits>

namespace quarry::internal {

using DocId = uint32_t;  // dense, per segment, starting at 0
inline constexpr DocId kNoMoreDocs = std::numeric_limits<DocId>::max();

// Fields with their own postings and lengths. The id is the first byte of every
// dictionary key, so one dictionary serves all fields.
enum class Field : uint8_t { kBody = 0, kTitle = 1 };
inline constexpr int kFieldCount = 2;

}  // namespace quarry::internal

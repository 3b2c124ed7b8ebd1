// The query tree: terms, phrases and boolean combinations with Lucene-style
// occurrences (+must, should, -must_not).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/types.h"
#include "query/leaf_vector.h"

namespace quarry::internal {

enum class NodeKind { kTerm, kPhrase, kBoolean };
enum class Occur { kShould, kMust, kMustNot };

struct QueryNode;
struct Clause {
  Occur occur = Occur::kShould;
  std::unique_ptr<QueryNode> node;
};

// A query's nodes hold a handful of clauses and words: inline, not on the heap.
using Clauses = LeafVector<Clause>;

struct QueryNode {
  NodeKind kind = NodeKind::kTerm;
  Field field = Field::kBody;
  std::string text;                 // term/phrase: the words as the user wrote them
  LeafVector<std::string> terms;    // term/phrase after analysis (empty before)
  LeafVector<uint32_t> offsets;     // phrase after analysis: position of each term relative to the first
  Clauses clauses;                  // boolean

  static std::unique_ptr<QueryNode> term(Field f, std::string text);
  static std::unique_ptr<QueryNode> phrase(Field f, std::string text);
  static std::unique_ptr<QueryNode> boolean(Clauses clauses);
};

// Boolean groups nest at most this deep: parentheses in the query language,
// all_of / any_of levels in a built query. Analysis, planning and evaluation
// recurse over the tree, so a bound keeps a hostile query from exhausting the
// stack (Elasticsearch bounds nested boolean queries at 30 the same way).
inline constexpr size_t kMaxQueryNesting = 32;

// Canonical text of a tree, for tests and --explain: (+a b -c), "a b", title:x.
// Uses analyzed terms when present, else the raw text.
std::string to_string(const QueryNode& node);

}  // namespace quarry::internal

// The representation behind quarry::Query, and its translation to the engine's query tree.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "query/query.h"
#include "quarry/query.h"

namespace quarry {

struct Query::Node {
  internal::NodeKind kind = internal::NodeKind::kTerm;
  Field field = Field::kBody;
  std::string text;  // term or phrase words
  std::vector<std::pair<internal::Occur, std::shared_ptr<const Node>>> clauses;  // boolean
  size_t nesting = 0;  // boolean levels from here to the deepest leaf (0 for a leaf)

  Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  // Iterative: a query built a million any_of levels deep must not take
  // a million nested destructor calls to free.
  ~Node();
};

// A fresh engine query tree (words not yet analyzed) for query.
std::unique_ptr<internal::QueryNode> to_engine_tree(const Query::Node& node);

}  // namespace quarry

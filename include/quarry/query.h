// Queries built in code, as an alternative to the query language. Words are
// analyzed like query text (case folding, stemming), so Query::term("Cooperation")
// matches what the query "Cooperation" matches. Part of Quarry's public API.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace quarry {

enum class Field { kBody, kTitle };

class Query {
 public:
  // A word; if it analyzes to several terms (e.g. "U.S.-ASEAN") it is a phrase.
  static Query term(std::string word, Field field = Field::kBody);
  // Words that must occur consecutively, in order.
  static Query phrase(std::string words, Field field = Field::kBody);
  // Every part must match; scores add up.
  static Query all_of(std::vector<Query> parts);
  // Any part may match; documents are ranked by the sum of the parts that match.
  static Query any_of(std::vector<Query> parts);
  // Documents matching required; optional parts only add to the score.
  static Query required_with_optional(Query required, std::vector<Query> optional);
  // Documents matching positive and not excluded.
  static Query excluding(Query positive, Query excluded);

  // The query in Quarry's query language (for logs and tests).
  std::string to_string() const;

  struct Node;  // the tree; opaque to users
  const Node& node() const { return *node_; }

 private:
  explicit Query(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
  std::shared_ptr<const Node> node_;
};

}  // namespace quarry

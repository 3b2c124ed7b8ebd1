// Queries built in code.
#include "quarry/query.h"

#include <algorithm>

#include "api/query_node.h"

namespace quarry {
namespace {

std::shared_ptr<Query::Node> leaf(internal::NodeKind kind, std::string text, Field field) {
  auto n = std::make_shared<Query::Node>();
  n->kind = kind;
  n->text = std::move(text);
  n->field = field;
  return n;
}

// The boolean node's nesting, from its clauses' (each computed when built).
std::shared_ptr<Query::Node> with_nesting(std::shared_ptr<Query::Node> n) {
  for (const auto& [occur, child] : n->clauses) n->nesting = std::max(n->nesting, child->nesting + 1);
  if (n->clauses.empty()) n->nesting = 1;
  return n;
}

}  // namespace

Query Query::term(std::string word, Field field) { return Query(leaf(internal::NodeKind::kTerm, std::move(word), field)); }
Query Query::phrase(std::string words, Field field) {
  return Query(leaf(internal::NodeKind::kPhrase, std::move(words), field));
}

Query Query::all_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  for (auto& p : parts) n->clauses.emplace_back(internal::Occur::kMust, p.node_);
  return Query(with_nesting(std::move(n)));
}

Query Query::any_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  for (auto& p : parts) n->clauses.emplace_back(internal::Occur::kShould, p.node_);
  return Query(with_nesting(std::move(n)));
}

Query Query::required_with_optional(Query required, std::vector<Query> optional) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  n->clauses.emplace_back(internal::Occur::kMust, required.node_);
  for (auto& p : optional) n->clauses.emplace_back(internal::Occur::kShould, p.node_);
  return Query(with_nesting(std::move(n)));
}

Query Query::excluding(Query positive, Query excluded) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  n->clauses.emplace_back(internal::Occur::kMust, positive.node_);
  n->clauses.emplace_back(internal::Occur::kMustNot, excluded.node_);
  return Query(with_nesting(std::move(n)));
}

Query::Node::~Node() {
  std::vector<std::shared_ptr<const Node>> pending;
  for (auto& clause : clauses) pending.push_back(std::move(clause.second));
  while (!pending.empty()) {
    std::shared_ptr<const Node> node = std::move(pending.back());
    pending.pop_back();
    // The last owner takes the children before the node goes, so that its
    // destructor finds none to recurse into (nodes are made mutable, shared const).
    if (node.use_count() == 1) {
      for (auto& clause : const_cast<Node&>(*node).clauses) pending.push_back(std::move(clause.second));
    }
  }
}

std::string Query::to_string() const {
  if (node_->nesting > internal::kMaxQueryNesting) return "(query nested deeper than the search limit)";
  return internal::to_string(*to_engine_tree(*node_));
}

std::unique_ptr<internal::QueryNode> to_engine_tree(const Query::Node& node) {
  const auto field = node.field == Field::kTitle ? internal::Field::kTitle : internal::Field::kBody;
  switch (node.kind) {
    case internal::NodeKind::kTerm: return internal::QueryNode::term(field, node.text);
    case internal::NodeKind::kPhrase: return internal::QueryNode::phrase(field, node.text);
    case internal::NodeKind::kBoolean: break;
  }
  internal::Clauses clauses;
  for (const auto& [occur, child] : node.clauses) clauses.push_back({occur, to_engine_tree(*child)});
  return internal::QueryNode::boolean(std::move(clauses));
}

}  // namespace quarry

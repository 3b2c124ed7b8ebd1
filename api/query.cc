// Queries built in code.
#include "quarry/query.h"

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

}  // namespace

Query Query::term(std::string word, Field field) { return Query(leaf(internal::NodeKind::kTerm, std::move(word), field)); }
Query Query::phrase(std::string words, Field field) {
  return Query(leaf(internal::NodeKind::kPhrase, std::move(words), field));
}

Query Query::all_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  for (auto& p : parts) n->clauses.emplace_back(internal::Occur::kMust, p.node_);
  return Query(n);
}

Query Query::any_of(std::vector<Query> parts) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  for (auto& p : parts) n->clauses.emplace_back(internal::Occur::kShould, p.node_);
  return Query(n);
}

Query Query::required_with_optional(Query required, std::vector<Query> optional) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  n->clauses.emplace_back(internal::Occur::kMust, required.node_);
  for (auto& p : optional) n->clauses.emplace_back(internal::Occur::kShould, p.node_);
  return Query(n);
}

Query Query::excluding(Query positive, Query excluded) {
  auto n = std::make_shared<Node>();
  n->kind = internal::NodeKind::kBoolean;
  n->clauses.emplace_back(internal::Occur::kMust, positive.node_);
  n->clauses.emplace_back(internal::Occur::kMustNot, excluded.node_);
  return Query(n);
}

std::string Query::to_string() const { return internal::to_string(*to_engine_tree(*node_)); }

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

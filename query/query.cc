// Construction and printing of query trees.
#include "query/query.h"

namespace quarry::internal {

std::unique_ptr<QueryNode> QueryNode::term(Field f, std::string text) {
  auto n = std::make_unique<QueryNode>();
  n->kind = NodeKind::kTerm;
  n->field = f;
  n->text = std::move(text);
  return n;
}

std::unique_ptr<QueryNode> QueryNode::phrase(Field f, std::string text) {
  auto n = term(f, std::move(text));
  n->kind = NodeKind::kPhrase;
  return n;
}

std::unique_ptr<QueryNode> QueryNode::boolean(Clauses clauses) {
  auto n = std::make_unique<QueryNode>();
  n->kind = NodeKind::kBoolean;
  n->clauses = std::move(clauses);
  return n;
}

std::string to_string(const QueryNode& node) {
  const std::string prefix = node.field == Field::kTitle ? "title:" : "";
  auto joined = [&] {
    if (node.terms.empty()) return node.text;
    std::string s;
    for (const auto& t : node.terms) s += (s.empty() ? "" : " ") + t;
    return s;
  };
  switch (node.kind) {
    case NodeKind::kTerm:
      return prefix + joined();
    case NodeKind::kPhrase:
      return prefix + "\"" + joined() + "\"";
    case NodeKind::kBoolean: {
      std::string s = "(";
      for (size_t i = 0; i < node.clauses.size(); ++i) {
        if (i) s += ' ';
        const Clause& c = node.clauses[i];
        s += c.occur == Occur::kMust ? "+" : c.occur == Occur::kMustNot ? "-" : "";
        s += to_string(*c.node);
      }
      return s + ")";
    }
  }
  return {};
}

}  // namespace quarry::internal

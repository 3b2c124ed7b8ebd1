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

namespace {

// Appends into one string: the canonical form is built on every search (the
// results carry it), so it makes no temporary strings.
void append_words(const QueryNode& node, std::string& out) {
  if (node.terms.empty()) {
    out += node.text;
    return;
  }
  for (size_t i = 0; i < node.terms.size(); ++i) {
    if (i) out += ' ';
    out += node.terms[i];
  }
}

void append_query(const QueryNode& node, std::string& out) {
  if (node.kind != NodeKind::kBoolean && node.field == Field::kTitle) out += "title:";
  switch (node.kind) {
    case NodeKind::kTerm:
      append_words(node, out);
      return;
    case NodeKind::kPhrase:
      out += '"';
      append_words(node, out);
      out += '"';
      return;
    case NodeKind::kBoolean:
      out += '(';
      for (size_t i = 0; i < node.clauses.size(); ++i) {
        if (i) out += ' ';
        const Clause& c = node.clauses[i];
        if (c.occur != Occur::kShould) out += c.occur == Occur::kMust ? '+' : '-';
        append_query(*c.node, out);
      }
      out += ')';
      return;
  }
}

}  // namespace

std::string to_string(const QueryNode& node) {
  std::string out;
  append_query(node, out);
  return out;
}

}  // namespace quarry::internal

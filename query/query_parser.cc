// Lexer and recursive-descent parser for the query language; query analysis.
#include "query/query_parser.h"

#include <algorithm>
#include <span>
#include <vector>

namespace quarry::internal {
namespace {

enum class Tok { kWord, kPhrase, kField, kLParen, kRParen, kPlus, kMinus, kAnd, kOr, kNot, kEnd };

struct Token {
  Tok kind;
  std::string_view text;  // into the query, which outlives the tokens
  Field field = Field::kBody;
  size_t column;  // 1-based byte column in the query
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool ends_word(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

QUARRY_COLD Status error_at(size_t column, const std::string& what) {
  return Status::invalid_argument("query error at column " + std::to_string(column) + ": " + what);
}

// The operator a word spells, if any: the lexer's tokens, and the words the
// simple parser leaves to the grammar.
bool operator_word(std::string_view word, Tok& op) {
  if (word == "AND" || word == "&&") op = Tok::kAnd;
  else if (word == "OR" || word == "||") op = Tok::kOr;
  else if (word == "NOT") op = Tok::kNot;
  else return false;
  return true;
}

bool field_named(std::string_view name, Field& field) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "title") field = Field::kTitle;
  else if (lower == "body" || lower == "text") field = Field::kBody;
  else return false;
  return true;
}

// Inline up to a usual query's tokens; a long query's grow on the heap.
using Tokens = LeafVector<Token, 16>;

// Fills out (in place: inline tokens are copied when moved).
Status lex(std::string_view q, Tokens& out) {
  size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    const size_t col = i + 1;
    if (is_space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Tok::kLParen : Tok::kRParen, q.substr(i, 1), Field::kBody, col});
      ++i;
    } else if (c == '"') {
      const size_t close = q.find('"', i + 1);
      if (close == std::string_view::npos) return error_at(col, "unbalanced quote (no closing \")");
      out.push_back({Tok::kPhrase, q.substr(i + 1, close - i - 1), Field::kBody, col});
      i = close + 1;
    } else if ((c == '+' || c == '-') && (out.empty() || out.back().kind != Tok::kField)) {
      if (i + 1 >= q.size() || is_space(q[i + 1]) || q[i + 1] == ')') {
        return error_at(col, std::string("'") + c + "' must be followed by a term");
      }
      out.push_back({c == '+' ? Tok::kPlus : Tok::kMinus, q.substr(i, 1), Field::kBody, col});
      ++i;
    } else {
      size_t end = i;
      while (end < q.size() && !ends_word(q[end])) ++end;
      const std::string_view word = q.substr(i, end - i);
      i = end;
      Field field;
      const size_t colon = word.find(':');
      Tok op;
      if (operator_word(word, op)) {
        out.push_back({op, word, Field::kBody, col});
      } else if (colon != std::string_view::npos && colon > 0 && field_named(word.substr(0, colon), field)) {
        out.push_back({Tok::kField, word.substr(0, colon), field, col});
        if (colon + 1 < word.size()) {
          out.push_back({Tok::kWord, word.substr(colon + 1), Field::kBody, col + colon + 1});
        } else if (i >= q.size() || is_space(q[i]) || q[i] == ')') {
          return error_at(col, "field '" + std::string(word) + "' must be followed by a term, phrase or group");
        }
      } else {
        out.push_back({Tok::kWord, word, Field::kBody, col});
      }
    }
  }
  out.push_back({Tok::kEnd, "", Field::kBody, q.size() + 1});
  return Status::ok();
}

std::string describe(const Token& t) {
  switch (t.kind) {
    case Tok::kEnd: return "end of query";
    case Tok::kRParen: return "')'";
    default: return "'" + std::string(t.text) + "'";
  }
}

// Each rule fills its result in place (out parameters): a query's clauses live
// inline (Clauses), so returning them by value copied them at every level of
// the grammar, a third of a one-word query's parse.
class Parser {
 public:
  explicit Parser(std::span<const Token> tokens) : toks_(tokens) {}

  Status parse(std::unique_ptr<QueryNode>& out) {
    Clauses clauses;
    QUARRY_RETURN_IF_ERROR(clause_list(clauses));
    if (peek().kind == Tok::kRParen) return error_at(peek().column, "unbalanced ')' (no matching '(')");
    if (peek().kind != Tok::kEnd) return error_at(peek().column, "unexpected " + describe(peek()));
    out = collapse(clauses);
    return Status::ok();
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  const Token& take() { return toks_[pos_++]; }

  static std::unique_ptr<QueryNode> collapse(Clauses& clauses) {
    if (clauses.size() == 1 && clauses[0].occur == Occur::kShould) return std::move(clauses[0].node);
    return QueryNode::boolean(std::move(clauses));
  }

  Status clause_list(Clauses& clauses) {
    while (peek().kind != Tok::kEnd && peek().kind != Tok::kRParen) {
      QUARRY_RETURN_IF_ERROR(or_expr(clauses.emplace_back()));
    }
    if (clauses.empty()) {
      return peek().kind == Tok::kEnd && pos_ == 0 ? Status::invalid_argument("empty query")
                                                   : error_at(peek().column, "expected a term before " + describe(peek()));
    }
    return Status::ok();
  }

  // Parses operands joined by op into out; each operand's occurrence maps through as_member.
  template <class Operand>
  Status chain(Tok op, Occur member_occur, Clause& out, Operand operand) {
    QUARRY_RETURN_IF_ERROR(operand(out));
    if (peek().kind != op) return Status::ok();
    Clauses members;
    auto add = [&](Clause& c) {
      if (c.occur == Occur::kShould) c.occur = member_occur;
      members.push_back(std::move(c));
    };
    add(out);
    while (peek().kind == op) {
      const Token& t = take();
      const Tok next = peek().kind;
      if (next == Tok::kEnd || next == Tok::kRParen || next == Tok::kAnd || next == Tok::kOr) {
        return error_at(t.column, "'" + std::string(t.text) + "' needs a term after it");
      }
      Clause c;
      QUARRY_RETURN_IF_ERROR(operand(c));
      add(c);
    }
    out = Clause{Occur::kShould, QueryNode::boolean(std::move(members))};
    return Status::ok();
  }

  Status or_expr(Clause& out) {
    return chain(Tok::kOr, Occur::kShould, out, [this](Clause& c) { return and_expr(c); });
  }
  Status and_expr(Clause& out) {
    return chain(Tok::kAnd, Occur::kMust, out, [this](Clause& c) { return unary(c); });
  }

  Status unary(Clause& out) {
    size_t nots = 0;  // counted, not recursed: a long run of NOTs must not grow the stack
    while (peek().kind == Tok::kNot) {
      const Token& t = take();
      if (peek().kind == Tok::kEnd || peek().kind == Tok::kRParen || peek().kind == Tok::kAnd || peek().kind == Tok::kOr) {
        return error_at(t.column, "'NOT' needs a term after it");
      }
      ++nots;
    }
    QUARRY_RETURN_IF_ERROR(signed_primary(out));
    for (; nots > 0; --nots) out.occur = out.occur == Occur::kMustNot ? Occur::kShould : Occur::kMustNot;  // NOT -a == a
    return Status::ok();
  }

  Status signed_primary(Clause& out) {
    const Token& t = peek();
    if (t.kind == Tok::kPlus || t.kind == Tok::kMinus) {
      take();
      out.occur = t.kind == Tok::kPlus ? Occur::kMust : Occur::kMustNot;
      return primary(Field::kBody, out.node);
    }
    out.occur = Occur::kShould;
    return primary(Field::kBody, out.node);
  }

  Status primary(Field field, std::unique_ptr<QueryNode>& out) {
    Token t = take();
    for (; t.kind == Tok::kField; t = take()) field = t.field;  // title:title:x: the last prefix
    switch (t.kind) {
      case Tok::kWord: out = QueryNode::term(field, std::string(t.text)); return Status::ok();
      case Tok::kPhrase: out = QueryNode::phrase(field, std::string(t.text)); return Status::ok();
      case Tok::kLParen: {
        if (peek().kind == Tok::kRParen) return error_at(t.column, "empty parentheses");
        if (depth_ == kMaxQueryNesting) {
          return error_at(t.column, "parentheses nest deeper than " + std::to_string(kMaxQueryNesting) + " levels");
        }
        Clauses clauses;
        ++depth_;
        QUARRY_RETURN_IF_ERROR(clause_list(clauses));
        --depth_;
        if (peek().kind != Tok::kRParen) return error_at(t.column, "unbalanced '(' (no matching ')')");
        take();
        out = collapse(clauses);
        if (field != Field::kBody) set_field(*out, field);
        return Status::ok();
      }
      case Tok::kRParen: return error_at(t.column, "unbalanced ')' (no matching '(')");
      case Tok::kEnd: return error_at(t.column, "query ends where a term was expected");
      default: return error_at(t.column, "'" + std::string(t.text) + "' needs a term before it");
    }
  }

  static void set_field(QueryNode& n, Field f) {
    n.field = f;
    for (auto& c : n.clauses) set_field(*c.node, f);
  }

  std::span<const Token> toks_;
  size_t pos_ = 0;
  size_t depth_ = 0;  // parenthesized groups open around the current token
};

// Analyzes in place; returns false when the node has nothing left to match.
bool analyze_node(QueryNode& n, Analyzer& analyzer) {
  if (n.kind == NodeKind::kBoolean) {
    Clauses kept;
    for (auto& c : n.clauses) {
      if (analyze_node(*c.node, analyzer)) kept.push_back(std::move(c));
    }
    n.clauses = std::move(kept);
    if (n.clauses.size() == 1 && n.clauses[0].occur != Occur::kMustNot) {
      std::unique_ptr<QueryNode> only = std::move(n.clauses[0].node);  // (a) is a
      n = std::move(*only);
    }
    return !n.clauses.empty() || n.kind != NodeKind::kBoolean;
  }
  n.terms.clear();
  n.offsets.clear();
  analyzer.analyze(n.text, [&](const quarry::internal::Token& t) {
    n.terms.emplace_back(t.term);
    n.offsets.push_back(t.position);
  });
  if (n.terms.empty()) return false;
  n.kind = n.terms.size() == 1 ? NodeKind::kTerm : NodeKind::kPhrase;
  return true;
}

bool only_excludes(const QueryNode& n) {
  if (n.kind != NodeKind::kBoolean) return false;
  for (const auto& c : n.clauses) {
    if (c.occur != Occur::kMustNot) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<QueryNode> parse_simple_query(std::string_view text) {
  Clauses clauses;
  size_t i = 0;
  for (;;) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i == text.size()) break;
    Occur occur = Occur::kShould;
    if (text[i] == '+' || text[i] == '-') occur = text[i++] == '+' ? Occur::kMust : Occur::kMustNot;
    const size_t begin = i;
    while (i < text.size() && ((text[i] >= 'a' && text[i] <= 'z') || (text[i] >= 'A' && text[i] <= 'Z') ||
                               (text[i] >= '0' && text[i] <= '9'))) {
      ++i;
    }
    if (i == begin || (i < text.size() && !is_space(text[i]))) return nullptr;  // not a bare word
    const std::string_view word = text.substr(begin, i - begin);
    if (Tok op; operator_word(word, op)) return nullptr;  // operators: the grammar's
    clauses.push_back({occur, QueryNode::term(Field::kBody, std::string(word))});
  }
  if (clauses.empty()) return nullptr;  // the grammar reports an empty query
  if (clauses.size() == 1 && clauses[0].occur == Occur::kShould) return std::move(clauses[0].node);
  return QueryNode::boolean(std::move(clauses));
}

Result<std::unique_ptr<QueryNode>> parse_query(std::string_view text) {
  Tokens tokens;
  QUARRY_RETURN_IF_ERROR(lex(text, tokens));
  std::unique_ptr<QueryNode> tree;
  QUARRY_RETURN_IF_ERROR(Parser(tokens).parse(tree));
  return tree;
}

Result<std::unique_ptr<QueryNode>> analyze_query(std::unique_ptr<QueryNode> tree, Analyzer& analyzer) {
  if (!analyze_node(*tree, analyzer)) return std::unique_ptr<QueryNode>();
  if (only_excludes(*tree)) {
    return Status::invalid_argument("the query only excludes terms; add a term or phrase to match");
  }
  return tree;
}

}  // namespace quarry::internal

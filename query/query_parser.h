// Parses Quarry's query language into a QueryNode tree, and analyzes the
// words of a parsed tree into index terms.
//
//   query   := clause+
//   clause  := or ; or := and ("OR" and)* ; and := unary ("AND" unary)*
//   unary   := "NOT" unary | "+" primary | "-" primary | primary
//   primary := WORD | "\"" words "\"" | "(" clause+ ")" | FIELD ":" primary
//
// Juxtaposed clauses are optional (BM25-ranked OR) unless marked + or -.
// FIELD is "title" or "body"; any other "x:y" is an ordinary word.
#pragma once

#include <memory>
#include <string_view>

#include "index/analyzer.h"
#include "query/query.h"
#include "quarry/status.h"

namespace quarry::internal {

// InvalidArgument with "column N: ..." on a syntax error; never throws.
Result<std::unique_ptr<QueryNode>> parse_query(std::string_view text);

// The commonest shapes of query, parsed without the grammar: bare words
// (ASCII letters and digits, not AND, OR or NOT), each optionally prefixed by +
// or -, between spaces (`a`, `a b`, `+a +b`, `+a -b`, `+a b`). Returns the tree
// parse_query would make, or nullptr for anything else (parse_query then
// decides). A short query's code path is most of its time when other kinds of
// queries run in between (docs/performance.md).
std::unique_ptr<QueryNode> parse_simple_query(std::string_view text);

// Replaces the words of every term and phrase by their analyzed terms. A word
// that analyzes to several terms (e.g. "U.S.-ASEAN") becomes a phrase; one
// that analyzes to none is dropped. Returns nullptr when nothing is left to
// match. InvalidArgument when the query only excludes documents.
Result<std::unique_ptr<QueryNode>> analyze_query(std::unique_ptr<QueryNode> tree, Analyzer& analyzer);

}  // namespace quarry::internal

// The one tokenization every engine of the comparison sees: lowercase, then
// runs of letters and digits. Documents are normalized to space-joined tokens
// before indexing and query words through the same function, so Quarry, Xapian
// and FTS5 index and search identical terms. Matches bench/make_queries.py
// (Python's re.findall(r'[^\W_]+', text.lower())) for ASCII text, and for other
// scripts up to Python's special full case mappings.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/compare/engine.h"

namespace quarry::internal::compare {

// Calls sink for every token of utf8 in order. Letters and digits are Unicode
// general categories L* and N*; ASCII and other letters are lowercased (simple
// case mapping); invalid UTF-8 separates tokens like punctuation.
void for_each_token(std::string_view utf8, const std::function<void(std::string_view)>& sink);

std::vector<std::string> tokenize(std::string_view utf8);

// Tokens joined by single spaces.
std::string normalize_text(std::string_view utf8);

// Normalizes the raw words of a parse_query tree (see NormQuery). nullopt when
// nothing is left to match; InvalidArgument when the query only excludes
// documents (as Quarry reports it) or names a field: every engine indexes one
// field, so title:/body: cannot be compared.
Result<std::optional<NormQuery>> normalize_query(const QueryNode& raw);

// Canonical text of a normalized tree, for messages: (+a "b c" -d).
std::string to_string(const NormQuery& q);

}  // namespace quarry::internal::compare

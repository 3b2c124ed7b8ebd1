// Lowercase + split on non-alphanumerics; see normalize.h.
#include "bench/compare/normalize.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace quarry::internal::compare {

void for_each_token(std::string_view utf8, const std::function<void(std::string_view)>& sink) {
  std::string token;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t n = static_cast<int32_t>(utf8.size());
  auto emit = [&] {
    if (!token.empty()) sink(token);
    token.clear();
  };
  int32_t i = 0;
  while (i < n) {
    const uint8_t b = s[i];
    if (b < 0x80) {  // ASCII fast path
      ++i;
      if (b >= 'A' && b <= 'Z') {
        token += static_cast<char>(b - 'A' + 'a');
      } else if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')) {
        token += static_cast<char>(b);
      } else {
        emit();
      }
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      emit();
      continue;
    }
    c = u_tolower(c);
    if ((U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) == 0) {
      emit();
      continue;
    }
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, c);
    token.append(buf, static_cast<size_t>(len));
  }
  emit();
}

std::vector<std::string> tokenize(std::string_view utf8) {
  std::vector<std::string> out;
  for_each_token(utf8, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

std::string normalize_text(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for_each_token(utf8, [&](std::string_view t) {
    if (!out.empty()) out += ' ';
    out.append(t);
  });
  return out;
}

}  // namespace quarry::internal::compare

namespace quarry::internal::compare {
namespace {

// Mirrors analyze_node in query/query_parser.cc.
Result<bool> normalize_node(const QueryNode& raw, NormQuery& out) {
  if (raw.field != Field::kBody) {
    return Status::invalid_argument("field queries (title:...) are not comparable: every engine indexes one field");
  }
  if (raw.kind == NodeKind::kBoolean) {
    out.kind = NodeKind::kBoolean;
    for (const Clause& c : raw.clauses) {
      NormClause nc;
      nc.occur = c.occur;
      QUARRY_ASSIGN_OR_RETURN(bool kept, normalize_node(*c.node, nc.node));
      if (kept) out.clauses.push_back(std::move(nc));
    }
    if (out.clauses.size() == 1 && out.clauses[0].occur != Occur::kMustNot) {
      NormQuery only = std::move(out.clauses[0].node);
      out = std::move(only);
    }
    return out.kind != NodeKind::kBoolean || !out.clauses.empty();
  }
  out.terms = tokenize(raw.text);
  out.kind = out.terms.size() == 1 ? NodeKind::kTerm : NodeKind::kPhrase;
  return !out.terms.empty();
}

}  // namespace

Result<std::optional<NormQuery>> normalize_query(const QueryNode& raw) {
  NormQuery q;
  QUARRY_ASSIGN_OR_RETURN(bool kept, normalize_node(raw, q));
  if (!kept) return std::optional<NormQuery>();
  if (q.kind == NodeKind::kBoolean) {
    bool positive = false;
    for (const auto& c : q.clauses) positive = positive || c.occur != Occur::kMustNot;
    if (!positive) return Status::invalid_argument("the query only excludes terms");
  }
  return std::optional<NormQuery>(std::move(q));
}

std::string to_string(const NormQuery& q) {
  std::string out;
  switch (q.kind) {
    case NodeKind::kTerm: return q.terms[0];
    case NodeKind::kPhrase:
      out = "\"";
      for (size_t i = 0; i < q.terms.size(); ++i) out += (i ? " " : "") + q.terms[i];
      return out + "\"";
    case NodeKind::kBoolean:
      out = "(";
      for (size_t i = 0; i < q.clauses.size(); ++i) {
        if (i) out += ' ';
        if (q.clauses[i].occur == Occur::kMust) out += '+';
        if (q.clauses[i].occur == Occur::kMustNot) out += '-';
        out += to_string(q.clauses[i].node);
      }
      return out + ")";
  }
  return out;
}

}  // namespace quarry::internal::compare

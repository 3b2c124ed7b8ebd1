// Table-driven tests of the query grammar and its error messages.
#include "query/query_parser.h"

#include <gtest/gtest.h>

#include <random>

namespace quarry::internal {
namespace {

std::string parsed(const std::string& q) {
  auto r = parse_query(q);
  if (!r.is_ok()) return "ERROR " + r.status().message();
  return to_string(**r);
}

TEST(QueryParser, Grammar) {
  const std::pair<const char*, const char*> cases[] = {
      {"a", "a"},
      {"a b", "(a b)"},
      {"a -b", "(a -b)"},
      {"+a b", "(+a b)"},
      {"a AND b", "(+a +b)"},
      {"a OR b", "(a b)"},
      {"a AND b OR c", "((+a +b) c)"},
      {"a OR b AND c", "(a (+b +c))"},
      {"NOT a b", "(-a b)"},
      {"a AND NOT b", "(+a -b)"},
      {"(a OR b) AND c", "(+(a b) +c)"},
      {"\"civil nuclear\"", "\"civil nuclear\""},
      {"title:asean", "title:asean"},
      {"title:\"south china\"", "title:\"south china\""},
      {"title:(a b)", "(title:a title:b)"},
      {"U.S.-ASEAN", "U.S.-ASEAN"},
      {"10:30", "10:30"},
      {"foo:bar", "foo:bar"},
      {"+\"a b\" -c", "(+\"a b\" -c)"},
      {"NOT NOT a", "a"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(parsed(in), want) << "query: " << in;
}

// The simple shapes skip the grammar (Searcher::search): whatever
// parse_simple_query accepts must parse to the very tree the grammar makes,
// and the commonest shapes must be accepted.
TEST(QueryParser, SimpleQueriesParseAsTheGrammarDoes) {
  const auto same_as_grammar = [](const std::string& q) {
    auto simple = parse_simple_query(q);
    if (!simple) return;
    auto full = parse_query(q);
    ASSERT_TRUE(full.is_ok()) << "'" << q << "' " << full.status().to_string();
    EXPECT_EQ(to_string(*simple), to_string(**full)) << "'" << q << "'";
    EXPECT_EQ(simple->kind, (*full)->kind) << "'" << q << "'";
  };
  for (const char* q : {"word", "  Word9 \t", "and", "1913", "a b", "+a +b", "+a -b", "+a b", "a b c", "-a", "-5"}) {
    EXPECT_NE(parse_simple_query(q), nullptr) << "'" << q << "'";
    same_as_grammar(q);
  }
  for (const char* q : {"", "   ", "AND", "a OR b", "NOT a", "+AND", "title:a", "\"a b\"", "\"a b", "(a)", "U.S.",
                        "caf\xc3\xa9", "a-b", "a+b", "+ a", "++a", "&&", "x:", "a)"}) {
    EXPECT_EQ(parse_simple_query(q), nullptr) << "'" << q << "'";
  }
  // Random token soups: never a different tree from the grammar's.
  const char* pieces[] = {"a",   "Bc",     "9",   "+d", "-e", "AND", "OR", "NOT", "+",  "-",
                          "(",   ")",      "\"",  "+\"", "\"f", "g\"", "title:", "x:y", "é", "&&"};
  std::mt19937 rng(7);
  int accepted = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string q;
    const int len = static_cast<int>(rng() % 6);
    for (int t = 0; t < len; ++t) {
      q += pieces[rng() % std::size(pieces)];
      if (rng() % 4) q += std::string(1 + rng() % 2, ' ');
    }
    same_as_grammar(q);
    accepted += parse_simple_query(q) != nullptr;
  }
  EXPECT_GT(accepted, 1000);  // the soups do exercise the simple path
}

TEST(QueryParser, ErrorsNameTheColumn) {
  const std::pair<const char*, const char*> cases[] = {
      {"\"open phrase", "column 1: unbalanced quote"},
      {"(a b", "column 1: unbalanced '('"},
      {"a b)", "column 4: unbalanced ')'"},
      {"a AND", "column 3: 'AND' needs a term after it"},
      {"OR b", "column 1: 'OR' needs a term before it"},
      {"a OR OR b", "column 3: 'OR' needs a term after it"},
      {"NOT", "column 1: 'NOT' needs a term after it"},
      {"a + b", "column 3: '+' must be followed by a term"},
      {"-", "column 1: '-' must be followed by a term"},
      {"()", "column 1: empty parentheses"},
      {"title: x", "column 1: field 'title:' must be followed"},
  };
  for (const auto& [in, want] : cases) {
    const std::string got = parsed(in);
    EXPECT_NE(got.find(want), std::string::npos) << "query: " << in << " gave: " << got;
  }
  EXPECT_EQ(parsed(""), "ERROR empty query");
  EXPECT_EQ(parsed("   "), "ERROR empty query");
}

// Hostile depth: nesting is refused beyond kMaxQueryNesting with a clean
// error, and a long run of NOTs parses without recursing (a fuzzer found
// 2,223 '(' overflowing the stack before the limit).
TEST(QueryParser, DeepNestingIsRefusedAndLongRunsDoNotRecurse) {
  auto nested = [](size_t levels) { return std::string(levels, '(') + "a" + std::string(levels, ')'); };
  EXPECT_EQ(parsed(nested(kMaxQueryNesting)), "a");
  EXPECT_EQ(parsed("(b " + nested(kMaxQueryNesting - 1) + ")"), "(b a)");
  EXPECT_EQ(parsed(nested(kMaxQueryNesting + 1)),
            "ERROR query error at column " + std::to_string(kMaxQueryNesting + 1) + ": parentheses nest deeper than " +
                std::to_string(kMaxQueryNesting) + " levels");
  for (const size_t opens : {size_t{1000}, size_t{1'000'000}}) {
    auto r = parse_query(std::string(opens, '(') + "a");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  std::string nots;
  for (int i = 0; i < 200'000; ++i) nots += "NOT ";
  EXPECT_EQ(parsed(nots + "a b"), "(a b)");
  EXPECT_EQ(parsed("NOT " + nots + "a b"), "(-a b)");
  EXPECT_EQ(parsed(nots + "-a b"), "(-a b)");
  std::string fields;  // title:(title:(...)): nested groups, refused like any others
  for (size_t i = 0; i <= kMaxQueryNesting; ++i) fields += "title:(";
  EXPECT_EQ(parse_query(fields + "x").status().code(), StatusCode::kInvalidArgument);
}

TEST(QueryParser, NeverCrashesOnJunk) {
  const std::string alphabet = "ab \"()+-:ANDORNOTtitle\xff\x00";
  uint32_t state = 12345;
  for (int i = 0; i < 5000; ++i) {
    std::string q;
    const int len = static_cast<int>(state % 12);
    for (int j = 0; j < len; ++j) {
      state = state * 1103515245 + 12345;
      q += alphabet[(state >> 16) % alphabet.size()];
    }
    state = state * 1103515245 + 12345;
    auto r = parse_query(q);
    if (!r.is_ok()) {
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << q;
    }
  }
}

TEST(QueryAnalysis, WordsBecomeTermsOrPhrases) {
  auto analyzer = Analyzer::create({"english"});
  ASSERT_TRUE(analyzer.is_ok());
  auto analyzed = [&](const std::string& q) -> std::string {
    auto p = parse_query(q);
    if (!p.is_ok()) return "PARSE ERROR";
    auto a = analyze_query(std::move(*p), **analyzer);
    if (!a.is_ok()) return "ERROR " + a.status().message();
    return *a ? to_string(**a) : "NOTHING";
  };
  EXPECT_EQ(analyzed("Cooperation"), "cooper");
  EXPECT_EQ(analyzed("U.S.-ASEAN"), "\"u.s asean\"");
  EXPECT_EQ(analyzed("\"South China Sea\""), "\"south china sea\"");
  EXPECT_EQ(analyzed("..."), "NOTHING");
  EXPECT_EQ(analyzed("a ..."), "a");
  EXPECT_NE(analyzed("-nuclear").find("ERROR the query only excludes"), std::string::npos);
  EXPECT_NE(analyzed("NOT a NOT b").find("ERROR"), std::string::npos);
}

}  // namespace
}  // namespace quarry::internal

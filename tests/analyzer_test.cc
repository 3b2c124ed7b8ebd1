// The tokenizer over accents, CJK, emoji, apostrophes, hyphens, numbers, abbreviations.
#include "index/analyzer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace quarry::internal {
namespace {

std::vector<std::string> terms(const std::string& text, const std::string& stem = "none") {
  auto a = Analyzer::create({stem});
  EXPECT_TRUE(a.is_ok());
  std::vector<std::string> out;
  (*a)->analyze(text, [&](const Token& t) { out.emplace_back(t.term); });
  return out;
}

using V = std::vector<std::string>;

TEST(Analyzer, FoldsCaseAndCompatibilityForms) {
  EXPECT_EQ(terms("Hello WORLD"), (V{"hello", "world"}));
  EXPECT_EQ(terms("Straße ＡＢＣ ﬁle"), (V{"strasse", "abc", "file"}));
  EXPECT_EQ(terms("Café café CAFÉ"), (V{"café", "café", "café"}));
  // Decomposed e + combining acute normalizes to the composed form.
  EXPECT_EQ(terms("cafe\xCC\x81"), (V{"café"}));
}

TEST(Analyzer, AbbreviationsNumbersAndHyphens) {
  EXPECT_EQ(terms("U.S. policy"), (V{"u.s", "policy"}));
  EXPECT_EQ(terms("U.S.-ASEAN ties"), (V{"u.s", "asean", "ties"}));
  EXPECT_EQ(terms("3.5 percent of 1,000 in 2045"), (V{"3.5", "percent", "of", "1,000", "in", "2045"}));
  EXPECT_EQ(terms("well-known"), (V{"well", "known"}));
}

TEST(Analyzer, Apostrophes) {
  EXPECT_EQ(terms("don't Hegseth’s Hegseth's"), (V{"don't", "hegseth's", "hegseth's"}));
  EXPECT_EQ(terms("Hegseth’s visit", "english"), (V{"hegseth", "visit"}));
  EXPECT_EQ(terms("the students' books"), (V{"the", "students", "books"}));
}

TEST(Analyzer, CjkAndEmoji) {
  // ICU segments Chinese with its dictionary; every ideograph run yields tokens.
  const V zh = terms("南海争端");
  EXPECT_GE(zh.size(), 1u);
  std::string joined;
  for (const auto& t : zh) joined += t;
  EXPECT_EQ(joined, "南海争端");
  EXPECT_EQ(terms("日本語テキスト").empty(), false);
  EXPECT_EQ(terms("party 🎉 time"), (V{"party", "🎉", "time"}));
  EXPECT_EQ(terms("... --- !!!"), V{});
}

TEST(Analyzer, StemsEnglishLettersOnly) {
  EXPECT_EQ(terms("cooperation strengthening ties", "english"), (V{"cooper", "strengthen", "tie"}));
  EXPECT_EQ(terms("2045 cooperation", "english"), (V{"2045", "cooper"}));
}

// ASCII text skips ICU (index/ascii_words.h): its terms, positions and
// offsets must be ICU's, with and without stemming (which depends on ICU's
// letter/number status). Random text over every ASCII character, NUL and
// controls included, weighted to the characters that join words.
TEST(Analyzer, AsciiPathMatchesIcu) {
  std::string alphabet;
  for (int c = 0; c < 128; ++c) alphabet += static_cast<char>(c);
  alphabet += "aaaaZZZ@@1111____....''''',,,;;;::    \n-";
  std::mt19937 rng(7);
  for (const char* stem : {"english", "none"}) {
    auto a = Analyzer::create({stem});
    ASSERT_TRUE(a.is_ok());
    const auto tokens = [&](const std::string& text, bool icu) {
      std::vector<std::string> out;
      const auto sink = [&](const Token& t) {
        out.push_back(std::string(t.term) + "@" + std::to_string(t.position) + ":" + std::to_string(t.begin) + "-" +
                      std::to_string(t.end));
      };
      const uint32_t n = icu ? (*a)->analyze_with_icu(text, sink, 3) : (*a)->analyze(text, sink, 3);
      EXPECT_EQ(n, out.size());
      return out;
    };
    for (int round = 0; round < 20000; ++round) {
      std::string text;
      const size_t n = rng() % (round % 10 == 0 ? 200 : 24);
      for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
      ASSERT_EQ(tokens(text, false), tokens(text, true)) << stem << " '" << text << "'";
    }
  }
  EXPECT_EQ(terms("Running  cooperation 2045", "english"), (V{"run", "cooper", "2045"}));
  EXPECT_EQ(terms("e-mail a@b.org x_1 1_000 3.14, 1;2 a:b it's"),
            (V{"e", "mail", "a@b.org", "x_1", "1_000", "3.14", "1;2", "a", "b", "it's"}));
  EXPECT_EQ(terms(""), V{});
  EXPECT_EQ(terms("   "), V{});
  EXPECT_EQ(terms("_ . , '"), V{});
}

TEST(Analyzer, PositionsAndOffsets) {
  auto a = Analyzer::create({"none"});
  ASSERT_TRUE(a.is_ok());
  std::vector<Token> toks;
  std::vector<std::string> held;
  const std::string text = "Héllo, wörld!";
  (*a)->analyze(text, [&](const Token& t) {
    toks.push_back(t);
    held.emplace_back(t.term);
  }, 10);
  ASSERT_EQ(toks.size(), 2u);
  EXPECT_EQ(toks[0].position, 10u);
  EXPECT_EQ(toks[1].position, 11u);
  EXPECT_EQ(text.substr(toks[0].begin, toks[0].end - toks[0].begin), "Héllo");
  EXPECT_EQ(text.substr(toks[1].begin, toks[1].end - toks[1].begin), "wörld");
}

TEST(Analyzer, UnknownStemmerIsAnError) {
  auto a = Analyzer::create({"klingon"});
  ASSERT_FALSE(a.is_ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
}

TEST(Analyzer, SanitizesInvalidUtf8) {
  std::string s = "ok \xff\xfe bad \xc3";
  EXPECT_EQ(sanitize_utf8(s), 3u);
  EXPECT_EQ(s, "ok \xEF\xBF\xBD\xEF\xBF\xBD bad \xEF\xBF\xBD");
  std::string clean = "naïve";
  EXPECT_EQ(sanitize_utf8(clean), 0u);
  EXPECT_EQ(clean, "naïve");
  EXPECT_EQ(terms(s), (V{"ok", "bad"}));
}

TEST(Analyzer, EmptyAndHugeInput) {
  EXPECT_EQ(terms(""), V{});
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "word ";
  EXPECT_EQ(terms(big).size(), 200000u);
}

}  // namespace
}  // namespace quarry::internal

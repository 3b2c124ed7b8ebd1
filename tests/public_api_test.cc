// The public C++ API: write, open, search by text and by built query, stats,
// documents; and a Searcher shared by 8 threads gives the single-threaded answers.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "quarry/index_reader.h"
#include "quarry/index_writer.h"
#include "quarry/searcher.h"
#include "test_util.h"

namespace {

using quarry::internal::testing::TempDir;

std::shared_ptr<const quarry::IndexReader> briefings(const TempDir& dir) {
  auto writer = quarry::IndexWriter::create(dir.path());
  EXPECT_TRUE(writer.is_ok());
  for (const auto& entry : std::filesystem::directory_iterator(quarry::internal::testing::source_dir() + "/corpus/briefings")) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_TRUE((*writer)->add({entry.path().filename().string(), "", text}).is_ok());
  }
  EXPECT_TRUE((*writer)->commit().is_ok());
  auto index = quarry::IndexReader::open(dir.path());
  EXPECT_TRUE(index.is_ok());
  return *index;
}

std::vector<std::string> ids(const quarry::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

TEST(PublicApi, TextAndBuiltQueriesAgree) {
  TempDir dir;
  auto index = briefings(dir);
  quarry::Searcher searcher(index);
  EXPECT_EQ(index->document_count(), 5u);
  EXPECT_EQ(index->stats().stemming, "english");
  const std::pair<const char*, quarry::Query> cases[] = {
      {"\"civil nuclear cooperation\"", quarry::Query::phrase("civil nuclear cooperation")},
      {"Rubio -nuclear", quarry::Query::excluding(quarry::Query::term("Rubio"), quarry::Query::term("nuclear"))},
      {"+Hegseth Vietnam", quarry::Query::required_with_optional(quarry::Query::term("Hegseth"), {quarry::Query::term("Vietnam")})},
      {"Blinken OR Rubio", quarry::Query::any_of({quarry::Query::term("Blinken"), quarry::Query::term("Rubio")})},
      {"ASEAN AND security", quarry::Query::all_of({quarry::Query::term("ASEAN"), quarry::Query::term("security")})},
      {"title:ASEAN", quarry::Query::term("ASEAN", quarry::Field::kTitle)},
  };
  for (const auto& [text, built] : cases) {
    auto a = searcher.search(text);
    auto b = searcher.search(built);
    ASSERT_TRUE(a.is_ok() && b.is_ok()) << text;
    EXPECT_EQ(ids(*a), ids(*b)) << text << " vs " << built.to_string();
    for (size_t i = 0; i < a->hits.size(); ++i) EXPECT_EQ(a->hits[i].score, b->hits[i].score) << text;
  }
  auto hits = searcher.search("\"civil nuclear cooperation\"");
  ASSERT_TRUE(hits.is_ok());
  ASSERT_EQ(ids(*hits), std::vector<std::string>{"001_a39d764a627dfd8b.txt"});
  auto doc = index->document(hits->hits[0].document);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->id, "001_a39d764a627dfd8b.txt");
  EXPECT_FALSE(hits->hits[0].highlights.empty());
  auto bad = searcher.search("(oops");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), quarry::StatusCode::kInvalidArgument);
}

// Built queries nest at most kMaxQueryNesting boolean levels; deeper ones
// are refused with InvalidArgument, and even a million levels are built,
// refused and freed without exhausting the stack.
TEST(PublicApi, BuiltQueriesNestAtMostTheLimit) {
  TempDir dir;
  auto index = briefings(dir);
  quarry::Searcher searcher(index);
  auto nested = [](size_t levels) {
    quarry::Query q = quarry::Query::term("Rubio");
    for (size_t i = 0; i < levels; ++i) q = quarry::Query::any_of({q, quarry::Query::term("ASEAN")});
    return q;
  };
  const size_t limit = quarry::internal::kMaxQueryNesting;
  auto deepest = searcher.search(nested(limit));
  ASSERT_TRUE(deepest.is_ok()) << deepest.status().to_string();
  auto flat = searcher.search("Rubio ASEAN");
  ASSERT_TRUE(flat.is_ok());
  EXPECT_EQ(ids(*deepest).size(), ids(*flat).size());
  for (const size_t levels : {limit + 1, size_t{1'000'000}}) {
    const quarry::Query q = nested(levels);
    auto r = searcher.search(q);
    ASSERT_FALSE(r.is_ok()) << levels;
    EXPECT_EQ(r.status().code(), quarry::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("deeper than"), std::string::npos) << r.status().to_string();
    EXPECT_NE(q.to_string().find("deeper than"), std::string::npos);
  }
}

TEST(PublicApi, EightThreadsGiveTheSingleThreadedAnswers) {
  TempDir dir;
  auto index = briefings(dir);
  const quarry::Searcher searcher(index);
  const std::vector<std::string> queries = {
      "ASEAN", "\"South China Sea\"", "Blinken Laos", "+defense -Vietnam", "security AND cooperation",
      "title:ASEAN OR Rubio", "\"civil nuclear\" Malaysia", "Hegseth's visit", "U.S.-ASEAN", "2045 vision"};
  std::vector<std::vector<std::pair<std::string, double>>> expected;
  for (const auto& q : queries) {
    auto r = searcher.search(q);
    ASSERT_TRUE(r.is_ok()) << q;
    expected.emplace_back();
    for (const auto& h : r->hits) expected.back().emplace_back(h.id + "|" + h.snippet, h.score);
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 1000; ++i) {
        const size_t q = static_cast<size_t>(t * 7 + i) % queries.size();
        auto r = searcher.search(queries[q]);
        if (!r.is_ok() || r->hits.size() != expected[q].size()) {
          ++mismatches;
          continue;
        }
        for (size_t h = 0; h < r->hits.size(); ++h) {
          if (r->hits[h].id + "|" + r->hits[h].snippet != expected[q][h].first || r->hits[h].score != expected[q][h].second) {
            ++mismatches;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace

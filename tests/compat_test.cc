// Indexes written by format v1 stay readable: a checked-in index, known answers.
#include <gtest/gtest.h>

#include "index/index_checker.h"
#include "test_util.h"

namespace quarry::internal {
namespace {

const std::string kFixture = testing::source_dir() + "/tests/data/format_v1";

TEST(CompatV1, OpensAndAnswersAsWhenWritten) {
  auto reader = IndexReader::open(kFixture);
  ASSERT_TRUE(reader.is_ok()) << reader.status().to_string();
  EXPECT_EQ((*reader)->doc_count(), 5u);
  EXPECT_EQ((*reader)->manifest().analyzer.stem_language, "english");
  EXPECT_EQ(testing::hit_ids(**reader, "\"civil nuclear cooperation\""), std::vector<std::string>{"001_a39d764a627dfd8b.txt"});
  const auto blinken = testing::hit_ids(**reader, "Blinken");
  ASSERT_FALSE(blinken.empty());
  EXPECT_EQ(blinken[0], "004_c0c920ee07428efb.txt");
  auto doc = (*reader)->document(1);
  ASSERT_TRUE(doc.is_ok());
  EXPECT_EQ(doc->id, "001_a39d764a627dfd8b.txt");
  EXPECT_EQ(doc->title.rfind("Secretary of State Marco Rubio", 0), 0u);
}

TEST(CompatV1, IsSoundUnderCheck) {
  auto report = check_index(kFixture);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->sound()) << report->faults.front().file << ": " << report->faults.front().message;
}

}  // namespace
}  // namespace quarry::internal

// trec_eval measures against values computed by hand.
#include "tools/eval_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace quarry::internal::eval {
namespace {

TEST(EvalMetrics, AveragePrecisionByHand) {
  // Relevant: a, c, e (three); ranking hits a at 1 and c at 3; e never retrieved.
  const std::map<std::string, int> judged{{"a", 1}, {"c", 2}, {"e", 1}, {"x", 0}};
  EXPECT_NEAR(average_precision({"a", "b", "c", "x"}, judged), (1.0 / 1 + 2.0 / 3) / 3, 1e-12);
  EXPECT_EQ(average_precision({}, judged), 0.0);
}

TEST(EvalMetrics, NdcgUsesGradedGainsAndIdealOrder) {
  const std::map<std::string, int> judged{{"a", 3}, {"b", 1}, {"c", 2}};
  // Ranking b, a: DCG = 1/log2(2) + 3/log2(3); ideal = 3, 2, 1.
  const double dcg = 1.0 + 3.0 / std::log2(3.0);
  const double ideal = 3.0 + 2.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
  EXPECT_NEAR(ndcg_at({"b", "a"}, judged, 10), dcg / ideal, 1e-12);
  EXPECT_NEAR(ndcg_at({"a", "c", "b"}, judged, 10), 1.0, 1e-12);
  // Cut at k = 1: only the first document counts, against the best single gain.
  EXPECT_NEAR(ndcg_at({"b", "a"}, judged, 1), 1.0 / 3.0, 1e-12);
}

TEST(EvalMetrics, RecallAndMissingQueries) {
  const std::map<std::string, int> judged{{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
  EXPECT_NEAR(recall_at({"a", "z", "b"}, judged, 100), 0.5, 1e-12);
  EXPECT_NEAR(recall_at({"a", "z", "b"}, judged, 2), 0.25, 1e-12);
  Qrels qrels{{"1", judged}, {"2", {{"q", 1}}}, {"3", {{"r", 0}}}};
  eval::Run run{{"1", {"a", "b", "c", "d"}}};
  const Summary s = evaluate(run, qrels);
  EXPECT_EQ(s.queries, 2u) << "query 3 has no relevant document";
  EXPECT_NEAR(s.map, 0.5, 1e-12) << "query 2 is missing from the run and counts 0";
  EXPECT_NEAR(s.recall100, 0.5, 1e-12);
}

}  // namespace
}  // namespace quarry::internal::eval

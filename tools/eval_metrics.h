// Retrieval effectiveness as trec_eval computes it: MAP (over the whole
// ranking given), nDCG@k with graded gains, and Recall@k.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "quarry/status.h"

namespace quarry::internal::eval {

// qid -> docid -> graded relevance (> 0 relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;
// qid -> ranked docids, best first.
using Run = std::map<std::string, std::vector<std::string>>;

// Reads TREC qrels lines: "qid iter docid relevance".
Result<Qrels> load_qrels(const std::string& path);
// Reads a TREC run: "qid Q0 docid rank score tag", ordered by score descending per qid
// (ties broken by docid descending, as trec_eval does).
Result<Run> load_run(const std::string& path);

double average_precision(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged);
double ndcg_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged, size_t k);
double recall_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged, size_t k);

struct Summary {
  size_t queries = 0;  // queries with at least one relevant document
  double map = 0, ndcg10 = 0, recall100 = 0;
};
// Means over the queries of qrels that have relevant documents; a query
// missing from the run scores 0 (trec_eval -c).
Summary evaluate(const Run& run, const Qrels& qrels);

}  // namespace quarry::internal::eval

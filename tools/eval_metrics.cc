// trec_eval-compatible MAP, nDCG@k and Recall@k.
#include "tools/eval_metrics.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <tuple>

namespace quarry::internal::eval {
namespace {

int relevance(const std::map<std::string, int>& judged, const std::string& doc) {
  auto it = judged.find(doc);
  return it == judged.end() ? 0 : it->second;
}

size_t relevant_count(const std::map<std::string, int>& judged) {
  size_t n = 0;
  for (const auto& [doc, rel] : judged) n += rel > 0;
  return n;
}

}  // namespace

Result<Qrels> load_qrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error(path + ": cannot open qrels");
  Qrels q;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string qid, iter, doc;
    int rel;
    if (!(fields >> qid >> iter >> doc >> rel)) {
      return Status::invalid_argument(path + ":" + std::to_string(n) + ": expected 'qid iter docid relevance'");
    }
    q[qid][doc] = rel;
  }
  return q;
}

Result<Run> load_run(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error(path + ": cannot open run");
  std::map<std::string, std::vector<std::tuple<double, std::string>>> scored;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    std::string qid, q0, doc, tag;
    long rank;
    double score;
    if (!(fields >> qid >> q0 >> doc >> rank >> score)) {
      return Status::invalid_argument(path + ":" + std::to_string(n) + ": expected 'qid Q0 docid rank score tag'");
    }
    scored[qid].emplace_back(score, doc);
  }
  Run run;
  for (auto& [qid, list] : scored) {
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a > b; });
    for (auto& [score, doc] : list) run[qid].push_back(doc);
  }
  return run;
}

double average_precision(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged) {
  const size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  double sum = 0;
  size_t found = 0;
  for (size_t i = 0; i < ranking.size(); ++i) {
    if (relevance(judged, ranking[i]) > 0) sum += static_cast<double>(++found) / static_cast<double>(i + 1);
  }
  return sum / static_cast<double>(relevant);
}

double ndcg_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) {
    const int rel = relevance(judged, ranking[i]);
    if (rel > 0) dcg += rel / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [doc, rel] : judged) {
    if (rel > 0) ideal.push_back(rel);
  }
  std::sort(ideal.rbegin(), ideal.rend());
  double idcg = 0;
  for (size_t i = 0; i < std::min(k, ideal.size()); ++i) idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}

double recall_at(const std::vector<std::string>& ranking, const std::map<std::string, int>& judged, size_t k) {
  const size_t relevant = relevant_count(judged);
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < std::min(k, ranking.size()); ++i) found += relevance(judged, ranking[i]) > 0;
  return static_cast<double>(found) / static_cast<double>(relevant);
}

Summary evaluate(const Run& run, const Qrels& qrels) {
  Summary s;
  static const std::vector<std::string> kNone;
  for (const auto& [qid, judged] : qrels) {
    if (relevant_count(judged) == 0) continue;
    auto it = run.find(qid);
    const auto& ranking = it == run.end() ? kNone : it->second;
    ++s.queries;
    s.map += average_precision(ranking, judged);
    s.ndcg10 += ndcg_at(ranking, judged, 10);
    s.recall100 += recall_at(ranking, judged, 100);
  }
  if (s.queries > 0) {
    s.map /= static_cast<double>(s.queries);
    s.ndcg10 /= static_cast<double>(s.queries);
    s.recall100 /= static_cast<double>(s.queries);
  }
  return s;
}

}  // namespace quarry::internal::eval

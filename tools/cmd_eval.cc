// quarry eval: nDCG@10, MAP and Recall@100 of an index (or a TREC run file)
// against relevance judgments, computed as trec_eval does.
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "index/index_reader.h"
#include "query/searcher.h"
#include "tools/bench_harness.h"
#include "tools/cli.h"
#include "tools/command_line.h"
#include "tools/eval_metrics.h"

namespace po = boost::program_options;

namespace quarry::internal::cli {
namespace {

// Test-collection queries are natural language: keep their words, drop what
// Quarry's query language would read as operators.
std::string as_plain_words(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '"' || c == '(' || c == ')' || c == '+' || c == '-' || c == ':') ? ' ' : c;
  std::string result, word;
  auto flush = [&] {
    if (word == "AND" || word == "OR" || word == "NOT") {
      for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    if (!word.empty()) result += (result.empty() ? "" : " ") + word;
    word.clear();
  };
  for (char c : out) {
    if (c == ' ' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();
  return result;
}

}  // namespace

int run_eval(int argc, char** argv) {
  po::options_description visible(
      "usage: quarry eval INDEX|RUN QUERIES.tsv QRELS [options]\n\n"
      "Runs every query of QUERIES.tsv (qid<TAB>text, read as plain words) on INDEX, or\n"
      "reads a TREC run file, and reports nDCG@10, MAP and Recall@100 against the TREC\n"
      "qrels, as trec_eval computes them (queries missing from a run count as 0).\n\noptions");
  int64_t depth = 1000;  // signed: Boost would wrap "-1" into a huge unsigned value
  std::string run_out;
  Bm25Params bm25;
  visible.add_options()("help,h", "show this help")
      ("depth", po::value(&depth)->default_value(1000), "documents retrieved per query")
      ("k1", po::value(&bm25.k1)->default_value(1.2), "BM25 k1")
      ("b", po::value(&bm25.b)->default_value(0.75), "BM25 b")
      ("run-out", po::value(&run_out), "also write the run in TREC format to this file");
  std::string source, queries_path, qrels_path;
  po::options_description hidden;
  hidden.add_options()("source", po::value(&source))("queries", po::value(&queries_path))(
      "qrels", po::value(&qrels_path));
  po::positional_options_description positional;
  positional.add("source", 1).add("queries", 1).add("qrels", 1);
  po::variables_map vm;
  if (auto done = parse_command_line("eval", argc, argv, visible, hidden, positional, vm)) return *done;
  if (!vm.count("qrels")) return usage_error("eval", "need INDEX|RUN, QUERIES.tsv and QRELS");
  if (depth < 1 || depth > kMaxHits) return usage_error("eval", "--depth must be between 1 and " + std::to_string(kMaxHits));
  auto qrels = eval::load_qrels(qrels_path);
  if (!qrels.is_ok()) return report("eval", qrels.status());

  eval::Run run;
  if (std::filesystem::is_directory(source)) {
    auto queries = bench::load_queries(queries_path);
    if (!queries.is_ok()) return report("eval", queries.status());
    auto reader = IndexReader::open(source, false);
    if (!reader.is_ok()) return report("eval", reader.status());
    const Searcher searcher(**reader);
    SearchOptions o;
    o.k = static_cast<size_t>(depth);
    o.bm25 = bm25;
    o.snippets = false;
    std::ofstream out;
    if (!run_out.empty()) out.open(run_out);
    for (const auto& q : *queries) {
      auto r = searcher.search(as_plain_words(q.text), o);
      if (!r.is_ok()) {
        std::cerr << "quarry eval: query " << q.qid << "\n";
        return report("eval", r.status());
      }
      auto& ranking = run[q.qid];
      for (size_t i = 0; i < r->hits.size(); ++i) {
        ranking.push_back(r->hits[i].id);
        if (out) out << q.qid << " Q0 " << r->hits[i].id << " " << i + 1 << " " << r->hits[i].score << " quarry\n";
      }
    }
  } else {
    auto loaded = eval::load_run(source);
    if (!loaded.is_ok()) return report("eval", loaded.status());
    run = std::move(*loaded);
  }
  const eval::Summary s = eval::evaluate(run, *qrels);
  std::printf("queries      %zu\nnDCG@10      %.4f\nMAP          %.4f\nRecall@100   %.4f\n", s.queries, s.ndcg10, s.map,
              s.recall100);
  return kExitOk;
}

}  // namespace quarry::internal::cli

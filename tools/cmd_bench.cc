// quarry bench: latency per query group over a query file, in process.
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "index/index_reader.h"
#include "query/searcher.h"
#include "tools/bench_harness.h"
#include "tools/cli.h"
#include "tools/command_line.h"

namespace po = boost::program_options;

namespace quarry::internal::cli {

int run_bench(int argc, char** argv) {
  po::options_description visible(
      "usage: quarry bench INDEX QUERIES.tsv [options]\n\n"
      "QUERIES.tsv: lines of qid<TAB>query; the qid up to its first '-' names the group.\n"
      "Each query runs once to warm up, then R times; the report gives per group the\n"
      "mean and p50/p95/p99 of the per-query medians, and queries per second.\n\noptions");
  int64_t k = 10;  // signed: Boost would wrap "-1" into a huge unsigned value
  int repeat = 5, threads = 1;
  std::string mode, pruning, per_query_file;
  visible.add_options()("help,h", "show this help")
      ("k,k", po::value(&k)->default_value(10), "hits per query in top mode")
      ("mode", po::value(&mode)->default_value("top"), "top: the k best hits; count: count every match")
      ("repeat", po::value(&repeat)->default_value(5), "timed runs per query")
      ("threads", po::value(&threads)->default_value(1), "threads running queries")
      ("pruning", po::value(&pruning)->default_value("auto"), kPruningHelp)
      ("json", "one JSON object per group")
      ("per-query", po::value(&per_query_file), "also write each query's median latency and hit count (TSV) to this file");
  std::string index_dir, query_file;
  po::options_description hidden;
  hidden.add_options()("index", po::value(&index_dir))("queries", po::value(&query_file));
  po::positional_options_description positional;
  positional.add("index", 1).add("queries", 1);
  po::variables_map vm;
  if (auto done = parse_command_line("bench", argc, argv, visible, hidden, positional, vm)) return *done;
  if (!vm.count("index") || !vm.count("queries")) return usage_error("bench", "need INDEX and QUERIES.tsv");
  if (mode != "top" && mode != "count") return usage_error("bench", "--mode must be top or count");
  const auto strategy = parse_pruning(pruning);
  if (!strategy) return usage_error("bench", "--pruning must be auto, maxscore or bmw");
  if (repeat < 1 || threads < 1) return usage_error("bench", "--repeat and --threads must be at least 1");
  if (k < 0 || k > kMaxHits) return usage_error("bench", "-k must be between 0 and " + std::to_string(kMaxHits));

  auto queries = bench::load_queries(query_file);
  if (!queries.is_ok()) return report("bench", queries.status());
  auto reader = IndexReader::open(index_dir, /*verify_checksums=*/false);
  if (!reader.is_ok()) return report("bench", reader.status());
  const Searcher searcher(**reader);
  // Check every query once, so a typo fails the run instead of timing an error.
  for (const auto& q : *queries) {
    auto r = searcher.count(q.text);
    if (!r.is_ok()) {
      std::cerr << "quarry bench: query " << q.qid << "\n";
      return report("bench", r.status());
    }
  }
  std::ofstream per_query;  // opened before the run: a bad path fails at once
  if (!per_query_file.empty()) {
    per_query.open(per_query_file);
    if (!per_query) return report("bench", Status::io_error(per_query_file + ": cannot open for writing"));
  }
  SearchOptions o;
  o.k = static_cast<size_t>(k);
  o.pruning = *strategy;
  o.snippets = false;
  o.fetch_documents = false;  // time ranking; stored fields are not part of the comparison
  const bool count_mode = mode == "count";
  const auto timings = bench::time_queries(queries->size(), repeat, threads, [&](size_t i) -> uint64_t {
    const std::string& text = (*queries)[i].text;
    if (count_mode) {
      auto n = searcher.count(text);
      return n.is_ok() ? *n : 0;  // every query succeeded once already
    }
    auto r = searcher.search(text, o);
    return r.is_ok() ? r->hits.size() : 0;
  });
  if (per_query.is_open()) {
    per_query << bench::kPerQueryHeader << bench::format_per_query("quarry", *queries, timings);
    if (!per_query.flush()) return report("bench", Status::io_error(per_query_file + ": cannot write"));
  }
  const auto stats = bench::summarize(*queries, timings, repeat);
  if (vm.count("json")) {
    std::cout << bench::format_json("quarry", stats);
  } else {
    std::cout << bench::format_table("quarry bench: " + index_dir + ", " + query_file + ", mode " + mode + ", k " +
                                         std::to_string(k) + ", repeat " + std::to_string(repeat) + ", threads " +
                                         std::to_string(threads) + ", pruning " + pruning,
                                     stats);
  }
  return kExitOk;
}

}  // namespace quarry::internal::cli

// The comparison's output: the build table, per-group latency side by side
// with ratios to Quarry, and agreement with Quarry's results; also as JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/compare/corpus.h"
#include "tools/bench_harness.h"

namespace quarry::internal::compare {

struct BuildRow {
  std::string engine;
  uint64_t docs = 0;           // as the opened index reports
  double seconds = 0;          // wall time of the build process (0 when reused)
  uint64_t index_bytes = 0;
  uint64_t peak_rss_kib = 0;   // the build process's max RSS (0 when reused)
  bool reused = false;
  int threads = 1;             // threads the build keeps busy
};

struct EngineRun {
  std::string engine;
  bench::Timings timings;                      // bench::time_queries
  std::vector<bench::GroupStats> stats;      // bench::summarize
  std::vector<std::vector<std::string>> top;  // mode top: ids per query
  std::vector<uint64_t> counts;                // mode count: matches per query
};

struct Report {
  std::string corpus;
  CorpusStats corpus_stats;
  std::string mode;  // "top" or "count"
  size_t k = 10;
  int repeat = 5;
  bool stored_ids = false;
  double xapian_min_normlen = 0.5;
  std::vector<bench::BenchQuery> queries;
  uint64_t parent_rss_kib = 0;  // max RSS of the process the builds fork from
  std::vector<BuildRow> builds;
  std::vector<EngineRun> runs;  // same engine order as builds
};

// Agreement of engine run e with Quarry's results (runs[q]) on the queries of
// one group ("all": every query): mode top: mean |Q ∩ E| / min(k, max(|Q|, |E|)),
// 1 when both are empty; mode count: the share of queries with equal counts.
double agreement(const Report& r, size_t quarry_run, size_t e, const std::string& group);

std::string format_report(const Report& r);
std::string format_json(const Report& r);
// One line per engine and query: engine, qid, median µs, results, query text.
std::string format_per_query(const Report& r);

}  // namespace quarry::internal::compare

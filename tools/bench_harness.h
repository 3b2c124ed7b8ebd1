// The timing ruler shared by `quarry bench` and bench/compare: query files,
// warm-up plus repeated runs, per-query medians, per-group percentiles.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "quarry/status.h"

namespace quarry::internal::bench {

struct BenchQuery {
  std::string qid;    // e.g. "and-17"
  std::string group;  // qid up to the first '-': "and"
  std::string text;   // Quarry query language
};

// Reads qid<TAB>query lines; skips blank lines and lines starting with '#'.
Result<std::vector<BenchQuery>> load_queries(const std::string& path);

struct Timings {
  std::vector<double> median_us;  // per query, median of its repeats
  std::vector<uint64_t> results;  // per query, what the run returned (hit or match count)
  double wall_seconds = 0;        // of the timed passes
};

// Runs every query once (warm-up), then `repeat` timed passes, spread over
// `threads` threads. run(i) executes query i and returns its result count.
// REQUIRES: run is safe to call from several threads when threads > 1.
Timings time_queries(size_t query_count, int repeat, int threads, const std::function<uint64_t(size_t)>& run);

struct GroupStats {
  std::string group;
  size_t count = 0;
  double mean_us = 0, p50_us = 0, p95_us = 0, p99_us = 0;
  double qps = 0;  // queries per second in the timed passes, this group's share
};

// Per group, in first-seen order, then "all".
std::vector<GroupStats> summarize(const std::vector<BenchQuery>& queries, const Timings& t, int repeat);

// Nearest-rank percentile of values (p in 0..100). REQUIRES: !values.empty().
double percentile(std::vector<double> values, double p);

std::string format_table(const std::string& title, const std::vector<GroupStats>& stats);
// Each query's median and result count as TSV rows (engine, qid, median_us,
// results, query) under kPerQueryHeader: `quarry bench --per-query` and
// bench/compare's --per-query write the same format.
inline constexpr const char* kPerQueryHeader = "engine\tqid\tmedian_us\tresults\tquery\n";
std::string format_per_query(const std::string& engine, const std::vector<BenchQuery>& queries, const Timings& t);
std::string format_json(const std::string& engine, const std::vector<GroupStats>& stats);

}  // namespace quarry::internal::bench

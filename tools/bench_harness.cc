// Query-file loading, timed runs and latency statistics.
#include "tools/bench_harness.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

namespace quarry::internal::bench {

Result<std::vector<BenchQuery>> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::io_error(path + ": cannot open query file");
  std::vector<BenchQuery> out;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 == line.size()) {
      return Status::invalid_argument(path + ":" + std::to_string(n) + ": expected qid<TAB>query");
    }
    BenchQuery q;
    q.qid = line.substr(0, tab);
    q.group = q.qid.substr(0, q.qid.find('-'));
    q.text = line.substr(tab + 1);
    out.push_back(std::move(q));
  }
  return out;
}

Timings time_queries(size_t query_count, int repeat, int threads, const std::function<uint64_t(size_t)>& run) {
  using Clock = std::chrono::steady_clock;
  Timings t;
  t.results.resize(query_count);
  std::vector<std::vector<double>> samples(query_count, std::vector<double>(repeat));
  for (size_t i = 0; i < query_count; ++i) t.results[i] = run(i);  // warm-up
  const size_t total = query_count * static_cast<size_t>(repeat);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t job; (job = next.fetch_add(1)) < total;) {
      const size_t q = job % query_count, r = job / query_count;
      const auto start = Clock::now();
      run(q);  // results are deterministic: the warm-up pass recorded them
      samples[q][r] = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    }
  };
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  t.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  t.median_us.resize(query_count);
  for (size_t q = 0; q < query_count; ++q) t.median_us[q] = percentile(samples[q], 50);
  return t;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(v.size()));
  const size_t idx = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return v[std::min(idx, v.size() - 1)];
}

std::vector<GroupStats> summarize(const std::vector<BenchQuery>& queries, const Timings& t, int repeat) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> by_group;
  for (size_t i = 0; i < queries.size(); ++i) {
    auto& v = by_group[queries[i].group];
    if (v.empty()) order.push_back(queries[i].group);
    v.push_back(t.median_us[i]);
  }
  order.push_back("all");
  by_group["all"] = t.median_us;
  double total_us = 0;
  for (double x : t.median_us) total_us += x;
  std::vector<GroupStats> out;
  for (const auto& g : order) {
    const auto& v = by_group[g];
    if (v.empty()) continue;
    GroupStats s;
    s.group = g;
    s.count = v.size();
    double sum = 0;
    for (double x : v) sum += x;
    s.mean_us = sum / static_cast<double>(v.size());
    s.p50_us = percentile(v, 50);
    s.p95_us = percentile(v, 95);
    s.p99_us = percentile(v, 99);
    // Throughput of the group: its share of the wall time, by its share of summed latency.
    const double share = total_us > 0 ? sum / total_us : 0;
    const double seconds = t.wall_seconds * share;
    s.qps = seconds > 0 ? static_cast<double>(v.size()) * repeat / seconds : 0;
    out.push_back(s);
  }
  return out;
}

std::string format_per_query(const std::string& engine, const std::vector<BenchQuery>& queries, const Timings& t) {
  std::string out;
  char median[32];
  for (size_t i = 0; i < queries.size(); ++i) {
    std::snprintf(median, sizeof median, "%.2f", t.median_us[i]);
    out += engine + "\t" + queries[i].qid + "\t" + median + "\t" + std::to_string(t.results[i]) + "\t" + queries[i].text + "\n";
  }
  return out;
}

std::string format_table(const std::string& title, const std::vector<GroupStats>& stats) {
  std::string out = title + "\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-12s %7s %10s %10s %10s %10s %12s\n", "group", "queries", "mean(us)", "p50(us)",
                "p95(us)", "p99(us)", "qps");
  out += line;
  for (const auto& s : stats) {
    std::snprintf(line, sizeof line, "%-12s %7zu %10.1f %10.1f %10.1f %10.1f %12.0f\n", s.group.c_str(), s.count,
                  s.mean_us, s.p50_us, s.p95_us, s.p99_us, s.qps);
    out += line;
  }
  return out;
}

std::string format_json(const std::string& engine, const std::vector<GroupStats>& stats) {
  std::string out;
  char line[512];
  for (const auto& s : stats) {
    std::snprintf(line, sizeof line,
                  "{\"engine\":\"%s\",\"group\":\"%s\",\"queries\":%zu,\"mean_us\":%.2f,\"p50_us\":%.2f,"
                  "\"p95_us\":%.2f,\"p99_us\":%.2f,\"qps\":%.1f}\n",
                  engine.c_str(), s.group.c_str(), s.count, s.mean_us, s.p50_us, s.p95_us, s.p99_us, s.qps);
    out += line;
  }
  return out;
}

}  // namespace quarry::internal::bench

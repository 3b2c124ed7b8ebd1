// Formatting of the comparison tables and JSON.
#include "bench/compare/report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <unordered_set>

namespace quarry::internal::compare {
namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// Latency with three significant digits or so.
std::string us(double v) { return v < 10 ? fmt("%.2f", v) : v < 100 ? fmt("%.1f", v) : fmt("%.0f", v); }

std::string pad(const std::string& s, size_t width, bool left = false) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

// Pads to display width, counting UTF-8 characters rather than bytes.
std::string pad_u(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : std::string(width - chars, ' ') + s;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double v) { return fmt("%.3f", v); }

size_t find_run(const Report& r, const std::string& engine) {
  for (size_t i = 0; i < r.runs.size(); ++i) {
    if (r.runs[i].engine == engine) return i;
  }
  return r.runs.size();
}

const bench::GroupStats* find_group(const EngineRun& run, const std::string& group) {
  for (const auto& s : run.stats) {
    if (s.group == group) return &s;
  }
  return nullptr;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

}  // namespace

double agreement(const Report& r, size_t quarry_run, size_t e, const std::string& group) {
  const EngineRun& q = r.runs[quarry_run];
  const EngineRun& x = r.runs[e];
  double sum = 0;
  size_t n = 0;
  for (size_t i = 0; i < r.queries.size(); ++i) {
    if (group != "all" && r.queries[i].group != group) continue;
    ++n;
    if (r.mode == "count") {
      sum += q.counts[i] == x.counts[i] ? 1 : 0;
      continue;
    }
    const auto& a = q.top[i];
    const auto& b = x.top[i];
    const size_t denom = std::min(r.k, std::max(a.size(), b.size()));
    if (denom == 0) {
      sum += 1;
      continue;
    }
    std::unordered_set<std::string> in_a(a.begin(), a.end());
    size_t common = 0;
    for (const auto& id : b) common += in_a.count(id);
    sum += static_cast<double>(common) / static_cast<double>(denom);
  }
  return n ? sum / static_cast<double>(n) : 0;
}

std::string format_report(const Report& r) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line,
                "quarry_compare: %s, %llu documents, %.1f MB of JSON Lines; %zu queries; mode %s%s; "
                "%d timed runs per query (after one warm-up), 1 thread\n",
                r.corpus.c_str(), static_cast<unsigned long long>(r.corpus_stats.docs),
                static_cast<double>(r.corpus_stats.bytes) / 1e6, r.queries.size(), r.mode.c_str(),
                r.mode == "top" ? (" (k=" + std::to_string(r.k) + ")").c_str() : "", r.repeat);
  out += line;
  out += std::string("results: ") +
         (r.stored_ids ? "ids read from each engine's stored fields"
                       : "internal doc numbers, mapped to ids through a table loaded at open (ranking only)") +
         "; xapian BM25 min_normlen " + fmt("%.2f", r.xapian_min_normlen) + "\n\n";

  // Build table.
  out += "build       docs  threads   time(s)  index(MB)  index/corpus  peak RSS(MB)   (each build runs in a child "
         "forked from a " + fmt("%.1f", static_cast<double>(r.parent_rss_kib) / 1024.0) + " MB process)\n";
  for (const auto& b : r.builds) {
    std::snprintf(line, sizeof line, "%-8s %8llu %8d %9s %10.1f %13.3f %13s\n", b.engine.c_str(),
                  static_cast<unsigned long long>(b.docs), b.threads,
                  b.reused ? "reused" : fmt("%.2f", b.seconds).c_str(),
                  static_cast<double>(b.index_bytes) / 1e6,
                  ratio(static_cast<double>(b.index_bytes), static_cast<double>(r.corpus_stats.bytes)),
                  b.reused ? "-" : fmt("%.1f", static_cast<double>(b.peak_rss_kib) / 1024.0).c_str());
    out += line;
  }
  out += "\n";

  // Latency table: per engine p50/p95/p99, then ratios to Quarry, then agreement.
  const size_t qi = find_run(r, "quarry");
  const bool has_quarry = qi < r.runs.size();
  std::vector<size_t> others;
  for (size_t e = 0; e < r.runs.size(); ++e) {
    if (e != qi) others.push_back(e);
  }
  const size_t cell = 7;
  std::string h1 = pad("", 14) + pad("", 5), h2 = pad("group", 14, true) + pad("n", 5);
  for (const auto& run : r.runs) {
    const std::string title = " " + run.engine + " (µs) ";
    std::string dashes = "  ";
    const size_t span = 3 * (cell + 1) - 2;
    const size_t tl = title.size() - 1;  // "µ" is two bytes, one column
    const size_t left = span > tl ? (span - tl) / 2 : 0;
    dashes += std::string(left, '-') + title + std::string(span > tl + left ? span - tl - left : 0, '-');
    h1 += dashes;
    h2 += " " + pad("p50", cell) + " " + pad("p95", cell) + " " + pad("p99", cell);
  }
  if (has_quarry) {
    for (size_t e : others) {
      const std::string title = r.runs[e].engine + "/quarry";
      h1 += "  " + pad(title, 2 * cell + 1);
      h2 += "  " + pad("p50", cell) + " " + pad("p99", cell);
    }
    h1 += "  " + pad(r.mode == "top" ? "top-" + std::to_string(r.k) + " overlap" : "same count", 8 * others.size());
    for (size_t e : others) h2 += " " + pad_u("Q∩" + std::string(1, static_cast<char>(std::toupper(r.runs[e].engine[0]))), 8);
  }
  out += "latency per query: median of the timed runs; p50/p95/p99 over the queries of each group\n";
  out += h1 + "\n" + h2 + "\n";
  const std::vector<bench::GroupStats>& groups = r.runs.front().stats;
  for (const auto& g : groups) {
    std::string row = pad(g.group, 14, true) + pad(std::to_string(g.count), 5);
    for (const auto& run : r.runs) {
      const bench::GroupStats* s = find_group(run, g.group);
      row += " " + pad(s ? us(s->p50_us) : "-", cell) + " " + pad(s ? us(s->p95_us) : "-", cell) + " " +
             pad(s ? us(s->p99_us) : "-", cell);
    }
    if (has_quarry) {
      const bench::GroupStats* q = find_group(r.runs[qi], g.group);
      for (size_t e : others) {
        const bench::GroupStats* s = find_group(r.runs[e], g.group);
        row += "  " + pad(q && s ? fmt("%.2f", ratio(s->p50_us, q->p50_us)) : "-", cell) + " " +
               pad(q && s ? fmt("%.2f", ratio(s->p99_us, q->p99_us)) : "-", cell);
      }
      row += " ";
      for (size_t e : others) row += " " + pad(fmt("%.3f", agreement(r, qi, e, g.group)), 8);
    }
    out += row + "\n";
  }
  if (has_quarry && r.mode == "top") {
    out += "\noverlap: |Q ∩ E| / min(k, max(|Q|, |E|)) of Quarry's (Q) and the other engine's (E) top-k ids, "
           "mean over the group;\n"
           "fts5 cannot express optional clauses next to required ones: for reqopt (+a b) and phrasereq (\"a b\" +c) it\n"
           "matches and ranks by the required clause alone.\n";
  }
  return out;
}

std::string format_json(const Report& r) {
  std::string out = "{\n  \"corpus\": " + json_string(r.corpus) +
                    ",\n  \"corpus_docs\": " + std::to_string(r.corpus_stats.docs) +
                    ",\n  \"corpus_bytes\": " + std::to_string(r.corpus_stats.bytes) +
                    ",\n  \"mode\": " + json_string(r.mode) + ",\n  \"k\": " + std::to_string(r.k) +
                    ",\n  \"repeat\": " + std::to_string(r.repeat) +
                    ",\n  \"stored_ids\": " + (r.stored_ids ? "true" : "false") +
                    ",\n  \"xapian_min_normlen\": " + json_number(r.xapian_min_normlen) +
                    ",\n  \"parent_rss_kib\": " + std::to_string(r.parent_rss_kib) +
                    ",\n  \"queries\": " + std::to_string(r.queries.size()) + ",\n  \"build\": [";
  for (size_t i = 0; i < r.builds.size(); ++i) {
    const auto& b = r.builds[i];
    out += std::string(i ? "," : "") + "\n    {\"engine\": " + json_string(b.engine) +
           ", \"docs\": " + std::to_string(b.docs) + ", \"reused\": " + (b.reused ? "true" : "false") + ", \"threads\": " + std::to_string(b.threads) +
           ", \"index_seconds\": " + json_number(b.seconds) + ", \"index_bytes\": " + std::to_string(b.index_bytes) +
           ", \"index_ratio\": " +
           fmt("%.4f", ratio(static_cast<double>(b.index_bytes), static_cast<double>(r.corpus_stats.bytes))) +
           ", \"peak_rss_kib\": " + std::to_string(b.peak_rss_kib) + "}";
  }
  out += "\n  ],\n  \"latency\": [";
  bool first = true;
  for (const auto& run : r.runs) {
    for (const auto& s : run.stats) {
      out += std::string(first ? "" : ",") + "\n    {\"engine\": " + json_string(run.engine) +
             ", \"group\": " + json_string(s.group) + ", \"queries\": " + std::to_string(s.count) +
             ", \"mean_us\": " + json_number(s.mean_us) + ", \"p50_us\": " + json_number(s.p50_us) +
             ", \"p95_us\": " + json_number(s.p95_us) + ", \"p99_us\": " + json_number(s.p99_us) +
             ", \"qps\": " + fmt("%.1f", s.qps) + "}";
      first = false;
    }
  }
  out += "\n  ],\n  \"agreement\": [";
  const size_t qi = find_run(r, "quarry");
  first = true;
  if (qi < r.runs.size()) {
    for (size_t e = 0; e < r.runs.size(); ++e) {
      if (e == qi) continue;
      for (const auto& s : r.runs[qi].stats) {
        out += std::string(first ? "" : ",") + "\n    {\"engine\": " + json_string(r.runs[e].engine) +
               ", \"group\": " + json_string(s.group) + ", \"measure\": " +
               json_string(r.mode == "top" ? "topk_overlap" : "count_equal") +
               ", \"value\": " + fmt("%.4f", agreement(r, qi, e, s.group)) + "}";
        first = false;
      }
    }
  }
  out += "\n  ]\n}\n";
  return out;
}

std::string format_per_query(const Report& r) {
  std::string out = bench::kPerQueryHeader;
  for (const auto& run : r.runs) out += bench::format_per_query(run.engine, r.queries, run.timings);
  return out;
}

}  // namespace quarry::internal::compare

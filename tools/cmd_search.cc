// quarry search: ranked hits with highlighted snippets, as text or JSON lines.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "index/index_reader.h"
#include "query/searcher.h"
#include "tools/cli.h"
#include "tools/command_line.h"

namespace po = boost::program_options;

namespace quarry::internal::cli {
namespace {

// At most max_bytes of s, cut at a UTF-8 boundary, with "…" when cut.
std::string shorten(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

void print_text(const SearchResults& r, const SearchOptions& o, bool colour) {
  const char* open = colour ? "\x1b[1;31m" : "";
  const char* close = colour ? "\x1b[0m" : "";
  const char* dim = colour ? "\x1b[2m" : "";
  const char* bold = colour ? "\x1b[1m" : "";
  const char* parsed = r.parsed_query.empty() ? "(nothing searchable)" : r.parsed_query.c_str();
  if (r.total_is_exact) {
    std::printf("%llu match%s for %s\n", static_cast<unsigned long long>(r.total_matches),
                r.total_matches == 1 ? "" : "es", parsed);
  } else {
    std::printf("top %zu hit%s for %s\n", r.hits.size(), r.hits.size() == 1 ? "" : "s", parsed);
  }
  for (size_t i = 0; i < r.hits.size(); ++i) {
    const Hit& h = r.hits[i];
    std::printf("\n%3zu. %s%s%s  %s%.4f%s\n", o.offset + i + 1, bold, h.id.c_str(), close, dim, h.score, close);
    if (!h.title.empty()) std::printf("     %s\n", shorten(h.title, 120).c_str());
    if (!h.snippet.text.empty()) std::printf("     %s\n", render_snippet(h.snippet, open, close).c_str());
    for (const auto& e : h.explanation) {
      std::printf("     %s%-28s tf=%u dl=%u avgdl=%.1f idf=%.4f score=%.4f%s\n", dim, e.query.c_str(), e.tf, e.dl,
                  e.avgdl, e.idf, e.score, close);
    }
  }
}

void print_json(const SearchResults& r, const SearchOptions& o) {
  for (size_t i = 0; i < r.hits.size(); ++i) {
    const Hit& h = r.hits[i];
    std::string line = "{\"rank\":" + std::to_string(o.offset + i + 1);
    char score[32];
    std::snprintf(score, sizeof score, "%.6f", h.score);
    line += ",\"score\":" + std::string(score) + ",\"id\":" + json_string(h.id) + ",\"title\":" + json_string(h.title);
    if (o.snippets) {
      line += ",\"snippet\":" + json_string(h.snippet.text) + ",\"highlights\":[";
      for (size_t j = 0; j < h.snippet.highlights.size(); ++j) {
        line += (j ? ",[" : "[") + std::to_string(h.snippet.highlights[j].first) + "," +
                std::to_string(h.snippet.highlights[j].second) + "]";
      }
      line += "]";
    }
    if (o.explain) {
      line += ",\"explain\":[";
      for (size_t j = 0; j < h.explanation.size(); ++j) {
        const auto& e = h.explanation[j];
        char buf[160];
        std::snprintf(buf, sizeof buf, "\"tf\":%u,\"dl\":%u,\"avgdl\":%.4f,\"idf\":%.6f,\"score\":%.6f}", e.tf, e.dl,
                      e.avgdl, e.idf, e.score);
        line += (j ? ",{\"query\":" : "{\"query\":") + json_string(e.query) + "," + buf;
      }
      line += "]";
    }
    std::printf("%s}\n", line.c_str());
  }
}

}  // namespace

int run_search(int argc, char** argv) {
  po::options_description visible(
      "usage: quarry search INDEX QUERY [options]\n\n"
      "QUERY: words (ranked OR), +required, -excluded, \"exact phrase\", AND, OR, NOT,\n"
      "parentheses, title:word, title:\"a phrase\". A query starting with '-' goes\n"
      "after '--': quarry search INDEX -- '-draft report'.\n\noptions");
  SearchOptions o;
  std::string colour, pruning;
  int64_t k = 10, offset = 0;  // signed: Boost would wrap "-1" into a huge unsigned value
  visible.add_options()("help,h", "show this help")
      ("k,k", po::value(&k)->default_value(10), "number of hits to show")
      ("offset", po::value(&offset)->default_value(0), "skip this many best hits first")
      ("k1", po::value(&o.bm25.k1)->default_value(1.2), "BM25 term-frequency saturation")
      ("b", po::value(&o.bm25.b)->default_value(0.75), "BM25 length normalisation, 0..1")
      ("json", "one JSON object per hit")
      ("explain", "show the BM25 breakdown of each hit")
      ("no-snippets", "do not compute snippets")
      ("count", "count every match exactly (turns off top-k pruning)")
      ("pruning", po::value(&pruning)->default_value("auto"), kPruningHelp)
      ("verify", "verify every file's checksum before searching (reads the whole index)")
      ("color", po::value(&colour)->default_value("auto"), "highlight with colour: auto, always, never");
  std::string index_dir, query;
  po::options_description hidden;
  hidden.add_options()("index", po::value(&index_dir))("query", po::value(&query));
  po::positional_options_description positional;
  positional.add("index", 1).add("query", 1);
  po::variables_map vm;
  if (auto done = parse_command_line("search", argc, argv, visible, hidden, positional, vm)) return *done;
  if (!vm.count("index")) return usage_error("search", "missing INDEX");
  if (!vm.count("query")) return usage_error("search", "missing QUERY");
  if (colour != "auto" && colour != "always" && colour != "never") {
    return usage_error("search", "--color must be auto, always or never");
  }
  const auto strategy = parse_pruning(pruning);
  if (!strategy) return usage_error("search", "--pruning must be auto, maxscore or bmw");
  if (k < 0 || k > kMaxHits || offset < 0 || offset > kMaxHits) {
    return usage_error("search", "-k and --offset must be between 0 and " + std::to_string(kMaxHits));
  }
  o.k = static_cast<size_t>(k);
  o.offset = static_cast<size_t>(offset);
  o.explain = vm.count("explain") > 0;
  o.snippets = vm.count("no-snippets") == 0;
  o.count_matches = vm.count("count") > 0;
  o.pruning = *strategy;
  // Opening checks every file's header, footer and structure, and the checksums
  // of the manifest and lengths; dictionary blocks are checked as they are read;
  // whole-file checksums of the rest are left to --verify (and `quarry check`)
  // so a query costs what it touches.
  auto reader = IndexReader::open(index_dir, vm.count("verify") > 0);
  if (!reader.is_ok()) return report("search", reader.status());
  Searcher searcher(**reader);
  auto results = searcher.search(query, o);
  if (!results.is_ok()) return report("search", results.status());
  if (vm.count("json")) {
    print_json(*results, o);
  } else {
    const bool use_colour = colour == "always" || (colour == "auto" && ::isatty(STDOUT_FILENO));
    print_text(*results, o, use_colour);
  }
  return kExitOk;
}

}  // namespace quarry::internal::cli

// quarry_compare: Quarry, Xapian and SQLite FTS5 on the same corpus, tokens
// and queries, in one run. Builds each index in a child process (wall time,
// peak RSS), then times every query with the shared bench harness.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/compare/corpus.h"
#include "bench/compare/engine.h"
#include "bench/compare/normalize.h"
#include "bench/compare/report.h"
#include "query/query_parser.h"
#include "tools/bench_harness.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace quarry;
using namespace quarry::internal;
using namespace quarry::internal::compare;

namespace {

[[noreturn]] void die(const std::string& message) {
  std::cerr << "quarry_compare: " << message << "\n";
  std::exit(1);
}

std::unique_ptr<Engine> make_engine(const std::string& name, const EngineOptions& o) {
  if (name == "quarry") return make_quarry_engine(o);
  if (name == "xapian") return make_xapian_engine(o);
  if (name == "fts5") return make_fts5_engine(o);
  return nullptr;
}

// Runs argv as a child process; true when it exits with status 0.
bool run_program(const std::vector<std::string>& argv) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror(args[0]);
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return false;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct BuildResult {
  double seconds = 0;
  uint64_t peak_rss_kib = 0;
};

// Builds engine's index in dir in a forked child; the parent measures it.
BuildResult build_in_child(Engine& engine, const std::string& corpus, uint64_t limit_docs, const std::string& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::remove_all(dir + ".uncompacted", ec);
  std::fflush(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) die("fork: " + std::string(std::strerror(errno)));
  if (pid == 0) {
    Status st;
    auto docs = open_corpus(corpus, limit_docs);
    if (!docs.is_ok()) {
      st = docs.status();
    } else {
      st = engine.build(**docs, dir);
    }
    if (!st.is_ok()) std::cerr << "quarry_compare: building " << engine.name() << ": " << st.to_string() << "\n";
    std::fflush(nullptr);
    _exit(st.is_ok() ? 0 : 1);
  }
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) < 0) die("wait4: " + std::string(std::strerror(errno)));
  BuildResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.peak_rss_kib = static_cast<uint64_t>(ru.ru_maxrss);  // KiB on Linux
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    die("building the " + engine.name() + " index failed" +
        (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : ""));
  }
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, queries_path, work, mode, engines_arg, json_path, per_query_path, trec_dir;
  size_t trec_depth = 1000;
  int repeat = 5;
  int k = 10;
  long long limit_docs = 0;
  bool reuse = false;
  EngineOptions eo;
  po::options_description desc(
      "quarry_compare: Quarry vs Xapian vs SQLite FTS5 on one corpus, same tokens and queries\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("corpus", po::value(&corpus), "JSON Lines corpus {\"id\",\"title\",\"text\"} (.jsonl, .jsonl.gz, .jsonl.zst)")
      ("queries", po::value(&queries_path),
       "qid<TAB>query file (group = qid before the first '-'); default: generate WORK/queries.tsv "
       "with bench/make_queries.py")
      ("work", po::value(&work), "directory for the indexes (each engine's subdirectory is rebuilt)")
      ("repeat", po::value(&repeat)->default_value(5), "timed runs per query, after one warm-up run")
      ("mode", po::value(&mode)->default_value("top"), "top: the best k hits; count: count every match")
      (",k", po::value(&k)->default_value(10), "hits per query in mode top")
      ("engines", po::value(&engines_arg)->default_value("quarry,xapian,fts5"), "comma-separated engines to run")
      ("limit-docs", po::value(&limit_docs)->default_value(0), "index only the first N documents (0: all)")
      ("json", po::value(&json_path), "also write machine-readable results to this file")
      ("per-query", po::value(&per_query_path), "also write each query's median latency and result count (TSV)")
      ("reuse", po::bool_switch(&reuse), "reuse indexes a previous run built from the same corpus and limit")
      ("trec-runs", po::value(&trec_dir),
       "also write each engine's top --trec-depth results as a TREC run, DIR/<engine>.run, for `quarry eval`; "
       "the run's qid is the query's qid after its group prefix (\"cran-12\" -> \"12\")")
      ("trec-depth", po::value(&trec_depth)->default_value(1000), "results per query in the TREC runs")
      ("stored-ids", po::bool_switch(&eo.stored_ids),
       "read result ids from each engine's stored fields in the timed path (default: internal doc numbers "
       "mapped through an in-memory table, the same for every engine)")
      ("quarry-index-threads", po::value(&eo.quarry_index_threads)->default_value(0),
       "IndexWriterOptions::threads for Quarry's build (0: Quarry's default; Xapian and FTS5 build on one thread)")
      ("xapian-min-normlen", po::value(&eo.xapian_min_normlen)->default_value(0.5),
       "Xapian BM25Weight min_normlen (0.5 is Xapian's default; Quarry has no such floor)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "quarry_compare: " << e.what() << "\n(see --help)\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 0;
  }
  if (corpus.empty() || work.empty()) {
    std::cerr << "quarry_compare: --corpus and --work are required (see --help)\n";
    return 2;
  }
  if (!fs::is_regular_file(corpus)) die(corpus + ": no such file");
  if (!is_jsonl_name(corpus)) die(corpus + ": expected a JSON Lines file (.jsonl, .ndjson, .json; optionally .gz/.zst)");
  if (mode != "top" && mode != "count") die("--mode must be top or count, not '" + mode + "'");
  if (repeat < 1) die("--repeat must be at least 1");
  if (k < 1) die("-k must be at least 1");
  if (limit_docs < 0) die("--limit-docs must be 0 or more");
  if (eo.quarry_index_threads < 0) die("--quarry-index-threads must be 0 or more");
  if (eo.xapian_min_normlen < 0) die("--xapian-min-normlen must be 0 or more");
  std::vector<std::string> engine_names;
  {
    std::stringstream ss(engines_arg);
    for (std::string e; std::getline(ss, e, ',');) {
      if (e.empty()) continue;
      if (!make_engine(e, eo)) die("unknown engine '" + e + "' (use quarry, xapian, fts5)");
      if (std::find(engine_names.begin(), engine_names.end(), e) != engine_names.end()) die("engine '" + e + "' given twice");
      engine_names.push_back(e);
    }
  }
  if (engine_names.empty()) die("--engines names no engine");
  std::error_code ec;
  fs::create_directories(work, ec);
  if (ec) die(work + ": " + ec.message());

  // The corpus.
  std::cerr << "quarry_compare: scanning " << corpus << "\n";
  auto stats = scan_corpus(corpus, limit_docs);
  if (!stats.is_ok()) die(stats.status().to_string());
  if (stats->docs == 0) die(corpus + ": no documents");

  // The queries: parsed by Quarry's parser, words normalized like the documents.
  if (queries_path.empty()) {
    queries_path = (fs::path(work) / "queries.tsv").string();
    std::vector<std::string> cmd = {"python3", std::string(QUARRY_SOURCE_DIR) + "/bench/make_queries.py", corpus,
                                    "-o", queries_path};
    if (limit_docs) {
      cmd.push_back("--limit-docs");
      cmd.push_back(std::to_string(limit_docs));
    }
    std::cerr << "quarry_compare: generating " << queries_path << "\n";
    if (!run_program(cmd)) die("bench/make_queries.py failed; pass --queries FILE");
  }
  auto loaded = bench::load_queries(queries_path);
  if (!loaded.is_ok()) die(loaded.status().to_string());
  if (loaded->empty()) die(queries_path + ": no queries");
  std::vector<CompareQuery> queries;
  for (const auto& bq : *loaded) {
    CompareQuery q;
    q.qid = bq.qid;
    q.group = bq.group;
    q.text = bq.text;
    auto raw = parse_query(q.text);
    if (!raw.is_ok()) die(queries_path + ": query " + q.qid + " '" + q.text + "': " + raw.status().message());
    auto tree = normalize_query(**raw);
    if (!tree.is_ok()) die(queries_path + ": query " + q.qid + " '" + q.text + "': " + tree.status().message());
    q.tree = std::move(*tree);
    queries.push_back(std::move(q));
  }

  // Build (or reuse) and open every index.
  Report report;
  report.corpus = fs::path(corpus).filename().string();
  report.corpus_stats = *stats;
  report.mode = mode;
  report.k = k;
  report.repeat = repeat;
  report.stored_ids = eo.stored_ids;
  report.xapian_min_normlen = eo.xapian_min_normlen;
  report.queries = *loaded;
  const std::string stamp = fs::absolute(corpus).string() + "\nlimit " + std::to_string(limit_docs) + "\n";
  // Every build first, from a parent that holds no index yet, so each child
  // starts from the same small process image (its peak RSS includes that).
  struct rusage self {};
  getrusage(RUSAGE_SELF, &self);
  report.parent_rss_kib = static_cast<uint64_t>(self.ru_maxrss);
  std::vector<std::unique_ptr<Engine>> engines;
  for (const auto& name : engine_names) {
    auto engine = make_engine(name, eo);
    const std::string dir = (fs::path(work) / name).string();
    const std::string marker = dir + ".built";
    BuildRow row;
    row.engine = name;
    row.threads = engine->build_threads();
    if (reuse && fs::exists(marker) && read_file(marker) == stamp) {
      row.reused = true;
      std::cerr << "quarry_compare: reusing " << dir << "\n";
    } else {
      fs::remove(marker, ec);
      std::cerr << "quarry_compare: building " << name << " index in " << dir << " ..." << std::flush;
      const BuildResult b = build_in_child(*engine, corpus, limit_docs, dir);
      std::cerr << " " << b.seconds << " s\n";
      row.seconds = b.seconds;
      row.peak_rss_kib = b.peak_rss_kib;
      std::ofstream(marker) << stamp;
    }
    report.builds.push_back(row);
    engines.push_back(std::move(engine));
  }
  for (size_t e = 0; e < engines.size(); ++e) {
    BuildRow& row = report.builds[e];
    const std::string dir = (fs::path(work) / row.engine).string();
    const auto open_start = std::chrono::steady_clock::now();
    const Status st = engines[e]->open(dir);
    if (!st.is_ok()) die("opening the " + row.engine + " index: " + st.to_string());
    std::cerr << "quarry_compare: opened " << row.engine << " (with its id table) in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - open_start).count() << " s\n";
    row.docs = engines[e]->doc_count();
    row.index_bytes = engines[e]->index_bytes();
    if (row.docs != stats->docs) {
      die(row.engine + " index holds " + std::to_string(row.docs) + " documents, the corpus " +
          std::to_string(stats->docs) + (row.reused ? " (stale index? run without --reuse)" : ""));
    }
  }

  // Relevance runs, untimed: every engine ranks every query to trec_depth.
  if (!trec_dir.empty()) {
    fs::create_directories(trec_dir, ec);
    for (auto& engine : engines) {
      const std::string path = (fs::path(trec_dir) / (engine->name() + ".run")).string();
      std::ofstream out(path);
      for (const auto& q : queries) {
        auto r = engine->run_top(q, trec_depth);
        if (!r.is_ok()) die(engine->name() + ": query " + q.qid + ": " + r.status().to_string());
        const std::string qid = q.qid.substr(q.qid.find('-') + 1);
        for (size_t i = 0; i < r->size(); ++i) {  // scores only order the run: depth - rank
          out << qid << " Q0 " << (*r)[i] << " " << i + 1 << " " << trec_depth - i << " " << engine->name() << "\n";
        }
      }
      if (!out) die(path + ": cannot write");
      std::cerr << "quarry_compare: wrote " << path << "\n";
    }
  }

  // Query every engine: one untimed pass for the results, then the timed passes.
  const bool top = mode == "top";
  for (auto& engine : engines) {
    EngineRun run;
    run.engine = engine->name();
    for (const auto& q : queries) {
      if (top) {
        auto r = engine->run_top(q, k);
        if (!r.is_ok()) die(run.engine + ": query " + q.qid + " '" + q.text + "': " + r.status().to_string());
        run.top.push_back(std::move(*r));
      } else {
        auto r = engine->run_count(q);
        if (!r.is_ok()) die(run.engine + ": query " + q.qid + " '" + q.text + "': " + r.status().to_string());
        run.counts.push_back(*r);
      }
    }
    std::cerr << "quarry_compare: timing " << run.engine << " (" << queries.size() << " queries x " << repeat
              << ") ..." << std::flush;
    std::string error;
    const bench::Timings t = bench::time_queries(queries.size(), repeat, 1, [&](size_t i) -> uint64_t {
      if (top) {
        auto r = engine->run_top(queries[i], k);
        if (r.is_ok()) return r->size();
        error = r.status().to_string();
      } else {
        auto r = engine->run_count(queries[i]);
        if (r.is_ok()) return *r;
        error = r.status().to_string();
      }
      return 0;
    });
    std::cerr << " " << t.wall_seconds << " s\n";
    if (!error.empty()) die(run.engine + ": a query failed while timing: " + error);
    run.stats = bench::summarize(*loaded, t, repeat);
    run.timings = t;
    report.runs.push_back(std::move(run));
  }

  std::cout << format_report(report) << std::flush;
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << format_json(report);
    if (!out) die(json_path + ": cannot write");
  }
  if (!per_query_path.empty()) {
    std::ofstream out(per_query_path);
    out << format_per_query(report);
    if (!out) die(per_query_path + ": cannot write");
  }
  return 0;
}

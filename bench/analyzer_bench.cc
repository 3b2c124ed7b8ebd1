// Tokenizer throughput in bytes per second on the briefings corpus text.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "index/analyzer.h"

namespace quarry::internal {
namespace {

std::string briefings_text() {
  std::string all;
  const std::filesystem::path dir = std::filesystem::path(QUARRY_SOURCE_DIR) / "corpus" / "briefings";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

void BM_Analyze(benchmark::State& state, const char* stem) {
  const std::string text = briefings_text();
  auto analyzer = Analyzer::create({stem});
  if (!analyzer.is_ok()) {
    state.SkipWithError("analyzer");
    return;
  }
  size_t tokens = 0;
  for (auto _ : state) {
    tokens += (*analyzer)->analyze(text, [](const Token& t) { benchmark::DoNotOptimize(t.term.data()); });
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_Analyze, stem_none, "none");
BENCHMARK_CAPTURE(BM_Analyze, stem_english, "english");

// ASCII text (the briefings with every non-ASCII byte made a space): the
// ASCII path (ascii_words.h) against ICU's on the same text, no stemming.
void BM_AnalyzeAscii(benchmark::State& state, bool through_icu) {
  std::string text = briefings_text();
  for (char& c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) c = ' ';
  }
  auto analyzer = std::move(Analyzer::create({"none"})).value();
  size_t tokens = 0;
  const auto sink = [](const Token& t) { benchmark::DoNotOptimize(t.term.data()); };
  for (auto _ : state) {
    tokens += through_icu ? analyzer->analyze_with_icu(text, sink) : analyzer->analyze(text, sink);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(BM_AnalyzeAscii, ascii_path, false);
BENCHMARK_CAPTURE(BM_AnalyzeAscii, icu, true);

}  // namespace
}  // namespace quarry::internal

namespace quarry::internal {
namespace {

// Why Searcher keeps a pool of analyzers: creating one (ICU word breaker,
// normalizer, stemmer) against analyzing a typical two-word query with one.
void BM_AnalyzerCreate(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Analyzer::create({"english"}).value().get());
}
BENCHMARK(BM_AnalyzerCreate);

void BM_AnalyzeShortQuery(benchmark::State& state) {
  auto analyzer = std::move(Analyzer::create({"english"})).value();
  for (auto _ : state) {
    analyzer->analyze("civil nuclear", [](const Token& t) { benchmark::DoNotOptimize(t.term.data()); });
  }
}
BENCHMARK(BM_AnalyzeShortQuery);

}  // namespace
}  // namespace quarry::internal

// Writes a synthetic JSONL corpus for scale runs: a Zipfian vocabulary
// (exponent 1.07, like English text) and log-normal document lengths (median
// 120 tokens), from a fixed seed, so every run indexes the same documents.
//
//   quarry_gen_corpus --docs 1000000 [--vocab 500000] [--seed 42] > corpus.jsonl
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// Pronounceable, distinct words: rank r in base-20 syllables.
std::string word_for(uint64_t rank) {
  static const char* kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa",
                                     "zu", "re", "no", "ti", "ma", "ul", "or", "en", "ba", "gi"};
  std::string w;
  do {
    w += kSyllables[rank % 20];
    rank /= 20;
  } while (rank > 0);
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t docs = 1000000, vocab = 500000, seed = 42;
  for (int i = 1; i + 1 < argc; i += 2) {
    const uint64_t v = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--docs")) docs = v;
    else if (!std::strcmp(argv[i], "--vocab")) vocab = v;
    else if (!std::strcmp(argv[i], "--seed")) seed = v;
    else {
      std::fprintf(stderr, "usage: quarry_gen_corpus [--docs N] [--vocab V] [--seed S]\n");
      return 2;
    }
  }
  if (vocab == 0) return 2;
  // Cumulative Zipf weights, sampled by binary search.
  std::vector<double> cdf(vocab);
  double sum = 0;
  for (uint64_t r = 0; r < vocab; ++r) cdf[r] = sum += 1.0 / std::pow(static_cast<double>(r + 1), 1.07);
  std::vector<std::string> words(vocab);
  for (uint64_t r = 0; r < vocab; ++r) words[r] = word_for(r);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0, sum);
  std::lognormal_distribution<double> length(std::log(120.0), 0.8);
  std::string line;
  for (uint64_t d = 0; d < docs; ++d) {
    const auto n = static_cast<uint64_t>(std::clamp(length(rng), 3.0, 20000.0));
    line = "{\"id\":\"gen-" + std::to_string(d) + "\",\"title\":\"\",\"text\":\"";
    for (uint64_t i = 0; i < n; ++i) {
      const auto r = static_cast<uint64_t>(std::lower_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin());
      if (i) line += ' ';
      line += words[std::min(r, vocab - 1)];
    }
    line += "\"}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}

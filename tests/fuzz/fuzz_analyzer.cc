// libFuzzer target, differential: any bytes, made ASCII (the high bit
// dropped), must give the same tokens (terms, positions, offsets) through the
// ASCII word splitter (index/ascii_words.h) as through ICU, with and without
// stemming.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "index/analyzer.h"

namespace {

struct Seen {
  std::string term;
  uint32_t position, begin, end;
  bool operator==(const Seen&) const = default;
};

std::vector<Seen> tokens(quarry::internal::Analyzer& a, const std::string& text, bool through_icu) {
  std::vector<Seen> out;
  const auto sink = [&](const quarry::internal::Token& t) {
    out.push_back({std::string(t.term), t.position, t.begin, t.end});
  };
  if (through_icu) {
    a.analyze_with_icu(text, sink);
  } else {
    a.analyze(text, sink);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using quarry::internal::Analyzer;
  static auto stemming = std::move(Analyzer::create({"english"})).value();
  static auto plain = std::move(Analyzer::create({"none"})).value();
  std::string text(size, '\0');
  for (size_t i = 0; i < size; ++i) text[i] = static_cast<char>(data[i] & 0x7F);
  for (Analyzer* a : {stemming.get(), plain.get()}) {
    if (tokens(*a, text, false) != tokens(*a, text, true)) __builtin_trap();
  }
  return 0;
}

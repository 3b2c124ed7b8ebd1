// libFuzzer target: any bytes as a query must parse to a tree or a clean
// InvalidArgument, and analysis must not crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "index/analyzer.h"
#include "query/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quarry::internal;
  static auto analyzer = std::move(Analyzer::create({"english"})).value();
  std::string text(reinterpret_cast<const char*>(data), size);
  sanitize_utf8(text);  // the CLI passes UTF-8; the parser itself is byte-oriented
  auto parsed = parse_query(text);
  if (!parsed.is_ok()) {
    if (parsed.status().code() != quarry::StatusCode::kInvalidArgument) __builtin_trap();
    return 0;
  }
  auto analyzed = analyze_query(std::move(parsed).value(), *analyzer);
  if (analyzed.is_ok() && *analyzed) (void)to_string(**analyzed);
  return 0;
}

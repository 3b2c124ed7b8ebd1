// Shared pieces of the quarry command line: exit codes, error reporting, JSON strings.
#pragma once

#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "quarry/status.h"
#include "query/searcher.h"

namespace quarry::internal::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // runtime error or a damaged index
inline constexpr int kExitUsage = 2;    // bad command line or query syntax

// Prints "quarry <command>: <message>" to stderr and returns the exit code for status.
inline int report(std::string_view command, const Status& status) {
  std::cerr << "quarry " << command << ": " << status.to_string() << "\n";
  return status.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

inline int usage_error(std::string_view command, std::string_view message) {
  std::cerr << "quarry " << command << ": " << message << " (see 'quarry " << command << " --help')\n";
  return kExitUsage;
}

// The --pruning argument: auto, maxscore or bmw; nullopt for anything else.
inline std::optional<DisjunctionPruning> parse_pruning(std::string_view name) {
  if (name == "auto") return DisjunctionPruning::kAuto;
  if (name == "maxscore") return DisjunctionPruning::kMaxScore;
  if (name == "bmw") return DisjunctionPruning::kBlockMaxWand;
  return std::nullopt;
}
inline constexpr const char* kPruningHelp =
    "top-k pruning of disjunctions: auto (MaxScore, which measured fastest), maxscore, or bmw (block-max WAND)";

// A JSON string literal for s (s is valid UTF-8).
std::string json_string(std::string_view s);

int run_index(int argc, char** argv);
int run_search(int argc, char** argv);
int run_stats(int argc, char** argv);
int run_bench(int argc, char** argv);
int run_eval(int argc, char** argv);
int run_check(int argc, char** argv);

}  // namespace quarry::internal::cli

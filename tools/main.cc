// quarry: command-line entry point; dispatches to one command per file.
#include <cstring>
#include <iostream>

#include "index/file_format.h"
#include "tools/cli.h"

namespace {

void print_usage(std::ostream& out) {
  out << "usage: quarry <command> [options]\n\n"
         "commands:\n"
         "  index   INPUT... -o INDEX   build an index from directories or JSON Lines files\n"
         "  search  INDEX QUERY         ranked search with snippets\n"
         "  stats   INDEX               document, term and byte counts\n"
         "  check   INDEX               verify checksums and structure\n"
         "  bench   INDEX QUERIES.tsv   query latency per group\n"
         "  eval    INDEX|RUN QUERIES QRELS   nDCG@10, MAP, Recall@100 (as trec_eval)\n\n"
         "'quarry <command> --help' describes each command.\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace quarry::internal::cli;
  if (argc < 2) {
    print_usage(std::cerr);
    return kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    print_usage(std::cout);
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "quarry " << QUARRY_VERSION << " (index format v" << quarry::internal::kFormatVersion << ")\n";
    return kExitOk;
  }
  try {
    if (command == "index") return run_index(argc - 1, argv + 1);
    if (command == "search") return run_search(argc - 1, argv + 1);
    if (command == "stats") return run_stats(argc - 1, argv + 1);
    if (command == "bench") return run_bench(argc - 1, argv + 1);
    if (command == "eval") return run_eval(argc - 1, argv + 1);
    if (command == "check") return run_check(argc - 1, argv + 1);
  } catch (const std::exception& e) {
    std::cerr << "quarry " << command << ": internal error: " << e.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "quarry: unknown command '" << command << "'\n";
  print_usage(std::cerr);
  return kExitUsage;
}

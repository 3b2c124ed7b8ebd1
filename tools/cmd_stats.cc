// quarry stats: counts and the bytes of each part of an index.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "quarry/index_reader.h"
#include "tools/cli.h"
#include "tools/command_line.h"

namespace po = boost::program_options;

namespace quarry::internal::cli {

int run_stats(int argc, char** argv) {
  po::options_description visible("usage: quarry stats INDEX\n\noptions");
  visible.add_options()("help,h", "show this help");
  std::string index_dir;
  po::options_description hidden;
  hidden.add_options()("index", po::value(&index_dir));
  po::positional_options_description positional;
  positional.add("index", 1);
  po::variables_map vm;
  if (auto done = parse_command_line("stats", argc, argv, visible, hidden, positional, vm)) return *done;
  if (!vm.count("index")) return usage_error("stats", "missing INDEX");
  // Through the public library: the command is one of its users.
  OpenOptions options;
  options.verify_checksums = true;
  auto opened = quarry::IndexReader::open(index_dir, options);
  if (!opened.is_ok()) return report("stats", opened.status());
  const IndexStats st = (*opened)->stats();
  auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("index           %s (format v%u, generation %llu)\n", index_dir.c_str(), st.format_version, u(st.generation));
  std::printf("analyzer        %s, stemming: %s\n", st.tokenizer.c_str(), st.stemming.c_str());
  std::printf("documents       %llu\n", u(st.documents));
  std::printf("segments        %u\n", st.segments);
  std::printf("terms           %llu (summed over segments; body and title fields)\n", u(st.terms));
  std::printf("postings        %llu\n", u(st.postings));
  std::printf("positions       %llu\n", u(st.positions));
  std::printf("avg length      body %.1f, title %.1f tokens\n", st.average_body_length, st.average_title_length);
  std::printf("bytes\n");
  std::printf("  dictionary    %12llu\n", u(st.dictionary_bytes));
  std::printf("  postings      %12llu\n", u(st.postings_bytes));
  std::printf("  positions     %12llu\n", u(st.positions_bytes));
  std::printf("  lengths       %12llu\n", u(st.lengths_bytes));
  std::printf("  stored docs   %12llu\n", u(st.stored_bytes));
  std::printf("  total         %12llu\n",
              u(st.dictionary_bytes + st.postings_bytes + st.positions_bytes + st.lengths_bytes + st.stored_bytes));
  return kExitOk;
}

}  // namespace quarry::internal::cli

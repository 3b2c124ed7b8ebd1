// quarry stats: counts and the bytes of each part of an index.
#include <cstdio>
#include <iostream>

#include "quarry/index_reader.h"
#include "tools/cli.h"
#include "tools/command_line.h"


namespace quarry::internal::cli {

int run_stats(int argc, char** argv) {
  std::string index_dir;
  if (auto done = parse_index_argument("stats", "usage: quarry stats INDEX\n\noptions", argc, argv, index_dir)) {
    return *done;
  }
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
  std::printf("terms           %llu (summed over segments; body and title words, and word pairs)\n", u(st.terms));
  std::printf("pair words      %u (frequent words whose adjacent pairs are indexed for phrases)\n", st.pair_words);
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

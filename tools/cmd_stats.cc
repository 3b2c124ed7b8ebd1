// quarry stats: counts and the bytes of each part of an index.
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "index/index_reader.h"
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
  auto opened = IndexReader::open(index_dir);
  if (!opened.is_ok()) return report("stats", opened.status());
  const IndexReader& r = **opened;
  uint64_t terms = 0, postings = 0, positions = 0;
  SegmentReader::FileSizes bytes{0, 0, 0, 0, 0};
  for (size_t s = 0; s < r.segment_count(); ++s) {
    const SegmentInfo& info = r.segment(s).info();
    terms += info.term_count;
    postings += info.posting_count;
    positions += info.position_count;
    const auto b = r.segment(s).file_sizes();
    bytes.dictionary += b.dictionary;
    bytes.postings += b.postings;
    bytes.positions += b.positions;
    bytes.lengths += b.lengths;
    bytes.stored += b.stored;
  }
  const uint64_t total = bytes.dictionary + bytes.postings + bytes.positions + bytes.lengths + bytes.stored;
  auto u = [](uint64_t v) { return static_cast<unsigned long long>(v); };
  std::printf("index           %s (format v%u, generation %llu)\n", index_dir.c_str(), 1u, u(r.manifest().generation));
  std::printf("analyzer        %s, stemming: %s\n", r.manifest().tokenizer.c_str(),
              r.manifest().analyzer.stem_language.c_str());
  std::printf("documents       %llu\n", u(r.doc_count()));
  std::printf("segments        %zu\n", r.segment_count());
  std::printf("terms           %llu (summed over segments; body and title fields)\n", u(terms));
  std::printf("postings        %llu\n", u(postings));
  std::printf("positions       %llu\n", u(positions));
  std::printf("avg length      body %.1f, title %.1f tokens\n", r.average_length(Field::kBody),
              r.average_length(Field::kTitle));
  std::printf("bytes\n");
  std::printf("  dictionary    %12llu\n", u(bytes.dictionary));
  std::printf("  postings      %12llu\n", u(bytes.postings));
  std::printf("  positions     %12llu\n", u(bytes.positions));
  std::printf("  lengths       %12llu\n", u(bytes.lengths));
  std::printf("  stored docs   %12llu\n", u(bytes.stored));
  std::printf("  total         %12llu\n", u(total));
  return kExitOk;
}

}  // namespace quarry::internal::cli

// quarry index: stream documents from the inputs into a new index, committed atomically.
#include <cstdint>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "index/document_source.h"
#include "index/index_writer.h"
#include "tools/cli.h"
#include "tools/command_line.h"

namespace po = boost::program_options;

namespace quarry::internal::cli {

int run_index(int argc, char** argv) {
  po::options_description visible(
      "usage: quarry index INPUT... -o INDEX [options]\n\n"
      "INPUT is a directory (every .txt/.md file is a document; id = relative path,\n"
      "title = first non-empty line) or a JSON Lines file of {\"id\",\"title\",\"text\"}\n"
      "objects; any input may be .gz or .zst compressed. The new index replaces the\n"
      "old one atomically: a failure leaves the previous index readable.\n\noptions");
  std::string output, stem;
  int64_t memory_mb = 256;  // signed: Boost would wrap "-1" into a huge unsigned value
  int zstd_level = 6;
  int threads = 2;
  int64_t pair_words = 128;
  visible.add_options()("help,h", "show this help")
      ("output,o", po::value(&output)->required(), "index directory to write")
      ("stem", po::value(&stem)->default_value("english"), "Snowball stemmer: english, none, french, ...")
      ("memory", po::value(&memory_mb)->default_value(256), "flush a segment when postings reach this many MB")
      ("zstd-level", po::value(&zstd_level)->default_value(6), "compression level of stored documents (1-19)")
      ("threads", po::value(&threads)->default_value(2), "1: one thread; 2: analysis, inversion and store compression in parallel")
      ("pair-words", po::value(&pair_words)->default_value(128),
       "index adjacent pairs of the N most frequent words, for fast phrases (0: none)")
      ("no-merge", "keep the segments flushed at the memory budget instead of merging them into one")
      ("quiet,q", "print nothing on success");
  po::options_description hidden;
  std::vector<std::string> inputs;
  hidden.add_options()("input", po::value(&inputs));
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  if (auto done = parse_command_line("index", argc, argv, visible, hidden, positional, vm)) return *done;
  if (inputs.empty()) return usage_error("index", "no INPUT given");
  if (memory_mb < 1 || memory_mb > (int64_t{1} << 20)) return usage_error("index", "--memory must be between 1 and 1048576 (MB)");
  if (pair_words < 0 || pair_words > 65536) return usage_error("index", "--pair-words must be between 0 and 65536");
  if (zstd_level < 1 || zstd_level > 19) return usage_error("index", "--zstd-level must be between 1 and 19");
  if (threads < 1) return usage_error("index", "--threads must be at least 1");

  const auto start = std::chrono::steady_clock::now();
  IndexWriterOptions options;
  options.analyzer.stem_language = stem;
  options.flush_bytes = static_cast<size_t>(memory_mb) << 20;
  options.zstd_level = zstd_level;
  options.threads = threads;
  options.pair_words = static_cast<size_t>(pair_words);
  options.merge_segments = vm.count("no-merge") == 0;
  auto source = DocumentSource::open(inputs);
  if (!source.is_ok()) return report("index", source.status());
  auto writer = IndexWriter::create(output, options);
  if (!writer.is_ok()) return report("index", writer.status());
  SourceDocument doc;
  for (;;) {
    auto more = (*source)->next(doc);
    if (!more.is_ok()) return report("index", more.status());
    if (!*more) break;
    Status s = (*writer)->add(std::move(doc.id), std::move(doc.title), std::move(doc.text));
    if (!s.is_ok()) return report("index", s);
  }
  Status s = (*writer)->commit();
  if (!s.is_ok()) return report("index", s);
  if (!vm.count("quiet")) {
    const IndexingSummary& sum = (*writer)->summary();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("indexed %llu documents (%.1f MB) into %s in %.2f s: %llu segment(s)%s",
                static_cast<unsigned long long>(sum.documents), static_cast<double>(sum.bytes_read) / 1e6,
                output.c_str(), secs, static_cast<unsigned long long>(sum.segments),
                sum.segments > 1 && options.merge_segments ? " merged into one" : "");
    if (sum.invalid_utf8_replaced > 0) {
      std::printf(", %llu invalid UTF-8 sequence(s) replaced by U+FFFD",
                  static_cast<unsigned long long>(sum.invalid_utf8_replaced));
    }
    std::printf("\n");
  }
  return kExitOk;
}

}  // namespace quarry::internal::cli

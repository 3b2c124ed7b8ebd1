// Builds a complete index in a directory: segments flushed at a memory budget,
// then one atomic manifest switch. Until commit() returns, readers of the
// directory see the previous index (if any) unchanged.
#pragma once

#include <memory>
#include <span>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "index/analyzer.h"
#include "index/manifest.h"
#include "index/bounded_queue.h"
#include "index/pair_word_sampler.h"
#include "index/segment_writer.h"

namespace quarry::internal {

struct IndexWriterOptions {
  AnalyzerSettings analyzer;
  // 1: analyze and invert in the calling thread. 2 or more: the caller
  // analyzes while a second thread inverts and writes (a two-stage pipeline),
  // and a third compresses the stored documents once their dictionary is chosen.
  int threads = 2;
  size_t flush_bytes = size_t{256} << 20;  // flush a segment when the inverter holds this much
  int zstd_level = 6;
  // On commit, merge the segments flushed at the memory budget into one, so
  // queries read one dictionary and one posting list per term.
  bool merge_segments = true;
  // A merge reads at most this many segments at once (each holds a few
  // megabytes of mapped pages while read); with more, groups of them are
  // merged first, as few as bring the count down to this.
  size_t max_merge_inputs = 64;
  // Pair words: the most frequent words of the first documents (see
  // PairWordSampler), at most this many; their adjacent pairs are indexed so
  // phrases of frequent words read short lists. 0 indexes no pairs.
  size_t pair_words = 128;
};

struct IndexingSummary {
  uint64_t documents = 0;
  uint64_t bytes_read = 0;
  uint64_t invalid_utf8_replaced = 0;  // sequences replaced by U+FFFD
  uint64_t segments = 0;
};

class IndexWriter {
 public:
  ~IndexWriter();
  // Creates dir if needed and takes its write lock (IOError if another writer
  // holds it). The new index replaces whatever index dir holds, on commit().
  static Result<std::unique_ptr<IndexWriter>> create(const std::string& dir, const IndexWriterOptions& options);
  // Adds a document. Invalid UTF-8 in any field is replaced by U+FFFD and counted.
  Status add(std::string id, std::string title, std::string text);
  // Flushes, switches the manifest, then deletes files of earlier generations.
  Status commit();
  const IndexingSummary& summary() const { return summary_; }

 private:
  IndexWriter() = default;
  Status flush();
  Status merge();
  // Merges group into segment seg-<generation>-<number>, then deletes the group's files.
  Result<SegmentInfo> merge_group(std::span<const SegmentInfo> group, size_t number);
  Status invert(AnalyzedDocument doc);  // on the inverting thread
  Status finish_sampling();           // chooses the pair words, then inverts the held documents
  Status submit_batch();
  void run_inverter();
  Status inverter_status();

  std::string dir_;
  IndexWriterOptions options_;
  std::unique_ptr<Analyzer> analyzer_;
  std::unique_ptr<SegmentWriter> segment_;
  // The build's store dictionary, given to the segments flushed after it is
  // known: the merge then copies their compressed blocks instead of
  // compressing them again. It is the first segment's when that segment
  // trained it on a full sample of its documents; with a memory budget too
  // small for that, one trained here on the build's first documents
  // (store_sample_), and the segments flushed before it are recompressed
  // with it when merged.
  std::optional<std::string> store_dictionary_;
  std::vector<std::string> store_sample_;  // raw store blocks of the first documents, while no dictionary
  size_t store_sample_bytes_ = 0;
  void sample_for_store(const AnalyzedDocument& doc);
  Status choose_store_dictionary();  // after a flush
  std::unique_ptr<PairWordSampler> sampler_;  // until the pair words are chosen
  Manifest manifest_;
  IndexingSummary summary_;
  bool committed_ = false;
  // The pipeline: batches of analyzed documents travel to the inverting thread.
  std::vector<AnalyzedDocument> batch_;
  std::unique_ptr<BoundedQueue<std::vector<AnalyzedDocument>>> queue_;
  std::thread inverter_;
  std::mutex status_mu_;
  Status inverter_status_;
  int lock_fd_ = -1;  // holds an exclusive flock on <dir>/write.lock
};

}  // namespace quarry::internal

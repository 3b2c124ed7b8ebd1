// Segment rotation, manifest commit and cleanup of superseded files.
#include "index/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "index/doc_store.h"
#include "index/segment_merger.h"

namespace quarry::internal {
namespace fs = std::filesystem;

namespace {

// Files of ours that a commit may delete once no manifest names them.
bool is_segment_file(const std::string& name) {
  if (!name.starts_with("seg-")) return false;
  for (const char* ext : {".dict", ".doc", ".pos", ".len", ".store"}) {
    if (name.ends_with(ext)) return true;
  }
  return false;
}

}  // namespace

// Documents per batch handed to the inverting thread, and batches in flight.
inline constexpr size_t kBatchDocs = 256;
inline constexpr size_t kBatchesInFlight = 4;
// Documents sampled to choose the pair words, and the memory they may hold:
// the flush budget, within [8, 64] MB, so that the choice (and the index)
// rarely depends on the budget.
inline constexpr size_t kPairSampleDocs = 10000;
inline constexpr size_t kPairSampleMinBytes = size_t{8} << 20;
inline constexpr size_t kPairSampleMaxBytes = size_t{64} << 20;

IndexWriter::~IndexWriter() {
  if (queue_) {
    queue_->close();  // abandoned without commit: stop the pipeline, write nothing more
    if (inverter_.joinable()) inverter_.join();
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::create(const std::string& dir, const IndexWriterOptions& options) {
  std::unique_ptr<IndexWriter> w(new IndexWriter());
  w->dir_ = dir;
  w->options_ = options;
  QUARRY_ASSIGN_OR_RETURN(w->analyzer_, Analyzer::create(options.analyzer));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::io_error(dir + ": cannot create index directory: " + ec.message());
  if (!fs::is_directory(dir, ec)) return Status::invalid_argument(dir + ": exists and is not a directory");
  const std::string lock_path = (fs::path(dir) / "write.lock").string();
  w->lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (w->lock_fd_ < 0) return Status::io_error(lock_path + ": cannot open lock file");
  if (::flock(w->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::io_error(dir + ": another process is writing this index (write.lock is held)");
  }
  // Generations only grow, so new segment names never collide with live ones.
  auto previous = read_manifest(dir);
  w->manifest_.generation = previous.is_ok() ? previous->generation + 1 : 1;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_segment_file(name)) {
      // A crashed earlier run may have left files of a higher generation.
      const auto dash = name.find('-', 4);
      if (dash != std::string::npos) {
        const uint64_t gen = std::strtoull(name.c_str() + 4, nullptr, 10);
        if (gen >= w->manifest_.generation) w->manifest_.generation = gen + 1;
      }
    }
  }
  w->manifest_.analyzer = options.analyzer;
  if (options.pair_words > 0) {
    w->sampler_ = std::make_unique<PairWordSampler>(kPairSampleDocs,
                                                    std::clamp(options.flush_bytes, kPairSampleMinBytes, kPairSampleMaxBytes));
  }
  if (options.threads > 1) {
    w->queue_ = std::make_unique<BoundedQueue<std::vector<AnalyzedDocument>>>(kBatchesInFlight);
    w->inverter_ = std::thread([p = w.get()] { p->run_inverter(); });
  }
  return w;
}

void IndexWriter::run_inverter() {
  while (auto batch = queue_->pop()) {
    for (AnalyzedDocument& doc : *batch) {
      Status s = invert(std::move(doc));
      if (!s.is_ok()) {
        {
          std::lock_guard<std::mutex> lock(status_mu_);
          inverter_status_ = s;
        }
        queue_->close();  // the producer sees the error on its next add()
        return;
      }
    }
  }
}

Status IndexWriter::inverter_status() {
  std::lock_guard<std::mutex> lock(status_mu_);
  return inverter_status_;
}

Status IndexWriter::invert(AnalyzedDocument doc) {
  if (sampler_) {
    sampler_->add(std::move(doc));
    return sampler_->full() ? finish_sampling() : Status::ok();
  }
  if (!segment_) {
    const std::string name =
        "seg-" + std::to_string(manifest_.generation) + "-" + std::to_string(manifest_.segments.size());
    QUARRY_ASSIGN_OR_RETURN(segment_, SegmentWriter::create(dir_, name, options_.zstd_level, manifest_.pair_words,
                                                            store_dictionary_ ? &*store_dictionary_ : nullptr,
                                                            /*background_store=*/options_.threads >= 2));
  }
  if (!store_dictionary_) sample_for_store(doc);
  QUARRY_RETURN_IF_ERROR(segment_->add(doc));
  if (segment_->memory_bytes() >= options_.flush_bytes) return flush();
  return Status::ok();
}

// The records as the store writes them (id, title, text), in blocks closed
// where it closes them, up to the block that reaches kStoreTrainingBytes: the
// sample a one-segment build's store trains its dictionary on.
void IndexWriter::sample_for_store(const AnalyzedDocument& doc) {
  if (store_sample_.empty() || store_sample_.back().size() >= kStoreBlockBytes) {
    if (store_sample_bytes_ >= kStoreTrainingBytes) return;
    store_sample_.emplace_back();
  }
  std::string& block = store_sample_.back();
  const size_t before = block.size();
  append_stored_record(block, doc.id, doc.title, doc.text);
  store_sample_bytes_ += block.size() - before;
}

Status IndexWriter::choose_store_dictionary() {
  if (segment_->store_dictionary_from_full_sample()) {
    store_dictionary_ = segment_->store_dictionary();
  } else if (store_sample_bytes_ >= kStoreTrainingBytes) {
    QUARRY_ASSIGN_OR_RETURN(std::string trained, train_store_dictionary(store_sample_, options_.zstd_level));
    store_dictionary_ = std::move(trained);
  } else {
    return Status::ok();  // not enough documents yet: the next segment trains its own
  }
  store_sample_.clear();
  store_sample_.shrink_to_fit();
  return Status::ok();
}

Status IndexWriter::finish_sampling() {
  manifest_.pair_words = sampler_->choose(options_.pair_words);
  std::vector<AnalyzedDocument> held = sampler_->take_documents();
  sampler_.reset();
  for (AnalyzedDocument& doc : held) QUARRY_RETURN_IF_ERROR(invert(std::move(doc)));
  return Status::ok();
}

Status IndexWriter::submit_batch() {
  if (batch_.empty()) return Status::ok();
  std::vector<AnalyzedDocument> full;
  full.swap(batch_);
  if (!queue_->push(std::move(full))) return inverter_status();
  batch_.reserve(kBatchDocs);
  return Status::ok();
}

Status IndexWriter::add(std::string id, std::string title, std::string text) {
  if (committed_) return Status::invalid_argument("index writer already committed");
  summary_.bytes_read += id.size() + title.size() + text.size();
  summary_.invalid_utf8_replaced += sanitize_utf8(id) + sanitize_utf8(text);
  const size_t in_title = sanitize_utf8(title);
  // A title that opens the text (a text file's first line) was counted with the text.
  if (!starts_with_title(text, title)) summary_.invalid_utf8_replaced += in_title;
  AnalyzedDocument doc;
  doc.id = std::move(id);
  doc.title = std::move(title);
  doc.text = std::move(text);
  analyze_document(*analyzer_, doc);
  ++summary_.documents;
  if (!queue_) return invert(std::move(doc));
  QUARRY_RETURN_IF_ERROR(inverter_status());
  batch_.push_back(std::move(doc));
  if (batch_.size() >= kBatchDocs) return submit_batch();
  return Status::ok();
}

Status IndexWriter::flush() {
  if (sampler_) QUARRY_RETURN_IF_ERROR(finish_sampling());
  if (!segment_) return Status::ok();
  QUARRY_ASSIGN_OR_RETURN(SegmentInfo info, segment_->finish());
  if (!store_dictionary_) QUARRY_RETURN_IF_ERROR(choose_store_dictionary());
  segment_.reset();
  manifest_.segments.push_back(std::move(info));
  ++summary_.segments;
  return Status::ok();
}

Status IndexWriter::merge() {
  const size_t fan_in = std::max<size_t>(2, options_.max_merge_inputs);
  size_t next_name = manifest_.segments.size();  // flushed segments are numbered 0 .. count - 1
  auto& segments = manifest_.segments;
  // Until the final merge can read them all at once: groups of consecutive
  // segments merged first, as few as bring the count down to fan_in (a
  // group of g removes g - 1), so that little is written twice (10M
  // documents, 143 segments: groups of 64 and 17, then one merge of 64).
  while (segments.size() > fan_in) {
    size_t excess = segments.size() - fan_in;
    std::vector<SegmentInfo> next;
    for (size_t first = 0; first < segments.size();) {
      const size_t g = std::min({fan_in, excess + 1, segments.size() - first});
      if (g < 2) {
        next.push_back(std::move(segments[first++]));
        continue;
      }
      QUARRY_ASSIGN_OR_RETURN(SegmentInfo out, merge_group(std::span(segments).subspan(first, g), next_name++));
      next.push_back(std::move(out));
      excess -= g - 1;
      first += g;
    }
    segments = std::move(next);
  }
  if (segments.size() > 1) {
    QUARRY_ASSIGN_OR_RETURN(SegmentInfo out, merge_group(segments, next_name));
    segments = {std::move(out)};
  }
  return Status::ok();
}

Result<SegmentInfo> IndexWriter::merge_group(std::span<const SegmentInfo> group, size_t number) {
  SegmentInfo out;
  {
    std::vector<std::unique_ptr<SegmentReader>> readers;
    std::vector<const SegmentReader*> inputs;
    for (const SegmentInfo& info : group) {
      // Verified: the merge re-seals what it reads under new checksums, so
      // damage to a segment since it was written must stop it here.
      QUARRY_ASSIGN_OR_RETURN(auto r, SegmentReader::open(dir_, info, /*verify=*/true));
      inputs.push_back(r.get());
      readers.push_back(std::move(r));
    }
    const std::string name = "seg-" + std::to_string(manifest_.generation) + "-" + std::to_string(number);
    QUARRY_ASSIGN_OR_RETURN(out, merge_segments(dir_, inputs, name,
                                                store_dictionary_ ? &*store_dictionary_ : nullptr, options_.zstd_level));
  }
  // The inputs are this build's own (no manifest names them): gone now, a
  // merge in rounds needs no more disk than one merge.
  std::error_code ec;
  for (const SegmentInfo& info : group) {
    for (const auto& [file, kind] : segment_files(info.name)) fs::remove(fs::path(dir_) / file, ec);
  }
  return out;
}

Status IndexWriter::commit() {
  if (committed_) return Status::invalid_argument("index writer already committed");
  if (queue_) {
    Status submitted = submit_batch();
    queue_->close();
    inverter_.join();
    QUARRY_RETURN_IF_ERROR(submitted);
    QUARRY_RETURN_IF_ERROR(inverter_status());
  }
  QUARRY_RETURN_IF_ERROR(flush());
  if (options_.merge_segments && manifest_.segments.size() > 1) QUARRY_RETURN_IF_ERROR(merge());
  QUARRY_RETURN_IF_ERROR(fsync_directory(dir_));
  QUARRY_RETURN_IF_ERROR(write_manifest(dir_, manifest_));
  committed_ = true;
  std::set<std::string> live;
  for (const auto& s : manifest_.segments) {
    for (const auto& [file, kind] : segment_files(s.name)) live.insert(file);
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_segment_file(name) && !live.count(name)) fs::remove(entry.path(), ec);
  }
  return Status::ok();
}

}  // namespace quarry::internal

// Deep verification of an index, file by file.
#include "index/index_checker.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "index/bytes.h"
#include "index/manifest.h"
#include "index/segment_reader.h"
#include "index/term_keys.h"

namespace quarry::internal {
namespace {

class Checker {
 public:
  Checker(CheckReport& report, const Manifest& manifest) : report_(report), manifest_(manifest) {}

  // Records the first fault of each file; returns false so callers can stop.
  bool fault(const std::string& file, const std::string& message) {
    for (const auto& f : report_.faults) {
      if (f.file == file) return false;
    }
    report_.faults.push_back({file, message});
    return false;
  }

  void check_segment(const std::string& dir, const SegmentInfo& info) {
    auto opened = SegmentReader::open(dir, info, /*verify=*/true);
    if (!opened.is_ok()) {
      fault(info.name, opened.status().message());
      return;
    }
    const SegmentReader& seg = **opened;
    check_lengths(seg);
    check_postings(seg);
    check_store(seg);
  }

 private:
  void check_lengths(const SegmentReader& seg) {
    if (Status chunks = seg.lengths().verify_all(); !chunks.is_ok()) fault(seg.info().name + ".len", chunks.message());
    for (int f = 0; f < kFieldCount; ++f) {
      uint64_t sum = 0;
      for (DocId d = 0; d < seg.doc_count(); ++d) sum += seg.lengths().length(Field(f), d);
      if (sum != seg.info().field_length_sum[f]) {
        fault(seg.info().name + ".len", "field " + std::to_string(f) + " lengths sum to " + std::to_string(sum) +
                                            ", the manifest says " + std::to_string(seg.info().field_length_sum[f]));
      }
    }
  }

  void check_postings(const SegmentReader& seg) {
    const std::string dict = seg.info().name + ".dict", doc = seg.info().name + ".doc";
    std::string previous;
    bool first = true;
    uint64_t postings = 0, positions = 0, terms = 0;
    bool stopped = false;
    if (Status index = seg.dictionary().verify_index(); !index.is_ok()) fault(dict, index.message());
    Status s = seg.dictionary().for_each([&](std::string_view key, const TermInfo& info) {
      stopped = true;  // cleared below when the term passes
      ++terms;
      if (!first && key <= previous) return fault(dict, "terms out of order at '" + printable_key(key) + "'");
      if (!key_field(key)) return fault(dict, "unknown field in a key");
      if (is_pair_key(key) && !valid_pair(key)) return fault(dict, "pair key '" + printable_key(key) + "' is malformed or names a word that is not a pair word");
      first = false;
      previous.assign(key);
      if (!check_term(seg, key, info)) return false;
      postings += info.df;
      positions += info.cf;
      stopped = false;
      return true;
    });
    if (!s.is_ok()) fault(dict, s.message());
    report_.terms_checked += terms;
    report_.postings_checked += postings;
    const SegmentInfo& i = seg.info();
    if (s.is_ok() && !stopped && (terms != i.term_count || postings != i.posting_count || positions != i.position_count)) {
      fault("manifest", "segment " + i.name + " totals (terms, postings, positions) disagree with its files");
    }
  }

  bool check_term(const SegmentReader& seg, std::string_view key, const TermInfo& info) {
    const std::string doc_file = seg.info().name + ".doc", pos_file = seg.info().name + ".pos";
    const std::string term = "term '" + printable_key(key) + "'";
    auto cursor = seg.cursor(info);
    if (!cursor.is_ok()) return fault(doc_file, term + ": " + cursor.status().message());
    PostingCursor& c = *cursor;
    const Field field = *key_field(key);
    uint64_t df = 0, cf = 0;
    uint32_t max_tf = 0, min_len = std::numeric_limits<uint32_t>::max();
    DocId block_last = c.doc() == kNoMoreDocs ? 0 : c.block_last_doc();
    SkipEntry entry = c.block_entry();  // of the block being checked
    block_docs_.clear();
    one_block_ = info.df <= kBlockSize;
    int64_t previous = -1;
    for (; c.doc() != kNoMoreDocs; c.next()) {
      const DocId d = c.doc();
      if (static_cast<int64_t>(d) <= previous || d >= seg.doc_count()) {
        return fault(doc_file, term + ": doc id " + std::to_string(d) + " out of order or range");
      }
      if (d > block_last) {  // entered the next block: the finished one's impacts must be exact
        if (!impacts_exact(entry)) return fault(doc_file, term + ": block maxima are not exact");
        entry = c.block_entry();
        block_docs_.clear();
      }
      block_last = c.block_last_doc();
      previous = d;
      const uint32_t tf = c.freq(), len = seg.lengths().length(field, d);
      const auto pos = c.positions();
      if (pos.size() != tf) return fault(pos_file, term + ": positions of doc " + std::to_string(d) + " unreadable");
      for (size_t j = 0; j < pos.size(); ++j) {
        if (pos[j] >= len || (j > 0 && pos[j] <= pos[j - 1])) {
          return fault(pos_file, term + ": position " + std::to_string(pos[j]) + " of doc " + std::to_string(d) +
                                     " is out of order or beyond the document's length " + std::to_string(len));
        }
      }
      ++df;
      cf += tf;
      max_tf = std::max(max_tf, tf);
      min_len = std::min(min_len, len);
      block_docs_.push_back({tf, len});
    }
    if (!c.error().is_ok()) return fault(doc_file, term + ": " + c.error().message());
    if (!block_docs_.empty() && !impacts_exact(entry)) return fault(doc_file, term + ": block maxima are not exact");
    if (df != info.df || cf != info.cf) return fault(seg.info().name + ".dict", term + ": df or cf disagrees with postings");
    if (max_tf != info.max_tf || min_len != info.min_len) {
      return fault(seg.info().name + ".dict", term + ": max tf or min length is not exact");
    }
    return true;
  }

  void check_store(const SegmentReader& seg) {
    const std::string file = seg.info().name + ".store";
    uint32_t expected_first = 0;
    for (uint32_t b = 0; b < seg.store().block_count(); ++b) {
      auto block = seg.store().read_block(b);
      if (!block.is_ok()) {
        fault(file, block.status().message());
        return;
      }
      if (block->first_doc != expected_first) {
        fault(file, "block " + std::to_string(b) + " does not start where the previous one ended");
        return;
      }
      ByteReader r(block->raw);
      std::string_view id, title, text;
      for (uint32_t i = 0; i < block->doc_count; ++i) {
        if (!r.str(id) || !r.str(title) || !r.str(text)) {
          fault(file, "block " + std::to_string(b) + " has a malformed record");
          return;
        }
      }
      if (!r.at_end()) {
        fault(file, "block " + std::to_string(b) + " has trailing bytes");
        return;
      }
      expected_first += block->doc_count;
    }
    if (expected_first != seg.doc_count()) fault(file, "holds " + std::to_string(expected_first) + " documents");
    report_.documents_checked += expected_first;
  }

  // A pair key joins two words of the manifest's list, in the key's field.
  bool valid_pair(std::string_view key) const {
    const auto words = split_pair_key(key);
    if (!words) return false;
    const Field field = *key_field(key);
    return manifest_.is_pair_word(term_key(field, words->first)) && manifest_.is_pair_word(term_key(field, words->second));
  }

  // The block's impacts as the writer computes them, against what its skip entry says.
  bool impacts_exact(const SkipEntry& entry) {
    if (one_block_) return true;  // no skip entry on disk: the dictionary's max tf and min length are checked
    Impact expected[kImpactsPerBlock];
    compute_impacts(block_docs_, expected);
    return std::equal(std::begin(expected), std::end(expected), std::begin(entry.impacts));
  }

  CheckReport& report_;
  const Manifest& manifest_;
  std::vector<Impact> block_docs_;  // (tf, length) of the block being checked
  bool one_block_ = false;
};

}  // namespace

Result<CheckReport> check_index(const std::string& dir) {
  CheckReport report;
  auto manifest = read_manifest(dir);
  if (!manifest.is_ok()) {
    if (manifest.status().code() == StatusCode::kNotFound) return manifest.status();
    report.faults.push_back({"manifest", manifest.status().message()});
    return report;
  }
  Checker checker(report, *manifest);
  for (const SegmentInfo& info : manifest->segments) checker.check_segment(dir, info);
  return report;
}

}  // namespace quarry::internal

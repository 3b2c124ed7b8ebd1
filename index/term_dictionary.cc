// Writing and looking up the blocked, front-coded term dictionary.
#include "index/term_dictionary.h"

#include <xxhash.h>

#include <algorithm>

#include "index/index_search.h"

namespace quarry::internal {

namespace {

// A dictionary block's check: the low 32 bits of XXH3-64 over its entries.
uint32_t block_check(const void* data, size_t size) { return static_cast<uint32_t>(XXH3_64bits(data, size)); }

// The first 8 bytes of a key, zero-padded, as a big-endian number: a smaller
// prefix means a smaller key; equal prefixes need the whole keys compared.
uint64_t key_prefix(std::string_view key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = (v << 8) | (i < key.size() ? static_cast<uint8_t>(key[i]) : 0);
  return v;
}

}  // namespace

Status TermDictionaryWriter::add(std::string_view key, const TermInfo& info) {
  if (info.doc_offset < last_doc_offset_ || info.pos_offset < last_pos_offset_) {
    return Status::invalid_argument("dictionary entries must have increasing offsets");
  }
  if (in_block_ == terms_per_block_) QUARRY_RETURN_IF_ERROR(flush_block());
  if (in_block_ == 0) {
    ByteWriter index(offsets_);
    index.u64(file_.offset() + block_.size());
    index.u64(key_prefix(key));  // v2: the block head's prefix, so a lookup searches the index alone
    last_key_.clear();
    last_doc_offset_ = last_pos_offset_ = 0;  // a block's first entry has absolute offsets
  }
  size_t shared = 0;
  const size_t limit = std::min(key.size(), last_key_.size());
  while (shared < limit && key[shared] == last_key_[shared]) ++shared;
  ByteWriter w(block_);
  w.varint(shared);
  w.str(key.substr(shared));
  w.varint(info.df);
  w.varint(info.cf - info.df);
  // Terms' postings follow each other in key order: within a block, offsets
  // are stored as the distance from the previous entry's (v2).
  w.varint(info.doc_offset - last_doc_offset_);
  w.varint(info.pos_offset - last_pos_offset_);
  last_doc_offset_ = info.doc_offset;
  last_pos_offset_ = info.pos_offset;
  w.varint(info.max_tf);
  w.varint(info.min_len);
  last_key_.assign(key);
  ++in_block_;
  ++term_count_;
  return Status::ok();
}

Status TermDictionaryWriter::flush_block() {
  if (in_block_ == 0) return Status::ok();
  ByteWriter(block_).u32(block_check(block_.data(), block_.size()));
  QUARRY_RETURN_IF_ERROR(file_.append(block_));
  block_.clear();
  in_block_ = 0;
  return Status::ok();
}

Status TermDictionaryWriter::finish() {
  QUARRY_RETURN_IF_ERROR(flush_block());
  const uint64_t index_offset = file_.offset();
  QUARRY_RETURN_IF_ERROR(file_.append(offsets_));
  std::string trailer;
  ByteWriter w(trailer);
  w.u64(term_count_);
  w.u64(offsets_.size() / kIndexEntrySize);
  w.u64(index_offset);
  return file_.append(trailer);
}

Result<std::unique_ptr<TermDictionaryReader>> TermDictionaryReader::open(const MappedFile& file) {
  std::unique_ptr<TermDictionaryReader> d(new TermDictionaryReader(file));
  const uint8_t* end = file.body_end();
  if (static_cast<size_t>(end - file.body_begin()) < 24) return file.corruption("dictionary trailer missing", 0);
  ByteReader t(end - 24, end);
  t.u64(d->term_count_);
  t.u64(d->block_count_);
  t.u64(d->index_offset_);
  const uint64_t trailer_at = file.size() - kFooterSize - 24;
  d->block_checks_ = file.format_version() >= 2;
  d->entry_size_ = d->block_checks_ ? kIndexEntrySize : 8;
  if (d->index_offset_ < kHeaderSize || d->index_offset_ > trailer_at ||
      (trailer_at - d->index_offset_) / d->entry_size_ != d->block_count_ ||
      (trailer_at - d->index_offset_) % d->entry_size_ != 0 ||
      d->term_count_ < d->block_count_ || d->term_count_ > d->block_count_ * kMaxTermsPerBlock) {
    return file.corruption("dictionary trailer is inconsistent", trailer_at);
  }
  d->verified_ = std::make_unique<std::atomic<uint64_t>[]>((d->block_count_ + 63) / 64);
  return d;
}

Status TermDictionaryReader::block_bounds(uint64_t b, uint64_t& begin, uint64_t& end) const {
  begin = block_offset(b);
  end = b + 1 < block_count_ ? block_offset(b + 1) : index_offset_;
  const uint64_t check_size = block_checks_ ? 4 : 0;
  if (begin < kHeaderSize || begin >= end || end > index_offset_ || end - begin <= check_size) {
    return file_.corruption("dictionary block " + std::to_string(b) + " has bad bounds", index_offset_ + entry_size_ * b);
  }
  if (!block_checks_) return Status::ok();
  end -= check_size;
  std::atomic<uint64_t>& word = verified_[b / 64];
  const uint64_t bit = uint64_t{1} << (b % 64);
  if (word.load(std::memory_order_acquire) & bit) return Status::ok();
  uint32_t stored;
  std::memcpy(&stored, file_.data() + end, 4);
  if (stored != block_check(file_.data() + begin, end - begin)) {
    return file_.corruption("dictionary block " + std::to_string(b) + " fails its check (damaged)", begin);
  }
  word.fetch_or(bit, std::memory_order_release);
  return Status::ok();
}

Result<std::string_view> TermDictionaryReader::block_head(uint64_t b) const {
  uint64_t begin = 0, end = 0;
  QUARRY_RETURN_IF_ERROR(block_bounds(b, begin, end));
  ByteReader r(file_.data() + begin, file_.data() + end);
  uint64_t shared;
  std::string_view key;
  if (!r.varint(shared) || shared != 0 || !r.str(key)) return file_.corruption("malformed dictionary block head", begin);
  return key;
}

Status TermDictionaryReader::verify_index() const {
  if (!block_checks_) return Status::ok();
  for (uint64_t b = 0; b < block_count_; ++b) {
    QUARRY_ASSIGN_OR_RETURN(std::string_view head, block_head(b));
    if (key_prefix(head) != head_prefix(b)) {
      return file_.corruption("dictionary block " + std::to_string(b) + ": head prefix disagrees with its first key",
                              index_offset_ + entry_size_ * b);
    }
  }
  return Status::ok();
}

Status TermDictionaryReader::Cursor::load(uint64_t block) {
  block_ = block;
  at_ = 0;
  entries_.clear();
  if (block >= dict_->block_count_) return Status::ok();
  std::string key;
  QUARRY_RETURN_IF_ERROR(dict_->scan_block(block, key, [&](std::string_view k, const TermInfo& info) {
    entries_.emplace_back(std::string(k), info);
    return true;
  }));
  // The entries are copies: a pass over the whole dictionary (a merge of
  // many segments reads all of theirs) drops the pages it has read.
  dict_->file_.release_before(dict_->block_offset(block));
  return Status::ok();
}

Status TermDictionaryReader::Cursor::next() {
  if (++at_ < entries_.size()) return Status::ok();
  return load(block_ + 1);
}

Result<TermDictionaryReader::Cursor> TermDictionaryReader::cursor() const {
  Cursor c;
  c.dict_ = this;
  QUARRY_RETURN_IF_ERROR(c.load(0));
  return c;
}

Result<TermInfo> TermDictionaryReader::find(std::string_view key) const {
  QUARRY_ASSIGN_OR_RETURN(TermInfo info, lookup(key));
  if (info.df == 0) return Status::not_found("term not in dictionary");
  return info;
}

Result<TermInfo> TermDictionaryReader::lookup(std::string_view key) const {
  // Last block whose head <= key: lo ends as the number of such blocks.
  uint64_t lo = 0, hi = block_count_;
  const uint64_t want = key_prefix(key);
  if (block_checks_) {
    // v2: narrow by the heads' prefixes in the index, then compare whole
    // heads only where prefixes tie (rare: a gallop finds where they end).
    lo = partition_point_index(lo, hi, [&](uint64_t b) { return head_prefix(b) < want; });
    uint64_t step = 1;
    hi = lo;
    while (hi < block_count_ && head_prefix(hi) <= want) {
      hi += step;
      step *= 2;
    }
    hi = partition_point_index(lo, std::min(hi, block_count_), [&](uint64_t b) { return head_prefix(b) <= want; });
  }
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    QUARRY_ASSIGN_OR_RETURN(std::string_view head, block_head(mid));
    if (head <= key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // The index itself carries no check (v2), so the blocks confirm it: the
  // scanned block's head must agree with its prefix in the index (the search
  // then implies head <= key), and when key lies beyond the block's last
  // entry, the next block's head must exceed key (read only then).
  const auto head_exceeds_key = [&](uint64_t b) -> Result<bool> {
    if (!block_checks_ || b >= block_count_) return true;
    QUARRY_ASSIGN_OR_RETURN(std::string_view head, block_head(b));
    return head > key && key_prefix(head) == head_prefix(b);
  };
  const auto disagree = [&] { return file_.corruption("dictionary block index disagrees with the blocks", index_offset_); };
  TermInfo found;  // df == 0: absent
  if (lo == 0) {
    QUARRY_ASSIGN_OR_RETURN(const bool exceeds, head_exceeds_key(0));
    return exceeds ? Result<TermInfo>(found) : disagree();
  }
  // Scan the block without rebuilding its keys: m is how many leading bytes
  // the previous entry shares with key (that entry being smaller). An entry
  // sharing fewer bytes with its predecessor is larger than key; sharing more,
  // smaller; sharing exactly m, its suffix decides. (Front coding shares the
  // longest common prefix, which the block check vouches for.)
  size_t m = 0;
  bool at_head = true, head_ok = true, settled = false;
  QUARRY_RETURN_IF_ERROR(scan_entries(lo - 1, [&](uint64_t shared, std::string_view suffix, const TermInfo& info) {
    const bool head = at_head;  // shared == 0: suffix is the whole head
    at_head = false;
    if (head && block_checks_) head_ok = key_prefix(suffix) == head_prefix(lo - 1);
    if (shared > m) return true;  // smaller than key, like its predecessor
    settled = true;
    if (shared < m) return false;  // larger: key is absent
    const std::string_view rest = key.substr(shared);  // shared == m <= key.size()
    const auto differ = std::mismatch(rest.begin(), rest.end(), suffix.begin(), suffix.end()).first;
    const size_t c = static_cast<size_t>(differ - rest.begin());
    if (c == suffix.size() && c == rest.size()) {  // equal
      found = info;  // df >= 1: scan_entries rejects 0
      return false;
    }
    const bool smaller = c == suffix.size() || (c < rest.size() && static_cast<uint8_t>(suffix[c]) < static_cast<uint8_t>(rest[c]));
    m = shared + c;
    settled = !smaller;
    return smaller;
  }));
  if (!head_ok) return disagree();
  if (!settled) {  // key is beyond every entry of the block: it must precede the next block
    QUARRY_ASSIGN_OR_RETURN(const bool exceeds, head_exceeds_key(lo));
    if (!exceeds) return disagree();
  }
  return found;
}

}  // namespace quarry::internal

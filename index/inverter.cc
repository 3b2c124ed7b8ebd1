// Accumulates postings per dictionary key in an open-addressing table.
#include "index/inverter.h"

#include <xxhash.h>

#include <algorithm>

#include "index/term_keys.h"

namespace quarry::internal {

uint32_t Inverter::find_or_insert(std::string_view key) {
  if (keys_.size() * 2 >= slots_.size()) grow();
  const uint64_t hash = XXH3_64bits(key.data(), key.size());
  const uint64_t tag = hash >> 32;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const uint64_t slot = slots_[i];
    if (slot == 0) {
      const auto id = static_cast<uint32_t>(keys_.size());
      slots_[i] = (tag << 32) | (id + 1);
      keys_.emplace_back(key);
      postings_.emplace_back();
      is_pair_word_.push_back(pair_words_ && contains_sorted(*pair_words_, key));
      memory_bytes_ += 113 + key.size();
      return id;
    }
    const auto id = static_cast<uint32_t>(slot & 0xffffffffu) - 1;
    if ((slot >> 32) == tag && keys_[id] == key) return id;
  }
}

void Inverter::grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(std::max<size_t>(1024, old.size() * 2), 0);
  memory_bytes_ += (slots_.size() - old.size()) * sizeof(uint64_t);
  const size_t mask = slots_.size() - 1;
  for (uint64_t slot : old) {
    if (slot == 0) continue;
    const std::string& key = keys_[(slot & 0xffffffffu) - 1];
    const uint64_t hash = XXH3_64bits(key.data(), key.size());
    size_t i = hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

namespace {

// Appends v, adding to bytes what the vector's growth allocates: the flush
// budget must see capacity, not size, or doubling hides half the memory.
inline void append(std::vector<uint32_t>& vec, uint32_t v, size_t& bytes) {
  if (vec.size() == vec.capacity()) {
    const size_t before = vec.capacity();
    vec.push_back(v);
    bytes += (vec.capacity() - before) * sizeof(uint32_t);
  } else {
    vec.push_back(v);
  }
}

}  // namespace

void Inverter::add_posting(uint32_t id, DocId doc, uint32_t position) {
  Postings& p = postings_[id];
  if (p.docs.empty() || p.docs.back() != doc) {
    append(p.docs, doc, memory_bytes_);
    append(p.freqs, 0, memory_bytes_);
  }
  ++p.freqs.back();
  append(p.positions, position, memory_bytes_);
}

void Inverter::add(DocId doc, const AnalyzedDocument& analyzed) {
  constexpr uint32_t kNone = UINT32_MAX;
  uint32_t previous = kNone, previous_position = 0;  // the last token, if a pair word
  for (const auto& t : analyzed.tokens) {
    const std::string_view key = std::string_view(analyzed.keys).substr(t.key_begin, t.key_size);
    const uint32_t id = find_or_insert(key);
    add_posting(id, doc, t.position);
    if (!is_pair_word_[id]) {
      previous = kNone;
      continue;
    }
    // Same field (the key's first byte) and adjacent: the pair is recorded at the first word's position.
    if (previous != kNone && t.position == previous_position + 1 && keys_[previous][0] == key[0]) {
      pair_key_into(keys_[previous], key, pair_scratch_);
      add_posting(find_or_insert(pair_scratch_), doc, previous_position);
    }
    previous = id;
    previous_position = t.position;
  }
}

std::vector<std::pair<std::string_view, const Inverter::Postings*>> Inverter::sorted_terms() const {
  std::vector<std::pair<std::string_view, const Postings*>> out;
  out.reserve(keys_.size());
  for (size_t i = 0; i < keys_.size(); ++i) out.emplace_back(keys_[i], &postings_[i]);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void Inverter::clear() {
  slots_.clear();
  keys_.clear();
  postings_.clear();
  is_pair_word_.clear();
  memory_bytes_ = 0;
}

}  // namespace quarry::internal

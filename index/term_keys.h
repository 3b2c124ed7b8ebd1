// Dictionary keys. A word's key is its field's byte then the word. A word
// pair's key (two words at adjacent positions, both on the index's list of
// pair words) is the field's byte with the high bit set, the first word's
// length as a varint, then both words: phrases of frequent words read one
// short list instead of intersecting two long ones.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/types.h"

namespace quarry::internal {

inline constexpr uint8_t kPairKeyBit = 0x80;

// Dictionary key for a term in a field.
std::string term_key(Field field, std::string_view term);

// Dictionary key for the pair "first second" in a field, from the two words' keys.
// REQUIRES: both keys are word keys of the same field.
std::string pair_key(std::string_view first_key, std::string_view second_key);
// The same, appended to out (cleared first): no allocation once out has grown.
void pair_key_into(std::string_view first_key, std::string_view second_key, std::string& out);

inline bool is_pair_key(std::string_view key) {
  return !key.empty() && (static_cast<uint8_t>(key[0]) & kPairKeyBit) != 0;
}

// The field a key belongs to; nullopt for an empty key or an unknown field.
std::optional<Field> key_field(std::string_view key);

// A pair key split into its two words; nullopt if it is malformed.
struct PairWords {
  std::string_view first, second;
};
std::optional<PairWords> split_pair_key(std::string_view key);

// Whether sorted_keys (sorted bytewise, as the manifest's pair words) holds key.
bool contains_sorted(const std::vector<std::string>& sorted_keys, std::string_view key);

// For messages: "word", "title:word", "word1 word2" (pair), "title:word1 word2".
std::string printable_key(std::string_view key);

}  // namespace quarry::internal

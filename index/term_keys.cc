// Encoding and decoding of dictionary keys.
#include "index/term_keys.h"

#include <algorithm>

namespace quarry::internal {

std::string term_key(Field field, std::string_view term) {
  std::string key(1, static_cast<char>(field));
  key.append(term);
  return key;
}

void pair_key_into(std::string_view first_key, std::string_view second_key, std::string& out) {
  out.clear();
  out.push_back(static_cast<char>(static_cast<uint8_t>(first_key[0]) | kPairKeyBit));
  const std::string_view first = first_key.substr(1), second = second_key.substr(1);
  for (uint64_t n = first.size(); ; n >>= 7) {  // varint length of the first word
    if (n < 0x80) {
      out.push_back(static_cast<char>(n));
      break;
    }
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
  }
  out.append(first);
  out.append(second);
}

std::string pair_key(std::string_view first_key, std::string_view second_key) {
  std::string out;
  pair_key_into(first_key, second_key, out);
  return out;
}

std::optional<Field> key_field(std::string_view key) {
  if (key.empty()) return std::nullopt;
  const uint8_t f = static_cast<uint8_t>(key[0]) & ~kPairKeyBit;
  if (f >= kFieldCount) return std::nullopt;
  return Field(f);
}

std::optional<PairWords> split_pair_key(std::string_view key) {
  if (!is_pair_key(key) || !key_field(key)) return std::nullopt;
  uint64_t len = 0;
  size_t i = 1;
  for (int shift = 0;; shift += 7) {
    if (i >= key.size() || shift > 28) return std::nullopt;
    const uint8_t b = static_cast<uint8_t>(key[i++]);
    len |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) break;
  }
  if (len == 0 || len >= key.size() - i) return std::nullopt;  // both words non-empty
  return PairWords{key.substr(i, len), key.substr(i + len)};
}

bool contains_sorted(const std::vector<std::string>& sorted_keys, std::string_view key) {
  return std::binary_search(sorted_keys.begin(), sorted_keys.end(), key,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::string printable_key(std::string_view key) {
  const auto field = key_field(key);
  const std::string prefix = field == Field::kTitle ? "title:" : "";
  if (is_pair_key(key)) {
    const auto words = split_pair_key(key);
    if (!words) return prefix + "(malformed pair)";
    return prefix + std::string(words->first) + " " + std::string(words->second);
  }
  return prefix + std::string(key.substr(key.empty() ? 0 : 1));
}

}  // namespace quarry::internal

// Document frequencies over the sample, and the choice of pair words.
#include "index/pair_word_sampler.h"

#include <algorithm>

namespace quarry::internal {

void PairWordSampler::add(AnalyzedDocument doc) {
  const auto n = static_cast<uint32_t>(docs_.size());
  for (const auto& t : doc.tokens) {
    const std::string_view key = std::string_view(doc.keys).substr(t.key_begin, t.key_size);
    auto it = df_.find(std::string(key));
    if (it == df_.end()) {
      it = df_.emplace(key, Seen{}).first;
      bytes_ += 64 + key.size();
    }
    if (it->second.last_doc != n) {
      it->second.last_doc = n;
      ++it->second.df;
    }
  }
  bytes_ += sizeof(AnalyzedDocument) + doc.id.size() + doc.title.size() + doc.text.size() + doc.keys.size() +
            doc.tokens.size() * sizeof(AnalyzedDocument::TokenRef);
  docs_.push_back(std::move(doc));
}

std::vector<std::string> PairWordSampler::choose(size_t max_words) const {
  const uint64_t min_df = std::max<uint64_t>(2, (docs_.size() + 99) / 100);
  std::vector<std::pair<uint32_t, std::string_view>> frequent;
  for (const auto& [key, seen] : df_) {
    if (seen.df >= min_df) frequent.emplace_back(seen.df, key);
  }
  std::sort(frequent.begin(), frequent.end(),
            [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
  if (frequent.size() > max_words) frequent.resize(max_words);
  std::vector<std::string> words;
  for (const auto& [df, key] : frequent) words.emplace_back(key);
  std::sort(words.begin(), words.end());
  return words;
}

}  // namespace quarry::internal

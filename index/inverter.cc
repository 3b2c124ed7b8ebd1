// Accumulates postings per term key.
#include "index/inverter.h"

#include <algorithm>

namespace quarry {

uint32_t Inverter::add_field(Analyzer& analyzer, Field field, DocId doc, std::string_view text,
                             uint32_t first_position) {
  return analyzer.analyze(
      text,
      [&](const Token& token) {
        key_.assign(1, static_cast<char>(field));
        key_.append(token.term);
        auto it = terms_.find(std::string_view(key_));
        if (it == terms_.end()) {
          it = terms_.emplace(key_, Postings{}).first;
          memory_bytes_ += 96 + key_.size();
        }
        Postings& p = it->second;
        if (p.docs.empty() || p.docs.back() != doc) {
          p.docs.push_back(doc);
          p.freqs.push_back(0);
          memory_bytes_ += 8;
        }
        ++p.freqs.back();
        p.positions.push_back(token.position);
        memory_bytes_ += 4;
      },
      first_position);
}

std::vector<std::pair<std::string_view, const Inverter::Postings*>> Inverter::sorted_terms() const {
  std::vector<std::pair<std::string_view, const Postings*>> out;
  out.reserve(terms_.size());
  for (const auto& [key, postings] : terms_) out.emplace_back(key, &postings);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void Inverter::clear() {
  terms_.clear();
  memory_bytes_ = 0;
}

}  // namespace quarry

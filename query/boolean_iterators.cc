// Conjunction, disjunction, required+optional and exclusion iterators.
#include <algorithm>

#include "query/doc_iterator.h"

namespace quarry::internal {
namespace {

Status first_error(const std::vector<std::unique_ptr<DocIterator>>& its) {
  for (const auto& it : its) {
    Status s = it->error();
    if (!s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace

ConjunctionIterator::ConjunctionIterator(std::vector<std::unique_ptr<DocIterator>> children)
    : children_(std::move(children)) {
  for (const auto& c : children_) by_cost_.push_back(c.get());
  std::stable_sort(by_cost_.begin(), by_cost_.end(), [](const auto* a, const auto* b) { return a->cost() < b->cost(); });
  align(by_cost_.front()->doc());
}

void ConjunctionIterator::align(DocId target) {
  DocIterator& lead = *by_cost_.front();
  if (lead.doc() < target) lead.advance(target);
  DocId candidate = lead.doc();
  while (candidate != kNoMoreDocs) {
    bool aligned = true;
    for (size_t i = 1; i < by_cost_.size(); ++i) {
      DocIterator& c = *by_cost_[i];
      if (c.doc() < candidate) c.advance(candidate);
      if (c.doc() != candidate) {
        if (c.doc() == kNoMoreDocs) {
          candidate = kNoMoreDocs;
        } else {
          lead.advance(c.doc());
          candidate = lead.doc();
        }
        aligned = false;
        break;
      }
    }
    if (aligned) break;
  }
  doc_ = candidate;
}

void ConjunctionIterator::next() {
  by_cost_.front()->next();
  align(by_cost_.front()->doc());
}

void ConjunctionIterator::advance(DocId target) { align(target); }

double ConjunctionIterator::score() {
  double s = 0;
  for (auto& c : children_) s += c->score();
  return s;
}

Status ConjunctionIterator::error() const { return first_error(children_); }

DisjunctionIterator::DisjunctionIterator(std::vector<std::unique_ptr<DocIterator>> children)
    : children_(std::move(children)) {
  settle();
}

void DisjunctionIterator::settle() {
  DocId d = kNoMoreDocs;
  for (const auto& c : children_) d = std::min(d, c->doc());
  doc_ = d;
}

void DisjunctionIterator::next() {
  const DocId current = doc_;
  for (auto& c : children_) {
    if (c->doc() == current) c->next();
  }
  settle();
}

void DisjunctionIterator::advance(DocId target) {
  for (auto& c : children_) {
    if (c->doc() < target) c->advance(target);
  }
  settle();
}

double DisjunctionIterator::score() {
  double s = 0;
  for (auto& c : children_) {
    if (c->doc() == doc_) s += c->score();
  }
  return s;
}

uint64_t DisjunctionIterator::cost() const {
  uint64_t n = 0;
  for (const auto& c : children_) n += c->cost();
  return n;
}

Status DisjunctionIterator::error() const { return first_error(children_); }

ReqOptIterator::ReqOptIterator(std::unique_ptr<DocIterator> required, std::unique_ptr<DocIterator> optional)
    : required_(std::move(required)), optional_(std::move(optional)) {
  doc_ = required_->doc();
}

void ReqOptIterator::next() {
  required_->next();
  doc_ = required_->doc();
}

void ReqOptIterator::advance(DocId target) {
  required_->advance(target);
  doc_ = required_->doc();
}

double ReqOptIterator::score() {
  double s = required_->score();
  if (optional_->doc() < doc_) optional_->advance(doc_);
  if (optional_->doc() == doc_) s += optional_->score();
  return s;
}

Status ReqOptIterator::error() const {
  Status s = required_->error();
  return s.is_ok() ? optional_->error() : s;
}

ExclusionIterator::ExclusionIterator(std::unique_ptr<DocIterator> positive,
                                     std::vector<std::unique_ptr<DocIterator>> excluded)
    : positive_(std::move(positive)), excluded_(std::move(excluded)) {
  skip_excluded();
}

void ExclusionIterator::skip_excluded() {
  for (;;) {
    const DocId d = positive_->doc();
    bool excluded = false;
    for (auto& e : excluded_) {
      if (e->doc() < d) e->advance(d);
      if (e->doc() == d && d != kNoMoreDocs) {
        excluded = true;
        break;
      }
    }
    if (!excluded) {
      doc_ = d;
      return;
    }
    positive_->next();
  }
}

void ExclusionIterator::next() {
  positive_->next();
  skip_excluded();
}

void ExclusionIterator::advance(DocId target) {
  positive_->advance(target);
  skip_excluded();
}

Status ExclusionIterator::error() const {
  Status s = positive_->error();
  return s.is_ok() ? first_error(excluded_) : s;
}

}  // namespace quarry::internal

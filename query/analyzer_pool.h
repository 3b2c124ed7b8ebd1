// Reuses analyzers across queries: creating one costs about 2.1 us, analyzing a
// two-word query 0.36 us (bench/analyzer_bench.cc, BM_AnalyzerCreate against
// BM_AnalyzeShortQuery), and a rare-term query takes about 3 us in all. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "index/analyzer.h"

namespace quarry::internal {

class AnalyzerPool {
 public:
  explicit AnalyzerPool(AnalyzerSettings settings) : settings_(std::move(settings)) {}

  // An analyzer returned to the pool when the handle is destroyed.
  class Lease {
   public:
    Lease(AnalyzerPool* pool, std::unique_ptr<Analyzer> a) : pool_(pool), analyzer_(std::move(a)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (analyzer_) pool_->give_back(std::move(analyzer_));
    }
    Analyzer& operator*() const { return *analyzer_; }
    Analyzer* operator->() const { return analyzer_.get(); }

   private:
    AnalyzerPool* pool_;
    std::unique_ptr<Analyzer> analyzer_;
  };

  Result<Lease> acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto a = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(a));
      }
    }
    QUARRY_ASSIGN_OR_RETURN(auto a, Analyzer::create(settings_));
    return Lease(this, std::move(a));
  }

 private:
  void give_back(std::unique_ptr<Analyzer> a) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(a));
  }
  AnalyzerSettings settings_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Analyzer>> free_;
};

}  // namespace quarry::internal

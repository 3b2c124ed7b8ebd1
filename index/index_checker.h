// Verifies an index in depth: every file's checksum, and the structural
// invariants a reader relies on (sorted unique terms, increasing doc ids,
// tf >= 1, positions inside the document's length, block maxima that are
// true maxima, totals that agree with the manifest).
#pragma once

#include <string>
#include <vector>

#include "quarry/status.h"

namespace quarry::internal {

struct CheckFault {
  std::string file;     // the file the fault is in
  std::string message;  // what is wrong, with the term or offset
};

struct CheckReport {
  std::vector<CheckFault> faults;  // at most one per file: the first found
  uint64_t terms_checked = 0, postings_checked = 0, documents_checked = 0;
  bool sound() const { return faults.empty(); }
};

// Returns a report; a non-OK Status only when dir cannot be examined at all.
Result<CheckReport> check_index(const std::string& dir);

}  // namespace quarry::internal

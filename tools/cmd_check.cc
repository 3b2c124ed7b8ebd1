// quarry check: verify every checksum and structural invariant of an index.
#include <cstdio>
#include <iostream>

#include "index/index_checker.h"
#include "tools/cli.h"
#include "tools/command_line.h"


namespace quarry::internal::cli {

int run_check(int argc, char** argv) {
  std::string index_dir;
  if (auto done = parse_index_argument(
          "check",
          "usage: quarry check INDEX\n\n"
          "Reads the whole index: every file's checksum, terms sorted and unique, doc ids\n"
          "increasing, tf >= 1, positions inside the document's length, block maxima exact,\n"
          "totals consistent with the manifest. Exit 0 when sound, 1 with the first fault\n"
          "of each damaged file.\n\noptions",
          argc, argv, index_dir)) {
    return *done;
  }
  auto checked = check_index(index_dir);
  if (!checked.is_ok()) return report("check", checked.status());
  const CheckReport* result = &*checked;
  for (const auto& f : result->faults) std::printf("FAULT %s: %s\n", f.file.c_str(), f.message.c_str());
  std::printf("%s: %llu terms, %llu postings, %llu documents checked; %s\n", index_dir.c_str(),
              static_cast<unsigned long long>(result->terms_checked),
              static_cast<unsigned long long>(result->postings_checked),
              static_cast<unsigned long long>(result->documents_checked),
              result->sound() ? "sound" : "DAMAGED");
  return result->sound() ? kExitOk : kExitFailure;
}

}  // namespace quarry::internal::cli

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UBSan) and runs
# each for SECONDS (default 30), seeded from tests/fuzz/corpus when present.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_SANITIZE=ON \
  -DQUARRY_FUZZ=ON -DQUARRY_BUILD_BENCH=OFF -DQUARRY_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_query fuzz_search fuzz_decoders fuzz_postings fuzz_dictionary fuzz_analyzer
for target in fuzz_query fuzz_search fuzz_decoders fuzz_postings fuzz_dictionary fuzz_analyzer; do
  corpus=$(mktemp -d)
  [ -d "tests/fuzz/corpus/$target" ] && cp "tests/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
  echo "== $target for ${seconds}s"
  ASAN_OPTIONS=detect_leaks=0 "./build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -max_len=4096 "$corpus" 2>&1 | tail -2
  rm -rf "$corpus"
done

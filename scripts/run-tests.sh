#!/usr/bin/env bash
# Builds and tests Quarry: Release (all tests), the installed library used from
# outside (CMake package, pkg-config, C, Python ctypes), AddressSanitizer + UBSan
# (all tests), and ThreadSanitizer (the concurrency tests).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)

echo "== Release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

echo "== Installed library, used from outside the tree"
prefix=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$prefix" "$work"' EXIT
cmake --install build --prefix "$prefix" >/dev/null
./build/tools/quarry index corpus/briefings -o "$work/briefings.idx" -q
cmake -S docs/examples -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/cmake" >/dev/null
LD_LIBRARY_PATH="$prefix/lib" "$work/cmake/search" "$work/example.idx" 'nuclear cooperation'
LD_LIBRARY_PATH="$prefix/lib" "$work/cmake/search_c" "$work/briefings.idx" '"South China Sea"'
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
g++ -std=c++20 docs/examples/search.cpp -o "$work/search_pc" $(pkg-config --cflags --libs quarry)
LD_LIBRARY_PATH="$prefix/lib" "$work/search_pc" "$work/example-pc.idx" 'sea'
python3 docs/examples/search_ctypes.py "$prefix/lib/libquarry.so" "$work/briefings.idx" 'Blinken'
echo "installed-library checks passed"

echo "== AddressSanitizer + UBSan build and tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DQUARRY_SANITIZE=ON -DQUARRY_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$jobs")

echo "== ThreadSanitizer: concurrent searches, the indexing pipeline and the store's compression thread"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQUARRY_TSAN=ON -DQUARRY_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan -j "$jobs" --target quarry_tests quarry
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j "$jobs" -R 'PublicApi|Segments|Pruning|AtomicCommit|DocStore')

echo "== libFuzzer (clang, ASan + UBSan): the query parser, search against exhaustive evaluation, the index decoders, the posting cursor, the dictionary and the ASCII tokenizer, 15 s each"
bash scripts/fuzz.sh 15

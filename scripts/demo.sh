#!/usr/bin/env bash
# Builds Quarry in Release, indexes corpus/briefings and runs an example query.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target quarry
./build/tools/quarry index corpus/briefings -o build/briefings.idx
./build/tools/quarry search build/briefings.idx "${1:-\"South China Sea\" cooperation}"

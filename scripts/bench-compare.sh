#!/usr/bin/env bash
# Quarry vs Xapian vs SQLite FTS5, side by side: builds quarry_compare (Release),
# generates a query set per corpus with bench/make_queries.py, runs the comparison
# (repeat 5) and prints the table, also kept in build/bench/compare-<corpus>.txt
# (and .json, -queries.tsv).
#
#   scripts/bench-compare.sh [CORPUS.jsonl[.zst|.gz] ...] [-- quarry_compare options]
#
# Default corpus: ../shared/data/gcide/gcide.jsonl.zst (relative to the repository);
# a corpus that does not exist is skipped with a message. Options after -- go to
# quarry_compare, e.g. -- --mode count, or -- --reuse to skip rebuilding indexes.
# JOBS sets the build parallelism (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

corpora=()
extra=()
while [[ $# -gt 0 ]]; do
  if [[ $1 == -- ]]; then
    shift
    extra=("$@")
    break
  fi
  corpora+=("$1")
  shift
done
[[ ${#corpora[@]} -gt 0 ]] || corpora=("$root/../shared/data/gcide/gcide.jsonl.zst")

present=()
for c in "${corpora[@]}"; do
  if [[ -f $c ]]; then
    present+=("$c")
  else
    echo "bench-compare: $c not found, skipping" >&2
  fi
done
if [[ ${#present[@]} -eq 0 ]]; then
  echo "bench-compare: no corpus to run" >&2
  exit 0
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${JOBS:-2}" --target quarry_compare
compare=build/bench/compare/quarry_compare
if [[ ! -x $compare ]]; then
  echo "bench-compare: $compare was not built (are libxapian-dev and libsqlite3-dev installed? see cmake output)" >&2
  exit 1
fi

# Runs in another mode keep their own files: compare-<corpus>-count.txt.
suffix=
prev=
for a in "${extra[@]}"; do
  [[ $prev == --mode ]] && suffix="-$a"
  [[ $a == --mode=* ]] && suffix="-${a#--mode=}"
  prev=$a
done
[[ $suffix == -top ]] && suffix=

out=build/bench
mkdir -p "$out"
for c in "${present[@]}"; do
  name=$(basename "$c")
  name=${name%%.*}  # gcide/gcide.jsonl.zst -> gcide
  parent=$(basename "$(dirname "$c")")
  [[ $name == "$parent"* ]] || name="$parent-$name"  # cranfield/docs.jsonl -> cranfield-docs
  queries="$out/compare-$name-queries.tsv"
  echo "bench-compare: $c: generating $queries" >&2
  python3 bench/make_queries.py "$c" -o "$queries"
  "$compare" --corpus "$c" --queries "$queries" --work "$out/compare-$name-work" --repeat 5 \
    --json "$out/compare-$name$suffix.json" "${extra[@]}" | tee "$out/compare-$name$suffix.txt"
  echo >&2
done

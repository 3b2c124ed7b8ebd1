#!/usr/bin/env bash
# Compares two quarry binaries (say, a commit and its parent) on one index and
# query file: `quarry bench` alternately, ROUNDS times, the order swapped every
# round (whichever runs first in a round measured about 5 % slower here), then
# the median over rounds of each group's p50 and mean, and their ratio B/A.
#
#   bash scripts/ab-bench.sh OLD_QUARRY NEW_QUARRY INDEX QUERIES.tsv [ROUNDS] [INDEX_FOR_OLD]
#
# INDEX_FOR_OLD: an index the old binary reads instead (a format change).
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,9p' "$0" >&2
  exit 2
fi
a=$1 b=$2 index=$3 queries=$4 rounds=${5:-10} index_a=${6:-$3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
run() { "$1" bench "$2" "$queries" --repeat 5 | tail -n +3 >> "$3"; }
for ((i = 1; i <= rounds; ++i)); do
  if ((i % 2)); then
    run "$a" "$index_a" "$out/a"; run "$b" "$index" "$out/b"
  else
    run "$b" "$index" "$out/b"; run "$a" "$index_a" "$out/a"
  fi
done
python3 - "$out/a" "$out/b" "$rounds" <<'PY'
import collections, statistics, sys

def load(path):  # group -> ([p50 per round], [mean per round])
    groups = collections.OrderedDict()
    for line in open(path):
        f = line.split()
        if len(f) >= 7:
            p50s, means = groups.setdefault(f[0], ([], []))
            p50s.append(float(f[3]))
            means.append(float(f[2]))
    return groups

a, b = load(sys.argv[1]), load(sys.argv[2])
print(f"{sys.argv[3]} rounds, medians (µs)")
print(f"{'group':14} {'A p50':>8} {'B p50':>8} {'B/A':>6}   {'A mean':>8} {'B mean':>8} {'B/A':>6}")
for g in a:
    ap, bp = statistics.median(a[g][0]), statistics.median(b[g][0])
    am, bm = statistics.median(a[g][1]), statistics.median(b[g][1])
    print(f"{g:14} {ap:8.2f} {bp:8.2f} {bp / ap:6.3f}   {am:8.2f} {bm:8.2f} {bm / am:6.3f}")
PY

#!/usr/bin/env bash
# Relevance of Quarry, Xapian and SQLite FTS5 side by side on Cranfield: every
# engine gets the same tokens (lowercase, split on non-alphanumerics, no
# stemming) and ranks each query's words as an OR query with BM25; `quarry
# eval` scores the runs as trec_eval does (nDCG@10, MAP, Recall@100).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/cranfield}
if [[ ! -f $data/docs.jsonl ]]; then
  echo "eval-peers: $data/docs.jsonl not found, skipping" >&2
  exit 0
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "${JOBS:-2}" --target quarry quarry_compare >/dev/null
work=build/bench/eval-cranfield
mkdir -p "$work"
python3 - "$data/queries.tsv" > "$work/queries.tsv" <<'PY'
import re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    qid, text = line.rstrip("\n").split("\t", 1)
    words = re.findall(r"[^\W_]+", text.lower())
    print(f"cran-{qid}\t{' '.join(words)}")
PY
build/bench/compare/quarry_compare --corpus "$data/docs.jsonl" --queries "$work/queries.tsv" --work "$work/indexes" \
  --repeat 1 --trec-runs "$work/runs" >/dev/null
printf '%-8s %9s %9s %11s\n' engine nDCG@10 MAP Recall@100
for engine in quarry xapian fts5; do
  build/tools/quarry eval "$work/runs/$engine.run" "$work/queries.tsv" "$data/qrels.txt" |
    awk -v e="$engine" '/nDCG@10/{n=$2} /^MAP/{m=$2} /Recall@100/{r=$2} END{printf "%-8s %9s %9s %11s\n", e, n, m, r}'
done

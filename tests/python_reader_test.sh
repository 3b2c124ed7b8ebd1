#!/usr/bin/env bash
# Checks tools/quarry_reader.py (an independent reader written from docs/format.md) against the
# quarry binary on real indexes.
# usage: python_reader_test.sh QUARRY SOURCE_DIR
#   QUARRY      path of the quarry binary
#   SOURCE_DIR  project source directory (holds tools/quarry_reader.py and corpus/briefings)
# Optional: CRANFIELD=path/to/docs.jsonl (default /work/shared/data/cranfield/docs.jsonl); the
# multi-segment part is skipped when that file does not exist. QUARRY_READER_NO_IDS=1 maps doc ids to
# external ids by input order instead of reading them from the stored documents (as without zstd).
set -euo pipefail

QUARRY=${1:?usage: $0 QUARRY SOURCE_DIR}
SRC=${2:?usage: $0 QUARRY SOURCE_DIR}
READER="$SRC/tools/quarry_reader.py"
BRIEFINGS="$SRC/corpus/briefings"
CRANFIELD=${CRANFIELD:-/work/shared/data/cranfield/docs.jsonl}
PY=${PYTHON:-python3}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/quarry_pyreader.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

fail() { echo "python_reader_test: FAIL: $*" >&2; exit 1; }
reader() { "$PY" "$READER" "$@" || fail "quarry_reader.py $* exited with status $?"; }
checks=0
IDS=()  # quarry_reader prints external ids only if the zstd command is available
command -v zstd >/dev/null && [ -z "${QUARRY_READER_NO_IDS:-}" ] || IDS=(--no-ids)

# Number of matches quarry reports for a query (first line: "N matches for QUERY" / "1 match for QUERY",
# QUERY as analyzed). An index term whose analysis differs from itself cannot be checked this way.
quarry_count() {
  local line
  line=$("$QUARRY" search "$1" "$2" --count --no-snippets -k 0 | head -n 1) || fail "quarry search $1 '$2' failed"
  [[ $line =~ ^([0-9]+)\ match(es)?\ for\ (.*)$ ]] || fail "unexpected first line of quarry search $1 '$2': $line"
  [ "${BASH_REMATCH[3]}" = "$2" ] || fail "quarry analyzes the index term '$2' to '${BASH_REMATCH[3]}': use another term"
  echo "${BASH_REMATCH[1]}"
}

# df of TERM in FILE (output of `quarry_reader.py ... terms`), 0 if absent.
df_of() { awk -F'\t' -v t="$2" '$1 == t { print $2; found = 1 } END { if (!found) print 0 }' "$1"; }

# compare_df INDEX TERMS_FILE FIELD TERM...: reader df == quarry's match count for each term.
compare_df() {
  local idx=$1 terms=$2 field=$3; shift 3
  local t q want got
  for t in "$@"; do
    q=$t; [ "$field" = title ] && q="title:$t"
    want=$(quarry_count "$idx" "$q"); got=$(df_of "$terms" "$t")
    [ "$want" = "$got" ] || fail "$idx: $field df of '$t': quarry_reader says $got, quarry search says $want"
    checks=$((checks + 1))
  done
}

# postings_ids INDEX TERM: the sorted external ids of the reader's postings of TERM (a word or a pair).
# Without zstd, global doc id i is mapped to an external id through the file $idx.ids (line i+1).
postings_ids() {
  local idx=$1 t=$2
  reader "$idx" postings "$t" "${IDS[@]}" > "$TMP/postings"
  if [ ${#IDS[@]} -eq 0 ]; then
    cut -f4 "$TMP/postings" | sort
  else
    awk -F'\t' 'NR == FNR { id[NR - 1] = $0; next } { print id[$1] }' "$idx.ids" "$TMP/postings" | sort
  fi
}

# search_ids INDEX QUERY K: the sorted external ids of quarry's top K hits.
search_ids() {
  "$QUARRY" search "$1" "$2" --json --no-snippets -k "$3" > "$TMP/hits" || fail "quarry search $1 '$2' --json failed"
  "$PY" -c 'import json, sys
for line in open(sys.argv[1]): print(json.loads(line)["id"])' "$TMP/hits" | sort
}

# compare_docs INDEX K TERM...: the external ids of the reader's postings == the ids quarry returns.
compare_docs() {
  local idx=$1 k=$2; shift 2
  local t
  for t in "$@"; do
    postings_ids "$idx" "$t" > "$TMP/mine"
    search_ids "$idx" "$t" "$k" > "$TMP/theirs"
    [ -s "$TMP/theirs" ] || fail "$idx: quarry search returned no hits for '$t'"
    cmp -s "$TMP/mine" "$TMP/theirs" || { diff "$TMP/mine" "$TMP/theirs" | head -n 10 >&2 || true
      fail "$idx: documents of '$t' differ between quarry_reader postings (<) and quarry search (>)"; }
    checks=$((checks + 1))
  done
}

# compare_pair INDEX "A B": the reader's postings of the pair key (A and B must be pair words) list
# the documents where quarry finds the phrase "A B".
compare_pair() {
  local idx=$1 pair=$2 w
  for w in $pair; do
    reader "$idx" pairs | grep -qx "$w" || fail "$idx: '$w' is not a pair word (expected one)"
  done
  postings_ids "$idx" "$pair" > "$TMP/mine"
  [ -s "$TMP/mine" ] || fail "$idx: the pair '$pair' has no postings"
  search_ids "$idx" "\"$pair\"" 100000 > "$TMP/theirs"
  cmp -s "$TMP/mine" "$TMP/theirs" || { diff "$TMP/mine" "$TMP/theirs" | head -n 10 >&2 || true
    fail "$idx: documents of the pair '$pair' differ between quarry_reader (<) and quarry's phrase search (>)"; }
  checks=$((checks + 1))
}

# --- 1. Briefings: one segment, five documents --------------------------------------------------
"$QUARRY" index "$BRIEFINGS" -o "$TMP/brief" -q || fail "quarry index $BRIEFINGS failed"
# Documents are numbered in the sorted order of the file names (ids are the relative paths).
(cd "$BRIEFINGS" && LC_ALL=C ls -1 | grep -E '\.(txt|md)$' | LC_ALL=C sort) > "$TMP/brief.ids"
reader "$TMP/brief" stats > "$TMP/brief.stats"
grep -qx "documents	$(wc -l < "$TMP/brief.ids")" "$TMP/brief.stats" || fail "briefings: wrong document count: $(head -n 1 "$TMP/brief.stats")"
grep -qx "segments	1" "$TMP/brief.stats" || fail "briefings: expected one segment"
reader "$TMP/brief" terms > "$TMP/brief.body"
reader "$TMP/brief" terms --field title > "$TMP/brief.title"
[ "$(wc -l < "$TMP/brief.body")" -gt 100 ] || fail "briefings: suspiciously few body terms"
LC_ALL=C sort -c -t"$(printf '\t')" -k1,1 "$TMP/brief.body" 2>/dev/null || fail "briefings: terms are not in bytewise order"
# Terms chosen so that analysing them again yields the same term (stemming is not idempotent).
compare_df "$TMP/brief" "$TMP/brief.body" body nuclear asean blinken sea cooper malaysia vietnam lao \
  rubio secretari civil the of and hegseth energi south china partnership secur zzzzq
compare_df "$TMP/brief" "$TMP/brief.title" title nuclear asean blinken sea secretari the of
compare_docs "$TMP/brief" 100 nuclear asean blinken sea cooper
compare_pair "$TMP/brief" "unit state"
compare_pair "$TMP/brief" "of the"
# The numeric doc ids must follow the sorted file names, and agree with the stored ids.
if [ ${#IDS[@]} -eq 0 ]; then
  reader "$TMP/brief" postings the > "$TMP/p"
  while IFS=$'\t' read -r d _ _ id; do
    [ "$(sed -n "$((d + 1))p" "$TMP/brief.ids")" = "$id" ] || fail "briefings: doc $d is '$id', expected the ${d}th sorted file name"
  done < "$TMP/p"
fi

# The frozen indexes of every format version parse and cross-check.
for v in 1 2; do
  reader "$SRC/tests/data/format_v$v" stats "${IDS[@]}" > "$TMP/v$v.stats"
  grep -qx "documents	5" "$TMP/v$v.stats" || fail "tests/data/format_v$v: expected 5 documents"
  checks=$((checks + 1))
done

# --- 2. Cranfield: several segments (--memory 1 --no-merge) against one merged segment -----------
if [ -f "$CRANFIELD" ]; then
  "$QUARRY" index "$CRANFIELD" -o "$TMP/multi" --memory 1 --no-merge -q || fail "quarry index --no-merge failed"
  "$QUARRY" index "$CRANFIELD" -o "$TMP/single" -q || fail "quarry index $CRANFIELD failed"
  "$PY" -c 'import json, sys
for line in open(sys.argv[1]):
    if line.strip(): print(json.loads(line)["id"])' "$CRANFIELD" > "$TMP/multi.ids"
  reader "$TMP/multi" stats > "$TMP/multi.stats"
  reader "$TMP/single" stats > "$TMP/single.stats"
  nseg=$(awk -F'\t' '$1 == "segments" { print $2 }' "$TMP/multi.stats")
  [ "${nseg:-0}" -gt 1 ] || fail "cranfield --memory 1 --no-merge: expected several segments, got ${nseg:-none}"
  [ "$(head -n 1 "$TMP/multi.stats")" = "$(head -n 1 "$TMP/single.stats")" ] || fail "cranfield: document counts differ"
  for f in body title; do
    reader "$TMP/multi" terms --field $f > "$TMP/multi.$f"
    reader "$TMP/single" terms --field $f > "$TMP/single.$f"
    cmp -s "$TMP/multi.$f" "$TMP/single.$f" || fail "cranfield: $f terms/df differ between $nseg segments and one"
  done
  compare_df "$TMP/multi" "$TMP/multi.body" body flow pressur wing boundari layer heat shock mach \
    slipstream superson the of
  compare_df "$TMP/multi" "$TMP/multi.title" title flow wing boundari layer
  compare_docs "$TMP/multi" 2000 flow slipstream superson
  for t in flow slipstream the; do  # global doc ids, tfs, positions and ids must not depend on segmentation
    reader "$TMP/multi" postings $t "${IDS[@]}" > "$TMP/pm"
    reader "$TMP/single" postings $t "${IDS[@]}" > "$TMP/ps"
    cmp -s "$TMP/pm" "$TMP/ps" || fail "cranfield: postings of '$t' differ between $nseg segments and one"
    checks=$((checks + 1))
  done
  compare_pair "$TMP/multi" "boundari layer"
  reader "$TMP/multi" postings "of the" "${IDS[@]}" > "$TMP/pm"
  reader "$TMP/single" postings "of the" "${IDS[@]}" > "$TMP/ps"
  cmp -s "$TMP/pm" "$TMP/ps" || fail "cranfield: postings of the pair 'of the' differ between $nseg segments and one"
  multi_note=", cranfield in $nseg segments"
else
  echo "python_reader_test: $CRANFIELD not found, skipping the multi-segment part" >&2
  multi_note="; multi-segment part skipped"
fi

echo "python_reader_test: OK: $checks checks passed (briefings$multi_note)"

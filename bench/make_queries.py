#!/usr/bin/env python3
"""Generate a deterministic benchmark query set from a JSON Lines corpus.

Reads {"id", "title", "text"} documents (plain .jsonl, .jsonl.gz through the
gzip module, .jsonl.zst through a `zstd -dc` subprocess) and writes
`qid<TAB>query` lines in Quarry's query language, --per-group queries per
group. The qid prefix before the first '-' names the group, as
quarry::bench::load_queries expects.

Tokenization is the one bench/compare/normalize.cc applies to every engine:
lowercase, then runs of Unicode letters and digits (re.findall(r'[^\\W_]+')),
over title + "\\n" + text. Tokens of one character are never used in queries.
Quarry's query keywords (AND, OR, NOT) are uppercase only, so lowercase tokens
can never collide with them.

Document-frequency bands (df = documents containing the token, N = documents):
  rare      5 <= df <= 50
  medium    ceil(0.001 * N) <= df <= floor(0.01 * N)   (0.1% .. 1% of documents)
  frequent  the 100 tokens of highest df (ties broken alphabetically)
Bands may overlap on small corpora (e.g. Cranfield: rare 5..50, medium 2..14).

Groups (N = --per-group each, duplicates removed):
  term_rare-i      a                one rare token
  term_medium-i    a                one medium token
  term_frequent-i  a                one frequent token
  and-i            +a +b            a medium/frequent, b rare/medium, both from
                                    one sampled document (never empty)
  or2-i            a b              a medium/frequent, b rare/medium, independent
  or3-i            a b c            a frequent, b medium, c rare, independent
  phrase2-i        "a b"            two adjacent tokens of a sampled document
  phrase3-i        "a b c"          three adjacent tokens of a sampled document
  reqopt-i         +a b             a medium/frequent, b rare/medium, same document
  not-i            +a -b            a medium/frequent, b rare/medium from a document
                                    containing a, with df(b) < df(a) (never empty)
  phrasereq-i      "a b" +c         a phrase plus another token of its document

Sampled documents come from a seeded reservoir sample of the corpus, so the
output depends only on the corpus bytes, --seed, --per-group and --sample-docs.
"""

import argparse
import collections
import gzip
import io
import json
import math
import os
import random
import re
import subprocess
import sys

TOKEN_RE = re.compile(r'[^\W_]+')
# Quarry's query keywords; uppercase only, listed so the rule is explicit.
QUERY_KEYWORDS = {'AND', 'OR', 'NOT'}
MAX_TOKEN_CHARS = 64  # longer "words" are markup or data dumps, not queries


def tokenize(text):
    return TOKEN_RE.findall(text.lower())


def usable(token):
    return len(token) > 1 and len(token) <= MAX_TOKEN_CHARS and token not in QUERY_KEYWORDS


def open_lines(path):
    """Yields decoded lines of path, decompressing .zst and .gz."""
    if path.endswith('.zst'):
        proc = subprocess.Popen(['zstd', '-dc', '--', path], stdout=subprocess.PIPE)
        try:
            yield from io.TextIOWrapper(proc.stdout, encoding='utf-8', errors='replace')
        finally:
            proc.stdout.close()
            if proc.wait() != 0:
                sys.exit(f'make_queries: zstd -dc {path} failed (exit {proc.returncode})')
    elif path.endswith('.gz'):
        with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
            yield from f
    else:
        with open(path, encoding='utf-8', errors='replace') as f:
            yield from f


def read_corpus(path, rng, sample_docs, limit_docs):
    """Returns (doc count, df Counter, reservoir sample of token lists)."""
    df = collections.Counter()
    sample = []
    n = 0
    for lineno, line in enumerate(open_lines(path), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            sys.exit(f'make_queries: {path}:{lineno}: invalid JSON: {e}')
        if not isinstance(doc, dict):
            sys.exit(f'make_queries: {path}:{lineno}: expected a JSON object')
        tokens = tokenize(str(doc.get('title') or '') + '\n' + str(doc.get('text') or ''))
        df.update(set(tokens))
        # Reservoir sampling (algorithm R) with the seeded generator.
        if len(sample) < sample_docs:
            sample.append(tokens)
        else:
            j = rng.randrange(n + 1)
            if j < sample_docs:
                sample[j] = tokens
        n += 1
        if limit_docs and n >= limit_docs:
            break
    return n, df, sample


class Generator:
    def __init__(self, n_docs, df, sample, rng, per_group):
        self.df = df
        self.rng = rng
        self.per_group = per_group
        self.sample = [d for d in sample if d]
        usable_terms = sorted(t for t in df if usable(t))
        lo_med = max(1, math.ceil(0.001 * n_docs))
        hi_med = math.floor(0.01 * n_docs)
        self.rare = [t for t in usable_terms if 5 <= df[t] <= 50]
        self.medium = [t for t in usable_terms if lo_med <= df[t] <= hi_med]
        self.frequent = sorted(sorted(usable_terms, key=lambda t: (-df[t], t))[:100])
        self.bands_text = (f'# bands: N={n_docs} rare=df 5..50 ({len(self.rare)} terms), '
                           f'medium=df {lo_med}..{hi_med} ({len(self.medium)} terms), '
                           f'frequent=top 100 by df (df {df[self.frequent_min()] if self.frequent else 0}+)')
        self.rare_set = set(self.rare)
        self.medium_set = set(self.medium)
        self.frequent_set = set(self.frequent)
        self.mf = sorted(self.medium_set | self.frequent_set)
        self.rm = sorted(self.rare_set | self.medium_set)

    def frequent_min(self):
        return min(self.frequent, key=lambda t: self.df[t])

    def is_mf(self, t):
        return t in self.medium_set or t in self.frequent_set

    def is_rm(self, t):
        return t in self.rare_set or t in self.medium_set

    def pick(self, pool):
        return pool[self.rng.randrange(len(pool))] if pool else None

    def doc(self):
        return self.sample[self.rng.randrange(len(self.sample))] if self.sample else []

    def window(self, width):
        d = self.doc()
        if len(d) < width:
            return None
        i = self.rng.randrange(len(d) - width + 1)
        w = d[i:i + width]
        if not all(usable(t) for t in w):
            return None
        return d, w

    def two_from_doc(self):
        """a medium/frequent and b rare/medium, distinct, from one sampled document."""
        d = sorted(set(self.doc()))
        a = self.pick([t for t in d if self.is_mf(t)])
        b = self.pick([t for t in d if self.is_rm(t) and t != a])
        return (a, b) if a and b else None

    def make(self, kind):
        if kind == 'term_rare':
            return self.pick(self.rare)
        if kind == 'term_medium':
            return self.pick(self.medium)
        if kind == 'term_frequent':
            return self.pick(self.frequent)
        if kind == 'and':
            p = self.two_from_doc()
            return p and f'+{p[0]} +{p[1]}'
        if kind == 'reqopt':
            p = self.two_from_doc()
            return p and f'+{p[0]} {p[1]}'
        if kind == 'or2':
            a, b = self.pick(self.mf), self.pick(self.rm)
            return a and b and a != b and f'{a} {b}'
        if kind == 'or3':
            a, b, c = self.pick(self.frequent), self.pick(self.medium), self.pick(self.rare)
            return a and b and c and len({a, b, c}) == 3 and f'{a} {b} {c}'
        if kind == 'not':
            d = sorted(set(self.doc()))
            a = self.pick([t for t in d if self.is_mf(t)])
            b = a and self.pick([t for t in d if self.is_rm(t) and self.df[t] < self.df[a]])
            return a and b and f'+{a} -{b}'
        if kind in ('phrase2', 'phrase3'):
            w = self.window(2 if kind == 'phrase2' else 3)
            return w and '"' + ' '.join(w[1]) + '"'
        if kind == 'phrasereq':
            w = self.window(2)
            if not w:
                return None
            d, (a, b) = w
            rest = sorted(set(t for t in d if usable(t) and t not in (a, b)))
            c = self.pick([t for t in rest if self.is_rm(t)]) or self.pick(rest)
            return c and f'"{a} {b}" +{c}'
        raise ValueError(kind)


GROUPS = ['term_rare', 'term_medium', 'term_frequent', 'and', 'or2', 'or3', 'phrase2', 'phrase3', 'reqopt', 'not',
          'phrasereq']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument('corpus', help='JSON Lines corpus (.jsonl, .jsonl.gz, .jsonl.zst)')
    ap.add_argument('-o', '--output', help='write here instead of stdout')
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--per-group', type=int, default=50, help='queries per group (default 50)')
    ap.add_argument('--sample-docs', type=int, default=5000,
                    help='documents kept (reservoir sample) to cut phrases and co-occurring terms from')
    ap.add_argument('--limit-docs', type=int, default=0, help='read only the first N documents (0: all)')
    ap.add_argument('--groups', default=','.join(GROUPS), help='comma-separated subset of: ' + ','.join(GROUPS))
    args = ap.parse_args()
    if args.per_group < 1:
        ap.error('--per-group must be at least 1')
    groups = [g for g in args.groups.split(',') if g]
    for g in groups:
        if g not in GROUPS:
            ap.error(f'unknown group {g!r}')

    rng = random.Random(args.seed)
    try:
        n, df, sample = read_corpus(args.corpus, rng, args.sample_docs, args.limit_docs)
    except OSError as e:
        sys.exit(f'make_queries: {e}')
    if n == 0:
        sys.exit(f'make_queries: {args.corpus}: no documents')
    gen = Generator(n, df, sample, rng, args.per_group)

    lines = [f'# make_queries.py {os.path.basename(args.corpus)} seed={args.seed} per-group={args.per_group}', gen.bands_text]
    for g in groups:
        seen = set()
        attempts = 0
        while len(seen) < args.per_group and attempts < args.per_group * 200:
            attempts += 1
            q = gen.make(g)
            if not q or q in seen:
                continue
            seen.add(q)
            lines.append(f'{g}-{len(seen)}\t{q}')
        if len(seen) < args.per_group:
            print(f'make_queries: warning: group {g}: only {len(seen)} distinct queries', file=sys.stderr)

    out = open(args.output, 'w', encoding='utf-8') if args.output else sys.stdout
    try:
        out.write('\n'.join(lines) + '\n')
    finally:
        if args.output:
            out.close()


if __name__ == '__main__':
    main()

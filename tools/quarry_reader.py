#!/usr/bin/env python3
"""Independent reader of Quarry index format versions 1 to 4, written from docs/format.md only.

  quarry_reader.py INDEX terms [--field body|title]        term<TAB>df in dictionary order (df summed over segments)
  quarry_reader.py INDEX postings TERM [--field body|title] global_doc_id<TAB>tf<TAB>pos1,pos2,...<TAB>external_id
  quarry_reader.py INDEX pairs                             the pair words (version 2), one per line
  quarry_reader.py INDEX stats                             document count, segment count, terms per segment

TERM is an already-analyzed index term (e.g. `cooper`); no analyzer is implemented. A TERM of two words
separated by one space (`south china`) names a word pair: its postings are those of the pair key.
Every file's envelope is validated (size, magics, kind, reserved bytes, version, footer length) and
its XXH3-64 checksum is verified with the compact pure-Python XXH3 below, which covers inputs of 9 bytes
or more (every checksummed range includes the 16-byte header); --no-verify skips segment checksums (the
manifest's is always verified). Every offset, length and count that is read is bounds-checked, and any
inconsistency raises FormatError naming the file. `stats` also decodes every posting list, position list
and stored record and cross-checks them against the manifest, the dictionary, the skip entries and the .len
file. The checks are stricter than those docs/format.md requires (exact block ends, exact skip-entry and
dictionary maxima, strictly increasing positions below the field length, contiguous store frames).
External ids come from the .store file: the standard library has no zstd, so each frame is decompressed by
running the `zstd` command; --no-ids leaves the id column out (and stats skips the store) without zstd.
"""
import argparse, itertools, os, re, struct, subprocess, sys, tempfile

M64, U32 = (1 << 64) - 1, 0xFFFFFFFF
P32_1, P32_2, P32_3 = 0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D
P64_1, P64_2, P64_3, P64_4, P64_5 = (0x9E3779B185EBCA87, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                                     0x85EBCA77C2B2AE63, 0x27D4EB2F165667C5)
SECRET = bytes.fromhex(  # XXH3_kSecret, the default 192-byte secret
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221"
    "b8084674f743248ee03590e6813a264c3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
    "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364eac5ac8334d3ebc3c581a0fffa1363eb"
    "170ddd51b7f0da49d316552629d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e")
KINDS = {1: "manifest", 2: "dictionary", 3: "postings", 4: "positions", 5: "lengths", 6: "stored documents"}
TOKENIZER = "icu-word+nfkc_cf+apostrophe/1"

def _r64(b, p): return struct.unpack_from("<Q", b, p)[0]
def _fold(a, b): m = a * b; return (m ^ (m >> 64)) & M64
def _aval(h): h &= M64; h ^= h >> 37; h = h * 0x165667919E3779F9 & M64; return h ^ (h >> 32)
def _mix16(b, p, s): return _fold(_r64(b, p) ^ _r64(SECRET, s), _r64(b, p + 8) ^ _r64(SECRET, s + 8))

def xxh3_64(b):
    """XXH3_64bits(b) with seed 0 and the default secret, for len(b) >= 9."""
    n = len(b)
    assert n >= 9
    if n <= 16:
        lo = _r64(b, 0) ^ _r64(SECRET, 24) ^ _r64(SECRET, 32)
        hi = _r64(b, n - 8) ^ _r64(SECRET, 40) ^ _r64(SECRET, 48)
        return _aval(n + int.from_bytes(lo.to_bytes(8, "little"), "big") + hi + _fold(lo, hi))
    acc = n * P64_1
    if n <= 128:
        for i in range((n - 1) // 32 + 1):
            acc += _mix16(b, 16 * i, 32 * i) + _mix16(b, n - 16 * (i + 1), 32 * i + 16)
        return _aval(acc)
    if n <= 240:
        acc = _aval(acc + sum(_mix16(b, 16 * i, 16 * i) for i in range(8)))
        acc += sum(_mix16(b, 16 * i, 16 * (i - 8) + 3) for i in range(8, n // 16))
        return _aval(acc + _mix16(b, n - 16, 119))
    a = [P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1]
    def stripe(p, s):
        d, k = struct.unpack_from("<8Q", b, p), struct.unpack_from("<8Q", SECRET, s)
        for i in range(8):
            x = d[i] ^ k[i]
            a[i ^ 1] += d[i]
            a[i] += (x & U32) * (x >> 32)
        a[:] = [x & M64 for x in a]
    nblocks = (n - 1) // 1024  # 16 stripes of 64 bytes per block with a 192-byte secret
    for blk in range(nblocks):
        for s in range(16): stripe(blk * 1024 + 64 * s, 8 * s)
        a[:] = [(x ^ (x >> 47) ^ _r64(SECRET, 128 + 8 * i)) * P32_1 & M64 for i, x in enumerate(a)]
    for s in range((n - 1 - 1024 * nblocks) // 64): stripe(nblocks * 1024 + 64 * s, 8 * s)
    stripe(n - 64, 192 - 64 - 7)
    return _aval(n * P64_1 + sum(_fold(a[2 * i] ^ _r64(SECRET, 11 + 16 * i), a[2 * i + 1] ^ _r64(SECRET, 19 + 16 * i))
                                 for i in range(4)))

def impacts(pairs):  # section 7: the block's (tf, length) frontier reduced to 3 corners, flattened
    frontier = []
    for tf, ln in sorted(pairs, key=lambda p: (-p[0], p[1])):
        if not frontier or ln < frontier[-1][1]: frontier.append((tf, ln))
    if len(frontier) > 3: frontier = [frontier[0], (frontier[1][0], frontier[-2][1]), frontier[-1]]
    frontier += [(0, 0)] * (3 - len(frontier))
    return [v for p in frontier for v in p]


class FormatError(Exception): pass

class File:
    """One index file: envelope checked on open; all reads bounded by [16, end) (end = start of footer)."""
    def __init__(self, path, kind, verify):
        self.path = path
        try:
            with open(path, "rb") as f: b = self.b = f.read()
        except OSError as e: raise FormatError(f"{path}: cannot open: {e.strerror}")
        n = len(b)
        if n < 40: self.fail(f"file is truncated ({n} bytes, shorter than header and footer)")
        magic, k, r0, r1, r2, ver, r3 = struct.unpack_from("<IBBBBII", b)
        length, checksum, fmagic, r4 = struct.unpack_from("<QQII", b, n - 24)
        if magic != 0x59525251: self.fail("not a Quarry index file (bad magic number)")
        if k != kind: self.fail(f"expected a {KINDS[kind]} file, found kind {k}")
        if r0 or r1 or r2 or r3: self.fail("damaged header")
        if not 1 <= ver <= 5: self.fail(f"format version {ver} is not supported (this reader reads versions 1 to 5)")
        self.ver = ver
        if fmagic != 0x51525259 or r4 or length != n - 24: self.fail("file is truncated or has a damaged footer")
        if verify and xxh3_64(b[:n - 24]) != checksum: self.fail("checksum mismatch (the file was altered or damaged)")
        self.end = n - 24

    def fail(self, what, off=None):
        raise FormatError(f"{self.path}: {what}" + ("" if off is None else f" at offset {off}"))

    def u(self, fmt, p, end=None):  # fixed-width little-endian integers inside [16, end)
        if p < 16 or p + struct.calcsize("<" + fmt) > (self.end if end is None else end):
            self.fail(f"{fmt} field out of bounds", p)
        return struct.unpack_from("<" + fmt, self.b, p)

    def varint(self, p, end, limit=M64):
        v = 0
        for i in range(10):
            if p >= end: self.fail("varint runs past the end of its range", p)
            x = self.b[p]; p += 1; v |= (x & 0x7F) << (7 * i)
            if not x & 0x80:
                if v > limit: self.fail(f"varint value {v} too large", p)
                return v, p
        self.fail("varint longer than 10 bytes", p)

    def str(self, p, end):
        n, p = self.varint(p, end)
        if p + n > end: self.fail("string runs past the end of its range", p)
        return self.b[p:p + n], p + n

    def block(self, p, end, n):  # encode_block, section 4.3
        if n < 128 and (self.ver < 5 or (p < end and self.b[p] == 0xFF)):  # varints (version 5: after 0xFF)
            p += self.ver >= 5
            out = []
            for _ in range(n): v, p = self.varint(p, end, U32); out.append(v)
            return out, p
        if n < 128:  # version 5: one bit stream of n values
            bits = self.b[p] if p < end else self.fail("short block runs past its range", p)
            if bits > 32: self.fail(f"invalid bit width {bits}", p)
            size = (n * bits + 7) // 8
            if p + 1 + size > end: self.fail("short block runs past its range", p)
            v, mask = int.from_bytes(self.b[p + 1:p + 1 + size], "little"), (1 << bits) - 1
            return [(v >> (i * bits)) & mask for i in range(n)], p + 1 + size
        bits = self.b[p] if p < end else self.fail("bit-packed block runs past its range", p)
        if bits > 32: self.fail(f"invalid bit width {bits}", p)
        if p + 1 + 16 * bits > end: self.fail("bit-packed block runs past its range", p)
        words, out, mask = struct.unpack_from(f"<{4 * bits}I", self.b, p + 1), [0] * 128, (1 << bits) - 1
        for lane in range(4):
            v = sum(words[w * 4 + lane] << (32 * w) for w in range(bits))
            out[lane::4] = [(v >> (s * bits)) & mask for s in range(32)]
        return out, p + 1 + 16 * bits

    def dense(self, p, end, base, span):  # section 7.2 (version 4): a bitmap of ids base .. base + span - 1
        nbytes = 8 * ((span + 63) // 64)
        if p + 1 + nbytes > end: self.fail("dense block runs past its range", p)
        bits = int.from_bytes(self.b[p + 1:p + 1 + nbytes], "little")
        if bin(bits).count("1") != 128 or not bits >> (span - 1) & 1 or bits >> span:
            self.fail(f"dense block does not hold 128 ids ending at the span's last", p)
        ids = [base + j for j in range(span) if bits >> j & 1]
        return [ids[0] - base] + [b - a - 1 for a, b in zip(ids, ids[1:])], p + 1 + nbytes

    def sequence(self, p, end, n):  # encode_sequence, section 4.4
        out = []
        while len(out) < n:
            vals, p = self.block(p, end, min(128, n - len(out))); out += vals
        return out, p

def read_manifest(d):
    if not os.path.isfile(os.path.join(d, "manifest")): raise FormatError(f"{d}: not a Quarry index (no manifest file)")
    m = File(os.path.join(d, "manifest"), 1, True)
    gen, = m.u("Q", 16)
    stem, p = m.str(24, m.end)
    tok, p = m.str(p, m.end)
    if tok.decode("utf-8", "replace") != TOKENIZER:
        print(f"warning: {m.path}: index was built with tokenizer '{tok.decode('utf-8', 'replace')}'", file=sys.stderr)
    count, = m.u("I", p); p += 4
    segs = []
    for _ in range(count):
        name, p = m.str(p, m.end)
        if not re.fullmatch(rb"[A-Za-z0-9_-]{1,64}", name): m.fail(f"invalid segment name {name!r}", p)
        segs.append((name.decode(),) + m.u("I5Q", p)); p += 44
    pairs = []
    if m.ver >= 2:  # section 5: the pair words, sorted word keys
        n, = m.u("I", p); p += 4
        for _ in range(n):
            w, p = m.str(p, m.end)
            if len(w) < 2 or w[:1] not in (b"\0", b"\1") or (pairs and w <= pairs[-1]): m.fail(f"bad pair word {w!r}", p)
            pairs.append(w)
    if p != m.end: m.fail("trailing bytes after the segment list", p)
    if sum(s[1] for s in segs) >= U32: m.fail("too many documents")
    return gen, stem.decode("utf-8", "replace"), segs, set(pairs)

def pair_key(field, first, second):  # section 6.1: field | 0x80, varint length of the first word, both words
    n, v = len(first), b""
    while n >= 0x80: v += bytes([n & 0x7F | 0x80]); n >>= 7
    return bytes([field | 0x80]) + v + bytes([n]) + first + second

def split_pair(key):  # (field, first, second) of a pair key, or None if malformed
    n, i, shift = 0, 1, 0
    while True:
        if i >= len(key) or shift > 28: return None
        x = key[i]; i += 1; n |= (x & 0x7F) << shift; shift += 7
        if not x & 0x80: break
    if n == 0 or n >= len(key) - i: return None
    return key[0] & 0x7F, key[i:i + n], key[i + n:]

class Segment:
    def __init__(self, d, meta, base, verify, pairs):
        self.pairs, self.verify = pairs, verify
        self.name, self.docs, ls0, ls1, self.terms, self.npost, self.npos = meta
        self.base, self.lsum = base, (ls0, ls1)
        self.dict, self.doc, self.pos, self.len, self.store = (File(os.path.join(d, f"{self.name}.{ext}"), k, verify)
            for k, ext in enumerate(("dict", "doc", "pos", "len", "store"), 2))
        L = self.len
        chunks = (self.docs + 1023) // 1024 if L.ver >= 3 else 0  # section 9: v3 adds a check per field per 1,024 docs
        if L.end != 24 + 8 * self.docs + 8 * chunks or L.u("II", 16) != (self.docs, 2):
            L.fail("document-length arrays do not match the document count")
        self.lengths = [L.u(f"{self.docs}I", 24 + 4 * f * self.docs) for f in (0, 1)]
        if self.verify and chunks:
            at = 24 + 8 * self.docs
            for f in (0, 1):
                for k in range(chunks):
                    lo, hi = 24 + 4 * (f * self.docs + 1024 * k), 24 + 4 * (f * self.docs + min(1024 * (k + 1), self.docs))
                    if xxh3_64(L.b[lo:hi]) & U32 != L.u("I", at)[0]:
                        L.fail(f"document lengths {1024 * k}.. of field {f} fail their check", lo)
                    at += 4
        D = self.dict
        tc, bc, self.io = D.u("3Q", D.end - 24)
        es = 16 if D.ver >= 2 else 8  # section 6.2: a block index entry is (offset, head prefix) in version 2
        if not 16 <= self.io <= D.end - 24 or D.end - 24 - self.io != es * bc or not bc <= tc <= 32 * bc:
            D.fail("damaged dictionary trailer", D.end - 24)
        if tc != self.terms: D.fail(f"dictionary holds {tc} terms, the manifest says {self.terms}")
        index = D.u(f"{bc * es // 8}Q", self.io)
        self.boffs, self.prefixes = index[::es // 8] + (self.io,), index[1::2] if es == 16 else None
        S = self.store
        ts = 24 if S.ver >= 3 else 16  # section 10: version 3 adds the dictionary's size and a zero u32
        sdc, sbc, sio = S.u("IIQ", S.end - ts)
        self.sdict, szero = S.u("II", S.end - 8) if ts == 24 else (0, 0)
        if not 16 <= sio <= S.end - ts or S.end - ts - sio != 24 * sbc or sbc > sdc or (sdc and not sbc) or szero \
                or 16 + self.sdict > sio:
            S.fail("damaged stored-documents trailer", S.end - ts)
        if sdc != self.docs: S.fail(f"store holds {sdc} documents, the manifest says {self.docs}")
        self.sblocks, first, off = [S.u("IIQII", sio + 24 * i) for i in range(sbc)], 0, 16 + self.sdict
        for i, (fd, cnt, o, csize, rsize) in enumerate(self.sblocks):
            if fd != first or cnt < 1 or o != off or o + csize > sio:
                S.fail(f"bad stored-documents index entry {i}", sio + 24 * i)
            first, off = first + cnt, o + csize
        if first != sdc or off != sio: S.fail("stored-documents blocks do not cover the file", sio)

    def block_entries(self, j):  # dictionary block j as (key, df, cf, doc_offset, pos_offset, max_tf, min_len)
        D, p, end, key = self.dict, self.boffs[j], self.boffs[j + 1], b""
        if not 16 <= p < end <= self.io: D.fail(f"dictionary block {j} out of bounds", p)
        if D.ver >= 2:  # section 6.2: the block ends with the low 32 bits of XXH3-64 of its entries
            if end - p <= 4: D.fail(f"dictionary block {j} out of bounds", p)
            end -= 4
            if self.verify and xxh3_64(D.b[p:end]) & U32 != D.u("I", end, end + 4)[0]:
                D.fail(f"dictionary block {j} fails its check", p)
        i = 0
        while p < end:  # section 6.2: blocks of 1 to 32 entries, found through the index alone
            if i == 32: D.fail(f"dictionary block {j} holds more than 32 entries", p)
            shared, p = D.varint(p, end)
            if shared > len(key) or (i == 0 and shared): D.fail(f"bad shared prefix length {shared}", p)
            suffix, p = D.str(p, end)
            key, vals = key[:shared] + suffix, []
            if i == 0 and self.prefixes is not None and self.prefixes[j] != int.from_bytes(key[:8].ljust(8, b"\0"), "big"):
                D.fail(f"head prefix of dictionary block {j} disagrees with its first key", self.io + 16 * j)
            for _ in range(6): v, p = D.varint(p, end); vals.append(v)
            df, cfm, doff, poff, maxtf, minlen = vals
            if D.ver >= 2 and i:  # offsets after a block's first entry: distances from the previous entry's
                doff, poff = doff + prev_off[0], poff + prev_off[1]
            prev_off = (doff, poff)
            if not 1 <= df <= U32 or maxtf > U32 or minlen > U32 or key[:1] not in (b"\0", b"\1", b"\x80", b"\x81"):
                D.fail(f"bad entry {key!r}", p)
            if key[0] & 0x80:  # a pair key: both words must be pair words of its field
                sp = split_pair(key)
                if sp is None or any(bytes([sp[0]]) + w not in self.pairs for w in sp[1:]):
                    D.fail(f"bad pair key {key!r}", p)
            yield key, df, df + cfm, doff, poff, maxtf, minlen
            i += 1
        if i == 0: D.fail(f"dictionary block {j} is empty", p)

    def entries(self):
        prev = None
        for e in itertools.chain.from_iterable(self.block_entries(j) for j in range(len(self.boffs) - 1)):
            if prev is not None and e[0] <= prev: self.dict.fail(f"keys out of order: {prev!r} then {e[0]!r}")
            prev = e[0]; yield e

    def lookup(self, key):  # section 6.3: last block whose head <= key, then scan it
        lo, hi = 0, len(self.boffs) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if next(self.block_entries(mid))[0] <= key: lo = mid + 1
            else: hi = mid
        return next((e for e in self.block_entries(lo - 1) if e[0] == key), None) if lo else None

    def postings(self, field, df, cf, doff, poff, maxtf, minlen):  # sections 7 and 8, every value checked
        B, P, lens = self.doc, self.pos, self.lengths[field]
        nb = (df + 127) // 128; ns = nb if nb > 1 else 0
        if not 16 <= doff <= B.end: B.fail("doc_offset out of bounds", doff)
        if not 16 <= poff <= P.end: P.fail("pos_offset out of bounds", poff)
        skips, start = [B.u("9I", doff + 36 * k) for k in range(ns)], doff + 36 * ns
        out, prev, de, pe = [], -1, 0, 0
        for k in range(nb):
            n = 128 if k + 1 < nb else df - 128 * k
            if ns:
                last, dend, pend, *corners = skips[k]
                if not de <= dend <= B.end - start: B.fail(f"bad doc_end in skip entry {k}", doff + 36 * k)
                if not pe <= pend <= P.end - poff: B.fail(f"bad pos_end in skip entry {k}", doff + 36 * k)
            dlim, plim = (start + dend, poff + pend) if ns else (B.end, P.end)
            if ns and n == 128 and B.ver >= 4 and start + de < dlim and B.b[start + de] == 0x80:
                if last < prev + 128: B.fail(f"dense block {k} spans fewer than 128 ids", doff + 36 * k)
                gaps, p = B.dense(start + de, dlim, prev + 1, last - prev)
            else:
                gaps, p = B.block(start + de, dlim, n)
            tfs, p = B.block(p, dlim, n)
            tfs = [t + 1 for t in tfs]
            if ns and p != dlim: B.fail(f"{dlim - p} bytes after the runs of block {k}", p)
            deltas, q = P.sequence(poff + pe, plim, sum(tfs))
            if ns and q != plim: P.fail(f"{plim - q} bytes after the positions of block {k}", q)
            i, blk = 0, []
            for g, tf in zip(gaps, tfs):
                prev += 1 + g
                if prev >= self.docs or tf > U32: B.fail(f"doc id {prev} / tf {tf} out of range", doff)
                ps = list(itertools.accumulate(deltas[i:i + tf])); i += tf
                if 0 in deltas[i - tf + 1:i] or ps[-1] >= lens[prev]:  # strictly increasing, inside the field
                    P.fail(f"bad positions {ps} of doc {prev}", poff)
                blk.append((prev, tf, ps))
            if ns:
                if (last, corners) != (prev, impacts([(t, lens[d]) for d, t, _ in blk])):
                    B.fail(f"skip entry {k} disagrees with its block", doff + 36 * k)
                de, pe = dend, pend
            out += blk
        if (maxtf, minlen, cf) != (max(t for _, t, _ in out), min(lens[d] for d, _, _ in out),
                                   sum(t for _, t, _ in out)):
            self.dict.fail(f"max_tf/min_len/cf of the entry at .doc offset {doff} disagree with its postings")
        return out

    def ids(self):  # external ids, section 10, decompressing each zstd frame with the zstd command
        S, out = self.store, []
        with tempfile.NamedTemporaryFile(suffix=".zdict") as zdict:
            zdict.write(S.b[16:16 + self.sdict]); zdict.flush()
            cmd = ["zstd", "-d", "-c", "-q"] + (["-D", zdict.name] if self.sdict else [])
            for fd, cnt, o, csize, rsize in self.sblocks:
                self._block_ids(S, cmd, cnt, o, csize, rsize, out)
        return out

    def _block_ids(self, S, cmd, cnt, o, csize, rsize, out):
        try: r = subprocess.run(cmd, input=S.b[o:o + csize], capture_output=True)
        except OSError as e: raise FormatError(f"{S.path}: cannot run zstd: {e}")
        raw = File.__new__(File); raw.path, raw.b = f"{S.path} (block at {o}, decompressed)", r.stdout
        if r.returncode or len(raw.b) != rsize: S.fail("zstd frame does not decompress to raw_size bytes", o)
        p = 0
        for _ in range(cnt):
            ident, p = raw.str(p, rsize); _, p = raw.str(p, rsize); _, p = raw.str(p, rsize)
            try: out.append(ident.decode("utf-8"))
            except UnicodeDecodeError: raw.fail("external id is not UTF-8", p)
        if p != rsize: raw.fail("trailing bytes after the block's records", p)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index"); ap.add_argument("command", choices=("terms", "postings", "pairs", "stats"))
    ap.add_argument("term", nargs="?")
    ap.add_argument("--field", choices=("body", "title"), default="body")
    ap.add_argument("--no-verify", action="store_true", help="skip XXH3 checksums of segment files")
    ap.add_argument("--no-ids", action="store_true", help="do not decompress stored documents (no zstd needed)")
    a = ap.parse_args()
    if (a.command == "postings") != (a.term is not None): ap.error("TERM is required by, and only by, postings")
    field, out = ("body", "title").index(a.field), sys.stdout.buffer
    gen, stem, metas, pairs = read_manifest(a.index)
    segs, base = [], 0
    for m in metas: segs.append(Segment(a.index, m, base, not a.no_verify, pairs)); base += m[1]
    if a.command == "terms":
        dfs = {}
        for s in segs:
            for key, df, *_ in s.entries():
                if key[0] == field: dfs[key[1:]] = dfs.get(key[1:], 0) + df
        for t in sorted(dfs): out.write(b"%s\t%d\n" % (t, dfs[t]))
    elif a.command == "postings":
        words = a.term.encode("utf-8").split(b" ")
        if len(words) not in (1, 2) or not all(words): ap.error("TERM is one word, or two separated by one space")
        key = bytes([field]) + words[0] if len(words) == 1 else pair_key(field, *words)
        for s in segs:
            e = s.lookup(key)
            ids = None if e is None or a.no_ids else s.ids()
            for d, tf, ps in (s.postings(field, *e[1:]) if e else []):
                line = f"{s.base + d}\t{tf}\t{','.join(map(str, ps))}" + ("" if ids is None else f"\t{ids[d]}")
                out.write(line.encode() + b"\n")
    elif a.command == "pairs":
        for w in sorted(pairs): out.write((b"title:" if w[0] else b"") + w[1:] + b"\n")
    else:
        out.write(f"documents\t{base}\nsegments\t{len(segs)}\n".encode())
        for s in segs:
            n, post, pos, nf = 0, 0, 0, [0, 0, 0]
            for key, df, cf, *rest in s.entries():
                got = s.postings(key[0] & 0x7F, df, cf, *rest)
                n, post, pos = n + 1, post + len(got), pos + cf; nf[2 if key[0] & 0x80 else key[0]] += 1
            if (post, pos) != (s.npost, s.npos):
                s.dict.fail(f"{post} postings / {pos} positions, the manifest says {s.npost} / {s.npos}")
            if tuple(map(sum, s.lengths)) != s.lsum: s.len.fail(f"field length sums differ from the manifest's {s.lsum}")
            if not a.no_ids and len(s.ids()) != s.docs: s.store.fail("stored documents do not match doc_count")
            out.write(f"segment\t{s.name}\tdocs {s.docs}\tterms {n} (body {nf[0]}, title {nf[1]}, pairs {nf[2]})\n".encode())
        what = "posting and position" if a.no_ids else "posting, position and stored record"
        out.write(f"verified\tgeneration {gen}, stemming {stem}: every {what} decoded and cross-checked\n".encode())

if __name__ == "__main__":
    try: main()
    except FormatError as e: sys.exit(f"quarry_reader: error: {e}")
    except BrokenPipeError: sys.stderr.close()

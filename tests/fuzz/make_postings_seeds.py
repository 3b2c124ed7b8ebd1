#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_postings (tests/fuzz/corpus/fuzz_postings):
valid posting lists of several shapes in the layout the target reads — eight
little-endian u32 (df, doc count, postings body length, doc offset, positions
offset, max tf, min length, seed), the postings body (skip entries when there
is more than one block, then per block the doc-id gaps, or a bitmap of the
block's ids, and tf - 1), then the
positions body (each block's positions, delta-coded per document).
See index/posting_format.h and index/block_codec.h (format version 5)."""
import random
import struct
import sys


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def pack128(vals):  # 4 interleaved lanes: integer i in lane i % 4, slot i / 4
    bits = max(vals).bit_length()
    words = [0] * (4 * bits)
    for lane in range(4):
        for slot in range(32):
            v, bit = vals[slot * 4 + lane], slot * bits
            w, sh = bit >> 5, bit & 31
            if bits:
                words[w * 4 + lane] |= (v << sh) & 0xFFFFFFFF
                if sh + bits > 32:
                    words[(w + 1) * 4 + lane] |= v >> (32 - sh)
    return bytes([bits]) + b"".join(struct.pack("<I", x) for x in words)


def short_block(vals):  # version 5: bit-packed, or 0xFF and varints where smaller
    bits = max(vals).bit_length()
    packed = bytes([bits]) + sum(v << (i * bits) for i, v in enumerate(vals)).to_bytes((len(vals) * bits + 7) // 8, "little")
    varints = b"\xff" + b"".join(varint(v) for v in vals)
    return varints if len(varints) < len(packed) else packed


def encode_block(vals):
    return pack128(vals) if len(vals) == 128 else short_block(vals)


def encode_sequence(vals):
    return b"".join(encode_block(vals[i:i + 128]) for i in range(0, len(vals), 128))


def dense_block(docs, base):  # version 4: a bitmap of the ids base .. docs[-1] (index/dense_block.h)
    span = docs[-1] - base + 1
    bits = sum(1 << (d - base) for d in docs)
    return b"\x80" + bits.to_bytes(8 * ((span + 63) // 64), "little")


def posting_list(rng, df, doc_count, bitmaps=False):
    docs = sorted(rng.sample(range(doc_count), df))
    tfs = [rng.choice([1, 1, 1, 2, 3]) for _ in docs]
    lens = [rng.randint(5, 80) for _ in docs]
    blocks = positions = skips = b""
    prev_last = -1
    n_blocks = (df + 127) // 128
    for b in range(n_blocks):
        d, t, l = docs[b * 128:(b + 1) * 128], tfs[b * 128:(b + 1) * 128], lens[b * 128:(b + 1) * 128]
        gaps = [x - p - 1 for p, x in zip([prev_last] + d[:-1], d)]
        dense = bitmaps and n_blocks > 1 and len(d) == 128
        blocks += (dense_block(d, prev_last + 1) if dense else encode_block(gaps)) + encode_block([x - 1 for x in t])
        deltas = []
        for tf, length in zip(t, l):
            previous = 0
            for p in sorted(rng.sample(range(length), tf)):
                deltas.append(p - previous)
                previous = p
        positions += encode_sequence(deltas)
        best_tf, neg_len = max(zip(t, [-x for x in l]))  # one impact: the largest tf, its shortest length
        impacts = [(best_tf, -neg_len), (0, 0), (0, 0)]
        skips += struct.pack("<III", d[-1], len(blocks), len(positions))
        skips += b"".join(struct.pack("<II", tf, ln) for tf, ln in impacts)
        prev_last = d[-1]
    body = (skips if n_blocks > 1 else b"") + blocks
    head = struct.pack("<IIIIIIII", df, doc_count, len(body), 0, 0, max(tfs), min(lens), 7)
    return head + body + positions


def main(out_dir):
    rng = random.Random(11)
    shapes = {"multi_block": (300, 5000), "one_full_block": (128, 1000), "short_block": (50, 400), "dense": (700, 800)}
    for name, (df, doc_count) in shapes.items():
        with open(f"{out_dir}/{name}", "wb") as f:
            f.write(posting_list(rng, df, doc_count))
    with open(f"{out_dir}/bitmaps", "wb") as f:  # every full block a bitmap
        f.write(posting_list(rng, 700, 900, bitmaps=True))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fuzz/corpus/fuzz_postings")

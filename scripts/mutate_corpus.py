#!/usr/bin/env python3
"""Mutation loop over tests/corpus: every file is damaged at random (bytes
flipped, inserted, deleted or repeated, the file cut short, a chunk of one
file spliced into another) and run through the binary as either export. A run
must end with exit 0, 1 or 2, never a panic or a signal, and an error must
name the file.

    cargo build --release && scripts/mutate_corpus.py [RUNS] [SEED]

It prints how many runs ended with each exit code.
"""
import collections
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "tests", "corpus")
BINARY = os.path.join(ROOT, "target", "release", "fieldmatch")
SPECIAL = [b",", b";", b"\t", b"\"", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"sep=;\n", b"PK\x03\x04"]


def mutate(data, others, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        kind = rng.randrange(6)
        at = rng.randrange(len(data) + 1)
        if kind == 0 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif kind == 1:
            data[at:at] = rng.choice(SPECIAL)
        elif kind == 2:
            del data[at:at + rng.randint(1, 64)]
        elif kind == 3 and data:
            piece = data[at:at + rng.randint(1, 256)]
            data[at:at] = piece * rng.randint(2, 50)
        elif kind == 4:
            del data[at:]
        else:
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            data[at:at] = other[start:start + rng.randint(1, 512)]
    return bytes(data)


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    names = sorted(n for n in os.listdir(CORPUS) if n not in ("EXPECT", "make_corpus.py"))
    files = {n: open(os.path.join(CORPUS, n), "rb").read() for n in names}
    others = list(files.values())
    codes = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            name = rng.choice(names)
            path = os.path.join(tmp, f"m{i}_{name}")
            open(path, "wb").write(mutate(files[name], others, rng))
            fixed = os.path.join(CORPUS, rng.choice(["companies.csv", "utf8_bom.csv"]))
            args = [path, fixed] if rng.random() < 0.5 else [fixed, path]
            out = subprocess.run([BINARY, "-q", *args], capture_output=True, timeout=60)
            codes[out.returncode] += 1
            stderr = out.stderr.decode("utf-8", "replace")
            if out.returncode not in (0, 1, 2) or "panicked" in stderr:
                sys.exit(f"run {i}: {args} ended with {out.returncode}: {stderr}")
            if out.returncode == 2 and os.path.basename(path) not in stderr and fixed not in stderr and "--" not in stderr:
                sys.exit(f"run {i}: the error does not name a file: {stderr}")
            os.remove(path)
    print(f"{runs} mutated runs: " + ", ".join(f"exit {c}: {n}" for c, n in sorted(codes.items())))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Peak memory of `policylint lint` on one large file, for the memory target on single files.

    python3 bench/large_files.py                         # every shape at 1, 5 and 10 MB
    python3 bench/large_files.py --sizes 10mb --shapes folded,items
    python3 bench/large_files.py --smoke                 # 100 KB, one run: checks that it runs

The benchmark corpora (bench/run.sh) are many files of a few KB to 100 KB; this generates one
file per shape and size instead, deterministically, in bench/out/large/, and runs

    POLICYLINT lint --format json --fail-on never --jobs 1 --max-file-size 20 \\
        --max-findings 1000000 FILE > /dev/null

under `/usr/bin/time -f %M` `--runs` times (default 3; peaks move by about 1.5 MB from run to
run, so the largest is reported). The limit is the issue's: 2 × the file's bytes + 64 MiB, in
KiB, as bench/measure.py computes it. Shapes:

  items      `terms:` list of `- text: "<sentence>"` items (prose items, a policy's usual shape)
  folded     one `terms:` item whose `text: >` holds every sentence, one a line
  multidoc   the repository's examples/*.yaml as one stream of `---` documents, repeated
  tiny       `terms:` list of `- text: a` items (12 bytes each: many tiny nodes)
  tinylist   `support: channels:` list of `- a` (8 bytes each: the most nodes a byte)
  anchored   `items` whose last item has an anchor (until 8105e1c the anchor made the parse
             give up on the terms' events and start again into the whole tree; now the anchored
             item is built as a node beside the events)
  tinyanchored  `tiny` whose last item has an anchor (until 8105e1c: a million tiny terms as a tree)
  promises   `promises:` list of `- id: pN` / `text: "<sentence>"` items: prose in a list that is
             not `terms:`, so a tree of mappings and a walk over it, not the terms' events
  tinypromises  `promises:` list of `- {id: pN, text: a}` (about 22 bytes each: `tiny` off the
             terms' fast path, a mapping node, a pair array and four scalars per item)

Sentences come from shared/data/tos-dev/*.jsonl (TOS_DEV, or --tos), else a built-in list.
Prints a Markdown table; exit status 0 when every run exited 0 or 1 (findings), 2 otherwise.
It judges no target: `pass` only says whether the peak was under the limit. POLICYLINT (or
--policylint) names the binary, default .build/release/policylint.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from gen_corpus import FALLBACK_SENTENCES, sanitize  # noqa: E402  (the corpus's own sentence cleaning)

SIZES = {"smoke": 100_000, "1mb": 1_000_000, "5mb": 5_000_000, "10mb": 10_000_000}
SHAPES = ["items", "folded", "multidoc", "tiny", "tinylist", "anchored", "tinyanchored", "promises", "tinypromises"]
HEADER = 'policy:\n  name: Large terms\n  owner: legal@example.com\n  version: "1"\n  language: en\nterms:\n'


def sentences(tos_dir: str) -> list[str]:
    out = []
    for path in sorted(glob.glob(os.path.join(tos_dir, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    t = sanitize(json.loads(line).get("text", ""))
                    if len(t) >= 3:
                        out.append(t)
    return out or FALLBACK_SENTENCES


def lines(shape: str, sents: list[str]):
    """The file's lines after its header, endlessly (the caller stops at the size)."""
    i = 0
    if shape == "folded":
        yield "  - text: >\n"
    while True:
        if shape in ("items", "anchored"):
            yield "  - text: " + json.dumps(sents[i % len(sents)], ensure_ascii=False) + "\n"
        elif shape == "folded":
            yield "      " + sents[i % len(sents)] + "\n"
        elif shape in ("tiny", "tinyanchored"):
            yield "  - text: a\n"
        elif shape == "tinylist":
            yield "    - a\n"
        elif shape == "promises":
            yield f"  - id: p{i}\n    text: " + json.dumps(sents[i % len(sents)], ensure_ascii=False) + "\n"
        elif shape == "tinypromises":
            yield f"  - {{id: p{i}, text: a}}\n"
        i += 1


def generate(shape: str, size: int, sents: list[str], path: str) -> None:
    parts, n = [], 0
    if shape == "multidoc":
        docs = []
        for p in sorted(glob.glob(os.path.join(REPO, "examples", "*.yaml"))):
            with open(p, encoding="utf-8") as f:
                text = f.read()
            docs.append(text if text.startswith("---") else "---\n" + text)
        k = 0
        while n + len(docs[k % len(docs)]) <= size or not parts:
            parts.append(docs[k % len(docs)])
            n += len(parts[-1])
            k += 1
    else:
        header = {"tinylist": HEADER.replace("terms:\n", "support:\n  channels:\n"),
                  "promises": HEADER.replace("terms:\n", "promises:\n"),
                  "tinypromises": HEADER.replace("terms:\n", "promises:\n")}.get(shape, HEADER)
        parts.append(header)
        n = len(header)
        last = '  - &last {text: "The end."}\n' if shape in ("anchored", "tinyanchored") else ""
        for line in lines(shape, sents):
            if n + len(line.encode()) + len(last) > size:
                break
            parts.append(line)
            n += len(line.encode())
        parts.append(last)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(parts))


def peak_kib(binary: str, path: str) -> tuple[int, int]:
    """Peak resident KiB of one run, and its exit status."""
    cmd = ["/usr/bin/time", "-f", "%M", binary, "lint", "--format", "json", "--fail-on", "never", "--jobs", "1",
           "--max-file-size", "20", "--max-findings", "1000000", path]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    return (int(last) if last.isdigit() else -1), r.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1mb,5mb,10mb", help=f"comma-separated, of {', '.join(SIZES)}")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {', '.join(SHAPES)}")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--smoke", action="store_true", help="100 KB files, one run each")
    ap.add_argument("--policylint", default=os.environ.get("POLICYLINT", os.path.join(REPO, ".build/release/policylint")))
    ap.add_argument("--tos", default=os.environ.get("TOS_DEV", os.path.join(REPO, "..", "shared", "data", "tos-dev")))
    ap.add_argument("--out", default=os.path.join(HERE, "out", "large"))
    a = ap.parse_args()
    sizes = ["smoke"] if a.smoke else a.sizes.split(",")
    runs = 1 if a.smoke else a.runs
    shapes = a.shapes.split(",")
    for s in sizes:
        if s not in SIZES:
            ap.error(f"unknown size {s!r}")
    for s in shapes:
        if s not in SHAPES:
            ap.error(f"unknown shape {s!r}")
    if not os.access(a.policylint, os.X_OK):
        print(f"large_files: no policylint binary at {a.policylint} (swift build -c release --static-swift-stdlib, or set POLICYLINT)", file=sys.stderr)
        return 2
    if not os.access("/usr/bin/time", os.X_OK):
        print("large_files: /usr/bin/time is required (Debian: apt-get install time)", file=sys.stderr)
        return 2
    os.makedirs(a.out, exist_ok=True)
    sents = sentences(a.tos)
    status = 0
    print(f"| shape | size | bytes | limit KiB | peak KiB (largest of {runs}) | share | under the limit |")
    print("|---|---|---:|---:|---:|---:|---|")
    for size in sizes:
        for shape in shapes:
            path = os.path.join(a.out, f"{shape}-{size}.yaml")
            generate(shape, SIZES[size], sents, path)
            nbytes = os.path.getsize(path)
            limit = (2 * nbytes + 64 * (1 << 20)) // 1024
            peaks = []
            for _ in range(runs):
                kib, rc = peak_kib(a.policylint, path)
                if rc not in (0, 1) or kib < 0:
                    print(f"large_files: {path}: policylint exited {rc}", file=sys.stderr)
                    status = 2
                peaks.append(kib)
            peak = max(peaks)
            print(f"| {shape} | {size} | {nbytes:,} | {limit:,} | {peak:,} | {peak / limit:.0%} | {'yes' if peak <= limit else '**no**'} |",
                  flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

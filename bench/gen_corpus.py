#!/usr/bin/env python3
"""Generate benchmark corpora of realistic policy/v1 YAML files.

    python3 bench/gen_corpus.py                      # bench/corpus/{1mb,10mb,100mb}/
    python3 bench/gen_corpus.py --sizes smoke        # bench/corpus/smoke/ (~100 KB)
    python3 bench/gen_corpus.py --sizes 10mb --check # and parse every file back

Deterministic: the same seed, examples/ and terms-of-service corpus give byte-identical
files. Each corpus is many files of a few KB to ~100 KB (log-uniform sizes, as in a real
policy repository), spread over a few sub-folders. A file is a policy/v1 document: the
header sections (policy, promises, partners, refunds, support, complaints, delays) come
either from one of the repository's examples/*.yaml (its own `terms:` dropped) or from
templates below; then `terms:` holds clauses of consecutive sentences from
shared/data/tos-dev/*.jsonl ("text"), as plain, single-quoted, double-quoted or folded
(`>`) scalars. Sizes are decimal: 1mb = 1,000,000 bytes.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SIZES = {"smoke": 100_000, "1mb": 1_000_000, "10mb": 10_000_000, "100mb": 100_000_000}
MIN_FILE, MAX_FILE = 2_000, 100_000
GENERATOR_VERSION = "1"

# Used only when shared/data/tos-dev is missing, so the generator always runs.
FALLBACK_SENTENCES = [
    "We may change these terms at any time without notice to you.",
    "By using the service you agree to be bound by these terms.",
    "We are not liable for any indirect, incidental or consequential damages.",
    "We may suspend or terminate your account at our sole discretion.",
    "Any dispute will be resolved by binding arbitration in the state of Delaware.",
    "These terms are governed by the laws of the State of California.",
    "We may remove any content that we consider inappropriate.",
    "You are responsible for keeping your password confidential.",
    "Our liability is limited to the amount you paid us in the last twelve months.",
    "The courts of Dublin, Ireland have exclusive jurisdiction over any claim.",
]

COMPANIES = ["ClearView Optics", "Northwind Outfitters", "Bluebird Bakery", "Lakeside Cycles",
             "Harbor Pharmacy", "Summit Telecom", "Oakleaf Furniture", "Pixel Print Shop",
             "Greenway Grocers", "Riverbend Hotel", "Atlas Movers", "Brightside Dental",
             "Copperpot Kitchenware", "Evergreen Insurance", "Fjord Travel", "Granite Gym"]
UNITS = ["days", "business days", "hours"]
PARTNERS = [("lakeside-lab", "Lakeside Lens Lab", "lens grinding"),
            ("swift-courier", "Swift Courier", "delivery"),
            ("cloudhost", "CloudHost Ltd", "hosting"),
            ("payfast", "PayFast", "payment processing"),
            ("fixit", "FixIt Repairs", "repairs under warranty"),
            ("callpoint", "CallPoint", "telephone support")]
PROMISE_TEXTS = [
    "Your order ships within {n} {u}.",
    "Your new glasses will be ready within {n} {u}.",
    "Repairs are finished within {n} {u} of drop-off.",
    "We deliver to your door within {n} {u}.",
    "We'll do anything to earn your business.",
    "Installation is completed within {n} {u} of purchase.",
    "Your booking is confirmed within {n} {u}.",
]
REMEDIES = ["We call you the same day with a new date.",
            "Express delivery at our cost, or a full refund if you prefer.",
            "You may cancel for a full refund.",
            "We refund the delivery charge.",
            "A 10% voucher for your next order."]
GUARANTEES = ["Full refund within {n} days if you are not satisfied, no questions asked.",
              "Satisfaction guaranteed or your money back.",
              "Money-back guarantee on every purchase within {n} days.",
              "Refunds are at our discretion. All sales are final on sale items."]
ESCALATIONS = ["Any customer may ask for the store manager; unresolved cases go to the owner.",
               "Ask for a supervisor at any time.",
               "Complaints not resolved in 5 days go to our customer-care director."]
ACCOUNTABILITY = ["{c} stays responsible to you for the partner's work.",
                  "We remain responsible for the work of our partners.",
                  "We are not responsible for delays caused by our carrier."]


def sanitize(text: str) -> str:
    """Collapse whitespace and drop characters YAML may not carry in a scalar."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch in "\t\r\n\u0085\u2028\u2029\ufeff":
            out.append(" ")
        elif o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF):
            out.append(" ")
        else:
            out.append(ch)
    return re.sub(r" +", " ", "".join(out)).strip()


_PLAIN_OK = re.compile(r"^[A-Za-z][^#:{}\[\]`]*[A-Za-z0-9.)]$")
_NOT_STRING = {"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"}


def scalar(text: str, rng: random.Random, indent: str) -> str:
    """`text` as a YAML value after `key:`: plain, quoted, or a folded block scalar."""
    r = rng.random()
    if r < 0.30 and len(text) > 60:
        lines = textwrap.wrap(text, width=rng.choice([72, 80, 96]), break_long_words=False,
                              break_on_hyphens=False)
        return " >\n" + "".join(f"{indent}  {line}\n" for line in lines)
    if r < 0.65 and _PLAIN_OK.match(text) and text.lower() not in _NOT_STRING:
        return f" {text}\n"
    if r < 0.75:
        return " '" + text.replace("'", "''") + "'\n"
    return " " + json.dumps(text, ensure_ascii=False) + "\n"


def load_sentences(tos_dir: str) -> list[tuple[str, list[str]]]:
    docs = []
    for path in sorted(glob.glob(os.path.join(tos_dir, "*.jsonl"))):
        sents = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                t = sanitize(json.loads(line).get("text", ""))
                if len(t) >= 3:
                    sents.append(t)
        if sents:
            docs.append((os.path.splitext(os.path.basename(path))[0].lower(), sents))
    if not docs:
        print(f"gen_corpus: WARNING: no *.jsonl in {tos_dir} (set TOS_DEV or --tos); "
              f"terms use {len(FALLBACK_SENTENCES)} built-in sentences", file=sys.stderr)
        docs = [("fallback", FALLBACK_SENTENCES)]
    return docs


def load_example_headers(examples_dir: str) -> list[str]:
    """Top-level sections of each valid policy example, without its `terms:`."""
    try:
        import yaml  # PyYAML: only to keep examples that really are policy documents
    except ImportError:
        return []
    headers = []
    for path in sorted(glob.glob(os.path.join(examples_dir, "**", "*.y*ml"), recursive=True)):
        try:
            with open(path, encoding="utf-8") as f:
                src = f.read()
            doc = yaml.safe_load(src)
        except Exception:
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("policy"), dict):
            continue
        if re.search(r"^(---|\.\.\.)", src, re.M):
            continue
        blocks, cur = [], None
        for line in src.splitlines(keepends=True):
            m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
            if m:
                cur = [m.group(1), []]
                blocks.append(cur)
            if cur is not None:
                cur[1].append(line)
        text = "".join("".join(lines) for key, lines in blocks if key != "terms")
        if not text.endswith("\n"):
            text += "\n"
        try:
            check = yaml.safe_load(text)
        except Exception:
            continue
        if isinstance(check, dict) and "policy" in check:
            headers.append(text)
    return headers


def synthetic_header(rng: random.Random, serial: int) -> str:
    c = rng.choice(COMPANIES)
    slug = re.sub(r"[^a-z]+", "", c.split()[0].lower())
    out = [
        "policy:\n",
        f"  name: {c} customer promise {serial}\n",
        f"  owner: cx@{slug}.example\n",
        f'  version: "{rng.randint(2019, 2026)}.{rng.randint(1, 12)}"\n',
        "  language: en\n",
    ]
    partners = rng.sample(PARTNERS, rng.randint(0, 2))
    out.append("promises:\n")
    for i in range(rng.randint(1, 4)):
        n, u = rng.randint(1, 14), rng.choice(UNITS)
        text = rng.choice(PROMISE_TEXTS).format(n=n, u=u)
        out.append(f"  - id: promise-{i + 1}\n")
        out.append(f"    text:{scalar(text, rng, '    ')}")
        if "within" in text:
            out.append(f"    deadline: {n} {u}\n")
        if partners and rng.random() < 0.5:
            out.append(f"    fulfilled_by: {rng.choice(partners)[0]}\n")
        if rng.random() < 0.7:
            out.append("    if_missed:\n")
            for rem in rng.sample(REMEDIES, rng.randint(1, 2)):
                out.append(f"      - {rem}\n")
    if partners:
        out.append("partners:\n")
        for pid, name, provides in partners:
            out.append(f"  - id: {pid}\n    name: {name}\n    provides: {provides}\n")
            if rng.random() < 0.7:
                acc = rng.choice(ACCOUNTABILITY).format(c=c)
                out.append(f"    accountability:{scalar(acc, rng, '    ')}")
    window = rng.choice([7, 14, 30, 60, 90])
    out.append("refunds:\n")
    g = rng.choice(GUARANTEES).format(n=window)
    out.append(f"  guarantee:{scalar(g, rng, '  ')}")
    out.append(f"  window: {window} days\n")
    out.append(f"  processing: {rng.randint(2, 20)} business days\n")
    if rng.random() < 0.5:
        out.append("  exceptions: [custom engraving, gift cards]\n")
    out.append("support:\n  channels: [email, phone]\n")
    out.append(f"  first_response: {rng.choice([4, 12, 24, 48, 72])} hours\n")
    if rng.random() < 0.8:
        out.append("complaints:\n  channels: [email, phone, in store]\n")
        out.append(f"  acknowledge_within: {rng.choice(['1 business day', '2 business days', '48h'])}\n")
        out.append(f"  resolve_within: {rng.randint(3, 30)} business days\n")
        out.append(f"  escalation: {rng.choice(ESCALATIONS)}\n")
        out.append("  remedies: [apology, refund, replacement, the customer's choice of remedy]\n")
        if rng.random() < 0.6:
            out.append(f"  staff_authority: Any employee may refund up to ${rng.choice([50, 100, 150, 250])} on the spot.\n")
        if rng.random() < 0.6:
            out.append("  root_cause: Every complaint gets a cause and a fix recorded within 14 days.\n")
    if rng.random() < 0.6:
        out.append(f"delays:\n  notify_within: {rng.choice(['1 business day', '24 hours', 'P2D'])}\n")
    return "".join(out)


class Terms:
    """Walks the terms-of-service corpus, handing out runs of consecutive sentences."""

    def __init__(self, docs, rng):
        self.docs, self.rng = docs, rng

    def clauses(self):
        rng = self.rng
        name, sents = rng.choice(self.docs)
        pos = rng.randrange(len(sents))
        n = 0
        while True:
            k = rng.choice([1, 1, 1, 2, 2, 3, 4, 6])
            run = [sents[(pos + j) % len(sents)] for j in range(k)]
            pos = (pos + k) % len(sents)
            n += 1
            if rng.random() < 0.02:  # another company's terms pasted in, as happens
                name, sents = rng.choice(self.docs)
                pos = rng.randrange(len(sents))
            yield name, n, run


def make_file(rng, headers, docs, serial, target) -> str:
    if headers and rng.random() < 0.5:
        head = rng.choice(headers)
    else:
        head = synthetic_header(rng, serial)
    parts = [f"# Customer policy {serial:05d}, generated by bench/gen_corpus.py\n", head, "terms:\n"]
    size = sum(len(p.encode()) for p in parts)
    for name, n, run in Terms(docs, rng).clauses():
        text = " ".join(run)
        entry = f"  - id: {name}-{n}\n"
        if rng.random() < 0.3:
            title = " ".join(run[0].split()[:5]).rstrip(".,;:")
            entry += f"    title:{scalar(sanitize(title), rng, '    ')}"
        entry += f"    text:{scalar(text, rng, '    ')}"
        parts.append(entry)
        size += len(entry.encode())
        if size >= target:
            break
    return "".join(parts)


def generate(name, total, out_root, seed, headers, docs, check):
    rng = random.Random(f"{seed}:{name}")
    out = os.path.join(out_root, name)
    tmp = out + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    written, serial, largest = 0, 0, 0
    loader = None
    if check:
        import yaml
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    max_file = min(MAX_FILE, max(2 * MIN_FILE, total // 10))  # smoke: more, smaller files
    while written < total:
        serial += 1
        want = int(math.exp(rng.uniform(math.log(MIN_FILE), math.log(max_file))))
        want = max(MIN_FILE, min(want, total - written))
        body = make_file(rng, headers, docs, serial, want).encode("utf-8")
        sub = os.path.join(tmp, f"team-{serial % 8:02d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"policy-{serial:05d}.yaml"), "wb") as f:
            f.write(body)
        if loader is not None:
            doc = yaml.load(body, Loader=loader)
            ok = isinstance(doc, dict) and "policy" in doc and doc.get("terms")
            ok = ok and all(isinstance(t.get("text"), str) for t in doc["terms"])
            if not ok:
                sys.exit(f"gen_corpus: generated file {serial} does not read back as a policy")
        written += len(body)
        largest = max(largest, len(body))
    shutil.rmtree(out, ignore_errors=True)
    os.rename(tmp, out)
    return serial, written, largest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1mb,10mb,100mb", help="comma list of " + ",".join(SIZES))
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--examples", default=os.path.join(REPO, "examples"))
    ap.add_argument("--tos", default=os.environ.get(
        "TOS_DEV", os.path.join(REPO, "..", "shared", "data", "tos-dev")))
    ap.add_argument("--check", action="store_true", help="parse every file back with PyYAML")
    ap.add_argument("--force", action="store_true", help="regenerate even if the stamp matches")
    args = ap.parse_args()

    docs = load_sentences(args.tos)
    headers = load_example_headers(args.examples)
    # The stamp names every input, so a changed generator, seed, example or corpus regenerates.
    h = hashlib.sha256()
    h.update(open(os.path.abspath(__file__), "rb").read())
    h.update(f"{GENERATOR_VERSION}:{args.seed}".encode())
    for hd in headers:
        h.update(hd.encode())
    for name, sents in docs:
        h.update(name.encode())
        h.update(str(len(sents)).encode())
    stamp_id = h.hexdigest()[:16]

    os.makedirs(args.out, exist_ok=True)
    for name in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if name not in SIZES:
            sys.exit(f"gen_corpus: unknown size {name!r} (known: {', '.join(SIZES)})")
        stamp = os.path.join(args.out, name + ".stamp")
        if not args.force and os.path.isdir(os.path.join(args.out, name)) and os.path.exists(stamp):
            if open(stamp).read().split()[0] == stamp_id:
                print(f"gen_corpus: {name}: up to date ({open(stamp).read().strip()})")
                continue
        files, written, largest = generate(name, SIZES[name], args.out, args.seed, headers, docs, args.check)
        info = (f"{stamp_id} files={files} bytes={written} largest={largest} "
                f"example_headers={len(headers)} tos_docs={len(docs)}")
        with open(stamp, "w") as f:
            f.write(info + "\n")
        print(f"gen_corpus: {name}: {info}")


if __name__ == "__main__":
    main()

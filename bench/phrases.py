#!/usr/bin/env python3
"""Turn the built-in phrase lists (rules/*.yaml) into a ripgrep pattern file.

    python3 bench/phrases.py rules > bench/out/patterns.txt

Collects every string under a rule's `phrases`, `near`, `unless`, `conflict` and
`absent.phrases` (language-keyed lists included), and writes one regular expression per
phrase, for `rg -i -f`: words joined by `\\W+` (punctuation, hyphens and spaces separate
words, as in policylint's tokenizer), `word*` -> `word\\w*`, an optional `(word)` expanded
into both alternatives, `'` matching straight or curly apostrophes, `\\b` at both ends.
The classes are ASCII (`(?-u:\\W)`, `(?-u:\\b)`): with Unicode classes ripgrep 13 spends over a
second and 250 MB compiling the set and runs 60x slower, which is not how anyone would grep.
Prints the number of phrases to stderr.
"""
import glob
import itertools
import os
import re
import sys

import yaml

SEP, WORD, B = r"(?-u:\W)+", r"(?-u:\w)*", r"(?-u:\b)"
KEYS = ("phrases", "near", "unless", "conflict")


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for x in node:
            yield from strings(x)
    elif isinstance(node, dict):
        for x in node.values():
            yield from strings(x)


def rule_phrases(rule):
    for key in KEYS:
        if key in rule:
            yield from strings(rule[key])
    absent = rule.get("absent")
    if isinstance(absent, dict) and "phrases" in absent:
        yield from strings(absent["phrases"])


def word_regex(word):
    star = word.endswith("*")
    word = word.rstrip("*")
    out = "".join("['\u2019]" if ch in "'\u2019" else re.escape(ch) for ch in word)
    return out + (WORD if star else "")


def phrase_regex(phrase):
    # tokens: "(optional words)" groups and plain words; hyphens etc. separate words
    items = []
    for m in re.finditer(r"\(([^)]*)\)|([^\s()]+)", phrase):
        group, plain = m.group(1), m.group(2)
        for w in re.split(r"[^\w'\u2019*]+", group if group is not None else plain):
            if w:
                items.append((w, group is not None))
    if not items:
        return None
    optional = [i for i, (_, opt) in enumerate(items) if opt][:4]
    alts = []
    for keep in itertools.product([True, False], repeat=len(optional)):
        drop = {i for i, k in zip(optional, keep) if not k}
        words = [w for i, (w, _) in enumerate(items) if i not in drop]
        if words:
            body = SEP.join(word_regex(w) for w in words)
            end = "" if words[-1].endswith("*") else B
            alts.append(B + body + end)
    alts = list(dict.fromkeys(alts))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def main():
    rules_dir = sys.argv[1] if len(sys.argv) > 1 else "rules"
    phrases = set()
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml"))):
        try:
            with open(path, encoding="utf-8") as f:
                pack = yaml.safe_load(f)
        except yaml.YAMLError as e:
            print(f"phrases.py: skipping {path}: {str(e).splitlines()[0]}", file=sys.stderr)
            continue
        if not isinstance(pack, dict):
            continue
        for rule in pack.get("rules") or []:
            if isinstance(rule, dict):
                phrases.update(p.strip() for p in rule_phrases(rule) if p.strip())
    patterns = sorted({r for r in map(phrase_regex, phrases) if r})
    sys.stdout.write("".join(p + "\n" for p in patterns))
    print(f"phrases.py: {len(phrases)} phrases -> {len(patterns)} patterns from {rules_dir}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

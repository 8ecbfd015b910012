#!/usr/bin/env bash
# Does matching cost grow with the number of phrases? Lints the same corpus with a pack of 10
# phrases and a pack of 10,000 phrases (all rules of one `phrases` check; built-in packs off),
# and, to separate pack loading from scanning, the same packs on a one-line policy.
#
#   bash bench/matcher_scaling.sh [CORPUS_DIR]     (default bench/corpus/10mb; POLICYLINT=binary)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${POLICYLINT:-.build/release/policylint}
corpus=${1:-bench/corpus/10mb}
[ -x "$bin" ] || { echo "build first: swift build -c release (or set POLICYLINT)" >&2; exit 2; }
[ -d "$corpus" ] || python3 bench/gen_corpus.py >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$out" <<'PY'
import random, sys
out = sys.argv[1]
rng = random.Random(7)
letters = "abcdefghijklmnopqrstuvwxyz"
real = ["not responsible", "all sales final", "at our discretion", "without notice", "third part*",
        "reserve the right", "governed by the laws", "binding arbitration", "as is", "terminate"]
def word():
    return "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
for n in (10, 10000):
    phrases = real[:] + [" ".join(word() for _ in range(rng.randint(1, 4))) for _ in range(n - len(real))]
    with open(f"{out}/pack-{n}.yaml", "w") as f:
        f.write(f"pack: scaling-{n}\nrules:\n  - id: scaling-{n}\n    title: t\n    severity: info\n"
                f"    category: c\n    why: w\n    fix: f\n    phrases:\n")
        for p in phrases:
            f.write(f"      - \"{p}\"\n")
with open(f"{out}/tiny.yaml", "w") as f:
    f.write("policy: {name: tiny}\n")
PY
run() { # label args...
  local label=$1; shift
  local best=""
  for _ in 1 2 3; do
    local t0=$(date +%s.%N)
    "$bin" lint --no-builtin --format json --fail-on never --jobs 1 "$@" > /dev/null
    local t1=$(date +%s.%N)
    local t=$(echo "$t1 - $t0" | bc)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
  done
  printf '| %s | %.3f |\n' "$label" "$best"
}
echo "Corpus: $corpus ($(du -sh "$corpus" | cut -f1)); best of 3 runs; one thread"
echo
echo "| run | wall s |"
echo "|---|---:|"
run "10 phrases, tiny file (load only)" --rules "$out/pack-10.yaml" "$out/tiny.yaml"
run "10,000 phrases, tiny file (load only)" --rules "$out/pack-10000.yaml" "$out/tiny.yaml"
run "10 phrases, corpus" --rules "$out/pack-10.yaml" "$corpus"
run "10,000 phrases, corpus" --rules "$out/pack-10000.yaml" "$corpus"

#!/usr/bin/env bash
# Where a one-thread run's time goes, layer by layer, in wall time: four commands timed in
# interleaved rounds (each round runs all four, so the machine's load drifts over them alike).
#
#   floor      bench/out/yaml_floor CORPUS                  libyaml's event parser, nothing else
#   no rules   policylint lint --no-builtin ...             + reading, tree, policy model, schema
#   scan only  the same build as below, made with           + tokenising and matching every
#              -DPOLICYLINT_BENCH_SCAN_ONLY                   prose string (no rule evaluated)
#   all rules  policylint lint ...                          + the rules' evaluation, findings,
#                                                             their sort and the JSON report
#
# Every policylint run is `lint --jobs 1 --format json --fail-on never CORPUS > /dev/null`.
# The differences between neighbours are the layers' costs; each level is also given as a
# share of the floor's throughput (the issue's one-thread target is 40%).
#
#   bash bench/split.sh                          11 rounds on bench/corpus/10mb
#   bash bench/split.sh 5 bench/corpus/100mb     5 rounds on 100 MB
#
# Builds both release binaries (--static-swift-stdlib, as README installs it) under
# .build-split/ unless POLICYLINT (the normal build) and POLICYLINT_SCAN_ONLY are set. Needs the
# corpus (bench/run.sh generates it), cc and libyaml-dev.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
rounds=${1:-11}
corpus=${2:-bench/corpus/10mb}
[ -d "$corpus" ] || { echo "split.sh: no corpus at $corpus (make it with: SIZES=10mb bash bench/run.sh, or python3 bench/gen_corpus.py)" >&2; exit 2; }
log() { printf '[split] %s\n' "$*" >&2; }

. "$here/layers.sh" # sets full and scan (built if not given), builds the floor

times=$(mktemp -d)
trap 'rm -rf "$times"' EXIT
run() { # name command...
  local name=$1 start end; shift
  start=$(date +%s%N)
  "$@" > /dev/null || [ $? -eq 1 ]
  end=$(date +%s%N)
  echo $(((end - start) / 1000)) >> "$times/$name"
}
lint=(lint --jobs 1 --format json --fail-on never)
log "$rounds rounds on $corpus"
for ((r = 0; r < rounds; r++)); do
  run floor bench/out/yaml_floor "$corpus"
  run norules "$full" "${lint[@]}" --no-builtin "$corpus"
  run scan "$scan" "${lint[@]}" "$corpus"
  run all "$full" "${lint[@]}" "$corpus"
done

median() { sort -n "$times/$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] / 1000 }'; }
minimum() { sort -n "$times/$1" | head -1 | awk '{ print $1 / 1000 }'; }
f=$(median floor) n=$(median norules) s=$(median scan) a=$(median all)
echo "corpus $corpus, $rounds rounds, wall ms (median; minimum in brackets)"
awk -v f="$f" -v n="$n" -v s="$s" -v a="$a" \
    -v fm="$(minimum floor)" -v nm="$(minimum norules)" -v sm="$(minimum scan)" -v am="$(minimum all)" 'BEGIN {
  printf "%-34s %9s %9s %13s %14s\n", "level", "median", "(min)", "% of floor", "layer adds"
  printf "%-34s %9.1f %9.1f %12.1f%% %14s\n", "libyaml floor", f, fm, 100, "-"
  printf "%-34s %9.1f %9.1f %12.1f%% %11.1f ms\n", "no rules (read, tree, model)", n, nm, 100 * f / n, n - f
  printf "%-34s %9.1f %9.1f %12.1f%% %11.1f ms\n", "scan only (tokenise, match)", s, sm, 100 * f / s, s - n
  printf "%-34s %9.1f %9.1f %12.1f%% %11.1f ms\n", "all rules (findings, report)", a, am, 100 * f / a, a - s
  printf "40%% of the floor allows %.1f ms: %.1f ms (%.0f%%) over\n", f / 0.4, a - f / 0.4, 100 * (a - f / 0.4) / a
}'

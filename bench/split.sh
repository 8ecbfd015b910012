#!/usr/bin/env bash
# Where a one-thread run's time goes, layer by layer, in wall time: seven commands timed in
# interleaved rounds (each round runs all seven, so the machine's load drifts over them alike).
#
#   floor      bench/out/yaml_floor CORPUS                  libyaml's event parser, nothing else
#   no rules   policylint lint --no-builtin ...             + reading, tree, policy model, schema
#   tokenise   the scan-only build (below) with              + tokenising every prose string
#              POLICYLINT_BENCH_STOP=tokenize
#   look up    ... POLICYLINT_BENCH_STOP=lookup               + every word's symbols looked up
#   match      ... POLICYLINT_BENCH_STOP=match                + partial matches advanced, matches
#                                                               found (none grouped)
#   scan only  the same build as below, made with           + the matches of each string rules read grouped by rule
#              -DPOLICYLINT_BENCH_SCAN_ONLY                   (no rule evaluated)
#   all rules  policylint lint ...                          + the rules' evaluation, findings,
#                                                             their sort and the JSON report
#
# Every policylint run is `lint --jobs 1 --format json --fail-on never CORPUS > /dev/null`.
# The differences between neighbours are the layers' costs, from each level's fastest run (as
# bench/measure.py judges the targets); each level is also given as a share of the floor's
# throughput (the issue's one-thread target is 40%). The three levels inside the scan come from
# one binary (`ScanStop` in Sources/PolicyLint/Text/ScanStop.swift; other builds ignore it).
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

. "$here/layers.sh" # the levels and their commands; builds what is missing

times=$(mktemp -d)
trap 'rm -rf "$times"' EXIT
run() { # level
  local start end
  level_command "$1" "$corpus"
  start=$(date +%s%N)
  POLICYLINT_BENCH_STOP=$stop "${cmd[@]}" > /dev/null || [ $? -eq 1 ]
  end=$(date +%s%N)
  echo $(((end - start) / 1000)) >> "$times/$1"
}
log "$rounds rounds on $corpus"
for ((r = 0; r < rounds; r++)); do
  for level in "${levels[@]}"; do run "$level"; done
done

median() { sort -n "$times/$1" | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] / 1000 }'; }
minimum() { sort -n "$times/$1" | head -1 | awk '{ print $1 / 1000 }'; }
echo "corpus $corpus, $rounds rounds, wall ms (minimum and median); layers from the minimums"
printf "%-36s %9s %9s %13s %14s\n" "level" "(min)" "median" "% of floor" "layer adds"
floor=$(minimum floor) previous=
for k in "${!levels[@]}"; do
  m=$(minimum "${levels[$k]}") d=$(median "${levels[$k]}")
  awk -v label="${labels[$k]}" -v m="$m" -v d="$d" -v f="$floor" -v p="$previous" 'BEGIN {
    adds = p == "" ? "-" : sprintf("%.1f ms", m - p)
    printf "%-36s %9.1f %9.1f %12.1f%% %14s\n", label, m, d, 100 * f / m, adds
  }'
  previous=$m
done
awk -v f="$floor" -v a="$previous" 'BEGIN {
  printf "40%% of the floor allows %.1f ms: %.1f ms (%.0f%%) over\n", f / 0.4, a - f / 0.4, 100 * (a - f / 0.4) / a
}'

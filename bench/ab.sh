#!/usr/bin/env bash
# Interleaved A/B timing of policylint binaries on one corpus: each round runs every binary
# once, in turn, so that the machine's load drifts over all of them alike (single timings on
# the shared VMs here move by 5-15%). Prints the minimum and the median wall time of each.
#
#   bash bench/ab.sh ROUNDS CORPUS BINARY...
#   bash bench/ab.sh 21 bench/corpus/10mb /tmp/policylint-before .build/release/policylint
#
# Each run: BINARY lint --jobs 1 --format json --fail-on never CORPUS > /dev/null.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,9p' "$0" >&2; exit 2; }
rounds=$1 corpus=$2
shift 2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 0; r < rounds; r++)); do
  for ((k = 1; k <= $#; k++)); do
    bin=${!k}
    start=$(date +%s%N)
    "$bin" lint --jobs 1 --format json --fail-on never "$corpus" > /dev/null || [ $? -eq 1 ]
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >> "$out/$k"
  done
done
for ((k = 1; k <= $#; k++)); do
  sort -n "$out/$k" | awk -v name="${!k}" '{ t[NR] = $1 } END {
    printf "%-40s min %7.1f ms   median %7.1f ms   (%d runs)\n", name, t[1] / 1000, t[int((NR + 1) / 2)] / 1000, NR }'
done

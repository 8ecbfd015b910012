#!/usr/bin/env bash
# Interleaved A/B timing of policylint binaries on one corpus: each round runs every binary
# once, in turn, so that the machine's load drifts over all of them alike (single timings on
# the shared VMs here move by 5-15%). Prints the minimum and the median wall time of each.
#
#   bash bench/ab.sh ROUNDS CORPUS BINARY...
#   bash bench/ab.sh 21 bench/corpus/10mb /tmp/policylint-before .build/release/policylint
#   bash bench/ab.sh 6 bench/corpus/100mb floor .build/release/policylint
#
# Each run: BINARY lint --jobs 1 --format json --fail-on never CORPUS > /dev/null. The word
# `floor` in place of a binary runs the libyaml floor (bench/out/yaml_floor CORPUS, built from
# bench/yaml_floor.c if missing: needs cc and libyaml-dev) in the same rounds, and each binary's
# share of the floor's throughput is printed too (the one-thread target is 40%), from the
# minimums and from the medians: steadier than a full bench/run.sh, whose tools run in turn.
# `floor-inplace` runs the same program with YAML_FLOOR_IN_PLACE=1: libyaml's parsing alone,
# its reader skipped as policylint skips it and no input checked at all (bench/yaml_floor.c);
# shares of it are printed too, for comparison (it is not the benchmark's floor).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
rounds=$1 corpus=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
floor="$here/out/yaml_floor"
for bin in "$@"; do
  if [[ "$bin" = floor || "$bin" = floor-inplace ]] && [ ! -x "$floor" ]; then
    mkdir -p "$here/out"
    cc -O2 -o "$floor" "$here/yaml_floor.c" -lyaml
  fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for ((r = 0; r < rounds; r++)); do
  for ((k = 1; k <= $#; k++)); do
    bin=${!k}
    start=$(date +%s%N)
    if [ "$bin" = floor ]; then
      "$floor" "$corpus" > /dev/null
    elif [ "$bin" = floor-inplace ]; then
      YAML_FLOOR_IN_PLACE=1 "$floor" "$corpus" > /dev/null
    else
      "$bin" lint --jobs 1 --format json --fail-on never "$corpus" > /dev/null || [ $? -eq 1 ]
    fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >> "$out/$k"
  done
done
for ((k = 1; k <= $#; k++)); do
  sort -n "$out/$k" | awk -v name="${!k}" '{ t[NR] = $1 } END {
    printf "%-40s min %7.1f ms   median %7.1f ms   (%d runs)\n", name, t[1] / 1000, t[int((NR + 1) / 2)] / 1000, NR }'
done
pick() { sort -n "$out/$1" | awk -v w="$2" '{ t[NR] = $1 } END { print (w == "min" ? t[1] : t[int((NR + 1) / 2)]) }'; }
for ((f = 1; f <= $#; f++)); do
  case "${!f}" in floor) label="the floor" ;; floor-inplace) label="the in-place floor" ;; *) continue ;; esac
  fmin=$(pick "$f" min) fmed=$(pick "$f" median)
  for ((k = 1; k <= $#; k++)); do
    case "${!k}" in floor | floor-inplace) continue ;; esac
    awk -v name="${!k}" -v label="$label" -v fmin="$fmin" -v fmed="$fmed" -v bmin="$(pick "$k" min)" -v bmed="$(pick "$k" median)" 'BEGIN {
      printf "%-40s %.1f%% of %s (minimums), %.1f%% (medians)\n", name, 100 * fmin / bmin, label, 100 * fmed / bmed }'
  done
done

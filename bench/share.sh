#!/usr/bin/env bash
# libyaml's share of a one-thread run's CPU samples, for each binary: a yardstick that the
# machine's speed does not move. Every policylint build runs the same libyaml calls on the same
# files (the floor's work), so the share of the samples that fall in libyaml measures how much
# time the rest takes next to it: a binary whose own code is 1% faster has a share 1% larger,
# whatever the machine's load did to both. Wall times here move by 5-15% from run to run
# (bench/ab.sh needs tens of rounds to see 1-2%). Here, on the 10 MB corpus, a binary's mean
# share over 40 rounds has a standard error of 0.10-0.14 points (0.3-0.45% of a share of about
# 31%), and one binary run as two (an A/A check, 25 rounds) came out 0.19 points apart: a
# difference of 1% (0.3 points) shows, 0.5% does not, in one set of rounds.
#
#   bash bench/share.sh ROUNDS CORPUS BINARY...
#   bash bench/share.sh 40 bench/corpus/10mb /tmp/policylint-before .build/release/policylint
#
# Each round runs every binary once, the order rotated by one each round (a binary run second
# in a pair came out up to 0.2 points higher in A/A runs of one binary). Each run:
#   perf record -e cpu-clock -F 10000 -- BINARY lint --jobs 1 --format json --fail-on never CORPUS
# and `perf report --sort dso` gives libyaml's share of its samples. Prints each binary's mean
# share with its standard error, and its time relative to the first binary (the first's share
# divided by its own: 0.990 is 1% less time). Needs perf (Debian's linux-perf) and libyaml
# loaded as a shared library (the release build links the system's). Shares are a yardstick
# between binaries, not the one-thread target: that is bench/run.sh's, against the floor.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,20p' "$0" >&2; exit 2; }
rounds=$1 corpus=$2
shift 2
command -v perf > /dev/null || { echo "share.sh: perf is not installed (apt install linux-perf)" >&2; exit 2; }
[ -d "$corpus" ] || [ -f "$corpus" ] || { echo "share.sh: no corpus at $corpus" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bins=("$@")
for b in "${bins[@]}"; do
  [ -x "$b" ] && [ -f "$b" ] || { echo "share.sh: $b is not an executable file" >&2; exit 2; }
done
n=${#bins[@]}
for ((r = 0; r < rounds; r++)); do
  for ((j = 0; j < n; j++)); do
    k=$(((r + j) % n))
    perf record -q -e cpu-clock -F 10000 -o "$out/perf.data" -- \
      "${bins[$k]}" lint --jobs 1 --format json --fail-on never "$corpus" > /dev/null 2> "$out/stderr" || {
      rc=$?
      [ "$rc" -eq 1 ] || { echo "share.sh: ${bins[$k]} exited $rc: $(tail -c 300 "$out/stderr")" >&2; exit 2; }
    }
    share=$(perf report -q -i "$out/perf.data" --sort dso --stdio 2> /dev/null |
      awk '/libyaml/ { gsub("%", "", $1); s += $1 } END { print s + 0 }')
    echo "$share" >> "$out/$k"
  done
done
python3 - "$out" "${bins[@]}" <<'PY'
import statistics, sys
out, bins = sys.argv[1], sys.argv[2:]
shares = [[float(x) for x in open(f"{out}/{k}").read().split()] for k in range(len(bins))]
first = statistics.mean(shares[0])
if min(statistics.mean(s) for s in shares) == 0:
    print("share.sh: no samples fell in libyaml: is it linked as a shared library (ldd BINARY)?", file=sys.stderr)
    sys.exit(2)
print(f"libyaml's share of each run's CPU samples ({len(shares[0])} runs each, order rotated)")
for b, s in zip(bins, shares):
    mean = statistics.mean(s)
    se = statistics.stdev(s) / len(s) ** 0.5 if len(s) > 1 else float("nan")
    print(f"{b:40s} share {mean:6.2f}% ± {se:4.2f}  median {statistics.median(s):6.2f}%  "
          f"time vs first {first / mean:.4f}")
PY

#!/usr/bin/env bash
# The layers of a one-thread run in instructions, not seconds: the seven levels of split.sh,
# each counted once by valgrind's callgrind. On the shared machines here wall time moves by
# 5-15% from run to run; an instruction count by up to 0.1% (two runs of one binary on 1 MB),
# so a change's effect shows in one run. Instructions are not time (cache misses, mispredicted
# branches and atomic reference counting cost time the count does not show): confirm a change
# with bench/ab.sh.
#
#   floor      bench/out/yaml_floor CORPUS                  libyaml's event parser, nothing else
#   no rules   policylint lint --no-builtin ...             + reading, tree, policy model, schema
#   tokenise   that build below, POLICYLINT_BENCH_STOP=tokenize + tokenising every prose string
#   look up    ... POLICYLINT_BENCH_STOP=lookup               + every word's symbols looked up
#   match      ... POLICYLINT_BENCH_STOP=match                + matches found, no string kept
#   scan only  a build made with -DPOLICYLINT_BENCH_SCAN_ONLY + the strings rules read kept
#   all rules  policylint lint ...                          + evaluation, findings, report
#
#   bash bench/instructions.sh                      bench/corpus/1mb (about 30 s in all)
#   bash bench/instructions.sh bench/corpus/10mb    about 2 minutes
#
# Every policylint run is `lint --jobs 1 --format json --fail-on never CORPUS > /dev/null`.
# The callgrind files stay in bench/out/callgrind/ (LEVEL.out) for callgrind_annotate. The
# binaries are split.sh's (POLICYLINT and POLICYLINT_SCAN_ONLY, else built under
# .build-split/). Needs valgrind (apt install valgrind), the corpus (bench/run.sh makes it),
# cc and libyaml-dev.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/.."
corpus=${1:-bench/corpus/1mb}
[ -d "$corpus" ] || { echo "instructions.sh: no corpus at $corpus (make it with: SIZES=1mb bash bench/run.sh, or python3 bench/gen_corpus.py)" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "instructions.sh: valgrind is not installed (apt install valgrind)" >&2; exit 2; }
log() { printf '[instructions] %s\n' "$*" >&2; }

mkdir -p bench/out/callgrind
. "$here/layers.sh" # sets full and scan (built if not given), builds the floor

count() { # level command...: prints the instructions callgrind counted (every thread)
  local level=$1 out=bench/out/callgrind/$1.out; shift
  log "$level: $*"
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" > /dev/null 2> "bench/out/callgrind/$level.log" \
    || [ $? -eq 1 ] || { echo "instructions.sh: $level failed (bench/out/callgrind/$level.log)" >&2; exit 1; }
  awk '/^summary:/ { print $2 }' "$out"
}
lint=(lint --jobs 1 --format json --fail-on never)
f=$(count floor bench/out/yaml_floor "$corpus")
n=$(count norules "$full" "${lint[@]}" --no-builtin "$corpus")
t=$(POLICYLINT_BENCH_STOP=tokenize count tokenize "$scan" "${lint[@]}" "$corpus")
l=$(POLICYLINT_BENCH_STOP=lookup count lookup "$scan" "${lint[@]}" "$corpus")
m=$(POLICYLINT_BENCH_STOP=match count match "$scan" "${lint[@]}" "$corpus")
s=$(count scan "$scan" "${lint[@]}" "$corpus")
a=$(count all "$full" "${lint[@]}" "$corpus")
echo "corpus $corpus, instructions (valgrind --tool=callgrind, every thread)"
awk -v f="$f" -v n="$n" -v t="$t" -v l="$l" -v m="$m" -v s="$s" -v a="$a" 'BEGIN {
  printf "%-36s %14s %12s %14s\n", "level", "instructions", "% of floor", "layer adds"
  printf "%-36s %14.0f %11.1f%% %14s\n", "libyaml floor", f, 100, "-"
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "no rules (read, tree, model)", n, 100 * f / n, n - f
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "tokenise prose", t, 100 * f / t, t - n
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "look words up", l, 100 * f / l, l - t
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "match (no string kept)", m, 100 * f / m, m - l
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "scan only (strings kept)", s, 100 * f / s, s - m
  printf "%-36s %14.0f %11.1f%% %14.0f\n", "all rules (findings, report)", a, 100 * f / a, a - s
}'

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
#   match      ... POLICYLINT_BENCH_STOP=match                + matches found, none grouped
#   scan only  a build made with -DPOLICYLINT_BENCH_SCAN_ONLY + each read string's matches grouped by rule
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
. "$here/layers.sh" # the levels and their commands; builds what is missing

count() { # level: prints the instructions callgrind counted (every thread)
  local out=bench/out/callgrind/$1.out
  level_command "$1" "$corpus"
  log "$1: ${stop:+POLICYLINT_BENCH_STOP=$stop }${cmd[*]}"
  POLICYLINT_BENCH_STOP=$stop valgrind --tool=callgrind --callgrind-out-file="$out" "${cmd[@]}" > /dev/null \
    2> "bench/out/callgrind/$1.log" || [ $? -eq 1 ] || { echo "instructions.sh: $1 failed (bench/out/callgrind/$1.log)" >&2; exit 1; }
  awk '/^summary:/ { print $2 }' "$out"
}
echo "corpus $corpus, instructions (valgrind --tool=callgrind, every thread)"
printf "%-36s %14s %12s %14s\n" "level" "instructions" "% of floor" "layer adds"
floor= previous=
for k in "${!levels[@]}"; do
  n=$(count "${levels[$k]}")
  floor=${floor:-$n}
  awk -v label="${labels[$k]}" -v n="$n" -v f="$floor" -v p="$previous" 'BEGIN {
    adds = p == "" ? "-" : sprintf("%.0f", n - p)
    printf "%-36s %14.0f %11.1f%% %14s\n", label, n, 100 * f / n, adds
  }'
  previous=$n
done

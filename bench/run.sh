#!/usr/bin/env bash
# policylint benchmark: libyaml floor vs policylint (--jobs 1 / all cores) vs ripgrep vs yamllint
# on generated corpora of ~1, 10 and 100 MB. See docs/performance.md.
#
#   bash bench/run.sh            full run: builds, generates corpora if missing, 3 reps each
#   bash bench/run.sh --smoke    ~100 KB corpus, one rep, no yamllint: checks that it all runs
#   bash bench/run.sh --update-docs   also put the results table into docs/performance.md
#
# Environment:
#   POLICYLINT=path     use this binary instead of building it with SwiftPM
#   BUILD_CONFIG=c      release (default) or debug; --smoke defaults to debug (CI has built it)
#   POLICYLINT_ARGS=... extra `policylint lint` arguments (e.g. to enable more rules)
#   SWIFT_SCRATCH=dir   scratch path for the build (default .build)
#   STATIC_STDLIB=0|1   release build with the Swift runtime linked in (--static-swift-stdlib,
#                       as README's install step builds it; default 1); 0: shared libraries
#   JOBS=N              the "all cores" job count (default: nproc)
#   SIZES=1mb,10mb      corpora to run (default 1mb,10mb,100mb; smoke: smoke)
#   REPS=N              repetitions per tool and corpus (default 3; smoke: 1)
#   SMALL_RUNS=N        hyperfine runs for the one-small-file timing (default 100; the VMs here
#                       are noisy, and the target is a median)
#   MAX_SECONDS=S       a run slower than S is not repeated (default 120)
#   BENCH_COMMIT=id     the commit to name in the results (default: git HEAD)
#   SKIP_YAMLLINT=1     skip yamllint;  BENCH_STRICT=1  exit 3 when a target is missed
#   BENCH_INSTALL=0|1   install missing ripgrep/hyperfine (apt) and yamllint (venv);
#                       default 1 for a full run, 0 for --smoke (missing tools are skipped)
# Outputs go to bench/out/ (results.md, results.json with every run, patterns.txt, yaml_floor).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

smoke=0 update_docs=0
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    --update-docs) update_docs=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done

out=bench/out
mkdir -p "$out"
log() { printf '[bench] %s\n' "$*" >&2; }

if [ "$smoke" = 1 ]; then
  sizes=${SIZES:-smoke} reps=${REPS:-1} install=${BENCH_INSTALL:-0} small_runs=3
  skip_yamllint=1
else
  sizes=${SIZES:-1mb,10mb,100mb} reps=${REPS:-3} install=${BENCH_INSTALL:-1} small_runs=${SMALL_RUNS:-100}
  skip_yamllint=${SKIP_YAMLLINT:-0}
fi
jobs=${JOBS:-$(nproc)}
notes=()

# --- tools ------------------------------------------------------------------------------
[ -x /usr/bin/time ] || { [ "$install" = 1 ] && apt-get install -y -qq time >/dev/null; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time (Debian: time) is required" >&2; exit 2; }
need_apt=()
command -v rg >/dev/null || need_apt+=(ripgrep)
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
if [ "${#need_apt[@]}" -gt 0 ] && [ "$install" = 1 ]; then
  log "installing ${need_apt[*]} (apt)"
  apt-get update -qq >/dev/null && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
rg_bin=$(command -v rg || true)
hf_bin=$(command -v hyperfine || true)
[ -n "$rg_bin" ] || notes+=("ripgrep not installed: skipped")
[ -n "$hf_bin" ] || notes+=("hyperfine not installed: small-file timing skipped")

# Python with PyYAML for phrases.py (and yamllint for the full run): bench/.venv.
py=python3
venv=bench/.venv
if [ "$skip_yamllint" != 1 ] && [ ! -x "$venv/bin/yamllint" ] && [ "$install" = 1 ]; then
  log "installing yamllint into $venv (pip)"
  python3 -m venv "$venv" && "$venv/bin/pip" install -q yamllint
fi
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
  py="$venv/bin/python"
elif ! python3 -c 'import yaml' 2>/dev/null; then
  log "installing PyYAML into $venv (pip)"
  python3 -m venv "$venv" && "$venv/bin/pip" install -q pyyaml && py="$venv/bin/python"
fi
yamllint_bin=""
if [ "$skip_yamllint" != 1 ]; then
  if [ -x "$venv/bin/yamllint" ]; then yamllint_bin="$venv/bin/yamllint"
  elif command -v yamllint >/dev/null; then yamllint_bin=$(command -v yamllint)
  else notes+=("yamllint not installed: skipped"); fi
fi

# --- builds -----------------------------------------------------------------------------
log "building the libyaml floor"
cc -O2 -o "$out/yaml_floor" bench/yaml_floor.c -lyaml

if [ -n "${POLICYLINT:-}" ]; then
  pl=$POLICYLINT
else
  scratch=${SWIFT_SCRATCH:-.build}
  config=${BUILD_CONFIG:-$([ "$smoke" = 1 ] && echo debug || echo release)}
  static=()
  [ "$config" = release ] && [ "${STATIC_STDLIB:-1}" = 1 ] && static=(--static-swift-stdlib)
  log "building policylint (swift build -c $config ${static[*]:+${static[*]} }--scratch-path $scratch)"
  swift build -c "$config" ${static[@]+"${static[@]}"} --scratch-path "$scratch" --product policylint >&2
  pl="$scratch/$config/policylint"
  [ "$config" = release ] || notes+=("policylint is a $config build: timings are not representative")
fi
[ -x "$pl" ] || { echo "run.sh: policylint binary not found: $pl" >&2; exit 2; }
case "$pl" in /*) ;; *) pl="$repo/$pl" ;; esac
pl_version=$("$pl" --version 2>/dev/null | head -1 || true)

# --- corpora and patterns ---------------------------------------------------------------
log "corpora: $sizes"
"$py" bench/gen_corpus.py --sizes "$sizes" $([ "$smoke" = 1 ] && echo --check) >&2
"$py" bench/phrases.py rules > "$out/patterns.txt"

# --- machine ----------------------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
mem=$(free -h 2>/dev/null | awk '/^Mem:/{print $2}')
commit=${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo "unknown commit")}
# How the binary gets the Swift runtime: start-up time depends on it (docs/performance.md).
runtime=$(ldd "$pl" 2>/dev/null | grep -q libswiftCore && echo "shared Swift runtime" || echo "static Swift runtime")
machine="$(nproc) cores ($cpu), ${mem:-?} RAM, $(uname -sr); policylint ${pl_version:-?} ($runtime) at $commit$(git diff --quiet HEAD -- Sources rules 2>/dev/null || echo ' (+ uncommitted changes)'); $(swift --version 2>/dev/null | sed -n '1{s/ (.*//;p;}'); libyaml $(pkg-config --modversion yaml-0.1 2>/dev/null || echo ?); ${rg_bin:+$("$rg_bin" --version | head -1); }${yamllint_bin:+$("$yamllint_bin" --version); }${hf_bin:+$("$hf_bin" --version)}"

args=(--corpus-root bench/corpus --sizes "$sizes" --floor "$repo/$out/yaml_floor"
      --policylint "$pl" --policylint-args "${POLICYLINT_ARGS:-}" --jobs "$jobs"
      --reps "$reps" --max-seconds "${MAX_SECONDS:-120}" --small-runs "$small_runs"
      --out "$out" --machine "$machine")
[ -n "$rg_bin" ] && args+=(--rg "$rg_bin" --patterns "$out/patterns.txt")
[ -n "$yamllint_bin" ] && args+=(--yamllint "$yamllint_bin")
[ -n "$hf_bin" ] && args+=(--hyperfine "$hf_bin")
[ "$smoke" = 1 ] && args+=(--smoke)
[ "${BENCH_STRICT:-0}" = 1 ] && args+=(--strict)
for n in "${notes[@]+"${notes[@]}"}"; do args+=(--note "$n"); done

status=0
python3 bench/measure.py "${args[@]}" || status=$?

if [ "$update_docs" = 1 ] && [ -f docs/performance.md ]; then
  python3 - "$out/results.md" docs/performance.md <<'PY'
import re, sys
res, doc = open(sys.argv[1]).read().strip(), open(sys.argv[2]).read()
new = re.sub(r"(<!-- results:begin -->\n).*?(\n<!-- results:end -->)",
             lambda m: m.group(1) + res + m.group(2), doc, flags=re.S)
open(sys.argv[2], "w").write(new)
print("[bench] results written into " + sys.argv[2], file=sys.stderr)
PY
fi
exit "$status"

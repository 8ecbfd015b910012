#!/usr/bin/env bash
# Fuzzes policylint with libFuzzer: each target runs for SECONDS (default 60).
#
#   scripts/fuzz.sh 600                        # 10 minutes per target
#   FUZZ_TARGETS=FuzzRulePack scripts/fuzz.sh 60
#   scripts/fuzz.sh --replay                   # run the saved crashes (regressions) once, no fuzzing
#
# Targets (Sources/FuzzPolicy, Sources/FuzzRulePack): parse + lint + every report format of one
# policy file; load + compile + prove + match with one rule pack. They are built in release with
# AddressSanitizer (leaks included) and coverage instrumentation on every Swift module, and
# linked with libFuzzer's driver (the system libyaml is not instrumented: its branches are
# not guided, its memory errors are still caught where they reach Swift).
#
# Corpus: seeded from examples/, rules/, ../shared/data/yaml-test-suite and the saved
# regressions; grown in .build-fuzz/corpus/TARGET (kept between runs). A crash, timeout (>10 s),
# leak or out-of-memory (>2 GB) input is saved under Tests/Fixtures/fuzz-regressions/TARGET/ and
# makes the script exit 1; AdversarialTests replays that folder in every `swift test`.
set -uo pipefail
cd "$(dirname "$0")/.."

REPLAY=0
if [ "${1:-}" = "--replay" ]; then REPLAY=1; shift; fi
DURATION=${1:-60}
TARGETS=${FUZZ_TARGETS:-"FuzzPolicy FuzzRulePack"}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
SUITE=${YAML_TEST_SUITE:-../shared/data/yaml-test-suite}
REGRESSIONS=Tests/Fixtures/fuzz-regressions

source scripts/ensure-deps.sh
set +e

SWIFTC=$(readlink -f "$(command -v swiftc)")
LIBFUZZER=$(ls "$(dirname "$SWIFTC")"/../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | head -1)
if [ -z "$LIBFUZZER" ]; then
  echo "fuzz.sh: libclang_rt.fuzzer_no_main not found next to $SWIFTC (a Linux Swift toolchain ships it)" >&2
  exit 2
fi

# -sanitize=fuzzer would link libFuzzer's main into every executable, including the EmbedRules
# build tool; coverage flags on every module and the no-main driver linked in (only the fuzz
# targets call LLVMFuzzerRunDriver) keep the build tool an ordinary program.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0}
export SWIFT_BACKTRACE=enable=no   # the Swift backtracer would hold libFuzzer's crash output
for target in $TARGETS; do
  echo "== build $target"
  ASAN_OPTIONS=detect_leaks=0 swift build -c release --product "$target" --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,indirect-calls,trace-cmp,inline-8bit-counters,pc-table \
    -Xswiftc -DFUZZING -Xswiftc -use-ld=lld -Xbuild-tools-swiftc -use-ld=lld \
    -Xlinker "$LIBFUZZER" -Xlinker -lstdc++ 2>&1 | grep -Ev "Cannot export local symbol|^\[[0-9]+/[0-9]+\]" || true
  if [ ! -x "$SCRATCH/release/$target" ]; then echo "fuzz.sh: build of $target failed" >&2; exit 2; fi
done

status=0
summary=""
for target in $TARGETS; do
  bin="$SCRATCH/release/$target"
  saved="$REGRESSIONS/$target"
  mkdir -p "$saved"
  if [ "$REPLAY" = 1 ]; then
    echo "== replay $target"
    files=$(find "$saved" -type f ! -name '*.md' ! -name '.*' | sort)
    if [ -n "$files" ]; then
      # shellcheck disable=SC2086
      "$bin" -runs=1 -timeout=10 -rss_limit_mb=2048 $files || status=1
    fi
    continue
  fi
  corpus="$SCRATCH/corpus/$target"
  seeds="$SCRATCH/seeds/$target"
  mkdir -p "$corpus" "$seeds"
  if [ -z "$(ls -A "$seeds")" ]; then
    case $target in
      FuzzPolicy) cp examples/*.yaml "$seeds"/ ;;
      FuzzRulePack) cp rules/*.yaml "$seeds"/ ;;
    esac
    if [ -d "$SUITE" ]; then
      for f in "$SUITE"/*/in.yaml "$SUITE"/*/*/in.yaml; do
        [ -f "$f" ] && cp "$f" "$seeds/suite-$(echo "$f" | tr '/' '_')"
      done
    fi
  fi
  log="$SCRATCH/$target.log"
  echo "== fuzz $target for ${DURATION}s (log: $log)"
  before=$(find "$saved" -type f ! -name '*.md' ! -name '.*' | wc -l)
  marker="$SCRATCH/$target.started"; touch "$marker"
  "$bin" "$corpus" "$seeds" "$saved" \
    -max_total_time="$DURATION" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$saved/" -print_final_stats=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -fork=1 > "$log" 2>&1
  rc=$?
  after=$(find "$saved" -type f ! -name '*.md' ! -name '.*' | wc -l)
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | awk '{s+=$1} END {print s+0}')
  [ "$runs" = 0 ] && runs=$(grep -Eo '#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
  new=$((after - before))
  line="$target: ${DURATION}s, ${runs:-?} executions, ${cov:-cov: ?}, $new new crash/timeout/leak inputs (exit $rc)"
  echo "$line"
  summary+="$line"$'\n'
  if [ "$new" -gt 0 ]; then
    status=1
    find "$saved" -type f -newer "$marker" ! -name '*.md' ! -name '.*' -print | sed 's/^/  saved: /'
  fi
done
[ -n "$summary" ] && printf '\n== summary\n%s' "$summary"
exit $status

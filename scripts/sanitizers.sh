#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer (with LeakSanitizer) and ThreadSanitizer,
# one after the other, each in its own scratch path (.build-asan, .build-tsan).
#
#   scripts/sanitizers.sh            # both
#   scripts/sanitizers.sh address    # one: address | thread
#   SANITIZER_FILTER=Adversarial scripts/sanitizers.sh thread   # a subset (swift test --filter)
#
# The tests also run the policylint binary, built with the same sanitizer, so the CLI paths are
# checked too. Time limits inside the tests are multiplied by POLICYLINT_TIME_SCALE (sanitized
# code is several times slower). Exit status: 0 when every run is clean.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
set +e

SANITIZERS=${*:-address thread}
FILTER=${SANITIZER_FILTER:-}
export SWIFT_BACKTRACE=enable=no
# Swift's one-time global initialisers look like leaks to LSan (scripts/lsan-suppressions.txt).
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
status=0
summary=""
for s in $SANITIZERS; do
  case $s in
    address) scratch=.build-asan; export POLICYLINT_TIME_SCALE=4 ;;
    thread) scratch=.build-tsan; export POLICYLINT_TIME_SCALE=10 ;;
    *) echo "sanitizers.sh: unknown sanitizer '$s' (address, thread)" >&2; exit 2 ;;
  esac
  mkdir -p "$scratch"
  log="$scratch/sanitizers.log"
  echo "== swift test --sanitize=$s (scratch $scratch, log $log)"
  start=$(date +%s)
  args=(--sanitize="$s" --scratch-path "$scratch")
  filter=()
  [ -n "$FILTER" ] && filter=(--filter "$FILTER")
  # A file edited during the build (a shared working tree) fails it: build again, up to 3 times.
  for attempt in 1 2 3; do
    swift build "${args[@]}" --build-tests > "$log" 2>&1
    build=$?
    [ $build -eq 0 ] || ! grep -q "was modified during the build" "$log" && break
  done
  if [ $build -eq 0 ]; then
    swift test "${args[@]}" --skip-build "${filter[@]}" >> "$log" 2>&1
    rc=$?
  else
    rc=$build
  fi
  took=$(( $(date +%s) - start ))
  executed=$(grep -E "Executed [0-9]+ tests" "$log" | tail -1 | sed 's/^[[:space:]]*//')
  reports=$(grep -cE "^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)" "$log")
  line="$s: exit $rc, ${took}s, ${executed:-no test summary (build exit $build)}, $reports sanitizer reports"
  echo "$line"
  summary+="$line"$'\n'
  [ $rc -ne 0 ] || [ "$reports" -ne 0 ] && status=1
done
printf '\n== summary\n%s' "$summary"
exit $status

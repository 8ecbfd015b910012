#!/usr/bin/env bash
# Quick start, command 2: the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
swift build
echo "== swift test"
swift test
echo "== policylint test-rules (built-in packs)"
.build/debug/policylint test-rules rules/
for extra in .ci/validate-sarif.sh .ci/accuracy.sh; do
  if [ -f "$extra" ]; then echo "== $extra"; bash "$extra"; fi
done
if [ -f bench/run.sh ]; then
  echo "== benchmark: how runs are taken and targets judged (bench/test_measure.py)"
  python3 bench/test_measure.py
  echo "== benchmark smoke run (asserts nothing about timing)"
  POLICYLINT=.build/debug/policylint bash bench/run.sh --smoke
  echo "== large-file memory smoke run (asserts nothing about memory)"
  POLICYLINT=.build/debug/policylint python3 bench/large_files.py --smoke
fi
echo "== all checks passed"

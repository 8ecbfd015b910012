#!/usr/bin/env bash
# Guards the unfair-terms pack's accuracy on the labelled terms of service in ../shared/data/tos-dev
# (docs/accuracy.md): detection F1 >= 0.81 and macro F1 >= 0.75, or this fails. Run by scripts/test.sh.
#
#   POLICYLINT=path/to/policylint bash .ci/accuracy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
POLICYLINT=${POLICYLINT:-.build/debug/policylint}
eval_tool=${TOS_EVAL:-../shared/eval/tos-eval}
if [ ! -x "$eval_tool" ] && [ ! -f "$eval_tool" ]; then
  echo "accuracy: $eval_tool not found (it lives in ../shared beside the repository); skipped"
  exit 0
fi
out=$(python3 "$eval_tool" --cmd "$POLICYLINT lint --format json --fail-on never --no-config")
echo "$out" | tail -12
echo "$out" | python3 -c '
import re, sys
text = sys.stdin.read()
m = re.search(r"detection P=([0-9.]+) R=([0-9.]+) F1=([0-9.]+) macroF1=([0-9.]+)", text)
if not m:
    sys.exit("accuracy: no detection line in tos-eval output")
f1, macro = float(m.group(3)), float(m.group(4))
ok = f1 >= 0.81 and macro >= 0.75
verdict = "ok" if ok else "BELOW TARGET"
print(f"accuracy: detection F1 {f1:.3f} (target 0.81), macro F1 {macro:.3f} (target 0.75): {verdict}")
sys.exit(0 if ok else 1)
'

#!/usr/bin/env bash
# Validates policylint's SARIF against the OASIS SARIF 2.1.0 schema (.ci/sarif-schema-2.1.0.json)
# and GitHub code scanning's upload requirements (.ci/validate_sarif.py). Run by scripts/test.sh.
#
#   POLICYLINT=path/to/policylint bash .ci/validate-sarif.sh
set -euo pipefail
cd "$(dirname "$0")/.."
POLICYLINT=${POLICYLINT:-.build/debug/policylint}
if [ ! -x "$POLICYLINT" ]; then swift build; fi

# jsonschema: installed with pip where it is missing (a user install, or a private venv).
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import jsonschema' 2>/dev/null; then
  echo "installing the jsonschema package"
  "$PYTHON" -m pip install --quiet --user jsonschema 2>/dev/null \
    || "$PYTHON" -m pip install --quiet --user --break-system-packages jsonschema 2>/dev/null \
    || { venv="${TMPDIR:-/tmp}/policylint-sarif-venv"; "$PYTHON" -m venv "$venv" && "$venv/bin/pip" install --quiet jsonschema && PYTHON="$venv/bin/python"; }
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The examples (findings with related locations), and a run with an input error (notifications).
"$POLICYLINT" lint examples/ --no-config --format sarif --output "$out/examples.sarif" --fail-on never
printf 'policy: [unclosed\n' > "$out/broken.yaml"
set +e
"$POLICYLINT" lint examples/optician.yaml "$out/broken.yaml" missing.yaml --no-config --format sarif --output "$out/errors.sarif" 2>/dev/null
code=$?
set -e
if [ "$code" != 2 ]; then echo "expected exit code 2 for input errors, got $code"; exit 1; fi
"$PYTHON" .ci/validate_sarif.py "$out/examples.sarif" "$out/errors.sarif"

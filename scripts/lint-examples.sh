#!/usr/bin/env bash
# Quick start, command 1: build policylint and lint the bundled examples.
# Exit code is policylint's: 1 here, because the examples are full of findings on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
swift build --product policylint >&2
exec .build/debug/policylint lint examples/ "$@"

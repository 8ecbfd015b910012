#!/usr/bin/env bash
# Renders the HTML audit report of a set of policies to a PNG with headless Chromium.
#
#   scripts/screenshot-report.sh [OUT.png] [PATH...]
#
# OUT.png defaults to report.png; PATH defaults to examples/. Environment:
#   POLICYLINT  the binary (default: build with `swift build --scratch-path .build-report`)
#   WIDTH, HEIGHT  the window size in CSS pixels (default 1280 x 2400)
#   CHROMIUM    the browser (default: chromium, chromium-browser or google-chrome)
# Debian: apt-get update && apt-get install -y chromium
set -euo pipefail

cd "$(dirname "$0")/.."
out=${1:-report.png}
shift || true
[ "$#" -gt 0 ] || set -- examples/
width=${WIDTH:-1280}
height=${HEIGHT:-2400}

if [ -z "${POLICYLINT:-}" ]; then
    swift build --scratch-path .build-report >&2
    POLICYLINT=.build-report/debug/policylint
fi

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "screenshot-report.sh: no Chromium found; on Debian: apt-get update && apt-get install -y chromium" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html="$work/report.html"
# A fixed date keeps screenshots comparable; the report is written even if some inputs fail (exit 2).
status=0
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)} "$POLICYLINT" report "$@" --html "$html" >&2 || status=$?
[ -s "$html" ] || { echo "screenshot-report.sh: no report written (policylint exit $status)" >&2; exit 2; }

case "$out" in /*) target=$out ;; *) target="$PWD/$out" ;; esac
# --no-sandbox: containers often lack user namespaces. No network is needed: the file is self-contained.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$work/profile" --screenshot="$target" --window-size="$width,$height" \
    "file://$html" >/dev/null 2>"$work/chromium.log" || { cat "$work/chromium.log" >&2; exit 2; }
[ -s "$target" ] || { cat "$work/chromium.log" >&2; echo "screenshot-report.sh: no screenshot" >&2; exit 2; }
echo "wrote $out (${width}x${height})" >&2

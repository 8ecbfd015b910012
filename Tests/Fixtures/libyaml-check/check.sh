#!/bin/sh
# Lists the YAML test suite cases where libyaml itself (not policylint) disagrees with the suite,
# to check Tests/Fixtures/yaml-suite-known-failures.txt by hand:
#
#   Tests/Fixtures/libyaml-check/check.sh [path/to/yaml-test-suite]
#
# events.c prints libyaml's events in the suite's test.event notation. A case is a libyaml
# disagreement when libyaml accepts an `error` case, rejects a valid one, or reads other events.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
suite=${1:-${POLICYLINT_YAML_SUITE:-$here/../../../../shared/data/yaml-test-suite}}
bin=$(mktemp -d)/events
trap 'rm -rf "$(dirname "$bin")"' EXIT
cc -O1 -o "$bin" "$here/events.c" $(pkg-config --cflags --libs yaml-0.1)
cd "$suite"
find . -name in.yaml | sed 's|^\./||; s|/in.yaml$||' | sort | while read -r id; do
    if out=$(timeout 10 "$bin" "$id/in.yaml" 2>&1); then ok=1; else ok=0; fi
    if [ -e "$id/error" ]; then
        [ $ok = 1 ] && printf '%s\tlibyaml accepts invalid YAML\n' "$id"
    elif [ $ok = 0 ]; then
        printf '%s\tlibyaml rejects valid YAML: %s\n' "$id" "$(printf '%s' "$out" | tail -n 1 | sed 's/^ERROR //')"
    elif [ "$out" != "$(cat "$id/test.event")" ]; then
        printf '%s\tlibyaml reads other events than test.event\n' "$id"
    fi
done

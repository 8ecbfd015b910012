# Sourced by split.sh and instructions.sh (not run on its own): what both need to measure the
# seven levels of a one-thread run. Expects `log` to be defined and the repository root as the
# working folder. Sets `full` and `scan` to the two policylint release binaries: POLICYLINT and
# POLICYLINT_SCAN_ONLY if set, else builds under .build-split/ (--static-swift-stdlib, as README
# installs it); the scan-only build is made with -DPOLICYLINT_BENCH_SCAN_ONLY (tokenises and
# matches every prose string, evaluates no rule). Builds the C floor if missing.

mkdir -p bench/out
[ -x bench/out/yaml_floor ] || cc -O2 -o bench/out/yaml_floor bench/yaml_floor.c -lyaml

full=${POLICYLINT:-}
scan=${POLICYLINT_SCAN_ONLY:-}
if [ -z "$full" ]; then
  log "building the normal release binary (.build-split/full)"
  swift build -c release --static-swift-stdlib --scratch-path .build-split/full --product policylint >&2
  full=.build-split/full/release/policylint
fi
if [ -z "$scan" ]; then
  log "building the scan-only release binary (.build-split/scan, -DPOLICYLINT_BENCH_SCAN_ONLY)"
  swift build -c release --static-swift-stdlib --scratch-path .build-split/scan --product policylint \
    -Xswiftc -DPOLICYLINT_BENCH_SCAN_ONLY >&2
  scan=.build-split/scan/release/policylint
fi

# The levels, in order, with their labels; `level_command LEVEL CORPUS` sets `cmd` to the level's
# command and `stop` to its POLICYLINT_BENCH_STOP (empty: the whole scan). Each policylint run is
# `lint --jobs 1 --format json --fail-on never CORPUS`.
levels=(floor norules tokenize lookup match scan all)
labels=("libyaml floor" "no rules (read, tree, model)" "tokenise prose" "look words up" "match (none grouped)"
        "scan only (matches grouped)" "all rules (findings, report)")
lint=(lint --jobs 1 --format json --fail-on never)
level_command() {
  stop=
  case $1 in
    floor) cmd=(bench/out/yaml_floor "$2") ;;
    norules) cmd=("$full" "${lint[@]}" --no-builtin "$2") ;;
    tokenize | lookup | match) stop=$1 cmd=("$scan" "${lint[@]}" "$2") ;;
    scan) cmd=("$scan" "${lint[@]}" "$2") ;;
    all) cmd=("$full" "${lint[@]}" "$2") ;;
  esac
}

#!/usr/bin/env bash
# Start-up benchmark for issue 3: load the gazetteer and answer the first query,
# `conflictmap resolve الرصافة --in الرقة`, as a whole process, in release mode.
#
#   scripts/bench-startup.sh [RUNS]
#
# Stores (temporary folders, removed at exit):
#   default   the embedded GeoData only (CONFLICTMAP_DATA = an empty folder)
#   imported  + ../shared/geodata/sy-localities.tsv and the OCHA adm1/adm2 outlines
#             (skipped when ../shared is absent)
# Cases:
#   cold      no index cache: every run builds the index (and writes the cache)
#   warm      the cache written by a previous run is present (the target of issue 3)
#   floor     `conflictmap --help`: process start-up without any gazetteer work
# Uses hyperfine when installed (apt-get install -y hyperfine), else a loop over
# /usr/bin/time. Environment: SCRATCH (build folder, default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
SCRATCH=${SCRATCH:-.build}
SHARED=${SHARED:-../shared}
QUERY=(resolve الرصافة --in الرقة --limit 1)

swift build -c release --scratch-path "$SCRATCH" --product conflictmap >&2
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/conflictmap"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cm-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/default" "$TMP/imported" "$TMP/cache"

STORES=(default)
if [[ -f "$SHARED/geodata/sy-localities.tsv" ]]; then
    for f in sy-localities.tsv syr_admbnda_adm1_uncs_unocha.json syr_admbnda_adm2_uncs_unocha.json; do
        CONFLICTMAP_DATA="$TMP/imported" CONFLICTMAP_CACHE=off "$BIN" gazetteer import "$SHARED/geodata/$f" >/dev/null
    done
    STORES+=(imported)
else
    echo "note: $SHARED/geodata not found; the imported store is skipped" >&2
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary:  $BIN"
echo

run_case() { # name, store, cache (off | dir), prepare-command
    local name=$1 store=$2 cache=$3 prepare=$4
    if command -v hyperfine >/dev/null; then
        hyperfine -N --style basic --runs "$RUNS" ${prepare:+--prepare "$prepare"} -n "$name" \
            "env CONFLICTMAP_DATA=$TMP/$store CONFLICTMAP_CACHE=$cache $BIN ${QUERY[*]}" 2>&1 \
            | grep -E "Time|Range" | sed "s/^/$name: /"
    else
        local times=()
        for ((i = 0; i < RUNS; i++)); do
            [[ -n "$prepare" ]] && bash -c "$prepare"
            times+=("$( { CONFLICTMAP_DATA="$TMP/$store" CONFLICTMAP_CACHE="$cache" \
                /usr/bin/time -f "%e %M" "$BIN" "${QUERY[@]}" >/dev/null; } 2>&1 | tail -1)")
        done
        printf '%s\n' "${times[@]}" | sort -n | awk -v n="$name" '
            { t[NR] = $1; m = $2 > m ? $2 : m }
            END { printf "%s: median %.0f ms, min %.0f ms, max %.0f ms, peak RSS %d KB (%d runs)\n",
                  n, t[int((NR + 1) / 2)] * 1000, t[1] * 1000, t[NR] * 1000, m, NR }'
    fi
}

if command -v hyperfine >/dev/null; then
    hyperfine -N --style basic --runs "$RUNS" -n floor "$BIN --help" 2>&1 | grep -E "Time|Range" | sed "s/^/floor: /"
fi
for s in "${STORES[@]}"; do
    run_case "$s cold" "$s" "$TMP/cache/$s" "rm -rf $TMP/cache/$s"
    CONFLICTMAP_DATA="$TMP/$s" CONFLICTMAP_CACHE="$TMP/cache/$s" "$BIN" "${QUERY[@]}" >/dev/null
    run_case "$s warm" "$s" "$TMP/cache/$s" ""
    echo "$s: peak RSS warm $( { CONFLICTMAP_DATA="$TMP/$s" CONFLICTMAP_CACHE="$TMP/cache/$s" /usr/bin/time -f %M "$BIN" "${QUERY[@]}" >/dev/null; } 2>&1 | tail -1) KB, cold $( { rm -rf "$TMP/cache/x"; CONFLICTMAP_DATA="$TMP/$s" CONFLICTMAP_CACHE="$TMP/cache/x" /usr/bin/time -f %M "$BIN" "${QUERY[@]}" >/dev/null; } 2>&1 | tail -1) KB"
done

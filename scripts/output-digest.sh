#!/usr/bin/env bash
# Prints one SHA-256 line per output of the release build, so that a speed-up can be shown to
# leave every output byte unchanged: run it before and after, then `diff` the two listings.
#
#   scripts/output-digest.sh [DOCS] > before.txt   # on the old commit
#   scripts/output-digest.sh [DOCS] > after.txt    # on the new one
#   diff before.txt after.txt                      # no output: same bytes
#
# Covers `map` and `verify --json` of the bundled examples (and of the seed report when
# ../shared is present), `map --jsonl` over the cmbench corpora (seed, varied Arabic, English;
# DOCS documents each, default 300), and every file `batch --jobs 2` writes for them
# (summary.json aside: it holds timings). Uses the embedded gazetteer alone (an empty
# CONFLICTMAP_DATA) and no index cache, so results do not depend on the user's store.
set -euo pipefail
cd "$(dirname "$0")/.."
docs="${1:-300}"
swift build -c release --product conflictmap >&2
swift build -c release --product cmbench >&2
bin=.build/release
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data"
export CONFLICTMAP_DATA="$work/data" CONFLICTMAP_CACHE=off
digest() { printf '%s  %s\n' "$(sha256sum | cut -c1-64)" "$1"; }

inputs=(GeoData/examples/report-ar.txt GeoData/examples/report-en.txt)
[ -f ../shared/examples/seed-2017-07-11-ar.txt ] && inputs+=(../shared/examples/seed-2017-07-11-ar.txt)
for f in "${inputs[@]}"; do
  "$bin/conflictmap" map "$f" | digest "map $(basename "$f")"
  "$bin/conflictmap" verify --json "$f" | digest "verify $(basename "$f")"
done

"$bin/cmbench" --docs "$docs" --write-corpora "$work/corpora" >&2
for c in "$work"/corpora/*.jsonl; do
  name="$(basename "$c" .jsonl)"
  "$bin/conflictmap" map --jsonl < "$c" | digest "map --jsonl $name ($docs)"
  "$bin/conflictmap" batch "$c" --out "$work/out-$name" --jobs 2 --quiet || [ $? -eq 65 ]
  (cd "$work/out-$name" && find . -type f ! -name summary.json ! -name '.conflictmap-batch.lock' | LC_ALL=C sort |
    while read -r f; do sha256sum "$f"; done) | digest "batch $name ($docs): every file"
done

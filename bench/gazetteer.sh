#!/usr/bin/env bash
# Gazetteer start-up benchmark (issue 3): the bundled gazetteer plus GeoNames cities500,
# compiled index vs. loading the sources, side by side in one run.
# Usage: bench/gazetteer.sh [WORKDIR]   (needs build/mawqi and hyperfine; installs hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cities=../shared/data/geonames/cities500.txt
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
[ -f "$cities" ] || { echo "no $cities" >&2; exit 1; }

echo "## build"
/usr/bin/time -f "build: %e s wall, %M KB peak RSS" build/mawqi gazetteer build \
  --gazetteer gazetteer --gazetteer "$cities" -o "$work/world.idx"
ls -l "$work/world.idx" | awk '{printf "index size: %.1f MB\n", $5/1048576}'

echo "## lookup in a fresh process: compiled index vs sources"
hyperfine -N --warmup 3 --runs 20 --export-markdown "$work/lookup.md" \
  "build/mawqi gazetteer lookup Washington --index $work/world.idx" \
  "build/mawqi gazetteer lookup Washington --gazetteer gazetteer --gazetteer $cities"
cat "$work/lookup.md"
for source in "--index $work/world.idx" "--gazetteer gazetteer --gazetteer $cities"; do
  /usr/bin/time -f "peak RSS %M KB: lookup $source" build/mawqi gazetteer lookup Washington $source >/dev/null
done

echo "## cold start (page cache dropped, needs root)"
if sync && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
  /usr/bin/time -f "cold lookup with index: %e s" build/mawqi gazetteer lookup Washington --index "$work/world.idx" >/dev/null
else
  echo "cannot drop the page cache here; cold start not measured"
fi

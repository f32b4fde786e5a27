#!/usr/bin/env bash
# RFC 7946 check of mawqi's GeoJSON by an independent validator (npm @placemarkio/check-geojson),
# installed here on first use. Usage: check_geojson.sh MAWQI SOURCE_DIR WORK_DIR
set -euo pipefail
mawqi=$1 src=$2 work=$3
mkdir -p "$work"
command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
module="$work/node_modules/@placemarkio/check-geojson"
[ -d "$module" ] || npm install --prefix "$work" --no-audit --no-fund --silent @placemarkio/check-geojson@0.1.14
rm -rf "$work/layers"
"$mawqi" run --in "$src/examples" --out "$work/layers" --quiet
node - "$module" "$work"/layers/*.geojson <<'JS'
const fs = require('fs');
const { check } = require(process.argv[2]);
let passed = 0, failed = 0;
for (const file of process.argv.slice(3)) {
  try {
    const fc = check(fs.readFileSync(file, 'utf8'));
    if (fc.type !== 'FeatureCollection' || fc.features.length === 0) throw new Error('empty or not a FeatureCollection');
    passed++;
  } catch (e) {
    failed++;
    console.error(`${file}: ${e.message} ${JSON.stringify(e.issues || [])}`);
  }
}
console.log(`check-geojson: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
JS

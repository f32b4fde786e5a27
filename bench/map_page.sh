#!/usr/bin/env bash
# What writing map.html costs a run (issue 17: a few percent at most): build/mawqi against a
# build without the page (PREVIOUS=TREE, e.g. a clone at the commit before map.html, built),
# side by side on the same corpus, alternating rounds; medians of wall time and of CPU time.
# Usage: PREVIOUS=TREE [ROUNDS=7] [SIZE_MB=20] bench/map_page.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/mawqi-bench-map}
rounds=${ROUNDS:-7}
size=${SIZE_MB:-20}
: "${PREVIOUS:?PREVIOUS=TREE: a source tree whose build/mawqi writes no map.html}"
mkdir -p "$work"
unset MAWQI_GAZETTEER MAWQI_LEXICONS MAWQI_MAP
python3 bench/make_corpus.py "$work/corpus.jsonl" "$size" examples ../shared/corpus/*/
: > "$work/times"
for round in $(seq "$rounds"); do
  for tool in previous current; do
    binary=build/mawqi
    [ "$tool" = previous ] && binary="$PREVIOUS/build/mawqi"
    rm -rf "$work/out-$tool"
    /usr/bin/time -f "$tool %e %U %S %M" -a -o "$work/times" "$binary" run -q --jobs 2 --in "$work/corpus.jsonl" \
      --out "$work/out-$tool"
  done
done
for layer in mentions incidents handovers; do
  cmp "$work/out-previous/$layer.geojson" "$work/out-current/$layer.geojson"
done
python3 - "$work/times" "$work/out-current/map.html" <<'PY'
import os, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
med = {}
for tool in ("previous", "current"):
    r = [x for x in rows if x[0] == tool]
    med[tool] = (statistics.median(float(x[1]) for x in r), statistics.median(float(x[2]) + float(x[3]) for x in r),
                 statistics.median(int(x[4]) for x in r) / 1024)
    print(f"{tool:9s} wall {med[tool][0]:.2f} s  cpu {med[tool][1]:.2f} s  peak RSS {med[tool][2]:.0f} MB  ({len(r)} rounds)")
p, c = med["previous"], med["current"]
print(f"map.html: {os.path.getsize(sys.argv[2]) / 1e6:.1f} MB; wall {100 * (c[0] / p[0] - 1):+.1f} %, "
      f"cpu {100 * (c[1] / p[1] - 1):+.1f} %, peak RSS {c[2] - p[2]:+.0f} MB")
PY

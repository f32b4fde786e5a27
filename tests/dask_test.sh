#!/usr/bin/env bash
# mawqi-dask on a real Dask cluster: a scheduler and two worker processes (Debian's Dask CLI) on
# 127.0.0.1, started here and stopped on exit. The layers must be the bytes of `mawqi run` over
# the same inputs: on the dev corpora, on a generated corpus of more than 20,000 articles in 12
# shards, and when a worker is killed in the middle. Usage: dask_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
mawqi=$build/mawqi dask_run=$build/mawqi-dask
if ! /usr/bin/python3 -c "import distributed" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-distributed
fi
work=$(mktemp -d /tmp/mawqi-dask.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -- -"$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
scheduler="tcp://127.0.0.1:$port"
# Each in a session of its own, so that a worker and its nanny can be killed together.
setsid dask scheduler --host 127.0.0.1 --port "$port" --no-dashboard >"$work/scheduler.log" 2>&1 &
pids+=($!)
for w in 1 2; do
  PYTHONPATH=$build/python setsid dask worker "$scheduler" --name "w$w" --nthreads 1 --nworkers 1 \
    --no-dashboard --local-directory "$work/w$w" >"$work/worker$w.log" 2>&1 &
  pids+=($!)
done
/usr/bin/python3 - "$scheduler" <<'PY'
import sys, time
from distributed import Client
client = Client(sys.argv[1], timeout=60)
client.wait_for_workers(2, timeout=120)
client.close()
PY

passed=0 failed=0
expect() {  # expect DESCRIPTION ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: got '$2', want '$3'"; fi
}
same_layers() {  # same_layers DIR DIR: "same" when every layer file, the map page and the QGIS project are byte-identical
  for f in mentions.geojson incidents.geojson handovers.geojson map.html mawqi.qgs basemap.geojson; do
    cmp -s "$1/$f" "$2/$f" || { echo "differ: $f"; return; }
  done
  echo same
}

# --- The dev corpora, as they are. ---
corpora=()
for d in dev dev-iraq dev-region; do corpora+=("$src/../shared/corpus/$d/articles"); done
"$mawqi" run --in "${corpora[@]}" --out "$work/dev-single" --quiet
"$dask_run" --scheduler "$scheduler" --in "${corpora[@]}" --out "$work/dev-dask" --shards 5 --quiet
expect "dev corpora: mawqi-dask = mawqi run" "$(same_layers "$work/dev-single" "$work/dev-dask")" same

# --- More than 20,000 articles from every corpus, in 12 shards. ---
/usr/bin/python3 "$src/bench/make_corpus.py" "$work/big.jsonl" 32 "$src/examples" "$src"/../shared/corpus/*/ >/dev/null
articles=$(wc -l <"$work/big.jsonl")
expect "the generated corpus has at least 20,000 articles" "$((articles >= 20000))" 1
"$mawqi" run --in "$work/big.jsonl" --out "$work/big-single" --quiet
out=$("$dask_run" --scheduler "$scheduler" --in "$work/big.jsonl" --out "$work/big-dask" --shards 12)
expect "12 shards" "$(grep -c 'in 12 shards' <<<"$out")" 1
expect "20,000 articles: mawqi-dask = mawqi run" "$(same_layers "$work/big-single" "$work/big-dask")" same
expect "no work folder is left beside the output" "$(ls -d "$work"/.mawqi-dask-* 2>/dev/null | wc -l)" 0

# --- A worker killed in the middle: Dask runs its task again elsewhere. ---
"$dask_run" --scheduler "$scheduler" --in "$work/big.jsonl" --out "$work/big-killed" --shards 40 \
  --work-dir "$work/parts" --quiet &
run=$!
for _ in $(seq 600); do
  [ -n "$(ls "$work/parts"/shard-*.part 2>/dev/null)" ] && break
  sleep 0.1
done
running=$(kill -0 "$run" 2>/dev/null && echo yes || echo no)
expect "the run was still going when the worker was killed" "$running" yes
kill -KILL -- -"${pids[2]}"  # the second worker and its nanny
code=0
wait "$run" || code=$?
expect "the run survives a dead worker" "$code" 0
expect "a killed worker's run: mawqi-dask = mawqi run" "$(same_layers "$work/big-single" "$work/big-killed")" same

# --- Errors: one line, exit 1. ---
set +e
out=$("$dask_run" --scheduler "$scheduler" --in "$work/absent.jsonl" --out "$work/x" --quiet 2>&1)
code=$?
set -e
expect "a missing input exits 1" "$code" 1
expect "and says so on one line" "$(grep -c 'absent.jsonl: no such file or directory' <<<"$out")" 1

echo "dask: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

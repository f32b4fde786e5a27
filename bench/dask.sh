#!/usr/bin/env bash
# Sharded runs (issue 16), side by side in one run on one machine:
# 1. the engine's overhead: `mawqi run --jobs 2` against `mawqi-dask --scheduler local:2` (two
#    Dask worker processes of one thread, the cluster started by each run, as a user starts it)
#    on the 50 MB corpus of bench/corpus.sh, alternating rounds, layers compared with cmp;
# 2. the merge: `mawqi merge` of 8 partials holding 1k, 10k, 100k (and with MAX=1000000, 1M)
#    distinct events, its wall time and peak RSS. The articles are made-up one-line reports
#    ("Two rockets struck Basra yesterday") at 50 Iraqi towns, every other day from 1950 on (reports a day apart are one event).
# Usage: [ROUNDS=3] [MAX=100000] bench/dask.sh [WORKDIR]   (needs make: build/mawqi, build/mawqi-dask)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/mawqi-bench-dask}
rounds=${ROUNDS:-3}
max=${MAX:-100000}
mkdir -p "$work"
mawqi=build/mawqi
dask_run=build/mawqi-dask
unset MAWQI_GAZETTEER MAWQI_LEXICONS

[ -f "$work/c50.jsonl" ] || python3 bench/make_corpus.py "$work/c50.jsonl" 50 examples ../shared/corpus/*/
seconds() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err"; exit 1; }; cat "$work/time"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== engine overhead: 50 MB, $(wc -l <"$work/c50.jsonl") articles, $rounds alternating rounds"
: >"$work/t.run"
: >"$work/t.dask"
for r in $(seq "$rounds"); do
  seconds $mawqi run --in "$work/c50.jsonl" --out "$work/run" --jobs 2 --quiet | cut -d' ' -f1 >>"$work/t.run"
  seconds $dask_run --scheduler local:2 --in "$work/c50.jsonl" --out "$work/dask" --quiet | cut -d' ' -f1 >>"$work/t.dask"
done
for f in mentions incidents handovers; do cmp "$work/run/$f.geojson" "$work/dask/$f.geojson"; done
run=$(median <"$work/t.run")
dask=$(median <"$work/t.dask")
echo "mawqi run --jobs 2:           ${run} s  (rounds: $(tr '\n' ' ' <"$work/t.run"))"
echo "mawqi-dask --scheduler local:2: ${dask} s  (rounds: $(tr '\n' ' ' <"$work/t.dask"))"
awk -v a="$dask" -v b="$run" 'BEGIN { printf "overhead of the engine: %.2fx; layers identical (cmp)\n", a / b }'

echo "== merge of 8 partials by distinct events"
towns=(Baghdad Basra Mosul Erbil Kirkuk Najaf Karbala Hillah Nasiriyah Amarah Diwaniyah Kut Samawah Ramadi Fallujah
       Tikrit Samarra Baqubah Sulaymaniyah Duhok Zakho Halabja Tal\ Afar Sinjar Hit Haditha Qaim Rutba Balad Dujail
       Tarmiyah Mahmudiyah Yusufiyah Iskandariyah Musayyib Kufa Shatrah Rifai Suq\ al-Shuyukh Qurna Zubair Abu\ Ghraib
       Taji Khalis Muqdadiyah Khanaqin Mandali Jalawla Tuz\ Khurmatu Makhmur)
for n in 1000 10000 100000 1000000; do
  [ "$n" -le "$max" ] || continue
  python3 - "$work/events-$n.jsonl" "$n" "${towns[@]}" <<'PY'
import datetime, json, sys
out, n, towns = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
start = datetime.date(1950, 1, 1)
with open(out, "w") as f:
    for i in range(n):
        town, day = towns[i % len(towns)], start + datetime.timedelta(days=2 * (i // len(towns)))
        published = day + datetime.timedelta(days=1)
        f.write(json.dumps({"id": "e%d" % i, "lang": "en", "date": published.isoformat(),
                            "text": "Two rockets struck %s yesterday, officials said." % town}) + "\n")
PY
  $mawqi plan --in "$work/events-$n.jsonl" --shards 8 -o "$work/plan-$n.json"
  parts=()
  for k in 0 1 2 3 4 5 6 7; do
    $mawqi run --plan "$work/plan-$n.json" --shard $k --partial "$work/e$n-$k.part" --jobs 2 --quiet
    parts+=("$work/e$n-$k.part")
  done
  read -r wall rss < <(seconds $mawqi merge "${parts[@]}" --out "$work/merged-$n" --quiet)
  events=$(ogrinfo -ro -so "$work/merged-$n/incidents.geojson" incidents | awk '/Feature Count/ { print $3 }')
  echo "$n articles: $events distinct incidents, merge ${wall} s, peak RSS $((rss / 1024)) MB"
done

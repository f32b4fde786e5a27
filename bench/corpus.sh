#!/usr/bin/env bash
# Corpus benchmark (issues 7 and 15), everything side by side in one run on one machine:
# mawqi run --jobs 1 and --jobs 2 with the world-ready default gazetteer (no flag), and
# grep -F -o -w -f names.txt over the same text with the same names, writing its matches to a file
# (GNU grep to /dev/null stops at its first match: that figure, also shown, is only its pattern
# compile). The corpus is made at bench time from the examples and every article of
# ../shared/corpus/*/ (about a thousand distinct texts in two languages, never copied into the
# repository), repeated to 50 MB with new ids and dates. Then how the cost grows from 5 to 50 MB
# and with the gazetteer: bundled (gazetteer/ only), world (the default), world + 110k made-up
# places (bench/synthetic_places.py); the peak RSS at 200 MB; and an incremental run.
# Usage: [ROUNDS=5] [PREVIOUS=OLD_TREE] bench/corpus.sh [WORKDIR]
#   needs build/mawqi and its default index (make); PREVIOUS: a source tree with an older
#   build/mawqi whose layers on the same corpus must be byte-identical (cmp).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/mawqi-bench}
mkdir -p "$work"
rm -f "$work"/times.*
mawqi=build/mawqi
unset MAWQI_GAZETTEER MAWQI_LEXICONS  # the default a user of this build gets

sources=(examples ../shared/corpus/*/)
for size in 5 50 200; do
  python3 bench/make_corpus.py "$work/c$size.jsonl" "$size" "${sources[@]}"
done
for size in 50; do
  python3 -c 'import json,sys
for line in open(sys.argv[1], encoding="utf-8"): print(json.loads(line)["text"].replace("\n", " "))' \
    "$work/c$size.jsonl" > "$work/c$size.txt"
done
python3 bench/synthetic_places.py 110000 "$work/synthetic.txt"
$mawqi gazetteer build --gazetteer gazetteer -o "$work/bundled.idx" | sed 's/^mawqi: /bundled: /'
world_sources=(gazetteer build/world-gazetteer)
$mawqi gazetteer build --gazetteer gazetteer --gazetteer build/world-gazetteer --gazetteer "$work/synthetic.txt" \
  -o "$work/million.idx" | sed 's/^mawqi: /world + synthetic: /'
python3 bench/gazetteer_names.py "${world_sources[@]}" > "$work/names-world.txt"
# grep writes its matches, as mawqi writes its layers.
# (exit status 1 is "no match", not a failure)
cat > "$work/grep.sh" <<'GREP'
#!/bin/sh
grep -F -o -w -f "$1" "$2" > "$3"
[ $? -le 1 ]
GREP
chmod +x "$work/grep.sh"

# Every command runs ROUNDS times (default 5), the commands taking turns, so a slow spell of this
# shared machine falls on all of them alike; each row reports the median wall time and the
# largest peak RSS.
rounds=${ROUNDS:-5}
labels=() articles=() bytes=() commands=() medians=()
add() {  # add LABEL ARTICLES BYTES COMMAND...
  labels+=("$1") articles+=("$2") bytes+=("$3")
  shift 3
  commands+=("$*")
}
articles50=$(wc -l < "$work/c50.jsonl")
articles5=$(wc -l < "$work/c5.jsonl")
bytes50=$(stat -c %s "$work/c50.jsonl")
bytes5=$(stat -c %s "$work/c5.jsonl")
add "mawqi --jobs 1, 50 MB, world default" "$articles50" "$bytes50" \
  $mawqi run --jobs 1 --quiet --in "$work/c50.jsonl" --out "$work/out1"
add "mawqi --jobs 2, 50 MB, world default" "$articles50" "$bytes50" \
  $mawqi run --jobs 2 --quiet --in "$work/c50.jsonl" --out "$work/out2"
add "grep -F -o -w writing its matches, 50 MB text, world names" "$articles50" "$bytes50" \
  "$work/grep.sh" "$work/names-world.txt" "$work/c50.txt" "$work/grep.out"
add "grep -F -o -w to /dev/null (stops at the first match), 50 MB text" "$articles50" "$bytes50" \
  grep -F -o -w -f "$work/names-world.txt" "$work/c50.txt"
add "mawqi --jobs 2, 5 MB, world default" "$articles5" "$bytes5" \
  $mawqi run --jobs 2 --quiet --in "$work/c5.jsonl" --out "$work/out3"
add "mawqi --jobs 2, 5 MB, bundled index" "$articles5" "$bytes5" \
  $mawqi run --jobs 2 --quiet --index "$work/bundled.idx" --in "$work/c5.jsonl" --out "$work/out4"
add "mawqi --jobs 2, 5 MB, world + synthetic index" "$articles5" "$bytes5" \
  $mawqi run --jobs 2 --quiet --index "$work/million.idx" --in "$work/c5.jsonl" --out "$work/out5"
add "mawqi start-up (lookup, world default)" 1 1 \
  $mawqi gazetteer lookup Baghdad

for ((r = 0; r < rounds; r++)); do
  for i in "${!commands[@]}"; do
    # shellcheck disable=SC2086  # each command is a list of words without spaces inside
    /usr/bin/time -f "%e %M" -o "$work/time" ${commands[$i]} > /dev/null
    echo "$i $(cat "$work/time")" >> "$work/times.$r"
  done
done
echo "corpus: $articles50 articles, $bytes50 bytes; names for grep: $(wc -l < "$work/names-world.txt"); median of $rounds rounds"
echo
echo "| run | seconds | articles/s | MB/s | peak RSS MB |"
echo "|---|---|---|---|---|"
for i in "${!commands[@]}"; do
  median=$(cat "$work"/times.* | awk -v i="$i" '$1 == i { print $2 }' | sort -n |
    awk '{ t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
  medians[$i]=$median
  rss=$(cat "$work"/times.* | awk -v i="$i" '$1 == i && $3 > m { m = $3 } END { print m }')
  awk -v l="${labels[$i]}" -v s="$median" -v r="$rss" -v a="${articles[$i]}" -v b="${bytes[$i]}" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.1f | %.0f |\n", l, s, a / s, b / s / 1048576, r / 1024 }'
done

# Incremental regeneration (--state): a first run over the 50 MB corpus, then the same corpus
# plus 1 % new articles; the second run's layers must equal a full run's.
python3 - "$work/c50.jsonl" "$work/c50-plus.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").readlines()
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.writelines(lines)
    for line in lines[: len(lines) // 100]:
        article = json.loads(line)
        article["id"] = "new-" + article["id"]
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
PY
rm -f "$work/state.sqlite"
timed() {  # timed COMMAND...: prints the wall seconds
  /usr/bin/time -f "%e" -o "$work/time" "$@" > /dev/null
  cat "$work/time"
}
first=$(timed $mawqi run --jobs 2 --quiet --state "$work/state.sqlite" \
  --in "$work/c50.jsonl" --out "$work/out-state")
again=$(timed $mawqi run --jobs 2 --quiet --state "$work/state.sqlite" \
  --in "$work/c50-plus.jsonl" --out "$work/out-state")
full=$(timed $mawqi run --jobs 2 --quiet --in "$work/c50-plus.jsonl" --out "$work/out-full")
echo
echo "--state, --jobs 2: first run over 50 MB ${first} s; corpus + 1 % new articles ${again} s; the same without a state ${full} s"
awk -v a="$again" -v f="$full" 'BEGIN { printf "incremental / full: %.0f %%\n", 100 * a / f }'
if cmp -s <(cat "$work"/out-state/*.geojson) <(cat "$work"/out-full/*.geojson); then
  echo "incremental and full layers: identical"
else
  echo "incremental and full layers: DIFFERENT" >&2
  exit 1
fi

echo
awk -v a="${medians[1]}" -v g="${medians[2]}" -v n="${medians[3]}" -v a1="${medians[0]}" -v c="$articles50" 'BEGIN {
  printf "--jobs 2 / grep writing its matches: %.2fx (median wall times; %.2fx against grep to /dev/null)\n", a / g, a / n
  printf "articles/s per core: %.0f (--jobs 1), %.0f (--jobs 2 / 2)\n", c / a1, c / a / 2 }'
if cmp -s <(cat "$work"/out1/*.geojson) <(cat "$work"/out2/*.geojson); then
  echo "--jobs 1 and --jobs 2 layers: identical"
else
  echo "--jobs 1 and --jobs 2 layers: DIFFERENT" >&2
  exit 1
fi

# Peak RSS from 50 to 200 MB of input, one run each.
for size in 50 200; do
  /usr/bin/time -f "%e %M" -o "$work/time" $mawqi run --jobs 2 --quiet --in "$work/c$size.jsonl" --out "$work/out-rss" \
    > /dev/null
  awk -v s="$size" '{ printf "peak RSS, --jobs 2, %s MB: %.0f MB (%.1f s)\n", s, $2 / 1024, $1 }' "$work/time"
done

# The previous build's layers on the same corpus (its own default), when PREVIOUS names its tree.
if [ -n "${PREVIOUS:-}" ]; then
  "$PREVIOUS/build/mawqi" run --jobs 2 --quiet --in "$work/c50.jsonl" --out "$work/out-previous"
  if cmp -s <(cat "$work"/out-previous/*.geojson) <(cat "$work"/out2/*.geojson); then
    echo "layers of $PREVIOUS and of this build: identical"
  else
    echo "layers of $PREVIOUS and of this build: DIFFERENT" >&2
    exit 1
  fi
fi

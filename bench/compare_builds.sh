#!/usr/bin/env bash
# Two builds side by side on the same corpus: `mawqi run --jobs 2` of each, with each build's own
# bundled gazetteer and lexicons (what a user of that build gets), rounds alternating so a slow
# spell of this shared machine falls on both alike. Prints the median wall time, articles/s and
# peak RSS of each, and their ratio.
# Usage: [ROUNDS=5] [SIZE_MB=50] [INDEX=FILE] bench/compare_builds.sh OLD_TREE NEW_TREE [WORKDIR]
#   INDEX: one compiled index both builds read (--index), for builds of the same gazetteer code
#   (a copied binary finds no default beside itself).
#   OLD_TREE/NEW_TREE: source trees with build/mawqi, gazetteer/ and (if it has one) lexicons/;
#   e.g. `git worktree add /tmp/old <commit>` and build it there.
set -euo pipefail
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
work=$(mkdir -p "${3:-/tmp/mawqi-compare}" && cd "${3:-/tmp/mawqi-compare}" && pwd)
rounds=${ROUNDS:-5}
size=${SIZE_MB:-50}
[ -n "${INDEX:-}" ] && INDEX=$(realpath "$INDEX") && export INDEX
rm -f "$work"/times.*
cd "$(dirname "$0")/.."
python3 bench/make_corpus.py "$work/corpus.jsonl" "$size" examples ../shared/corpus/*/
articles=$(wc -l < "$work/corpus.jsonl")

run() {  # run TREE OUT: the tree's binary over the corpus, with the default it finds beside itself
  local tree=$1 out=$2  # (its gazetteer/, the world's towns its build generated, its lexicons/)
  env -u MAWQI_GAZETTEER -u MAWQI_LEXICONS \
    "$tree/build/mawqi" run --jobs 2 --quiet ${INDEX:+--index "$INDEX"} --in "$work/corpus.jsonl" --out "$out"
}
for ((r = 0; r < rounds; r++)); do
  for side in old new; do
    tree=$old
    [ "$side" = new ] && tree=$new
    /usr/bin/time -f "%e %M" -o "$work/time" bash -c "$(declare -f run); work=$work; run $tree $work/out-$side" \
      > /dev/null
    echo "$side $(cat "$work/time")" >> "$work/times.$r"
  done
done
median() {
  cat "$work"/times.* | awk -v s="$1" '$1 == s { print $2 }' | sort -n |
    awk '{ t[NR] = $1 } END { print NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
}
echo "corpus: $articles articles, $(du -m "$work/corpus.jsonl" | cut -f1) MB; median of $rounds alternating rounds"
echo "| build | seconds | articles/s | peak RSS MB |"
echo "|---|---|---|---|"
for side in old new; do
  m=$(median $side)
  rss=$(cat "$work"/times.* | awk -v s="$side" '$1 == s && $3 > x { x = $3 } END { print x }')
  awk -v l="$side" -v s="$m" -v a="$articles" -v r="$rss" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.0f |\n", l, s, a / s, r / 1024 }'
done
awk -v o="$(median old)" -v n="$(median new)" 'BEGIN { printf "new / old wall time: %.3f\n", n / o }'
if cmp -s <(cat "$work"/out-old/*.geojson) <(cat "$work"/out-new/*.geojson); then
  echo "layers: identical"
else
  echo "layers: different"
fi

#!/usr/bin/env python3
"""Write a JSONL benchmark corpus of at least SIZE_MB from real articles, read at bench time and
never copied into the repository: every *.json of each SOURCE directory (or of its articles/
folder), e.g. examples/ and ../shared/corpus/*/. The distinct texts are shuffled (fixed seed, so
languages and lengths interleave) and repeated until the size is reached, each copy with its own id
and publication date. Usage: make_corpus.py OUT.jsonl SIZE_MB SOURCE..."""
import datetime
import glob
import json
import os
import random
import sys

if len(sys.argv) < 4:
    sys.exit(__doc__)
out_path, size_mb, sources = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
articles = []
for source in sources:
    folder = os.path.join(source, "articles") if os.path.isdir(os.path.join(source, "articles")) else source
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            a = json.load(f)
        if not a.get("text"):
            continue
        # Only the input contract's fields: gold notes and scoring fields stay out.
        articles.append({k: a[k] for k in ("id", "lang", "date", "title", "url", "source", "text") if k in a})
if not articles:
    sys.exit(f"make_corpus.py: no articles in {' '.join(sources)}")
random.Random(0).shuffle(articles)
target = int(size_mb * 1024 * 1024)
start = datetime.date(2019, 1, 1)
written = 0
n = 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        for a in articles:
            copy = dict(a)
            copy["id"] = f"{a['id']}-{n:07d}"
            copy["date"] = (start + datetime.timedelta(days=n % 1500)).isoformat()
            line = json.dumps(copy, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
            if written >= target:
                break
distinct = len({a["text"] for a in articles})
print(f"{out_path}: {n} articles ({distinct} distinct texts), {written / 1048576:.1f} MB", file=sys.stderr)

#!/usr/bin/env python3
"""Write a JSONL benchmark corpus of at least SIZE_MB from the example articles, each copy with
a distinct id and publication date. Usage: make_corpus.py EXAMPLES_DIR OUT.jsonl SIZE_MB"""
import datetime
import glob
import json
import os
import sys

examples_dir, out_path, size_mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
articles = [json.load(open(p, encoding="utf-8")) for p in sorted(glob.glob(os.path.join(examples_dir, "*.json")))]
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
print(f"{out_path}: {n} articles, {written / 1048576:.1f} MB", file=sys.stderr)

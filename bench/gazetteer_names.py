#!/usr/bin/env python3
"""Print every name mawqi indexes for the given sources (bundled GeoJSON directory and GeoNames
TSV dumps), one per line, for grep -F -f. Usage: gazetteer_names.py SOURCE..."""
import glob
import json
import os
import re
import sys

ARABIC = re.compile(r"[\u0600-\u06FF]")
seen = set()


def emit(name):
    name = name.strip()
    if len(name) >= 2 and name not in seen:
        seen.add(name)
        print(name)


for source in sys.argv[1:]:
    if os.path.isdir(source):
        for path in sorted(glob.glob(os.path.join(source, "*.geojson"))):
            for f in json.load(open(path, encoding="utf-8"))["features"]:
                p = f["properties"]
                for n in [p.get("name", ""), p.get("name_ar", "")] + p.get("names", []):
                    emit(n)
    else:
        with open(source, encoding="utf-8") as tsv:
            for line in tsv:
                c = line.rstrip("\n").split("\t")
                if len(c) != 19:
                    continue
                emit(c[1])
                emit(c[2])
                for alt in c[3].split(",") if c[3] else []:
                    if ARABIC.search(alt) or (len(alt) > 3 and alt[:1].isupper()):
                        emit(alt)

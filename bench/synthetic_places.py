#!/usr/bin/env python3
"""Write COUNT made-up places in GeoNames format, each with a Latin name and an Arabic-script
alternate name built from syllables (seeded, so every run writes the same file), to measure
how the cost of a run grows with the size of the gazetteer (bench/corpus.sh adds them to
cities500 for about a million indexed names). Benchmark input only: never a gazetteer source.
Usage: synthetic_places.py COUNT OUT.txt"""
import random
import sys

count, out_path = int(sys.argv[1]), sys.argv[2]
rng = random.Random(7)
latin = ["ka", "lo", "mi", "ru", "te", "sa", "vo", "ne", "di", "zu", "pa", "re", "go", "hu", "ba", "tri", "ven", "mor"]
arabic = ["كا", "لو", "مي", "رو", "تي", "سا", "نو", "دي", "زو", "با", "ري", "غو", "هو", "شا", "طا", "قو", "في", "جا"]
countries = ["BR", "IN", "CN", "MX", "ID", "RU", "NG", "AR", "PE", "PH"]
with open(out_path, "w", encoding="utf-8") as out:
    for i in range(count):
        syllables = rng.randint(3, 5)
        picks = [rng.randrange(len(latin)) for _ in range(syllables)]
        name = "".join(latin[p] for p in picks).capitalize()
        name_ar = "".join(arabic[p] for p in picks)
        lat = rng.uniform(-50, 60)
        lon = rng.uniform(-120, 140)
        row = [str(90_000_000 + i), name, name, name_ar, f"{lat:.5f}", f"{lon:.5f}", "P", "PPL",
               countries[i % len(countries)], "", "01", "", "", "", "600", "", "", "", "2024-01-01"]
        out.write("\t".join(row) + "\n")

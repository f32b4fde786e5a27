#!/usr/bin/python3
"""Renders a QGIS project to a PNG with Debian's QGIS (python3-qgis), headless.

Usage: scripts/render_qgis_project.py PROJECT.qgs OUT.png [WIDTH HEIGHT]
The map shows the extent of the event layers (incidents and handovers), padded, at the layer
tree's order; `render(project, png)` is what tests/qgis_project_test.py calls.
"""
import atexit
import os
import shutil
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp")

from qgis.core import QgsApplication, QgsMapRendererParallelJob, QgsMapSettings, QgsProject, QgsRectangle  # noqa: E402
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

_app = None


def application():
    """QGIS without a GUI, its profile (settings, symbology-style.db) in a folder of its own that
    is removed at exit, never the current directory."""
    global _app
    if _app is None:
        profile = tempfile.mkdtemp(prefix="mawqi-qgis-")
        atexit.register(shutil.rmtree, profile, True)
        # QGIS creates its style database in the working directory whatever the profile: work
        # there (callers pass absolute paths).
        os.chdir(profile)
        _app = QgsApplication([], False, profile)
        _app.initQgis()
    return _app


def render(project, png, width=1200, height=760):
    application()
    layers = [node.layer() for node in project.layerTreeRoot().findLayers() if node.isVisible()]
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        if layer.name() in ("incidents", "handovers") and layer.featureCount() > 0:
            extent.combineExtentWith(layer.extent())
    if extent.isEmpty() or extent.width() == 0:
        extent = QgsRectangle(-180, -85, 180, 85) if extent.isEmpty() else extent.buffered(1)
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.25)
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(project.crs())
    settings.setBackgroundColor(QColor(223, 233, 242))
    settings.setOutputSize(QSize(width, height))
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if not image.save(png, "PNG"):
        raise SystemExit(f"{png}: cannot write")
    return image


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    project_path, png = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    application()
    project = QgsProject.instance()
    if not project.read(project_path):
        sys.exit(f"{project_path}: QGIS cannot read it")
    size = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) == 5 else (1200, 760)
    render(project, png, *size)
    print(png)


if __name__ == "__main__":
    main()

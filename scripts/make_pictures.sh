#!/usr/bin/env bash
# The README's pictures, from the demo output (run `make demo` first): output/map.html as Debian's
# headless Chromium draws it, the way tests/map_page_test.sh opens it, and output/mawqi.qgs as
# QGIS renders it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -s output/map.html ] || { echo "no output/map.html: run make demo first" >&2; exit 1; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1200,760 --virtual-time-budget=8000 \
  --screenshot="$PWD/docs/pictures/map.png" "file://$PWD/output/map.html" 2>/dev/null
echo "docs/pictures/map.png"
# output/mawqi.qgs as Debian's QGIS renders it (scripts/render_qgis_project.py, as the test does).
QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/render_qgis_project.py output/mawqi.qgs docs/pictures/qgis.png 2>/dev/null

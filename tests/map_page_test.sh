#!/usr/bin/env bash
# map.html in a real browser: mawqi's run over examples/ (what `make demo` writes) opened by
# Debian's headless Chromium from file://. The page must draw every feature of the layers
# (data-mawqi-drawn on <body>), make no network request (Chromium's own log of every request),
# throw nothing (the console), and it leaves a screenshot. Usage: map_page_test.sh MAWQI SOURCE_DIR WORK_DIR
set -euo pipefail
mawqi=$1 source_dir=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$mawqi" run -q --in "$source_dir/examples" --out "$work/out"
page="$work/out/map.html"
[ -s "$page" ] || { echo "map.html not written"; exit 1; }
size=$(stat -c %s "$page")
[ "$size" -lt 10000000 ] || { echo "map.html is $size bytes"; exit 1; }

chrome() {  # PAGE NETLOG [flags]: Debian's Chromium, headless, from file://
  local target=$1 netlog=$2
  shift 2
  timeout 120 chromium --headless=new --no-sandbox --disable-gpu --disable-extensions --no-first-run \
    --user-data-dir="$work/profile" --hide-scrollbars --window-size=1200,800 --virtual-time-budget=8000 \
    --enable-logging=stderr --v=0 --log-net-log="$netlog" --net-log-capture-mode=Default "$@" "file://$target"
}
# A page that does make a request: the check below must see it, or it proves nothing.
printf '<!DOCTYPE html><img src="http://127.0.0.1:9/probe.png">' > "$work/control.html"
chrome "$work/control.html" "$work/control-net.json" --dump-dom > /dev/null 2>&1 || true
chrome "$page" "$work/net.json" --dump-dom > "$work/dom.html" 2> "$work/console.log"
# An article whose id and text hold markup that would end or reopen the page's <script>
# elements: the page still draws it, and runs none of it.
printf '%s\n' '{"id": "b<!--<script>", "lang": "en", "date": "2021-03-09", "text": "Three rockets struck Camp Taji on Monday </script><script>document.title=1</script><!--<script>."}' \
  > "$work/hostile.jsonl"
"$mawqi" run -q --in "$work/hostile.jsonl" --out "$work/hostile"
chrome "$work/hostile/map.html" "$work/hostile-net.json" --dump-dom > "$work/hostile-dom.html" 2>> "$work/console.log"
grep -q 'data-mawqi-drawn="[1-9]' "$work/hostile-dom.html" || { echo "a hostile article's page did not draw"; exit 1; }
grep -q '<title>mawqi</title>' "$work/hostile-dom.html" || { echo "a hostile article's script ran"; exit 1; }
chrome "$page" "$work/shot-net.json" --screenshot="$work/map.png" > /dev/null 2>> "$work/console.log"

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]

def page_requests(path):
    """URLs the page asked for over a network: every request Chromium started, but its own
    (updates, accounts: initiator 'not an origin') and file:/data: ones."""
    log = json.load(open(path, encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = set()
    for e in log.get("events", []):
        p = e.get("params", {})
        if e["type"] == start and "url" in p and p.get("initiator") != "not an origin":
            if not p["url"].startswith(("file:", "data:", "blob:", "about:", "chrome:")):
                urls.add(p["url"])
    return sorted(urls)

if "http://127.0.0.1:9/probe.png" not in page_requests(f"{work}/control-net.json"):
    sys.exit("the net-log check does not see a page's request (control page)")
dom = open(f"{work}/dom.html", encoding="utf-8").read()
drawn = re.search(r'<body[^>]*data-mawqi-drawn="(\d+)"', dom)
if not drawn:
    sys.exit("the page did not draw (no data-mawqi-drawn on <body>):\n" + open(f"{work}/console.log").read()[-3000:])
written = sum(len(json.load(open(f"{work}/out/{layer}.geojson", encoding="utf-8"))["features"])
              for layer in ("mentions", "incidents", "handovers"))
if int(drawn.group(1)) != written:
    sys.exit(f"drawn {drawn.group(1)} features, the layers hold {written}")
errors = [l for l in open(f"{work}/console.log", encoding="utf-8", errors="replace")
          if "CONSOLE" in l and ("Uncaught" in l or "rror" in l)]
if errors:
    sys.exit("the page logged errors:\n" + "".join(errors))
for log in ("net.json", "shot-net.json"):
    if page_requests(f"{work}/{log}"):
        sys.exit("the page requested: " + ", ".join(page_requests(f"{work}/{log}")))
print(f"map.html: {written} features drawn, no network request; screenshot {work}/map.png")
PY
[ -s "$work/map.png" ] || { echo "no screenshot"; exit 1; }

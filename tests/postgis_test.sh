#!/usr/bin/env bash
# mawqi against a real PostgreSQL 15 + PostGIS 3 server, started here on a private port and
# socket, stopped on exit. Usage: postgis_test.sh MAWQI SOURCE_DIR
set -euo pipefail
mawqi=$1 src=$2
pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/postgis.control ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3
fi
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
work=$(mktemp -d /tmp/mawqi-pg.XXXXXX)
[ "$(id -u)" -ne 0 ] || chown postgres "$work"
port=${MAWQI_PG_PORT:-$((54000 + RANDOM % 900))}
as_postgres "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses=''" start >/dev/null
cleanup() { as_postgres "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

sql() { "$pgbin/psql" -h "$work" -p "$port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
sql -c "CREATE DATABASE mawqi" -c "CREATE DATABASE mercator"
sql -d mawqi -c "CREATE EXTENSION postgis"
sql -d mercator -c "CREATE EXTENSION postgis"
conn="PG:host=$work port=$port dbname=mawqi user=postgres"
counts() { sql -d "$1" -c "SELECT (SELECT count(*) FROM incidents) || ',' || (SELECT count(*) FROM handovers) || ',' || (SELECT count(*) FROM mentions)"; }

passed=0 failed=0
expect() {  # expect DESCRIPTION ACTUAL EXPECTED
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1: got '$2', want '$3'"; fi
}

"$mawqi" run --in "$src/examples" --out "$conn" --format PostgreSQL --quiet
first=$(counts mawqi)
"$mawqi" run --in "$src/examples" --out "$conn" --format PostgreSQL --quiet
expect "a second run leaves the row counts unchanged" "$(counts mawqi)" "$first"
files="$work/files"
"$mawqi" run --in "$src/examples" --out "$files" --quiet
feature_count() { ogrinfo -ro -so "$files/$1.geojson" "$1" | awk '/Feature Count/ {print $3}'; }
expect "rows are the features of the run" "$first" "$(feature_count incidents),$(feature_count handovers),$(feature_count mentions)"
expect "event_date is a date" \
  "$(sql -d mawqi -c "SELECT data_type FROM information_schema.columns WHERE table_name='incidents' AND column_name='event_date'")" "date"
expect "source_ids is a text array" \
  "$(sql -d mawqi -c "SELECT data_type FROM information_schema.columns WHERE table_name='incidents' AND column_name='source_ids'")" "ARRAY"
expect "one Green Zone attack with both sources" \
  "$(sql -d mawqi -c "SELECT array_length(source_ids, 1) FROM incidents WHERE place_id='mq:green-zone'")" "2"
expect "points are WGS 84" "$(sql -d mawqi -c "SELECT DISTINCT ST_SRID(geom) FROM incidents")" "4326"

"$mawqi" run --in "$src/examples" --out "PG:host=$work port=$port dbname=mercator user=postgres" \
  --format PostgreSQL --t_srs EPSG:3857 --quiet
expect "--t_srs reprojects" "$(sql -d mercator -c "SELECT DISTINCT ST_SRID(geom) FROM handovers")" "3857"
expect "reprojected points land where they should" \
  "$(sql -d mercator -c "SELECT round(ST_X(ST_Transform(geom, 4326))::numeric, 4) FROM incidents WHERE place_id='mq:green-zone'")" "44.3903"

set +e
out=$("$mawqi" run --in "$src/examples" --out "PG:host=$work port=$port dbname=absent user=postgres password=s3cr3t" \
  --format PostgreSQL 2>&1)
code=$?
set -e
expect "a failed connection exits 1" "$code" "1"
expect "the password is never printed" "$(grep -c s3cr3t <<<"$out" || true)" "0"
expect "previous rows are intact after a failed run" "$(counts mawqi)" "$first"

echo "postgis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

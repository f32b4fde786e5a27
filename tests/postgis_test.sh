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

# --- Integrity: what a PostgreSQL run leaves is what a fresh run over the same articles holds. ---
sql -c "CREATE DATABASE edits" -c "CREATE DATABASE fresh"
sql -d edits -c "CREATE EXTENSION postgis"
sql -d fresh -c "CREATE EXTENSION postgis"
edits="PG:host=$work port=$port dbname=edits user=postgres"
in="$work/in"
mkdir -p "$in"
taji='{"id":"wire-1","lang":"en","date":"2021-03-04","text":"BAGHDAD — Three rockets struck Camp Taji north of Baghdad on Wednesday, wounding two Iraqi soldiers, security officials said."}'
printf '%s\n' "$taji" >"$in/day.jsonl"
"$mawqi" run --in "$in" --out "$edits" --quiet
id_before=$(sql -d edits -c "SELECT event_id FROM incidents")
expect "one article, one incident" "$(sql -d edits -c "SELECT count(*) FROM incidents")" "1"
# A second report of the same attack joins the event: same id, one row, both sources.
printf '%s\n%s\n' "$taji" \
  '{"id":"wire-2","lang":"en","date":"2021-03-04","text":"Rockets hit Camp Taji on Wednesday, Iraqi officials said; two soldiers were wounded."}' \
  >"$in/day.jsonl"
"$mawqi" run --in "$in" --out "$edits" --quiet
expect "a new source keeps the event id" "$(sql -d edits -c "SELECT event_id FROM incidents")" "$id_before"
expect "the event lists both sources" "$(sql -d edits -c "SELECT array_to_string(source_ids, ',') FROM incidents")" "wire-1,wire-2"
# wire-1 corrected: the rockets fell on Basra airport, not Taji.
printf '%s\n%s\n' \
  '{"id":"wire-1","lang":"en","date":"2021-03-04","text":"BASRA — Three rockets struck Basra International Airport on Wednesday, wounding two guards, security officials said."}' \
  '{"id":"wire-2","lang":"en","date":"2021-03-04","text":"Rockets hit Camp Taji on Wednesday, Iraqi officials said; two soldiers were wounded."}' \
  >"$in/day.jsonl"
"$mawqi" run --in "$in" --out "$edits" --quiet
expect "an edited article leaves the event it no longer reports" \
  "$(sql -d edits -c "SELECT place_id || ':' || array_to_string(source_ids, ',') FROM incidents ORDER BY place_id" | tr '\n' ' ')" \
  "mq:camp-taji:wire-2 oa:ORMM:wire-1 "
# wire-2 edited to mention nothing: its mentions and its event go.
printf '%s\n%s\n' \
  '{"id":"wire-1","lang":"en","date":"2021-03-04","text":"BASRA — Three rockets struck Basra International Airport on Wednesday, wounding two guards, security officials said."}' \
  '{"id":"wire-2","lang":"en","date":"2021-03-04","text":"This report has been withdrawn by the agency."}' \
  >"$in/day.jsonl"
"$mawqi" run --in "$in" --out "$edits" --quiet
expect "an article that now names nothing keeps no mention" "$(sql -d edits -c "SELECT count(*) FROM mentions WHERE doc_id='wire-2'")" "0"
expect "nor any share of an event" "$(sql -d edits -c "SELECT count(*) FROM incidents WHERE 'wire-2' = ANY(source_ids)")" "0"
# The same articles into an empty database: the same rows.
"$mawqi" run --in "$in" --out "PG:host=$work port=$port dbname=fresh user=postgres" --quiet
rows() {
  sql -d "$1" -c "SELECT event_id, place_id, event_date, array_to_string(source_ids, ','), coalesce(fatalities, -1), coalesce(injuries, -1) FROM incidents UNION ALL SELECT event_id, place_id, event_date, array_to_string(source_ids, ','), 0, 0 FROM handovers ORDER BY 1"
  sql -d "$1" -c "SELECT doc_id, start, \"end\", place_id FROM mentions ORDER BY 1, 2"
}
expect "the edited database equals a fresh run" "$(rows edits | md5sum)" "$(rows fresh | md5sum)"
# Ids are data, never SQL.
printf '%s\n' '{"id":"x'"'"'); DROP TABLE mentions; --","lang":"en","date":"2021-03-04","text":"Two rockets struck Camp Taji on Wednesday."}' >"$in/day.jsonl"
"$mawqi" run --in "$in" --out "$edits" --quiet
expect "an id with quotes is stored as it is" "$(sql -d edits -c "SELECT count(*) FROM mentions WHERE doc_id LIKE 'x''); DROP%'")" "1"

# --- Secrets: no password in any output, success or failure; PG: needs no --format. ---
secret="PG:host=$work port=$port dbname=fresh user=postgres password=hunter2"
out=$("$mawqi" run --in "$src/examples" --out "$secret" 2>&1)
expect "a successful run names the output without its password" "$(grep -c hunter2 <<<"$out" || true)" "0"
expect "PG: is PostgreSQL without --format" "$(sql -d fresh -c "SELECT count(*) > 0 FROM mentions WHERE doc_id LIKE 'ex-%'")" "t"
set +e
out=$("$mawqi" run --in "$src/examples" --out "PG:host=$work port=1 dbname=x user=postgres password=hunter2" 2>&1)
code=$?
set -e
expect "a connection error exits 1" "$code" "1"
expect "a connection error is one line" "$(wc -l <<<"$out")" "1"
expect "and shows no password" "$(grep -c hunter2 <<<"$out" || true)" "0"
set +e
out=$("$mawqi" run --in "$src/examples" --out "$secret" --format GeoJSON 2>&1)
code=$?
set -e
expect "PG: with a file format is a usage error" "$code" "2"
expect "that names no password either" "$(grep -c hunter2 <<<"$out" || true)" "0"
expect "and creates no directory" "$(ls -d PG:* 2>/dev/null | wc -l)" "0"

# --- Shards merged into PostgreSQL (mawqi-dask, a local Dask cluster): the rows of a single run. ---
dask_run=$(dirname "$mawqi")/mawqi-dask
if [ -x "$dask_run" ]; then
  sql -c "CREATE DATABASE single" -c "CREATE DATABASE sharded"
  for db in single sharded; do sql -d $db -c "CREATE EXTENSION postgis"; done
  corpora=()
  for d in dev dev-iraq dev-region; do corpora+=("$src/../shared/corpus/$d/articles"); done
  "$mawqi" run --in "$src/examples" "${corpora[@]}" --out "PG:host=$work port=$port dbname=single user=postgres" --quiet
  "$dask_run" --scheduler local:2 --in "$src/examples" "${corpora[@]}" --shards 6 --work-dir "$work/parts" \
    --out "PG:host=$work port=$port dbname=sharded user=postgres" --quiet
  table_rows() {  # every column of every row, in a fixed order
    for t in incidents handovers mentions; do
      sql -d "$1" -c "SELECT string_agg(to_jsonb(r)::text, E'\n' ORDER BY to_jsonb(r)::text) FROM \"$t\" r"
    done
    sql -d "$1" -c "SELECT string_agg(doc_id || ' ' || generation || ' ' || position || ' ' || report, E'\n'
                    ORDER BY generation, position) FROM mawqi_reports"
  }
  expect "sharded rows exist" "$(sql -d sharded -c "SELECT count(*) > 10 FROM incidents")" "t"
  expect "the merge into PostgreSQL gives the rows of a single run" "$(table_rows sharded | md5sum)" "$(table_rows single | md5sum)"
fi

echo "postgis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

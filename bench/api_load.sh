#!/usr/bin/env bash
# Web load benchmark: wrk, 100 connections for 30 s each against the JSON incident list, one incident and the stats
# series as JSON, an incident page and the dashboard, over a store of 100,000 published incidents, on loopback.
# Prints requests/s and p50/p95/p99 latency per target.
# Usage: bench/api_load.sh [DB] [N]   (needs Debian's wrk: apt-get install -y wrk)
# Environment: PORT (8765), WORKERS (2 uvicorn workers), DURATION (30s), CONNECTIONS (100), TARGETS (space-separated
# paths; {code} is replaced by the newest published incident's code).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-build/bench-web.db}
N=${2:-100000}
PORT=${PORT:-8765}
WORKERS=${WORKERS:-2}
DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-100}
TARGETS=${TARGETS:-"/api/incidents /api/incidents/{code} /api/stats /incidents/{code} /"}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 2; }
mkdir -p "$(dirname "$DB")"
if [ ! -f "$DB" ]; then .venv/bin/python bench/make_web_store.py "$DB" "$N"; fi
REPORT=$(mktemp --suffix=.lua)
cat >"$REPORT" <<'LUA'
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
    + summary.errors.timeout
  io.write(string.format("RESULT %.2f %.2fms %.2fms %.2fms %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
LUA
CIVMON_TILE_URL= .venv/bin/civmon --db "$DB" serve --port "$PORT" --workers "$WORKERS" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; rm -f "$REPORT"' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$PORT/api/facets" >/dev/null 2>&1 && break; sleep 0.2; done
CODE=$(curl -fsS "http://127.0.0.1:$PORT/api/incidents?limit=1" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["code"])')
echo "store: $DB ($N incidents); server: $WORKERS uvicorn workers on 127.0.0.1:$PORT; wrk -t2 -c$CONNECTIONS -d$DURATION"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run (other work skews the figures)"
.venv/bin/python -c 'import importlib.util as u; print("http parser:", "httptools" if u.find_spec("httptools") else "h11 (pure Python; uvicorn[standard] is faster)", "| loop:", "uvloop" if u.find_spec("uvloop") else "asyncio")'
printf '%-34s %10s %10s %10s %10s %8s\n' target "req/s" p50 p95 p99 errors
for target in $TARGETS; do
  path=${target//\{code\}/$CODE}
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$REPORT" "http://127.0.0.1:$PORT$path")
  read -r _ rps p50 p95 p99 errs <<<"$(grep '^RESULT' <<<"$out")"
  printf '%-34s %10s %10s %10s %10s %8s\n' "$path" "$rps" "$p50" "$p95" "$p99" "$errs"
done

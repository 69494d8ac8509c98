#!/usr/bin/env bash
# Load test: POST /v1/search/ask on a space imported from DOCS, with wrk from a second process on the same machine.
# Usage: Evaluation/wrk/run.sh [DOCS] [CONNECTIONS] [RUNS] [SECONDS]
# Prints each run's requests/s, p50 and p99, then their medians. The rate limit is raised so that it does not answer
# with 429 instead of asking; the script fails if any response is not 2xx. SERVE_FLAGS adds serve options
# (e.g. SERVE_FLAGS=--no-insights to measure without the query log).
set -euo pipefail
cd "$(dirname "$0")/../.."
docs=${1:-../shared/data/gitbook-public-docs/documentation}
connections=${2:-4}
runs=${3:-3}
seconds=${4:-10}
port=${PORT:-8097}
askbook=.build/release/askbook
db=$(mktemp -d)/wrk.sqlite
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$(dirname "$db")"' EXIT

"$askbook" import "$docs" --space docs --db "$db" >/dev/null
token=$("$askbook" tokens create --role read --quiet --db "$db")
"$askbook" serve --db "$db" --port "$port" --rate-limit 100000000 ${SERVE_FLAGS:-} >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/v1/" && break; sleep 0.1; done

export TOKEN=$token
wrk -t2 -c"$connections" -d3s -s Evaluation/wrk/ask.lua "http://127.0.0.1:$port/v1/search/ask" >/dev/null  # warm-up
results=()
for run in $(seq "$runs"); do
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency -s Evaluation/wrk/ask.lua "http://127.0.0.1:$port/v1/search/ask")
    if grep -q "Non-2xx" <<<"$out"; then echo "run $run: non-2xx responses" >&2; grep "Non-2xx" <<<"$out" >&2; exit 1; fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    echo "run $run: $rps req/s, p50 $p50, p99 $p99"
    results+=("$rps $p50 $p99")
done
printf '%s\n' "${results[@]}" | python3 -c '
import statistics, sys
def ms(v):
    for unit, scale in (("ms", 1), ("us", 1e-3), ("s", 1e3)):
        if v.endswith(unit): return float(v[: -len(unit)]) * scale
rows = [line.split() for line in sys.stdin if line.strip()]
print("median: %.0f req/s, p50 %.2f ms, p99 %.2f ms" % (
    statistics.median(float(r[0]) for r in rows), statistics.median(ms(r[1]) for r in rows), statistics.median(ms(r[2]) for r in rows)))'

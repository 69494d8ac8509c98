#!/usr/bin/env bash
# The query log's cost: the server's CPU time (user + system, from /proc) per POST /v1/search/ask, with the log on and
# off (--no-insights), three alternating runs of 10 s each. CPU per request is robust to other load on the machine,
# where requests/s is not. Usage: Evaluation/wrk/insights-cost.sh [DOCS]
set -euo pipefail
cd "$(dirname "$0")/../.."
askbook=.build/release/askbook
db=$(mktemp -d)/cost.sqlite
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$(dirname "$db")"' EXIT

"$askbook" import ${1:-../shared/data/gitbook-public-docs/documentation} --space docs --db "$db" >/dev/null
export TOKEN=$("$askbook" tokens create --role read --quiet --db "$db")
for run in 1 2 3; do
  for mode in on off; do
    flags=""; [ $mode = off ] && flags=--no-insights
    "$askbook" serve --db "$db" --port ${PORT:-8095} --rate-limit 100000000 $flags >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:${PORT:-8095}/v1/ && break; sleep 0.1; done
    wrk -t2 -c4 -d2s -s Evaluation/wrk/ask.lua http://127.0.0.1:${PORT:-8095}/v1/search/ask >/dev/null
    sleep 0.5
    before=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t2 -c4 -d10s -s Evaluation/wrk/ask.lua http://127.0.0.1:${PORT:-8095}/v1/search/ask)
    sleep 0.5   # the writer's last flush
    after=$(awk '{print $14+$15}' /proc/$pid/stat)
    n=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    health=$(curl -s http://127.0.0.1:${PORT:-8095}/health)
    kill $pid; wait $pid 2>/dev/null || true
    python3 -c "print('run $run $mode: %d requests, %s req/s, server CPU %.3f ms per request' % ($n, '$rps', ($after-$before)*10.0/$n))"
    [ $mode = on ] && echo "   $health"
  done
done

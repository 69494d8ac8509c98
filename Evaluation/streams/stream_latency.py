#!/usr/bin/env python3
"""Time to the first event and to `data: done` of streamed asks, per scope, against a running `askbook serve`.

    python3 Evaluation/streams/stream_latency.py --port 8098 --token TOKEN --org acme --space SPACE --site SITE \
        --questions Evaluation/questions/gitbook.jsonl [--limit 100] [--runs 3]

Each question is asked once per run and scope over a kept-alive HTTP/1.1 connection (standard library only):
space (`GET /v1/spaces/{space}/search/ask/stream`), organization (`GET /v1/orgs/{org}/ask/stream`) and site
(`POST /v1/orgs/{org}/sites/{site}/ask`, default scope), and, for comparison, the plain `POST /v1/search/ask`.
Prints p50 and p99 (milliseconds) of each run and the median of the runs' figures.
"""
import argparse
import http.client
import json
import statistics
import time
import urllib.parse


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def timed(connection, method, path, headers, body=None):
    """(ms to the first data line, ms to the end); a non-200 status or a stream without `done` raises."""
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: {response.status} {response.read()[:200]!r}")
    first = None
    if response.getheader("Content-Type", "").startswith("text/event-stream"):
        done = False
        while True:
            line = response.readline()
            if not line:
                break
            if line.startswith(b"data:") and first is None:
                first = time.perf_counter()
            if line.strip() == b"data: done":
                done = True
        if not done:
            raise RuntimeError(f"{path}: the stream ended without 'data: done'")
    else:
        response.read()
    end = time.perf_counter()
    return ((first or end) - started) * 1000, (end - started) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8098)
    parser.add_argument("--token", required=True)
    parser.add_argument("--org", required=True)
    parser.add_argument("--space", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--questions", required=True)
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in open(args.questions, encoding="utf-8") if line.strip()]
    questions = questions[: args.limit]
    auth = {"Authorization": f"Bearer {args.token}"}
    json_headers = dict(auth, **{"Content-Type": "application/json"})
    scopes = {
        "space stream": lambda q: ("GET", f"/v1/spaces/{args.space}/search/ask/stream?query={urllib.parse.quote(q)}", auth, None),
        "organization stream": lambda q: ("GET", f"/v1/orgs/{args.org}/ask/stream?query={urllib.parse.quote(q)}", auth, None),
        "site stream": lambda q: (
            "POST", f"/v1/orgs/{args.org}/sites/{args.site}/ask", json_headers,
            json.dumps({"question": q, "scope": {"mode": "default"}}),
        ),
        "plain ask (not streamed)": lambda q: ("POST", "/v1/search/ask", json_headers, json.dumps({"query": q})),
    }
    connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    for q in questions[:10]:  # warm-up
        for make in scopes.values():
            timed(connection, *make(q))
    figures = {name: [] for name in scopes}
    for run in range(args.runs):
        for name, make in scopes.items():
            firsts, ends = [], []
            for q in questions:
                first, end = timed(connection, *make(q))
                firsts.append(first)
                ends.append(end)
            row = (percentile(firsts, 50), percentile(firsts, 99), percentile(ends, 50), percentile(ends, 99))
            figures[name].append(row)
            print(f"run {run + 1} {name:26} first event p50 {row[0]:.2f} p99 {row[1]:.2f} · done p50 {row[2]:.2f} p99 {row[3]:.2f} ms")
    print(f"\nmedians of {args.runs} runs, {len(questions)} questions each (ms):")
    print("| scope | first event p50 | first event p99 | done p50 | done p99 |\n|---|---|---|---|---|")
    for name, rows in figures.items():
        medians = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(f"| {name} | " + " | ".join(f"{m:.2f}" for m in medians) + " |")


if __name__ == "__main__":
    main()

"""The `ask` tool's latency through MCP next to the HTTP API's, for the same questions against the same server in
the same run: each handbook question (Evaluation/questions/handbook.jsonl) asked through POST /v1/search/ask and
through the MCP `ask` tool over Streamable HTTP (one Python SDK session) and over stdio (`askbook mcp`), alternating,
each client on a kept-alive connection, after one warm-up round; and the same `tools/call` posted as raw JSON-RPC with
httpx (no SDK), which separates the server's MCP cost from the Python SDK's. Prints medians and 90th percentiles in ms.

Run with `make latency-clients` (CONFIG=release for the release build)."""

from __future__ import annotations

import asyncio
import json
import statistics
import time

from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from askbook_fixture import ROOT, Askbook

ROUNDS = 3


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main() -> None:
    questions = [json.loads(line)["question"] for line in (ROOT / "Evaluation/questions/handbook.jsonl").read_text().splitlines() if line]
    askbook = Askbook()
    askbook.import_spaces()
    token = askbook.token("handbook")
    askbook.start()
    try:
        headers = {"Authorization": f"Bearer {token}"}
        api = create_mcp_http_client(headers=headers)
        mcp_http = Client(streamable_http_client(askbook.base + "/mcp", http_client=create_mcp_http_client(headers=headers)))
        mcp_stdio = Client(StdioServerParameters(command=askbook.binary, args=["mcp", "--db", askbook.db, "--space", "handbook"]))
        times: dict[str, list[float]] = {"HTTP API": [], "MCP over HTTP": [], "MCP HTTP, raw": [], "MCP over stdio": []}
        async with api, mcp_http, mcp_stdio:

            async def ask_api(q: str) -> None:
                response = await api.post(askbook.base + "/v1/search/ask", json={"query": q})
                assert response.status_code == 200, response.text

            async def ask_raw(q: str) -> None:
                call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "ask", "arguments": {"question": q}}}
                response = await api.post(
                    askbook.base + "/mcp", json=call, headers={"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": "2025-06-18"}
                )
                assert response.status_code == 200 and '"isError"' not in response.text, response.text

            async def ask_mcp(client: Client, q: str) -> None:
                result = await client.call_tool("ask", {"question": q})
                assert not result.is_error, result

            calls = {
                "HTTP API": ask_api,
                "MCP over HTTP": lambda q: ask_mcp(mcp_http, q),
                "MCP HTTP, raw": ask_raw,
                "MCP over stdio": lambda q: ask_mcp(mcp_stdio, q),
            }
            for q in questions:  # warm-up: every answer path and cache once
                for call in calls.values():
                    await call(q)
            for _ in range(ROUNDS):
                for q in questions:
                    for name, call in calls.items():
                        start = time.perf_counter()
                        await call(q)
                        times[name].append((time.perf_counter() - start) * 1000)
        print(f"{len(questions)} handbook questions x {ROUNDS} rounds, binary {askbook.binary}")
        print(f"{'client':<16} {'median ms':>10} {'p90 ms':>8} {'n':>5}")
        for name, values in times.items():
            print(f"{name:<16} {statistics.median(values):>10.2f} {percentile(values, 0.9):>8.2f} {len(values):>5}")
    finally:
        askbook.stop()


if __name__ == "__main__":
    asyncio.run(main())

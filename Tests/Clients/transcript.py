"""Prints a real MCP session for the README: the Python SDK's client over Streamable HTTP against `askbook serve` with
the handbook, listing the tools and calling `ask` once. Run from Tests/Clients with ASKBOOK_BIN set (see the Makefile's
test-clients); QUESTION overrides the question."""

from __future__ import annotations

import asyncio
import json
import os

from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from askbook_fixture import HANDBOOK, Askbook


async def main() -> None:
    askbook = Askbook()
    askbook.cli("import", str(HANDBOOK), "--space", "handbook")
    token = askbook.token("handbook")
    askbook.start()
    try:
        http = create_mcp_http_client(headers={"Authorization": f"Bearer {token}"})
        async with Client(streamable_http_client(askbook.base + "/mcp", http_client=http)) as client:
            print(">>> tools/list")
            for tool in (await client.list_tools()).tools:
                print(f"{tool.name}: {' '.join(tool.description.split())[:110]}…")
                print(f"    input: {json.dumps(tool.input_schema['properties'])[:150]}")
            question = os.environ.get("QUESTION", "How do I create a token?")
            print(f"\n>>> tools/call ask {json.dumps({'question': question})}")
            result = await client.call_tool("ask", {"question": question})
            print(f"isError: {result.is_error}")
            print(result.content[0].text)
    finally:
        askbook.stop()


if __name__ == "__main__":
    asyncio.run(main())

"""MCP and llms.txt through real clients: the Python MCP SDK over Streamable HTTP (`askbook serve`, `/mcp`) and over
stdio (`askbook mcp`), and plain HTTP for llms.txt, llms-full.txt and page markdown, against a temporary database
holding the handbook, a second space and the sample site. Run by `make test-clients`."""

from __future__ import annotations

import asyncio
import json
import re
import sys
import unittest
import urllib.parse

from mcp import Client, MCPError, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from askbook_fixture import SECRET_WORD, Askbook

TOOLS = {"search", "ask", "get_page", "list_spaces"}
QUESTIONS = [
    "How do I import a GitBook folder?",
    "How do I create a token?",
    "What happens when a space is deleted?",
]
ASKBOOK: Askbook


def setUpModule() -> None:
    global ASKBOOK, FULL, LIMITED
    ASKBOOK = Askbook(public=["handbook"])
    ASKBOOK.import_spaces()
    FULL = ASKBOOK.token()
    LIMITED = ASKBOOK.token("handbook")
    ASKBOOK.start()


def tearDownModule() -> None:
    ASKBOOK.stop()


def http_client(token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(streamable_http_client(ASKBOOK.base + "/mcp", http_client=create_mcp_http_client(headers=headers)))


def stdio_client(*spaces: str) -> Client:
    args = ["mcp", "--db", ASKBOOK.db, "--public-url", ASKBOOK.base]
    for space in spaces:
        args += ["--space", space]
    return Client(StdioServerParameters(command=ASKBOOK.binary, args=args))


def text(result) -> str:
    return "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")


def api_ask(question: str, token: str) -> dict:
    status, body = ASKBOOK.json("POST", "/v1/search/ask", token, {"query": question})
    assert status == 200, body
    return body


def api_search(query: str, token: str, limit: int = 5) -> dict:
    status, body = ASKBOOK.json("GET", "/v1/search?" + urllib.parse.urlencode({"query": query, "limit": limit}), token)
    assert status == 200, body
    body.pop("next", None)  # the API pages with a cursor; the tool returns the first page
    return body


class MCPTests(unittest.IsolatedAsyncioTestCase):
    async def check_session(self, client: Client, token: str, spaces: set[str]) -> None:
        """Lists the tools and calls each, comparing with the HTTP API's answers read with `token`."""
        tools = (await client.list_tools()).tools
        self.assertEqual({tool.name for tool in tools}, TOOLS)
        for tool in tools:
            self.assertTrue(tool.description and len(tool.description) > 40, tool.name)
            self.assertEqual(tool.input_schema["type"], "object", tool.name)
        for question in QUESTIONS:
            result = await client.call_tool("ask", {"question": question})
            self.assertFalse(result.is_error, text(result))
            self.assertEqual(result.structured_content, api_ask(question, token))
            self.assertIn(result.structured_content["answer"]["answer"]["markdown"], text(result))
        result = await client.call_tool("search", {"query": "rate limit", "limit": 5})
        self.assertFalse(result.is_error, text(result))
        self.assertEqual(result.structured_content, api_search("rate limit", token))
        self.assertIn("/s/handbook/", text(result))
        result = await client.call_tool("list_spaces", {})
        self.assertEqual({space["id"] for space in result.structured_content["spaces"]}, spaces)
        result = await client.call_tool("get_page", {"space": "handbook", "page": "first-steps/quickstart"})
        self.assertFalse(result.is_error, text(result))
        page = result.structured_content
        status, _, markdown = ASKBOOK.http("GET", "/v1/spaces/handbook/first-steps/quickstart.md", token)
        self.assertEqual(status, 200)
        self.assertEqual(page["markdown"], markdown.decode())
        self.assertNotIn("{%", page["markdown"])
        self.assertTrue(any(section["anchor"] for section in page["sections"]))
        for section in page["sections"]:
            if section["anchor"]:
                self.assertIn("#" + section["anchor"], text(result))
        by_id = await client.call_tool("get_page", {"space": "handbook", "page": page["id"]})
        self.assertEqual(by_id.structured_content["markdown"], page["markdown"])
        # The pages as resources: listed for the readable spaces, read as the same markdown.
        resources = (await client.list_resources()).resources
        self.assertEqual({str(r.uri).split("/")[2] for r in resources}, spaces)
        self.assertIn("askbook://handbook/first-steps/quickstart", {str(r.uri) for r in resources})
        self.assertEqual(len(resources), sum(space["pages"] for space in (await client.call_tool("list_spaces", {})).structured_content["spaces"]))
        templates = (await client.list_resource_templates()).resource_templates
        self.assertEqual([t.uri_template for t in templates], ["askbook://{space}/{+path}"])
        read = await client.read_resource("askbook://handbook/first-steps/quickstart")
        self.assertEqual(read.contents[0].text, page["markdown"])

    async def check_errors(self, client: Client, token: str) -> None:
        """Tool errors are `isError` results with the HTTP API's words."""
        result = await client.call_tool("ask", {"question": "   "})
        self.assertTrue(result.is_error)
        status, body = ASKBOOK.json("POST", "/v1/orgs/default/sites/askbook/ask", token, {"question": "   ", "scope": {"mode": "default"}})
        self.assertEqual(status, 400)
        self.assertEqual(text(result), body["error"]["message"])
        result = await client.call_tool("search", {"query": "tokens", "limit": 5000})
        self.assertTrue(result.is_error)
        self.assertIn("'limit' must be a whole number from 0 to 1000", text(result))
        result = await client.call_tool("get_page", {"space": "handbook", "page": "no/such/page"})
        self.assertTrue(result.is_error)
        status, _, body = ASKBOOK.http("GET", "/v1/spaces/handbook/no/such/page.md", token)
        self.assertEqual(status, 404)
        self.assertEqual(text(result), json.loads(body)["error"]["message"])

    async def check_isolation(self, client: Client, token: str) -> None:
        """A session limited to the handbook never sees the second space, and is told so as the API tells."""
        result = await client.call_tool("list_spaces", {})
        self.assertNotIn("secret", json.dumps(result.structured_content))
        for call in [
            ("search", {"query": SECRET_WORD}),
            ("ask", {"question": f"How do I rotate the {SECRET_WORD} key?"}),
            ("search", {"query": "vault key rotation"}),
        ]:
            result = await client.call_tool(*call)
            self.assertFalse(result.is_error, text(result))
            self.assertNotIn(SECRET_WORD, text(result).lower())
            self.assertNotIn("secret", json.dumps(result.structured_content))
        status, body = ASKBOOK.json("GET", f"/v1/spaces/secret/search?query={SECRET_WORD}", token)
        self.assertEqual(status, 404)
        with self.assertRaises(MCPError) as raised:
            await client.read_resource("askbook://secret/vault")
        # A protocol error, not a tool result: the SDK prefixes its kind ("Server error: …") to the API's message.
        self.assertEqual(raised.exception.error.code, -32002)
        self.assertTrue(raised.exception.error.message.endswith(body["error"]["message"]), raised.exception.error.message)
        for call in [
            ("get_page", {"space": "secret", "page": ""}),
            ("ask", {"question": "vault", "spaces": ["secret"]}),
            ("search", {"query": "vault", "spaces": ["secret"]}),
        ]:
            result = await client.call_tool(*call)
            self.assertTrue(result.is_error, call)
            self.assertEqual(text(result), body["error"]["message"])

    async def test_http(self) -> None:
        async with http_client(FULL) as client:
            await self.check_session(client, FULL, {"handbook", "secret", "askbook-handbook"})
            await self.check_errors(client, FULL)
            result = await client.call_tool("search", {"query": SECRET_WORD})
            self.assertIn(SECRET_WORD, text(result).lower())

    async def test_http_space_limited_token(self) -> None:
        async with http_client(LIMITED) as client:
            await self.check_session(client, LIMITED, {"handbook"})
            await self.check_isolation(client, LIMITED)

    async def test_http_needs_a_token(self) -> None:
        status, _, body = ASKBOOK.http("POST", "/mcp", None, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        self.assertEqual(status, 401)
        self.assertIn("Authorization", json.loads(body)["error"]["message"])
        with self.assertRaises(BaseException):
            async with http_client("not-a-token") as client:
                await client.list_tools()

    async def test_stdio(self) -> None:
        async with stdio_client() as client:
            await self.check_session(client, FULL, {"handbook", "secret", "askbook-handbook"})
            await self.check_errors(client, FULL)

    async def test_stdio_space_limited(self) -> None:
        async with stdio_client("handbook") as client:
            await self.check_session(client, LIMITED, {"handbook"})
            await self.check_isolation(client, LIMITED)


LINK = re.compile(r"^- \[(?P<title>(?:[^\]\\]|\\.)+)\]\((?P<url>[^)\s]+)\)(?::\s*(?P<notes>.*))?$")


class LLMsTextTests(unittest.TestCase):
    def check_llms_txt(self, path: str, token: str | None) -> list[str]:
        """Checks llms.txt's conventions (one H1 first, a blockquote summary, `##` sections of link lists) and that
        every link resolves; returns the links."""
        status, headers, body = ASKBOOK.http("GET", path, token)
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("text/plain"))
        lines = body.decode().splitlines()
        self.assertTrue(lines[0].startswith("# "), lines[0])
        self.assertEqual([line for line in lines if line.startswith("# ")], [lines[0]])
        self.assertEqual(lines[1], "")
        self.assertTrue(lines[2].startswith("> ") and len(lines[2]) > 10, lines[2])
        sections = [i for i, line in enumerate(lines) if line.startswith("## ")]
        self.assertTrue(sections)
        links = []
        for line in lines[sections[0] :]:
            if not line or line.startswith("## "):
                continue
            match = LINK.match(line)
            self.assertIsNotNone(match, f"not a link list item: {line!r}")
            links.append(match["url"])
        for url in links:
            status, headers, body = ASKBOOK.http("GET", url, token)
            self.assertEqual(status, 200, f"{url}: {body[:200]!r}")
            if url.endswith(".md"):
                self.assertTrue(headers["Content-Type"].startswith("text/markdown"))
                self.assertTrue(body.decode().startswith("# "), url)
                self.assertNotIn("{%", body.decode(), url)
        return links

    def test_space_llms_txt(self) -> None:
        links = self.check_llms_txt("/v1/spaces/handbook/llms.txt", FULL)
        status, body = ASKBOOK.json("GET", "/v1/spaces/handbook", FULL)
        pages = [link for link in links if link.endswith(".md")]
        self.assertEqual(len(pages), 20)  # every page of SUMMARY.md
        self.assertTrue(any(link.endswith("/README.md") for link in pages))

    def test_site_llms_txt(self) -> None:
        links = self.check_llms_txt("/v1/orgs/default/sites/askbook/llms.txt", FULL)
        self.assertTrue(all("/v1/spaces/askbook-handbook/" in link or "llms-full" in link for link in links))

    def test_llms_full_txt_in_summary_order(self) -> None:
        status, _, body = ASKBOOK.http("GET", "/v1/spaces/handbook/llms-full.txt", FULL)
        self.assertEqual(status, 200)
        full = body.decode()
        status, _, index = ASKBOOK.http("GET", "/v1/spaces/handbook/llms.txt", FULL)
        titles = [m["title"] for m in map(LINK.match, index.decode().splitlines()) if m and m["url"].endswith(".md")]
        # Each page's H1, in the index's order: each found after the previous one.
        position = 0
        for title in titles:
            found = full.find("# " + title, position)
            self.assertGreaterEqual(found, 0, f"{title!r} not after position {position}")
            position = found + 1
        self.assertNotIn("{%", full)

    def test_access(self) -> None:
        # Public without a token (serve --public handbook); the second space needs one; a limited token sees 404.
        self.check_llms_txt("/v1/spaces/handbook/llms.txt", None)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/secret/llms.txt", None)[0], 401)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/secret/README.md", None)[0], 401)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/secret/llms-full.txt", LIMITED)[0], 404)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/secret/vault.md", LIMITED)[0], 404)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/secret/vault.md", FULL)[0], 200)
        self.assertEqual(ASKBOOK.http("GET", "/v1/orgs/default/sites/askbook/llms.txt", None)[0], 401)
        self.assertEqual(ASKBOOK.http("GET", "/v1/orgs/other/sites/askbook/llms.txt", FULL)[0], 404)
        self.assertEqual(ASKBOOK.http("GET", "/v1/spaces/handbook/llms.txt", "bad-token")[0], 401)


if __name__ == "__main__":
    unittest.main(verbosity=2)

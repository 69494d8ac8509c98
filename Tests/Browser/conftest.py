"""Fixtures for the browser tests: a real `askbook serve` on loopback with the handbook imported, visitor keys made
with the CLI, plain host pages on two other loopback ports (one origin the key allows, one it does not), and
headless Chromium driven through Debian's chromedriver.

Nothing here reaches outside the machine: Selenium is given /usr/bin/chromedriver, and SE_AVOID_STATS keeps Selenium
Manager from running at all.
"""

import contextlib
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
HANDBOOK = ROOT / "Evaluation" / "spaces" / "askbook-handbook"
SPACE = "askbook-handbook"
SCREENSHOTS = ROOT / ".build-browser-screenshots"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"

os.environ["SE_AVOID_STATS"] = "true"


def askbook_binary():
    """The askbook binary: $ASKBOOK_BIN (make test-browser sets it), else the debug build's."""
    if os.environ.get("ASKBOOK_BIN"):
        return os.environ["ASKBOOK_BIN"]
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    return str(Path(bin_path) / "askbook")


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout=30.0, message="condition"):
    """Polls `condition` until it returns a true value (returned), failing with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 - the condition may fail until it holds
            last_error = error
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}" + (f" (last error: {last_error})" if last_error else ""))


class Askbook:
    """A database with the handbook imported, and the CLI to make tokens in it."""

    def __init__(self, directory):
        self.binary = askbook_binary()
        if not Path(self.binary).exists():
            pytest.fail(f"no askbook binary at {self.binary}: run `swift build` (make test-browser does)")
        self.db = str(Path(directory) / "askbook.sqlite")
        self.run("import", str(HANDBOOK), "--space", SPACE, "--db", self.db)

    def run(self, *arguments):
        result = subprocess.run([self.binary, *arguments], capture_output=True, text=True)
        assert result.returncode == 0, f"askbook {' '.join(arguments)} failed: {result.stderr}"
        return result.stdout.strip()

    def visitor_key(self, *origins, space=SPACE):
        arguments = ["tokens", "create", "--role", "visitor", "--space", space, "--quiet", "--db", self.db, "--name", "browser test"]
        for origin in origins:
            arguments += ["--allow-origin", origin]
        return self.run(*arguments)

    def serve(self, public_url, *extra):
        return Server(self, public_url, extra)


class Server:
    """`askbook serve` on a free loopback port, stopped when the test session ends."""

    def __init__(self, askbook, public_url, extra):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [askbook.binary, "serve", "--db", askbook.db, "--port", str(self.port), "--public-url", public_url, *extra],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self.healthy, message=f"askbook serve on port {self.port}")

    def healthy(self):
        if self.process.poll() is not None:
            self.log.seek(0)
            raise AssertionError(f"askbook serve exited: {self.log.read().decode(errors='replace')}")
        with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
            return json.load(response).get("status") == "ok"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class HostSite:
    """A plain web site on its own loopback port: host pages that embed the widget, and `/s/…` standing in for the
    public docs site that citations link to."""

    def __init__(self):
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.pages = {}
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                path = self.path.split("?")[0]
                if path in site.pages:
                    body = site.pages[path].encode()
                elif path.startswith("/s/"):
                    body = f"<!doctype html><title>Docs {path}</title><link rel=icon href='data:,'><h1>Docs page {path}</h1>".encode()
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def widget_page(self, path, askbook_url, key):
        """Adds a host page at `path` whose one script tag loads the widget."""
        self.pages[path] = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Host docs page</title><link rel="icon" href="data:,">
<style>body {{ font-family: Georgia, serif; background: #fdf6e3; }} button {{ background: red !important; }} .ab-launcher {{ display: none; }}</style>
<script src="{askbook_url}/widget.js" data-key="{key}" data-spaces="{SPACE}" defer></script>
</head><body><h1>A docs site that embeds Askbook</h1><p>Its own styles do not reach the widget.</p>
<input id="host-input" aria-label="Host input"></body></html>"""
        return self.origin + path

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def askbook():
    directory = tempfile.mkdtemp(prefix="askbook-browser-")
    try:
        yield Askbook(directory)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def docs_site():
    """The allowed origin: host pages and the public docs URL."""
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def other_site():
    """An origin no visitor key allows."""
    site = HostSite()
    yield site
    site.stop()


@pytest.fixture(scope="session")
def key(askbook, docs_site):
    return askbook.visitor_key(docs_site.origin)


@pytest.fixture(scope="session")
def server(askbook, docs_site, key):
    server = askbook.serve(docs_site.origin)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def browser():
    if not (Path(CHROMEDRIVER).exists() and Path(CHROMIUM).exists()):
        pytest.fail("Chromium and chromedriver are missing: apt-get install chromium chromium-driver (make browser-deps does)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def console_errors(driver):
    """The browser console's errors since the last call."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]

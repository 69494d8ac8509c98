"""A real Askbook for the client tests: the handbook and a second space imported into a temporary database, tokens
made with the CLI, and `askbook serve` on a free loopback port. Shared by the tests and the latency script."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANDBOOK = ROOT / "Evaluation" / "spaces" / "askbook-handbook"
SITE_YAML = ROOT / "Evaluation" / "spaces" / "askbook-site.yaml"

# The second space: a word the handbook never uses, so a leak is unmistakable.
SECRET_WORD = "zebracorn"
SECRET_PAGES = {
    "README.md": f"# Secret space\n\nThe {SECRET_WORD} protocol is only documented here.\n\n## Rotation\n\n"
    f"Rotate the {SECRET_WORD} key every ninety days with the vault command.\n",
    "SUMMARY.md": "# Summary\n\n* [Secret space](README.md)\n* [Vault](vault.md)\n",
    "vault.md": f"# Vault\n\nThe vault stores every {SECRET_WORD} key encrypted at rest.\n",
}


def askbook_binary() -> str:
    binary = os.environ.get("ASKBOOK_BIN") or str(ROOT / ".build" / "debug" / "askbook")
    if not Path(binary).exists():
        raise SystemExit(f"askbook binary not found at {binary}: build first (swift build) or set ASKBOOK_BIN")
    return binary


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Askbook:
    """The temporary database, its tokens, and a running `askbook serve`."""

    def __init__(self, public: list[str] | None = None) -> None:
        self.binary = askbook_binary()
        self.dir = Path(tempfile.mkdtemp(prefix="askbook-clients-"))
        self.db = str(self.dir / "askbook.sqlite")
        self.public = public or []
        self.server: subprocess.Popen[bytes] | None = None

    # Set-up

    def cli(self, *args: str) -> str:
        result = subprocess.run([self.binary, *args, "--db", self.db], capture_output=True, text=True, cwd=ROOT)
        if result.returncode != 0:
            raise RuntimeError(f"askbook {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def import_spaces(self) -> None:
        self.cli("import", str(HANDBOOK), "--space", "handbook")
        secret = self.dir / "secret"
        secret.mkdir()
        for name, text in SECRET_PAGES.items():
            (secret / name).write_text(text)
        self.cli("import", str(secret), "--space", "secret")
        # The sample site (as `make run` assembles it): docs.yaml beside a copy of the handbook.
        site = self.dir / "site"
        shutil.copytree(HANDBOOK, site / "handbook")
        shutil.copy(SITE_YAML, site / "docs.yaml")
        self.cli("import", str(site), "--space", "askbook")

    def token(self, *spaces: str) -> str:
        args = ["tokens", "create", "--role", "read", "--name", "clients", "--quiet"]
        for space in spaces:
            args += ["--space", space]
        return self.cli(*args)

    def start(self) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [self.binary, "serve", "--db", self.db, "--port", str(self.port)]
        if self.public:
            args += ["--public", *self.public]
        self.server = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Waits for the server to answer (a condition, not a fixed sleep); gives up after a minute.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"askbook serve exited with {self.server.returncode}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        raise RuntimeError("askbook serve did not answer /health within a minute")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    # HTTP

    def http(self, method: str, path: str, token: str | None = None, body: object | None = None) -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body of a request to the server (errors included)."""
        url = path if path.startswith("http") else self.base + path
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, method: str, path: str, token: str | None = None, body: object | None = None) -> tuple[int, object]:
        status, _, data = self.http(method, path, token, body)
        return status, json.loads(data)

#!/usr/bin/env python3
"""Runs the hardening issue's server reproductions against a built `askbook serve` on a loopback port and prints what
happened: forged cursors, oversized previousQueries, half-sent and trickled requests against the read timeout, a
malformed chunked body, HEAD, the health endpoint, and whether the server is still up after each.

    python3 Evaluation/hardening/server_abuse.py [.build/release/askbook]

It imports the core tests' Git Sync fixture into a temporary database; nothing leaves the machine.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ASKBOOK = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/askbook")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
READ_TIMEOUT = 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, path, token=None, method="GET", body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, data=body)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read(), time.monotonic() - started
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.monotonic() - started


def raw(port, data, wait=5.0):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(data)
        s.settimeout(wait)
        try:
            return s.recv(65536)
        except socket.timeout:
            return b"(no answer)"


def main():
    base = tempfile.mkdtemp(prefix="askbook-abuse-")
    db = os.path.join(base, "db.sqlite")
    fixture = os.path.join(ROOT, "Tests/AskbookCoreTests/Fixtures/gitsync")
    subprocess.run([ASKBOOK, "import", fixture, "--space", "coffee", "--db", db], check=True, capture_output=True)
    token = subprocess.run([ASKBOOK, "tokens", "create", "--role", "read", "--quiet", "--db", db], check=True,
                           capture_output=True, text=True).stdout.strip()
    port = free_port()
    server = subprocess.Popen([ASKBOOK, "serve", "--db", db, "--port", str(port), "--read-timeout", str(READ_TIMEOUT)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []

    def alive():
        return request(port, "/v1/")[0] == 200

    try:
        for _ in range(100):
            try:
                if alive():
                    break
            except OSError:
                time.sleep(0.1)
        status, body, _ = request(port, "/v1/search?query=coffee%20water&limit=1", token)
        cursor = json.loads(body)["next"]["page"]
        payload = cursor.split(".")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
        forged_text = decoded.rsplit(":", 1)[0] + ":9223372036854775807"
        forged = base64.urlsafe_b64encode(forged_text.encode()).decode().rstrip("=")
        for name, page in [("cursor with Int.max offset, unsigned", forged),
                           ("cursor with Int.max offset, old signature", forged + "." + cursor.split(".")[-1]),
                           ("garbage cursor", "%%%%")]:
            s, b, _ = request(port, f"/v1/search?query=coffee%20water&limit=1&page={page}", token)
            rows.append((name, s, b[:90].decode(errors="replace"), alive()))
        big = json.dumps({"query": "How do I brew?", "previousQueries": ["x" * 100_000] * 10}).encode()
        s, b, seconds = request(port, "/v1/search/ask", token, "POST", big)
        rows.append((f"ten 100 KB previousQueries ({seconds * 1000:.0f} ms)", s, b[:90].decode(errors="replace"), alive()))
        # Half-sent heads and bodies, and a trickle: all must be closed by the read timeout.
        sockets = []
        started = time.monotonic()
        for i in range(300):
            c = socket.create_connection(("127.0.0.1", port))
            c.sendall(b"GET /v1/ HTTP/1.1\r\nHost: x\r\n" if i % 2 else
                      b"POST /v1/search/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
            sockets.append(c)
        closed_at = []
        for c in sockets:
            c.settimeout(READ_TIMEOUT + 10)
            try:
                while c.recv(4096):
                    pass
            except (socket.timeout, ConnectionResetError):
                pass
            closed_at.append(time.monotonic() - started)
            c.close()
        rows.append((f"300 half-sent requests, read timeout {READ_TIMEOUT} s: last closed at {max(closed_at):.2f} s", "-", "", alive()))
        c = socket.create_connection(("127.0.0.1", port))
        started = time.monotonic()
        closed = None
        for byte in b"GET /v1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            try:
                c.sendall(bytes([byte]))
            except OSError:
                closed = time.monotonic() - started
                break
            time.sleep(0.2)
            c.setblocking(False)
            try:
                if c.recv(1) == b"":
                    closed = time.monotonic() - started
                    break
            except BlockingIOError:
                pass
            c.setblocking(True)
        c.close()
        rows.append((f"one byte every 0.2 s: closed after {closed:.2f} s" if closed else "trickle never closed", "-", "", alive()))
        answer = raw(port, b"POST /v1/search/ask HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() +
                     b"\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nnot hex\r\n0\r\n\r\n")
        rows.append(("malformed chunked body", answer.split(b"\r\n")[0].decode(), answer.split(b"\r\n\r\n")[-1][:90].decode(errors="replace"), alive()))
        s, b, _ = request(port, "/v1/search?query=coffee", token, "HEAD")
        rows.append(("HEAD /v1/search", s, f"{len(b)} bytes of body", alive()))
        s, b, _ = request(port, "/health")
        rows.append(("GET /health", s, b[:90].decode(), alive()))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(base, ignore_errors=True)
    print("| case | status | body | server up after |")
    print("|---|---|---|---|")
    for name, status, body, up in rows:
        print(f"| {name} | {status} | {body.replace('|', '/')} | {'yes' if up else 'NO'} |")


if __name__ == "__main__":
    main()

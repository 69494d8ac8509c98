#!/usr/bin/env python3
"""Imports the hardening issue's hostile folders with a built `askbook` and reports, per case, the exit status, the
first line of the error, wall time, peak memory (the child's ru_maxrss) and whether anything from outside the folder
(a sibling's secret, /etc/passwd) became searchable.

    python3 Evaluation/hardening/hostile_imports.py [.build/release/askbook] [--json]

Everything is written under a temporary folder and removed afterwards. Nothing here reaches the network.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ASKBOOK = os.path.abspath(next((a for a in sys.argv[1:] if not a.startswith("--")), ".build/release/askbook"))
SECRET = "SIBLINGSECRET"
LAUGHS = "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9 if p else ['lol'] * 9)}]\n"
    for p, c in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], "abcdefghi")
)


def case_folders():
    """(name, files, links, expect) for every reproduction of the issue; `files` maps paths to text."""
    home = {"README.md": "# Home\n\nWelcome to the docs.\n"}
    big = "All work and no play makes a dull page. " * 26_000
    yield "summary ../../etc/passwd", {**home, "SUMMARY.md": "* [Home](README.md)\n* [P](../../../../../../../etc/passwd)\n"}, {}
    yield "summary %2e%2e/", {**home, "SUMMARY.md": "* [Home](README.md)\n* [P](%2e%2e/%2e%2e/outside/secret.md)\n"}, {}
    yield "include ../../etc/passwd", {"README.md": '# Home\n\n{% include "../../../../../../../etc/passwd" %}\n'}, {}
    yield "include .gitbook/includes/../..", {"README.md": '# Home\n\n{% include ".gitbook/includes/../../../outside/secret.md" %}\n'}, {}
    yield ".gitbook.yaml root: ../outside", {**home, ".gitbook.yaml": "root: ../outside\n"}, {}
    yield ".gitbook.yaml root: ../..", {**home, ".gitbook.yaml": "root: ../..\n"}, {}
    yield ".gitbook.yaml structure.readme", {**home, ".gitbook.yaml": "structure:\n  readme: ../../../../etc/passwd\n"}, {}
    yield "docs.yaml directory: ../outside", {
        "docs.yaml": "spaces:\n  - {type: space, title: Out, content: {directory: ../outside}}\n",
    }, {}
    yield "symbolic links out", home, {"leak.md": "../outside/secret.md", "leakdir": "../outside", "passwd.md": "/etc/passwd"}
    yield "billion laughs .gitbook.yaml", {**home, ".gitbook.yaml": LAUGHS}, {}
    yield "billion laughs front matter", {**home, "bomb.md": "---\n" + LAUGHS + "---\n# Bomb\n"}, {}
    yield "200 includes of 1 MB", {"README.md": "# Home\n\n" + '{% include "big.md" %}\n' * 200, "big.md": big}, {}
    yield "nested includes", {
        "README.md": '# Home\n\n{% include "a.md" %}\n' * 50,
        "a.md": '{% include "b.md" %}\n' * 50,
        "b.md": '{% include "big.md" %}\n' * 50,
        "big.md": big,
    }, {}
    yield "symlink loop up1/up2", {**home, "sub/page.md": "# Page\n\nText.\n"}, {"sub/up1": "..", "sub/up2": ".."}
    yield "symlink loop a -> .", {**home, "page.md": "# Page\n\nText.\n"}, {"a": "."}
    yield "docs.yaml good + empty", {
        "docs.yaml": "spaces:\n  - {type: space, title: Good, content: {directory: good}}\n"
        "  - {type: space, title: Empty, content: {directory: empty}}\n",
        "good/README.md": "# Good\n\nText.\n",
        "empty/.keep": "",
    }, {}
    yield "one 50 MB line", {"README.md": "# Line\n\n" + "word " * 10_000_000 + "\n"}, {}
    yield "one 6 MB line", {"README.md": "# Line\n\n" + "word " * 1_200_000 + "\n"}, {}


def run(args):
    started = time.monotonic()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    out, err = process.stdout.read(), process.stderr.read()
    return os.waitstatus_to_exitcode(status), out, err, time.monotonic() - started, usage.ru_maxrss / 1024


def main():
    rows = []
    for name, files, links in case_folders():
        base = tempfile.mkdtemp(prefix="askbook-hostile-")
        try:
            for path, text in {"outside/secret.md": f"# Secret\n\n{SECRET} root x 0 0\n", "outside/SUMMARY.md": "* [S](secret.md)\n"}.items():
                os.makedirs(os.path.dirname(os.path.join(base, path)), exist_ok=True)
                open(os.path.join(base, path), "w").write(text)
            space = os.path.join(base, "space")
            os.makedirs(space)
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(space, path)), exist_ok=True)
                open(os.path.join(space, path), "w").write(text)
            for path, target in links.items():
                os.makedirs(os.path.dirname(os.path.join(space, path)), exist_ok=True)
                os.symlink(target, os.path.join(space, path))
            db = os.path.join(base, "db.sqlite")
            status, out, err, seconds, rss = run([ASKBOOK, "import", space, "--space", "s", "--db", db])
            leaked = False
            for query in ["root x 0 0", SECRET]:
                s_status, s_out, _, _, _ = run([ASKBOOK, "search", query, "--json", "--db", db])
                if s_status == 0 and (SECRET in s_out or "root:x:0:0" in s_out):
                    leaked = True
            message = (err.strip().splitlines() or [""])[0] if status else " · ".join(
                line.strip() for line in out.splitlines() if "skipped" in line or ": " in line)[:140]
            rows.append({"case": name, "exit": status, "seconds": round(seconds, 2), "max_rss_mb": round(rss),
                         "leaked": leaked, "says": message[:160]})
        finally:
            shutil.rmtree(base, ignore_errors=True)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=1))
        return
    print("| case | exit | s | max RSS MB | outside text searchable | says |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['case']} | {r['exit']} | {r['seconds']} | {r['max_rss_mb']} | {'YES' if r['leaked'] else 'no'} | {r['says'].replace('|', '/')} |")


if __name__ == "__main__":
    main()

"""`praktiktjek serve` as a user starts it: a real uvicorn on 127.0.0.1, its log lines."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from conftest import EXAMPLES

PRAKTIKTJEK = Path(sys.executable).parent / "praktiktjek"


def test_serve_answers_and_logs_method_path_status_time_but_never_a_body() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(PRAKTIKTJEK), "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    marker = "Hemmelig-markør-0815"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        data = json.loads((EXAMPLES / "vp202-dagpenge-6-uger.json").read_text("utf-8"))
        data["company"]["name"] = marker
        r = httpx.post(base + "/api/check?lang=en", json=data)
        assert r.status_code == 200 and r.json()["summary"]["error"] >= 1
        assert "server" not in r.headers  # uvicorn's banner is off
        assert httpx.get(base + "/healthz", headers={"host": "evil.example"}).status_code == 400
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in err
    lines = [line for line in err.splitlines() if "/api/check" in line]
    assert lines and lines[0].split()[-5:-2] == ["POST", "/api/check", "200"] and lines[0].endswith(" ms")
    assert marker not in out + err and "lang=en" not in err

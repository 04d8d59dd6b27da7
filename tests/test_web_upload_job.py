"""Review 16, F6: /revision answered a 48 MB upload in no time a client would wait for
(the Python reference engine on one core, quadratic in one citizen's internships), had
no time limit, and went on auditing — with the upload, citizens' CPR numbers, on disk —
after its client had disconnected.

Now the page runs `audit`'s DuckDB engine and gives `audit --report`'s page; a client that
disconnects has its upload removed at once and its audit stopped at the next tick; an
audit past the time limit (Settings.audit_seconds, `serve --max-audit-seconds`) stops
with a Danish page that gives the command to run instead."""

from __future__ import annotations

import json
import logging
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from conftest import agreement, ruleset
from praktiktjek.web import app as webapp
from praktiktjek.web.app import Settings, create_app

HOSTS = ["testserver", "127.0.0.1"]


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Temporary folders (the uploads among them) in this test's own directory."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    yield tmp_path


def _export(n: int) -> bytes:
    """``n`` agreements of ``n // 3`` citizens: some too long (findings), one id twice."""
    lines = []
    for i in range(n):
        patch: dict[str, Any] = {"id": f"A{i}", "citizen": {"id": f"c-{i // 3}"}, "municipality": f"K{i % 7}"}
        if i % 5 == 0:
            patch["planned_end"] = "2021-06-30"
        lines.append(json.dumps(agreement(patch), ensure_ascii=False))
    lines.append(json.dumps(agreement({"id": "A1", "citizen": {"id": "c-0"}}), ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def _uploads(tmp: Path) -> list[Path]:
    return list(tmp.glob("praktiktjek-upload-*"))


def test_the_page_runs_audits_engine_and_answers_with_audits_report(
        own_tmp: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any) -> None:
    src = own_tmp / "udtraek-maj.jsonl"
    src.write_bytes(_export(300))
    monkeypatch.chdir(own_tmp)
    run_cli("audit", src.name, "--report", "cli.html", "--quiet")
    cli_page = (own_tmp / "cli.html").read_text("utf-8")

    def reference(*args: Any, **kw: Any) -> Any:
        raise AssertionError("the page ran the Python reference engine")

    monkeypatch.setattr("praktiktjek.batch.reference.run_audit", reference)
    client = TestClient(create_app(Settings(allowed_hosts=HOSTS), rules=ruleset()))
    r = client.post("/revision", data={"lang": "da"},
                    files={"file": (src.name, src.read_bytes(), "application/x-ndjson")})
    assert r.status_code == 200
    # the very page `audit --report` writes, the repeated id's notice included
    assert r.text == cli_page and "forekommer 2 gange" in r.text
    assert not _uploads(own_tmp)


def test_an_audit_past_the_time_limit_stops_with_a_danish_page_naming_the_command(own_tmp: Path) -> None:
    app = create_app(Settings(allowed_hosts=HOSTS, audit_seconds=0.001), rules=ruleset())
    client = TestClient(app)
    r = client.post("/revision", data={"lang": "da"},
                    files={"file": ("stort-udtræk.jsonl", _export(2500), "application/x-ndjson")})
    assert r.status_code == 503
    assert "for stort til revision på siden" in r.text and "0,001 sekunder" in r.text
    assert "praktiktjek audit stort-udtræk.jsonl --report rapport.html" in r.text
    assert not _uploads(own_tmp) and not app.state.uploads.live


def test_a_file_name_that_is_not_one_word_is_not_put_in_the_command(own_tmp: Path) -> None:
    app = create_app(Settings(allowed_hosts=HOSTS, audit_seconds=0.001), rules=ruleset())
    r = TestClient(app).post("/revision", data={"lang": "en"},
                             files={"file": ("-x; rm y.jsonl", _export(2500), "application/x-ndjson")})
    assert r.status_code == 503 and "too large to audit on this page" in r.text
    assert "praktiktjek audit udtraek.jsonl --report rapport.html" in r.text and "rm y" not in r.text


def test_an_upload_waiting_past_the_limit_for_another_audit_is_told_to_come_back(own_tmp: Path) -> None:
    app = create_app(Settings(allowed_hosts=HOSTS, audit_seconds=0.3), rules=ruleset())
    with app.state.audit_lock:  # another upload's audit holds the server
        r = TestClient(app).post("/revision", data={"lang": "da"},
                                 files={"file": ("u.jsonl", _export(10), "application/x-ndjson")})
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    assert "reviderer et andet udtræk" in r.text
    assert not _uploads(own_tmp) and not app.state.uploads.live


# ---------------------------------------------------------------- a real server, a real socket


class Served:
    def __init__(self, app: Any) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _post_raw(port: int, name: str, body: bytes) -> socket.socket:
    """Send a whole multipart upload and return the open socket (no answer read)."""
    boundary = "praktiktjek-test-boundary"
    payload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nda\r\n"
               f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
               "Content-Type: application/x-ndjson\r\n\r\n").encode() + body + f"\r\n--{boundary}--\r\n".encode()
    head = (f"POST /revision HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(payload)}\r\n\r\n")
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head.encode() + payload)
    return sock


@pytest.fixture
def slow_ticks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every progress tick (1,000 records) takes 0.3 s more: the audit is sure to be
    under way when the test acts, on a fast machine too."""
    watch = webapp._stop_watch

    def slow(stop: Any) -> Any:
        progress = watch(stop)

        def slowed(label: str, total: int | None) -> Any:
            tick = progress(label, total)

            def t(n: int) -> None:
                time.sleep(0.3)
                tick(n)

            return t

        return slowed

    monkeypatch.setattr(webapp, "_stop_watch", slow)
    yield


def _wait(what: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not what():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]


def test_a_client_that_disconnects_has_its_upload_removed_and_its_audit_stopped(
        own_tmp: Path, slow_ticks: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(Settings(allowed_hosts=HOSTS), rules=ruleset())
    served = Served(app)
    try:
        body = _export(6000)
        sock = _post_raw(served.port, "u.jsonl", body)
        # the upload streams to disk as it comes: wait until it is whole (the audit's turn)
        assert _wait(lambda: [f for f in own_tmp.glob("praktiktjek-upload-*/udtraek.jsonl")
                              if f.stat().st_size == len(body)], 10), "no upload on disk"
        time.sleep(0.2)
        sock.close()  # the caseworker closes the tab
        gone = time.monotonic()
        assert _wait(lambda: not _uploads(own_tmp), 1.5), "the upload outlived its client"
        # the audit stops at its next tick (0.3 s here, plus 1,000 records) and says so
        assert _wait(lambda: not app.state.uploads.live, 5), "the audit ran on"
        assert time.monotonic() - gone < 5
        assert _wait(lambda: any("/revision 499" in r.getMessage() for r in caplog.records), 2)
        assert not any("/revision 200" in r.getMessage() for r in caplog.records)
        # the server goes on answering
        with socket.create_connection(("127.0.0.1", served.port)) as s:
            s.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\nConnection: close\r\n\r\n".encode())
            assert s.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        served.stop()
    assert not _tracebacks(caplog)


def test_a_server_stopping_under_an_audit_answers_it_and_prints_no_traceback(
        own_tmp: Path, slow_ticks: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    app = create_app(Settings(allowed_hosts=HOSTS), rules=ruleset())
    served = Served(app)
    sock = _post_raw(served.port, "u.jsonl", _export(6000))
    try:
        assert _wait(lambda: list(own_tmp.glob("praktiktjek-upload-*/udtraek.jsonl")), 10), "no upload on disk"
        served.stop()  # SIGTERM's path: 1 s for requests under way, then they are cancelled
        sock.settimeout(3)
        answer = sock.recv(200)
    finally:
        sock.close()
        served.stop()
    assert answer.startswith(b"HTTP/1.1 503")
    assert not served.thread.is_alive() and not _uploads(own_tmp) and not app.state.uploads.live
    assert not _tracebacks(caplog)

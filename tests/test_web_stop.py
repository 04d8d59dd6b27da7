"""Review 16, F11: `serve` stopped (SIGTERM, Ctrl+C) while an upload was being audited
ran on for minutes, and the uploaded export — citizens' CPR numbers — stayed in /tmp. A
stop now stops the audit at its next tick and removes every upload folder."""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import agreement, ruleset
from praktiktjek.engine import Engine
from praktiktjek.web import app as webapp
from praktiktjek.web.app import ServerStopping, Settings, create_app, run_audit_html


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(webapp, "STOP_WAIT", 0.3)
    yield tmp_path


def _export(path: Path, n: int) -> Path:
    path.write_text("".join(json.dumps(agreement({"id": f"A{i}", "citizen": {"id": f"c-{i}"}})) + "\n"
                            for i in range(n)), "utf-8")
    return path


def test_an_audit_under_way_stops_when_the_server_stops(own_tmp: Path) -> None:
    src = _export(own_tmp / "x.jsonl", 2500)  # the audit asks at every 1,000 records
    stop = threading.Event()
    stop.set()
    with pytest.raises(ServerStopping):
        run_audit_html(Engine(ruleset()), src, "da", "x.jsonl", stop)
    stop.clear()
    assert "<html" in run_audit_html(Engine(ruleset()), src, "da", "x.jsonl", stop).lower()


def test_an_upload_while_stopping_is_refused_and_leaves_nothing(own_tmp: Path) -> None:
    app = create_app(Settings(allowed_hosts=["testserver"], upload_limit=2_000_000), rules=ruleset())
    client = TestClient(app)
    data = _export(own_tmp / "u.jsonl", 1200).read_bytes()
    app.state.uploads.stopping.set()
    r = client.post("/revision", data={"lang": "da"}, files={"file": ("u.jsonl", data, "application/x-ndjson")})
    assert r.status_code == 503 and "Serveren er ved at stoppe" in r.text
    assert not list(own_tmp.glob("praktiktjek-upload-*"))


def test_the_apps_shutdown_removes_what_an_audit_left(own_tmp: Path) -> None:
    app = create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset())
    uploads = app.state.uploads
    stuck = own_tmp / "praktiktjek-upload-stuck"
    stuck.mkdir()
    (stuck / "udtraek.csv").write_text("cpr\n010190-1234\n", "utf-8")
    with uploads.lock:
        uploads.live.add(str(stuck))
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert not uploads.stopping.is_set()
    # leaving the client runs the app's shutdown: the audit is told to stop, then its
    # folder is removed when it does not clean up after itself within the wait
    assert uploads.stopping.is_set() and not stuck.exists() and not uploads.live

"""A run stopped by SIGINT or SIGTERM leaves on stdout the whole document or nothing of
it (a CI step that parses stdout never reads a cut-off JSON document), exits 130 or 143
and says so on stderr in the run's language."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import agreement

PRAKTIKTJEK = [sys.executable, "-m", "praktiktjek"]


def _export(path: Path, n: int) -> Path:
    a = agreement({"hours_per_week": 40})  # a finding each (VP301): the findings file grows
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a["id"], a["citizen"]["id"] = f"A{i}", f"c{i}"
            fh.write(json.dumps(a) + "\n")
    return path


def _grown(folder: Path, size: int) -> bool:
    return any(p.stat().st_size >= size for p in folder.iterdir() if p.name.startswith(".praktiktjek-"))


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize(("engine", "sig", "code", "said"), [
    ("python", signal.SIGINT, 130, "afbrudt"), ("python", signal.SIGTERM, 143, "stoppet (SIGTERM)"),
    ("duckdb", signal.SIGTERM, 143, "stoppet (SIGTERM)"),
    ("duckdb", signal.SIGHUP, 129, "stoppet (SIGHUP)")])  # a closed terminal, as SIGTERM
def test_an_interrupted_audit_json_leaves_a_whole_document_or_nothing(
        tmp_path: Path, engine: str, sig: int, code: int, said: str) -> None:
    """The signal comes while results are streaming (the findings file is growing beside
    them): stdout used to hold «{"results": [ …» cut anywhere."""
    n = 3000 if engine == "python" else 12000
    f = _export(tmp_path / "x.jsonl", n)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    stdout = tmp_path / "stdout.json"
    with stdout.open("wb") as so:
        proc = subprocess.Popen([*PRAKTIKTJEK, "audit", "-q", "-j", "1", "--engine", engine, "-f", "json",
                                 "--findings", str(out_dir / "f.csv"), str(f)],
                                stdout=so, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline and proc.poll() is None and not _grown(out_dir, 64 * 1024):
            time.sleep(0.005)
        assert proc.poll() is None, "the audit ended before the signal: make the export bigger"
        proc.send_signal(sig)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("the audit did not stop") from None
    text = err.decode("utf-8", "replace")
    assert proc.returncode == code, text
    assert said in text and "Traceback" not in text, text
    written = stdout.read_text("utf-8")
    if written:  # whole, or nothing at all
        doc = json.loads(written)
        assert len(doc["results"]) == n and doc["summary"]["complete"] is True
    assert list(out_dir.iterdir()) == []  # and no findings file, as before


class _SignalOnWrite(io.StringIO):
    """stdout that is sent a signal right after its first write."""

    def __init__(self, sig: int) -> None:
        super().__init__()
        self.sig = sig
        self.sent = False

    def write(self, s: str) -> int:
        n = super().write(s)
        if not self.sent:
            self.sent = True
            os.kill(os.getpid(), self.sig)
        return n

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize(("cmd", "fmt"), [("check", "json"), ("check", "sarif"), ("check", "junit"),
                                          ("check", "text"), ("audit", "json"), ("audit", "text")])
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_the_document_is_written_waits_until_it_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        cmd: str, fmt: str, sig: int, code: int) -> None:
    """The signal comes in the middle of writing stdout: the document is finished first
    (it is one write, and the signal is held meanwhile), then the run ends 130/143 and
    says the output was written whole."""
    from praktiktjek.cli import run

    f = _export(tmp_path / "x.jsonl", 30)
    out = _SignalOnWrite(sig)
    monkeypatch.setattr(sys, "stdout", out)
    extra = ["-q"] if cmd == "audit" else []
    got = run([cmd, *extra, "-f", fmt, str(f)])
    err = capsys.readouterr().err
    assert got == code, err
    assert "efter at uddata var skrevet færdig" in err, err
    text = out.getvalue()
    if fmt == "json":
        doc = json.loads(text)
        assert len(doc["results"]) == 30
    elif fmt == "sarif":
        assert len(json.loads(text)["runs"][0]["results"]) >= 30
    elif fmt == "junit":
        import xml.etree.ElementTree as ET

        assert ET.fromstring(text).tag == "testsuites"
    else:
        assert text.rstrip().endswith(text.rstrip().splitlines()[-1]) and len(text.splitlines()) > 3


def test_the_stop_message_speaks_the_runs_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from praktiktjek.cli import run

    f = _export(tmp_path / "x.jsonl", 3)
    monkeypatch.setattr(sys, "stdout", _SignalOnWrite(signal.SIGINT))
    assert run(["check", "--lang", "en", "-f", "json", str(f)]) == 130
    err = capsys.readouterr().err
    assert "interrupted after the output was written in full" in err and "afbrudt" not in err, err

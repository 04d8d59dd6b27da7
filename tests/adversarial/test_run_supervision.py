"""Cause 4 of issue #9, run supervision: a record lost between reading and reporting stops
the audit with "incomplete" and no report; SIGTERM and SIGINT end a run with 143 and 130,
no traceback, no output file and no temporary copy of personal data.

Both engines run in one process (issue #12 took the Python reference engine's worker
pool away): the signals reach that process, whose ``finally`` blocks close the outputs
unwritten and remove the DuckDB engine's private database directory. What a killed
worker used to cause — a record read but never reported — is here a source that shrinks
between the reference engine's two passes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import agreement

PRAKTIKTJEK = [sys.executable, "-m", "praktiktjek"]


def _export(path: Path, n: int) -> Path:
    a = agreement()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            a["id"], a["citizen"]["id"] = f"A{i}", f"c{i % (n // 4 or 1)}"
            fh.write(json.dumps(a) + "\n")
    return path


def test_a_record_lost_between_the_passes_stops_the_run_and_writes_no_report(  # type: ignore[no-untyped-def]
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is cut short (same file, fewer lines) after the reference engine has
    gathered the export: the check pass reports fewer records than were read."""
    import praktiktjek.batch.reference as reference

    f = _export(tmp_path / "x.jsonl", 40)
    out = tmp_path / "out"
    out.mkdir()
    real = reference.gather

    def gather_then_truncate(*a: Any, **k: Any) -> Any:
        got = real(*a, **k)
        with f.open("r+b") as fh:
            fh.truncate(len(f.read_bytes().split(b"\n", 5)[0]) + 1)  # only the first line is left
        return got

    monkeypatch.setattr(reference, "gather", gather_then_truncate)
    res = run_cli("audit", "-q", "--engine", "python", "--findings", str(out / "f.csv"), "--report",
                  str(out / "r.html"), str(f), code=2)
    assert "ufuldstændig" in res.err and "40 poster" in res.err and "1 ved" in res.err
    assert "Traceback" not in res.err
    assert list(out.iterdir()) == []


def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                kids.append(int(entry))
    return kids


def _start(tmp_path: Path, engine: str, n: int = 6000) -> tuple[subprocess.Popen[bytes], Path]:
    f = _export(tmp_path / "x.jsonl", n)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    with f.open("rb") as stdin:
        proc = subprocess.Popen([*PRAKTIKTJEK, "audit", "-q", "-j", "2", "--engine", engine, "-f", "jsonl",
                                 "--findings", str(out / "f.csv"), "--report", str(out / "r.html"), "-"],
                                stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                start_new_session=True)
    deadline = time.time() + 30
    if engine == "python":  # results are coming out: the check pass is under way
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith(b"{")
    else:  # the DuckDB database exists: the screen is filling it
        while time.time() < deadline and not any(p.startswith("praktiktjek-duckdb")
                                                 for p in os.listdir(tmp_path / "tmp")):
            time.sleep(0.05)
        time.sleep(0.3)
    return proc, out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("engine", "how", "code"), [
    ("python", "term", 143), ("python", "int-group", 130),
    ("duckdb", "term", 143), ("duckdb", "int-group", 130)])
def test_signals_end_the_run_cleanly(tmp_path: Path, engine: str, how: str, code: int) -> None:
    proc, out = _start(tmp_path, engine)
    assert proc.poll() is None, proc.communicate()
    assert _children(proc.pid) == []  # one process: no workers to supervise
    if how == "term":
        proc.send_signal(signal.SIGTERM)
    else:  # Ctrl-C: the whole process group
        os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"{how}: the audit did not stop") from None
    text = err.decode("utf-8", "replace")
    assert proc.returncode == code, text
    assert "Traceback" not in text and "BrokenPipe" not in text and "intern fejl" not in text, text
    assert ("stoppet (SIGTERM)" if how == "term" else "afbrudt;") in text, text  # the user is told
    assert list(out.iterdir()) == []  # no partial findings file or report, no temporary file
    assert os.listdir(tmp_path / "tmp") == []  # no copy of stdin left, no database


@pytest.mark.parametrize(("sig", "code", "said"), [(signal.SIGINT, 130, "afbrudt;"),
                                                    (signal.SIGTERM, 143, "stoppet (SIGTERM)")])
def test_a_signal_during_a_duckdb_query_ends_the_run_as_a_signal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        sig: int, code: int, said: str) -> None:
    """DuckDB turns the exception a signal handler raises during a query into its own
    RuntimeError («Query interrupted»); that was «intern fejl», exit 2 (review 5). The run
    remembers the signal: 130/143, the message, no output file, no database left."""
    import threading

    from praktiktjek.batch import rules
    from praktiktjek.cli import run

    real = rules.derive

    def slow_derive(db, *args, **kwargs):  # type: ignore[no-untyped-def]
        threading.Timer(0.3, os.kill, (os.getpid(), sig)).start()
        assert os.listdir(tmp_path / "tmp")  # the database is there while the query runs
        db.con.execute("SELECT count(*) FROM range(100000000000)").fetchall()  # a long query
        return real(db, *args, **kwargs)

    monkeypatch.setattr(rules, "derive", slow_derive)
    import tempfile

    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where the database lives
    f = _export(tmp_path / "x.jsonl", 20)
    out = tmp_path / "out"
    out.mkdir()
    assert run(["audit", "-q", "--findings", str(out / "f.csv"), str(f)]) == code
    err = capsys.readouterr().err
    assert said in err and "intern fejl" not in err, err
    assert list(out.iterdir()) == [] and os.listdir(tmp_path / "tmp") == []

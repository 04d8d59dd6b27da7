"""Cause 4 of issue #9, worker supervision: a worker that dies (kill -9, the OOM killer)
stops the audit at once with "incomplete" and no report; SIGTERM and SIGINT end a run
with 143 and 130, no traceback from any process, no output file and no temporary copy
of personal data."""

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


def _die_on_the_fifth(task: Any) -> Any:
    import praktiktjek.audit as audit

    if task[0] == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return audit._real_check_task(task)  # type: ignore[attr-defined]


def test_a_killed_worker_stops_the_run_and_writes_no_report(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import praktiktjek.audit as audit

    monkeypatch.setattr(audit, "_real_check_task", audit._check_task, raising=False)
    monkeypatch.setattr(audit, "_check_task", _die_on_the_fifth)
    f = _export(tmp_path / "x.jsonl", 40)
    out = tmp_path / "out"
    out.mkdir()

    def hang(signum: int, frame: Any) -> None:
        raise AssertionError("the audit hangs after a worker died")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(60)
    try:
        res = run_cli("audit", "-q", "-j", "2", "--findings", str(out / "f.csv"), "--report", str(out / "r.html"),
                      str(f), code=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert "ufuldstændig" in res.err
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


def _start(tmp_path: Path, n: int = 6000) -> tuple[subprocess.Popen[bytes], Path]:
    f = _export(tmp_path / "x.jsonl", n)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    with f.open("rb") as stdin:
        proc = subprocess.Popen([*PRAKTIKTJEK, "audit", "-q", "-j", "2", "--findings", str(out / "f.csv"),
                                 "--report", str(out / "r.html"), "-"], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline and len(_children(proc.pid)) < 2:  # the workers are running
        time.sleep(0.05)
    return proc, out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize(("how", "code"), [("term", 143), ("int-group", 130), ("kill-worker", 2)])
def test_signals_end_the_run_cleanly(tmp_path: Path, how: str, code: int) -> None:
    proc, out = _start(tmp_path)
    assert proc.poll() is None, proc.communicate()
    if how == "term":
        proc.send_signal(signal.SIGTERM)
    elif how == "int-group":  # Ctrl-C: the whole process group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(_children(proc.pid)[0], signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"{how}: the audit did not stop") from None
    text = err.decode("utf-8", "replace")
    assert proc.returncode == code, text
    assert "Traceback" not in text and "BrokenPipe" not in text, text
    assert list(out.iterdir()) == []  # no partial findings file or report, no temporary file
    assert os.listdir(tmp_path / "tmp") == []  # no copy of stdin left

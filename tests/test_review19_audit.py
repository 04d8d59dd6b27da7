"""Review 19, the batch audit: each finding's cause, in both engines where the audit has two."""
from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPORT = ROOT / "examples" / "exports" / "vitas-eksempel.csv"
AGREEMENTS = ROOT / "examples" / "agreements" / "flere-aftaler.jsonl"
ENGINES = ["duckdb", "python"]


class _Unwritable(io.TextIOBase):
    """A stdout that takes nothing: a full disk (ENOSPC) or a reader that went (EPIPE)."""

    def __init__(self, err: int) -> None:
        self.err = err

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, s: str) -> int:
        if s:
            raise OSError(self.err, os.strerror(self.err))
        return 0

    def flush(self) -> None:
        pass


def _run_with_stdout(args: list[str], where: Path, stdout: io.TextIOBase) -> int:
    from praktiktjek.cli import run

    old, raw = Path.cwd(), sys.stdout
    os.chdir(where)
    sys.stdout = stdout  # type: ignore[assignment]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            return run(args)
    finally:
        sys.stdout = raw
        os.chdir(old)


# --- F4: a run whose stdout cannot be written commits no output file ------------------

@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EPIPE])
@pytest.mark.parametrize(("args", "files"), [
    *[(["audit", "-q", "--engine", e, "-f", f, str(EXPORT), "--findings", "f.csv", "--report", "r.html"],
       ["f.csv", "r.html"]) for e in ENGINES for f in ("json", "text", "jsonl")],
    (["check", "-f", "json", "-o", "sarif=s.sarif", "-o", "junit=j.xml", str(AGREEMENTS)], ["s.sarif", "j.xml"]),
    (["check", "-o", "json=c.json", str(AGREEMENTS)], ["c.json"]),
])
def test_stdout_that_fails_leaves_yesterdays_files(tmp_path: Path, args: list[str], files: list[str],
                                                   err: int) -> None:
    for name in files:
        (tmp_path / name).write_text("i går\n", "utf-8")
    code = _run_with_stdout(args, tmp_path, _Unwritable(err))
    if err == errno.ENOSPC:
        assert code == 2
    for name in files:  # yesterday's file as it was, whatever the exit code
        assert (tmp_path / name).read_text("utf-8") == "i går\n", name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)  # no temporary file left


@pytest.mark.parametrize(("args", "files"), [
    (["audit", "-q", "--engine", "python", str(EXPORT), "--findings", "f.csv", "--report", "r.html"],
     ["f.csv", "r.html"]),
    (["check", "-f", "json", "-o", "sarif=s.sarif", str(AGREEMENTS)], ["s.sarif"]),
])
def test_stdout_that_works_commits_the_files(tmp_path: Path, args: list[str], files: list[str]) -> None:
    """The counterpart: the same runs with a working stdout write their files."""
    out = io.StringIO()
    _run_with_stdout(args, tmp_path, out)
    assert out.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == files


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_audit_to_dev_full_keeps_the_old_findings(tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "old.csv").write_text("old\n", "utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "praktiktjek", "audit", "-q", "-f", "json", str(EXPORT),
                               "--findings", "old.csv", "--report", "r.html"], cwd=tmp_path, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert proc.returncode == 2
    assert "stdout: kan ikke skrives: der er ikke mere plads på disken" in proc.stderr
    assert (tmp_path / "old.csv").read_text("utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.csv"]

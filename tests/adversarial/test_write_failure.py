"""A write that fails (disk full, a file size limit, /dev/full) is told in the run's
language, naming what could not be written and why in words — never «kan ikke læses»
(it is a write), never the system's English text, never «intern fejl» — with exit 2, no
output file, no temporary file and no private DuckDB directory left behind (review 8,
finding 4). A file size limit (RLIMIT_FSIZE) stands in for a full disk: the same write()
fails."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORT = ROOT / "examples" / "exports" / "vitas-eksempel.csv"
AGREEMENTS = ROOT / "examples" / "agreements" / "flere-aftaler.jsonl"
PRAKTIKTJEK = [sys.executable, "-m", "praktiktjek"]

ENGLISH_OS = ("File too large", "No space left", "IOException", "IO Error", "intern fejl", "læses")


def _limited(size: int):  # type: ignore[no-untyped-def]
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))


def _run(args: list[str], cwd: Path, tmpdir: Path, *, limit: int | None = None,
         stdout: object = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.run([*PRAKTIKTJEK, *args], cwd=cwd, env=env, stdout=stdout,  # type: ignore[call-overload]
                          stderr=subprocess.PIPE, text=True, timeout=120,
                          preexec_fn=_limited(limit) if limit is not None else None)


@pytest.fixture()
def place(tmp_path: Path) -> tuple[Path, Path]:
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    return out, tmp


def _nothing_left(out: Path, tmp: Path) -> None:
    assert sorted(p.name for p in out.iterdir()) == []
    assert [p.name for p in tmp.iterdir() if p.name.startswith("praktiktjek-duckdb-")] == []


def test_check_output_file_too_large_is_named_in_danish(place: tuple[Path, Path]) -> None:
    out, tmp = place
    proc = _run(["check", "-o", "sarif=zz.sarif", "-f", "json", str(AGREEMENTS)], out, tmp, limit=2048)
    assert proc.returncode == 2
    assert "zz.sarif: kan ikke skrives: filen bliver større, end systemet tillader" in proc.stderr
    assert not any(w in proc.stderr for w in ENGLISH_OS), proc.stderr
    assert "Traceback" not in proc.stderr
    _nothing_left(out, tmp)


def test_audit_report_too_large_english(place: tuple[Path, Path]) -> None:
    out, tmp = place
    proc = _run(["audit", "-q", "--lang", "en", "--engine", "python", str(EXPORT), "--findings", "f.csv",
                 "--report", "r.html"], out, tmp, limit=1024)
    assert proc.returncode == 2
    assert "r.html: cannot be written: the file would be larger than the system allows" in proc.stderr
    assert not any(w in proc.stderr for w in ("File too large", "kan ikke", "Traceback")), proc.stderr
    _nothing_left(out, tmp)


def test_duckdb_database_that_cannot_be_written_is_named_and_removed(place: tuple[Path, Path]) -> None:
    out, tmp = place
    proc = _run(["audit", "-q", str(EXPORT), "--report", "r.html"], out, tmp, limit=2048)
    assert proc.returncode == 2
    assert f"den midlertidige mappe {tmp} (revisionens arbejdsfiler): kan ikke skrives: " \
           "filen bliver større, end systemet tillader" in proc.stderr
    assert not any(w in proc.stderr for w in ENGLISH_OS), proc.stderr
    _nothing_left(out, tmp)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(("args", "expected"), [
    (["check", "-f", "json", str(AGREEMENTS)], "praktiktjek: stdout: kan ikke skrives: der er ikke mere plads på disken"),
    (["audit", "-q", "--lang", "en", "-f", "jsonl", str(EXPORT)],
     "praktiktjek: stdout: cannot be written: there is no space left on the disk"),
])
def test_stdout_on_a_full_disk(place: tuple[Path, Path], args: list[str], expected: str) -> None:
    out, tmp = place
    with open("/dev/full", "w") as full:
        proc = _run(args, out, tmp, stdout=full)
    assert proc.returncode == 2
    assert proc.stderr.strip() == expected
    _nothing_left(out, tmp)


def test_every_errno_has_words_in_both_languages() -> None:
    import errno

    from praktiktjek.outputs import write_failed

    for code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EACCES, errno.EROFS, errno.EIO, errno.ENXIO,
                 errno.ENAMETOOLONG, errno.EISDIR):
        exc = write_failed("x.json", OSError(code, os.strerror(code)))
        assert str(exc).startswith("x.json: kan ikke skrives: ")
        assert exc.en is not None and exc.en.startswith("x.json: cannot be written: ")
        assert os.strerror(code) not in str(exc)


def test_the_audits_json_spool_that_cannot_be_written(place: tuple[Path, Path]) -> None:
    out, tmp = place
    proc = _run(["audit", "-q", "-f", "json", "--engine", "python", str(EXPORT)], out, tmp, limit=1024)
    assert proc.returncode == 2
    assert f"en midlertidig fil i {tmp}: kan ikke skrives: filen bliver større, end systemet tillader" \
        in proc.stderr
    assert not any(w in proc.stderr for w in ENGLISH_OS), proc.stderr
    _nothing_left(out, tmp)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize(("args", "lang"), [
    (["check", "--help"], "da"), (["--help"], "da"), (["audit", "--help", "--lang", "en"], "en"),
    (["explain", "--help"], "da"), (["--version"], "da"), (["explain", "VP010", "--lang", "en"], "en"),
    (["rules"], "da"), (["rules", "--lang=en", "--help"], "en"), (["schema"], "da"),
])
def test_help_and_other_text_on_a_full_disk(place: tuple[Path, Path], args: list[str], lang: str,
                                            unbuffered: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check --help > /dev/full` exited 0 with nothing said when stdout is unbuffered (as
    under PYTHONUNBUFFERED=1): the framework probes stdout with write(""), takes the error
    for «a binary stream», and wrote the help to the descriptor our stream had dropped.
    Every text command's failed stdout is exit 2 with the message in the run's language."""
    out, tmp = place
    monkeypatch.setenv("PYTHONUNBUFFERED", unbuffered)
    with open("/dev/full", "w") as full:
        proc = _run(args, out, tmp, stdout=full)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip() == ("praktiktjek: stdout: kan ikke skrives: der er ikke mere plads på disken"
                                   if lang == "da" else
                                   "praktiktjek: stdout: cannot be written: there is no space left on the disk")

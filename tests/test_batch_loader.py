"""The DuckDB load overlaps the screen (issue #12): each finished spool file is loaded by a
loader thread while the screen goes on. However the run ends — normally, on an
exception, Ctrl-C, SIGTERM, a failed write of the loader or of an output — the loader is
stopped (its query interrupted) and joined before the private directory is removed: no
directory, no thread left. The results are those of the sequential load, for 1 and 2
DuckDB threads."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from conftest import ruleset
from praktiktjek.batch import run_batch, tables
from praktiktjek.batch.common import AuditOptions
from praktiktjek.engine import Engine
from praktiktjek.errors import PraktiktjekError
from praktiktjek.readers.csvfile import load_mapping
from test_batch_parity import _examples, assert_same, write_jsonl

LOADER = "praktiktjek-duckdb-load"


def _loaders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == LOADER and t.is_alive()]


@pytest.fixture()
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """A private temporary folder, spool files of four rows (so that the loader works while
    the screen goes on), and an export of the rule examples."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setattr(tables.Spool, "CHUNK", 4)
    return tmp, write_jsonl(tmp_path / "x.jsonl", _examples())


def _nothing_left(tmp: Path) -> None:
    assert os.listdir(tmp) == []  # no database, no spool file
    assert _loaders() == []  # no thread left running


def _fail_at_row(monkeypatch: pytest.MonkeyPatch, n: int, exc: BaseException | None = None,
                 signum: int | None = None) -> list[bool]:
    """Make the screen fail at its ``n``-th row; returns whether the loader was at work then."""
    busy: list[bool] = []
    real = tables.Spool.add

    def add(self: tables.Spool, row: dict[str, Any]) -> None:
        if self.name == "agreements" and self.count == n:
            busy.append(bool(_loaders()))
            if signum is not None:
                os.kill(os.getpid(), signum)
                time.sleep(5)  # the handler raises here
            assert exc is not None
            raise exc
        real(self, row)

    monkeypatch.setattr(tables.Spool, "add", add)
    return busy


def _run(path: str, jobs: int = 2) -> list[str]:
    out: list[str] = []
    run_batch(Engine(ruleset()), AuditOptions([path], load_mapping(None), jobs), lambda t, d, b, f: out.append(t))
    return out


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_loader_works_during_the_screen_and_the_results_are_the_references(
        place: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    tmp, path = place
    seen: list[bool] = []
    real = tables.Database._hand_over

    def hand_over(self: tables.Database, *args: Any) -> None:
        real(self, *args)
        seen.append(self._loader is not None and self._loader.is_alive())

    monkeypatch.setattr(tables.Database, "_hand_over", hand_over)
    assert_same([path], Engine(ruleset()), jobs=jobs)
    assert len(seen) > 3 and all(seen)  # every finished file went to a running loader
    _nothing_left(tmp)


def test_results_are_the_same_whatever_the_file_size(place: tuple[Path, str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, path = place
    small = _run(path, 1)
    monkeypatch.setattr(tables.Spool, "CHUNK", 1 << 20)  # one file, loaded after the screen
    assert _run(path, 2) == small


@pytest.mark.parametrize("exc", [RuntimeError("the screen failed"), KeyboardInterrupt()])
def test_an_exception_during_the_screen_stops_the_loader_and_removes_everything(
        place: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    tmp, path = place
    busy = _fail_at_row(monkeypatch, 30, exc)
    with pytest.raises(type(exc)):
        _run(path)
    assert busy == [True]  # the loader was at work when the screen failed
    _nothing_left(tmp)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_during_the_screen_stops_the_loader_and_removes_everything(
        place: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, signum: int) -> None:
    """SIGHUP too (a closed terminal, review of this round: it left the run's temporary
    folder with the screened records — CPR numbers — behind)."""
    tmp, path = place
    previous = signal.getsignal(signum)
    monkeypatch.setattr(signal, "getsignal", lambda s: signal.SIG_DFL)  # as in a fresh process
    busy = _fail_at_row(monkeypatch, 30, signum=signum)
    try:
        with pytest.raises(SystemExit) as stopped:
            _run(path)
    finally:
        signal.signal(signum, previous if callable(previous) else signal.SIG_DFL)
    assert stopped.value.code == 128 + signum and busy == [True]
    _nothing_left(tmp)


def test_a_loader_in_a_long_query_is_interrupted_when_the_run_fails(place: tuple[Path, str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The main thread fails while the loader is inside a DuckDB query: the query is
    interrupted and the thread joined at once, not after the query would have ended."""
    tmp, path = place
    inside, interrupted = threading.Event(), []
    real = tables.Database._load_files

    def slow(self: tables.Database) -> None:
        assert self._loader_con is not None
        inside.set()
        try:
            self._loader_con.execute("SELECT count(*) FROM range(1000000000000)").fetchall()
        except duckdb.Error:
            interrupted.append(True)
        real(self)

    monkeypatch.setattr(tables.Database, "_load_files", slow)
    real_add = tables.Spool.add

    def add(self: tables.Spool, row: dict[str, Any]) -> None:
        if self.name == "agreements" and self.count == 30:
            assert inside.wait(10)
            raise RuntimeError("the screen failed")
        real_add(self, row)

    monkeypatch.setattr(tables.Spool, "add", add)
    t = time.monotonic()
    with pytest.raises(RuntimeError):
        _run(path)
    assert time.monotonic() - t < 30 and interrupted == [True]
    _nothing_left(tmp)


def test_a_load_that_cannot_write_is_told_as_a_write_failure(place: tuple[Path, str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader's failure (a full disk under DuckDB) reaches the main thread at its next
    step and is told as the temporary folder that cannot be written; nothing is left."""
    tmp, path = place

    def full(schema: dict[str, str]) -> str:
        raise duckdb.IOException('Could not write file "x": No space left on device')

    monkeypatch.setattr(tables, "_columns", full)
    with pytest.raises(PraktiktjekError) as failed:
        _run(path)
    assert "kan ikke skrives" in str(failed.value) and "midlertidige mappe" in str(failed.value)
    _nothing_left(tmp)


def test_an_output_that_fails_after_the_load_removes_everything(place: tuple[Path, str]) -> None:
    """An output's write fails (its file names itself, as outputs.WriteGuard does)."""
    from praktiktjek.outputs import write_failed

    tmp, path = place

    def full(*args: Any) -> None:
        raise write_failed("--findings f.csv", OSError(28, "No space left on device"))

    with pytest.raises(PraktiktjekError, match=r"f\.csv: kan ikke skrives"):
        run_batch(Engine(ruleset()), AuditOptions([path], load_mapping(None), 2), full)
    _nothing_left(tmp)

"""The DuckDB database of one audit: on disk in a private temporary directory that is
removed on every exit path, with a memory limit and ``--jobs`` threads.

Rows arrive from the screen as JSON Lines written to the same directory (msgspec, our own
plain columns: the exact reading has already happened) and are loaded with an explicit
schema, so DuckDB never guesses a type — each finished file by a loader thread while the
screen goes on (:class:`Database`)."""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import msgspec

from .._start import signals_held

with signals_held():  # a signal raised inside DuckDB's module set-up aborts the process (review 14b F8)
    import duckdb

#: One row per record (readable or not). The columns after ``facts_json`` exist for
#: screened agreements only; texts that SQL compares are normalised in Python
#: (``*_norm``: casefold and collapsed white space; ``*_key``: stripped, NULL when empty).
AGREEMENTS = {
    "rec": "BIGINT", "src": "INTEGER", "line": "INTEGER",
    # the line every finding of the record carries (a CSV row's), else NULL
    "finding_line": "INTEGER",
    "source_out": "VARCHAR", "aid_out": "VARCHAR", "citizen_out": "VARCHAR",
    # the Python engine's findings of this record (JSON array of finding objects), or NULL
    "pyf": "VARCHAR",
    # what the statistics need: readable, target group, municipality, weeks, sector
    "readable": "BOOLEAN", "group_out": "VARCHAR", "municipality": "VARCHAR",
    "weeks": "DOUBLE", "sector": "VARCHAR",
    "target_group": "VARCHAR", "aid": "VARCHAR", "start": "DATE", "end": "DATE", "final_end": "DATE", "cls": "VARCHAR",
    "cit": "VARCHAR", "fte": "BIGINT", "desc_key": "VARCHAR",
    "hours": "DOUBLE", "employees": "DOUBLE", "subsidised": "DOUBLE",
    "id_key": "VARCHAR", "cvr_key": "VARCHAR", "p_key": "VARCHAR",
    "title_norm": "VARCHAR", "fn_norm": "VARCHAR[]", "diff_blank": "BOOLEAN",
    "health_shared": "BOOLEAN", "consent": "BOOLEAN",
    "cvr": "VARCHAR", "job_ready": "BOOLEAN",
    "graduate": "BOOLEAN", "higher_education": "BOOLEAN", "job_in_field": "BOOLEAN",
    "uses_education": "BOOLEAN", "benefit_before": "DOUBLE",
    "ext_ends": "DATE[]", "n_ext": "INTEGER",
    # per extension: reason as written, its _bare form, and which texts are blank
    "exts": "STRUCT(reason VARCHAR, reason_bare VARCHAR, reason_blank BOOLEAN, "
            "assessment_blank BOOLEAN, special_need_blank BOOLEAN)[]",
    "title_blank": "BOOLEAN", "fns_any": "BOOLEAN",
    "purpose_present": "BOOLEAN", "cats": "VARCHAR[]",
    "desc_blank": "BOOLEAN", "desc_stripped": "VARCHAR", "desc_words": "INTEGER",
    "avail": "BOOLEAN", "avail_just_blank": "BOOLEAN",
    "oh_present": "BOOLEAN", "oh_timing": "VARCHAR", "oh_hours": "DOUBLE", "oh_fn_norm": "VARCHAR[]",
    "oh_fns_any": "BOOLEAN", "after": "VARCHAR",
    "ab_present": "BOOLEAN", "ab_given": "VARCHAR[]", "ab_refused": "VARCHAR[]",
    "le_present": "BOOLEAN", "le_cvr_key": "VARCHAR", "le_p_key": "VARCHAR", "le_fn_norm": "VARCHAR[]",
}

#: The history entries a record carries itself (``history`` in the agreement).
OWN_HISTORY = {
    "rec": "BIGINT", "idx": "INTEGER", "hid": "VARCHAR", "own_id": "VARCHAR",
    "cvr_key": "VARCHAR", "p_key": "VARCHAR", "start": "DATE", "end": "DATE",
    "title_norm": "VARCHAR", "fn_norm": "VARCHAR[]", "diff_blank": "BOOLEAN",
}


def _columns(schema: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{k}': '{v}'" for k, v in schema.items()) + "}"


#: DuckDB's row group (rows): a CHECKPOINT after each whole one writes it once
ROW_GROUP = 122_880


class Spool:
    """Rows of one table, appended as JSON Lines to files in the private directory, a new
    file every ``CHUNK`` rows: each is loaded in a transaction of its own (by the loader
    thread, while the screen goes on), so that loading stays within the memory limit
    however large the export.

    ``CHUNK`` is a quarter of DuckDB's row group, and the loader CHECKPOINTs after each
    whole row group only (and once after the last file): each is then compressed and
    written once (a CHECKPOINT after every 25,000-row file wrote the last, partly filled
    row group again and again: twice the load time, issue #12). A quarter, not a whole row
    group, so that what is left to load when the screen ends — the last file — is small;
    it costs about 1 s of the loader's CPU more than whole row groups for the national
    year (each small INSERT goes through DuckDB's write-ahead log before its checkpoint),
    on the other core."""

    CHUNK = 30_720

    def __init__(self, directory: Path, name: str, schema: dict[str, str],
                 done: Callable[[Path], None] | None = None) -> None:
        self.directory, self.name, self.schema, self.count = directory, name, schema, 0
        #: every file written (a finished one is handed to ``done``: the loader)
        self.files: list[Path] = []
        self.done = done
        self.fh: IO[bytes] | None = None
        # msgspec writes the same JSON for these plain values (texts, numbers, dates,
        # lists) as orjson did (an exponent as 1e22, not 1e+22: the same number to
        # DuckDB), in about half the time; rows are gathered into a buffer
        self._encode_into = msgspec.json.Encoder().encode_into
        self._buf = bytearray()

    def add(self, row: dict[str, Any]) -> None:
        if self.fh is None or self.count % self.CHUNK == 0:
            self._next()
        buf = self._buf
        self._encode_into(row, buf, -1)
        buf.append(10)  # \n
        self.count += 1
        if len(buf) >= 1 << 20:
            self._flush()

    def _flush(self) -> None:
        if self.fh is not None and self._buf:
            self.fh.write(self._buf)
        self._buf.clear()

    def _next(self) -> None:
        self.close()
        path = self.directory / f"{self.name}-{len(self.files)}.jsonl"
        self.files.append(path)
        self.fh = path.open("wb")

    def close(self) -> None:
        if self.fh is not None:
            self._flush()
            self.fh.close()
            self.fh = None
            if self.done is not None:
                self.done(self.files[-1])

    def discard(self) -> None:
        """Close the file being written without loading it (the run has ended)."""
        self.done = None
        with contextlib.suppress(OSError):
            self.close()


class Database:
    """One audit's DuckDB connection and its private directory.

    A spool's files are loaded while the screen goes on: each finished file (a row group)
    is handed to a loader thread with a connection of its own, which INSERTs it and
    CHECKPOINTs (DuckDB works without the GIL meanwhile, on the second core). :meth:`load`
    waits until a spool's files are in; :meth:`close` stops the loader first (its query
    interrupted, the thread joined) and only then removes the directory, however the run
    ends."""

    def __init__(self, threads: int, memory_limit: str, max_row_bytes: int) -> None:
        self.max_row_bytes = max_row_bytes
        self.threads = max(1, threads)
        self.dir = Path(tempfile.mkdtemp(prefix="praktiktjek-duckdb-"))
        os.chmod(self.dir, 0o700)
        try:
            self.con = duckdb.connect(str(self.dir / "audit.duckdb"), config={
                "threads": max(1, threads), "memory_limit": memory_limit,
                "temp_directory": str(self.dir / "tmp"),
                "enable_external_access": True,  # read_json of our own spool files only
                # every query that returns rows has an ORDER BY: loading need not keep order
                "preserve_insertion_order": False,
            })
        except BaseException:  # no database: its directory goes too
            shutil.rmtree(self.dir, ignore_errors=True)
            raise
        # the loader: files to load (None: stop), its thread and connection, its failure
        self._todo: queue.Queue[tuple[str, dict[str, str], Path] | None] = queue.Queue()
        self._loader: threading.Thread | None = None
        self._loader_con: duckdb.DuckDBPyConnection | None = None
        self._stop = threading.Event()
        self._failed: BaseException | None = None
        self._single = False
        self._files: dict[str, int] = {}
        self._spools: list[Spool] = []

    def spool(self, name: str, schema: dict[str, str]) -> Spool:
        """The table ``name`` (created now) and the spool that fills it."""
        cols = ", ".join(f'"{k}" {v}' for k, v in schema.items())
        self.con.execute(f"CREATE TABLE {name} ({cols})")
        spool = Spool(self.dir, name, schema, lambda path: self._hand_over(name, schema, path))
        self._spools.append(spool)
        return spool

    def _hand_over(self, name: str, schema: dict[str, str], path: Path) -> None:
        """A finished spool file: to the loader (started at the first one)."""
        self._raise_failure()
        if not self._single:
            # One thread: DuckDB's JSON reader holds buffers per thread, which would take the
            # memory limit for themselves (loading is a small part of the time).
            self.con.execute("SET threads = 1")
            self._single = True
        if self._loader is None:
            self._loader_con = self.con.cursor()
            self._loader = threading.Thread(target=self._load_files, name="praktiktjek-duckdb-load", daemon=True)
            self._loader.start()
        self._todo.put((name, schema, path))

    def _load_files(self) -> None:
        """The loader thread: each file in the order handed over, until None."""
        con = self._loader_con
        assert con is not None
        while True:
            item = self._todo.get()
            try:
                if item is None:
                    return
                if self._stop.is_set() or self._failed is not None:
                    continue  # stopping, or failed: the rest is left for the directory's removal
                name, schema, path = item
                quoted = str(path).replace("'", "''")
                con.execute(
                    f"INSERT INTO {name} SELECT * FROM read_json('{quoted}', format='newline_delimited', "
                    f"columns={_columns(schema)}, maximum_object_size={self.max_row_bytes})")
                self._files[name] = done = self._files.get(name, 0) + 1
                if done % max(1, ROW_GROUP // Spool.CHUNK) == 0:  # a whole row group: to the database file
                    con.execute("CHECKPOINT")  # (the buffer pool may let it go)
                path.unlink()
            except BaseException as exc:  # told to the main thread at its next step
                self._failed = exc
            finally:
                self._todo.task_done()

    def _raise_failure(self) -> None:
        if self._failed is not None:
            raise self._failed

    def load(self, name: str, spool: Spool) -> None:
        """Wait until every file of ``spool`` is in its table (its last one handed over now)."""
        spool.close()
        self._todo.join()
        self._raise_failure()
        self.con.execute("CHECKPOINT")  # the last, partly filled row group
        if self._single:
            self.con.execute(f"SET threads = {self.threads}")
            self._single = False

    def _stop_loader(self) -> None:
        """Stop the loader: no new file, the running query interrupted, the thread joined."""
        thread = self._loader
        if thread is None:
            return
        self._stop.set()
        self._todo.put(None)
        while thread.is_alive():
            if self._loader_con is not None:
                with contextlib.suppress(Exception):
                    self._loader_con.interrupt()
            thread.join(0.05)
        if self._loader_con is not None:
            with contextlib.suppress(Exception):
                self._loader_con.close()
        self._loader = self._loader_con = None

    def close(self) -> None:
        try:
            self._stop_loader()
            for spool in self._spools:
                spool.discard()
        finally:
            with contextlib.suppress(Exception):
                self.con.close()
            shutil.rmtree(self.dir, ignore_errors=True)


def _not_written(exc: BaseException) -> BaseException:
    """A write to the private directory that failed (disk full, file size limit, …) as a
    usage error naming the temporary folder and the cause in words; anything else as it is."""
    import errno as errnos

    from .. import door
    from ..outputs import WRITE_ERRNOS, write_failed

    folder = door.text(tempfile.gettempdir())
    what = f"den midlertidige mappe {folder} (revisionens arbejdsfiler)"
    what_en = f"the temporary folder {folder} (the audit's work files)"
    if isinstance(exc, OSError):
        return write_failed(what, exc, what_en) if exc.errno in WRITE_ERRNOS else exc
    text = str(exc)  # DuckDB says the system's words: «Could not write file "…": File too large»
    for code in (*WRITE_ERRNOS, errnos.EACCES, errnos.EIO):
        if os.strerror(code) in text:
            return write_failed(what, OSError(code, os.strerror(code)), what_en)
    return exc


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def database(threads: int, memory_limit: str, max_row_bytes: int) -> Iterator[Database]:
    """The database, removed with its directory however the block ends: an exception,
    Ctrl-C, SIGTERM or SIGHUP (turned into SystemExit while the block runs, so that ``finally``
    runs too)."""
    previous: dict[int, Any] = {}
    with contextlib.suppress(ValueError):  # not in the main thread: leave signals alone
        for signum in (signal.SIGTERM, signal.SIGHUP):  # SIGHUP: a closed terminal
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                previous[signum] = signal.signal(signum, _terminate)
    try:
        db = Database(threads, memory_limit, max_row_bytes)
    except (OSError, duckdb.Error) as exc:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        raise _not_written(exc) from None
    try:
        yield db
    except (OSError, duckdb.Error) as exc:
        failed = _not_written(exc)
        if failed is exc:
            raise
        raise failed from None
    finally:
        db.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)

"""The DuckDB database of one audit: on disk in a private temporary directory that is
removed on every exit path, with a memory limit and ``--jobs`` threads.

Rows arrive from the screen as JSON Lines written to the same directory (msgspec, our own
plain columns: the exact reading has already happened) and are loaded with an explicit
schema, so DuckDB never guesses a type."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb
import msgspec

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
    "ab_present": "BOOLEAN", "ab_given": "VARCHAR[]",
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


class Spool:
    """Rows of one table, appended as JSON Lines to files in the private directory, a new
    file every ``CHUNK`` rows: each is loaded in a transaction of its own, so that loading
    stays within the memory limit however large the export.

    ``CHUNK`` is DuckDB's row group (122,880 rows): each load then fills whole row groups,
    and each CHECKPOINT writes a full one once. With smaller files every checkpoint
    compressed and wrote the last, partly filled row group again (25,000-row files took
    twice as long to load, issue #12)."""

    CHUNK = 122_880

    def __init__(self, directory: Path, name: str, schema: dict[str, str]) -> None:
        self.directory, self.name, self.schema, self.count = directory, name, schema, 0
        self.files: list[Path] = []
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


class Database:
    """One audit's DuckDB connection and its private directory."""

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

    def spool(self, name: str, schema: dict[str, str]) -> Spool:
        return Spool(self.dir, name, schema)

    def load(self, name: str, spool: Spool) -> None:
        spool.close()
        cols = ", ".join(f'"{k}" {v}' for k, v in spool.schema.items())
        self.con.execute(f"CREATE TABLE {name} ({cols})")
        # One thread: DuckDB's JSON reader holds buffers per thread, which would take the
        # memory limit for themselves (loading is a small part of the time).
        self.con.execute("SET threads = 1")
        for path in spool.files:
            quoted = str(path).replace("'", "''")
            self.con.execute(
                f"INSERT INTO {name} SELECT * FROM read_json('{quoted}', format='newline_delimited', "
                f"columns={_columns(spool.schema)}, maximum_object_size={self.max_row_bytes})")
            self.con.execute("CHECKPOINT")  # to the database file: the buffer pool may let it go
            path.unlink()
        self.con.execute(f"SET threads = {self.threads}")

    def close(self) -> None:
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
    Ctrl-C, or SIGTERM (turned into SystemExit while the block runs, so that ``finally``
    runs too)."""
    previous = None
    with contextlib.suppress(ValueError):  # not in the main thread: leave signals alone
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        db = Database(threads, memory_limit, max_row_bytes)
    except (OSError, duckdb.Error) as exc:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
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
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

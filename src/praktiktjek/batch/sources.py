"""Step 0 of both engines: the sources of an audit and the records in them.

Every input is opened once and kept open from the first pass to the last (a file removed
or renamed meanwhile is still the same file; stdin is an anonymous spool). A *task* is one
record as read from its source, before parsing; :func:`record_of` turns it into the
record the strict reader sees. Both engines read exactly these records, in this order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .. import door
from ..engine import Engine
from ..readers import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord, display_path, expand
from ..readers.bounded import (
    is_utf16,
    lines,
    open_regular,
    spool_stdin,
    stdin_limit,
    stdin_too_large,
    why_path,
    wide_encoding,
)
from ..readers.csvfile import Layout, Mapping, lines_after, open_csv_stream, row_record
from ..readers.jsonfile import NOT_JSON_LINES, jsonl_record, not_utf8, one_document, read_json_stream, wide_json

# --------------------------------------------------------------------------- sources


@dataclass
class Source:
    path: Path
    #: the name as the door keeps it (door.path_text: a byte that is not UTF-8 is still a
    #: lone surrogate), as both engines' records carry it; :attr:`shown` is how outputs write it
    display: str
    kind: str  # "jsonl" | "json" | "csv"
    encoding: str = "utf-8"
    separator: str = ";"
    layout: Layout | None = None
    problem: str | None = None
    #: the open file, kept from the first pass to the last: a file removed or renamed
    #: between passes is still the same file (stdin is an anonymous spool)
    fh: IO[bytes] | None = None
    #: rows read as Windows-1252 in a UTF-8 file; physical lines not read at all
    fallback_rows: list[int] = field(default_factory=list)
    lost: int = 0
    #: where the header of a UTF-8 file is not UTF-8 (csvfile.fallback_note)
    header_note: tuple[str, str] | None = None

    @property
    def shown(self) -> str:
        """The name as every output writes it (door.shown_path; DuckDB holds UTF-8 only)."""
        return door.shown_path(self.display)

    @property
    def present(self) -> frozenset[str] | None:
        return self.layout.present if self.layout is not None else None


def _kind_of(path: Path, fh: IO[bytes], max_bytes: int) -> str:
    s = path.suffix.lower()
    if s == ".csv":
        return "csv"
    if s in (".jsonl", ".ndjson"):
        return "jsonl"
    if s == ".json":
        return "json"
    # unknown suffix (stdin, export.txt): the one sniffing rule `check` uses too
    from ..pipeline import sniff_kind

    return sniff_kind(fh, max_bytes)


def open_sources(paths: list[str], mapping: Mapping, mask: Callable[[str], str] = lambda s: s,
                 max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> list[Source]:
    """Open every input once; a source's name is masked (a file may be named after a
    CPR). A file that cannot be opened, or is not a regular file, is one unreadable record."""
    out: list[Source] = []
    for p in expand(paths):
        if p == "-":
            path, disp = Path("-"), "<stdin>"
            spooled = spool_stdin(stdin_limit(max_bytes))
            if spooled is None:
                out.append(Source(path, disp, "json", problem=stdin_too_large(stdin_limit(max_bytes))))
                continue
            fh = spooled
        else:
            assert isinstance(p, Path)
            path, disp = p, door.path_text(display_path(p), mask)
            try:
                fh = open_regular(path)
            except OSError as exc:
                out.append(Source(path, disp, "json", problem=why_path(exc, path)))
                continue
        kind = _kind_of(path, fh, max_bytes)
        src = Source(path, disp, kind, fh=fh)
        if kind == "csv":
            opened = open_csv_stream(fh, disp, mapping, max_bytes)
            if isinstance(opened, RawRecord):
                src.problem = opened.problem.detail if opened.problem else "filen kan ikke læses"
                src.lost = lines_after(fh, opened.line or 1, max_bytes)  # the rows behind the header
            else:
                src.encoding, src.separator, src.layout = opened.encoding, opened.separator, opened.layout
        elif is_utf16(fh):  # one problem for the file, its other lines counted as not read (review 17, F3)
            src.problem = wide_json(wide_encoding(fh))
            src.lost = lines_after(fh, 1, max_bytes) if kind == "jsonl" else 0
        out.append(src)
    return out


def close_sources(sources: list[Source]) -> None:
    for src in sources:
        if src.fh is not None:
            src.fh.close()
            src.fh = None


# --------------------------------------------------------------------------- tasks

# A task is one record as read from its source, before parsing:
# (record number, kind, source index, line or row, payload)
Task = tuple[int, str, int, int, Any]


def iter_tasks(sources: list[Source], max_bytes: int, first_pass: bool = False,
               mapping: Mapping | None = None) -> Iterator[Task]:
    """Every record of every source, read a line at a time from the open files."""
    i = 0
    for si, src in enumerate(sources):
        if src.problem is not None or src.fh is None:
            # a file that could not be opened has no lines: line 0 stands for none, which
            # the record is given as None, so no message says «linje 1» (cli3 leftover)
            yield (i, "problem", si, 1 if src.fh is not None else 0, src.problem or "filen kan ikke læses")
            i += 1
            continue
        fh = src.fh
        fh.seek(0)
        if src.kind == "jsonl" and one_document(fh, max_bytes):  # review 17, F12
            yield (i, "problem", si, 1, NOT_JSON_LINES)
            i += 1
        elif src.kind == "jsonl":
            seen = False
            for n, raw, size, _ in lines(fh, max_bytes):
                if raw is None:
                    seen = True
                    yield (i, "problem", si, n,
                           f"linjen fylder {size} byte; grænsen er {max_bytes} byte, så den er ikke indlæst")
                    i += 1
                    continue
                if not raw.strip():
                    continue
                seen = True
                if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield (i, "problem", si, n, not_utf8(raw, exc))
                    i += 1
                    continue
                yield (i, "jl", si, n, text)
                i += 1
            if not seen:
                yield (i, "problem", si, 1, "filen indeholder ingen aftaler (den er tom)")
                i += 1
        elif src.kind == "json":
            for rec in read_json_stream(fh, src.display, max_bytes):
                if rec.locator is not None:  # a VP000 still shows a number as written
                    rec.written = rec.locator.written
                rec.locator = None  # an audit reports a record's line, not a column per finding
                yield (i, "rec", si, rec.line or 1, rec)
                i += 1
        else:
            opened = open_csv_stream(fh, src.display, mapping or _default_mapping(), max_bytes,
                                     src.encoding)
            if isinstance(opened, RawRecord):  # the file changed since the first look
                yield (i, "problem", si, 1, opened.problem.detail if opened.problem else "filen kan ikke læses")
                i += 1
                continue
            for line, row, problem in opened.rows:
                if problem is not None:
                    # a row not read keeps its cells where they name the agreement
                    yield (i, "problem", si, line, problem if row is None else (row, problem))
                else:
                    yield (i, "csv", si, line, row)
                i += 1
            if first_pass:
                src.fallback_rows, src.lost = opened.fallback_rows, opened.lost_lines
                src.header_note = opened.header_note


def _default_mapping() -> Mapping:
    from ..readers.csvfile import load_mapping

    return load_mapping(None)


def record_of(task: Task, sources: list[Source], mapping: Mapping, max_bytes: int) -> RawRecord:
    """One task as the record the strict reader sees (shared by both engines)."""
    _, kind, si, line, payload = task
    src = sources[si]
    if kind == "jl":
        rec = jsonl_record(payload, src.display, line, max_bytes)
        # An audit reports the record's line; mapping every finding to a column would
        # run the (pure Python) position scanner on each record with findings. One record
        # a line: each finding is on the record's line, as a CSV row's (review 15, F11).
        if rec.locator is not None:
            rec.written = rec.locator.written
        rec.locator = None
        rec.unit = "jsonl"
        return rec
    if kind == "csv":
        assert src.layout is not None
        return row_record(src.display, line, payload, None, src.layout, mapping)
    if kind == "rec":
        got: RawRecord = payload
        return got
    if isinstance(payload, tuple):  # a CSV row not read, with its cells (see iter_tasks)
        assert src.layout is not None
        return row_record(src.display, line, payload[0], payload[1], src.layout, mapping)
    if isinstance(payload, InputProblem):
        return RawRecord(src.display, line, problem=payload, unit="row")
    unit = "row" if src.kind == "csv" else "line"
    return RawRecord(src.display, line or None, problem=InputProblem(str(payload)), unit=unit)


#: The field of an export-built history entry a JSON agreement carries by a key of its own:
#: ``history.difference`` (a CSV export's ``forskel_fra_tidligere``) is the agreement's
#: ``difference_from_earlier``.
DIFFERENCE_FIELD, DIFFERENCE_KEY = "history.difference", "difference_from_earlier"


def carries_difference(a: Any) -> bool:
    """Whether a JSON agreement has the difference field at all (``null`` and ``""`` too:
    a column with an empty cell) — not whether it states one."""
    return DIFFERENCE_KEY in a.model_fields_set


def without_difference(sources: list[Source], readable: set[int], carried: set[int]) -> frozenset[int]:
    """The JSON sources with a readable agreement of which none carries the difference
    field: they "lack the column" (RULES.md VP502: "in a batch audit, where the history is
    built from the export, only when the export has a difference column"), so the history
    built from the export states no difference for their records and VP502 reads only
    their own history entries. A CSV source has its column or not (``not_checkable``).
    ``readable``/``carried``: the sources with a readable agreement / one carrying it."""
    return frozenset(si for si in readable - carried if sources[si].present is None)


def history_not_checkable(engine: Engine) -> frozenset[str]:
    """The rules whose export-history step needs the difference field."""
    return frozenset(r.id for r in engine.rs.rules.values()
                     if r.spec.batch is not None and DIFFERENCE_FIELD in r.spec.batch.needs)


def not_checkable(engine: Engine, sources: list[Source]) -> dict[int, frozenset[str]]:
    """Per CSV source, the agreement rules its columns cannot check (a fact they need has
    no column): those rules are skipped for its records and reported once."""
    skip: dict[int, frozenset[str]] = {}
    for si, src in enumerate(sources):
        if src.present is not None:
            # the rules, and the parts of rules (part_token), as `check` reads them
            skip[si] = engine.not_checkable(src.present)
    return skip

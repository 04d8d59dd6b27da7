"""From paths to results: expand paths, pick a reader by file type, run the engine."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .engine import Engine, Result
from .readers import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord, display_path, expand

if TYPE_CHECKING:
    from .readers.csvfile import Mapping


def national_rules_dir() -> Path:
    """The shipped national pack: inside the package when installed, else the checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules" / "national", here.parents[1] / "rules" / "national"):
        if candidate.is_dir():
            return candidate
    return here / "rules" / "national"  # loading will report that it is missing


def sniff_kind(fh: IO[bytes], max_bytes: int) -> str:
    """JSON, JSON Lines or CSV, for a source without a telling suffix (stdin, or a file
    not named *.json, *.jsonl, *.ndjson or *.csv), the one rule `check` and `audit` both
    use: JSON Lines
    when the first non-blank line is a whole JSON object, CSV when it is no JSON at all and
    does not open one (a header row), else one JSON document (a pretty-printed object
    starts with a lone ``{``). The stream is rewound."""
    from .readers.bounded import lines

    kind = "json"
    for _, raw, _, _ in lines(fh, max_bytes):
        if raw is None:
            kind = "jsonl"  # an oversized first line: a JSON document would be refused whole
            break
        text = raw.lstrip(b"\xef\xbb\xbf").strip()
        if not text:
            continue
        if text[:1] == b"{":
            try:
                json.loads(text)
                kind = "jsonl"
            except (ValueError, RecursionError):
                kind = "json"
        elif text[:1] != b"[":
            try:
                json.loads(text)
            except (ValueError, RecursionError):
                kind = "csv"
        break
    fh.seek(0)
    return kind


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                stdin: bytes | None = None, mapping: Mapping | None = None) -> Iterator[RawRecord]:
    """Every record of one input; an unreadable file is one record with a problem.
    Nothing is read whole: JSON Lines and CSV a line at a time, a JSON document up to
    its limit; a device, FIFO or folder is refused (stdin is the one stream read)."""
    import io

    from .readers.bounded import open_regular, spool_stdin, stdin_limit, stdin_too_large, why_path
    from .readers.jsonfile import read_json_stream, read_jsonl_stream

    if path == "-":
        spooled = io.BytesIO(stdin) if stdin is not None else spool_stdin(stdin_limit(max_bytes))
        if spooled is None:
            yield RawRecord("<stdin>", 1, problem=InputProblem(stdin_too_large(stdin_limit(max_bytes)), "", 1, 1))
            return
        fh: IO[bytes] = spooled
        with fh:
            kind = sniff_kind(fh, max_bytes)
            if kind == "csv":
                from .readers.csvfile import load_mapping, read_csv_stream

                yield from read_csv_stream(fh, "<stdin>", mapping or load_mapping(None), max_bytes)
                return
            reader = read_jsonl_stream if kind == "jsonl" else read_json_stream
            yield from reader(fh, "<stdin>", max_bytes)
        return
    assert isinstance(path, Path)
    source = display_path(path)
    suffix = path.suffix.lower()
    try:
        fh = open_regular(path)
    except OSError as exc:
        yield RawRecord(source, None, problem=InputProblem(why_path(exc, path)))
        return
    with fh:
        if suffix in (".jsonl", ".ndjson"):
            yield from read_jsonl_stream(fh, source, max_bytes)
        elif suffix == ".csv":
            from .readers.csvfile import load_mapping, read_csv_stream

            yield from read_csv_stream(fh, source, mapping or load_mapping(None), max_bytes)
        elif suffix == ".json":
            # one JSON value, or JSON Lines when it holds several (read_json notices that)
            yield from read_json_stream(fh, source, max_bytes)
        else:
            # An unknown suffix (export.txt) is read by what it holds, as standard input is
            # and as `audit` reads it (one rule, sniff_kind): JSON, JSON Lines or CSV.
            kind = sniff_kind(fh, max_bytes)
            if kind == "csv":
                from .readers.csvfile import load_mapping, read_csv_stream

                yield from read_csv_stream(fh, source, mapping or load_mapping(None), max_bytes)
                return
            reader = read_jsonl_stream if kind == "jsonl" else read_json_stream
            yield from reader(fh, source, max_bytes)


def iter_records(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                 stdin: bytes | None = None, mapping: Mapping | None = None) -> Iterator[RawRecord]:
    for p in expand(paths):
        yield from read_source(p, max_bytes, stdin, mapping)


def check_paths(engine: Engine, paths: Iterable[str],
                max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                stdin: bytes | None = None, mapping: Mapping | None = None,
                not_checked: dict[str, frozenset[str]] | None = None) -> list[Result]:
    """``mapping``: the column mapping for CSV inputs (default: the built-in one).
    ``not_checked`` receives, per source, the rules its columns cannot feed (a CSV without
    a column a rule needs): they are not run, as in an audit, and the caller says so."""
    # A run over a huge file keeps one slim result a record, not the parsed agreements.
    # Each result keeps the time its record took, reading included (JUnit's ``time``).
    out: list[Result] = []
    clock = time.perf_counter
    t0 = clock()
    for rec in iter_records(paths, max_bytes, stdin, mapping):
        skip = engine.not_checkable(rec.present)
        if skip and not_checked is not None:
            not_checked[rec.source] = skip
        result = engine.run(rec, skip=skip).slim()
        t1 = clock()
        result.seconds, t0 = t1 - t0, t1
        out.append(result)
    return out

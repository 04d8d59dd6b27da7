"""From paths to results: expand paths, pick a reader by file type, run the engine."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .engine import Engine, Result
from .readers import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord, display_path, expand
from .readers.jsonfile import read_json, read_jsonl

if TYPE_CHECKING:
    from .readers.csvfile import Mapping


def national_rules_dir() -> Path:
    """The shipped national pack: inside the package when installed, else the checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules" / "national", here.parents[1] / "rules" / "national"):
        if candidate.is_dir():
            return candidate
    return here / "rules" / "national"  # loading will report that it is missing


def read_source(path: str | Path, max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                stdin: bytes | None = None, mapping: Mapping | None = None) -> Iterator[RawRecord]:
    """Every record of one input; an unreadable file is one record with a problem."""
    if path == "-":
        data = stdin if stdin is not None else sys.stdin.buffer.read()
        yield from read_json(data, "<stdin>", max_bytes)
        return
    assert isinstance(path, Path)
    source = display_path(path)
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        yield RawRecord(source, None, problem=InputProblem("filen findes ikke"))
        return
    except OSError as exc:
        yield RawRecord(source, None, problem=InputProblem(
            f"filen kan ikke læses ({exc.strerror or exc})"))
        return
    if suffix in (".jsonl", ".ndjson"):
        yield from read_jsonl(data, source, max_bytes)
    elif suffix == ".csv":
        from .readers.csvfile import load_mapping, read_csv

        yield from read_csv(data, source, mapping or load_mapping(None))
    else:
        # .json (and an unknown suffix) is one JSON value, or JSON Lines when it holds
        # several (read_json notices that and reads the file as JSON Lines).
        yield from read_json(data, source, max_bytes)


def iter_records(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                 stdin: bytes | None = None) -> Iterator[RawRecord]:
    for p in expand(paths):
        yield from read_source(p, max_bytes, stdin)


def check_paths(engine: Engine, paths: Iterable[str],
                max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                stdin: bytes | None = None) -> list[Result]:
    # A run over a huge file keeps one slim result a record, not the parsed agreements.
    # Each result keeps the time its record took, reading included (JUnit's ``time``).
    out: list[Result] = []
    clock = time.perf_counter
    t0 = clock()
    for rec in iter_records(paths, max_bytes, stdin):
        result = engine.run(rec).slim()
        t1 = clock()
        result.seconds, t0 = t1 - t0, t1
        out.append(result)
    return out

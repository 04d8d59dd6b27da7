"""JSON (one object or an array of objects) and JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..jsonpos import Locator
from . import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord

_JSON_ERRORS_DA = {
    "Expecting value": "forventede en værdi",
    "Expecting ',' delimiter": "forventede et komma",
    "Expecting ':' delimiter": "forventede et kolon",
    "Expecting property name enclosed in double quotes": "forventede et feltnavn i dobbelte anførselstegn",
    "Unterminated string starting at": "teksten slutter ikke med et anførselstegn",
    "Extra data": "der står mere efter JSON-værdien",
    "Invalid control character at": "ugyldigt kontroltegn i tekst",
    "Invalid \\escape": "ugyldig escape-sekvens",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape",
}


_EXTRA_DATA = f"ugyldig JSON: {_JSON_ERRORS_DA['Extra data']}"


class _Dup:
    """object_pairs_hook that notices duplicate keys instead of silently keeping one."""

    __slots__ = ("found",)

    def __init__(self) -> None:
        self.found = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) != len(pairs):
            self.found = True
        return d


def decode(data: bytes, source: str) -> tuple[str | None, RawRecord | None]:
    """Bytes → text. UTF-8 with or without BOM; anything else is an input problem."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data[: exc.start].decode("utf-8", "replace")
        line = text.count("\n") + 1
        col = len(text) - (text.rfind("\n") + 1) + 1
        return None, RawRecord(source, line, problem=InputProblem(
            f"filen er ikke gyldig UTF-8 (byte 0x{data[exc.start]:02x} ved byte {exc.start})",
            "", line, col))


def _json_error(exc: json.JSONDecodeError) -> str:
    for en, da in _JSON_ERRORS_DA.items():
        if exc.msg.startswith(en):
            return f"ugyldig JSON: {da}"
    return f"ugyldig JSON: {exc.msg}"


#: a \\u escape of a UTF-16 surrogate that is not part of a pair (an odd number of
#: backslashes before it, so that an escaped backslash followed by "ud800" is text)
_LONE_SURROGATE = re.compile(
    r"(?<!\\)(?:\\\\)*(?:\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f][0-9a-f]{2})"
    r"|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2})", re.IGNORECASE)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} er ikke en gyldig JSON-værdi")


def parse(text: str, source: str, base_line: int = 1) -> tuple[Any, _Dup, RawRecord | None]:
    dup = _Dup()
    try:
        # NaN, Infinity and -Infinity are JavaScript, not JSON: Python's reader would take them
        value = json.loads(text, object_pairs_hook=dup, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        line = base_line + exc.lineno - 1
        return None, dup, RawRecord(source, line, problem=InputProblem(
            _json_error(exc), "", line, exc.colno))
    except RecursionError:
        return None, dup, RawRecord(source, base_line, problem=InputProblem(
            "JSON er indlejret for dybt til at være en aftale", "", base_line, 1))
    except ValueError as exc:  # e.g. an integer of more digits than Python will convert
        return None, dup, RawRecord(source, base_line, problem=InputProblem(
            f"ugyldig JSON: {str(exc).splitlines()[0][:120]}", "", base_line, 1))
    if "\\u" in text:
        lone = _LONE_SURROGATE.search(text)
        if lone is not None:
            # valid JSON syntax, but not text: no Unicode character is a lone surrogate
            before = text[: lone.start()]
            line = base_line + before.count("\n")
            return None, dup, RawRecord(source, line, problem=InputProblem(
                f"ugyldig JSON: {lone.group(0)[-6:]} er en enlig UTF-16-surrogat, ikke et tegn",
                "", line, len(before) - (before.rfind("\n") + 1) + 1))
    return value, dup, None


def _duplicate_problem(loc: Locator, source: str, value: Any) -> RawRecord | None:
    dups = loc.duplicates()
    if not dups:
        return None
    ptr, off = dups[0]
    line, col = loc.offset_to(off)
    key = ptr.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    return RawRecord(source, line, problem=InputProblem(
        f"feltet «{key}» står to gange i samme objekt; hvilken værdi der gælder, er uklart",
        ptr, line, col), locator=loc, data=value if isinstance(value, dict) else None)


def _record(value: Any, source: str, loc: Locator, dup_found: bool, max_bytes: int,
            size: int) -> RawRecord:
    if loc.prefix:  # an array element: its place comes from the file's one shared scan
        line = loc.locate("")
    else:  # a whole document or a JSON Lines line: no scan needed for where it starts
        text = loc.text
        lead = len(text) - len(text.lstrip())
        line = (loc.base_line + text.count("\n", 0, lead), 1)
    start_line = line[0] if line else loc.base_line
    if size > max_bytes:
        return RawRecord(source, start_line, problem=InputProblem(
            f"posten fylder {size} byte; grænsen er {max_bytes} byte, så den er ikke indlæst",
            "", start_line, line[1] if line else 1))
    if dup_found:
        problem = _duplicate_problem(loc, source, value)
        if problem is not None:
            return problem
    if not isinstance(value, dict):
        kind = {list: "en liste", str: "en tekst", bool: "en sandhedsværdi",
                type(None): "null", int: "et tal", float: "et tal"}.get(type(value), "ukendt")
        return RawRecord(source, start_line, problem=InputProblem(
            f"en aftale skal være et JSON-objekt, men posten er {kind}", "", start_line,
            line[1] if line else 1))
    return RawRecord(source, start_line, data=value, locator=loc)


def read_json(data: bytes, source: str,
              max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    text, bad = decode(data, source)
    if bad is not None:
        yield bad
        return
    assert text is not None
    if not text.strip():
        yield RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)", "", 1, 1))
        return
    value, dup, bad = parse(text, source)
    if bad is not None:
        if bad.problem is not None and bad.problem.detail == _EXTRA_DATA:
            # several JSON values, one after another: the file is JSON Lines
            yield from read_jsonl(data, source, max_bytes)
            return
        yield bad
        return
    if isinstance(value, list):
        if not value:
            yield RawRecord(source, 1, problem=InputProblem(
                "filen indeholder ingen aftaler (en tom liste)", "", 1, 1))
            return
        whole = Locator(text)
        big = len(data) > max_bytes
        for i, item in enumerate(value):
            size = 0
            if big:  # only then is it worth scanning for each element's exact size
                here = whole.offset_of(f"/{i}") or 0
                after = whole.offset_of(f"/{i + 1}")
                size = len(text[here: after if after is not None else len(text)].encode())
            yield _record(item, source, whole.child(f"/{i}"), dup.found, max_bytes, size)
        return
    yield _record(value, source, Locator(text), dup.found, max_bytes, len(data))


def jsonl_record(line: str, source: str, n: int,
                 max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> RawRecord:
    """One line of a JSON Lines file (line number ``n``) as a record."""
    size = len(line.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return RawRecord(source, n, problem=InputProblem(
            f"linjen fylder {size} byte; grænsen er {max_bytes} byte, så den er ikke indlæst",
            "", n, 1))
    value, dup, bad = parse(line, source, base_line=n)
    if bad is not None:
        return bad
    return _record(value, source, Locator(line, base_line=n), dup.found, max_bytes, size)


def read_jsonl(data: bytes, source: str,
               max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    text, bad = decode(data, source)
    if bad is not None:
        yield bad
        return
    assert text is not None
    seen = False
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen = True
        yield jsonl_record(line, source, n, max_bytes)
    if not seen:
        yield RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)", "", 1, 1))

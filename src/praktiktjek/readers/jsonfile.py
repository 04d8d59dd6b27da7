"""JSON (one object or an array of objects) and JSON Lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from ..jsonpos import Locator, line_col
from . import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord
from .bounded import is_utf16, lines, utf16_head, wide_encoding, wide_name

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
    # a BOM that is not the file's first character: files saved with a BOM, put together
    "Unexpected UTF-8 BOM": "et BOM-tegn (U+FEFF) står først på linjen; det hører kun til starten af en fil",
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



#: a JSON or JSON Lines file saved as UTF-16 (Notepad's «Unicode», PowerShell 5's `>`):
#: one problem for the file, not a line of stray bytes for every line (review 17, F3)
UTF16_JSON = "filen er gemt som UTF-16, som ikke læses; gem den som UTF-8"
#: the same for UTF-32, named as what it is (packs3)
UTF32_JSON = "filen er gemt som UTF-32, som ikke læses; gem den som UTF-8"


def wide_json(name: str) -> str:
    """The problem of a JSON file saved as ``name`` («UTF-16» or «UTF-32»)."""
    return UTF32_JSON if name == "UTF-32" else UTF16_JSON


def _utf16_record(source: str, name: str = "UTF-16") -> RawRecord:
    return RawRecord(source, 1, problem=InputProblem(wide_json(name), "", 1, 1))


def not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    """A line that is not UTF-8, worded once for check and both audit engines."""
    return f"linjen er ikke gyldig UTF-8 (byte 0x{raw[exc.start]:02x} ved byte {exc.start})"

def decode(data: bytes, source: str) -> tuple[str | None, RawRecord | None]:
    """Bytes → text. UTF-8 with or without BOM; anything else is an input problem."""
    if utf16_head(data[:64]):
        return None, _utf16_record(source, wide_name(data[:64]))
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
    # a reason this table does not know is not shown in the reader's English (review 17, F8)
    return "ugyldig JSON: syntaksen er forkert"


#: any \\u escape of a UTF-16 surrogate (the fast test: most texts have none)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
#: escaped backslashes and surrogate escapes, scanned left to right: an escaped backslash
#: is consumed whole, so "\\\\ud800" (a backslash, then the text "ud800") is never an escape
_ESCAPES = re.compile(r"\\\\|\\u([dD][89a-fA-F][0-9a-fA-F]{2})")


def lone_surrogate(text: str) -> int | None:
    """The offset of a \\u escape of a UTF-16 surrogate that is not half of a pair, or None.
    Linear, with constant memory, whatever runs of backslashes the text holds."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return None
    high: int | None = None  # offset of a high surrogate escape still waiting for its low half
    high_end = -1
    for m in _ESCAPES.finditer(text):
        code = m.group(1)
        if code is None:  # an escaped backslash
            if high is not None:
                return high
            continue
        value = int(code, 16)
        if value < 0xDC00:  # a high half
            if high is not None:
                return high
            high, high_end = m.start(), m.end()
        elif high is not None and m.start() == high_end:  # the low half right after it
            high = None
        else:
            return high if high is not None else m.start()
    return high


_LONG_NUMBER = re.compile(r"-?[0-9]{4000,}")
_CONSTANT = re.compile(r"-?Infinity|NaN")


def _value_error(exc: ValueError, text: str, source: str, base_line: int) -> RawRecord:
    """A value JSON's syntax allows but we cannot take, named in Danish at its place."""
    msg = str(exc)
    if "integer string conversion" in msg:
        where = _LONG_NUMBER.search(text)
        detail = "ugyldig JSON: et tal med over 4.300 cifre"
    else:
        where = _CONSTANT.search(text)
        detail = f"ugyldig JSON: {msg.splitlines()[0][:120]}"
    at = where.start() if where else 0
    line = base_line + text.count("\n", 0, at)
    return RawRecord(source, line, problem=InputProblem(detail, "", line, at - (text.rfind("\n", 0, at) + 1) + 1))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} er ikke en gyldig JSON-værdi")


def parse(text: str, source: str, base_line: int = 1) -> tuple[Any, _Dup, RawRecord | None]:
    dup = _Dup()
    try:
        # NaN, Infinity and -Infinity are JavaScript, not JSON: Python's reader would take them
        value = json.loads(text, object_pairs_hook=dup, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        row, col = line_col(text, exc.pos)
        line = base_line + row - 1
        return None, dup, RawRecord(source, line, problem=InputProblem(
            _json_error(exc), "", line, col))
    except RecursionError:
        return None, dup, RawRecord(source, base_line, problem=InputProblem(
            "JSON er indlejret for dybt til at være en aftale", "", base_line, 1))
    except ValueError as exc:  # NaN/Infinity, or an integer of more digits than Python converts
        return None, dup, _value_error(exc, text, source, base_line)
    at = lone_surrogate(text) if "\\u" in text else None
    if at is not None:
        # valid JSON syntax, but not text: no Unicode character is a lone surrogate
        before = text[:at]
        line = base_line + before.count("\n")
        return None, dup, RawRecord(source, line, problem=InputProblem(
            f"ugyldig JSON: {text[at:at + 6]} er en enlig UTF-16-surrogat, ikke et tegn",
            "", line, at - (before.rfind("\n") + 1) + 1))
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
        newlines = text.count("\n", 0, lead)
        line = (loc.base_line + newlines, 1 if newlines else loc.base_column)
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


#: JSON's whitespace (str.strip would take more)
_BLANK = re.compile(r"[ \t\n\r]*")


def _skip(text: str, i: int) -> int:
    """The first offset from ``i`` on that is not JSON whitespace."""
    m = _BLANK.match(text, i)
    return m.end() if m else i


_LINE_END = re.compile(r"\r\n|\r|\n")


def _first_line_is_a_value(text: str, data: bytes) -> bool:
    # lines end as the JSON Lines reader sees them (bounded.lines): in LF, CRLF or a lone CR
    first = next((line for line in _LINE_END.split(text, 64)[:64] if line.strip()), "")
    try:
        json.loads(first)
    except ValueError:
        return False
    return True


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
    first = _skip(text, 0)
    if text[first:first + 1] == "[":
        yield from _read_array(data, text, source, max_bytes)
        return
    value, dup, bad = parse(text, source)
    if bad is not None:
        if bad.problem is not None and bad.problem.detail == _EXTRA_DATA and _first_line_is_a_value(text, data):
            # several JSON values, one a line: the file is JSON Lines (not a pretty-printed
            # object with something after it, whose first line "{" is no value of its own)
            yield from read_jsonl(data, source, max_bytes)
            return
        yield bad
        return
    yield _record(value, source, Locator(text), dup.found, max_bytes, len(data))


def _elements(text: str, decoder: json.JSONDecoder) -> Iterator[tuple[Any, int, int]]:
    """(value, start, end) of each element of the JSON array ``text`` holds, one at a
    time; JSONDecodeError where ``json.loads`` would raise it (RecursionError and
    ValueError too). Only one element is in memory at a time."""
    i = _skip(text, _skip(text, 0) + 1)
    if text[i:i + 1] != "]":
        while True:
            value, end = decoder.raw_decode(text, i)
            yield value, i, end
            i = _skip(text, end)
            c = text[i:i + 1]
            if c == "]":
                break
            if c != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, i)
            i = _skip(text, i + 1)
    i = _skip(text, i + 1)
    if i != len(text):
        raise json.JSONDecodeError("Extra data", text, i)


def _read_array(data: bytes, text: str, source: str, max_bytes: int) -> Iterator[RawRecord]:
    """A JSON array, an element at a time (issue #9: ``json.loads`` of 10 MB of ``[0,0,…]``
    built millions of values and a pointer table of them, ~0.7 GB, before the first record).
    The whole text is checked first, element by element, keeping nothing: a document that
    is not JSON is one unreadable record, as before, and nothing of it is checked. Then each
    element is decoded again and is one record with its own locator."""
    dup = _Dup()
    decoder = json.JSONDecoder(object_pairs_hook=dup, parse_constant=_no_constant)
    count = 0
    try:
        for _ in _elements(text, decoder):
            count += 1
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and _first_line_is_a_value(text, data):
            yield from read_jsonl(data, source, max_bytes)  # JSON Lines whose first line is a list
            return
        row, col = line_col(text, exc.pos)
        yield RawRecord(source, row, problem=InputProblem(_json_error(exc), "", row, col))
        return
    except RecursionError:
        yield RawRecord(source, 1, problem=InputProblem(
            "JSON er indlejret for dybt til at være en aftale", "", 1, 1))
        return
    except ValueError as exc:  # NaN/Infinity, or an integer of more digits than Python converts
        yield _value_error(exc, text, source, 1)
        return
    at = lone_surrogate(text) if "\\u" in text else None
    if at is not None:
        before = text[:at]
        line = 1 + before.count("\n")
        yield RawRecord(source, line, problem=InputProblem(
            f"ugyldig JSON: {text[at:at + 6]} er en enlig UTF-16-surrogat, ikke et tegn",
            "", line, at - (before.rfind("\n") + 1) + 1))
        return
    if not count:
        yield RawRecord(source, 1, problem=InputProblem(
            "filen indeholder ingen aftaler (en tom liste)", "", 1, 1))
        return
    line, line_start, scanned = 1, 0, 0
    for value, start, end in _elements(text, decoder):
        newlines = text.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", scanned, start) + 1
        scanned = start
        found, dup.found = dup.found, False
        element = text[start:end]
        size = len(element.encode("utf-8", "surrogatepass"))
        loc = Locator(element, base_line=line, base_column=start - line_start + 1)
        yield _record(value, source, loc, found, max_bytes, size)


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
    import io

    yield from read_jsonl_stream(io.BytesIO(data), source, max_bytes)


#: a JSON Lines file that holds one JSON value written over several lines (review 17, F12)
NOT_JSON_LINES = ("filen er ikke JSON Lines: den er ét JSON-dokument skrevet over flere linjer, "
                  "og JSON Lines har én aftale pr. linje")


def one_document(fh: IO[bytes], max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> bool:
    """Whether a JSON Lines file is one JSON value written over several lines (a pretty-
    printed object or list): its first line is no JSON value of its own, yet the whole
    file, up to the .json document limit, is one. Such a file gave a VP000 for each of its
    lines (65 for one agreement); it is one problem of the file. AGREEMENT_FORMAT.md reads
    a .json file with a value a line as JSON Lines, and says nothing of the reverse: the
    strict answer, one VP000 that says to rename the file. The stream is left where it was;
    one that cannot seek is read as JSON Lines."""
    if not fh.seekable():
        return False
    at = fh.tell()
    try:
        first = b""
        while not first.strip():
            first = fh.readline(max_bytes + 1)
            if not first:
                return False
        if len(first) > max_bytes and not first.endswith(b"\n"):
            return False  # a line over the limit, cut: strip() could take it under (review 19, F6)
        first = first.removeprefix(b"\xef\xbb\xbf").strip()
        if first[:1] not in (b"{", b"[") or len(first) > max_bytes:
            return False
        try:
            json.loads(first)
            return False  # a record of its own: JSON Lines
        except RecursionError:
            return False  # a line too deep to be a value: that line's own problem
        except ValueError:
            pass
        fh.seek(at)
        limit = document_limit(max_bytes)
        data = fh.read(limit + 1)
        if len(data) > limit:
            return False
        try:
            text = data.decode("utf-8-sig")
            if _skip(text, 0) < len(text) and text[_skip(text, 0)] == "[":
                for _ in _elements(text, json.JSONDecoder(parse_constant=_no_constant)):
                    pass  # one element at a time, as a .json list is read (issue #9)
            else:
                json.loads(text, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            return False
        return True
    finally:
        fh.seek(at)


def read_jsonl_stream(fh: IO[bytes], source: str,
                      max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    """JSON Lines from a binary stream, a line at a time: a line over ``max_bytes`` is
    skipped without being held in memory; a line that is not UTF-8 is a problem of
    that line only. One JSON value over several lines is one problem (:func:`one_document`)."""
    if one_document(fh, max_bytes):
        yield RawRecord(source, 1, problem=InputProblem(NOT_JSON_LINES, "", 1, 1))
        return
    if is_utf16(fh):
        yield _utf16_record(source, wide_encoding(fh))
        return
    seen = False
    for n, raw, size, _ in lines(fh, max_bytes):
        if n == 1 and raw is not None and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if raw is None:
            seen = True
            yield RawRecord(source, n, problem=InputProblem(
                f"linjen fylder {size} byte; grænsen er {max_bytes} byte, så den er ikke indlæst",
                "", n, 1))
            continue
        if not raw.strip():
            continue
        seen = True
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield RawRecord(source, n, problem=InputProblem(not_utf8(raw, exc), "", n, exc.start + 1))
            continue
        yield jsonl_record(line, source, n, max_bytes)
    if not seen:
        yield RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)", "", 1, 1))


def document_limit(max_bytes: int) -> int:
    """The largest .json document read whole: 64 records at the record limit, at least
    64 MiB (larger exports belong in JSON Lines, which is read a line at a time)."""
    return max(64 * max_bytes, 64 * 1024 * 1024)


def read_json_stream(fh: IO[bytes], source: str,
                     max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    limit = document_limit(max_bytes)
    data = fh.read(limit + 1)
    if len(data) > limit:
        yield RawRecord(source, 1, problem=InputProblem(
            f"filen fylder mere end {limit} byte og læses ikke som ét JSON-dokument; "
            "del den op, eller skriv den som JSON Lines (én aftale pr. linje)", "", 1, 1))
        return
    yield from read_json(data, source, max_bytes)

"""Map JSON pointers to line and column in the source text, and find duplicate keys.

The standard ``json`` module gives no positions, so this is a small iterative scanner
(no recursion, so deeply nested input cannot overflow the stack). It runs only for a
file that has findings or duplicate keys, never on the fast path.
"""

from __future__ import annotations

import bisect
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

# One token at a time: a string (group 1), punctuation (group 2) or a scalar (group 3).
# The scan runs only over text that already parsed as JSON, so nothing else occurs.
_TOKEN = re.compile(
    r'[ \t\n\r]*(?:"((?:[^"\\]|\\.)*)"|([{}\[\]:,])|'
    r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|NaN|-?Infinity))",
    re.S,
)


_DECODER = json.JSONDecoder()
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")


_LINE_END = re.compile("\r\n|\r|\n")


def misread(number: str) -> bool:
    """Whether a number's text (JSON's, or a cell's with a decimal point) writes another
    number than the float it reads as: more digits than a float keeps
    (``37.0000000000000001`` reads as 37), beyond its range (``1e-400`` reads as 0). The
    float's shortest text is compared with the written one as decimals, so ``0.1``,
    ``37.50`` and ``12.25`` read as written — 0.1 is not exact in binary, but it is the
    number written and the number meant (review 21 cli, F9). A text of at most 15 digits
    and no exponent always reads as written (a float keeps 15 significant digits)."""
    if len(number) <= 15 and "e" not in number and "E" not in number:
        return False
    try:
        read = float(number)
        return Decimal(number) != Decimal(repr(read))
    except (InvalidOperation, ValueError):
        return False


#: a number after a key (``misread_after``)
_AFTER_KEY = re.compile(r"[ \t\n\r]*:[ \t\n\r]*(-?[0-9][0-9.eE+-]*)")


def misread_after(text: str, keys: tuple[str, ...]) -> bool:
    """Whether a number after one of ``keys`` (a key's end with its closing quote,
    ``hours_per_week"``) in a JSON text is :func:`misread`. A key and its colon cannot
    occur inside a JSON string (its quotes are escaped there), so each match is a key; a
    key of another object (an unknown field) only costs a closer look. ``str.find`` finds
    the keys: a regular expression over the whole text costs as much as decoding it."""
    for key in keys:
        at = text.find(key)
        while at >= 0:
            at += len(key)
            # a number's text ends at a comma or brace: only a long one or one with an
            # exponent is read closer (most are «30»)
            seg = text[at:at + 40].partition(",")[0].partition("}")[0]
            if len(seg) > 17 or "e" in seg or "E" in seg:
                m = _AFTER_KEY.match(text, at)
                if m is not None and misread(m.group(1)):
                    return True
            at = text.find(key, at)
    return False


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of ``offset`` in ``text``, with LF, CRLF and a lone CR
    each ending a line (Python's JSON errors count LF only: a file with old-Mac CR line
    ends was all «linje 1», review 19, F10)."""
    start, line = 0, 1
    for m in _LINE_END.finditer(text, 0, offset):
        if m.end() > offset:
            break
        start, line = m.end(), line + 1
    return line, offset - start + 1


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def scan(text: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Return {pointer: offset of its value} and [(pointer, offset)] of duplicate keys.

    A loop over regex tokens with an explicit stack: no recursion, so deep nesting cannot
    overflow it, and the per-character work happens inside the regex engine.
    """
    pos: dict[str, int] = {}
    dups: list[tuple[str, int]] = []
    # frames: [is_object, pointer, keys seen (object) or index (array)]
    stack: list[list[Any]] = []
    here = ""          # the pointer of the next value
    want_key = False   # inside an object, before a key
    for m in _TOKEN.finditer(text):
        string, punct, scalar = m.group(1), m.group(2), m.group(3)
        if string is not None:
            if want_key:
                key = json.loads(f'"{string}"') if "\\" in string else string
                frame = stack[-1]
                here = f"{frame[1]}/{escape(key)}"
                if key in frame[2]:
                    dups.append((here, m.start(1) - 1))
                frame[2].add(key)
                want_key = False
            elif here not in pos:
                pos[here] = m.start(1) - 1
        elif scalar is not None:
            if here not in pos:
                pos[here] = m.start(3)
        elif punct in "{[":
            if here not in pos:
                pos[here] = m.start(2)
            if punct == "{":
                stack.append([True, here, set()])
                want_key = True
            else:
                stack.append([False, here, 0])
                here = f"{here}/0"
        elif punct == ",":
            frame = stack[-1]
            if frame[0]:
                want_key = True
            else:
                frame[2] += 1
                here = f"{frame[1]}/{frame[2]}"
        elif punct in "}]":
            stack.pop()
            want_key = False
    return pos, dups


class _Scan:
    """One lazy scan of a text, shared by the locators of every record in it."""

    __slots__ = ("dups", "lines", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos: dict[str, int] | None = None
        self.dups: list[tuple[str, int]] = []
        self.lines: list[int] = []

    def ensure(self) -> dict[str, int]:
        if self.pos is None:
            self.pos, self.dups = scan(self.text)
            # LF, CRLF and a lone CR each end a line, as an editor shows them (review 19, F10)
            self.lines = [m.end() for m in _LINE_END.finditer(self.text)]
        return self.pos


class Locator:
    """Line and column (1-based) of a pointer inside one record's text."""

    __slots__ = ("_scan", "base_column", "base_line", "prefix")

    def __init__(self, text: str | _Scan, *, base_line: int = 1, prefix: str = "",
                 base_column: int = 1) -> None:
        self._scan = text if isinstance(text, _Scan) else _Scan(text)
        self.base_line = base_line
        #: the column the text starts at on its first line (an element of a JSON array)
        self.base_column = base_column
        self.prefix = prefix

    @property
    def text(self) -> str:
        return self._scan.text

    def child(self, prefix: str) -> Locator:
        """A locator for a record inside this text (an array element), sharing the scan."""
        return Locator(self._scan, base_line=self.base_line, prefix=self.prefix + prefix,
                       base_column=self.base_column)

    def offset_to(self, offset: int) -> tuple[int, int]:
        self._scan.ensure()
        lines = self._scan.lines
        row = bisect.bisect_right(lines, offset)
        if not row:
            return self.base_line, offset + self.base_column
        return self.base_line + row, offset - lines[row - 1] + 1

    def offset_of(self, pointer: str) -> int | None:
        return self._scan.ensure().get(self.prefix + pointer)

    def locate(self, pointer: str) -> tuple[int, int] | None:
        """Where the pointer's value starts; a missing field falls back to its parent."""
        pos = self._scan.ensure()
        ptr = self.prefix + pointer
        while True:
            if ptr in pos:
                return self.offset_to(pos[ptr])
            if not ptr:
                return None
            ptr = ptr.rsplit("/", 1)[0]

    def end(self, pointer: str) -> tuple[int, int] | None:
        """Where the value :meth:`locate` finds ends (the column after its last character,
        as SARIF's ``endColumn``); None when it cannot be found."""
        pos = self._scan.ensure()
        ptr = self.prefix + pointer
        while ptr not in pos:
            if not ptr:
                return None
            ptr = ptr.rsplit("/", 1)[0]
        try:
            _, stop = _DECODER.raw_decode(self._scan.text, pos[ptr])
        except (ValueError, RecursionError):
            return None
        return self.offset_to(stop)

    def written(self, pointer: str) -> str | None:
        """The JSON text of the number at ``pointer`` exactly as the file wrote it (a
        message shows ``1e-400`` as written, not as the 0 it reads as); None when the
        value there is no number or the pointer is not in the text."""
        at = self._scan.ensure().get(self.prefix + pointer)
        if at is None:
            return None
        m = _NUMBER.match(self._scan.text, at)
        return m.group(0) if m else None

    def duplicates(self) -> list[tuple[str, int]]:
        """Duplicate keys under this locator's prefix: (pointer within the record, offset)."""
        self._scan.ensure()
        p = self.prefix
        return [(d[len(p):], off) for d, off in self._scan.dups if d.startswith(p + "/")]

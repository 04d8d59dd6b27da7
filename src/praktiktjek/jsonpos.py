"""Map JSON pointers to line and column in the source text, and find duplicate keys.

The standard ``json`` module gives no positions, so this is a small iterative scanner
(no recursion, so deeply nested input cannot overflow the stack). It runs only for a
file that has findings or duplicate keys, never on the fast path.
"""

from __future__ import annotations

import bisect
import json
import re

_WS = re.compile(r"[ \t\n\r]*")
_STR = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|NaN|-?Infinity")


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def scan(text: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Return {pointer: offset of its value} and [(pointer, offset)] of duplicate keys."""
    pos: dict[str, int] = {}
    dups: list[tuple[str, int]] = []
    n = len(text)
    stack: list[list[object]] = []  # [is_object, pointer, seen keys | index]

    def ws(i: int) -> int:
        m = _WS.match(text, i)
        return m.end() if m else i

    def key_at(i: int, frame: list[object]) -> tuple[str, int] | None:
        m = _STR.match(text, i)
        if not m:
            return None
        key = json.loads(m.group(0))
        ptr = f"{frame[1]}/{escape(key)}"
        seen = frame[2]
        assert isinstance(seen, set)
        if key in seen:
            dups.append((ptr, i))
        seen.add(key)
        i = ws(m.end())
        if i >= n or text[i] != ":":
            return None
        return ptr, ws(i + 1)

    i = ws(0)
    ptr = ""
    try:
        while i < n:
            pos.setdefault(ptr, i)
            c = text[i]
            if c == "{":
                i = ws(i + 1)
                if text[i] != "}":
                    frame: list[object] = [True, ptr, set()]
                    stack.append(frame)
                    got = key_at(i, frame)
                    if got is None:
                        break
                    ptr, i = got
                    continue
                i += 1
            elif c == "[":
                i = ws(i + 1)
                if text[i] != "]":
                    stack.append([False, ptr, 0])
                    ptr = f"{ptr}/0"
                    continue
                i += 1
            else:
                m = (_STR if c == '"' else _SCALAR).match(text, i)
                if not m:
                    break
                i = m.end()
            # the value is complete: close containers until one wants another value
            while stack:
                i = ws(i)
                frame = stack[-1]
                if text[i] == ",":
                    i = ws(i + 1)
                    if frame[0]:
                        got = key_at(i, frame)
                        if got is None:
                            return pos, dups
                        ptr, i = got
                    else:
                        idx = frame[2]
                        assert isinstance(idx, int)
                        frame[2] = idx + 1
                        ptr = f"{frame[1]}/{idx + 1}"
                    break
                if text[i] in "}]":
                    i += 1
                    stack.pop()
                    continue
                return pos, dups
            else:
                break
    except IndexError:
        pass
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
            self.lines = [m.end() for m in re.finditer("\n", self.text)]
        return self.pos


class Locator:
    """Line and column (1-based) of a pointer inside one record's text."""

    __slots__ = ("_scan", "base_line", "prefix")

    def __init__(self, text: str | _Scan, *, base_line: int = 1, prefix: str = "") -> None:
        self._scan = text if isinstance(text, _Scan) else _Scan(text)
        self.base_line = base_line
        self.prefix = prefix

    @property
    def text(self) -> str:
        return self._scan.text

    def child(self, prefix: str) -> Locator:
        """A locator for a record inside this text (an array element), sharing the scan."""
        return Locator(self._scan, base_line=self.base_line, prefix=self.prefix + prefix)

    def offset_to(self, offset: int) -> tuple[int, int]:
        self._scan.ensure()
        lines = self._scan.lines
        row = bisect.bisect_right(lines, offset)
        start = lines[row - 1] if row else 0
        return self.base_line + row, offset - start + 1

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

    def duplicates(self) -> list[tuple[str, int]]:
        """Duplicate keys under this locator's prefix: (pointer within the record, offset)."""
        self._scan.ensure()
        p = self.prefix
        return [(d[len(p):], off) for d, off in self._scan.dups if d.startswith(p + "/")]

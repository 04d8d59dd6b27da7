"""The reading back of a file name as the outputs write it (door.shown_path), written
here on its own, the plain way, so that the tests hold the rendering to a decoder that is
not the encoder: a name comes back whole, or the rendering lost something."""

from __future__ import annotations

import re


def read_back(shown: str) -> str:
    """The name (as Python gives it: a byte that is not UTF-8 as a lone surrogate) that
    ``door.shown_path`` wrote as ``shown``, whatever its ``also``. Raises ValueError for a
    text no name is written as."""
    if not re.search(r"\\[xuU]", shown):  # written as it is
        return shown
    out, i = [], 0
    while i < len(shown):
        c = shown[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        kind = shown[i + 1:i + 2]
        if kind == "\\":
            out.append("\\")
            i += 2
        elif kind == "x":
            b = int(shown[i + 2:i + 4], 16)
            out.append(chr(0xDC00 + b) if b >= 0x80 else chr(b))
            i += 4
        elif kind == "u":
            out.append(chr(int(shown[i + 2:i + 6], 16)))
            i += 6
        elif kind == "U":
            out.append(chr(int(shown[i + 2:i + 10], 16)))
            i += 10
        else:
            raise ValueError(f"a lone backslash in an escaped name: {shown!r}")
    return "".join(out)

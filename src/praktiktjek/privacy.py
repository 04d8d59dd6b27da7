"""CPR detection and masking. Called through :mod:`praktiktjek.door` (clean first, then
mask), never on its own before an output.

Recognised shapes (README, "CPR numbers"): ten digits ``ddmmyy`` + ``xxxx`` whose first
six are a real day and month (29 February always counts), written

* without a separator: ``2304871357``;
* with one separator between date and serial: hyphen, en or em dash, other Unicode
  dashes, slash, dot or spaces (``230487-1357``, ``230487 1357``, ``230487/1357``,
  ``230487–1357``, ``230487.1357``), spaces around it allowed (``230487 - 1357``);
* with the date part itself split by dots, hyphens, slashes or spaces
  (``23.04.87-1357``, ``23-04-87 1357``, ``23 04 87 1357``).

Digits of any script count (``２３０４８７１３５７``). A match must not touch other digits on
either side. It is shown as ``ddmmyy-****`` (ASCII digits). Company identifiers (CVR,
P-number) are never passed through here, so they are never masked, even when they look
like a date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SEP = f"[ \u00a0\u2007\u202f]*[{_DASH}/.]?[ \u00a0\u2007\u202f]*"
_DSEP = f"[.{_DASH}/ \u00a0]?"
_CPR = re.compile(
    rf"(?<!\d)(\d\d)({_DSEP})(\d\d)\2(\d\d){_SEP}(\d{{4}})(?!\d)")
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in s)


def _is_cpr(m: re.Match[str]) -> bool:
    dd, mm = int(_digits(m.group(1))), int(_digits(m.group(3)))
    return 1 <= mm <= 12 and 1 <= dd <= _DAYS_IN_MONTH[mm]


def _replace(m: re.Match[str]) -> str:
    if _is_cpr(m):
        return f"{_digits(m.group(1))}{_digits(m.group(3))}{_digits(m.group(4))}-****"
    return m.group(0)


def mask_cpr(text: str) -> str:
    """Mask every CPR number of ``text`` (in any recognised spelling)."""
    if len(text) < 10:
        return text
    return _CPR.sub(_replace, text)


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the CPR numbers of ``text`` are (to cut a text without cutting one)."""
    if len(text) < 10:
        return
    for m in _CPR.finditer(text):
        if _is_cpr(m):
            yield m.start(), m.end()


def looks_like_cpr(text: str) -> bool:
    return mask_cpr(text) != text


def no_mask(text: str) -> str:
    return text


def masker(show_cpr: bool) -> Callable[[str], str]:
    from .door import masker as door_masker

    return door_masker(show_cpr)

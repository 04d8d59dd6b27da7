"""CPR detection and masking. Called through :mod:`praktiktjek.door` (clean first, then
mask), never on its own before an output.

Recognised shapes (README, "CPR numbers"): ten digits ``ddmmyy`` + ``xxxx`` whose first
six are a real day and month (29 February always counts), written

* without a separator: ``2304871357``;
* with a separator between date and serial of up to eight characters that are neither
  letters, digits nor ``*``: hyphen, en or em dash, slash, dot, spaces, underscore, the
  U+FFFD that cleaning leaves for a lone surrogate, a literal escape such as ``\x07``
  that a ``repr`` leaves for a control character (``230487-1357``, ``230487 1357``,
  ``230487/1357``, ``230487–1357``, ``230487.1357``, ``230487 - 1357``);
* with the date part itself split by up to three such characters, the same or not
  (``23.04.87-1357``, ``23-04-87 1357``, ``23 04 87 1357``, ``23 - 04 - 87 - 1357``,
  ``23.04/87 1357``);
* with marks that show nothing of their own between the digits (combining accents,
  variation selectors, the grapheme joiner, zero-width and other format characters),
  digits of other forms (superscript ``²³``, circled ``②③``, fullwidth ``２３``) and
  Hangul fillers as spaces.

Not recognised: digits each set apart (``2 3 0 4 8 7 1 3 5 7``) and more than eight
characters between date and serial: a rule that found them would also mask ordinary text
such as "28-03-2021 (42 dage)".

Digits of any script count (``２３０４８７１３５７``). Digits around a match do not save it:
a CPR number glued into a longer run of digits (``0072304871357``) is masked too, which
may also mask part of a long number whose digits happen to form a valid date; that is the
safe side. An eleven-digit number with no valid date in it (``12345678901``) is left as it
is. It is shown as ``ddmmyy-****`` (ASCII digits). Company identifiers (CVR,
P-number) are never passed through here, so they are never masked, even when they look
like a date.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

# A separator: up to eight characters that are neither letters, digits nor '*' (spaces,
# dashes, slashes, dots, brackets, U+FFFD left by cleaning, …); inside the date part one.
# One separator character: not a letter, digit or '*' — or a literal escape such as the
# text \x07 or \u0007 that a repr() leaves where a control character was.
_ONE = r"(?:[^\w*\\]|_|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\[abfnrtv0]|\\)"
_SEP = _ONE + "{0,8}"
_DSEP = r"(?:[^\w*]|_){0,3}"
# A cheap first look: six digits, at most three characters between pairs (the date part).
_SIX = re.compile(r"\d\d.{0,3}\d\d.{0,3}\d\d", re.S)
_CPR = re.compile(rf"(\d\d)({_DSEP})(\d\d){_DSEP}(\d\d){_SEP}(\d{{4}})")
# Every place a CPR-shaped run could start, overlapping ("0072304871357" holds one at 3).
_STARTS = re.compile(rf"(?=\d\d{_DSEP}\d\d{_DSEP}\d\d{_SEP}\d{{4}})")
#: Hangul fillers: blank letters that show as spaces
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
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


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The CPR numbers of ``text``, left to right, not overlapping. Each possible start is
    tried (digits around a match do not save it: "0072304871357" holds 230487-1357)."""
    end = 0
    for start in _STARTS.finditer(text):
        if start.start() < end:
            continue
        m = _CPR.match(text, start.start())
        if m is not None and _is_cpr(m):
            end = m.end()
            yield m


def _skeleton(text: str) -> tuple[str, list[int]]:
    """``text`` as the CPR search sees it, with the offset in ``text`` of each of its
    characters: marks that show nothing of their own (combining accents, variation
    selectors, the grapheme joiner, format characters) are left out, digits of any kind
    (superscript ², circled ①, fullwidth) become ASCII digits, and Hangul fillers spaces.
    So «2️3️0️4️8️7️9️1️7️3️» and «²³⁰⁴⁸⁷⁹¹⁷³» are found like «2304879173»."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isascii():
            out.append(c)
        elif unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        elif c in _FILLERS:
            out.append(" ")
        else:
            d = unicodedata.digit(c, None)
            out.append(str(d) if d is not None else c)
        where.append(i)
    return "".join(out), where


def _found(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, masked form) of each CPR number of ``text``, by offsets in ``text``."""
    if len(text) < 10:
        return
    if text.isascii():
        if _SIX.search(text) is None:
            return
        for m in _matches(text):
            yield m.start(), m.end(), _replace(m)
        return
    skel, where = _skeleton(text)
    if len(skel) < 10 or _SIX.search(skel) is None:
        return
    for m in _matches(skel):
        yield where[m.start()], where[m.end() - 1] + 1, _replace(m)


def mask_cpr(text: str) -> str:
    """Mask every CPR number of ``text`` (in any recognised spelling)."""
    out, last = [], 0
    for start, end, masked in _found(text):
        out += [text[last:start], masked]
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the CPR numbers of ``text`` are (to cut a text without cutting one)."""
    for start, end, _ in _found(text):
        yield start, end


def looks_like_cpr(text: str) -> bool:
    return mask_cpr(text) != text


def no_mask(text: str) -> str:
    return text


def masker(show_cpr: bool) -> Callable[[str], str]:
    from .door import masker as door_masker

    return door_masker(show_cpr)

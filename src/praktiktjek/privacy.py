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
# Its first two digit pairs a day and a month (29 February always counts): _DAYS_IN_MONTH
# as a pattern, so that the search skips what is no date without coming back to Python.
# [0-9] is \d here: the search reads ASCII text, or the skeleton, whose digits are ASCII.
_DATE = (rf"(?=(?:0[1-9]|[12][0-9]){_DSEP}(?:0[1-9]|1[0-2])|30{_DSEP}(?:0[13-9]|1[0-2])"
         rf"|31{_DSEP}(?:0[13578]|1[02]))")
#: _DATE + _CPR, written so that the pattern starts with a choice of literal digits (0–3, the
#: first digit of a day): the regular expression engine then skips every other character
#: without trying the pattern there, about twice as fast over a written line. The same
#: matches, groups included (a Hypothesis property holds it to _DATE + _CPR).
_MONTH = r"(?:0[1-9]|1[0-2])"
_CPR_DATED = re.compile(
    rf"((?:0(?=[1-9]{_DSEP}{_MONTH})|1(?=[0-9]{_DSEP}{_MONTH})|2(?=[0-9]{_DSEP}{_MONTH})"
    rf"|3(?=0{_DSEP}(?:0[13-9]|1[0-2])|1{_DSEP}(?:0[13578]|1[02])))\d)"
    + _CPR.pattern.removeprefix(r"(\d\d)"))
#: the search's pattern (for door.may_join, which looks at a few characters only)
CPR_PATTERN = _CPR_DATED.pattern
#: Hangul fillers: blank letters that show as spaces
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _digits(s: str) -> str:
    # What \d matched: ASCII digits, or another script's decimal digits (Unicode Nd)
    return s if s.isascii() else "".join(str(unicodedata.digit(c)) for c in s)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """The CPR numbers of ``text``, left to right, not overlapping. Each possible start is
    tried (digits around a match do not save it: "0072304871357" holds 230487-1357)."""
    return _CPR_DATED.finditer(text)


def _masked(m: re.Match[str]) -> str:
    return f"{_digits(m.group(1))}{_digits(m.group(3))}{_digits(m.group(4))}-****"


#: how many characters a CPR number needs that the search reads as digits
CPR_DIGITS = 10
_ASCII_DIGITS = b"0123456789"


def few_digits(text: str) -> bool:
    """True when ``text`` has fewer than ten characters that the search could read as a
    digit, and so holds no CPR number: the cheap first look that settles most texts.

    Exact, by the search's own definition: a match is ``\\d\\d … \\d\\d … \\d\\d … \\d{4}``,
    ten characters matched by ``\\d``, in ``text`` itself (ASCII) or in its skeleton, where
    each comes from a character of ``text`` that has a Unicode digit value (an ASCII digit,
    or one ``unicodedata.digit`` turned into one; a character kept as it is cannot match
    ``\\d``, since every decimal digit has a digit value). ``str.isdigit`` is exactly "has a
    digit value" (both read CPython's ``_PyUnicode_ToDigit``; tests/test_privacy.py checks
    every code point), and in ASCII it is exactly 0–9."""
    if text.isascii():
        return len(text) - len(text.encode("ascii").translate(None, _ASCII_DIGITS)) < CPR_DIGITS
    # the ASCII digits counted in UTF-8 (no byte of another character is below 0x80), then
    # the few other characters one by one
    raw = text.encode("utf-8", "surrogatepass")
    ascii_digits = len(raw) - len(raw.translate(None, _ASCII_DIGITS))
    if ascii_digits >= CPR_DIGITS:
        return False
    return ascii_digits + sum(map(str.isdigit, _NON_ASCII.findall(text))) < CPR_DIGITS


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _kept(c: str) -> bool:
    """A character the skeleton keeps as it is (the last branch of :func:`_skeleton`)."""
    return unicodedata.category(c) not in ("Mn", "Me", "Cf") and c not in _FILLERS and not c.isdigit()


def plain_for_search(text: str) -> bool:
    """True when the search reads ``text`` as it is (its skeleton is itself)."""
    return text.isascii() or all(_kept(c) for c in _NON_ASCII.findall(text))


def _skeleton(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the CPR search sees it, with the offset in ``text`` of each of its
    characters: marks that show nothing of their own (combining accents, variation
    selectors, the grapheme joiner, format characters) are left out, digits of any kind
    (superscript ², circled ①, fullwidth) become ASCII digits, and Hangul fillers spaces.
    So «2️3️0️4️8️7️9️1️7️3️» and «²³⁰⁴⁸⁷⁹¹⁷³» are found like «2304879173».
    A text whose characters all stay as they are is its own skeleton (offsets ``None``)."""
    if all(_kept(c) for c in _NON_ASCII.findall(text)):
        return text, None
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


def _found(text: str) -> list[tuple[int, int, str]]:
    """(start, end, masked form) of each CPR number of ``text``, by offsets in ``text``."""
    if len(text) < 10 or few_digits(text):
        return []
    return _search(text)


def _search(text: str) -> list[tuple[int, int, str]]:
    """The search itself, without the first look of :func:`few_digits` (which the tests
    hold against it)."""
    where: list[int] | None = None
    skel = text
    if not text.isascii():
        skel, where = _skeleton(text)
        if len(skel) < 10:
            return []
    if _SIX.search(skel) is None:
        return []
    if where is None:
        return [(m.start(), m.end(), _masked(m)) for m in _matches(skel)]
    return [(where[m.start()], where[m.end() - 1] + 1, _masked(m)) for m in _matches(skel)]


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

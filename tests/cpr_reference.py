"""The CPR search and the door's cleaning exactly as they were before the fast paths of
issue #12 (src/praktiktjek/privacy.py and door.py at commit f9f3b75), kept verbatim as
the reference the differential tests in test_privacy.py hold the current code to. Not
used by the package.

Review 8 widened the definition (findings 2 and 10): a character whose NFKC form holds
digits is read as that form (⑫ as 12), a modifier letter that is no letter shape (ー, ˉ, ː)
as a dash, a four-digit year (12.12.1987) and a serial split in two pairs after a separator
(121287-13 57) count. Written here the plain way (NFKC of each character, no tables), so
that the fast code's tables and first looks are still held to an independent reading."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# A separator: up to eight characters that are neither letters, digits nor '*' (spaces,
# dashes, slashes, dots, brackets, U+FFFD left by cleaning, …); inside the date part one.
# One separator character: not a letter, digit or '*' — or a literal escape such as the
# text \x07 or \u0007 that a repr() leaves where a control character was.
_ONE = r"(?:[^\w*\\]|_|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\[abfnrtv0]|\\)"
_SEP = _ONE + "{0,8}"
_DSEP = r"(?:[^\w*]|_){0,3}"
# A cheap first look: six digits, at most three characters between pairs (the date part).
_SIX = re.compile(r"\d\d.{0,3}\d\d.{0,3}\d\d", re.S)
_GAP = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{1,3}"
_SERIAL = rf"(\d{{4}}|(?<![0-9])\d\d{_GAP}\d\d)"
# blanks (NBSP too) and every dash (Unicode 14's Pd, and minus) — review 21 cli F6; written
# out, not computed at import (a walk over every code point costs a start-up ~0.3 s)
_YEAR_DASH = (r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]{0,3}"
              r"[\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030"
              r"\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212]")  # a four-digit year only before a dash
_CPR = re.compile(rf"(\d\d)({_DSEP})(\d\d){_DSEP}(?:(?:1[89]|20)(?=\d\d{_YEAR_DASH}))?(\d\d){_SEP}{_SERIAL}")
# Every place a CPR-shaped run could start, overlapping ("0072304871357" holds one at 3).
_STARTS = re.compile(rf"(?=\d\d{_DSEP}\d\d{_DSEP}(?:(?:1[89]|20)(?=\d\d{_YEAR_DASH}))?\d\d{_SEP}{_SERIAL})")
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


def _every(text: str) -> list[re.Match[str]]:
    """Every reading of a CPR number in ``text``, at every possible start (digits around
    a match do not save it: "0072304871357" holds 230487-1357), overlapping."""
    every = []
    for start in _STARTS.finditer(text):
        m = _CPR.match(text, start.start())
        if m is not None and _is_cpr(m):
            every.append(m)
    return every


def _shown(text: str, every: list[re.Match[str]]) -> list[re.Match[str]]:
    """Review 19: of overlapping readings, one with no digit right before or after it is
    shown before one glued to a digit; among readings alike the leftmost."""
    def glued(m: re.Match[str]) -> bool:
        return (m.start() > 0 and text[m.start() - 1].isdigit()) or (m.end() < len(text) and text[m.end()].isdigit())

    kept: list[re.Match[str]] = []
    for want_glued in (False, True):
        for m in every:
            if glued(m) == want_glued and not any(m.start() < k.end() and k.start() < m.end() for k in kept):
                kept.append(m)
    return sorted(kept, key=lambda m: m.start())


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
        elif not c.isdigit() and any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c)):
            for ch in unicodedata.normalize("NFKC", c):
                out.append(str(unicodedata.digit(ch)) if ch.isdigit() else ch)
                where.append(i)
            continue
        elif unicodedata.category(c) == "Lm" and all(
                unicodedata.category(ch) == "Lm" for ch in unicodedata.normalize("NFKC", c)):
            out.append("-")
        else:
            d = unicodedata.digit(c, None)
            out.append(str(d) if d is not None else c)
        where.append(i)
    return "".join(out), where


def _found(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, masked form) of each CPR number of ``text``, by offsets in ``text``.
    Review 20: every serial digit of every reading is starred — a shown reading as
    ``ddmmyy-****``, or as written with the serial digits of others in it starred, and
    a serial digit of another reading outside the shown ones starred where it stands."""
    if text.isascii():
        if _SIX.search(text) is None:
            return
        skel, where = text, list(range(len(text)))
    else:
        skel, where = _skeleton(text)
        if len(skel) < 10 or _SIX.search(skel) is None:
            return
        # review 21 F5: a left-out mark between two digits is a blank where that hides more
        gaps = [k for k in range(1, len(skel))
                if where[k] > where[k - 1] + 1 and skel[k - 1].isdigit() and skel[k].isdigit()]
        for k in reversed(_open_gaps(skel, gaps)):
            skel = skel[:k] + " " + skel[k:]
            where = [*where[:k], where[k - 1] + 1, *where[k:]]
    every = _every(skel)
    star = set()
    for m in every:
        for i in range(m.start(5), m.end(5)):
            if skel[i].isdigit():
                star.add(i)
    out = []
    covered = set()
    for m in _shown(skel, every):
        covered.update(range(m.start(), m.end()))
        own = set(range(m.start(5), m.end(5)))
        inside = {i for i in star if m.start() <= i < m.end()}
        start, end = where[m.start()], where[m.end() - 1] + 1
        if inside <= own:
            out.append((start, end, _replace(m)))
        else:
            hidden = {where[i] for i in inside}
            out.append((start, end, "".join("*" if j in hidden else text[j] for j in range(start, end))))
    for j in sorted({where[i] for i in star - covered}):
        out.append((j, j + 1, "*"))
    yield from sorted(out)


def _hidden(text: str, found: list[tuple[int, int, str]]) -> set[int]:
    """The places of ``text`` whose digits ``found`` hides: the stars of a number starred
    in place, else the last four digits of the number."""
    out: set[int] = set()
    for s, e, masked in found:
        if len(masked) == e - s and all(a == b or a == "*" for a, b in zip(masked, text[s:e], strict=True)):
            out |= {s + i for i in range(e - s) if masked[i] == "*" and text[s + i] != "*"}
        else:
            digits = [j for j in range(s, e)
                      if any(ch.isdigit() for ch in unicodedata.normalize("NFKC", text[j]))]
            n = 0
            for j in reversed(digits):
                if n >= 4:
                    break
                n += sum(ch.isdigit() for ch in unicodedata.normalize("NFKC", text[j])) if not text[j].isdigit() else 1
                out.add(j)
    return out


def _hidden_with(text: str, blanks: list[int]) -> set[int]:
    spaced, at = text, list(range(len(text)))
    for k in sorted(blanks, reverse=True):
        spaced = spaced[:k] + " " + spaced[k:]
        at = [*at[:k], -1, *at[k:]]
    return {at[i] for i in _hidden(spaced, list(_found(spaced)))}


def _open_gaps(text: str, gaps: list[int]) -> list[int]:
    """Review 21 F5: of the places where something that shows nothing stood between two
    digits, in order, those where a blank hides more digits and none fewer."""
    maybe = [k for k in gaps if re.match(r"\d\D{0,4}\d\D{1,12}\d", text[k:])]
    if len(maybe) > 1 and _hidden_with(text, maybe) > _hidden_with(text, []):
        return maybe  # all at once, where that hides more and nothing less
    chosen: list[int] = []
    for k in maybe:
        if _hidden_with(text, [*chosen, k]) > _hidden_with(text, chosen):
            chosen.append(k)
    return chosen


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
    for start, end, _ in _found(text):
        yield start, end


# --------------------------------------------------------------------------- door.clean
_SEQ = r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[@-Z\\-_]?"
_CHARS = (r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029"
          r"\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
_CONTROL = re.compile(f"{_SEQ}|{_CHARS}|[\n\r\t]|[\ud800-\udfff]")
_CONTROL_KEEP_LINES = re.compile(f"{_SEQ}|{_CHARS}|[\r\t]|[\ud800-\udfff]")
_CONTROL_PATH = re.compile(f"{_SEQ}|{_CHARS}|[\ud800-\udfff]")
_SPACE = frozenset("\n\r\t\u2028\u2029")


def _sub(m: re.Match[str]) -> str:
    s = m.group(0)
    if s in _SPACE:
        return " "
    if "\ud800" <= s <= "\udfff":
        return "\ufffd"
    return ""


def clean(text: str, *, keep_newlines: bool = False) -> str:
    """Step 1: remove what could colour, move or rewrite a terminal, break XML or an
    encoder; newlines and tabs become spaces (unless ``keep_newlines``)."""
    if text.isprintable():  # everything removed below is unprintable: the common case
        return text
    pattern = _CONTROL_KEEP_LINES if keep_newlines else _CONTROL
    out, gaps = "", []
    last = 0
    for m in pattern.finditer(text):
        out += text[last:m.start()]
        put = _sub(m)
        if not put and out and (not gaps or gaps[-1] != len(out)):
            gaps.append(len(out))
        out += put
        last = m.end()
    out += text[last:]
    gaps = [k for k in gaps if k < len(out) and _digit_before(out, k) and _is_digit(out[k])]
    for k in reversed(_open_gaps(out, gaps)):  # review 21 F5
        out = out[:k] + " " + out[k:]
    return out


def _is_digit(c: str) -> bool:
    return any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c))


def _digit_before(text: str, k: int) -> bool:
    j = k - 1
    while j > 0 and unicodedata.category(text[j]) in ("Mn", "Me", "Cf"):
        j -= 1
    return _is_digit(text[j])



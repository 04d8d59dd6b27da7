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
  Hangul fillers as spaces;
* a digit is any character with a Unicode digit value, and a character whose NFKC form
  holds digits counts as that form: ``⑫`` is 12, ``⒓`` is ``12.``, ``⑿`` is ``(12)``,
  ``㉓`` is 23 (so ``⑫⑫87-1357`` is 121287-1357);
* a separator is also a modifier letter (Unicode Lm) whose NFKC form is modifier letters
  only — a line, mark or prime, not a small raised letter: ``ー ˉ ˍ ː ʼ`` count as a dash,
  ``ʰ ᵃ`` (NFKC ``h``, ``a``) are letters; every dash of Unicode class Pd already is one;
* the year may be written with four digits, 18, 19 or 20 first, when a dash follows it
  (``12.12.1987-1357``, ``12121987-1357``), still shown as ``ddmmyy-****``;
* the serial may be split in two pairs by up to three blanks (spaces, no line break), when
  something stands between year and serial (``121287-13 57``, ``12 12 87 13 57``) — also
  a mark that shows nothing, or a character the door's cleaning removed, where reading it
  as a separator finds a number that the glued digits hide (:func:`open_gaps`; review 21,
  F5: ``14.03.05`` + soft hyphen + ``68 43``).

Not recognised: digits each set apart (``2 3 0 4 8 7 1 3 5 7``), a serial split otherwise
(``121287-13:57``, or after a four-digit year: ``28.03.2021 10 30``,
``28.03.2021 10:30``) and more than eight characters between date
and serial: a rule that found them would also mask ordinary text such as
"28-03-2021 (42 dage)"; nor a four-digit year followed by anything but a dash
(``28.03.2021 1030``, ``Løn 01-03-2021: 1500 kr``): that is a date and something else.

Digits of any script count (``２３０４８７１３５７``). Digits around a match do not save it:
a CPR number glued into a longer run of digits (``0072304871357``) is masked too, which
may also mask part of a long number whose digits happen to form a valid date; that is the
safe side. Where readings overlap («12.05 121287-1357»: «12.05 12|1287» and «121287-1357»)
every reading's serial digits are starred (:func:`_starred`), so no choice between them can
leave a real number's serial shown. An eleven-digit number with no valid date in it (``12345678901``) is left as it
is. It is shown as ``ddmmyy-****`` (ASCII digits). Company identifiers (CVR,
P-number) are never passed through here, so they are never masked, even when they look
like a date.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

# A separator: up to eight characters that are neither letters, digits nor '*' (spaces,
# dashes, slashes, dots, brackets, U+FFFD left by cleaning, …); inside the date part one.
# One separator character: not a letter, digit or '*' — or a literal escape such as the
# text \x07 or \u0007 that a repr() leaves where a control character was.
_ONE = r"(?:[^\w*\\]|_|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\[abfnrtv0]|\\)"
_SEP = _ONE + "{0,8}"
_DSEP = r"(?:[^\w*]|_){0,3}"
# A cheap first look: six digits, at most three characters between pairs (the date part).
_SIX = re.compile(r"\d\d.{0,3}\d\d.{0,3}\d\d", re.S)
# Blanks that may split the serial in two pairs (121287-13 57): spaces and tab, no line
# break; only after a separator (else «28.03.2021 10:30» would read as 280320-2110).
_GAP = r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]{1,3}"
# The year: two digits, or four (18, 19 or 20 before them) when a dash follows it, as in
# a CPR number written 12.12.1987-1357 — not a space or colon: «Løn 01-03-2021: 1500 kr»,
# «12.05.2021 1234 Aalborg» and «01.03.2021 12 30» are a date and something else
# (review 10, finding 4).
# blanks (NBSP too) and every dash (Unicode 14's Pd, and minus) — review 21 cli F6; written
# out, not computed at import (a walk over every code point costs a start-up ~0.3 s)
_YEAR_DASH = (r"[^\S\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]{0,3}"
              r"[\-\u058a\u05be\u1400\u1806\u2010-\u2015\u2e17\u2e1a\u2e3a\u2e3b\u2e40\u2e5d\u301c\u3030"
              r"\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212]")  # every dash, and minus
_CPR = re.compile(rf"(\d\d)({_DSEP})(\d\d){_DSEP}(?:(?:1[89]|20)(?=\d\d{_YEAR_DASH}))?(\d\d){_SEP}"
                  rf"(\d{{4}}|(?<![0-9])\d\d{_GAP}\d\d)")
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
#: Characters with no digit value whose NFKC form holds digits: numbers 10-50 in circles or
#: parentheses (⑫ ⑿ ㉓), numbers with a full stop (⒓), fractions (¼ → 1⁄4), ideographic
#: telegraph symbols (㋀ → 1月). The skeleton reads each as its NFKC form. Generated from the
#: Unicode database; tests/test_privacy.py checks it against every code point.
_NFKC_DIGITS = re.compile("[\u00bc-\u00be\u2150-\u215f\u2189\u2469-\u2473\u247d-\u2487\u2491-\u249b"
                          "\u3251-\u325f\u32b1-\u32cb\u3358-\u3370\u3378-\u3379\u339f-\u33a6\u33a8\u33af"
                          "\u33e0-\u33fe]")
_DAYS_IN_MONTH = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _digits(s: str) -> str:
    # What \d matched: ASCII digits, or another script's decimal digits (Unicode Nd)
    return s if s.isascii() else "".join(str(unicodedata.digit(c)) for c in s)


def _readings(text: str) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """(the readings shown as ``ddmmyy-****``, every reading) of ``text``: each possible
    start is tried (digits around a match do not save it: "0072304871357" holds
    230487-1357).

    Readings can overlap: in «uge 12 1212871357» «12 12 12 8713» is one, «1212871357»
    another. One of them is shown in the usual form — one clear of other digits before one
    glued to a digit, then the leftmost — and :func:`_search` stars the serial digits of
    every other reading too, so no choice can leave a real number's serial shown (review
    19, review 20)."""
    first = list(_CPR_DATED.finditer(text))
    if not first or all(_alone(text, m) for m in first):
        return first, first  # no other reading can share a character with these
    every = [m for s in _CAN_START.finditer(text) if (m := _CPR_DATED.match(text, s.start())) is not None]
    return choose(every, lambda m: clear(text, m.start(), m.end())), every


#: where a reading can start: the first digit of a day
_CAN_START = re.compile(r"[0-3]")
#: how far a reading reaches: two pairs and a year (three separators of three), eight
#: separator characters, four serial digits with a gap of three — any reading that shares a
#: character with another starts or ends within this many characters of it
_REACH = 40


def _alone(text: str, m: re.Match[str]) -> bool:
    """No other reading can overlap ``m``: it is short (no four-digit year, at most one
    separator), and on each side the characters up to the first letter or ``*`` (which no
    reading crosses) hold no digit, within reach. A backslash nearby may begin a literal
    escape, which a reading takes as a separator: then it is not alone."""
    if m.end() - m.start() > 11:
        return False
    before = text[max(0, m.start() - _REACH):m.start()]
    after = text[m.end():m.end() + _REACH]
    return _side_clear(reversed(before)) and _side_clear(after)


def _side_clear(chars: Iterable[str]) -> bool:
    for c in chars:
        if c.isdigit() or c == "\\":
            return False
        if c == "*" or (c.isalpha() and c != "_"):
            return True
    return True


def clear(text: str, start: int, end: int) -> bool:
    """No digit right before ``start`` or right at ``end`` (a reading not glued to others)."""
    return not (start > 0 and text[start - 1].isdigit()) and not (end < len(text) and text[end].isdigit())


def choose(every: list[re.Match[str]], is_clear: Callable[[re.Match[str]], bool]) -> list[re.Match[str]]:
    """The readings shown of ``every`` (all readings, at every start, in order of start):
    the clear ones first, leftmost first, not overlapping; then the others that overlap
    none kept, leftmost first. In order of start. Linear but for the sort and a binary
    search per glued reading (review 20: a text of 80,000 digits)."""
    kept: list[re.Match[str]] = []
    end = -1
    for m in every:  # in order of start: the leftmost clear ones that overlap no kept one
        if is_clear(m) and m.start() >= end:
            kept.append(m)
            end = m.end()
    starts = [k.start() for k in kept]
    ends = [k.end() for k in kept]
    for m in every:
        if is_clear(m):
            continue
        i = bisect.bisect_right(starts, m.start())  # kept ones start in order and do not overlap
        if (i > 0 and ends[i - 1] > m.start()) or (i < len(starts) and starts[i] < m.end()):
            continue
        starts.insert(i, m.start())
        ends.insert(i, m.end())
        kept.insert(i, m)
    return kept


def _masked(m: re.Match[str]) -> str:
    return f"{_digits(m.group(1))}{_digits(m.group(3))}{_digits(m.group(4))}-****"


#: how many characters a CPR number needs that the search reads as digits
CPR_DIGITS = 10

#: A citizen id that is a CPR number as a record writes it: six digits, an optional
#: hyphen, four digits (``010190-1234``, ``0101901234``). The records of one person are
#: linked by its ten digits, however it is spelt (U11); any other id as it is.
CPR_ID = re.compile(r"([0-9]{6})-?([0-9]{4})")
_ASCII_DIGITS = b"0123456789"


@functools.lru_cache(maxsize=1024)
def _expanded(c: str) -> str:
    """A character of :data:`_NFKC_DIGITS` as the skeleton reads it: its NFKC form, digits
    as ASCII digits (⒓ → ``12.``)."""
    return "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch
                   for ch in unicodedata.normalize("NFKC", c))


@functools.lru_cache(maxsize=1024)
def dash_letter(c: str) -> bool:
    """A modifier letter (Unicode Lm) that shows as a line, a mark or a prime rather than a
    letter — its NFKC form is modifier letters only (ー ˉ ˍ ː ʼ 々; not ʰ or ᵃ, whose NFKC
    form is the letter h or a): the search reads it as a separator, like a dash."""
    return unicodedata.category(c) == "Lm" and \
        all(unicodedata.category(ch) == "Lm" for ch in unicodedata.normalize("NFKC", c))


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
    n = len(raw) - len(raw.translate(None, _ASCII_DIGITS))
    if n >= CPR_DIGITS:
        return False
    n += sum(map(str.isdigit, _NON_ASCII.findall(text)))
    if n >= CPR_DIGITS:
        return False
    for c in _NFKC_DIGITS.findall(text):  # ⑫ is two digits in the skeleton
        n += sum(map(str.isdigit, _expanded(c)))
    return n < CPR_DIGITS


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)  # a text's letters repeat (æ, ø, å)
def _kept(c: str) -> bool:
    """A character the skeleton keeps as it is (the last branch of :func:`_skeleton`)."""
    cat = unicodedata.category(c)
    if cat in ("Mn", "Me", "Cf") or c in _FILLERS or c.isdigit() or _NFKC_DIGITS.match(c):
        return False
    return cat != "Lm" or not dash_letter(c)


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
        elif _NFKC_DIGITS.match(c):
            wide = _expanded(c)
            out.append(wide)
            where.extend([i] * (len(wide) - 1))
        elif dash_letter(c):
            out.append("-")
        else:
            d = unicodedata.digit(c, None)
            out.append(str(d) if d is not None else c)
        where.append(i)
    return "".join(out), where


def _found(text: str) -> list[tuple[int, int, str]]:
    """(start, end, masked form) of each CPR number of ``text``, by offsets in ``text``."""
    if len(text) < 4 or few_digits(text):  # a character is at most three digits in NFKC
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
    if where is not None:
        skel, where = _with_gaps(skel, where)
    shown, every = _readings(skel)
    if shown is every:  # the common case: no reading overlaps another
        if where is None:
            return [(m.start(), m.end(), _masked(m)) for m in shown]
        return [(where[m.start()], where[m.end() - 1] + 1, _masked(m)) for m in shown]
    return _starred(text, skel, where, shown, every)


def _with_gaps(skel: str, where: list[int]) -> tuple[str, list[int]]:
    """The skeleton with a blank where a mark it leaves out stood between two digits and
    reading it as a separator finds a CPR number that the digits glued together hide
    (:func:`open_gaps`): «14.03.05\u034f68 43» is 140305-68 43 (review 21, F5)."""
    gaps = [k for k in range(1, len(skel))
            if where[k] > where[k - 1] + 1 and skel[k - 1].isdigit() and skel[k].isdigit()]
    chosen = open_gaps(skel, gaps) if gaps else []
    if not chosen:
        return skel, where
    out, at, last = [], [], 0
    for k in chosen:
        out += [skel[last:k], " "]
        at += where[last:k]
        at.append(where[k - 1] + 1)  # the first character left out
        last = k
    out.append(skel[last:])
    at += where[last:]
    return "".join(out), at


#: after a gap, the shape that only a separator there lets the search read: the two pairs
#: of a split serial (``(?<![0-9])\d\d{_GAP}\d\d``), with room for marks between digits
_MAY_SPLIT = re.compile(r"\d\D{0,4}\d\D{1,12}\d")
#: how far either side of a gap a reading that the gap can change may reach
_GAP_WINDOW = 2 * _REACH


def open_gaps(text: str, gaps: Iterable[int]) -> list[int]:
    """Of ``gaps`` — places in ``text`` (in order) where something that shows nothing stood
    between two digits and was left out — those to read as a separator (a blank): where a
    blank lets the search find a CPR number that the digits glued together hide, and hides
    no digit less. A serial split in two pairs needs a separator before it
    (``14.03.05 68 43``); the same digits glued (``14.03.0568 43``) are a date and a time
    to the search, so a soft hyphen or a zero-width space between year and serial would
    else show the whole number (review 21, F5). A gap inside a pair (``1403\u200b05…``)
    stays glued: a blank there would hide a number the search finds now."""
    maybe = [k for k in gaps if _MAY_SPLIT.match(text, k) is not None]
    if len(maybe) > 1 and _hidden_with(text, maybe) > _hidden_with(text, []):
        return maybe  # all at once: a text of many such numbers costs two searches, not two a gap
    chosen: list[int] = []
    for k in maybe:
        lo, hi = max(0, k - _GAP_WINDOW), min(len(text), k + _GAP_WINDOW)
        near = [g - lo for g in chosen if lo < g < hi]
        window = text[lo:hi]
        if _hidden_with(window, [*near, k - lo]) > _hidden_with(window, near):
            chosen.append(k)
    return chosen


def _hidden_with(text: str, blanks: list[int]) -> set[int]:
    """The places of ``text`` whose digits the masking hides, with a blank before each
    place of ``blanks`` (in order)."""
    out: list[str] = []
    at: list[int] = []
    last = 0
    for k in blanks:
        out += [text[last:k], " "]
        at += range(last, k)
        at.append(-1)
        last = k
    out.append(text[last:])
    at += range(last, len(text))
    spaced = "".join(out)
    return {at[i] for i in hidden(spaced, _found(spaced))}


def hidden(text: str, found: Iterable[tuple[int, int, str]]) -> set[int]:
    """The places of ``text`` whose digits ``found`` (the search's replacements) hide: the
    stars of a number starred in place, the serial — the last four digits — of one shown
    ``ddmmyy-****``."""
    out: set[int] = set()
    for s, e, masked in found:
        written = text[s:e]
        if len(masked) == e - s and all(a == b or a == "*" for a, b in zip(masked, written, strict=True)):
            out.update(s + i for i, a in enumerate(masked) if a == "*" and written[i] != "*")
            continue
        n, j = 0, e
        while n < 4 and j > s:
            j -= 1
            c = text[j]
            if c.isdigit():
                n += 1
                out.add(j)
            elif _NFKC_DIGITS.match(c):
                n += sum(map(str.isdigit, _expanded(c)))
                out.add(j)
    return out


def _starred(text: str, skel: str, where: list[int] | None,
             shown: list[re.Match[str]], every: list[re.Match[str]]) -> list[tuple[int, int, str]]:
    """The replacements when readings overlap: each shown reading as ``ddmmyy-****`` —
    or, when the serial of another reading lies in its date digits, as written with those
    digits starred — and every serial digit of every other reading outside them starred
    where it stands («12.05 121287-1357» → «120512-****-****»)."""
    at = (lambda i: i) if where is None else (lambda i: where[i])
    star = sorted({i for m in every for i in range(*m.span(5)) if skel[i].isdigit()})
    out: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    for m in shown:
        covered.update(range(m.start(), m.end()))
        inside = star[bisect.bisect_left(star, m.start()):bisect.bisect_left(star, m.end())]
        start, end = at(m.start()), at(m.end() - 1) + 1
        if all(m.start(5) <= i < m.end(5) for i in inside):
            out.append((start, end, _masked(m)))
        else:
            hidden = {at(i) for i in inside}
            out.append((start, end, "".join("*" if j in hidden else text[j] for j in range(start, end))))
    for j in sorted({at(i) for i in star if i not in covered}):
        out.append((j, j + 1, "*"))
    return sorted(out)


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


#: what a spreadsheet's number format writes between the digit groups of a number
#: (``3.107.925.813``, ``3 107 925 813``, ``3,107,925,813``, ``3'107'925'813``) and the
#: separators a person writes in a CPR number
_GROUPING = frozenset(" .,'\u2019-_/\u00a0\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212")
#: a decimal part of zeros a spreadsheet adds to a number (``101901234.0``)
_ZERO_DECIMALS = re.compile(r"[.,]0+$")


def person_cpr(text: str) -> str | None:
    """The CPR number (``ddmmyy-xxxx``) that the value of a *citizen's id* stands for, or
    None. An id field holds one identifier, so it is read as a whole, as a spreadsheet
    leaves it: its separators removed (a number format's thousands points, spaces,
    commas, apostrophes; the dashes and slashes a person writes), a decimal part of zeros
    dropped (``101901234.0``), and a leading zero restored when nine digits are left —
    Excel drops it from every CPR number of a person born on the 1st–9th of a month
    (``0101901234`` → ``101901234``). Nine or ten digits whose first six are a real day
    and month are a CPR number (review 11, finding 2).

    Only for a value known to be a person's id: in free text nine digits are an amount or
    a phone number, and thousands points an amount (``1.234.567.890 kr``)."""
    text = text.strip()
    # «101901234.0» has a decimal part of zeros; in «101.000.000» the last «.000» is a
    # thousands group: three zeros after a separator that groups the digits before it too
    m = _ZERO_DECIMALS.search(text)
    if m is not None and not (len(m.group(0)) == 4 and text[m.start()] in text[:m.start()]):
        text = text[:m.start()]
    return _cpr_digits(text)


def _cpr_digits(text: str) -> str | None:
    digits = []
    for c in text:
        if c.isdigit():
            digits.append(str(unicodedata.digit(c)))
        elif c not in _GROUPING:
            return None
    if len(digits) == 9:
        digits.insert(0, "0")
    if len(digits) != CPR_DIGITS:
        return None
    dd, mm = int("".join(digits[:2])), int("".join(digits[2:4]))
    if not (1 <= mm <= 12 and 1 <= dd <= _DAYS_IN_MONTH[mm]):
        return None
    return "".join(digits[:6]) + "-" + "".join(digits[6:])


def looks_like_cpr(text: str) -> bool:
    return mask_cpr(text) != text


def no_mask(text: str) -> str:
    return text


def masker(show_cpr: bool) -> Callable[[str], str]:
    from .door import masker as door_masker

    return door_masker(show_cpr)

"""The one door every text passes on its way to any output (issue #9).

Order matters and is fixed here, never at the call site:

1. **clean** — control characters (C0, DEL, C1 such as ``\\x9b``), ANSI/OSC escape
   sequences, invisible format characters (zero-width spaces, bidi overrides) and lone
   surrogates go; a lone surrogate (a non-UTF-8 file name) becomes U+FFFD. Cleaning
   first means ``"230487\\u00071357"`` becomes ``2304871357`` *before* the CPR search.
2. **mask** — CPR numbers in every recognised spelling (see :mod:`praktiktjek.privacy`)
   become ``ddmmyy-****`` unless the user asked for ``--show-cpr``.
3. **escape** — for the format (XML, HTML, CSV formulas, GitHub commands, rich markup);
   JSON is escaped by the encoder.

Texts are cut only after masking (:func:`cut`), so a cut can never leave half a CPR.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .privacy import CPR_PATTERN as _CPR_PATTERN
from .privacy import mask_cpr, open_gaps, person_cpr, plain_for_search, spans

# ANSI CSI (ESC [ … final) and OSC (ESC ] … BEL or ST), other two-byte ESC sequences, and
# then every single character that must not reach an output: C0 and C1 controls, DEL,
# soft hyphen, bidi and zero-width format characters, BOM, interlinear annotations, tags,
# and surrogates (only lone ones can occur in a str).
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
    if _GLUED.search(text) is None:
        return pattern.sub(_sub, text)
    return _glued(text, pattern)


#: a character that cleaning removes right before a digit: it may stand between two digits
_GLUED = re.compile(rf"(?:{_SEQ}|{_CHARS})(?=\d)")


def _glued(text: str, pattern: re.Pattern[str]) -> str:
    """:func:`clean` of a text where a removed character stood before a digit: where it
    stood between two digits and reading it as a separator finds a CPR number that the
    digits glued together hide (a soft hyphen between year and serial of «14.03.05­68 43»),
    a blank takes its place, so that the mask after cleaning finds the number (review 21,
    F5; privacy.open_gaps)."""
    out: list[str] = []
    size, last = 0, 0
    gaps: list[int] = []
    for m in pattern.finditer(text):
        kept = text[last:m.start()]
        out.append(kept)
        size += len(kept)
        put = _sub(m)
        if not put and (not gaps or gaps[-1] != size):
            gaps.append(size)
        out.append(put)
        size += len(put)
        last = m.end()
    out.append(text[last:])
    joined = "".join(out)
    return _blanks(joined, [k for k in gaps if 0 < k < len(joined) and _digit_at(joined, k)])


def _digit_at(text: str, k: int) -> bool:
    """Whether a digit stands at ``k`` and one before it (marks that show nothing between)."""
    if not _digit_char(text[k]):
        return False
    j = k - 1
    while j > 0 and unicodedata.category(text[j]) in ("Mn", "Me", "Cf"):
        j -= 1
    return _digit_char(text[j])


def _digit_char(c: str) -> bool:
    return c.isdigit() or (not plain_for_search(c) and any(map(str.isdigit, unicodedata.normalize("NFKC", c))))


def _blanks(text: str, gaps: list[int]) -> str:
    """``text`` with a blank at each gap that :func:`privacy.open_gaps` opens."""
    chosen = open_gaps(text, gaps) if gaps else []
    if not chosen:
        return text
    out, last = [], 0
    for k in chosen:
        out += [text[last:k], " "]
        last = k
    out.append(text[last:])
    return "".join(out)


def text(value: Any, mask: Callable[[str], str] = mask_cpr, *, keep_newlines: bool = False) -> str:
    """Steps 1 and 2: any value as a clean, masked text."""
    return mask(clean(value if isinstance(value, str) else str(value), keep_newlines=keep_newlines))


def opt(value: Any, mask: Callable[[str], str] = mask_cpr) -> str | None:
    return None if value is None else text(value, mask)


def person_id(value: str, mask: Callable[[str], str] = mask_cpr) -> str:
    """A citizen's id as every output shows it: cleaned and masked like any text, and
    masked as a CPR number also when a spreadsheet wrote it as a number — without its
    leading zero (``101901234``) or with thousands points (``3.107.925.813``): the field
    says whose number it is (privacy.person_cpr; review 11, finding 2). Shown
    ``ddmmyy-****`` then, as any CPR number; with ``--show-cpr`` as written (cleaned).
    Idempotent, as the door is: a masked id stays as it is."""
    cleaned = clean(value)
    shown = mask(cleaned)
    cpr = person_cpr(cleaned)
    if cpr is None:
        return shown
    masked = mask(cpr)
    return shown if masked == cpr else masked  # the mask left a CPR number: --show-cpr


@dataclass(frozen=True, slots=True)
class Shown:
    """A message fact made of pieces that each passed the door: ``keep`` are the pieces
    that are a company's CVR or P-number as written (cleaned), never masked (the
    contract: company identifiers are not personal data); the rest is masked."""

    text: str
    keep: tuple[str, ...] = ()


def except_kept(value: Shown, mask: Callable[[str], str]) -> str:
    """``value.text`` cleaned and masked except for its kept pieces, which stay as
    written. A CPR number read across a kept piece and its neighbours is left to
    :func:`across` (the caller joins the pieces into a message)."""
    text = clean(value.text)
    keep = sorted({k for k in map(clean, value.keep) if k}, key=len, reverse=True)
    if not keep:
        return mask(text)
    out, last = [], 0
    for m in re.finditer("|".join(map(re.escape, keep)), text):
        out += [mask(text[last:m.start()]), m.group(0)]
        last = m.end()
    out.append(mask(text[last:]))
    return "".join(out)


#: characters that show nothing and that no keyboard user can see in a cell: control and
#: format characters (zero-width space, soft hyphen, BOM, bidi marks) and the other
#: default-ignorable code points (variation selectors, the grapheme joiner, Hangul fillers)
_IGNORABLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0")


def _invisible(c: str) -> bool:
    if c in "\t\n\r":
        return False
    return shows_nothing(c)


def shows_nothing(c: str) -> bool:
    """A character that shows nothing: a control or format character, a default-ignorable
    code point, a variation selector (what the door's cleaning and the CPR search drop)."""
    return unicodedata.category(c) in ("Cc", "Cf") or c in _IGNORABLE \
        or "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"


def _whole(text: str) -> list[tuple[int, int]]:
    """Where a cut must not fall: the CPR numbers of ``text``, a reading that overlaps
    another given as the single digits it stars (``privacy._starred``) joined into one
    stretch with what stands close beside (at most two characters between), so that a cut
    never leaves a serial digit that the masking of the cut text no longer recognises
    (review 21 cli F2: «12.05 121287-9468» cut to «… 120512-****-946…»)."""
    return _joined(spans(text))


def _joined(found: Iterable[tuple[int, int]], *, pieces_only: bool = False) -> list[tuple[int, int]]:
    """:func:`_whole` of the spans ``found`` (the search's, done once by the caller)."""
    out: list[tuple[int, int]] = []
    single = False  # the last span joined was one starred digit
    for s, e in sorted(found):
        # ``pieces_only``: join only where a one-digit piece is involved (two whole numbers
        # side by side, each in its own field, stay two)
        if out and s <= out[-1][1] + 2 and (not pieces_only or single or e - s == 1):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
        single = e - s == 1
    return out


def _tail(text: str, limit: int) -> str:
    """The end of ``text``, about ``limit`` characters, never starting inside a CPR number
    (the cut moves before it, so that masking still sees all of it)."""
    if len(text) <= limit:
        return text
    start = len(text) - limit
    for s, e in _whole(text):
        if s < start < e:
            start = s
    return text if start == 0 else "…" + text[start:]


def invisible_note(value: str) -> tuple[str, str] | None:
    """(Danish, English) words saying where the first character that shows nothing is in
    ``value``, or None when it has none: a value the door cleans for the echo would else
    read as right («28-03-2021» er ikke en dato) — review 11, finding 4. The quoted text
    around it is cleaned, and a CPR number in the value is starred in place (unless
    ``--show-cpr``); the caller masks the words like the rest of its message."""
    found = [i for i, c in enumerate(value) if _invisible(c)]
    if not found:
        return None
    i = found[0]
    code = f"U+{ord(value[i]):04X}"
    visible: list[str] = []
    gaps: list[int] = []
    for c in value:
        if not _invisible(c):
            visible.append(c)
        elif visible and (not gaps or gaps[-1] != len(visible)):
            gaps.append(len(visible))
    joined = clean("".join(visible))  # no character left that cleaning removes: same length
    # a character that shows nothing between year and serial parts them (review 21 F5)
    joined = _blanks(joined, [k for k in gaps if k < len(joined) and _digit_at(joined, k)])
    head, tail = joined[:i], joined[i:]  # a blank at the first character's place is the tail's
    # A CPR number is masked as the whole value reads, in place, before the words are cut
    # from it: «120249-334» alone (the part before a character inside the serial) is no
    # CPR number to the mask and would show nine digits (review 19)
    whole = across(head + tail, [])
    before, after = whole[:len(head)].strip(), whole[len(head):].strip()
    n = len(found)
    if not before and not after:
        return (f"består kun af usynlige tegn ({code})", f"holds only invisible characters ({code})")
    what_da = "et usynligt tegn" if n == 1 else f"{n} usynlige tegn, det første"
    what_en = "an invisible character" if n == 1 else f"{n} invisible characters, the first"
    if before:
        shown = _tail(before, 30)
        return (f"indeholder {what_da} ({code}) efter «{shown}»", f"contains {what_en} ({code}) after «{shown}»")
    shown = cut(after, 30)
    return (f"indeholder {what_da} ({code}) før «{shown}»", f"contains {what_en} ({code}) before «{shown}»")


def path_text(value: str, mask: Callable[[str], str] = mask_cpr) -> str:
    """A file name: kept as it really is (a name may hold a newline; each reporter
    escapes it for its format, issue #10) unless it holds a CPR number, which is then
    cleaned and masked like any text (privacy wins over the exact name)."""
    cleaned = clean(value)
    masked = mask(cleaned)
    if masked != cleaned or (not value.isprintable() and (_cpr_in_raw(value, mask)
                                                         or _cpr_in_escaped(value, mask))):
        return masked
    return value


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: what :func:`shown_path` writes as an escape in every format: a backslash (written twice)
#: and a lone surrogate (a byte of the name that is not UTF-8)
_ESCAPED = r"\\|[\ud800-\udfff]"


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "\\":
        return "\\\\"
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:  # an ASCII control character: the same as its byte
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"  # a character (U+0085, U+202E) or another lone surrogate
    return f"\\U{code:08x}"  # a tag character (U+E0020)


@functools.lru_cache(maxsize=8)
def _escaping(also: str) -> re.Pattern[str]:
    return re.compile(f"{_ESCAPED}|{also}" if also else _ESCAPED)


def shown_path(value: str, also: str = "") -> str:
    """A name from :func:`path_text` as every output writes it: the one rendering of a
    file name (review 13, finding 3). A byte of the name that is not UTF-8 (the file system
    gives it as a lone surrogate) is written ``\\xNN`` as Python writes a byte
    (``eks\\xe6.csv``, ``eks\\xff.csv``: two files, two names; U+FFFD made them one), and
    then every backslash of the name is written twice (``\\\\``), so a name really
    spelled ``eks\\xe6.csv`` is shown ``eks\\\\xe6.csv``. A name with neither such a
    byte nor the letters ``\\x``, ``\\u`` or ``\\U`` after a backslash is shown as it is (most
    names, ``a\\b.json`` too). Lossless and unambiguous: an escaped name always holds
    ``\\x``, ``\\u`` or ``\\U``, a name shown as it is never does, and the escapes read back
    one way (``\\xNN`` at or above 80 is a byte, below an ASCII character; ``\\uNNNN`` and
    ``\\UNNNNNNNN`` a character).

    ``also``: a character class of what the format cannot hold either (JUnit: what XML 1.0
    cannot hold; a GitHub annotation: control and format characters), written the same
    way: ``\\x1b`` for an ASCII control, ``\\u202e`` or ``\\U000e0020`` for any other character. Both audit
    engines render a name here, once (it is no idempotent function: it cannot be, being
    lossless). A URI keeps the bytes themselves, percent-encoded
    (:func:`praktiktjek.reporters.common.uri_path`)."""
    if value.isprintable() and "\\" not in value:  # the common case
        return value
    pattern = _escaping(also)
    if "\\x" not in value and "\\u" not in value and "\\U" not in value and (
            pattern.search(value.replace("\\", "")) is None):
        return value
    return pattern.sub(_escape, value)


#: an escape :func:`shown_path` writes: a doubled backslash, ``\xNN``, ``\uNNNN``, ``\UNNNNNNNN``
_SHOWN_ESCAPE = re.compile(r"\\(?:(\\)|x([0-9a-f]{2})|u([0-9a-f]{4})|U([0-9a-f]{8}))")


def _unescape(m: re.Match[str]) -> str:
    if m.group(1):
        return "\\"
    if m.group(2):
        code = int(m.group(2), 16)
        return chr(code) if code < 0x80 else chr(0xDC00 + code)  # a byte that is not UTF-8
    return chr(int(m.group(3) or m.group(4), 16))


def unshown_path(shown: str) -> str:
    """The name that :func:`shown_path` (without ``also``) wrote as ``shown``: its inverse,
    which exists because that rendering is lossless (a name it escaped holds ``\\x``,
    ``\\u`` or ``\\U``; a name shown as it is never does)."""
    if "\\x" not in shown and "\\u" not in shown and "\\U" not in shown:
        return shown
    return _SHOWN_ESCAPE.sub(_unescape, shown)


def reshown_path(shown: str, also: str) -> str:
    """A name that :func:`shown_path` wrote for a format that holds any character (the
    results' JSON, DuckDB's tables), as it writes it for a format that cannot hold
    ``also``: the one rendering of that name there, whichever engine made ``shown``."""
    if shown.isprintable():  # no character of ``also`` (all unprintable) is in the name
        return shown
    return shown_path(unshown_path(shown), also)


#: what XML 1.0 cannot hold (the JUnit writer shows it as ``\xNN``) and what ElementTree
#: writes as a character reference in an attribute
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_XML_REFS = {"\t": "&#09;", "\n": "&#10;", "\r": "&#13;"}
#: :func:`shown_path`'s ``also`` for a JUnit name: what XML 1.0 cannot hold
NOT_XML_NAME = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
#: :func:`shown_path`'s ``also`` for a GitHub annotation's ``file=``: every control and
#: format character the door cleans from a text (an escape sequence's ESC too), but line
#: breaks and tab, which the annotation escapes itself (%0A, %0D) or can hold
NOT_IN_ANNOTATION = _CHARS
#: :func:`shown_path`'s ``also`` for a key quoted in a usage error that is refused for it:
#: every character the door would clean, line breaks and tab too, written ``\x1b``, so that
#: the message shows what the file holds (review 16, F5)
NOT_SHOWN = f"{_CHARS}|[\n\r\t\u2028\u2029]"


def escaped_forms(value: str) -> list[str]:
    """A name kept raw as the formats write it, each with the digits its own escapes add:
    JSON and the text report's quoting (``\u0012``), JUnit (``\x12``, ``&#09;`` ``&#10;``
    ``&#13;``). Review 8, finding 1: «\x121287-1357.json» is written ``\u00121287-1357``."""
    import json

    xml = _NOT_XML.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)
    return [json.dumps(value, ensure_ascii=False)[1:-1],
            "".join(_XML_REFS.get(ch, ch) for ch in xml),
            *(shown_path(value, also) for also in ("", NOT_XML_NAME, NOT_IN_ANNOTATION))]


def _cpr_in_escaped(value: str, mask: Callable[[str], str]) -> bool:
    """Whether a format's escaping of the raw name writes a CPR number (then the name is
    cleaned and masked instead, and a clean name has nothing those escapes write in digits)."""
    for form in escaped_forms(value):
        shown = clean(form)  # what is left unescaped (a lone surrogate, C1) is the raw reading's
        if mask(shown) != shown:
            return True
    return False


def _cpr_in_raw(value: str, mask: Callable[[str], str]) -> bool:
    """Whether the raw name, read with every non-printable character as a separator,
    shows a CPR number. Cleaning drops a whole escape sequence (``ESC ] … ESC ]``) with
    the digits inside it; a name kept raw would carry those digits on (a SARIF URI
    percent-encodes the raw bytes), so both readings must be free of one."""
    bare = "".join(ch if ch.isprintable() else " " for ch in value)
    return mask(bare) != bare


def clean_path(value: str) -> str:
    """A file name for a format that escapes line breaks itself (a GitHub annotation's
    ``file=``: a newline is %0A; a CSV cell is quoted): escape sequences, other control
    and format characters go, a lone surrogate becomes U+FFFD; newline, CR and tab stay,
    so the real name is kept as far as it can be."""
    if value.isprintable():
        return value
    return _CONTROL_PATH.sub(_sub, value)


def masker(show_cpr: bool) -> Callable[[str], str]:
    """clean-then-mask, or clean only when the user asked for --show-cpr."""
    if show_cpr:
        return clean
    return _clean_and_mask


def _clean_and_mask(value: str) -> str:
    return mask_cpr(clean(value))


def cut(value: str, limit: int) -> str:
    """Shorten a text to about ``limit`` characters without cutting through a CPR number
    (the cut moves past it, so that masking still sees all of it). The text is cleaned
    first: an escape sequence inside a number must not hide it from the CPR search."""
    value = clean(value)
    if len(value) <= limit:
        return value
    end = limit
    for start, stop in _whole(value):
        if start < end < stop:
            end = stop
    return value if end >= len(value) else value[:end] + "…"


def quoted(value: Any, mask: Callable[[str], str]) -> str:
    """A value as an error message quotes it: a text cleaned and masked *before* it is
    quoted (``repr`` would turn a control character into ``\\x07`` between the digits)."""
    if isinstance(value, str):
        return "'" + mask(clean(value)) + "'"
    return mask(clean(repr(value)))


# --------------------------------------------------------------------------- step 3: formats


def markup(value: str) -> str:
    """For a rich console: data is never markup."""
    from rich.markup import escape

    return escape(value)


#: what a spreadsheet may read as the start of a formula
FORMULA_START = "=+-@\t\r|%"


def csv_cell(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection)."""
    if value and value[0] in FORMULA_START:
        return "'" + value
    return value


def seal(result: Any, mask: Callable[[str], str]) -> Any:
    """Pass every text of a result through the door once more, just before any reporter
    sees it (idempotent: a clean, masked text stays as it is). Messages were built from
    facts that passed the door one by one (a CVR or P-number fact deliberately unmasked),
    so they are cleaned here, not masked again; names, ids and pointers are masked."""
    result.source = path_text(result.source, mask)
    result.agreement_id = opt(result.agreement_id, mask)
    result.citizen = None if result.citizen is None else person_id(result.citizen, mask)
    for f in result.findings:
        f.message = clean(f.message)
        f.fix = clean(f.fix)
        f.title = clean(f.title)
        f.pointer = text(f.pointer, mask)
    return result


#: True for a run the user started with --show-cpr (set once per run, by the command line):
#: then a line of several fields is written as it is, as every single field is.
SHOW_CPR: ContextVar[bool] = ContextVar("praktiktjek_show_cpr", default=False)


def across(written: str, fields: Iterable[str]) -> str:
    """A written line of several fields side by side (a CSV row, a table row): each field
    passed the door alone, but two of them can read as one CPR number across the
    separator («AAL-230487» and «9173…» as ``AAL-230487;9173…``). The serial of every CPR
    number in ``written`` that no single field holds is masked in place (its four digits
    become ``*``), so the line keeps its structure and no field loses more than four
    digits. A number inside one field was decided by the door (a CVR or P-number in a
    message stays), and is left as it is. ``fields``: each field as written (quoted)."""
    if SHOW_CPR.get():
        return written
    inside = list(fields)
    while True:
        found = list(spans(opaque_masked(written)))
        joined = [(s, e) for s, e in _joined(found, pieces_only=True)
                  if not any(written[s:e] in f for f in inside)]
        if not joined:
            return written
        chars = list(written)
        for start, end in joined:
            # each reading of the stretch — one that overlaps another comes as its single
            # starred digits (review 21 cli F2) — has its serial, the last four digits,
            # starred in place
            for s, e in found:
                if start <= s and e <= end:
                    left = 4
                    for i in range(e - 1, s - 1, -1):
                        if left and chars[i].isdigit():
                            chars[i], left = "*", left - 1
        written = "".join(chars)


def across_cells(cells: Sequence[str], sep: str = " ") -> list[str]:
    """Cells a format writes side by side (a console table row «│ 230487 │ 1357 │»), with
    the serial of a CPR number that no single cell holds starred in place: the cells joined
    by ``sep`` (the fewest separator characters the format puts between them, so every
    wider layout is covered), :func:`across`, and cut back into cells (review 8, finding 6)."""
    joined = sep.join(cells)
    safe = across(joined, cells)
    if safe == joined:
        return list(cells)
    out, at = [], 0
    for c in cells:
        out.append(safe[at:at + len(c)])
        at += len(c) + len(sep)
    return out


#: a CPR number the door masked (``ddmmyy-****``): its six digits are what the door decided
#: to show, so no other number is read through them (review 8, finding 3)
_MASKED = re.compile(r"[0-9]{6}-\*{4}")


def opaque_masked(written: str) -> str:
    """``written`` with the digits of each masked CPR number (``010190-****``) read as letters
    (same length, so offsets hold): a number that would borrow them across a separator
    («AAL-2021-1002;010190-****» as 211002-0101) is none — they show only the date part the
    door chose to show, and starring them would destroy what an auditor groups by."""
    if "-****" not in written:
        return written
    return _MASKED.sub(lambda m: "x" * 6 + "-****", written)


# One separator character of a CPR number in a text the search reads as it is (ASCII
# digits, no looked-through marks, no literal escapes): not a letter, digit or '*', or '_'.
_RUN = r"(?:[^\w*]|_)"
# From a cell boundary outwards: up to eleven digits (a number has at most twelve: a
# four-digit year), each after at most eight separators.
_WALK = re.compile(rf"(?:{_RUN}{{0,8}}[0-9]){{0,11}}")
# Every CPR number that starts at each position (overlapping).
_EVERY = re.compile(rf"(?=({_CPR_PATTERN}))")


def _crosses(joined: str, i: int) -> bool:
    """Whether a CPR number of ``joined`` spans the boundary (NUL) at ``i``. A number is ten
    digits (twelve with a four-digit year) with separators of at most eight characters
    between them; one that spans the boundary has at most eleven digits on each side of
    it, so it lies in the stretch the two walks find, and a match at a position depends only on what follows it."""
    left = _WALK.match(joined[max(0, i - 110):i][::-1]).end()  # type: ignore[union-attr]
    right = _WALK.match(joined, i + 1).end() - (i + 1)  # type: ignore[union-attr]
    if not left or not right:
        return False
    local = joined[i - left:i + 1 + right]
    return any(m.start() < left < m.start() + len(m.group(1)) for m in _EVERY.finditer(local))


def may_join(cells: Sequence[str]) -> bool:
    """False only when no CPR number can be read across a boundary of ``cells`` written side
    by side with separator characters between them (``;``, quotes, doubled quotes, CR LF) —
    then :func:`across` leaves the written text as it is, and the text need not be searched.

    Why it is exact: written out, the cells' letters and digits keep their order and only
    separator characters are added, so a number the written text shows across a boundary is
    a number of the cells joined with NUL (one separator) across that NUL, with the same
    digits (a match takes the next ten or twelve digits from its start). Answered True (look at the
    whole text) when the search would read a text otherwise than as it is: a literal escape
    (``\\x07`` is one separator), a look-through mark or a digit of another script, or a
    NUL inside a cell."""
    joined = "\x00".join(cells)
    if "\\" in joined or joined.count("\x00") != max(len(cells) - 1, 0) \
            or not (joined.isascii() or all(map(_plain_cell, cells))):  # an ASCII text is read as it is
        return True
    # only a boundary with a digit within reach on both sides can be crossed
    m = _FLANKED.search(joined)
    while m is not None:
        i = joined.find("\x00", m.start())
        while 0 <= i < m.end():
            if _crosses(joined, i):
                return True
            i = joined.find("\x00", i + 1)
        m = _FLANKED.search(joined, m.start() + 1)
    return False


#: a boundary (NUL) with a digit on each side and at most eight separators to each
_FLANKED = re.compile(rf"[0-9]{_RUN}{{0,8}}\x00{_RUN}{{0,8}}[0-9]")
#: a character no CPR number of a text the search reads as it is can hold: a letter (or
#: another \\w that is no ASCII digit and no '_') or '*'; a number never reads across one
_STOP = re.compile(r"[^\W0-9_]|\*")


def outline(cells: Sequence[str]) -> tuple[bool, tuple[str, ...]]:
    """(``may_join(cells)``, the cells as their neighbours see them), for cells that are
    written again and again beside others (a finding's cells in the findings CSV), so
    that each later look reads only their edges:
    ``may_join(before + cells + after) == may_join(cells) or may_join(before + outline + after)``.

    Why: every CPR number of a text the search reads as it is lies in a stretch with no
    stop character (:data:`_STOP`: a letter or '*'). Between the cells' first and last
    stop character, a number lies inside the cells (``may_join(cells)`` sees it); one
    that reaches out of them reads only what comes before the first stop character or
    after the last, which the outline keeps with the boundaries in it. The stretch
    between is cut to the two stop characters side by side, which nothing reads across.
    Proven against the whole cells by a Hypothesis property (tests/adversarial)."""
    cells = tuple(cells)
    if may_join(cells):
        return True, cells
    first = last = None
    for k, c in enumerate(cells):
        m = _STOP.search(c)
        if m is not None:
            first = (k, m.start())
            break
    if first is None:  # no stop character at all: every character may be read
        return False, cells
    for k in range(len(cells) - 1, -1, -1):
        ends = [m.start() for m in _STOP.finditer(cells[k])]
        if ends:
            last = (k, ends[-1])
            break
    assert last is not None
    (a, p), (b, q) = first, last
    return False, (*cells[:a], cells[a][:p + 1] + cells[b][q:], *cells[b + 1:])


def joins_at(left: Sequence[str], right: Sequence[str]) -> bool:
    """Whether a CPR number reads across the one boundary between ``left`` and ``right``
    written side by side, for cells where ``may_join(left)`` and ``may_join(right)`` are
    both False: then ``may_join(left + right) == joins_at(left, right)`` (a number of the
    whole that spans none of the boundaries inside ``left`` or ``right`` lies inside one of
    them, or spans the boundary between them)."""
    if not left or not right:
        return False
    head = "\x00".join(left)
    joined = head + "\x00" + "\x00".join(right)
    i = len(head)
    # a number spans the boundary only with a digit within eight separators on each side
    if _FLANKED.search(joined, max(0, i - 9), i + 10) is None:
        return False
    return _crosses(joined, i)
# whether the search reads a cell as it is; cells repeat (a finding's texts), so remembered
_plain_cell = functools.lru_cache(maxsize=4096)(plain_for_search)


def no_digit_entities(html: str) -> str:
    """HTML as the escaper wrote it, with the two character references it writes in digits
    (``&#39;`` for ', ``&#34;`` for ") in their named forms: «0101'1234» escaped as
    ``0101&#39;1234`` reads as a CPR number (010139-1234) that no field held (review 6)."""
    return html.replace("&#39;", "&apos;").replace("&#34;", "&quot;")

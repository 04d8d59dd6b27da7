"""What every check kind shares: hits, terms, context and small pure helpers.

A check says *what* and *where* (a JSON pointer and facts); the engine adds *who* and
*how bad* (rule id, severity, message template, citation) from the rule file.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from ..door import shows_nothing
from ..model import BLANK_CLASS, BLANK_RE, Agreement
from ..privacy import CPR_ID, person_cpr


class Params(BaseModel):
    """Base for each check kind's parameters: unknown keys are a rule-file error."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    def template_facts(self) -> dict[str, Any]:
        """The facts a rule's texts can show without a finding (``explain``, rule help):
        every number parameter by its own name, and a ``*_days`` one also in weeks
        (``limit_days`` → ``limit_weeks``). A kind whose hits name a parameter otherwise
        adds that here, so the texts read the same in and outside a finding."""
        out: dict[str, Any] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[name] = value
                if name.endswith("_days"):
                    out[name[: -len("_days")] + "_weeks"] = value / 7
        return out


@dataclass(frozen=True, slots=True)
class Term:
    """A fact whose wording lives in the rule file (``terms:``), per language."""

    key: str


@dataclass(frozen=True, slots=True)
class Code:
    """A fact that is one of the format's codes (``after``: ``wage_subsidy``): a message
    shows its label in the output language (labels.py), never the code itself."""

    kind: str
    value: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    pointer: str
    facts: Mapping[str, Any] = field(default_factory=dict)
    tags: frozenset[str] = frozenset()


class GroupInfo(Protocol):
    @property
    def duration_class(self) -> str: ...
    @property
    def extended_class(self) -> str | None: ...
    @property
    def job_ready(self) -> bool: ...


#: A batch audit sums the workplace load in whole billionths of a full-time position:
#: integer sums are exact in any order, so both engines — and any number of DuckDB
#: threads — count the same load to the last bit (float sums depend on their order).
LOAD_UNITS = 10**9


def fte_units(hours: float | None, full_time: float | None) -> int:
    """An internship's full-time equivalents in :data:`LOAD_UNITS` (0 when the hours or
    the full-time hours are unknown or not a number)."""
    if not full_time or hours is None or not hours >= 0:
        return 0
    units = hours * LOAD_UNITS / full_time
    return round(units) if units == units and units != float("inf") else 0


@dataclass(frozen=True, slots=True)
class Context:
    """Pack-level definitions a check may read, plus what a batch audit knows."""

    groups: Mapping[str, GroupInfo]
    #: extra full-time equivalents counted at the same workplace by a batch audit
    counted_load: float | None = None


CheckFn = Callable[[Agreement, Any, Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class CheckKind:
    fn: CheckFn
    params: type[Params]
    facts: frozenset[str] = frozenset()
    terms: frozenset[str] = frozenset()
    #: "agreement": runs on one agreement; "engine": findings the engine itself makes
    scope: str = "agreement"
    #: the fields (see fields.py; "a|b" = either) an export must carry for the check to
    #: mean anything; without them a batch audit lists the rule as not checkable
    needs: frozenset[str] = frozenset()
    #: parts of the check that need more fields than ``needs``: (term, fields) — the hits
    #: whose facts carry that term. An export without those fields still runs the rest;
    #: only the part is listed as not checkable ("not checkable" as narrow as the missing data)
    parts: tuple[tuple[str, frozenset[str]], ...] = ()


#: The invisible characters a comparison drops: every blank character (``BLANK_CLASS``,
#: what :func:`blank` calls empty) that is not white space — the zero-width and other
#: default-ignorable code points (also those beyond the Basic Multilingual Plane: tag
#: characters, shorthand format controls, musical formatting), a soft hyphen Word puts
#: inside a word, the Hangul fillers and the Braille blank. White space stays: it
#: separates words.
def _not_white_space(blank_class: str) -> str:
    """The members of a character class (``BLANK_CLASS``'s spelling: single characters and
    ``a-b`` ranges, as ``\\uXXXX`` escapes or as the characters themselves) that are not
    white space, as a class of single characters (a class with a look-ahead for white
    space would cost a test at every position of every text)."""
    spec = blank_class.encode("ascii", "backslashreplace").decode("unicode_escape")
    chars, i = [], 0
    while i < len(spec):
        if i + 2 < len(spec) and spec[i + 1] == "-":
            chars += [chr(c) for c in range(ord(spec[i]), ord(spec[i + 2]) + 1)]
            i += 3
        else:
            chars.append(spec[i])
            i += 1
    keep = [ord(c) for c in chars if not c.isspace()]
    runs: list[list[int]] = []
    for c in keep:  # consecutive code points as one range (the tag block is 4,096 of them)
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs)


INVISIBLE_RE = re.compile(f"[{_not_white_space(BLANK_CLASS)}]")


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    if not text.isascii():  # ASCII is its own NFKC form and has no invisible characters
        # NFKC before and after case folding (Unicode's compatibility caseless match):
        # canonically equivalent texts («å» as one code point or as «a» + ring above, as
        # macOS and some web forms send it) and compatibility forms (full-width letters,
        # the «ﬁ» ligature of a text copied from a PDF, «²») compare as the text they show.
        # (each step only when needed: most texts have nothing to drop and are NFKC already)
        if INVISIBLE_RE.search(text):
            text = INVISIBLE_RE.sub("", text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        text = text.casefold()
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        return " ".join(text.split())
    if not text.isprintable():  # an ASCII control character other than white space shows nothing
        text = INVISIBLE_RE.sub("", text)
    return " ".join(text.split()).casefold()


def norm(text: str | None) -> str:
    """The 'same function' comparison form of a text: invisible characters dropped,
    Unicode-normalised (NFKC), case-folded, trimmed and with white space collapsed. Every
    comparison of texts goes through it — the check functions, and the ``*_norm`` columns
    the batch screen gives the SQL rules, so both audit engines compare the same strings.
    Titles and functions repeat endlessly across an export, hence the cache."""
    return _norm(text) if text else ""


def blank(text: str | None) -> bool:
    """Empty: missing, or only blank characters (white space in Python's or JSON Schema's
    sense, and zero-width characters), as the reader's "not empty" means it."""
    if text is None:
        return True
    text = str(text)
    if text.isascii():
        return not text.strip(_ASCII_BLANK)
    return BLANK_RE.match(text) is not None


#: the ASCII part of model.BLANK_CLASS: white space and the control characters
_ASCII_BLANK = "".join(map(chr, [*range(0x21), 0x7f]))


def norm_set(items: Iterable[str] | None) -> set[str]:
    return {n for n in (norm(i) for i in items or ()) if n}


def days(start: dt.date, end: dt.date) -> int:
    """Inclusive length of a period in days."""
    return (end - start).days + 1


def same_company(p1: str | None, c1: str | None, p2: str | None, c2: str | None) -> bool:
    """Same P-number when both sides have one, else the same CVR."""
    p1, p2 = (p1 or "").strip(), (p2 or "").strip()
    if p1 and p2:
        return p1 == p2
    c1, c2 = (c1 or "").strip(), (c2 or "").strip()
    return bool(c1) and c1 == c2


def id_key(value: str | None) -> str | None:
    """An agreement id as records are linked across an export (a repeated id, an earlier
    internship in the history): without its invisible characters, stripped; None when
    nothing is left. The outputs show «D\u200b» as «D», so it is the id «D» (review 19,
    F7), as :func:`person_key` links citizen ids."""
    if value is None:
        return None
    return _shown_id(value).strip() or None


def _shown_id(s: str) -> str:
    """An id as the outputs show it, for linking: without every character that shows
    nothing (a zero-width space, a BOM, a soft hyphen, a control character, U+0085, U+FFF9:
    the door's whole list, not a second one — review 20), canonically composed."""
    if s.isascii() and s.isprintable():
        return s
    return unicodedata.normalize("NFC", "".join(c for c in INVISIBLE_RE.sub("", s) if not shows_nothing(c)))


def person_key(citizen_id: str | None) -> str | None:
    """Which person a citizen id names, as records are linked across an export (history,
    citizens per text, internships per citizen): a CPR-shaped id (``CPR_ID``) by its ten
    digits, so that ``010190-1234`` and ``0101901234`` are one person; any other id
    without its invisible characters and stripped; None when nothing is left. Never
    shown: outputs show the id as written, masked."""
    if citizen_id is None:
        return None
    # a character that shows nothing is no part of the id: the outputs show the id without
    # it, so it links as that id (review 19: «120249-3341\u200b» was another person)
    s = _shown_id(citizen_id).strip()
    m = CPR_ID.fullmatch(s)
    if m:
        return m.group(1) + m.group(2)
    if not s.isascii():  # marks the CPR search looks through (a combining accent on a digit)
        bare = "".join(c for c in s if unicodedata.category(c) not in ("Mn", "Me"))
        m = CPR_ID.fullmatch(bare)
        if m:
            return m.group(1) + m.group(2)
    # the id a spreadsheet made of a CPR number (a lost leading zero, thousands points):
    # masked as that CPR number in every output, so linked as it too
    cpr = person_cpr(s) if s else None
    return cpr.replace("-", "") if cpr else (s or None)


def duration_class(a: Agreement, ctx: Context) -> str | None:
    group = ctx.groups.get(a.target_group)
    if group is None:
        return None
    if group.extended_class and a.citizen.extended_duration_basis:
        return group.extended_class
    return group.duration_class


def end_pointer(a: Agreement) -> str:
    return f"/extensions/{len(a.extensions) - 1}/end" if a.extensions else "/end"


def is_availability_test(a: Agreement, groups: Iterable[str]) -> bool:
    return a.availability_test is not None and a.target_group in groups


def ordinary_hours_given(oh: Any) -> bool:
    """An `ordinary_hours` object that states a plan: at least one of its facts (`timing`,
    `hours_per_week`, a function) is not empty. `{}` (or only empty fields) is *no
    `ordinary_hours` object* for VP105: RULES.md makes the rules about an absence fire when
    their content is missing, null or empty, and "Empty" is missing, null, "", an empty list
    or blank text — an object of nothing but those states no plan (leftovers4, item 3)."""
    if oh is None:
        return False
    return oh.timing is not None or oh.hours_per_week is not None \
        or any(not blank(f) for f in oh.functions or ())



# --------------------------------------------------------------------------- SQL forms

#: A check kind's SQL form (issue #12): built from the same typed parameters as its Python
#: function, it returns one SELECT over the relation ``scope`` (the screened agreements the
#: rule applies to on their start date, one row per record: see batch/tables.py for the
#: columns) and the batch relations ``hist`` (history entries) and ``workload`` (counted
#: workplace load). It yields ``rec, seq, pointer, facts``: ``seq`` orders a record's hits
#: as the Python function yields them, ``facts`` is a JSON object with the same facts
#: (a term as ``{"term": key}``, a date as ISO text).
SqlForm = Callable[[Any], str]

#: a number this close to a limit is at the limit (float noise: 0,1 · 370 = 37.00000000000001):
#: every check compares its limits with this tolerance, in Python and SQL alike, and messages
#: show numbers apart down to it (engine.WHOLE), so a finding never says «37 overstiger 37»
NOISE = 1e-9


def lit(value: object) -> str:
    """A parameter value as a SQL literal (rule files are data, never SQL)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(lit(v) for v in value) + "]::VARCHAR[]" if value else "[]::VARCHAR[]"
    return "'" + str(value).replace("'", "''") + "'"


def sql_code(kind: str, value_sql: str) -> str:
    """A ``Code`` fact in a SQL form's facts."""
    return f"json_object('code', {lit(kind)}, 'value', {value_sql})"


def sql_term(key: str) -> str:
    return f"json_object('term', {lit(key)})"


#: Same company (``same_company``) between a history entry ``h`` and the agreement ``a``;
#: the keys are stripped in Python during the screen (NULL when empty).
SAME_COMPANY_SQL = ("(CASE WHEN h.p_key IS NOT NULL AND a.p_key IS NOT NULL THEN h.p_key = a.p_key "
                    "ELSE h.cvr_key IS NOT NULL AND h.cvr_key = a.cvr_key END)")

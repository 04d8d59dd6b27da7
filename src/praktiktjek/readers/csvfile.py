"""VITAS-style CSV exports: encoding and separator detection, a column mapping, Danish
dates, decimal commas, Danish labels and ``|``-separated lists.

A row becomes an agreement-shaped dict. A cell that cannot be read (a date that does not
exist, a word where a number belongs) makes the row a VP000 naming the row, the column
and the value; the next row is read as usual.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import door, safeyaml
from ..checks.base import norm
from ..errors import PraktiktjekError, TextError
from ..fields import FIELD_KINDS, REQUIRED
from ..jsonpos import misread
from ..usererrors import (
    as_written,
    nearest,
    os_reason,
    os_reason_en,
    parse_place,
    parse_place_en,
    sentence,
    sentence_en,
)
from . import DEFAULT_MAX_RECORD_BYTES, InputProblem, RawRecord
from .bounded import is_utf16, lines, lines_ended, wide_encoding

LabelKind = Literal["target_group", "purposes", "sector", "after", "timing", "basis", "bool"]
DEFAULT_MAPPING = Path(__file__).with_name("default_mapping.yaml")


class MappingFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    columns: dict[str, str] | None = None
    #: label → code, or true/false for ``bool``: checked per kind in load_mapping (a union
    #: here named its branches in messages, «labels.start.i går.str», review 16, F4)
    labels: dict[LabelKind, dict[str, Any]] = {}
    separator: Literal[";", ",", "\t"] | None = None
    encoding: Literal["utf-8", "utf-8-sig", "cp1252", "windows-1252"] | None = None
    list_separator: str = Field("|", min_length=1)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, cols: dict[str, str] | None) -> dict[str, str] | None:
        for column, target in (cols or {}).items():
            if target not in FIELD_KINDS:
                guess = nearest(target, FIELD_KINDS)
                raise TextError(f"kolonnen «{column}» peger på et ukendt felt «{target}»"
                                + (f" (mente du «{guess}»?)" if guess else ""),
                                f"the column «{column}» points at an unknown field «{target}»"
                                + (f" (did you mean «{guess}»?)" if guess else ""))
        return cols


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]
    labels: dict[str, dict[str, Any]]
    separator: str | None = None
    encoding: str | None = None
    list_separator: str = "|"
    source: str = "built-in"
    #: built-in headers a user's mapping replaced: not read, on purpose, so not "unknown"
    replaced: frozenset[str] = frozenset()


def _read_mapping_file(path: Path, text: str | None = None) -> Any:
    from .bounded import read_small_text

    if text is None:
        text = read_small_text(path, "kolonneafbildningen")
    if path.suffix.lower() == ".toml":
        import tomllib

        return tomllib.loads(text)
    return safeyaml.load(text)


#: which field's codes a label kind gives (the field's name in messages)
_KIND_FIELDS = {"target_group": "target_group", "purposes": "purpose.categories", "sector": "company.sector",
                "after": "after_internship", "timing": "ordinary_hours.timing",
                "basis": "citizen.extended_duration_basis"}


def _unshowable(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """A key or text of ``columns`` or ``labels`` that holds a character no message can show
    as it is (a control character, an escape sequence, an invisible character): the door
    removes it from every output, so «cpr\\x1b[31m» read as «cpr», and the message contradicted
    the file (review 16, F5). Each as (Danish, English), the characters written ``\\x1b``."""
    out = []
    for section in ("columns", "labels"):
        table = raw.get(section)
        if not isinstance(table, dict):
            continue
        items: list[tuple[str, Any, Any]] = []
        for k, v in table.items():
            if section == "labels" and isinstance(v, dict):
                items += [(f"{section}.{k}", k2, v2) for k2, v2 in v.items()]
            else:
                items.append((section, k, v))
        for where, key, value in items:
            for what, what_en, text in (("nøglen", "the key", key), ("værdien", "the value", value)):
                if isinstance(text, str) and door.clean(text) != text:
                    shown = door.shown_path(text, door.NOT_SHOWN)
                    odd = ", ".join(dict.fromkeys(door.shown_path(c, door.NOT_SHOWN) for c in text
                                                  if door.clean(c) != c))
                    place = where if text is key else f"{where}.{door.shown_path(str(key), door.NOT_SHOWN)}"
                    out.append((f"{place}: {what} «{shown}» indeholder tegn, der ikke kan vises "
                                f"({odd}); skriv den uden dem",
                                f"{place}: {what_en} «{shown}» holds characters that cannot be shown "
                                f"({odd}); write it without them"))
    return out


def _label_problems(labels: dict[LabelKind, dict[str, Any]], text: str | None) -> list[tuple[str, str]]:
    """Each label that does not give a code of its kind (``bool``: true or false), as
    (Danish, English) naming the key as the file writes it, ``labels.target_group.x``. A
    label sent to an unknown code was VP000 on every row, naming neither the mapping file
    nor the key (review 16, F4)."""
    from ..labels import field
    from ..model import AFTER_INTERNSHIP, EXTENDED_BASIS, PURPOSE_CATEGORIES, SECTORS, TARGET_GROUPS, TIMING
    from ..usererrors import Written, _shown, nearest

    tables = {"target_group": TARGET_GROUPS, "after": AFTER_INTERNSHIP, "timing": TIMING,
              "sector": SECTORS, "basis": EXTENDED_BASIS, "purposes": PURPOSE_CATEGORIES}
    out = []
    for kind, table in labels.items():
        for name, value in table.items():
            key = f"labels.{kind}.{name}"
            spelt = safeyaml.written(text, ("labels", kind, name)) if text is not None else None
            shown = f"«{_shown(Written(spelt) if spelt else value)}»"
            if kind == "bool":
                if not isinstance(value, bool):
                    out.append((f"{key}: skal være true eller false (står {shown})",
                                f"{key}: must be true or false (it says {shown})"))
                continue
            codes = list(tables[kind])
            if isinstance(value, str) and value in codes:
                continue
            listed = ", ".join(f"«{c}»" for c in codes)
            if isinstance(value, list | dict):  # never Python's ['…'] in a message
                what = ("en liste", "a list") if isinstance(value, list) else ("en tabel", "a table")
                out.append((f"{key}: skal være én kode for feltet «{field(_KIND_FIELDS[kind], 'da')}», ikke "
                            f"{what[0]}; brug en af {listed}",
                            f"{key}: must be one code of the field «{field(_KIND_FIELDS[kind], 'en')}», not "
                            f"{what[1]}; use one of {listed}"))
                continue
            guess = nearest(value.strip().lower(), codes) if isinstance(value, str) else None
            hint = (f" (mente du «{guess}»?)", f" (did you mean «{guess}»?)") if guess else ("", "")
            out.append((f"{key}: {shown} er ikke en kode for feltet «{field(_KIND_FIELDS[kind], 'da')}»"
                        f"{hint[0]}; brug en af {listed}",
                        f"{key}: {shown} is not a code of the field «{field(_KIND_FIELDS[kind], 'en')}»"
                        f"{hint[1]}; use one of {listed}"))
    return out


def _model_labels() -> dict[str, dict[str, Any]]:
    """Every code's Danish and English label from the model, so that a spreadsheet may say
    «Sygedagpengemodtager» or «Ingen erhvervserfaring» for any code format v1 knows."""
    from ..model import AFTER_INTERNSHIP, EXTENDED_BASIS, PURPOSE_CATEGORIES, SECTORS, TARGET_GROUPS, TIMING

    tables = {"target_group": TARGET_GROUPS, "after": AFTER_INTERNSHIP, "timing": TIMING,
              "sector": SECTORS, "basis": EXTENDED_BASIS, "purposes": PURPOSE_CATEGORIES}
    return {kind: {norm(label): code for code, labels in table.items() for label in labels}
            for kind, table in tables.items()}


def load_mapping(path: Path | None) -> Mapping:
    """The built-in mapping, or it extended by a user file. The file's ``columns`` are
    added to the built-in ones and override them: a header the file names maps where
    the file says, and a field the file gives a header for is read only from the
    file's header(s) (so a built-in header cannot fill it twice); every other field
    keeps its built-in headers. Its ``labels`` are added to the built-in ones."""
    base = MappingFile.model_validate(_read_mapping_file(DEFAULT_MAPPING))
    labels = _model_labels()
    for k, d in base.labels.items():
        labels.setdefault(k, {}).update({norm(n): v for n, v in d.items()})
    if path is None:
        return Mapping(dict(base.columns or {}), labels)
    from .bounded import read_small_text

    text: str | None = None
    try:
        text = read_small_text(path, "kolonneafbildningen")
        raw = _read_mapping_file(path, text)
    except PraktiktjekError:
        raise
    except OSError as exc:
        raise PraktiktjekError(f"{path}: kan ikke læse kolonneafbildningen ({os_reason(exc)})",
                               en=f"{path}: cannot read the column mapping ({os_reason_en(exc)})") from None
    except UnicodeDecodeError:
        raise PraktiktjekError(f"{path}: kolonneafbildningen er ikke UTF-8-tekst",
                               en=f"{path}: the column mapping is not UTF-8 text") from None
    except (safeyaml.DuplicateKey, safeyaml.AliasBomb) as exc:
        raise PraktiktjekError(f"{path}:{exc.line}: kolonneafbildningen: {exc}",
                               en=f"{path}:{exc.line}: the column mapping: {exc.en}") from None
    except Exception as exc:
        place, place_en = parse_place(str(exc)), parse_place_en(str(exc))
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            place = f"linje {mark.line + 1}, kolonne {mark.column + 1}"
            place_en = f"line {mark.line + 1}, column {mark.column + 1}"
        if isinstance(exc, safeyaml.BadDate):
            raise PraktiktjekError(f"{path}: kolonneafbildningen har en dato, der ikke findes: {exc}",
                                   en=f"{path}: the column mapping has a date that does not exist: {exc.en}") from None
        kind = "TOML" if path.suffix.lower() == ".toml" else "YAML"
        raise PraktiktjekError(
            f"{path}: kolonneafbildningen er ikke gyldig {kind}{' i ' + place if place else ''}",
            en=f"{path}: the column mapping is not valid {kind}{' at ' + place_en if place_en else ''}") from None
    if not isinstance(raw, dict):
        raise PraktiktjekError(f"{path}: en kolonneafbildning skal have nøglerne columns, labels, …",
                               en=f"{path}: a column mapping must have the keys columns, labels, …")
    yaml_text = None if path.suffix.lower() == ".toml" else text
    odd = _unshowable(raw)
    if odd:
        raise PraktiktjekError("\n".join(f"{path}: {da}" for da, _ in odd),
                               en="\n".join(f"{path}: {en}" for _, en in odd))
    try:
        user = MappingFile.model_validate(raw)
    except ValidationError as exc:
        errors = as_written(exc.errors(include_url=False), yaml_text)
        msgs = [f"{path}: {sentence(e, known_keys=MappingFile.model_fields)}" for e in errors]
        msgs_en = [f"{path}: {sentence_en(e, known_keys=MappingFile.model_fields)}" for e in errors]
        raise PraktiktjekError("\n".join(msgs), en="\n".join(msgs_en)) from None
    wrong = _label_problems(user.labels, yaml_text)
    if wrong:
        raise PraktiktjekError("\n".join(f"{path}: {da}" for da, _ in wrong),
                               en="\n".join(f"{path}: {en}" for _, en in wrong))
    codes = {kind: {norm(c) for c in set(table.values())} for kind, table in _model_labels().items()}
    for kind, extra in user.labels.items():
        for n, v in extra.items():
            # a label that is itself a code must mean that code: «dagpenge: jobparat_…» would
            # silently turn every dagpenge record into another group (review 16, F3)
            if norm(n) in codes.get(kind, set()) and (not isinstance(v, str) or norm(v) != norm(n)):
                shown = door.text(str(n))
                raise PraktiktjekError(
                    f"{path}: labels.{kind}: «{shown}» er selv en kode og kan ikke betyde en anden kode; "
                    "fjern linjen",
                    en=f"{path}: labels.{kind}: '{shown}' is itself a code and cannot mean another code; "
                       "remove the line")
        labels.setdefault(kind, {}).update({norm(n): v for n, v in extra.items()})
    merged = merge_columns(base.columns or {}, user.columns or {})
    replaced = frozenset(h.strip().casefold() for h in base.columns or {} if h not in merged)
    return Mapping(merged, labels, user.separator, user.encoding, user.list_separator, str(path),
                   replaced)


def merge_columns(base: dict[str, str], user: dict[str, str]) -> dict[str, str]:
    """The built-in columns with a user's added and overriding (see load_mapping)."""
    taken = set(user.values())
    named = {h.strip().casefold() for h in user}
    kept = {h: f for h, f in base.items() if f not in taken and h.strip().casefold() not in named}
    return {**kept, **user}


# --------------------------------------------------------------------------- cells

#: the documented date forms (VITAS_EXPORT.md): dd-mm-åååå, dd.mm.åååå (one separator
#: throughout) or ISO åååå-mm-dd; ASCII digits only (``\d`` would take any script's)
_DATE = re.compile(r"([0-9]{2})([-.])([0-9]{2})\2([0-9]{4})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
#: what looks like a date in another form: a slash, one-digit day or month, mixed separators
_DATE_LIKE = re.compile(r"([0-9]{1,2})([-./])([0-9]{1,2})[-./]([0-9]{4})")
_DATE_FORMS = ("Skriv datoen som dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd, fx 01-03-2021",
               "Write the date as dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd, e.g. 01-03-2021")


class CellError(ValueError):
    """A cell that cannot be read; ``fix`` says what to write instead (Danish, English)."""

    def __init__(self, detail: str, fix: tuple[str, str] | None = None) -> None:
        super().__init__(detail)
        self.fix = fix


def _date_fix(text: str) -> tuple[str, str]:
    m = _DATE_LIKE.fullmatch(text)
    if m is None:
        if any(c.isdigit() and not c.isascii() for c in text):
            return ("Skriv datoen med cifrene 0–9 som dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd",
                    "Write the date with the digits 0–9 as dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd")
        return _DATE_FORMS
    a, sep, b, y = m.group(1), m.group(2), m.group(3), m.group(4)
    if sep == "/":
        return (f"Skriv datoen som dd-mm-åååå eller åååå-mm-dd: med skråstreg er det uklart, om dagen "
                f"eller måneden står først (er det {int(a)}/{int(b)}, så skriv {a:0>2}-{b:0>2}-{y})",
                f"Write the date as dd-mm-yyyy or yyyy-mm-dd: with a slash it is unclear whether the day "
                f"or the month comes first (for day {int(a)}, month {int(b)}, write {a:0>2}-{b:0>2}-{y})")
    return (f"Skriv dag og måned med to cifre og samme skilletegn: {a:0>2}-{b:0>2}-{y}",
            f"Write day and month with two digits and one separator: {a:0>2}-{b:0>2}-{y}")


def parse_date(text: str) -> str:
    """A date in one of the documented forms as ISO text; anything else is a CellError
    whose fix names the form to write."""
    t = text.strip()
    m = _ISO.fullmatch(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DATE.fullmatch(t)
        if not m:
            raise CellError("er ikke en dato (dd-mm-åååå, dd.mm.åååå eller åååå-mm-dd)", _date_fix(t))
        d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        raise CellError("er en dato, der ikke findes") from None


#: the number forms a Danish export writes: 12 and 12,5; thousands grouped by points
#: (1.000, 1.000,5, 1.000.000); and a decimal point where it cannot be a thousands
#: separator (12.5, 0.250, 1234.5). ASCII digits only, no spaces or underscores inside.
_NUM_PLAIN = re.compile(r"-?[0-9]+(?:,[0-9]+)?")
_NUM_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_NUM_POINT = re.compile(r"-?[0-9]+\.[0-9]+")
_NUMBER_FORMS = ("Skriv tallet med cifrene 0–9 og eventuelt decimalkomma, fx 1000 eller 18,5",
                 "Write the number with the digits 0–9 and, if need be, a decimal comma, e.g. 1000 or 18,5")


def parse_number(text: str) -> float:
    """A number as a Danish reader means it (VITAS_EXPORT.md: decimal comma); a text
    that is ambiguous (``1.000``: a thousand, or one?) or no number is a CellError."""
    t = text.strip()
    if _NUM_PLAIN.fullmatch(t):
        plain = t.replace(",", ".")
    elif _NUM_GROUPED.fullmatch(t):
        if "," not in t and t.count(".") == 1:
            whole, three = t.split(".")
            dec = three.rstrip("0") or "0"
            raise CellError(
                "er tvetydigt: punktummet kan være tusindtalsskilletegn eller decimaltegn",
                (f"Skriv {whole}{three} (uden punktum), hvis det er tusinder, eller {whole},{dec} med "
                 "decimalkomma, hvis det er et decimaltal",
                 f"Write {whole}{three} (without the point) if it is thousands, or {whole},{dec} with a "
                 "decimal comma if it is a decimal number"))
        plain = t.replace(".", "").replace(",", ".")
    elif _NUM_POINT.fullmatch(t):
        plain = t
    else:
        raise CellError("er ikke et tal", _NUMBER_FORMS)
    value = float(plain)
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("er ikke et endeligt tal", _NUMBER_FORMS)
    if value == 0 and t.strip("-0.,"):
        # 400 zeros after the comma read as 0 (or -0, which «≥ 0» lets pass): not the
        # number the cell writes (review 20, F7); the sign counts
        if t.startswith("-"):
            raise CellError("må ikke være negativ", _NOT_NEGATIVE)
        raise CellError("er så tæt på 0, at det læses som 0, ikke som det tal, der står", _ZERO_OR_RIGHT)
    if misread(plain):
        # more digits than a float keeps: «37,0000000000000001» reads as 37, which passed
        # VP301's limit of 37 hours (review 21 cli, F9); the number read is said
        from ..contract import _number_words

        da, en = _number_words(value, "da"), _number_words(value, "en")
        raise CellError(f"har flere cifre, end der regnes med, og læses som {da}",
                        (f"Skriv tallet med højst 15 cifre, fx {da}, som er det tal, der læses",
                         f"Write the number with at most 15 digits, e.g. {en}, the number read"))
    return value


_NOT_NEGATIVE = ("Skriv et tal, der ikke er negativt, eller 0, hvis det er nul",
                 "Write a number that is not negative, or 0 if it is zero")
_ZERO_OR_RIGHT = ("Skriv det rigtige tal, eller 0, hvis det er nul", "Write the right number, or 0 if it is zero")


@dataclass
class _Column:
    index: int
    name: str
    field: str
    kind: str


@dataclass
class Layout:
    """A header matched against a mapping: which column holds which field."""

    columns: list[_Column]
    present: frozenset[str]
    missing_required: list[str]
    unknown: list[str] = field(default_factory=list)
    #: VP003 for each row: (pointer, header, the known header it likely means)
    unknown_fields: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: two columns read into one field (a header twice, or two headers a mapping sends to
    #: one field): (field, first column, second column), each column as (number, header)
    duplicates: list[tuple[str, tuple[int, str], tuple[int, str]]] = field(default_factory=list)
    #: the cells a row must have: up to the last column with a header
    width: int = 0

    def column_at(self, ptr: str) -> str | None:
        """The header of the column a JSON pointer of a row's agreement was read from (or
        of the column holding the list or object it is in); None: no column holds it. A
        VP000 of a CSV row names the column, not the field's pointer (review 19, F6)."""
        here = ptr
        while here:
            for col in self.columns:
                if _pointer_of(col.field) == here:
                    return col.name
            here = here.rsplit("/", 1)[0]
        return None


def _pointer_of(field_path: str) -> str:
    """The JSON pointer a column's field is read into (:func:`row_to_dict`)."""
    if field_path.startswith("extension."):
        return "/extensions/0/" + field_path.split(".", 1)[1]
    if field_path == "history.difference":
        return "/difference_from_earlier"
    return "/" + field_path.replace(".", "/")


def layout(header: list[str], mapping: Mapping) -> Layout:
    cols = []
    by_name = {k.strip().casefold(): v for k, v in mapping.columns.items()}
    unknown = []
    taken: dict[str, _Column] = {}
    duplicates = []
    for i, name in enumerate(header):
        target = by_name.get(name.strip().lstrip("\ufeff").casefold())
        if target is None:
            if name.strip() and name.strip().lstrip("\ufeff").casefold() not in mapping.replaced:
                unknown.append(name)
            continue
        col = _Column(i, name.strip(), target, FIELD_KINDS[target])
        if target in taken:  # the CSV form of a key written twice: which value counts is unclear
            first = taken[target]
            duplicates.append((target, (first.index + 1, first.name), (i + 1, col.name)))
            continue
        taken[target] = col
        cols.append(col)
    present = frozenset(c.field for c in cols)
    # A header the mapping does not know is a column nobody reads: a misspelt
    # "forlænget_til" would otherwise hide an extension without a word (VP003).
    known: dict[str, tuple[str, ...]] = {h: (f,) for h, f in mapping.columns.items()}
    unknown_fields = [("", name.strip(), _meant(name.strip(), known) if n < 10 else None)
                      for n, name in enumerate(unknown)]
    width = max((i + 1 for i, name in enumerate(header) if name.strip()), default=0)
    return Layout(cols, present, [r for r in REQUIRED if r not in present], unknown, unknown_fields,
                  duplicates, width)


def _meant(name: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The known header an unknown one likely means; also when text follows a known
    header's name («samtykke 230487-4829» → «samtykke», review 14b F7)."""
    from ..contract import closest

    guess = closest(name, known)
    words = name.split()
    if guess is None and len(words) > 1:
        guess = closest(words[0], known)
    return guess


def duplicate_problem(lay: Layout) -> InputProblem:
    """VP000 for a row of a file whose header gives one field two columns."""
    from ..door import cut

    da, en = [], []
    for target, (n1, h1), (n2, h2) in lay.duplicates:
        a, b = cut(h1, 40), cut(h2, 40)
        da.append(f"kolonne {n1} («{a}») og kolonne {n2} («{b}») læses begge som feltet «{target}»")
        en.append(f"column {n1} («{a}») and column {n2} («{b}») are both read as the field «{target}»")
    target = lay.duplicates[0][0]
    return InputProblem(
        "; ".join(da) + "; hvilken værdi der gælder, er uklart", "/" + target.replace(".", "/"),
        detail_en="; ".join(en) + "; which value applies is unclear",
        fix=("Slet eller omdøb den ene af de to kolonner (eller ret --mapping), så hvert felt læses fra "
             "én kolonne", "Delete or rename one of the two columns (or correct --mapping), so that "
             "each field is read from one column"))


def _label(kind: str, value: str, mapping: Mapping) -> Any:
    """The code a label stands for, labels compared as functions are (``norm``: NFKC, so a
    no-break space or an NFD «å» from a word processor is the label; invisible characters
    dropped; case and runs of white space ignored — review 11, finding 5); else the text."""
    return mapping.labels.get(kind, {}).get(norm(value), value.strip())


def _cell(col: _Column, text: str, mapping: Mapping) -> Any:
    k = col.kind
    if k == "text":
        return text.strip()
    if k == "date":
        return parse_date(text)
    if k == "number":
        return parse_number(text)
    if k == "bool":
        v = _label("bool", text, mapping)
        if not isinstance(v, bool):
            raise CellError("er hverken ja eller nej")
        return v
    if k == "list":
        return [p.strip() for p in text.split(mapping.list_separator) if p.strip()]
    if k == "purposes":
        return [_label("purposes", p, mapping) for p in text.split(mapping.list_separator) if p.strip()]
    if k == "consent":
        v = _label("bool", text, mapping)
        if isinstance(v, bool):
            return v
        return parse_date(text)
    if k in ("target_group", "sector", "after", "timing", "basis"):
        return _label(k, text, mapping)
    raise AssertionError(k)  # pragma: no cover


def row_to_dict(row: list[str], lay: Layout, mapping: Mapping) -> tuple[dict[str, Any], InputProblem | None]:
    out: dict[str, Any] = {}
    ext: dict[str, Any] = {}
    oh: dict[str, Any] = {}
    for col in lay.columns:
        text = row[col.index] if col.index < len(row) else ""
        if not text.strip():
            continue  # an empty cell: not stated
        try:
            value = _cell(col, text, mapping)
        except CellError as exc:
            from ..door import cut, invisible_note

            shown = cut(text.strip(), 40)  # never through a CPR number: it is masked later
            pointer = "/" + col.field.replace(".", "/")
            # a character that shows nothing is cleaned from the echo: say where it is, or
            # the message reads «28-03-2021» er ikke en dato (review 11, finding 4)
            note = invisible_note(text)
            detail = f"kolonne «{col.name}»: «{shown}» {exc}" + (f"; cellen {note[0]}" if note else "")
            return out, InputProblem(detail, pointer, fix=exc.fix)
        path = col.field
        if path.startswith("extension."):
            ext[path.split(".", 1)[1]] = value
        elif path.startswith("ordinary_hours."):
            oh[path.split(".", 1)[1]] = value
        elif path == "history.difference":
            out["difference_from_earlier"] = value
        else:
            node = out
            parts = path.split(".")
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            node[parts[-1]] = value
    # An availability test only when the purposes say so or a justification is given.
    just = out.pop("availability_test", {}).get("justification")
    cats = out.get("purpose", {}).get("categories") or []
    out["availability_test"] = {"justification": just} if (just or "availability_test" in cats) else None
    out["ordinary_hours"] = oh or None
    if ext and "end" not in ext:
        return out, _extension_without_end(ext, lay, mapping)
    if "end" in ext:
        out["extensions"] = [ext]
    elif "extension.end" in lay.present:
        out["extensions"] = []
    return out, None


def _extension_without_end(ext: dict[str, Any], lay: Layout, mapping: Mapping) -> InputProblem:
    """VP000 for a row whose extension has a reason, assessment or special need but no
    date: the extension cannot be placed, and dropping it would hide it (JSON gives
    VP000 at /extensions/0/end for the same)."""
    filled = [c.name for c in lay.columns if c.field.startswith("extension.") and c.field[10:] in ext]
    end_col = next((c.name for c in lay.columns if c.field == "extension.end"), None)
    names = " og ".join(f"«{n}»" for n in filled)
    names_en = " and ".join(f"«{n}»" for n in filled)
    if end_col is not None:
        where_da, where_en = f"men «{end_col}» er tom", f"but «{end_col}» is empty"
    else:
        heads = headers_for("extension.end", mapping)
        shown = " eller ".join(f"«{h}»" for h in heads) or "«extension.end»"
        where_da = f"men filen har ingen kolonne for forlængelsens dato ({shown})"
        where_en = f"but the file has no column for the extension's date ({shown.replace(' eller ', ' or ')})"
    end = end_col or next(iter(headers_for("extension.end", mapping)), "forlaenget_til")
    return InputProblem(
        f"{names} er udfyldt, {where_da}: en forlængelse uden ny slutdato kan ikke læses",
        "/extensions/0/end",
        detail_en=f"{names_en} filled in, {where_en}: an extension without a new end date cannot be read",
        fix=(f"Skriv forlængelsens nye slutdato i «{end}», eller tøm cellerne om forlængelsen, hvis "
             "der ikke er nogen", f"Write the extension's new end date in «{end}», or empty the "
             "extension's cells if there is none"))


# --------------------------------------------------------------------------- files

# Every row is bounded by our own record limit before the csv module sees it, so the
# module's own field limit (131,072 characters, which stopped the file) never applies.
csv.field_size_limit(2**31 - 1)


def decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        enc = "cp1252" if encoding == "windows-1252" else encoding
        return data.decode(enc, errors="replace"), enc
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


#: Excel's separator hint, a first line «sep=;» (after a UTF-8 BOM, if any): the
#: separator it names is the file's, and the header follows on the next line
_SEP_HINT = re.compile(rb"(?:\xef\xbb\xbf)?sep=([;,\t|])[ \t]*(?:\r\n|\r|\n)?\Z", re.IGNORECASE)


def sniff(first_line: str, forced: str | None) -> str:
    if forced:
        return forced
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=lambda s: (counts[s], s == ";"))


def decide_encoding(fh: IO[bytes], forced: str | None, max_bytes: int) -> str:
    """The file's encoding, decided over the file a line at a time (rewinds; the first
    line with UTF-8 letters beyond ASCII ends the search): UTF-8 (with BOM), or
    Windows-1252 when no line is UTF-8 with letters beyond ASCII and some line is not
    UTF-8 — with a UTF-8 BOM too. In a UTF-8 file, a row that is not UTF-8 is read as
    Windows-1252 on its own and reported (:attr:`CsvSource.fallback_rows`)."""
    if forced:
        return "cp1252" if forced == "windows-1252" else forced
    bom = fh.read(3) == b"\xef\xbb\xbf"
    fh.seek(0)
    bad = 0
    for n, raw, _, _ in lines(fh, max_bytes):
        if n == 1 and bom and raw is not None:
            raw = raw[3:]
        if raw is None or raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad += 1
            continue
        fh.seek(0)  # one line of UTF-8 letters decides it
        return "utf-8-sig" if bom else "utf-8"
    fh.seek(0)
    # Not one line is UTF-8 beyond ASCII: the file is Windows-1252, even after a UTF-8
    # BOM (a tool that wrote a BOM before Windows-1252 text; each row said «men resten
    # af filen er UTF-8», which was false, review 14b F3)
    if bad:
        return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


@dataclass
class CsvSource:
    """One CSV file opened for reading: its layout and the rows still to come."""

    source: str
    layout: Layout
    mapping: Mapping
    encoding: str
    separator: str
    #: (line, cells, problem): a row that is not read carries its problem, and its cells
    #: too when they can name the agreement (a row shorter or longer than the header)
    rows: Iterator[tuple[int, list[str] | None, str | InputProblem | None]]
    #: rows of a UTF-8 file that were not UTF-8 and were read as Windows-1252
    fallback_rows: list[int] = field(default_factory=list)
    #: physical lines that could not be read at all (an unclosed quote to the end)
    lost_lines: int = 0
    #: where the header of a UTF-8 file is not UTF-8 (Danish, English), see fallback_note
    header_note: tuple[str, str] | None = None


class _Quotes:
    """Where a CSV record ends, as Python's csv module reads it (RFC 4180): a quote opens
    a quoted field only as a field's first character; inside one, ``""`` is a quote and
    a line break is part of the cell. A ``"`` anywhere else (``24" skærme``) is a
    character like any other, so it cannot join the next rows to this one.

    A whole line is matched by one regular expression (possessive, so in linear time);
    the pieces of a line too long to hold are scanned a field at a time."""

    def __init__(self, sep: str) -> None:
        d = re.escape(sep.encode())
        field_ = rb'(?>"(?:[^"]|"")*+"[^' + d + rb']*+|[^"' + d + rb'][^' + d + rb']*+|)'
        #: a line (starting outside quotes) that ends outside quotes
        self._line = re.compile(rb"(?:" + field_ + d + rb")*+" + field_ + rb"\Z")
        #: a line that starts inside a quoted field and ends outside quotes
        self._cont = re.compile(rb'(?:[^"]|"")*+"[^' + d + rb']*+(?:' + d + field_ + rb")*+\Z")
        self.sep = sep.encode()
        self._sep = sep
        self._between = b'"' + self.sep + b'"'
        self.inside = False  # inside a quoted field
        self._state = "start"  # of the field, for pieces: start | plain | quoted | quote

    def line(self, body: bytes) -> None:
        """A whole physical line: afterwards, ``inside`` says whether the record goes on.
        The csv module itself is asked (in C, the fast way): given the line and an empty
        one, does its first row take the second line too? A line that starts inside a
        quoted field is given a quote first, which puts the reader in the same state."""
        if b'"' in body:
            if not self.inside and self._all_quoted(body):
                return  # every cell quoted, no quote inside one: the record ends here
            text = ('"' if self.inside else "") + body.decode("latin-1")  # bytes as they are
            try:
                reader = csv.reader((text, ""), delimiter=self._sep, strict=False)
                next(reader)
                self.inside = reader.line_num > 1
            except (csv.Error, StopIteration):  # a lone CR inside the line: the expression
                pattern = self._cont if self.inside else self._line
                self.inside = pattern.match(body) is None
        self._state = "quoted" if self.inside else "start"

    def _all_quoted(self, body: bytes) -> bool:
        """``"a";"b";…;"z"`` with no other quote (an export that quotes every cell): its
        quotes are two at the ends and two at each separator between cells, nothing else."""
        b = body[:-1] if body.endswith(b"\r") else body
        if len(b) < 2 or b[:1] != b'"' or b[-1:] != b'"':
            return False
        inner = b[1:-1]  # every quote of it in a separator's «";"», which cannot overlap
        return inner.count(b'"') == 2 * inner.count(self._between)

    def piece(self, data: bytes) -> None:
        """The next piece of a line that is too long to hold (call :meth:`end` after its last)."""
        state, i, n, sep = self._state, 0, len(data), self.sep
        while i < n:
            if state == "start":
                if data[i:i + 1] == b'"':
                    state, i = "quoted", i + 1
                else:
                    state = "plain"
            elif state == "plain":
                j = data.find(sep, i)
                if j < 0:
                    break
                state, i = "start", j + 1
            elif state == "quoted":
                j = data.find(b'"', i)
                if j < 0:
                    break
                state, i = "quote", j + 1
            else:  # just after a quote in a quoted field: "" is a quote, else the field closed
                if data[i:i + 1] == b'"':
                    state, i = "quoted", i + 1
                elif data[i:i + 1] == sep:
                    state, i = "start", i + 1
                else:
                    state = "plain"
        self._state = state

    def end(self) -> None:
        """The end of a line fed as pieces."""
        self.inside = self._state == "quoted"
        self._state = "quoted" if self.inside else "start"


def _records(fh: IO[bytes], max_bytes: int, state: dict[str, int], sep: str
             ) -> Iterator[tuple[int, bytes | None, str | None]]:
    """Physical lines joined into CSV records (a quoted field may hold line breaks):
    (first line, the record's bytes, or None and what is wrong). A record over
    ``max_bytes`` is skipped, its quotes still followed, so the next record starts where
    it should and is reported at its own first line."""
    quotes = _Quotes(sep)
    start = 0
    parts: list[bytes] = []
    size = 0
    over = False
    last = 0
    prev = b""  # the end of the record's previous line: kept inside a quoted cell as written
    for n, raw, lsize, _, end in lines_ended(fh, max_bytes, quotes.piece):
        last = n
        if not start:
            start, parts, size, over, prev = n, [], 0, False, b""
        size += lsize + len(prev)
        if raw is None:
            quotes.end()
        else:
            quotes.line(raw)
        if raw is None or size > max_bytes:
            over, parts = True, []
        else:
            if prev:
                parts.append(prev)
            parts.append(raw)
        prev = end
        if quotes.inside:
            continue  # inside a quoted field: the record goes on on the next line
        if over:
            yield start, None, (f"rækken fylder {size} byte; grænsen er {max_bytes} byte "
                                "(--max-record-bytes), så den er ikke indlæst")
        else:
            yield start, b"".join(parts), None
        start = 0
    if start:
        state["lost"] = last - start
        yield start, None, (f"et anførselstegn i rækken lukkes aldrig; linje {start}–{last} "
                            "kan ikke læses")


def _first_line(fh: IO[bytes], max_bytes: int) -> bytes:
    """The stream's first physical line (empty when it is too long); the stream is rewound."""
    pos = fh.tell()
    try:
        first = next(lines(fh, max_bytes), None)
    finally:
        fh.seek(pos)
    return first[1] or b"" if first is not None else b""


def _text(raw: bytes, encoding: str, line: int, fallback: list[int]) -> str:
    if encoding in ("utf-8", "utf-8-sig"):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            fallback.append(line)
            return raw.decode("cp1252", errors="replace")
    return raw.decode(encoding, errors="replace")


def _not_utf8(raw: bytes, sep: str, header: list[str]) -> str | None:
    """Why a row of a UTF-8 file cannot be read, when a byte in it is not UTF-8 (a
    «Café» typed in a Windows tool into an otherwise UTF-8 export): the column and the
    character where the first such byte stands. The row is not read: decoding it as
    Windows-1252 turned its correct UTF-8 letters into mojibake (titles and functions no
    longer matched the citizen's other rows, VP501 was lost), and one file has one
    encoding (VITAS_EXPORT.md); the finding is VP000 in every output (review 11, #15)."""
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", "surrogateescape")
    try:
        cells = _split(text, sep)
    except csv.Error:
        cells = [text]
    count = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    for i, cell in enumerate(cells):
        at = next((n for n, ch in enumerate(cell) if "\udc80" <= ch <= "\udcff"), None)
        if at is None:
            continue
        column = f"kolonne «{header[i]}», " if len(cells) > 1 and i < len(header) else ""
        more = f" (og {count - 1} byte mere)" if count > 1 else ""
        return (f"rækken er ikke gyldig UTF-8: {column}tegn {at + 1}: byte 0x{ord(cell[at]) - 0xDC00:02X}"
                f"{more}, men resten af filen er UTF-8; rækken er ikke læst")
    return "rækken er ikke gyldig UTF-8, men resten af filen er UTF-8; rækken er ikke læst"


_NUL_FIX = ("Gem udtrækket igen som «CSV UTF-8» eller «CSV (semikolonsepareret)»: en NUL-byte står "
            "ikke i en tekstfil og tyder på, at filen eller cellen kommer fra en fil gemt som UTF-16 "
            "eller en binær fil",
            "Save the export again as «CSV UTF-8» or «CSV (semicolon separated)»: a NUL byte does not "
            "belong in a text file and suggests that the file or the cell comes from a file saved as "
            "UTF-16 or from a binary file")


def _nul(raw: bytes, sep: str, header: list[str], lay: Layout | None = None) -> InputProblem:
    """VP000 for a row with a NUL byte (0x00): the column and the character where the first
    one stands. Dropping it would change the data without a word (two ids that differ by a
    NUL became one id, review 14b F9); no text export holds one."""
    text = raw.decode("utf-8", "surrogateescape")  # a byte that is not UTF-8 is one character
    try:
        cells = _split(text, sep)
    except csv.Error:
        cells = [text]
    count = raw.count(0)
    more, more_en = (f" (og {count - 1} mere)", f" (and {count - 1} more)") if count > 1 else ("", "")
    for i, cell in enumerate(cells):
        at = cell.find("\x00")
        if at < 0:
            continue
        name = header[i].strip() if len(cells) > 1 and i < len(header) else ""
        col, col_en = (f"kolonne «{name}», ", f"column «{name}», ") if name else ("", "")
        field_ = next((c.field for c in lay.columns if c.index == i), "") if lay is not None and name else ""
        return InputProblem(
            f"{col}tegn {at + 1}: en NUL-byte (0x00){more}; rækken er ikke læst",
            "/" + field_.replace(".", "/") if field_ else "",
            detail_en=f"{col_en}character {at + 1}: a NUL byte (0x00){more_en}; the row is not read",
            fix=_NUL_FIX)
    return InputProblem(f"rækken indeholder en NUL-byte (0x00){more}; rækken er ikke læst",
                        detail_en=f"the row holds a NUL byte (0x00){more_en}; the row is not read", fix=_NUL_FIX)


def _header_not_utf8(raw: bytes, sep: str) -> tuple[str, str] | None:
    """Where the header of a UTF-8 file is not UTF-8 (Danish, English): the column, its
    name as read (Windows-1252), the character and the byte (review 14b F7)."""
    text = raw.decode("utf-8", "surrogateescape")
    try:
        cells = _split(text, sep)
    except csv.Error:
        cells = [text]
    for i, cell in enumerate(cells):
        at = next((n for n, ch in enumerate(cell) if "\udc80" <= ch <= "\udcff"), None)
        if at is None:
            continue
        shown = door.cut(cell.encode("utf-8", "surrogateescape").decode("cp1252", "replace").strip(), 40)
        byte = f"0x{ord(cell[at]) - 0xDC00:02X}"
        return (f"kolonne {i + 1} («{shown}»), tegn {at + 1}: byte {byte}",
                f"column {i + 1} («{shown}»), character {at + 1}: byte {byte}")
    return None


def _split(text: str, sep: str) -> list[str]:
    """One record's cells; a stray quote is a csv.Error of this row only."""
    import io

    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:  # the csv module's words are English: say it in ours (review 10, finding 5)
        raise csv.Error(_quote_problem(str(exc), sep)) from None
    if len(rows) > 1:  # a lone carriage return split the record
        raise csv.Error("rækken indeholder et linjeskift uden for anførselstegn")
    return rows[0] if rows else []


def _quote_problem(english: str, sep: str) -> str:
    """The csv module's complaint about a row, in Danish."""
    if "expected after" in english:
        return f"efter et afsluttende anførselstegn skal der stå skilletegnet «{sep}»"
    if "end of data" in english or "EOF" in english:
        return "et anførselstegn i rækken lukkes aldrig"
    return "anførselstegnene i rækken står forkert"


def lines_after(fh: IO[bytes], line: int, max_bytes: int) -> int:
    """The physical lines after ``line`` that are not blank (rewinds): what a file refused at its
    header (no known header, an unreadable one, UTF-16) holds unread. An audit counts them
    as lines not read, so that its tally cannot say ✓ while rows went uncounted (review
    14b F2)."""
    fh.seek(0)
    try:
        # a line of NULs only is blank (a UTF-16 line end is two lines here: CR NUL | LF NUL)
        return sum(1 for n, raw, _, _ in lines(fh, max_bytes)
                   if n > line and (raw is None or raw.replace(b"\x00", b"").strip()))
    finally:
        fh.seek(0)


def open_csv_stream(fh: IO[bytes], source: str, mapping: Mapping,
                    max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
                    encoding: str | None = None) -> CsvSource | RawRecord:
    """Read the header of a seekable CSV stream; the rows are read as they are asked for.
    ``encoding``: as decided before (an audit's later passes), else decided here."""
    if is_utf16(fh):
        name = wide_encoding(fh)  # UTF-32 named as what it is (packs3)
        excel = " (Excels «Unicode-tekst»)" if name == "UTF-16" else ""
        return RawRecord(source, 1, problem=InputProblem(
            f"filen er gemt som {name}{excel}, som ikke læses; gem den som "
            "«CSV UTF-8» eller «CSV (semikolonsepareret)»"), unit="row")
    enc = encoding or decide_encoding(fh, mapping.encoding, max_bytes)
    state: dict[str, int] = {}
    # The separator decides where a quoted field can open, so it is known before the
    # first record is cut: from the first line (a header's cells hold no line breaks).
    first_line = _first_line(fh, max_bytes)
    hint = _SEP_HINT.match(first_line)
    # Excel's «sep=;» line names the separator; the header is the next line (review 19, F10)
    sep = hint.group(1).decode("latin-1") if hint else sniff(first_line.decode("latin-1"), mapping.separator)
    recs = _records(fh, max_bytes, state, sep)
    fallback: list[int] = []
    header_raw: bytes | None = b""
    header_line = 1
    if hint:
        next(recs, None)
    first_rec = next(recs, None)
    if first_rec is None:
        return RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)"), unit="row")
    header_line, header_raw, problem = first_rec
    if header_raw is None:
        return RawRecord(source, header_line, problem=InputProblem(
            f"overskriftsrækken kan ikke læses: {problem}"), unit="row")
    if header_raw.strip() in (b"", b"\xef\xbb\xbf") and all(
            raw is not None and not raw.strip() for _, raw, _ in recs):
        return RawRecord(source, 1, problem=InputProblem("filen indeholder ingen aftaler (den er tom)"), unit="row")
    if header_raw.startswith(b"\xef\xbb\xbf"):
        header_raw = header_raw[3:]
    first = _text(header_raw, enc, header_line, fallback)
    header_note = _header_not_utf8(header_raw, sep) if fallback else None
    try:
        header = _split(first, sep)
    except csv.Error as exc:
        return RawRecord(source, header_line, problem=InputProblem(
            f"overskriftsrækken kan ikke læses: {exc}"), unit="row")
    lay = layout(header, mapping)
    if not lay.columns:
        wanted = ", ".join(f"«{h}»" for r in REQUIRED for h in headers_for(r, mapping)[:1])
        return RawRecord(source, header_line, problem=InputProblem(
            "første række er ikke en kendt kolonneoverskrift (mangler filen overskrifter, "
            f"eller skal der bruges --mapping?); de nødvendige kolonner hedder {wanted}"), unit="row")
    width = len(header)
    opened = CsvSource(source, lay, mapping, enc, sep, iter([]), fallback, header_note=header_note)

    def rows() -> Iterator[tuple[int, list[str] | None, str | InputProblem | None]]:
        seen = False
        for line, raw, problem in recs:
            if raw is None:
                opened.lost_lines = state.get("lost", 0)
                seen = True
                yield line, None, problem
                continue
            if b"\x00" in raw:
                seen = True
                yield line, None, _nul(raw, sep, header, lay)
                continue
            if enc in ("utf-8", "utf-8-sig") and not raw.isascii():
                bad = _not_utf8(raw, sep, header)
                if bad is not None:  # review 11, finding 15: never half a row as Windows-1252
                    seen = True
                    yield line, None, bad
                    continue
            try:
                row = _split(_text(raw, enc, line, fallback), sep)
            except csv.Error as exc:
                seen = True
                yield line, None, f"rækken kan ikke læses som CSV ({exc})"
                continue
            if not any(c.strip() for c in row):
                continue  # rows of only empty cells (Excel's trailing rows)
            seen = True
            # More cells than the header, even empty ones: an unquoted separator inside a
            # cell shifts every later column (an empty last cell let such a row be read
            # shifted, review 10, finding 3)
            # Either is VP000 (strict reading), but the row's cells travel with it: its
            # agreement id names the finding, as any other VP000 of a record.
            if len(row) > width:
                yield line, row, width_problem(len(row), width, header)
                continue
            if len(row) < lay.width:  # cut short: which cells are missing is a guess
                yield line, row, width_problem(len(row), lay.width, header)
                continue
            yield line, row, None
        if not seen:  # the CSV form of [] (an export of which only the header is left)
            yield header_line, None, "filen indeholder ingen aftaler (kun en overskriftsrække)"

    opened.rows = rows()
    return opened


#: how many missing columns a width problem names before it counts the rest
_SHOWN_COLUMNS = 5


def width_problem(cells: int, width: int, header: list[str]) -> InputProblem:
    """VP000 for a row of ``cells`` cells where the header has ``width``: the counts, and
    the columns the row lacks (Excel leaves trailing empty cells unwritten) or the cells
    no column holds, in Danish and English."""
    from ..door import cut

    da = f"rækken har {cells} felter, men overskriften har {width}"
    en = f"the row has {cells} fields, but the header has {width}"
    if cells > width:
        span = f"{width + 1}" if cells == width + 1 else f"{width + 1}–{cells}"
        one = cells == width + 1
        da += f"; felt {span} står uden for overskriftens kolonner"
        en += f"; field{'' if one else 's'} {span} {'is' if one else 'are'} beyond the header's columns"
        return InputProblem(da, detail_en=en)
    names = [f"«{cut(h.strip(), 40)}»" for h in header[cells:width] if h.strip()]
    shown, rest = names[:_SHOWN_COLUMNS], len(names) - _SHOWN_COLUMNS
    one = width == cells + 1
    span = f"{width}" if one else f"{cells + 1}–{width}"

    def listed(word_and: str, word_others: str) -> str:
        if rest > 0:
            return ", ".join(shown) + f" {word_and} {rest} {word_others}"
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {word_and} " + shown[-1]

    da += f"; kolonne {span} ({listed('og', 'andre')}) mangler"
    en += f"; column{'' if one else 's'} {span} ({listed('and', 'others')}) {'is' if one else 'are'} missing"
    return InputProblem(da, detail_en=en)


def fallback_note(source: str, rows: list[int], header: tuple[str, str] | None = None) -> str:
    """The notice that rows of ``source`` were read as Windows-1252, in the run's language;
    the file named as every output names it (door.shown_path). ``header``: where the
    header, the one row read so, is not UTF-8 (the notice names the column and byte)."""
    from .. import door, notices

    source = door.shown_path(source)
    if header is not None:
        return notices.text("cp1252_header", path=source, where=header[notices.lang() == "en"])
    shown = ", ".join(str(r) for r in rows[:10]) + (", …" if len(rows) > 10 else "")
    one = len(rows) == 1
    if notices.lang() == "en":
        return notices.text("cp1252", path=source, rows=f"{len(rows)} row is" if one else f"{len(rows)} rows are",
                            row_word="row" if one else "rows", shown=shown)
    return notices.text("cp1252", path=source, rows=f"{len(rows)} række" if one else f"{len(rows)} rækker",
                        shown=shown, them="den" if one else "dem")


def read_csv_stream(fh: IO[bytes], source: str, mapping: Mapping,
                    max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    opened = open_csv_stream(fh, source, mapping, max_bytes)
    if isinstance(opened, RawRecord):
        yield opened
        return
    yield from records(opened)
    if opened.fallback_rows:
        import sys

        print(f"praktiktjek: {fallback_note(source, opened.fallback_rows, opened.header_note)}", file=sys.stderr)


def read_csv(data: bytes, source: str, mapping: Mapping,
             max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> Iterator[RawRecord]:
    import io

    yield from read_csv_stream(io.BytesIO(data), source, mapping, max_bytes)


def records(src: CsvSource) -> Iterator[RawRecord]:
    lay = src.layout
    for line, row, problem in src.rows:
        yield row_record(src.source, line, row, problem, lay, src.mapping)


def headers_for(field_path: str, mapping: Mapping) -> list[str]:
    """The CSV headers that the mapping reads into ``field_path``."""
    return [h for h, f in mapping.columns.items() if f == field_path]


def missing_columns_text(fields: list[str], mapping: Mapping, lang: str = "da") -> str:
    """«filen har ingen kolonne for «Aftale-id» (overskrift: «aftale_id») …»: for each missing
    field the headers the mapping would read it from, or that the mapping has none. The
    Danish text names the field by its Danish title, not its path («id», «company.cvr»),
    which a Danish reader of a spreadsheet does not know; the English one keeps the path."""
    from ..contract import fields as known

    info = known()
    parts = []
    for f in fields:
        name = info[f].title_da if lang == "da" and f in info else f
        heads = headers_for(f, mapping)
        if heads:
            parts.append(f"«{name}» (overskrift: {' eller '.join(f'«{h}»' for h in heads)})")
        else:
            parts.append(f"«{name}» (ingen overskrift i kolonneafbildningen)")
    return "filen har ingen kolonne for " + ", ".join(parts)


def _names(row: list[str], lay: Layout) -> dict[str, Any]:
    """The agreement's and the citizen's id from a row that is not read otherwise: what
    makes its VP000 attributable (masked, as every id, where it is shown)."""
    out: dict[str, Any] = {}
    for col in lay.columns:
        if col.field in ("id", "citizen.id") and col.index < len(row) and row[col.index].strip():
            if col.field == "id":
                out["id"] = row[col.index].strip()
            else:
                out["citizen"] = {"id": row[col.index].strip()}
    return out


def row_record(source: str, line: int, row: list[str] | None, problem: str | InputProblem | None,
               lay: Layout, mapping: Mapping) -> RawRecord:
    if problem is not None or row is None:
        got = problem if isinstance(problem, InputProblem) else InputProblem(problem or "ulæselig række")
        return RawRecord(source, line, data=_names(row, lay) if row is not None else None,
                         problem=got, unit="row")
    data, bad = row_to_dict(row, lay, mapping)
    if lay.duplicates:  # every row: no value of such a field can be trusted
        bad = duplicate_problem(lay)
    elif bad is None and lay.missing_required:
        from ..input_en import to_english

        bad = InputProblem(missing_columns_text(lay.missing_required, mapping),
                           "/" + lay.missing_required[0].replace(".", "/"),
                           detail_en=to_english(missing_columns_text(lay.missing_required, mapping, "en")))
    return RawRecord(source, line, data=data, problem=bad, present=lay.present, unit="row",
                     unknown=lay.unknown_fields, columns=lay.column_at)

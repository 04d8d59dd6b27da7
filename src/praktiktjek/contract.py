"""Strict reading of format v1: what a VP000 says and what to write instead, and which
fields are unknown (VP003).

Everything here reads the model (model.py): field names, Danish and English titles and
the closed lists of codes, so that a message, the schema and the form never disagree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from .jsonpos import misread, misread_after
from .model import CVR_PATTERN, DATE_PATTERN, NON_BLANK_PATTERN, P_NUMBER_PATTERN, Agreement
from .readers import InputProblem


@dataclass(frozen=True, slots=True)
class FieldInfo:
    path: str  # dotted, list items without index: "extensions.end"
    title_da: str
    title_en: str
    codes: dict[str, tuple[str, str]] | None  # code -> (Danish label, English label)
    closed: bool  # an unknown code is VP000 (False: purpose.categories, VP102's business)
    examples: tuple[Any, ...]
    model: type[BaseModel] | None  # the nested object's class, if the field is one


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model class inside ``X | None`` / ``list[X] | None``, and whether it is a list."""
    stack, is_list = [annotation], False
    while stack:
        t = stack.pop()
        origin = typing.get_origin(t)
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t, is_list
        if origin is list:
            is_list = True
        if origin in (typing.Union, types.UnionType, list):
            stack.extend(typing.get_args(t))
    return None, False


def _closed(annotation: Any) -> bool:
    stack = [annotation]
    while stack:
        t = stack.pop()
        if typing.get_origin(t) is typing.Literal:
            return True
        stack.extend(a for a in typing.get_args(t) if not isinstance(a, str | int | float | bool))
    return False


@functools.cache
def fields() -> dict[str, FieldInfo]:
    """Every field of format v1 by dotted path."""
    out: dict[str, FieldInfo] = {}

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, f in model.model_fields.items():
            path = prefix + name
            extra: dict[str, Any] = dict(f.json_schema_extra) if isinstance(f.json_schema_extra, dict) else {}
            labels: Any = extra.get("x-enum-labels")
            codes = None
            if isinstance(labels, dict):
                codes = {str(k): (str(labels["da"][k]), str(labels["en"][k])) for k in labels["da"]}
            sub, _ = _nested(f.annotation)
            out[path] = FieldInfo(path, str(extra.get("x-title-da", name)), f.title or name, codes,
                                  _closed(f.annotation), tuple(f.examples or ()), sub)
            if sub is not None:
                walk(sub, path + ".")

    walk(Agreement, "")
    return out


_UNION_TAGS = {"date", "bool", "str", "constrained-str", "float", "int", "none", "list", "dict"}


def _parts(loc: tuple[int | str, ...]) -> list[int | str]:
    """A pydantic error location without the union and validator tags it adds."""
    return [p for p in loc if not (isinstance(p, str) and (p in _UNION_TAGS or "[" in p))]


def _path(loc: tuple[int | str, ...]) -> str:
    """The dotted field path of an error (list indices left out), as in :func:`fields`."""
    return ".".join(p for p in _parts(loc) if isinstance(p, str))


def pointer(loc: tuple[int | str, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in _parts(loc))


# --------------------------------------------------------------------------- suggestions

def _key(text: str) -> str:
    return " ".join(re.sub(r"[_\-./]+", " ", text.casefold()).split())


#: longer values are not compared (difflib is quadratic, and nothing that long is a typo)
_MAX_COMPARED = 64


def closest(value: str, candidates: dict[str, tuple[str, ...]]) -> str | None:
    """The candidate (a code or field name) that ``value`` most likely means, compared with
    each candidate's own spelling and its labels, case-folded; None unless one candidate is
    clearly meant. A wrong guess turns into an instruction ("skriv «dagpenge»"), so this
    rather says nothing than something doubtful."""
    if len(value) > _MAX_COMPARED:
        return None
    want = _key(value)
    if not want:
        return None
    spellings: dict[str, str] = {}
    for cand, labels in candidates.items():
        for s in (cand, *labels):
            spellings.setdefault(_key(s), cand)
    if want in spellings:
        return spellings[want]
    # the value begins the spelling of one candidate only ("dagpenge" → "dagpengemodtager")
    starts = {cand for s, cand in spellings.items() if len(want) >= 6 and s.startswith(want)}
    if len(starts) == 1:
        return starts.pop()
    # the value is a whole word of one candidate's label only ("overgangsydelse")
    words = {cand for s, cand in spellings.items() if len(want) >= 6 and want in s.split()}
    if len(words) == 1:
        return words.pop()
    # a near spelling: close, and clearly closer than any other candidate
    best: dict[str, float] = {}
    for s, cand in spellings.items():
        best[cand] = max(best.get(cand, 0.0), difflib.SequenceMatcher(None, want, s).ratio())
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 0.8 and (len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= 0.05):
        return ranked[0][0]
    return None


# --------------------------------------------------------------------------- unknown fields (VP003)

@functools.cache
def _siblings(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """A model's field names with their Danish and English titles (what a key may mean)."""
    info = fields()
    prefix_of = {i.model: p for p, i in info.items() if i.model is not None}
    prefix = "" if model is Agreement else prefix_of[model] + "."
    return {n: (info[prefix + n].title_da, info[prefix + n].title_en) for n in model.model_fields}


_UNKNOWN: Any = object()


@functools.lru_cache(maxsize=4096)
def _nearest_field(key: str, model: type[BaseModel]) -> str | None:
    """An export repeats its unknown keys on every record: compare each once."""
    return closest(key, _siblings(model))


@functools.cache
def _shape(model: type[BaseModel]) -> dict[str, tuple[type[BaseModel], bool] | None]:
    """Per field of ``model``: the nested model (and whether in a list), or None. Made once
    a class: the walk below runs on every record of an audit."""
    out: dict[str, tuple[type[BaseModel], bool] | None] = {}
    for name, f in model.model_fields.items():
        sub, is_list = _nested(f.annotation)
        out[name] = (sub, is_list) if sub is not None else None
    return out


def unknown_fields(data: dict[str, Any], suggest: int = 10) -> Iterator[tuple[str, str, str | None]]:
    """(pointer, key, the known field it likely means or None) for every key format v1
    does not know; only the first ``suggest`` keys are compared (the rest are counted)."""
    seen = 0

    def walk(value: Any, model: type[BaseModel], ptr: str) -> Iterator[tuple[str, str, str | None]]:
        nonlocal seen
        if not isinstance(value, dict):
            return
        shape = _shape(model)
        for k, v in value.items():
            got = shape.get(k, _UNKNOWN)
            if got is None:  # a known field holding no object: nothing below to look at
                continue
            here = f"{ptr}/{k.replace('~', '~0').replace('/', '~1')}"
            if got is _UNKNOWN:
                seen += 1
                yield here, k, _nearest_field(k, model) if seen <= suggest else None
                continue
            sub, is_list = got
            if is_list and isinstance(v, list):
                for i, item in enumerate(v):
                    yield from walk(item, sub, f"{here}/{i}")
            else:
                yield from walk(v, sub, here)

    yield from walk(data, Agreement, "")


# --------------------------------------------------------------------------- VP000 messages

#: (Danish, English) per pydantic error type, for what is wrong
_WHAT: dict[str, tuple[str, str]] = {
    "missing": ("feltet mangler", "the field is missing"),
    "string_type": ("skal være tekst i anførselstegn", "must be text in quotes"),
    "float_type": ("skal være et tal uden anførselstegn", "must be a number without quotes"),
    "int_type": ("skal være et heltal", "must be an integer"),
    "number_too_large": ("er et alt for stort tal", "is far too large a number"),
    "number_too_small": ("er så tæt på 0, at det læses som 0, ikke som det tal, der står",
                         "is so close to 0 that it reads as 0, not as the number written"),
    "finite_number": ("skal være et endeligt tal (ikke NaN eller uendelig)",
                      "must be a finite number (not NaN or infinite)"),
    "greater_than_equal": ("må ikke være negativ", "must not be negative"),
    "bool_type": ("skal være true eller false uden anførselstegn", "must be true or false without quotes"),
    "date_type": ("skal være en dato skrevet ÅÅÅÅ-MM-DD i anførselstegn",
                  "must be a date written YYYY-MM-DD in quotes"),
    "date_format": ("skal være en dato skrevet præcis ÅÅÅÅ-MM-DD", "must be a date written exactly YYYY-MM-DD"),
    "date_invalid": ("datoen findes ikke", "the date does not exist"),
    "list_type": ("skal være en liste [ … ]", "must be a list [ … ]"),
    "model_type": ("skal være et objekt { … }", "must be an object { … }"),
    "model_attributes_type": ("skal være et objekt { … }", "must be an object { … }"),
    "dict_type": ("skal være et objekt { … }", "must be an object { … }"),
}
_PATTERN_WHAT = {
    NON_BLANK_PATTERN: ("må ikke være tom", "must not be empty"),
    CVR_PATTERN: ("skal være et CVR-nummer på præcis 8 cifre", "must be a CVR number of exactly 8 digits"),
    P_NUMBER_PATTERN: ("skal være et P-nummer på præcis 10 cifre", "must be a P-number of exactly 10 digits"),
    DATE_PATTERN: ("skal være en dato skrevet præcis ÅÅÅÅ-MM-DD", "must be a date written exactly YYYY-MM-DD"),
}
_CONSENT = ("skal være en dato (ÅÅÅÅ-MM-DD) eller true", "must be a date (YYYY-MM-DD) or true")

Mask = Callable[[str], str]


#: the fields that hold a company's identifier (not personal data, never masked) and the
#: number of digits an identifier of each has
COMPANY_ID_FIELDS = {"cvr": 8, "p_number": 10}


def company_id_as_written(path: str, value: Any) -> bool:
    """Whether a rejected value in a CVR or P-number field is shown unmasked: only when it
    is a company identifier in all but its JSON type (the digits of a CVR or P-number
    written as a number). Anything else there — «230487-9173», ten digits in the 8-digit
    CVR field, text around the digits — is not a company's identifier, and is often the
    citizen's CPR number typed in the wrong field: it is masked like any text (review 19)."""
    digits = COMPANY_ID_FIELDS.get(path.rsplit(".", 1)[-1])
    if digits is None or isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0 and len(str(value)) == digits
    return isinstance(value, str) and len(value) == digits and value.isascii() and value.isdigit()


def in_place(text: str, mask: Mask) -> str:
    """``text`` with the serial of each CPR number in it starred where it stands
    («1012 34****», «23.04.87-****»): a rejected CVR or P-number keeps the form it was
    written in (review 11, finding 3) and shows no CPR number (review 19). Unchanged when
    ``mask`` shows CPR numbers (``--show-cpr``)."""
    from .door import SHOW_CPR, across

    if mask(text) == text:
        return text
    shown = SHOW_CPR.set(False)  # ``mask`` decided: CPR numbers are masked here
    try:
        return across(text, [])
    finally:
        SHOW_CPR.reset(shown)


def _shown(value: Any, mask: Mask, clean: Callable[[str], str], *,
           company: bool | None = False, written: str | None = None) -> tuple[str, str, tuple[str, ...]]:
    """A value as a message quotes it: (Danish, English, the pieces kept unmasked).

    The output door's order (issue #9): clean, then mask, then quote, then cut. A repr
    first would turn a control character between the digits of a CPR number into the
    text "\x07", which no mask recognises. A text is quoted «…» as written (cleaned); in a
    company's CVR or P-number field (``company`` True) a CPR number's serial is starred in
    place, so the value keeps its form (review 11, finding 3; review 19), and a company
    identifier in all but its JSON type (``company`` None) is shown as written. A
    character that shows nothing, which the cleaning removes, is named where it is
    (finding 4); a number is written as the language writes it (finding 6)."""
    from .door import cut, invisible_note

    if company is None:
        show = clean
    elif company:
        show = lambda s: in_place(clean(s), mask)  # noqa: E731
    else:
        show = lambda s: mask(clean(s))  # noqa: E731
    kept = company is not False
    if written is not None and not _read_as_written(value, written):
        # beyond a float's range or precision (1e-400 reads as 0, 1e400 as infinity):
        # the number as the file wrote it, not as it was read (review 17, F12)
        # (cut as a long number read is: 400 zeros after the point are not quoted whole)
        as_written = cut(show(written), 40)
        return as_written, as_written, ((as_written,) if kept else ())
    if not isinstance(value, str):
        # a long number is cut as a long text is (review 19, F9: 4,300 digits quoted whole)
        da, en = cut(show(_number_words(value, "da")), 40), cut(show(_number_words(value, "en")), 40)
        return da, en, ((da, en) if kept else ())
    quoted = cut(show(value), 58)
    note = invisible_note(value)
    keep: tuple[str, ...] = (quoted,) if kept else ()
    if note is None:
        return f"«{quoted}»", f"«{quoted}»", keep
    if kept:
        keep += tuple(note)
    return (f"«{quoted}», der {show(note[0])}", f"«{quoted}», which {show(note[1])}", keep)


def _number_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The attribute paths of the number fields of format v1 (none is inside a list)."""
    for name, f in model.model_fields.items():
        leaves = _leaves(f.annotation)
        if float in leaves:
            yield (*prefix, name)
        for leaf in leaves:
            if isinstance(leaf, type) and issubclass(leaf, BaseModel) and leaf is not model:
                yield from _number_fields(leaf, (*prefix, name))


def _leaves(t: Any) -> list[Any]:
    args = typing.get_args(t)
    if not args:
        return [t]
    if typing.get_origin(t) is list:
        return []  # an item of a list has an index: no number field is in one
    if typing.get_origin(t) is typing.Annotated:
        return _leaves(args[0])
    return [leaf for a in args for leaf in _leaves(a)]


#: (JSON pointer, attribute path) of each number field: every one is a float ≥ 0
NUMBER_FIELDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    ("/" + "/".join(path), path) for path in _number_fields(Agreement))


#: each number field's key as a JSON text ends it (``hours_per_week"`` also ends
#: ``"mentor_hours_per_week"``: a number after either is looked at), for :func:`misread_after`
NUMBER_KEYS: tuple[str, ...] = tuple(sorted(
    {k for k in {f'{path[-1]}"' for _, path in NUMBER_FIELDS}
     if not any(o != k and k.endswith(o) for o in {f'{p[-1]}"' for _, p in NUMBER_FIELDS})}))


def unread_numbers(a: Agreement, written: Callable[[str], str | None]) -> ValidationError | None:
    """A number the file writes as another than the one it reads as. Beyond a float's
    range (review 20, F7): ``1e-400``, or 400 zeros after the point, reads as 0
    (``-1e-400`` as -0, which «≥ 0» lets pass), so VP104 said «der står 0 timer» of a
    file that wrote 1e-400 and a negative number passed. Beyond its precision (review 21
    cli, F9): ``37.0000000000000001`` hours reads as 37 and passed VP301's limit of 37.
    Strict reading: such a number is VP000 — a negative one read as 0 «må ikke være
    negativ» as -1 is, another read as 0 «læses som 0», one with more digits than are kept
    «læses som 37» — and its message shows it as written. ``written``: a number's JSON
    text at a pointer (:func:`jsonpos.misread` says which read as written).

    A :class:`jsonpos.Locator`'s own ``written`` first has its text looked over for a
    number field's key with a long number or an exponent after it (a few ``str.find``):
    only then are the fields' texts looked up, which scans the whole text for positions."""
    owner = getattr(written, "__self__", None)
    text = getattr(owner, "text", None)
    if isinstance(text, str) and not misread_after(text, NUMBER_KEYS):
        return None
    errors: list[Any] = []
    for ptr, path in NUMBER_FIELDS:
        v: Any = a
        for name in path:
            v = getattr(v, name, None)
        if v is None:
            continue
        raw = written(ptr)
        if raw is None or not misread(raw):
            continue
        try:
            exact = Decimal(raw)
        except (InvalidOperation, ValueError):
            continue
        loc = path
        if v != 0:
            errors.append({"type": PydanticCustomError("number_too_precise", "number too precise"),
                           "loc": loc, "input": v})
        elif exact < 0:
            errors.append({"type": "greater_than_equal", "loc": loc, "input": v, "ctx": {"ge": 0}})
        elif exact != 0:
            errors.append({"type": PydanticCustomError("number_too_small", "number too small"),
                           "loc": loc, "input": v})
    return ValidationError.from_exception_data("Agreement", errors) if errors else None


def _unread_typed(text: str) -> str | None:
    """The error a number typed in a form field is when it reads as another number (web/
    forms.py ``read_number`` leaves it text): negative and read as 0, read as 0, or with
    more digits than are kept (read as a near number)."""
    t = text.strip()
    if "," in t:  # a Danish number: thousands grouped by points or blanks, a decimal comma
        t = re.sub("[. \u00a0\u202f]", "", t).replace(",", ".")
    try:
        exact = Decimal(t)
        if not exact.is_finite() or not misread(t):
            return None
        read = float(t)
    except (InvalidOperation, ValueError):
        return None
    if read != 0:
        return "number_too_precise"
    return None if exact == 0 else "greater_than_equal" if exact < 0 else "number_too_small"


def _as_read(value: Any) -> float:
    """The number a value with more digits than are kept reads as: a form field's text
    (left text by the form's reader, «37,0000000000000001») as a float, else itself."""
    if isinstance(value, str):
        t = value.strip()
        if "," in t:
            t = re.sub("[. \u00a0\u202f]", "", t).replace(",", ".")
        return float(t)
    return float(value)


def _read_as_written(value: Any, written: str) -> bool:
    """Whether the number a JSON text was read as is the number it writes: 200.50 read
    as 200.5 is; 1e-400 read as 0, 1e400 as infinity and 0.10000000000000000001 as 0.1
    are not."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    try:
        return Decimal(written) == Decimal(repr(value) if isinstance(value, float) else value)
    except (InvalidOperation, ValueError):
        return False


def _number_words(value: Any, lang: str) -> str:
    """A JSON value that is no text, as a message shows it: a number with the language's
    decimal mark («200,5»), a very large or small one as a power of ten («1,7 · 10³⁰⁸»),
    not Python's code form («200.5», «1.7e+308», «NaN»)."""
    if not isinstance(value, float) or isinstance(value, bool):
        return _json_literal(value)
    if value != value:
        return "ikke et tal" if lang == "da" else "not a number"
    if value in (float("inf"), float("-inf")):
        inf = "uendelig" if lang == "da" else "infinity"
        return inf if value > 0 else ("minus " + inf)
    text = _number(value)
    mantissa, _, exponent = text.partition("e")
    if lang == "da":
        mantissa = mantissa.replace(".", ",")
    if not exponent:
        return mantissa
    power = str(int(exponent)).translate(_SUPERSCRIPT)
    return f"{mantissa} · 10{power}" if lang == "da" else f"{mantissa} × 10{power}"


#: a number as a message writes it (used by the messages' number formatting for a value
#: too small for nine decimals)
number_words = _number_words

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _number(x: float) -> str:
    if x != x or x in (float("inf"), float("-inf")):
        return "uendelig" if x == float("inf") else ("minus uendelig" if x < 0 else "NaN")
    return str(int(x)) if x == int(x) and abs(x) < 1e16 else repr(x)


#: a JSON value with no text of its own, named as a form's message names it (review 19, F11)
_FORM_WORDS: dict[str, tuple[str, str]] = {
    "true": ("«ja»", "«yes»"), "false": ("«nej»", "«no»"), "null": ("en tom værdi", "an empty value"),
    "[…]": ("en liste", "a list"), "{…}": ("en gruppe af felter", "a group of fields"),
}


def _json_literal(value: Any) -> str:
    if isinstance(value, float):
        return _number(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    return str(value)


def _date_guess(value: Any) -> str | None:
    """The ISO date a person most likely meant by a date written another way."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    m = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9:.]+(Z|[+-][0-9:]+)?", s)
    if m:
        return m.group(1)
    m = re.fullmatch(r"([0-9]{1,2})[-./]([0-9]{1,2})[-./]([0-9]{4})", s)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            return None
    return None


def _no_such_day(value: Any) -> bool:
    """A text written ÅÅÅÅ-MM-DD whose day is not in the calendar («2024-02-30»)."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        return False
    try:
        dt.date.fromisoformat(value.strip())
    except ValueError:
        return True
    return False


def _consent_fix(value: Any, field: tuple[str, str] | None) -> tuple[str, str] | None:
    """A consent written as a date another way, or a day that does not exist: the date to
    write, as the start date's advice gives it (review 17, F5); None for any other value."""
    where_da, where_en = (f" i feltet «{field[0]}»", f" in the field «{field[1]}»") if field else ("", "")
    q = "" if field else '"'
    true_da, true_en = ("ja", "yes") if field else ("true", "true")
    guess = _date_guess(value)
    if guess:
        return (f"Skriv datoen{where_da} som ÅÅÅÅ-MM-DD: {q}{guess}{q} (eller {true_da})",
                f"Write the date{where_en} as YYYY-MM-DD: {q}{guess}{q} (or {true_en})")
    if _no_such_day(value):
        return (f"Ret datoen{where_da} til en dag, der findes i kalenderen, skrevet ÅÅÅÅ-MM-DD (eller skriv {true_da})",
                f"Correct the date{where_en} to a day that exists, written YYYY-MM-DD (or write {true_en})")
    return None


def _fix(err_type: str, path: str, value: Any, info: FieldInfo | None,
         codes_hint: tuple[str, str] | None,
         mask: Mask, clean: Callable[[str], str], written: str | None = None) -> tuple[str, str]:
    """What to write instead, in Danish and English, as specific as the error allows;
    ``written``: the value's JSON text, where it is a number."""
    name_da = info.title_da.lower() if info else path
    name_en = info.title_en.lower() if info else path
    example = info.examples[0] if info and info.examples else None
    if path.startswith("agreed_by."):
        return _consent_fix(value, None) or (
                "Skriv datoen, parten indgik aftalen, som ÅÅÅÅ-MM-DD (fx \"2021-02-24\") eller true; "
                "mangler aftalen, så lad feltet være null (det giver fundet VP106)",
                "Write the date the party agreed as YYYY-MM-DD (e.g. \"2021-02-24\") or true; if the "
                "party has not agreed, leave it null (which gives the finding VP106)")
    if codes_hint is not None:
        return codes_hint
    if err_type in ("date_type", "date_format", "date_invalid") or (
            err_type == "string_pattern_mismatch" and info and "dato" in name_da):
        guess = _date_guess(value)
        if guess:
            return (f"Skriv datoen som ÅÅÅÅ-MM-DD: \"{guess}\"", f"Write the date as YYYY-MM-DD: \"{guess}\"")
        if err_type == "date_invalid":
            return ("Ret datoen til en dag, der findes i kalenderen, skrevet ÅÅÅÅ-MM-DD",
                    "Correct the date to a day that exists, written YYYY-MM-DD")
        return ("Skriv datoen som ÅÅÅÅ-MM-DD, fx \"2021-03-01\"", "Write the date as YYYY-MM-DD, e.g. \"2021-03-01\"")
    if err_type == "number_too_large":
        return (f"Skriv det rigtige tal i feltet «{name_da}»", f"Write the right number in the field «{name_en}»")
    if err_type == "number_too_small":
        return (f"Skriv det rigtige tal i feltet «{name_da}», eller 0, hvis det er nul",
                f"Write the right number in the field «{name_en}», or 0 if it is zero")
    if err_type == "number_too_precise":
        read = _number(_as_read(value))
        return (f"Skriv tallet i feltet «{name_da}» med højst 15 cifre, fx {read}, som er det tal, der læses",
                f"Write the number in the field «{name_en}» with at most 15 digits, e.g. {read}, the number read")
    if err_type == "float_type":
        num = value.strip().replace(",", ".") if isinstance(value, str) else None
        # a number written out in the advice only when it is one a person would type: a
        # run of 80,000 digits is not repeated whole (review 20, F5), nor cut (another number)
        if num is not None and len(num) <= 20 and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", num):
            shown = num.rstrip("0").rstrip(".") if "." in num else num
            return (f"Skriv tallet uden anførselstegn: {shown}", f"Write the number without quotes: {shown}")
        return (f"Skriv {name_da} som et tal uden anførselstegn, fx {example if example is not None else 30}",
                f"Write the {name_en} as a number without quotes, e.g. {example if example is not None else 30}")
    if err_type == "bool_type":
        return ("Skriv true eller false uden anførselstegn (eller null, hvis det ikke vides)",
                "Write true or false without quotes (or null if it is not known)")
    if err_type == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            # a company's CVR or P-number as written: never masked (the contract)
            lit = clean(written if written is not None and not _read_as_written(value, written)
                        else _json_literal(value))
            lit = (lit if company_id_as_written(path, value)
                   else in_place(lit, mask) if path.rsplit(".", 1)[-1] in COMPANY_ID_FIELDS
                   else clean(mask(lit)))
            return (f"Skriv værdien som tekst i anførselstegn: \"{lit}\"",
                    f"Write the value as text in quotes: \"{lit}\"")
        return (f"Skriv {name_da} som tekst i anførselstegn", f"Write the {name_en} as text in quotes")
    if err_type == "string_pattern_mismatch" and info is not None:
        if path.endswith("cvr"):
            return ("Skriv CVR-nummeret som 8 cifre i anførselstegn uden mellemrum, fx \"12345678\"",
                    "Write the CVR number as 8 digits in quotes without spaces, e.g. \"12345678\"")
        if path.endswith("p_number"):
            return ("Skriv P-nummeret som 10 cifre i anførselstegn uden mellemrum, fx \"1019876543\"",
                    "Write the P-number as 10 digits in quotes without spaces, e.g. \"1019876543\"")
    if err_type in ("missing", "string_pattern_mismatch"):
        ex = f", fx \"{example}\"" if isinstance(example, str) else ""
        ex_en = f", e.g. \"{example}\"" if isinstance(example, str) else ""
        return (f"Udfyld {name_da} (/{path.replace('.', '/')}){ex}",
                f"Fill in the {name_en} (/{path.replace('.', '/')}){ex_en}")
    if err_type in ("greater_than_equal", "less_than_equal", "finite_number"):
        return (f"Skriv et tal mellem 0 og det største mulige for {name_da}",
                f"Write a number from 0 to the largest possible for the {name_en}")
    if err_type in ("list_type",):
        return (f"Skriv {name_da} som en liste, fx [\"kundeservice\"]",
                f"Write the {name_en} as a list, e.g. [\"customer service\"]")
    if err_type in ("model_type", "model_attributes_type", "dict_type"):
        return (f"Skriv {name_da} som et objekt {{ … }} med sine felter (se docs/format.md)",
                f"Write the {name_en} as an object {{ … }} with its fields (see docs/format.md)")
    return ("Ret feltet, så det følger format version 1 (se docs/format.md)",
            "Correct the field so that it follows format version 1 (see docs/format.md)")


def _code_problem(value: Any, info: FieldInfo, mask: Mask,
                  clean: Callable[[str], str], form: bool = False) -> tuple[str, str, str | None]:
    """(Danish, English, the code suggested) for a value that is not one of the codes;
    ``form``: a form's message, which names a value with no text in words (review 19, F11)."""
    assert info.codes is not None
    noun_da = {"target_group": "ukendt målgruppe"}.get(info.path, f"ukendt kode for {info.title_da.lower()}")
    noun_en = {"target_group": "unknown target group"}.get(info.path, f"unknown code for {info.title_en.lower()}")
    if form and (value is None or isinstance(value, bool | list | dict)):
        word_da, word_en = _FORM_WORDS[_json_literal(value)]
        return f"{noun_da} (fik {word_da})", f"{noun_en} (got {word_en})", None
    shown_da, shown_en, _ = _shown(value, mask, clean)
    if not shown_da.startswith("«"):  # a number or true/false: quoted like a text here
        shown_da, shown_en = f"«{shown_da}»", f"«{shown_en}»"
    guess = closest(value, {c: labels for c, labels in info.codes.items()}) if isinstance(value, str) else None
    if guess:
        return (f"{noun_da} {shown_da} — mente du «{guess}»?", f"{noun_en} {shown_en} — did you mean «{guess}»?",
                guess)
    return (f"{noun_da} {shown_da}", f"{noun_en} {shown_en}", None)


def _codes_list(info: FieldInfo) -> str:
    assert info.codes is not None
    codes = [f"«{c}»" for c in info.codes]
    return ", ".join(codes[:-1]) + " | " + codes[-1] if len(codes) > 1 else codes[0]


#: (Danish, English) for what is wrong in a form field, where the JSON wording
#: (quotes, true/false, { … }) means nothing to the person filling the form (review 15, F7)
_FORM_WHAT: dict[str, tuple[str, str]] = {
    "string_type": ("skal være tekst", "must be text"),
    "float_type": ("skal være et tal", "must be a number"),
    "bool_type": ("skal være ja eller nej", "must be yes or no"),
    "date_type": ("skal være en dato skrevet ÅÅÅÅ-MM-DD", "must be a date written YYYY-MM-DD"),
    "list_type": ("har en ugyldig værdi", "has an invalid value"),
    "model_type": ("har en ugyldig værdi", "has an invalid value"),
    "model_attributes_type": ("har en ugyldig værdi", "has an invalid value"),
    "dict_type": ("har en ugyldig værdi", "has an invalid value"),
}
_FORM_CONSENT = ("skal være en dato (ÅÅÅÅ-MM-DD) eller ja", "must be a date (YYYY-MM-DD) or yes")

#: a number the web form does not read because it is ambiguous (web/forms.py AMBIGUOUS)
_AMBIGUOUS_NUMBER = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")

#: a form's labels: a field's JSON pointer → its (Danish, English) label, None if the
#: form has no input for it
FormLabels = Callable[[str], tuple[str, str] | None]


def _form_fix(err_type: str, path: str, value: Any, info: FieldInfo | None, label: tuple[str, str],
              coded: bool) -> tuple[str, str]:
    """What to write instead in a form field, named by its label (review 15, F7)."""
    da, en = label
    example = info.examples[0] if info and info.examples else None
    if path.startswith("agreed_by."):
        return _consent_fix(value, label) or (
                f"Skriv i feltet «{da}» datoen, parten indgik aftalen, som ÅÅÅÅ-MM-DD (fx 2021-02-24) "
                "eller ja; mangler aftalen, så lad feltet stå tomt (det giver fundet VP106)",
                f"Write in the field «{en}» the date the party agreed as YYYY-MM-DD (e.g. 2021-02-24) or yes; "
                "if the party has not agreed, leave the field empty (which gives the finding VP106)")
    if coded:
        return (f"Vælg en af mulighederne i feltet «{da}»", f"Choose one of the options in the field «{en}»")
    if err_type in ("date_type", "date_format", "date_invalid") or (
            err_type == "string_pattern_mismatch" and info and "dato" in info.title_da.lower()):
        guess = _date_guess(value)
        if guess:
            return (f"Skriv datoen i feltet «{da}» som ÅÅÅÅ-MM-DD: {guess}",
                    f"Write the date in the field «{en}» as YYYY-MM-DD: {guess}")
        if err_type == "date_invalid":
            return (f"Ret datoen i feltet «{da}» til en dag, der findes i kalenderen",
                    f"Correct the date in the field «{en}» to a day that exists")
        return (f"Skriv datoen i feltet «{da}» som ÅÅÅÅ-MM-DD, fx 2021-03-01",
                f"Write the date in the field «{en}» as YYYY-MM-DD, e.g. 2021-03-01")
    if err_type == "float_type" and isinstance(value, str) and _AMBIGUOUS_NUMBER.fullmatch(value.strip()):
        # «1.200»: a thousand and two hundred in Danish, one point two in English (review 17, F6);
        # «1,200»: one point two in Danish, a thousand and two hundred in English (review 19, F14)
        v = value.strip()
        whole, frac = re.split("[.,]", v)
        thousands = whole + frac
        decimal = f"{whole},{frac.rstrip('0')}".rstrip(",")
        return (f"«{v}» kan læses både som {thousands} og som {decimal}: skriv {thousands} eller {decimal} "
                f"i feltet «{da}»",
                f"«{v}» can be read both as {thousands} and as {decimal.replace(',', '.')}: write {thousands} "
                f"or {decimal.replace(',', '.')} in the field «{en}»")
    if err_type == "float_type":
        num = float(example) if isinstance(example, int | float) and not isinstance(example, bool) else 30.0
        return (f"Skriv et tal i feltet «{da}», fx {_number_words(num, 'da')}",
                f"Write a number in the field «{en}», e.g. {_number_words(num, 'en')}")
    if err_type == "number_too_small":
        return (f"Skriv det rigtige tal i feltet «{da}», eller 0, hvis det er nul",
                f"Write the right number in the field «{en}», or 0 if it is zero")
    if err_type == "number_too_precise":
        read = _as_read(value)
        return (f"Skriv tallet i feltet «{da}» med højst 15 cifre, fx {_number_words(read, 'da')}, "
                "som er det tal, der læses",
                f"Write the number in the field «{en}» with at most 15 digits, e.g. {_number_words(read, 'en')}, "
                "the number read")
    if err_type == "bool_type":
        return (f"Skriv ja eller nej i feltet «{da}» (eller lad det stå tomt, hvis det ikke vides)",
                f"Write yes or no in the field «{en}» (or leave it empty if it is not known)")
    if err_type == "string_pattern_mismatch" and path.endswith("cvr"):
        return (f"Skriv CVR-nummeret i feltet «{da}» som 8 cifre uden mellemrum, fx 12345678",
                f"Write the CVR number in the field «{en}» as 8 digits without spaces, e.g. 12345678")
    if err_type == "string_pattern_mismatch" and path.endswith("p_number"):
        return (f"Skriv P-nummeret i feltet «{da}» som 10 cifre uden mellemrum, fx 1019876543",
                f"Write the P-number in the field «{en}» as 10 digits without spaces, e.g. 1019876543")
    if err_type in ("missing", "string_pattern_mismatch"):
        ex = f", fx {example}" if isinstance(example, str) else ""
        ex_en = f", e.g. {example}" if isinstance(example, str) else ""
        return (f"Udfyld feltet «{da}»{ex}", f"Fill in the field «{en}»{ex_en}")
    if err_type in ("greater_than_equal", "less_than_equal", "finite_number"):
        return (f"Skriv et tal mellem 0 og det største mulige i feltet «{da}»",
                f"Write a number from 0 to the largest possible in the field «{en}»")
    return (f"Ret feltet «{da}»", f"Correct the field «{en}»")


def problem(exc: ValidationError, mask: Mask, clean: Callable[[str], str],
            form: FormLabels | None = None,
            written: Callable[[str], str | None] | None = None,
            columns: Callable[[str], str | None] | None = None) -> InputProblem:
    """The first few errors of a record as one VP000 problem: what, where, what to write.

    ``form``: the record was filled in a form, whose labels name the fields instead of
    their JSON pointers, with advice that fits a form field (review 15, F7). ``written``: a
    number's JSON text at a pointer, shown where the number read is not the one written.
    ``columns``: the record is a CSV row; the header of the column a pointer was read from,
    which the message names instead of the pointer, with «cellen er tom» for a missing
    field whose column the file has (review 19, F6)."""
    info_by_path = fields()
    by_pointer: dict[str, list[dict[str, Any]]] = {}
    for e in exc.errors(include_url=False):
        by_pointer.setdefault(pointer(tuple(e["loc"])), []).append(dict(e))
    parts_da, parts_en = [], []
    fix: tuple[str, str] | None = None
    keep: tuple[str, ...] = ()
    for ptr, errs in list(by_pointer.items())[:3]:
        err: dict[str, Any] = errs[0]
        path = _path(tuple(err["loc"]))
        info = info_by_path.get(path)
        value = err.get("input")
        etype = str(err["type"])
        if etype == "float_type" and isinstance(value, int) and not isinstance(value, bool):
            # an integer beyond a float's range (309 digits and more) is a number, written
            # without quotes; «skal være et tal uden anførselstegn» was wrong (review 19, F9)
            etype = "number_too_large"
        codes_hint = None
        label = _form_label(form, ptr, info) if form is not None else None
        if label and etype == "float_type" and isinstance(value, str):
            # a number typed in a form that the form's reader leaves as text because it
            # reads as 0 (400 zeros after the comma): said so, the sign counting (review 20, F7)
            etype = _unread_typed(value) or etype
        if path.startswith("agreed_by.") and len(errs) > 1:
            da, en = _WHAT["date_invalid"] if _no_such_day(value) else (_FORM_CONSENT if label else _CONSENT)
        elif etype == "literal_error" and info is not None and info.codes:
            da, en, guess = _code_problem(value, info, mask, clean, form=label is not None)
            codes = _codes_list(info)
            field_da, field_en = info.title_da, info.title_en
            codes_hint = ((f"Brug en af de kendte koder i feltet «{field_da}» (se docs/format.md); er det "
                           f"«{guess}», der menes, så skriv «{guess}»",
                           f"Use one of the known codes in the field «{field_en}» (see docs/format.md); if "
                           f"«{guess}» is meant, write «{guess}»") if guess
                          else (f"Brug en af koderne {codes.replace(' | ', ' eller ')} i feltet «{field_da}»",
                                f"Use one of the codes {codes.replace(' | ', ' or ')} in the field «{field_en}»"))
        elif etype == "string_pattern_mismatch":
            da, en = _PATTERN_WHAT.get(str((err.get("ctx") or {}).get("pattern")),
                                       ("har en ugyldig form", "has an invalid form"))
        elif etype == "number_too_precise":
            read = _as_read(value)
            da, en = (f"har flere cifre, end der regnes med, og læses som {_number_words(read, 'da')}",
                      f"has more digits than are kept and reads as {_number_words(read, 'en')}")
        elif etype == "less_than_equal":
            limit = float((err.get("ctx") or {}).get("le", 0))
            da, en = f"må højst være {_number_words(limit, 'da')}", f"must be at most {_number_words(limit, 'en')}"
        else:
            da, en = ((_FORM_WHAT if label else {}).get(etype)
                      or _WHAT.get(etype, ("har en ugyldig værdi", "has an invalid value")))
        column = columns(ptr) if columns is not None and label is None else None
        if column is not None and etype == "missing":
            da, en = "cellen er tom", "the cell is empty"
        raw = written(ptr) if written is not None and isinstance(value, int | float) else None
        if etype != "missing" and etype != "literal_error":
            company = (None if company_id_as_written(path, value)
                       else path.rsplit(".", 1)[-1] in COMPANY_ID_FIELDS)
            got_da, got_en, kept = _shown(value, mask, clean, company=company, written=raw)
            if label and (value is None or isinstance(value, bool | list | dict)):
                # a form shows no JSON words: «fik ja», not «fik true» (review 19, F11)
                got_da, got_en = _FORM_WORDS[_json_literal(value)]
            keep += kept
            da += f" (fik {got_da})"
            en += f" (got {got_en})"
        if label:
            parts_da.append(f"feltet «{label[0]}»: {da}")
            parts_en.append(f"the field «{label[1]}»: {en}")
        elif column is not None:
            shown_col = mask(column)
            parts_da.append(f"kolonne «{shown_col}»: {da}")
            parts_en.append(f"column «{shown_col}»: {en}")
        else:
            parts_da.append(f"felt {ptr or '/'}: {da}")
            parts_en.append(f"field {ptr or '/'}: {en}")
        if fix is None and column is not None and codes_hint is None:
            fix = _column_fix(etype, path, mask(column))
        if fix is None:
            fix = (_form_fix(etype, path, value, info, label, codes_hint is not None) if label
                   else _fix(etype, path, value, info, codes_hint, mask, clean, raw))
    more = len(by_pointer) - len(parts_da)
    detail = "; ".join(parts_da) + (f"; og {more} fejl mere" if more > 0 else "")
    detail_en = "; ".join(parts_en) + (f"; and {more} more" if more > 0 else "")
    first = next(iter(by_pointer))
    return InputProblem(detail, first, detail_en=detail_en, fix=fix, keep=keep)


def _column_fix(err_type: str, path: str, column: str) -> tuple[str, str] | None:
    """What to write in a CSV row's column, in the export's words (no JSON pointer, no
    quotes; review 19, F6); None: the field's own advice fits."""
    if err_type == "missing":
        return (f"Udfyld kolonnen «{column}»", f"Fill in the column «{column}»")
    if err_type == "string_pattern_mismatch":
        if path.endswith("cvr"):
            return (f"Skriv CVR-nummeret som 8 cifre uden mellemrum i kolonnen «{column}», fx 12345678",
                    f"Write the CVR number as 8 digits without spaces in the column «{column}», e.g. 12345678")
        if path.endswith("p_number"):
            return (f"Skriv P-nummeret som 10 cifre uden mellemrum i kolonnen «{column}», fx 1019876543",
                    f"Write the P-number as 10 digits without spaces in the column «{column}», e.g. 1019876543")
    if err_type in ("greater_than_equal", "less_than_equal", "finite_number", "number_too_large"):
        return (f"Skriv det rigtige tal i kolonnen «{column}»", f"Write the right number in the column «{column}»")
    return None


def _form_label(form: FormLabels, ptr: str, info: FieldInfo | None) -> tuple[str, str] | None:
    """A form field's label; a field the form has no input for is named by its title."""
    got = form(ptr)
    if got is None and info is not None:
        got = (info.title_da, info.title_en)
    return got


#: What to do about a problem a reader found (no field to blame), by the start of its text.
_READER_FIXES: list[tuple[str, tuple[str, str]]] = [
    ("ugyldig JSON: der står mere efter JSON-værdien", (
        "Slet det, der står efter aftalen; flere aftaler i én fil skrives som en liste [ {…}, {…} ] "
        "eller som JSON Lines med én aftale pr. linje",
        "Delete what follows the agreement; several agreements in one file are written as a list "
        "[ {…}, {…} ] or as JSON Lines with one agreement a line")),
    ("filen er gemt som UTF-16 (Excels", (
        "Åbn filen i regnearket, og gem den som «CSV UTF-8» eller «CSV (semikolonsepareret)»",
        "Open the file in the spreadsheet and save it as «CSV UTF-8» or «CSV (semicolon delimited)»")),
    ("filen er gemt som UTF-32, som ikke læses; gem den som «CSV", (
        "Åbn filen i regnearket, og gem den som «CSV UTF-8» eller «CSV (semikolonsepareret)»",
        "Open the file in the spreadsheet and save it as «CSV UTF-8» or «CSV (semicolon delimited)»")),
    ("filen er gemt som UTF-32", (
        "Gem filen igen med tegnkodningen UTF-8 (i Notesblok: «Gem som» → Kodning «UTF-8»)",
        "Save the file again in the UTF-8 encoding (in Notepad: «Save as» → Encoding «UTF-8»)")),
    ("filen er gemt som UTF-16", (
        "Gem filen igen med tegnkodningen UTF-8 (i Notesblok: «Gem som» → Kodning «UTF-8»)",
        "Save the file again in the UTF-8 encoding (in Notepad: «Save as» → Encoding «UTF-8»)")),
    ("ugyldig JSON: et BOM-tegn", (
        "Slet BOM-tegnet først på linjen, eller gem filerne som UTF-8 uden BOM, før de sættes sammen",
        "Delete the BOM character at the start of the line, or save the files as UTF-8 without a BOM "
        "before joining them")),
    ("ugyldig JSON", ("Ret JSON-syntaksen på det angivne sted (anførselstegn, kommaer og klammer); "
                      "et JSON-værktøj eller `praktiktjek template` viser en gyldig aftale",
                      "Correct the JSON syntax at the place given (quotes, commas and brackets); a JSON "
                      "tool or `praktiktjek template` shows a valid agreement")),
    ("feltet «", ("Slet den ene af de to forekomster af feltet, så kun den rigtige værdi står tilbage",
                  "Delete one of the two occurrences of the key, so that only the right value remains")),
    ("en aftale skal være et JSON-objekt", ("Skriv hver aftale som et JSON-objekt { … } (se `praktiktjek "
                                            "template`)", "Write each agreement as a JSON object { … } "
                                            "(see `praktiktjek template`)")),
    ("filen indeholder ingen aftaler", ("Læg mindst én aftale i filen, eller fjern filen fra kørslen",
                      "Put at least one agreement in the file, or leave the file out of the run")),
    ("filen er en tom liste", ("Læg mindst én aftale i listen, eller fjern filen fra kørslen",
                               "Put at least one agreement in the list, or leave the file out of the run")),
    ("filen indeholder ingen aftaler", ("Læg mindst én aftale i filen, eller fjern filen fra kørslen",
                                        "Put at least one agreement in the file, or leave the file out of the run")),
    ("filen er ikke JSON Lines", ("Omdøb filen til .json, så den læses som ét JSON-dokument, eller skriv hver "
                                  "aftale på én linje", "Rename the file to .json so that it is read as one JSON "
                                  "document, or write each agreement on one line")),
    ("filen er ikke gyldig UTF-8", ("Gem filen som UTF-8 (i et regneark: »CSV UTF-8«)",
                                    "Save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')")),
    ("rækken er ikke gyldig UTF-8", ("Gem filen igen som UTF-8 (i et regneark: »CSV UTF-8«), så alle rækker har "
                                     "samme tegnkodning, eller skriv tegnet om i cellen",
                                     "Save the file again as UTF-8 (in a spreadsheet: 'CSV UTF-8'), so that every "
                                     "row has the same encoding, or retype the character in the cell")),
    ("linjen er ikke gyldig UTF-8", ("Gem filen som UTF-8 (i et regneark: »CSV UTF-8«)",
                                     "Save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8')")),
    ("JSON er indlejret for dybt", ("Skriv aftalen med felterne fra format version 1 uden ekstra indlejring",
                                    "Write the agreement with the fields of format version 1, without extra nesting")),
    ("posten fylder", ("Del posten op, eller hæv grænsen med --max-record-bytes, hvis posten er rigtig",
                       "Split the record, or raise the limit with --max-record-bytes if the record is right")),
    ("linjen fylder", ("Del linjen op, eller hæv grænsen med --max-record-bytes, hvis posten er rigtig",
                       "Split the line, or raise the limit with --max-record-bytes if the record is right")),
    ("filen har ingen kolonne", ("Tilføj kolonnen i udtrækket, eller afbild en eksisterende kolonne til "
                                 "feltet med --mapping", "Add the column to the export, or map an existing "
                                 "column to the field with --mapping")),
    ("første række", ("Tilføj en overskriftsrække, eller beskriv kolonnerne med --mapping",
                      "Add a header row, or describe the columns with --mapping")),
    ("overskriftsrækken", ("Ret overskriftsrækken, så hver kolonne har ét navn i korrekt CSV",
                           "Correct the header row so that each column has one name in valid CSV")),
    ("kolonne «", ("Ret cellen, så den har den form, kolonnen kræver (dato, tal, ja/nej eller en kode)",
                   "Correct the cell so that it has the form its column needs (date, number, yes/no or a code)")),
    ("rækken", ("Ret rækken, så den har lige så mange felter som overskriften og korrekte anførselstegn",
                "Correct the row so that it has as many fields as the header and balanced quotes")),
    ("filen kan ikke læses", ("Kontrollér, at filen findes og må læses", "Check that the file exists and may be read")),
]
_GENERAL_FIX = ("Ret posten, så den kan læses som en aftale i format version 1 (se docs/format.md og "
                "`praktiktjek template`)", "Correct the record so that it reads as an agreement in format "
                "version 1 (see docs/format.md and `praktiktjek template`)")


def reader_fix(detail: str) -> tuple[str, str]:
    for start, fix in _READER_FIXES:
        if detail.startswith(start):
            return fix
    return _GENERAL_FIX

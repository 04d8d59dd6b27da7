"""Our own Danish sentences for what is wrong in a file a user writes (waivers, the
configuration, a column mapping): never pydantic's "Input should be …" or "Field
required", nor the C library's English "No such file or directory"."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import re
from collections.abc import Iterable
from typing import Any

_TYPES: dict[str, str] = {
    "missing": "skal udfyldes, men mangler",
    "string_type": "skal være en tekst",
    "string_too_short": "må ikke være tom",
    "bool_type": "skal være true eller false",
    "bool_parsing": "skal være true eller false",
    "int_type": "skal være et heltal",
    "int_parsing": "skal være et heltal",
    "int_from_float": "skal være et heltal",
    "float_type": "skal være et tal",
    "float_parsing": "skal være et tal",
    "list_type": "skal være en liste",
    "dict_type": "skal være en tabel af nøgler og værdier",
    "model_type": "skal være en tabel af nøgler og værdier",
    "model_attributes_type": "skal være en tabel af nøgler og værdier",
    "date_type": "skal være en dato skrevet ÅÅÅÅ-MM-DD",
    "date_parsing": "skal være en dato skrevet ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "skal være en dato skrevet ÅÅÅÅ-MM-DD",
    # one wording for a date field, whatever went wrong (review 14b, F5): the quoted value
    # shows the time or the text that was written
    "date_from_datetime_inexact": "skal være en dato skrevet ÅÅÅÅ-MM-DD",
    "greater_than_equal": "er for lille",
    "greater_than": "er for lille",
}


#: :data:`_TYPES` in English (--lang en): our words, not pydantic's «Input should be a valid
#: dictionary»
_TYPES_EN: dict[str, str] = {
    "missing": "is required but missing",
    "string_type": "must be text",
    "string_too_short": "must not be empty",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "list_type": "must be a list",
    "dict_type": "must be a table of keys and values",
    "model_type": "must be a table of keys and values",
    "model_attributes_type": "must be a table of keys and values",
    "date_type": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date written YYYY-MM-DD",
    "greater_than_equal": "is too small",
    "greater_than": "is too small",
}


class Written(str):
    """A value as the file writes it (``off``, ``Yes``), standing in for what the YAML
    loader made of it (``False``, ``True``) where an error quotes the value: the user
    never wrote «false» (review 16, F2; review 14b, F5)."""


def as_written(errors: Iterable[Any], text: str | None, skip: int = 0) -> list[Any]:
    """pydantic's errors with each true/false or null value replaced by its spelling in
    the YAML ``text`` (``skip``: how many of the location's first parts the file does not
    have). A spelling that cannot be found (or an empty one) is left as it is:
    «true»/«false» then, as TOML writes them, and «ingenting»."""
    from . import safeyaml

    out = []
    for e in errors:
        value = e.get("input")
        if text is not None and (value is None or isinstance(value, bool)) and e.get("type") != "missing":
            got = safeyaml.written(text, tuple(e.get("loc", ()))[skip:])
            if got:
                e = {**e, "input": Written(got)}
        out.append(e)
    return out


def _shown(value: Any) -> str:
    """A value as the user wrote it in YAML or TOML (not Python's ``None``/``True``)."""
    if isinstance(value, Written):
        from .door import cut
        from .privacy import mask_cpr

        return mask_cpr(cut(str(value), 40))
    if value is None:
        return "ingenting"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes | bytearray):
        return "binære data (!!binary)"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    from .door import cut
    from .privacy import mask_cpr

    text = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return mask_cpr(cut(text, 40))  # cut past a CPR number, then mask it whole


def _choices(expected: str, word: str = "eller") -> str:
    """pydantic's "'a', 'b' or 'c'" as «a», «b» eller «c» (``word``: "or" in English)."""
    items = re.findall(r"'([^']*)'", expected)
    if not items:
        return expected
    quoted = [f"«{i}»" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {word} " + quoted[-1]


def nearest(word: str, known: Iterable[str]) -> str | None:
    got = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return got[0] if got else None


def problem(err: Any, known_keys: Iterable[str] = ()) -> str:
    """What is wrong with one value, in Danish (from one pydantic error dict)."""
    kind = err.get("type", "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        loc = err.get("loc") or ()
        name = str(loc[-1]) if loc else ""
        guess = nearest(name, known_keys) if known_keys else None
        return "er ikke en kendt nøgle" + (f" (mente du «{guess}»?)" if guess else "")
    if kind == "literal_error":
        text = f"skal være {_choices(str(ctx.get('expected', '')))}"
    elif kind == "date_from_datetime_parsing" and "range" in str(ctx.get("error", "")):
        text = "er en dato, der ikke findes"
    elif kind == "value_error":
        text = str(ctx.get("error", "har en ugyldig værdi"))
        return text
    else:
        text = _TYPES.get(kind, "har en ugyldig værdi")
    if kind != "missing" and not isinstance(value, dict | list):
        if isinstance(value, str) and not isinstance(value, Written) and kind.endswith("_type"):
            text += f" (står «\"{_shown(value)}\"», en tekst)"  # "false" is not false
        else:
            text += f" (står «{_shown(value)}»)"
    return text


def problem_en(err: Any) -> str | None:
    """:func:`problem` in English; None where our words do not cover the error (the
    caller then keeps the validator's own English)."""
    kind = err.get("type", "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        text = f"must be {_choices(str(ctx.get('expected', '')), 'or')}"
    elif kind == "date_from_datetime_parsing" and "range" in str(ctx.get("error", "")):
        text = "is a date that does not exist"
    elif kind in _TYPES_EN:
        text = _TYPES_EN[kind]
    else:
        return None
    if kind != "missing" and not isinstance(value, dict | list):
        shown = _shown(value)
        if value is None:
            shown = "nothing"
        elif isinstance(value, bytes | bytearray):
            shown = "binary data (!!binary)"
        if isinstance(value, str) and not isinstance(value, Written) and kind.endswith("_type"):
            text += f" (got «\"{shown}\"», text)"
        else:
            text += f" (got «{shown}»)"
    return text


def _what_yaml_made(value: Any) -> str:
    if value is None:
        return "ingenting (null)"
    if isinstance(value, bool):
        return "en sandhedsværdi"
    if isinstance(value, int | float):
        return "et tal"
    if isinstance(value, dt.date | dt.datetime):
        return "en dato"
    if isinstance(value, bytes | bytearray):
        return "binære data"
    return "noget andet end tekst"


def where(loc: Iterable[Any]) -> str:
    """A location as the user wrote it: ``columns.x``; list places count from 1."""
    parts = []
    for p in loc:
        if p == "[key]":
            continue
        parts.append(f"nr. {p + 1}" if isinstance(p, int) and not isinstance(p, bool)
                     else p if isinstance(p, str) else _shown(p))
    return ".".join(parts)


def sentence(err: Any, loc: Iterable[Any] | None = None, known_keys: Iterable[str] = ()) -> str:
    """One error as a sentence naming the key: «feltet «expires» skal være en dato …»,
    «nøglen «reson» er ikke en kendt nøgle (mente du «reason»?)»."""
    parts = list(err.get("loc", ()) if loc is None else loc)
    place = where(parts)
    what = problem(err, known_keys)
    if parts and parts[-1] == "[key]" and len(parts) >= 3:  # a key that is not allowed there
        value = err.get("input")
        if err.get("type") == "string_type" and not isinstance(value, str):
            # a key YAML read as something else than text (2021-01-01, 1, true, null):
            # shown as written, with what YAML made of it — never Python's repr
            shown = "null" if value is None else _shown(value)
            return (f"nøglen «{shown}» under «{where(parts[:-2])}» skal være en tekst, men YAML læser "
                    f"den som {_what_yaml_made(value)}; skriv den i anførselstegn: \"{shown}\"")
        return f"nøglen «{parts[-2]}» under «{where(parts[:-2])}» {what}"
    if err.get("type") == "extra_forbidden":
        return f"nøglen «{place}» {what}"
    if err.get("type") == "value_error":
        return f"«{place}»: {what}" if place else what
    return f"feltet «{place}» {what}" if place else f"posten {what}"


def sentence_en(err: Any, loc: Iterable[Any] | None = None, known_keys: Iterable[str] = ()) -> str:
    """:func:`sentence` in English (--lang en): the key as the user wrote it, then the
    validator's own English (our TextError's English form where it raised one)."""
    parts = [p for p in (err.get("loc", ()) if loc is None else loc) if p != "[key]"]
    place = ".".join(f"no. {p + 1}" if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in parts)
    error = (err.get("ctx") or {}).get("error")
    ours = None if error is not None else problem_en(err)
    msg = ours or str(getattr(error, "en", None) or err.get("msg", "invalid value")).replace("Value error, ", "")
    if err.get("type") == "extra_forbidden":
        guess = nearest(str(parts[-1]), known_keys) if parts and known_keys else None
        msg = "is not a known key" + (f" (did you mean «{guess}»?)" if guess else "")
    return f"{place}: {msg}" if place else msg  # as the rule pack's English: «key: what»


#: why a file could not be used, by errno: (Danish, English)
_ERRNO = {
    errno.ENOENT: ("filen findes ikke", "the file does not exist"),
    errno.EACCES: ("ingen adgang til filen", "no access to the file"),
    errno.EPERM: ("ingen adgang til filen", "no access to the file"),
    errno.EISDIR: ("det er en mappe, ikke en fil", "it is a folder, not a file"),
    errno.ENOTDIR: ("en del af stien er ikke en mappe", "a part of the path is not a folder"),
    errno.EIO: ("disken melder fejl", "the disk reports an error"),
    errno.ENAMETOOLONG: ("filnavnet er for langt", "the file name is too long"),
    errno.ELOOP: ("for mange symbolske links i stien", "too many symbolic links in the path"),
    errno.ENXIO: ("enheden findes ikke", "no such device"),
    errno.EMFILE: ("for mange åbne filer", "too many open files"),
}


def os_reasons(exc: OSError) -> tuple[str, str]:
    """Why a file could not be read or written: (Danish, English)."""
    if exc.errno in _ERRNO:
        return _ERRNO[exc.errno]
    if exc.errno:
        return f"systemfejl {exc.errno}", f"system error {exc.errno}"
    return "filen kan ikke bruges", "the file cannot be used"


def os_reason(exc: OSError) -> str:
    """:func:`os_reasons` in Danish."""
    return os_reasons(exc)[0]


def os_reason_en(exc: OSError) -> str:
    """:func:`os_reasons` in English."""
    return os_reasons(exc)[1]


def parse_places(message: str) -> tuple[str, str]:
    """(«linje 3, kolonne 5», «line 3, column 5») from a TOML/YAML parser's English
    "(at line 3, column 5)"; empty texts when it names no place."""
    m = re.search(r"line (\d+), column (\d+)", message)
    if not m:
        return "", ""
    return f"linje {m.group(1)}, kolonne {m.group(2)}", f"line {m.group(1)}, column {m.group(2)}"


def parse_place(message: str) -> str:
    """:func:`parse_places` in Danish."""
    return parse_places(message)[0]


def parse_place_en(message: str) -> str:
    """:func:`parse_places` in English."""
    return parse_places(message)[1]

"""The screen's fast path: a compiled strict decoder for format v1 (issue #12).

The msgspec Structs here are *generated* from the pydantic model (model.py), field by
field, so that there is one source of truth: the same names, the same required fields,
the same types without coercion, the same codes (Literals), the same numeric bounds and
the same patterns (msgspec applies a pattern with ``re.search``, as pydantic's
``python-re`` engine does). A constraint the generator does not know is an error at
import, never a silently weaker decoder. ``forbid_unknown_fields`` makes an unknown key
(VP003 on the slow path) a rejection.

:func:`FastDecoder.decode` *accepts* a JSON Lines line only when nothing about it could
read differently from our reader (readers/jsonfile.py) and the model:

- msgspec decodes it into the Structs (valid JSON, exactly format v1, no unknown field);
- it has no ``\\u`` escape (lone surrogates, and keys spelled with escapes, are the slow
  path's business) and is small enough that the record limit cannot apply;
- it has no duplicate key. msgspec keeps the last value silently, so the colons are
  counted: in the line, and in what msgspec writes back from the Structs. Optional fields
  default to ``UNSET`` while decoding, so that a field written as ``null`` is still there
  (written back as ``null``) and an absent one is not (left out). Every key of the line is
  followed by one colon; texts keep theirs (no ``\\u`` escape can hide one); dates and
  numbers have none. So the counts are equal exactly when every key of the line is in
  the Structs, i.e. when no object repeats a key: a repeated key's first value is dropped
  with its colon. The Structs then get None for UNSET, as the model has it.

Everything else returns None and takes the slow path (``Engine.run``) unchanged, so every
VP000 and VP003 keeps its message. NaN, Infinity and a BOM are not JSON to msgspec
either; a line with a BOM is stripped of it before the screen sees it, as on the slow path.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal

import annotated_types
import msgspec
from pydantic import BaseModel, BeforeValidator, StringConstraints, WithJsonSchema
from pydantic.fields import FieldInfo

from .. import model
from ..contract import NUMBER_KEYS
from ..jsonpos import misread_after
from ..model import Agreement


class UnsupportedField(TypeError):
    """The model uses a type or constraint the generator cannot prove it reproduces."""


def _check_config(m: type[BaseModel]) -> None:
    cfg = m.model_config
    want = {"strict": True, "allow_inf_nan": False, "regex_engine": "python-re", "extra": "ignore"}
    got = {k: cfg.get(k) for k in want}
    if got != want:
        raise UnsupportedField(f"{m.__name__}: model_config {got}, the decoder is generated for {want}")


def _meta(constraints: list[Any], base: Any) -> tuple[Any, dict[str, Any]]:
    """The msgspec form of pydantic's field metadata: (base type, Meta keywords)."""
    kw: dict[str, Any] = {}
    for c in constraints:
        if isinstance(c, FieldInfo):  # Annotated[float, Field(ge=…, le=…)]
            inner, more = _meta(list(c.metadata), base)
            base = inner
            kw.update(more)
        elif isinstance(c, annotated_types.Ge) and base is float:
            kw["ge"] = c.ge
        elif isinstance(c, annotated_types.Le) and base is float:
            kw["le"] = c.le
        elif isinstance(c, StringConstraints) and base is str:
            used = {k: v for k, v in vars(c).items() if v is not None}
            if set(used) != {"pattern"}:
                raise UnsupportedField(f"string constraints {used}")
            kw["pattern"] = c.pattern
        elif isinstance(c, BeforeValidator) and c.func is model._iso_date and base is dt.date:
            # exactly YYYY-MM-DD and a day that exists: msgspec's date (RFC 3339 full-date)
            # means the same, proven by tests/test_fast_screen.py over generated texts
            pass
        elif isinstance(c, WithJsonSchema) and c.json_schema == model._DATE_SCHEMA and base is dt.date:
            pass
        else:
            raise UnsupportedField(f"constraint {c!r} on {base!r}")
    if base is dt.date and not any(isinstance(c, BeforeValidator) for c in constraints):
        raise UnsupportedField("a date without the model's ISO date validator")
    return base, kw


def _type(annotation: Any, metadata: list[Any], structs: dict[type[BaseModel], Any]) -> Any:
    """The msgspec type of one pydantic annotation (with the field's own metadata)."""
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        base, *extra = typing.get_args(annotation)
        return _type(base, [*extra, *metadata], structs)
    if origin in (typing.Union, types.UnionType):
        if metadata:
            raise UnsupportedField(f"metadata {metadata!r} on a union")
        members = typing.get_args(annotation)
        if model.BlankText in members and any(_is_date(a) for a in members):
            # A msgspec union holds one type read from JSON text: a party of ``agreed_by``
            # (a date, or blank text for VP106) keeps the date. The decoder then accepts
            # less — blank text is refused and takes the slow path, which reads it as the
            # model does — never more.
            members = tuple(a for a in members if a != model.BlankText)
        args = tuple(_type(a, [], structs) for a in members)
        return typing.Union[args]  # noqa: UP007 (a tuple of types built at run time)
    if origin is list:
        if metadata:
            raise UnsupportedField(f"metadata {metadata!r} on a list")
        (item,) = typing.get_args(annotation)
        return list[_type(item, [], structs)]  # type: ignore[misc]
    if origin is Literal:
        if metadata or not all(isinstance(a, str) for a in typing.get_args(annotation)):
            raise UnsupportedField(f"Literal {annotation!r}")
        return annotation
    if annotation is type(None):
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if metadata:
            raise UnsupportedField(f"metadata {metadata!r} on {annotation.__name__}")
        return _struct(annotation, structs)
    if annotation in (str, float, bool, dt.date):
        base, kw = _meta(metadata, annotation)
        return Annotated[base, msgspec.Meta(**kw)] if kw else base
    raise UnsupportedField(f"type {annotation!r}")


def _is_date(annotation: Any) -> bool:
    return annotation is dt.date or (typing.get_origin(annotation) is Annotated
                                     and typing.get_args(annotation)[0] is dt.date)


def _struct(m: type[BaseModel], structs: dict[type[BaseModel], Any]) -> Any:
    if m in structs:
        return structs[m]
    _check_config(m)
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for name, f in m.model_fields.items():
        if f.alias not in (None, name) or f.validation_alias is not None:
            raise UnsupportedField(f"{m.__name__}.{name} has an alias")
        t = _type(f.annotation, list(f.metadata), structs)
        if f.is_required():
            fields.append((name, t))
        elif f.default is None and f.default_factory is None:
            fields.append((name, t | msgspec.UnsetType, msgspec.UNSET))  # None once counted
        else:
            raise UnsupportedField(f"{m.__name__}.{name}: default {f.default!r}")
    # the model's own properties (``final_end``), the same functions, not copies
    namespace = {k: v for k, v in vars(m).items() if isinstance(v, property)}
    # gc=False: a decoded agreement holds no cycle (texts, numbers, dates, lists of Structs)
    s = msgspec.defstruct(m.__name__, fields, kw_only=True, forbid_unknown_fields=True, gc=False,
                          namespace=namespace, module=__name__)
    structs[m] = s
    return s


def structs() -> dict[type[BaseModel], Any]:
    """Every model class of format v1 with its generated Struct."""
    out: dict[type[BaseModel], Any] = {}
    _struct(Agreement, out)
    return out


STRUCTS = structs()
AgreementStruct: Any = STRUCTS[Agreement]


def _filler(cls: Any, done: dict[Any, Callable[[Any], None]] | None = None) -> Callable[[Any], None]:
    """A function that gives every UNSET field of a ``cls`` (and of the Structs inside it)
    the model's default, None. Written out as straight-line code once per class: it runs
    on every record, and a loop over field names costs more than the decoding."""
    done = {} if done is None else done
    if cls in done:
        return done[cls]
    env: dict[str, Any] = {"UNSET": msgspec.UNSET}
    body = []
    for i, f in enumerate(msgspec.structs.fields(cls)):
        subs = [t for t in _leaves(f.type) if isinstance(t, type) and issubclass(t, msgspec.Struct)]
        optional = f.default is msgspec.UNSET
        if not subs:
            if optional:
                body.append(f"    if s.{f.name} is UNSET: s.{f.name} = None")
            continue
        (sub,) = subs
        env[f"fill{i}"] = _filler(sub, done)
        call = (f"        for x in v: fill{i}(x)" if _is_list(f.type) else f"        fill{i}(v)")
        body.append(f"    v = s.{f.name}")
        if optional:
            body += [f"    if v is UNSET: s.{f.name} = None", "    elif v is not None:", call]
        else:
            body += ["    if True:", call]
    code = "def fill(s):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(compile(code, f"<fill {cls.__name__}>", "exec"), env)
    fill: Callable[[Any], None] = env["fill"]
    done[cls] = fill
    return fill


def _leaves(t: Any) -> list[Any]:
    args = typing.get_args(t)
    if not args:
        return [t]
    return [leaf for a in args for leaf in _leaves(a)]


def _is_list(t: Any) -> bool:
    return typing.get_origin(t) is list or any(_is_list(a) for a in typing.get_args(t))


class FastDecoder:
    """One line of JSON Lines → the agreement as Structs, or None (take the slow path)."""

    def __init__(self, max_bytes: int) -> None:
        self._decode = msgspec.json.Decoder(AgreementStruct).decode
        self._encode = msgspec.json.Encoder().encode
        self._fill = _filler(AgreementStruct)
        #: a line this many characters or shorter is within the record limit in bytes
        self.max_chars = max_bytes // 4
        self.carries_difference = False

    def decode(self, line: str) -> Any:
        if len(line) > self.max_chars or "\\u" in line:
            return None
        try:
            a = self._decode(line)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return None
        if line.count(":") != self._encode(a).count(b":"):  # a key written twice
            return None
        # whether the line has the difference field at all (``null`` too), before UNSET
        # becomes None (sources.carries_difference, of the record decoded last)
        self.carries_difference = a.difference_from_earlier is not msgspec.UNSET
        self._fill(a)
        if misread_after(line, NUMBER_KEYS):
            # perhaps 1e-400 read as 0 (review 20, F7) or 37.0000000000000001 as 37 (review
            # 21 cli, F9): the slow path reads it as written
            return None
        return a

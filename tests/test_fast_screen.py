"""The batch screen's fast path (issue #12, "Exact input screen"): a compiled strict
decoder (msgspec Structs generated from the model) takes a JSON Lines record only when the
slow path (our reader, the pydantic model, the VP003 walk, ``Engine.run`` + ``door.seal``)
would give it no finding, and then gives exactly the row the slow path gives.

The schema-equals-checker property holds for it too: over the generated and mutated
records of test_strict_input.py, fast-accept ⇒ the slow path is clean with the identical
row, and schema-valid without unknown fields or duplicate keys ⇒ fast-accept, except for
the documented cases (EXCEPTIONS)."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import random
import typing
from pathlib import Path
from typing import Annotated, Any

import msgspec
import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from conftest import agreement, examples, ruleset
from praktiktjek import model
from praktiktjek.batch import rules, run_batch
from praktiktjek.batch.common import AuditOptions
from praktiktjek.batch.decode import STRUCTS, FastDecoder, UnsupportedField, _struct
from praktiktjek.batch.screen import Screen
from praktiktjek.batch.sources import close_sources, open_sources, record_of
from praktiktjek.checks import Context
from praktiktjek.contract import unknown_fields
from praktiktjek.door import seal
from praktiktjek.engine import Engine
from praktiktjek.readers import LINE_UNITS
from praktiktjek.readers.csvfile import load_mapping
from test_batch_parity import records as export_records
from test_strict_input import FULL, _leaf_paths, _schema_valid, _set
from test_strict_input import records as mutated_records

MAX_BYTES = 1 << 20
EXAMPLES = int(os.environ.get("PRAKTIKTJEK_SCHEMA_EXAMPLES", str(examples(400))))

#: When a record valid under the schema, without unknown fields or duplicate keys, may
#: still take the slow path (it then gives the same result, only slower):
EXCEPTIONS = {
    "u-escape": "the line holds a \\u escape (json.dumps writes control characters so; the "
                "slow path decides on lone surrogates)",
    "vp010": "the start date lies outside the reviewed period: the slow path has a finding (VP010)",
    "blank-consent": "a party of agreed_by is blank text (VP106): the decoder's union keeps the date "
                     "(test_the_structs_carry_the_models_constraints)",
}


def _exception(line: str, slow_findings: list[str]) -> str | None:
    """Which of EXCEPTIONS lets a valid record take the slow path, if any."""
    if "\\u" in line:
        return "u-escape"
    if slow_findings == ["VP010"]:
        return "vp010"
    parties = (json.loads(line).get("agreed_by") or {}).values()
    if any(isinstance(v, str) and model.BLANK_RE.match(v) for v in parties):
        return "blank-consent"
    return None


class _Rows:
    """What Screen.row adds to the own_history spool."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)


@functools.cache
def _setup(path: str, kw: tuple[tuple[str, Any], ...] = ()) -> tuple[Screen, Any, Context, frozenset[str]]:
    engine = Engine(ruleset(), **dict(kw))
    p = rules.plan(engine)
    mapping = load_mapping(None)
    sources = open_sources([path], mapping, engine.mask, MAX_BYTES)
    close_sources(sources)  # a JSON Lines task carries its line: only the source's name is read
    screen = Screen(engine, sources, mapping, MAX_BYTES, p.sql_rules, {},
                    functools.lru_cache(maxsize=None)(functools.partial(rules.full_time_hours, engine, p)), fast=True)
    screen.mask = functools.lru_cache(maxsize=1 << 14)(engine.mask)
    ctx = Context(groups=engine.ctx.groups)
    fast = screen._fast_path(ctx, p.sql_rules)
    assert fast is not None
    return screen, fast, ctx, p.sql_rules


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("fast") / "eksport.jsonl"
    path.write_text("{}\n", "utf-8")
    return str(path)


def both(path: str, line: str, **kw: Any) -> tuple[Any, Any]:
    """(fast, slow): each (row as orjson bytes, own_history rows, findings) or None for a
    record the fast path leaves to the slow one."""
    screen, fast, ctx, skip = _setup(path, tuple(sorted(kw.items())))
    task = (0, "jl", 0, 7, line)
    own = _Rows()
    got = fast(task, own)
    fast_out = None
    if got is not None:
        fast_out = (orjson.dumps(got), own.rows, [])
    else:
        assert own.rows == []  # nothing of a record the fast path leaves alone
    rec = record_of(task, screen.sources, screen.mapping, MAX_BYTES)
    result = screen.engine.run(rec, ctx=ctx, skip=skip)
    seal(result, screen.mask)
    own = _Rows()
    finding_line = rec.line if rec.unit in LINE_UNITS else None  # as Screen.run gives it
    slow_out = (orjson.dumps(screen.row(0, 0, result, own, finding_line)), own.rows,  # type: ignore[arg-type]
                [f.rule for f in result.findings])
    return fast_out, slow_out


def assert_exact(path: str, line: str, **kw: Any) -> bool:
    """Fast-accept ⇒ the slow path finds nothing and gives the same row; returns whether
    the fast path took the record."""
    fast, slow = both(path, line, **kw)
    if fast is not None:
        assert slow[2] == [], slow[2]  # no VP000, no VP003, nothing at all
        assert fast[0] == slow[0]  # the whole row, byte for byte (types too: 15 vs 15.0)
        assert fast[1] == slow[1]  # the own_history rows
    return fast is not None


# --------------------------------------------------------------------------- one source of truth

def test_every_model_field_has_a_struct_field_with_the_same_requiredness() -> None:
    assert set(STRUCTS) == set(model._models(model.Agreement).values())
    for m, s in STRUCTS.items():
        fields = {f.name: f for f in msgspec.structs.fields(s)}
        assert list(fields) == list(m.model_fields), m.__name__
        for name, f in m.model_fields.items():
            assert fields[name].required == f.is_required(), (m.__name__, name)
            assert s.__struct_config__.forbid_unknown_fields


def test_the_structs_carry_the_models_constraints() -> None:
    """Every pattern and bound of the JSON schema (made from the model) is in the Structs."""
    schema = model.json_schema()

    def walk(node: Any, out: set[tuple[str, Any]]) -> None:
        if isinstance(node, dict):
            for k in ("pattern", "minimum", "maximum", "const"):
                if k in node:
                    out.add((k, node[k]))
            for v in node.values():
                walk(v, out)
        elif isinstance(node, list):
            for v in node:
                walk(v, out)

    want: set[tuple[str, Any]] = set()
    walk(schema, want)
    got: set[tuple[str, Any]] = set()

    def types(t: Any) -> None:
        if isinstance(t, msgspec.Meta):
            for k, sk in (("pattern", "pattern"), ("ge", "minimum"), ("le", "maximum")):
                if getattr(t, k) is not None:
                    got.add((sk, getattr(t, k)))
        if t is dt.date:
            got.add(("pattern", model.DATE_PATTERN))
        if typing.get_origin(t) is typing.Literal and len(typing.get_args(t)) == 1:
            got.add(("const", typing.get_args(t)[0]))
        for a in typing.get_args(t):
            types(a)

    for s in STRUCTS.values():
        for f in msgspec.structs.fields(s):
            types(f.type)
    # agreed_by's blank text (VP106, review 12, D7) is the one member left out: a msgspec
    # union holds one type read from JSON text, the date; the decoder refuses blank text
    # (stricter, never weaker) and the slow path reads it
    assert want - {("pattern", model.BLANK_PATTERN)} == got
    decode = FastDecoder(1 << 20).decode
    assert decode(json.dumps({**FULL, "agreed_by": {"citizen": True}}, ensure_ascii=False)) is not None
    for party in ("", " ", "\u200b"):
        line = json.dumps({**FULL, "agreed_by": {"citizen": party}}, ensure_ascii=False)
        assert decode(line) is None


@pytest.mark.parametrize("annotation", [
    Annotated[str, StringConstraints(min_length=2)], int, dict[str, str],
    Annotated[float, Field(gt=0)], dt.date, Annotated[str, StringConstraints(pattern="x", to_lower=True)],
])
def test_a_constraint_the_generator_does_not_know_is_an_error_not_a_weaker_decoder(annotation: Any) -> None:
    class Odd(BaseModel):
        model_config = ConfigDict(extra="ignore", strict=True, allow_inf_nan=False, regex_engine="python-re")
        x: annotation | None = None  # type: ignore[valid-type]

    with pytest.raises(UnsupportedField):
        _struct(Odd, {})


def test_a_model_that_is_not_strict_cannot_be_generated() -> None:
    class Lax(BaseModel):
        model_config = ConfigDict(extra="ignore", strict=False, allow_inf_nan=False, regex_engine="python-re")
        x: str | None = None

    with pytest.raises(UnsupportedField):
        _struct(Lax, {})


_DATE_TEXT = st.one_of(
    st.dates().map(dt.date.isoformat), st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[\n T][0-9:]*\Z"), st.text(max_size=12),
    st.sampled_from(["0000-01-01", "2021-02-29", "2020-02-29", "２０２１-01-01", "2021-1-01", "+2021-01-01", "9999-12-31"]))


@settings(max_examples=EXAMPLES, deadline=None)
@given(_DATE_TEXT)
def test_a_struct_date_is_exactly_the_models_iso_date(text: str) -> None:
    class D(msgspec.Struct):
        d: dt.date

    try:
        want: Any = model._iso_date(text)
    except Exception:
        want = None
    try:
        got: Any = msgspec.json.decode(json.dumps({"d": text}), type=D).d
    except msgspec.ValidationError:
        got = None
    assert got == want


# --------------------------------------------------------------------------- the properties

def _dump(data: Any, style: int) -> str:
    if style == 0:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    if style == 1:
        return json.dumps(data, ensure_ascii=False)  # ", " and ": "
    if style == 2:
        return " \t" + json.dumps(data, ensure_ascii=False, separators=(" , ", " :\t")) + " \r"
    return json.dumps(data)  # ASCII: every non-ASCII letter a \\u escape


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(mutated_records(), st.integers(0, 3))
@example(copy.deepcopy(FULL), 0)
@example(agreement(), 1)
@example(agreement({"municipality": None, "hours_per_week": 15.0}), 2)
def test_fast_accept_means_the_slow_path_is_clean_with_the_same_row(source: str, data: Any, style: int) -> None:
    line = _dump(data, style)
    accepted = assert_exact(source, line)
    # ... and a record valid under the schema, with no unknown field, is taken (no JSON
    # object built by json.dumps has a duplicate key), but for the documented exceptions
    if _schema_valid(data) and not list(unknown_fields(data)):
        _, slow = both(source, line)
        assert accepted or _exception(line, slow[2]) in EXCEPTIONS, line


# A generator of valid records: every optional field of FULL kept, nulled, dropped or
# given another valid value (texts with any character, numbers as int or float).
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_NUMBER = st.one_of(st.integers(0, 168), st.floats(0, 168), st.sampled_from([0, 0.0, -0.0, 168, 1e-300, 5e-324]))
_BY_KEY: dict[str, Any] = {
    "cvr": st.from_regex(r"\A[0-9]{8}\Z"), "p_number": st.from_regex(r"\A[0-9]{10}\Z"),
    "start": st.dates(dt.date(2018, 7, 1), dt.date(2026, 12, 31)).map(dt.date.isoformat),
    "end": st.dates(dt.date(2018, 7, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat),
    "target_group": st.sampled_from(sorted(model.TARGET_GROUPS)), "sector": st.sampled_from(sorted(model.SECTORS)),
    "timing": st.sampled_from(sorted(model.TIMING)), "after_internship": st.sampled_from(sorted(model.AFTER_INTERNSHIP)),
    "extended_duration_basis": st.sampled_from(sorted(model.EXTENDED_BASIS)),
    "format": st.just(model.FORMAT_V1), "id": _TEXT.filter(lambda s: not model.BLANK_RE.match(s)),
}
_BOOLS = {"graduate", "higher_education", "job_in_field_since_graduation", "uses_education",
          "health_information_shared", "consent_to_share"}
_NUMBERS = {"hours_per_week", "mentor_hours_per_week", "benefit_weeks_before_start", "ordinary_employees",
            "subsidised_persons"}
_REQUIRED = {("id",), ("target_group",), ("citizen",), ("company",), ("start",), ("end",), ("citizen", "id"),
             ("company", "cvr")}


def _valid_value(path: tuple[Any, ...]) -> Any:
    key = next(p for p in reversed(path) if isinstance(p, str))
    if path[0] == "agreed_by" and len(path) == 2:  # blank text is VP106 (review 12, D7)
        return st.one_of(st.booleans(), _BY_KEY["start"], st.sampled_from(["", " ", "\u200b"]))
    if key == "start" and len(path) == 1:
        return _BY_KEY["start"]  # in the reviewed period (else VP010)
    if key in ("start", "end"):
        return _BY_KEY["end"]
    if key in _BY_KEY:
        return _BY_KEY[key]
    if key in _BOOLS:
        return st.booleans()
    if key in _NUMBERS:
        return _NUMBER
    if key in ("functions", "categories"):
        return st.lists(_TEXT, max_size=3)
    return _TEXT


@st.composite
def valid_records(draw: st.DrawFn) -> Any:
    doc = copy.deepcopy(FULL)
    for path in _leaf_paths(FULL):
        if isinstance(path[-1], int) or not _has(doc, path):
            continue
        leaf = _get(FULL, path)
        what = draw(st.integers(0, 9))
        required = path in _REQUIRED or (len(path) == 3 and path[0] == "extensions" and path[2] == "end")
        if what == 0 and not required:
            _set(doc, path, None, delete=True)
        elif what == 1 and not required:
            _set(doc, path, None)
        elif what == 2 and not isinstance(leaf, dict | list):
            _set(doc, path, draw(_valid_value(path)))
        elif what == 3 and isinstance(leaf, dict) and not required:
            _set(doc, path, {})
        elif what == 4 and isinstance(leaf, list):
            _set(doc, path, [])
    if draw(st.booleans()):  # key order shuffled
        rnd = draw(st.randoms(use_true_random=False))
        doc = _shuffled(doc, rnd)
    return doc


def _has(doc: Any, path: tuple[Any, ...]) -> bool:
    for p in path:
        if (isinstance(doc, dict) and p in doc) or (isinstance(doc, list) and isinstance(p, int) and p < len(doc)):
            doc = doc[p]
        else:
            return False
    return True


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        doc = doc[p]
    return doc


def _shuffled(value: Any, rnd: random.Random) -> Any:
    if isinstance(value, dict):
        items = list(value.items())
        rnd.shuffle(items)
        return {k: _shuffled(v, rnd) for k, v in items}
    if isinstance(value, list):
        return [_shuffled(v, rnd) for v in value]
    return value


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(valid_records(), st.integers(0, 3))
def test_valid_records_take_the_fast_path_with_the_slow_paths_row(source: str, data: Any, style: int) -> None:
    line = _dump(data, style)
    accepted = assert_exact(source, line)
    assert _schema_valid(data) and not list(unknown_fields(data))  # the generator makes valid records
    _, slow = both(source, line)
    assert slow[2] in ([], ["VP010"])  # valid: the slow path finds nothing, or only the date
    assert accepted or _exception(line, slow[2]) in EXCEPTIONS, line


# --------------------------------------------------------------------------- adversarial, by cause

BASE = json.dumps(FULL, ensure_ascii=False, separators=(",", ":"))


def _objects(value: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if isinstance(value, dict) else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _objects(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _objects(v, (*here, i))
    return out


class _Twice(dict):  # type: ignore[type-arg]
    """An object whose JSON text repeats one key (json.dumps cannot write that)."""


def _with_duplicate(doc: Any, path: tuple[Any, ...], key: str, value: Any) -> str:
    def enc(v: Any, here: tuple[Any, ...]) -> str:
        if isinstance(v, dict):
            parts = [json.dumps(k, ensure_ascii=False) + ":" + enc(x, (*here, k)) for k, x in v.items()]
            if here == path:
                parts.append(json.dumps(key) + ":" + json.dumps(value, ensure_ascii=False))
            return "{" + ",".join(parts) + "}"
        if isinstance(v, list):
            return "[" + ",".join(enc(x, (*here, i)) for i, x in enumerate(v)) + "]"
        return json.dumps(v, ensure_ascii=False)

    return enc(doc, ())


@pytest.mark.parametrize("path", _objects(FULL), ids=lambda p: "/" + "/".join(map(str, p)))
@pytest.mark.parametrize("again", ["same", "null", "other"])
def test_a_duplicate_key_at_any_level_takes_the_slow_path(source: str, path: tuple[Any, ...], again: str) -> None:
    obj = _get(FULL, path)
    key = next(iter(obj))
    first = obj[key]
    other = (not first) if isinstance(first, bool) else first + "x" if isinstance(first, str) else first
    value = {"same": first, "null": None, "other": other}[again]
    line = _with_duplicate(FULL, path, key, value)
    assert not assert_exact(source, line)
    _, slow = both(source, line)
    assert slow[2] == ["VP000"]


@pytest.mark.parametrize("line", [
    '{"id":"A","municipality":null,"municipality":null}',  # two nulls: nothing of either in the Structs
    BASE[:-1] + ',"availability_test":null}',  # null twice (FULL has an object there)
    BASE[:-1] + ',"extensions":[]}',
    BASE.replace('"needs":', '"needs":null,"needs":'),
    BASE.replace('"citizen":{', '"citizen":{"graduate":null,'),
])
def test_a_repeated_key_whose_values_are_null_or_empty_is_still_a_duplicate(source: str, line: str) -> None:
    assert not assert_exact(source, line)


def _line(patch: dict[str, Any] | None = None, text: str | None = None) -> str:
    return text if text is not None else json.dumps(agreement(patch), ensure_ascii=False)


ACCEPTED = {
    "shuffled keys": json.dumps(_shuffled(FULL, random.Random(3)), ensure_ascii=False),
    "pretty on one line": " " + json.dumps(FULL, ensure_ascii=False, separators=(" ,\t", " : ")) + "\t",
    "escapes in a value": _line({"purpose": {"description": 'Linje 1\nlinje 2 \\ "citat" a\\/b \t: slut'}}),
    "colons and quotes in texts": _line({"id": 'A:"1":', "municipality": '":"', "difference_from_earlier": "\\\":"}),
    "escaped slash": BASE.replace('"Optræne kasse"', '"Optræne\\/kasse"'),
    "integer hours": _line({"hours_per_week": 15}),
    "float hours": _line({"hours_per_week": 15.0}),
    "exponent hours": BASE.replace('"hours_per_week":30', '"hours_per_week":1.5e1'),
    "exponent hours, capital": BASE.replace('"hours_per_week":30', '"hours_per_week":150E-1'),
    "exponent hours, plus": BASE.replace('"hours_per_week":30', '"hours_per_week":0.15e+2'),
    "minus zero": BASE.replace('"hours_per_week":30', '"hours_per_week":-0'),
    "minus zero float": BASE.replace('"hours_per_week":30', '"hours_per_week":-0.0'),
    "168 exactly": _line({"hours_per_week": 168}),
    "nulls where optional": _line({"municipality": None, "position": None, "purpose": None, "history": None,
                                   "agreed_by": {"citizen": None, "company": True}, "company": {"p_number": None}}),
    "empty objects and lists": _line({"position": {}, "purpose": {}, "accommodations": {}, "agreed_by": {},
                                      "extensions": [], "history": [], "ordinary_hours": {}}),
    "empty texts": _line({"municipality": "", "position": {"title": "", "functions": ["", " "]}}),
    "the same key in different objects": _line({"citizen": {"id": "AAL-2021-000042"}}),
    "non-ASCII text": _line({"municipality": "Ærø", "purpose": {"description": "Σ 😀 ﬁ straße"}}),
    "a CPR number in the ids": _line({"id": "0101901234", "citizen": {"id": "010190-1234"}}),
}
REJECTED = {
    # more digits than a float keeps: read as written by the slow path (review 21 cli, F9)
    "just below 168 by rounding": BASE.replace('"hours_per_week":30', '"hours_per_week":168.00000000000000001'),
    "long mantissa": BASE.replace('"hours_per_week":30', '"hours_per_week":' + "1." + "3" * 400),
    "unicode key that casefolds to a known key": BASE.replace('"start":', '"ſtart":"2021-03-01","start":', 1),
    "key in capitals": BASE[:-1] + ',"ID":"x"}',
    "escape in a key": BASE.replace('"municipality":', '"municipalit\\u0079":'),
    "escape in a value": BASE.replace('"Aalborg"', '"Aalb\\u00f8rg"'),
    "lone surrogate": BASE.replace('"Aalborg"', '"\\ud800"'),
    "unknown field": _line({"bogus": 1}),
    "string hours": _line({"hours_per_week": "30"}),
    "bool hours": _line({"hours_per_week": True}),
    "int bool": _line({"citizen": {"graduate": 1}}),
    "over 168": _line({"hours_per_week": 168.0000001}),
    "very large int": BASE.replace('"hours_per_week":30', '"hours_per_week":' + "9" * 30),
    "huge int": BASE.replace('"hours_per_week":30', '"hours_per_week":' + "9" * 5000),
    # review 20, F7: read as 0 but not 0 — the full reader's VP000, not the fast path
    "tiny": BASE.replace('"hours_per_week":30', '"hours_per_week":1e-400'),
    "exponent overflow": BASE.replace('"hours_per_week":30', '"hours_per_week":1e400'),
    "negative": _line({"hours_per_week": -1}),
    "NaN": BASE.replace('"hours_per_week":30', '"hours_per_week":NaN'),
    "Infinity": BASE.replace('"hours_per_week":30', '"hours_per_week":Infinity'),
    "null where required": _line({"start": None}),
    "missing required": json.dumps({k: v for k, v in FULL.items() if k != "end"}),
    "blank id": _line({"id": " \u3000"}),
    "date with time": _line({"start": "2021-03-01T00:00:00"}),
    "date that does not exist": _line({"end": "2021-02-29"}),
    "cvr with newline": _line({"company": {"cvr": "35954716\n"}}),
    "cvr of 9 digits": _line({"company": {"cvr": "359547160"}}),
    "unknown code": _line({"target_group": "Dagpenge"}),
    "text where a list is": _line({"position": {"functions": "kasse"}}),
    "BOM": "\ufeff" + BASE,
    "trailing data": BASE + " {}",
    "control character": BASE.replace('"Aalborg"', '"Aal\x01borg"'),
    "trailing comma": BASE[:-1] + ",}",
    "array": "[" + BASE + "]",
    "outside the reviewed period (VP010)": BASE.replace('"start":"2021-03-01"', '"start":"2017-03-01"'),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_adversarial_records_the_fast_path_takes(source: str, name: str) -> None:
    assert assert_exact(source, ACCEPTED[name]), name


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_adversarial_records_the_fast_path_leaves_to_the_slow_one(source: str, name: str) -> None:
    assert not assert_exact(source, REJECTED[name]), name


@pytest.mark.parametrize("kw", [{"lang": "en"}, {"show_cpr": True, "strict_dates": True},
                                {"disabled": ("VP010", "VP003")}], ids=["en", "cpr", "disabled"])
def test_engine_options_give_the_same_rows(source: str, kw: dict[str, Any]) -> None:
    for name in ("a CPR number in the ids", "non-ASCII text", "nulls where optional"):
        assert assert_exact(source, ACCEPTED[name], **kw)
    line = REJECTED["outside the reviewed period (VP010)"]
    assert assert_exact(source, line, **kw) == ("VP010" in kw.get("disabled", ()))


def test_a_line_near_the_record_limit_takes_the_slow_path() -> None:
    d = FastDecoder(4000)
    assert d.decode(BASE) is not None if len(BASE) <= 1000 else d.decode(BASE) is None
    assert FastDecoder(len(BASE) * 4).decode(BASE) is not None
    assert FastDecoder(len(BASE) * 4 - 1).decode(BASE) is None


def test_no_fast_path_when_a_rule_runs_in_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(BASE + "\n", "utf-8")
    screen, _, ctx, skip = _setup(str(path))
    assert screen._fast_path(ctx, skip) is not None
    assert screen._fast_path(ctx, skip - {"VP101"}) is None  # VP101 would have to run on the record here


# --------------------------------------------------------------------------- the whole audit

def _audit(paths: list[str], fast: str, monkeypatch: pytest.MonkeyPatch, engine: Engine) -> tuple[list[Any], int]:
    from praktiktjek.batch import screen as screen_module

    monkeypatch.setenv("PRAKTIKTJEK_FAST_SCREEN", fast)
    taken = []
    original = screen_module.Screen.run

    def counting(self: Screen, *a: Any, **k: Any) -> int:
        n = original(self, *a, **k)
        taken.append(self.accepted)
        return n

    monkeypatch.setattr(screen_module.Screen, "run", counting)
    out: list[Any] = []
    run = run_batch(engine, AuditOptions(paths, load_mapping(None), 1), lambda t, d, b, f: out.append((t, d, b, f)))
    monkeypatch.setattr(screen_module.Screen, "run", original)
    assert run.read == len(out)
    return out, taken[0]


@settings(max_examples=int(os.environ.get("PRAKTIKTJEK_PARITY_EXAMPLES", "10")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(export_records(), mutated_records().map(lambda d: json.dumps(d, ensure_ascii=False)),
                          valid_records().map(lambda d: json.dumps(d, ensure_ascii=False))), min_size=1, max_size=25))
def test_the_audit_is_the_same_with_and_without_the_fast_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               export: list[Any]) -> None:
    path = tmp_path / "gen.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in export), "utf-8")
    engine = Engine(ruleset())
    off, none = _audit([str(path)], "0", monkeypatch, engine)
    on, _ = _audit([str(path)], "1", monkeypatch, engine)
    assert none == 0
    assert on == off


def test_the_cli_output_is_byte_identical_with_and_without_the_fast_path(tmp_path: Path, run_cli,  # type: ignore[no-untyped-def]
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    lines = [json.dumps(r, ensure_ascii=False) for r in generate(400, 7)]
    lines[5] = lines[5][:-1] + ', "id": "dup"}'  # and a few the fast path leaves alone
    lines[9] = lines[9].replace('"target_group"', '"bogus": 1, "target_group"')
    lines[11] = lines[11].replace('"start": "2021', '"start": "2017')
    path = tmp_path / "eksport.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    from praktiktjek.batch import screen as screen_module

    taken: list[int] = []
    original = screen_module.Screen.run

    def counting(self: Screen, *a: Any, **k: Any) -> int:
        n = original(self, *a, **k)
        taken.append(self.accepted)
        return n

    monkeypatch.setattr(screen_module.Screen, "run", counting)
    out = {}
    for fast in ("1", "0"):
        monkeypatch.setenv("PRAKTIKTJEK_FAST_SCREEN", fast)
        findings = tmp_path / f"f{fast}.csv"
        report = tmp_path / f"r{fast}.html"
        res = run_cli("audit", str(path), "--format", "jsonl", "--findings", str(findings), "--report", str(report))
        out[fast] = (res.out, findings.read_bytes(), report.read_bytes())
    assert out["1"] == out["0"]
    assert out["1"][0].count("\n") == 401
    assert taken == [397, 0]  # all but the three


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.text(alphabet="0123456789", min_size=10, max_size=10), show_cpr=st.booleans(),
       serial=st.text(alphabet="0123456789", min_size=4, max_size=4))
@example(digits="2902000000", show_cpr=False, serial="9999")  # 29 February always counts
@example(digits="3102000000", show_cpr=False, serial="1234")  # no 31 February: shown as written
@example(digits="0000000000", show_cpr=False, serial="0000")
def test_the_fast_citizen_id_is_person_id_twice(source: str, digits: str, show_cpr: bool, serial: str) -> None:
    """The screen shows an id ``ddmmyy-xxxx`` from its date digits alone: what door.person_id
    twice (Engine.run, then door.seal) gives, for any serial, masked or --show-cpr; the
    same date first with one serial, then with another (the memo must not carry the serial)."""
    from praktiktjek import door

    screen = _setup(source, (("show_cpr", show_cpr),))[0]
    for cid in (f"{digits[:6]}-{digits[6:]}", f"{digits[:6]}-{serial}"):
        assert screen._citizen_out(cid) == door.person_id(door.person_id(cid, screen.mask), screen.mask)

"""Review 17: what the strict contract says about a consent written wrongly (F5), a JSON
Lines line that begins with a BOM (F8), and an hours figure just over the limit (F9)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data

PARTIES = ("citizen", "company", "jobcenter", "municipality")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
    | st.dates().map(dt.date.isoformat) | st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
                                                     st.integers(1900, 2100), st.integers(0, 13), st.integers(0, 32)),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner, max_size=2),
    max_leaves=4)


def _consent_vp000(party: str, value: Any) -> Any:
    (res,) = check_data(agreement({"agreed_by": {party: value}}))
    return [f for f in res.findings if f.rule == "VP000"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PARTIES), json_values)
def test_a_consent_that_is_not_a_date_or_true_is_one_clear_reason(party: str, value: Any) -> None:
    """F5: every VP000 on agreed_by.* added a second clause naming pydantic's union branch
    («felt /agreed_by/citizen/constrained-str: har en ugyldig form»)."""
    found = _consent_vp000(party, value)
    lawful = value is True or value is None or value is False or (
        isinstance(value, str) and (not value.strip() or _is_day(value)))
    # blank text is «missing» (VP106), not VP000
    if lawful or (isinstance(value, str) and not value.replace("\u00a0", " ").strip()):
        return
    if not found:  # some texts count as blank (invisible characters): VP106, never green
        (res,) = check_data(agreement({"agreed_by": {party: value}}))
        assert "VP106" in [f.rule for f in res.findings], value
        return
    (f,) = found
    assert f.message.count("/agreed_by/") == 1, f.message  # one clause for one field
    assert "constrained-str" not in f.message and "constrained-str" not in f.fix
    assert f.pointer == f"/agreed_by/{party}"


def _is_day(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s))


@pytest.mark.parametrize(("value", "what", "fix"), [
    ("ja", "skal være en dato (ÅÅÅÅ-MM-DD) eller true", "lad feltet være null"),
    ("2024-02-30", "datoen findes ikke", "en dag, der findes i kalenderen"),
    ("04-03-2024", "skal være en dato (ÅÅÅÅ-MM-DD) eller true", 'ÅÅÅÅ-MM-DD: "2024-03-04" (eller true)'),
    ("2024-03-01T10:00:00", "skal være en dato (ÅÅÅÅ-MM-DD) eller true", '"2024-03-01"'),
])
def test_a_consent_written_as_another_date_gets_the_date_to_write(value: str, what: str, fix: str) -> None:
    (f,) = _consent_vp000("citizen", value)
    assert f"felt /agreed_by/citizen: {what} (fik «{value}»)" in f.message and fix in (f.fix or ""), (f.message, f.fix)


# --------------------------------------------------------------------------- F8: the JSON reader's English

ENGLISH = re.compile(r"\b(Expecting|Unexpected|Invalid|Unterminated|Extra|decode|delimiter|escape:|line \d|char \d)\b")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(['{', '}', '[', ']', '"', ':', ',', '\\', 'u', '1', ' ', '\ufeff', '\x01',
                                         'a', 'n', 'N', 'e', '-', '.', 'x']), max_size=14))
def test_the_json_reader_never_shows_pythons_english_reason(text: str) -> None:
    """F8: a JSON Lines line beginning with a BOM said «Unexpected UTF-8 BOM (decode using
    utf-8-sig)» in a Danish run. Whatever the reader refuses, it says in Danish, and the
    English run translates all of it."""
    from praktiktjek.input_en import to_english as english
    from praktiktjek.readers.jsonfile import parse

    _, _, bad = parse(text, "x.jsonl")
    if bad is None:
        return
    assert bad.problem is not None
    da = bad.problem.detail
    assert not ENGLISH.search(da), da
    assert da == "JSON er indlejret for dybt til at være en aftale" or da.startswith("ugyldig JSON: "), da
    en = english(da)
    assert en.startswith("invalid JSON: ") or en.startswith("JSON is nested"), en
    assert not re.search(r"[æøå]", en), en


def test_a_bom_at_the_start_of_a_later_line_is_named_in_both_languages(tmp_path: Any, run_cli: Any) -> None:
    p = tmp_path / "samlet.jsonl"
    p.write_bytes(json_line(agreement()) + b"\xef\xbb\xbf" + json_line(agreement()))
    da = run_cli("check", str(p)).out
    assert "linje 2: ugyldig JSON: et BOM-tegn (U+FEFF) står først på linjen" in da and "Unexpected" not in da
    assert "Slet BOM-tegnet" in da
    en = run_cli("check", "--lang", "en", str(p)).out
    assert "line 2: invalid JSON: a BOM character (U+FEFF) begins the line" in en


def json_line(doc: Any) -> bytes:
    import json

    return (json.dumps(doc, ensure_ascii=False) + "\n").encode("utf-8")

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


# --------------------------------------------------------------------------- F9: a limit and float noise

NEAR_37 = [37.0, 37.00000000000001, 37 + 1e-12, 37 + 1e-9, 37 + 2e-9, 37.0001, 37.01, 36.99999999999999, 0.1 * 370]
PAID = [None, 0.0, 7.0, 7.00000000000001]


def _hours_patch(hours: float, paid: float | None) -> dict[str, Any]:
    patch: dict[str, Any] = {"hours_per_week": hours - (paid or 0)}
    if paid is not None:
        patch["ordinary_hours"] = {"timing": "concurrent", "hours_per_week": paid, "functions": ["kasse"]}
    return patch


def _over(patch: dict[str, Any]) -> bool:
    h = patch["hours_per_week"]
    paid = patch.get("ordinary_hours", {}).get("hours_per_week", 0)
    return bool(h > 37 + 1e-9 or h + paid > 37 + 1e-9)


@pytest.mark.parametrize("hours", NEAR_37)
@pytest.mark.parametrize("paid", PAID)
def test_vp301_never_says_a_number_exceeds_the_same_number(hours: float, paid: float | None) -> None:
    """F9: 37.00000000000001 hours gave «(37 timer) overstiger normal fuld tid på 37 timer».
    A finding fires exactly when its message can show the value over the limit."""
    patch = _hours_patch(hours, paid)
    (res,) = check_data(agreement(patch))
    vp301 = [f for f in res.findings if f.rule == "VP301"]
    assert bool(vp301) == _over(patch), (patch, [f.message for f in vp301])
    for f in vp301:
        shown = re.findall(r"\(([0-9,]+) timer", f.message)
        assert shown and all(s != "37" for s in shown), f.message


def test_vp301_near_the_limit_is_the_same_in_both_audit_engines(tmp_path: Any) -> None:
    import json

    from conftest import ruleset
    from praktiktjek.engine import Engine
    from test_batch_parity import audit_both

    patches = [_hours_patch(h, p) for h in NEAR_37 for p in PAID]
    src = tmp_path / "x.jsonl"
    src.write_text("".join(json.dumps(agreement({**p, "id": f"A-{i}"})) + "\n" for i, p in enumerate(patches)), "utf-8")
    py, duck = audit_both([str(src)], Engine(ruleset()))
    assert py == duck
    assert [('"VP301"' in text) for text in py] == [_over(p) for p in patches]


# --------------------------------------------------------------------------- F11: VP102 before 2020, said

def test_vp102_starts_in_2020_and_its_note_says_that_is_our_reading(run_cli: Any) -> None:
    """F11: RULES.md gives VP102 no start date; the pack starts it with VP101 on
    2020-01-01. The rule's documentation must say so rather than guess quietly."""
    netv = {"purpose": {"categories": ["netværk"], "description": "Netværk i butikken, så borgeren møder kolleger."}}
    for start, end, fires in (("2019-12-02", "2019-12-27", False), ("2020-01-02", "2020-01-27", True)):
        (res,) = check_data(agreement({**netv, "start": start, "end": end}))
        assert ("VP102" in [f.rule for f in res.findings]) is fires, (start, [f.rule for f in res.findings])
    da = run_cli("explain", "VP102").out
    assert "VP102 ingen" in da and "vores læsning" in da and "2020-01-01" in da
    en = run_cli("explain", "--lang", "en", "VP102").out
    assert "gives VP102 no date" in en and "our reading" in en


# --------------------------------------------------------------------------- a JSON file saved as UTF-16

@pytest.mark.parametrize(("n", "codec", "eol"), [(1, "utf-16", "\n"), (3, "utf-16-le", "\r\n"), (2, "utf-16-be", "\n")])
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_json_file_saved_as_utf16_is_one_problem_named_as_such(n: int, codec: str, eol: str, suffix: str) -> None:
    """Seen with review 17's F3: a UTF-16 JSON Lines file gave «ikke gyldig UTF-8 (byte 0xff)»
    on line 1 and «ugyldig JSON» on every other line (records that are not there, and a
    fix about spreadsheets). One VP000 says what the file is, in both languages; an audit
    counts the other lines as not read, so its tally cannot show ✓."""
    import json
    import tempfile
    from pathlib import Path

    from conftest import ruleset
    from praktiktjek.batch.run import AuditOptions, run_batch
    from praktiktjek.engine import Engine
    from praktiktjek.pipeline import check_paths
    from praktiktjek.readers.csvfile import load_mapping
    from test_batch_parity import audit_both

    docs = [agreement({"id": f"A-{i}"}) for i in range(n)]
    text = eol.join(json.dumps(d) for d in docs) + eol if suffix == ".jsonl" else json.dumps(docs)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / f"aftaler{suffix}"
        p.write_bytes(text.encode(codec))
        for lang, said in (("da", "filen er gemt som UTF-16"), ("en", "the file is saved as UTF-16")):
            results = check_paths(Engine(ruleset(), lang=lang), [str(p)], 1 << 20)
            assert [[f.rule for f in r.findings] for r in results] == [["VP000"]]
            assert said in results[0].findings[0].message and "UTF-8" in results[0].findings[0].fix
        py, duck = audit_both([str(p)], Engine(ruleset()))
        assert py == duck and len(py) == 1
        run = run_batch(Engine(ruleset()), AuditOptions([str(p)], load_mapping(None), 1), lambda *a: None)
        assert run.lost == (n - 1 if suffix == ".jsonl" else 0) and run.complete == (suffix == ".json" or n == 1)


# --------------------------------------------------------------------------- review 18 F1: an impossible earlier period

@pytest.mark.parametrize(("start", "end", "fires"), [
    ("2020-06-01", "2020-05-01", True), ("2020-06-01", "2020-05-31", True), ("2020-06-01", "2020-06-01", False),
    ("2020-06-01", None, False), (None, "2020-05-01", False)])
def test_an_earlier_internship_that_ends_before_it_starts_is_vp201(start: str | None, end: str | None,
                                                                   fires: bool, tmp_path: Any) -> None:
    """Review 18, F1: a history entry ending before it began was used as if it were real
    (VP501/VP502 «fra 20-02-2021») and nothing said the dates were impossible. RULES.md's
    VP201 is «period impossible: end before start»; `check` and both audit engines."""
    import json

    from conftest import ruleset
    from praktiktjek.engine import Engine
    from test_batch_parity import audit_both

    entry = {"cvr": "11111111", "title": "Lagermedarbejder", "start": start, "end": end}
    patch = {"history": [{"cvr": "22222222", "title": "x", "start": "2019-01-01", "end": "2019-01-31"}, entry],
             "extensions": []}
    (res,) = check_data(agreement(patch))
    vp201 = [f for f in res.findings if f.rule == "VP201"]
    assert [f.pointer for f in vp201] == (["/history/1/end"] if fires else [])
    if fires:
        assert "den tidligere praktik nr. 2 slutter" in vp201[0].message
    src = tmp_path / "x.jsonl"
    src.write_text(json.dumps(agreement(patch)) + "\n", "utf-8")
    py, duck = audit_both([str(src)], Engine(ruleset()))
    assert py == duck and ('"/history/1/end"' in py[0]) == fires

"""Review 21 cli, F9: a number with more digits than a float keeps was rounded onto a
legal limit. ``"hours_per_week": 37.0000000000000001`` reads as 37.0 and passed VP301's
limit of 37 hours with «✓ ingen fund».

Strict reading, as for 1e-400 (review 20, F7): a number whose written decimal value is not
the value it reads as — the float's shortest text, as a decimal, differs from the written
one — is VP000 naming the field as written, «har flere cifre, end der regnes med, og læses
som 37», with advice. 37, 37.5, 12.25 and 0.1 read as written (0.1 is not exact in binary,
but the float's shortest text is 0.1: what was written and meant). The same in ``check``,
the web API, a CSV cell, a web form field and both audit engines (the DuckDB screen's fast
decoder leaves such a line to the slow path)."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.engine import Engine, to_agreement
from praktiktjek.jsonpos import misread
from praktiktjek.readers import RawRecord
from praktiktjek.readers.csvfile import CellError, parse_number
from praktiktjek.readers.jsonfile import read_json
from praktiktjek.web import Settings, create_app
from praktiktjek.web.forms import AMBIGUOUS, read_number
from test_batch_parity import assert_same
from test_review20_tiny_numbers import POINTERS, with_number


def exact_differs(text: str) -> bool:
    """The cause, written out: the float's shortest text is another decimal than the text."""
    return Decimal(text) != Decimal(repr(float(text)))


#: a number within every number field's bounds (below 168), with up to 25 decimals
NUMBER = st.builds(lambda whole, frac: f"{whole}.{frac}" if frac else str(whole),
                   st.integers(0, 167), st.text("0123456789", max_size=25))
#: one that has more digits than a float keeps: a digit 17 or more places after the point
#: (below half the float's spacing near 1–168)
PRECISE = st.builds(lambda whole, zeros, d: f"{whole}.{'0' * zeros}{d}",
                    st.integers(1, 168), st.integers(16, 40), st.sampled_from("123456789"))


def findings(body: str) -> list[Any]:
    (rec,) = list(read_json(body.encode(), "t.json"))
    return Engine(ruleset()).run(rec).findings


def test_the_reviewers_case_is_vp000_not_ingen_fund() -> None:
    (f,) = findings(with_number("/hours_per_week", "37.0000000000000001"))
    assert f.rule == "VP000"
    assert ("felt /hours_per_week: har flere cifre, end der regnes med, og læses som 37 "
            "(fik 37.0000000000000001)") in f.message
    assert f.fix == "Skriv tallet i feltet «timer pr. uge» med højst 15 cifre, fx 37, som er det tal, der læses."
    # 37 itself is within VP301's limit, and the number meant is 37 or more: no silent pass
    assert "VP301" not in [f.rule for f in findings(with_number("/hours_per_week", "37"))]
    (f,) = findings(with_number("/hours_per_week", "168.00000000000001"))
    assert f.rule == "VP000" and "læses som 168 (fik 168.00000000000001)" in f.message


@pytest.mark.parametrize("text", ["37", "37.5", "12.25", "0.1", "37.50", "0.30000000000000004", "1e-5",
                                  "2.5E1", "123456.789012345", "0.000", "-0"])
def test_ordinary_numbers_read_as_written(text: str) -> None:
    assert not misread(text)
    assert "VP000" not in [f.rule for f in findings(with_number("/mentor_hours_per_week", text))
                           if "læses som" in f.message]


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(NUMBER, PRECISE))
def test_a_number_is_misread_exactly_when_its_float_is_another_decimal(text: str) -> None:
    assert misread(text) == exact_differs(text)
    assert misread(text + "e0") == exact_differs(text)  # the look at its length is only a shortcut


@settings(max_examples=30, deadline=None)
@given(ptr=st.sampled_from(POINTERS), text=st.one_of(NUMBER, PRECISE))
def test_check_says_vp000_naming_the_field_as_written_exactly_when_the_number_is_misread(
        ptr: str, text: str) -> None:
    got = [f for f in findings(with_number(ptr, text)) if f.rule == "VP000"]
    if exact_differs(text):
        (f,) = got
        assert f.pointer == ptr
        read = float(text)
        if read == 0:
            assert "er så tæt på 0, at det læses som 0" in f.message
        else:
            assert f"felt {ptr}: har flere cifre, end der regnes med, og læses som " in f.message
        # as written (a long number is cut at 40 characters), unless its digits read as a CPR
        # number, which the door masks: privacy before precision
        assert f"(fik {text[:39]}" in f.message or "*" in f.message
    else:
        assert got == []


def test_a_written_lookup_without_a_locator_looks_at_every_number_field() -> None:
    """The text's look for long numbers is a shortcut of a Locator's lookup only: a plain
    lookup (any caller's) is asked for each number field present."""
    a = agreement({"ordinary_hours": {"timing": "after", "hours_per_week": 10, "functions": ["lager"]}})
    texts = {"/ordinary_hours/hours_per_week": "10.00000000000000001"}
    got = to_agreement(a, lambda s: s, None, texts.get)
    assert not isinstance(got, dict) and getattr(got, "pointer", None) == "/ordinary_hours/hours_per_week"
    assert "læses som 10 (fik 10.00000000000000001)" in got.detail  # type: ignore[union-attr]


def test_the_web_api_reads_it_as_check_does() -> None:
    client = TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000), rules=ruleset()))
    r = client.post("/api/check", content=with_number("/hours_per_week", "37.0000000000000001").encode(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    (f,) = r.json()["results"][0]["findings"]
    assert f["rule"] == "VP000" and "læses som 37 (fik 37.0000000000000001)" in f["message"]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ptr=st.sampled_from(POINTERS), precise=PRECISE, plain=NUMBER)
def test_both_audit_engines_read_it_as_written_the_fast_decoder_too(
        tmp_path: Path, ptr: str, precise: str, plain: str) -> None:
    lines = [with_number(ptr, precise), with_number(ptr, plain)]
    lines = [line_.replace('"id": "', f'"id": "P{i}-', 1).replace("\n", " ") for i, line_ in enumerate(lines)]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs = assert_same([str(path)], Engine(ruleset()))
    assert exact_differs(precise) and "VP000" in [f["rule"] for f in docs[0]["findings"]]
    assert ("VP000" in [f["rule"] for f in docs[1]["findings"]]) == exact_differs(plain)


@settings(max_examples=40, deadline=None)
@given(ptr=st.sampled_from(POINTERS), text=st.one_of(NUMBER, PRECISE),
       space=st.sampled_from(["", " ", "\t", " \n "]))
def test_the_fast_decoder_leaves_exactly_the_misread_lines_to_the_full_reader(
        ptr: str, text: str, space: str) -> None:
    from praktiktjek.batch.decode import FastDecoder

    key = '"' + ptr.rsplit("/", 1)[1] + '":'
    decoder = FastDecoder(1_000_000)
    line = with_number(ptr, text).replace(key, key[:-1] + space + ":" + space).replace("\n", " ")
    assert (decoder.decode(line) is None) == exact_differs(text)


# ------------------------------------------------------------------ CSV and the web form

def test_a_csv_cell_with_more_digits_than_are_kept() -> None:
    for cell, read in (("37,0000000000000001", "37"), ("1.000,00000000000000001", "1000"),
                       ("37.0000000000000001", "37"), ("12,25000000000000000001", "12,25")):
        with pytest.raises(CellError, match=f"har flere cifre, end der regnes med, og læses som {read}$"):
            parse_number(cell)
    assert parse_number("37,5") == 37.5 and parse_number("0,1") == 0.1 and parse_number("12,25") == 12.25


def test_both_engines_read_such_a_csv_cell_alike_and_english_says_it(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "exports" / "vitas-eksempel.csv"
    with example.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    col = rows[0].index("timer_pr_uge")
    out = [rows[0]]
    for i, cell in enumerate(["37,0000000000000001", "12,25000000000000000001", "37", "12,25"]):
        row = list(rows[1])
        row[0], row[col] = f"T{i}", cell
        out.append(row)
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(out)
    docs = assert_same([str(path)], Engine(ruleset()))
    assert ["VP000" in [f["rule"] for f in d["findings"]] for d in docs] == [True, True, False, False]
    assert "«37,0000000000000001» har flere cifre, end der regnes med, og læses som 37" in docs[0]["findings"][0]["message"]
    docs = assert_same([str(path)], Engine(ruleset(), lang="en"))
    (f,) = [f for f in docs[1]["findings"] if f["rule"] == "VP000"]
    assert "has more digits than are kept and reads as 12.25" in f["message"]
    assert "læses" not in f["message"] + f.get("fix", "")


@settings(max_examples=40, deadline=None)
@given(text=st.one_of(NUMBER, PRECISE), comma=st.booleans())
def test_a_form_field_is_left_text_exactly_when_misread_and_the_check_names_it(text: str, comma: bool) -> None:
    typed = text.replace(".", ",") if comma else text
    assume(not AMBIGUOUS.fullmatch(typed))  # «100,000»: asked about, whatever its digits
    got = read_number(typed)
    assert isinstance(got, str) == exact_differs(text)  # read as 0 (review 20, F7) or as a near number
    if exact_differs(text) and float(text) != 0:
        a = agreement({})
        a["hours_per_week"] = got
        labels = {"/hours_per_week": ("Timer pr. uge", "Hours per week")}
        (f,) = [f for f in Engine(ruleset()).run(RawRecord("formular", None, data=a, form_labels=labels.get)).findings
                if f.rule == "VP000"]
        assert "feltet «Timer pr. uge»: har flere cifre, end der regnes med, og læses som" in f.message
        assert f"(fik «{typed[:57]}" in f.message or "*" in f.message  # a CPR number's digits are masked
        assert f.fix is not None and f.fix.startswith("Skriv tallet i feltet «Timer pr. uge» med højst 15 cifre, fx ")


def test_the_english_check_says_it_in_english() -> None:
    (rec,) = list(read_json(with_number("/hours_per_week", "37.0000000000000001").encode(), "t.json"))
    (f,) = Engine(ruleset(), lang="en").run(rec).findings
    assert "has more digits than are kept and reads as 37 (got 37.0000000000000001)" in f.message
    assert f.fix == "Write the number in the field «hours per week» with at most 15 digits, e.g. 37, the number read."


def test_a_json_number_in_a_text_field_is_not_looked_at() -> None:
    """Only the number fields: a long number elsewhere (a CVR written as a number) is that
    field's own VP000, as before."""
    body = json.dumps(agreement({})).replace('"35954716"', "35954716.00000000000000001")
    got = [f.message for f in findings(body) if f.rule == "VP000"]
    assert got and "læses som" not in got[0]

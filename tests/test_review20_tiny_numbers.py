"""Review 20, F7: a number beyond a float's precision was read as 0 and checked as 0.
``"hours_per_week": 1e-400`` gave VP104 «der står 0 timer» — the file wrote 1e-400 — and
``-1e-400`` (read as -0, which «≥ 0» lets pass) passed the «må ikke være negativ» check
that ``-1`` fails.

Strict reading: a number field whose JSON number is not 0 but reads as 0 is VP000 naming
the field and showing the number as written — a negative one «må ikke være negativ», as
-1 is, another «er så tæt på 0, at det læses som 0». The same in ``check``, the web API,
both audit engines (the DuckDB screen's fast decoder too), a CSV cell («0,000…1») and a
web form field. A number written as 0 (``0``, ``-0``, ``0e-400``) is 0 and checked."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.door import cut
from praktiktjek.engine import Engine
from praktiktjek.readers import RawRecord
from praktiktjek.readers.csvfile import CellError, parse_number
from praktiktjek.readers.jsonfile import read_json
from praktiktjek.web import Settings, create_app
from praktiktjek.web.forms import read_number
from test_batch_parity import assert_same

#: every number field of format v1 is a float ≥ 0; their pointers, as the messages name them
POINTERS = ["/hours_per_week", "/ordinary_hours/hours_per_week", "/mentor_hours_per_week",
            "/citizen/benefit_weeks_before_start", "/company/ordinary_employees", "/company/subsidised_persons"]


def test_the_number_fields_looked_at_are_every_number_field_of_the_model() -> None:
    from praktiktjek.contract import NUMBER_FIELDS, fields

    numbers = {"/" + p.replace(".", "/") for p, info in fields().items()
               if any(isinstance(x, int | float) and not isinstance(x, bool) for x in info.examples)}
    assert {ptr for ptr, _ in NUMBER_FIELDS} == set(POINTERS) >= numbers

#: a JSON number that is not 0 but reads as 0 (beyond a float's precision)
TINY = st.one_of(
    st.builds(lambda m, e: f"{m}e-{e}", st.sampled_from(["1", "7", "2.5", "123"]), st.integers(330, 5000)),
    st.builds(lambda z, d: "0." + "0" * z + d, st.integers(330, 600), st.sampled_from(["1", "9", "42"])),
)
#: a JSON number that is 0 however written
ZERO = st.sampled_from(["0", "-0", "0.0", "-0.0", "0e-400", "0E5", "-0.000e-999"])


def with_number(ptr: str, text: str) -> str:
    """The example agreement with the field at ``ptr`` set to the JSON number ``text``."""
    a = agreement({"ordinary_hours": {"timing": "after", "hours_per_week": 10, "functions": ["lager"]}})
    node = a
    *parents, last = ptr.strip("/").split("/")
    for p in parents:
        node = node[p]
    node[last] = 123456.789  # a marker the JSON text holds once
    body = json.dumps(a, ensure_ascii=False)
    assert body.count("123456.789") == 1
    return body.replace("123456.789", text)


def findings(body: str) -> list[Any]:
    (rec,) = list(read_json(body.encode(), "t.json"))
    return Engine(ruleset()).run(rec).findings


@settings(max_examples=30, deadline=None)
@given(ptr=st.sampled_from(POINTERS), tiny=TINY, negative=st.booleans())
def test_a_number_that_reads_as_0_but_is_not_is_vp000_naming_the_field_as_written(
        ptr: str, tiny: str, negative: bool) -> None:
    written = ("-" if negative else "") + tiny
    got = findings(with_number(ptr, written))
    assert [f.rule for f in got] == ["VP000"]
    (f,) = got
    assert f.pointer == ptr
    assert f"felt {ptr}: " in f.message
    what = "må ikke være negativ" if negative else "er så tæt på 0, at det læses som 0"
    assert what in f.message
    shown = cut(written, 40)  # a long number is cut as a long text is
    assert f"(fik {shown})" in f.message
    assert "(fik 0)" not in f.message and "(fik -0)" not in f.message


@settings(max_examples=15, deadline=None)
@given(ptr=st.sampled_from(POINTERS), zero=ZERO)
def test_a_number_written_as_0_is_0_and_checked(ptr: str, zero: str) -> None:
    assert "VP000" not in [f.rule for f in findings(with_number(ptr, zero))]


def test_the_reviewers_cases_hours_per_week() -> None:
    (f,) = findings(with_number("/hours_per_week", "1e-400"))
    assert f.rule == "VP000" and "(fik 1e-400)" in f.message and "0 timer" not in f.message
    (f,) = findings(with_number("/hours_per_week", "-1e-400"))
    assert f.rule == "VP000" and "må ikke være negativ (fik -1e-400)" in f.message
    # a plain 0 is still VP104's «der står 0 timer»
    assert [f.rule for f in findings(with_number("/hours_per_week", "0"))] == ["VP104"]


def test_the_web_api_reads_it_as_check_does() -> None:
    client = TestClient(create_app(Settings(allowed_hosts=["testserver"], body_limit=200_000), rules=ruleset()))
    for written, what in (("1e-400", "er så tæt på 0"), ("-1e-400", "må ikke være negativ")):
        r = client.post("/api/check", content=with_number("/hours_per_week", written).encode(),
                        headers={"content-type": "application/json"})
        assert r.status_code == 200, r.text
        (f,) = r.json()["results"][0]["findings"]
        assert f["rule"] == "VP000" and what in f["message"] and f"(fik {written})" in f["message"]


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(ptr=st.sampled_from(POINTERS), tiny=TINY, negative=st.booleans(), zero=ZERO)
def test_both_audit_engines_read_it_as_written_the_fast_decoder_too(
        tmp_path: Path, ptr: str, tiny: str, negative: bool, zero: str) -> None:
    """JSON Lines: the DuckDB screen's fast decoder (msgspec) reads 1e-400 as 0 too, and
    must leave such a line to the slow path. A second record with a real 0 stays readable."""
    lines = [with_number(ptr, ("-" if negative else "") + tiny), with_number(ptr, zero)]
    lines = [line_.replace('"id": "', f'"id": "A{i}-', 1) for i, line_ in enumerate(lines)]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    docs = assert_same([str(path)], Engine(ruleset()))
    assert [f["rule"] for f in docs[0]["findings"]] == ["VP000"]
    assert "VP000" not in [f["rule"] for f in docs[1]["findings"]]


# ------------------------------------------------------------------ CSV and the web form

def test_a_csv_cell_of_400_zeros_after_the_comma_is_not_read_as_0() -> None:
    tiny = "0," + "0" * 400 + "1"
    with pytest.raises(CellError, match="er så tæt på 0, at det læses som 0"):
        parse_number(tiny)
    with pytest.raises(CellError, match="må ikke være negativ"):
        parse_number("-" + tiny)
    assert parse_number("-0") == 0 and parse_number("0,0") == 0 and parse_number("0,5") == 0.5


def test_both_engines_read_such_a_csv_cell_alike(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "exports" / "vitas-eksempel.csv"
    with example.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    col = rows[0].index("timer_pr_uge")
    out = [rows[0]]
    for i, cell in enumerate(["0," + "0" * 400 + "1", "-0," + "0" * 400 + "1", "0", "-0"]):
        row = list(rows[1])
        row[0], row[col] = f"T{i}", cell
        out.append(row)
    path = tmp_path / "x.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(out)
    docs = assert_same([str(path)], Engine(ruleset()))
    assert ["VP000" in [f["rule"] for f in d["findings"]] for d in docs] == [True, True, False, False]
    assert "må ikke være negativ" in docs[1]["findings"][0]["message"]


def test_a_form_field_of_such_a_number_names_the_field_and_the_sign_counts() -> None:
    tiny = "0," + "0" * 400 + "1"
    assert read_number(tiny) == tiny and read_number("-" + tiny) == "-" + tiny  # not read as 0
    assert read_number("-0") == 0 and read_number("0,25") == 0.25
    a = agreement({})
    a["hours_per_week"], a["mentor_hours_per_week"] = read_number(tiny), read_number("-" + tiny)
    labels = {"/hours_per_week": ("Timer pr. uge", "Hours per week"),
              "/mentor_hours_per_week": ("Mentortimer pr. uge", "Mentor hours per week")}
    (f,) = Engine(ruleset()).run(RawRecord("formular", None, data=a, form_labels=labels.get)).findings
    assert f.rule == "VP000"
    assert "feltet «Timer pr. uge»: er så tæt på 0, at det læses som 0" in f.message
    assert "feltet «Mentortimer pr. uge»: må ikke være negativ" in f.message


def test_such_a_record_takes_no_part_in_the_other_records_history(tmp_path: Path) -> None:
    """RULES.md: «Unreadable records take no part» — the reference's gathering pass reads
    the number as written too, so an earlier internship of 1e-400 hours is no earlier
    internship of the citizen's later agreement (in both engines)."""
    earlier = with_number("/hours_per_week", "1e-400").replace('"id": "', '"id": "E-', 1)
    later = agreement({"start": "2021-06-01", "end": "2021-06-20"})
    earlier_doc = json.loads(earlier.replace("1e-400", "1"))
    assert earlier_doc["citizen"]["id"] == later["citizen"]["id"] and earlier_doc["start"] < later["start"]
    path = tmp_path / "x.jsonl"
    path.write_text(earlier.replace("\n", " ") + "\n" + json.dumps(later, ensure_ascii=False) + "\n", "utf-8")
    docs = assert_same([str(path)], Engine(ruleset()))
    assert [f["rule"] for f in docs[0]["findings"]] == ["VP000"]
    assert not {"VP501", "VP502", "VP503"} & {f["rule"] for f in docs[1]["findings"]}
    # the same export with a readable number: the earlier internship counts
    path.write_text(earlier.replace("1e-400", "1") + "\n" + json.dumps(later, ensure_ascii=False) + "\n", "utf-8")
    docs = assert_same([str(path)], Engine(ruleset()))
    assert "VP501" in {f["rule"] for f in docs[1]["findings"]}


@settings(max_examples=25, deadline=None)
@given(ptr=st.sampled_from(POINTERS), tiny=TINY, negative=st.booleans(), zero=ZERO,
       space=st.sampled_from(["", " ", "\t", " \n "]))
def test_the_fast_decoder_leaves_only_such_lines_to_the_full_reader(
        ptr: str, tiny: str, negative: bool, zero: str, space: str) -> None:
    """The DuckDB screen's fast path (msgspec) reads 1e-400 as 0: a line with a number
    field read as 0 that its text writes as another number goes to the full reader, one
    with a real 0 (or an exponent within a float's precision) stays on the fast path."""
    from praktiktjek.batch.decode import FastDecoder

    key = '"' + ptr.rsplit("/", 1)[1] + '":'
    decoder = FastDecoder(1_000_000)

    def spaced(body: str) -> str:
        return body.replace(key, key[:-1] + space + ":" + space).replace("\n", " ")

    assert decoder.decode(spaced(with_number(ptr, ("-" if negative else "") + tiny))) is None
    assert decoder.decode(spaced(with_number(ptr, zero))) is not None
    assert decoder.decode(spaced(with_number(ptr, "1e-5"))) is not None

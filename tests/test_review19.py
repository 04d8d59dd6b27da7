"""Review 19: what a CVR or P-number field shows when it holds something else.

A value the CVR (8 digits) or P-number (10 digits) pattern rejects is no company
identifier; it is often the citizen's CPR number typed in the wrong field. It was echoed
unmasked in the VP000 message of every format but GitHub's (the contract's "company
identifiers are never masked" was read for any value of those fields). Now the serial of a
CPR number in it is starred where it stands, the value's form kept (review 11, finding 3);
a company identifier in all but its JSON type (``"p_number": 1012345678``) is still shown
as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cpr_reference as ref
from conftest import ROOT, agreement, check_data

#: the fields that hold a company identifier, as JSON merge patches (None: the value)
FIELDS = [
    {"company": {"cvr": None}},
    {"company": {"p_number": None}},
    {"citizen": {"last_employer": {"cvr": None, "p_number": "1003456789"}}},
    {"citizen": {"last_employer": {"cvr": "12345678", "p_number": None}}},
    {"history": [{"cvr": None, "start": "2020-01-06", "end": "2020-02-02"}]},
    {"history": [{"cvr": "12345678", "p_number": None, "start": "2020-01-06", "end": "2020-02-02"}]},
]
_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@st.composite
def cpr_spellings(draw: st.DrawFn) -> str:
    """A CPR number as a person might type it into the wrong field."""
    month = draw(st.integers(1, 12))
    d, m = f"{draw(st.integers(1, _DAYS[month])):02d}", f"{month:02d}"
    y, serial = f"{draw(st.integers(0, 99)):02d}", f"{draw(st.integers(0, 9999)):04d}"
    form = draw(st.sampled_from([
        f"{d}{m}{y}-{serial}", f"{d}{m}{y}{serial}", f"{d}.{m}.{y}-{serial}", f"{d}{m}{y} {serial}",
        f"{d}{m}{y}\u2013{serial}", f"{d}{m}{y}\u0007{serial}", f"{d}{m}{y}\u200b{serial}",
        f"{d}-{m}-{y}-{serial}", f"{d}{m}{y}-{serial[:2]} {serial[2:]}",
    ]))
    around = draw(st.sampled_from(["{}", "x {}", "{} ", "cpr {}", "({})"]))
    return around.format(form)


def _patch(where: dict[str, Any], value: str) -> dict[str, Any]:
    return json.loads(json.dumps(where).replace("null", json.dumps(value)))  # type: ignore[no-any-return]


def _no_cpr(text: str) -> bool:
    """The independent search (tests/cpr_reference.py) finds no CPR number in ``text``."""
    return ref.mask_cpr(text) == text


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(cpr_spellings(), st.sampled_from(FIELDS), st.sampled_from(["da", "en"]))
def test_a_cpr_number_in_a_company_id_field_is_masked_in_the_message_and_the_fix(
        value: str, where: dict[str, Any], lang: str) -> None:
    results = check_data(agreement(_patch(where, value)), lang=lang)
    found = [f for r in results for f in r.findings if f.rule == "VP000"]
    assert found, results
    for f in found:
        assert "**" in f.message, f.message  # the value is quoted, its serial starred
        assert _no_cpr(f.message) and _no_cpr(f.fix or ""), (f.message, f.fix)


def test_a_company_identifier_written_as_a_number_is_shown_as_written() -> None:
    results = check_data(agreement({"company": {"p_number": 1012345678}}))
    [f] = [f for r in results for f in r.findings if f.rule == "VP000"]
    assert "(fik 1012345678)" in f.message and "\"1012345678\"" in (f.fix or "")
    # ten digits in the 8-digit CVR field are no CVR number: masked as the CPR they read as
    results = check_data(agreement({"company": {"cvr": 1012345678}}))
    [f] = [f for r in results for f in r.findings if f.rule == "VP000"]
    assert "1012345678" not in f.message + (f.fix or "") and "101234****" in f.message


def test_every_check_format_masks_a_cpr_number_in_a_company_field(run_cli: Any, tmp_path: Path) -> None:
    docs = [agreement({**_patch(w, v), "id": f"A{i}"})
            for i, (w, v) in enumerate((w, v) for w in FIELDS for v in ("230487-9173", "23.04.87-9173", "2304879173"))]
    f = tmp_path / "aftaler.json"
    f.write_text(json.dumps(docs), "utf-8")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        res = run_cli("check", "-f", fmt, str(f), code=1)
        assert "230487" in res.out, fmt  # the values are quoted …
        assert _no_cpr(res.out) and _no_cpr(res.err), fmt  # … never whole


def test_the_audit_masks_a_cpr_number_in_a_csv_company_column(run_cli: Any, tmp_path: Path) -> None:
    lines = (ROOT / "examples" / "exports" / "vitas-eksempel.csv").read_text("utf-8-sig").splitlines()
    head = lines[0].split(";")
    rows = []
    for i, column in enumerate(("cvr", "p_nummer", "seneste_arbejdsgiver_cvr", "seneste_arbejdsgiver_p_nummer")):
        cells = lines[1].split(";")
        cells[head.index("aftale_id")] = f"K-{i}"
        cells[head.index(column)] = "230487-9173"
        rows.append(";".join(cells))
    export = tmp_path / "eksport.csv"
    export.write_text("\n".join([lines[0], *rows]) + "\n", "utf-8")
    for engine in ("duckdb", "python"):
        found, report = tmp_path / f"fund-{engine}.csv", tmp_path / f"rapport-{engine}.html"
        res = run_cli("audit", "-q", "--engine", engine, "-f", "jsonl", "--findings", str(found),
                      "--report", str(report), str(export))
        assert res.code == 1, res.err
        outputs = [res.out, res.err, found.read_text("utf-8"), report.read_text("utf-8")]
        assert "230487-****" in outputs[0]
        assert all(_no_cpr(o) for o in outputs), engine

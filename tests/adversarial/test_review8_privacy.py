"""Review 8 (outputs and privacy): a CPR number no field holds must not appear in a written
line — neither from a format's own escaping, nor from two data texts set side by side —
and the door's own masked numbers are not read again as parts of another one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from praktiktjek import door
from praktiktjek.privacy import mask_cpr

ROOT = Path(__file__).resolve().parents[2]


def _leaks(line: str) -> bool:
    """The reviewer's yardstick: a written line the door would still mask."""
    c = door.clean(line)
    return mask_cpr(c) != c


# --------------------------------------------------------------------------- finding 3


def test_a_masked_citizen_is_not_read_again_across_cells() -> None:
    assert door.across("AAL-2021-1002;010190-****;VP", ["AAL-2021-1002", "010190-****"]) \
        == "AAL-2021-1002;010190-****;VP"
    # a number really formed across two cells still has its serial starred
    assert door.across("AAL-230487;1357", ["AAL-230487", "1357"]) == "AAL-230487;****"


def test_the_example_exports_citizens_keep_their_date_in_the_findings_csv(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "f.csv"
    run_cli("audit", "-q", "--findings", str(out), str(ROOT / "examples/exports/vitas-eksempel.csv"))
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    head = rows[0]
    citizens = {(r[head.index("agreement_id")], r[head.index("citizen")]) for r in rows[1:]}
    assert ("AAL-2021-1002", "010190-****") in citizens
    assert not any(c.startswith("*") for _, c in citizens)


# --------------------------------------------------------------------------- finding 1

import json  # noqa: E402

import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from praktiktjek.reporters import github as _github  # noqa: E402

_HALF = st.text(alphabet="0123456789-% .\t\n\r\x12\x01\x1f", max_size=9)


@settings(max_examples=300, deadline=None)
@given(_HALF, st.sampled_from(["\x12", "\t", "\n", "\r", "%", "\x01", "\x1f", ":", ","]), _HALF)
def test_no_formats_escaping_of_a_name_writes_a_cpr_number(a: str, mid: str, b: str) -> None:
    """A name the door keeps raw, as JSON / the text report (json quoting), JUnit (\\xNN and
    ElementTree's &#09; &#10; &#13;) and GitHub (%25 %0A %3A %2C) write it."""
    from praktiktjek.reporters.junit import xml_text

    name = door.path_text(a + mid + b + ".json")
    junit = xml_text(name).replace("\t", "&#09;").replace("\n", "&#10;").replace("\r", "&#13;")
    written = [json.dumps(name, ensure_ascii=False), junit, _github._prop(door.clean_path(name)),
               _github._data(door.text(a + mid + b))]
    for w in written:
        assert not _leaks(w), (a, mid, b, w)


_NAMES = ["\x121287-1357.json", "01\t12-3456.json", "01\n12-3456.json", "0101\r1234.json", "0101%1234.json"]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "sarif"])
def test_the_reviewers_names_leave_no_cpr_number_in_any_format(fmt: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import agreement

    for n in _NAMES:
        (tmp_path / n).write_text(json.dumps(agreement({"target_group": "0101%1234"})), "utf-8")
    res = run_cli("check", "-f", fmt, str(tmp_path))
    assert [ln for ln in (res.out + res.err).split("\n") if _leaks(ln)] == []


# --------------------------------------------------------------------------- findings 6, 11, 12, 15: composed lines

_HALVES = [("230487", "1357"), ("0101", "90-1234"), ("AAL-230487", "9173.json"), ("2304", "87-1357")]


@pytest.mark.parametrize(("left", "right"), _HALVES)
def test_cells_side_by_side_are_checked_as_written(left: str, right: str) -> None:
    for sep in (" │ ", " ", ": ", "\n"):
        cells = door.across_cells([left, right], sep)
        assert not _leaks(sep.join(cells)), (left, right, sep, cells)
        assert len(cells[0]) == len(left) and len(cells[1]) == len(right)


def test_the_console_table_row_of_a_numeric_municipality_is_masked(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    src = (ROOT / "examples/exports/vitas-eksempel.csv").read_text("utf-8-sig").splitlines()
    head = src[0].split(";")
    col = head.index("kommune")
    rows = [";".join("230487" if i == col else c for i, c in enumerate(r.split(";"))) for r in src[1:] if r]
    f = tmp_path / "kom.csv"
    f.write_text("\n".join([src[0], *(rows * (1357 // len(rows) + 1))[:1357]]) + "\n", "utf-8")
    res = run_cli("audit", "-q", str(f))
    assert "230487" in res.out
    assert [ln for ln in res.out.split("\n") if _leaks(ln)] == []


def _functions_doc() -> dict:  # type: ignore[type-arg]
    doc = json.loads((ROOT / "examples/agreements/ok-hybrid-kasse-bageri.json").read_text("utf-8"))
    doc["position"]["functions"] = ["0 230487", "1357 kasse"]
    doc["ordinary_hours"]["functions"] = ["0 230487", "1357 kasse"]
    return doc


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github", "sarif"])
def test_a_message_joining_two_facts_is_checked_as_written(fmt: str, tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "fun.json"
    f.write_text(json.dumps(_functions_doc()), "utf-8")
    res = run_cli("check", "-f", fmt, str(f))
    assert "VP401" in res.out
    assert [ln for ln in res.out.split("\n") if _leaks(ln)] == []


def test_the_job_summary_line_of_id_and_message_is_masked(tmp_path: Path, run_cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from conftest import agreement

    (tmp_path / "9173.json").write_text(json.dumps(agreement({"id": "AAL-230487", "target_group": "xx"})), "utf-8")
    summ = tmp_path / "s.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summ))
    monkeypatch.chdir(tmp_path)
    run_cli("check", "-f", "github", "9173.json")
    text = summ.read_text("utf-8")
    assert "AAL-230487" in text
    assert [ln for ln in text.split("\n") if _leaks(ln)] == []


def test_location_and_pointer_and_sarif_names_are_checked_as_written(tmp_path: Path, run_cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import agreement

    doc = agreement({"id": "AAL-2021-000106"})  # «000106/87-1357» in SARIF
    doc["87-1357"] = 1
    line = json.dumps(doc)
    pad = 2304 - line.index('"87-1357"') - 12  # the pointer's column is 2304
    f = tmp_path / "col.jsonl"
    f.write_text(line[:1] + " " * pad + line[1:] + "\n", "utf-8")
    for fmt in ("text", "sarif"):
        res = run_cli("check", "-f", fmt, str(f))
        assert ("1:2304" if fmt == "text" else "AAL-2021-000106/87-") in res.out
        assert "87-" in res.out
        assert [ln for ln in res.out.split("\n") if _leaks(ln)] == []


# --------------------------------------------------------------------------- finding 13


def test_a_list_fields_lines_are_checked_as_shown_on_the_web_page() -> None:
    from praktiktjek.model import json_schema
    from praktiktjek.web.forms import FormSpec

    spec = FormSpec(json_schema())
    values, _ = spec.to_values({"position": {"functions": ["lager 230487", "1357 kasse"]}})
    shown = values["/position/functions"]
    assert "lager 230487" in shown and not _leaks(str(shown).replace("\n", " "))


def test_the_web_page_and_printable_report_mask_a_number_across_list_lines() -> None:
    """POST / and /kontrolrapport with a list field whose lines read as one CPR number."""
    from fastapi.testclient import TestClient

    from conftest import ruleset
    from praktiktjek.web import Settings, create_app
    from test_web_api import form_pairs, post_form, six_weeks

    client = TestClient(create_app(Settings(allowed_hosts=["testserver"]), rules=ruleset()))
    data = six_weeks()
    data["position"]["functions"] = ["lager 230487", "1357 kasse"]
    for path in ("/", "/kontrolrapport"):
        html = post_form(client, path, form_pairs(data)).text
        assert "lager 230487" in html, path
        assert "230487\n1357" not in html and "230487, 1357" not in html, path


@pytest.mark.parametrize("cells", [["12121987-", "1357"], ["x ⑫⑫87", "1357"], ["121287ー", "1357"], ["12.12.1987 -", "1357"]])
def test_the_wider_spellings_are_found_across_cells(cells: list[str]) -> None:
    """The findings CSV's first look (may_join) and across() know the review 8 spellings."""
    assert door.may_join(cells)
    assert door.across(";".join(cells), cells).endswith(";****")

"""The format in the repository: docs/format.md, the schema's metadata and `template`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import ROOT, check_data
from praktiktjek.contract import fields
from praktiktjek.formatdoc import markdown
from praktiktjek.model import TARGET_GROUPS, json_schema


def test_docs_format_md_is_generated_from_the_model() -> None:
    assert (ROOT / "docs" / "format.md").read_text("utf-8") == markdown(), \
        "run: .venv/bin/praktiktjek schema --markdown > docs/format.md"


def test_docs_format_md_names_every_field_and_code() -> None:
    text = markdown()
    for path, info in fields().items():
        shown = path
        for lst in ("extensions", "history"):
            shown = shown.replace(f"{lst}.", f"{lst}[].")
        assert f"`{shown}`" in text, path
        for code, (da, _) in (info.codes or {}).items():
            assert f"| `{code}` | {da} |" in text


def _properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    out = [(name, prop) for name, prop in schema["properties"].items()]
    for d in schema["$defs"].values():
        out += list(d["properties"].items())
    return out


def test_the_schema_carries_danish_and_english_titles_codes_and_examples() -> None:
    schema = json_schema()
    props = _properties(schema)
    assert len(props) > 60
    for name, prop in props:
        assert prop.get("title") and prop.get("x-title-da"), name
    coded = {name: prop for name, prop in props if "x-enum-labels" in prop}
    assert {"target_group", "after_internship", "timing", "sector", "extended_duration_basis", "categories"} <= set(coded)
    tg = schema["properties"]["target_group"]
    assert tg["enum"] == list(TARGET_GROUPS)
    assert tg["x-enum-labels"]["da"]["dagpenge"] == "dagpengemodtager"
    assert schema["properties"]["start"]["examples"] == ["2021-03-01"]
    assert "x-description-da" in schema["properties"]["id"] and "description" in schema["properties"]["id"]


def test_schema_command_and_markdown(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("schema", code=0).json() == json.loads(json.dumps(json_schema()))
    assert run_cli("schema", "--markdown", code=0).out == markdown()


@pytest.mark.parametrize("group", list(TARGET_GROUPS))
def test_template_is_a_complete_valid_agreement_for_every_group(run_cli, group: str) -> None:  # type: ignore[no-untyped-def]
    doc = run_cli("template", "--target-group", group, "--start", "2026-03-02", code=0).json()
    assert doc["target_group"] == group and doc["start"] == "2026-03-02" and doc["end"] == "2026-03-29"
    assert "municipality" in doc["agreed_by"]  # the law says "kommunen" from 2026-02-01
    (result,) = check_data(doc)
    serious = [(f.rule, f.message) for f in result.findings if f.severity != "info"]
    assert serious == []
    expected_info = set()
    if group not in ("dagpenge", "jobparat_kontanthjaelp", "aktivitetsparat_kontanthjaelp",
                     "uddannelsesparat_uddannelseshjaelp", "aktivitetsparat_uddannelseshjaelp",
                     "uddannelsesparat_kontanthjaelp"):
        expected_info.add("VP001")
    if group.endswith("_uddannelseshjaelp"):
        expected_info.add("VP002")
    assert {f.rule for f in result.findings} == expected_info


def test_template_defaults_to_next_monday_and_refuses_unknown_input(run_cli) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    doc = run_cli("template", code=0).json()
    start = dt.date.fromisoformat(doc["start"])
    assert start.weekday() == 0 and start > dt.date.today()
    res = run_cli("template", "-g", "dagpegne", code=2)
    assert "mente du «dagpenge»?" in res.err
    for bad in ("01-03-2026", "2021-W09-1", "9999-12-31", "0001-01-01", "2021-02-30"):
        res = run_cli("template", "--start", bad, code=2)
        assert "ÅÅÅÅ-MM-DD" in res.err and "intern fejl" not in res.err


def test_the_guides_worked_example_says_what_it_promises(run_cli) -> None:  # type: ignore[no-untyped-def]
    """docs/vejledning.md section 4: 6 weeks is VP202; 4 weeks is fine; a typo is VP000."""
    guide = (ROOT / "docs" / "vejledning.md").read_text("utf-8")
    doc = run_cli("template", "--target-group", "dagpenge", "--start", "2026-12-07", code=0).json()
    assert '"start": "2026-12-07"' in guide and '"end": "2027-01-17"' in guide
    (r,) = check_data({**doc, "end": "2027-01-17"})
    assert [f.rule for f in r.findings] == ["VP202"]
    (r,) = check_data({**doc, "end": "2027-01-03"})
    assert r.findings == []
    (r,) = check_data({**doc, "target_group": "dagpegne"})
    assert [f.rule for f in r.findings] == ["VP000"]
    assert "ukendt målgruppe «dagpegne» — mente du «dagpenge»?" in r.findings[0].message
    assert "ukendt målgruppe «dagpegne» — mente du «dagpenge»?" in guide
    (r,) = check_data({**doc, "start": "2027-01-04", "end": "2027-01-31"})
    assert "VP010" in [f.rule for f in r.findings]


def test_readme_links_only_inside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "shared/" not in readme
    for link in ("docs/format.md", "docs/vejledning.md"):
        assert f"]({link})" in readme and (ROOT / link).exists()


def test_dates_before_year_1000_keep_four_digits() -> None:
    import datetime as dt

    from praktiktjek.labels import date

    assert date(dt.date(1, 1, 1), "da") == "01-01-0001" and date(dt.date(2021, 3, 28), "da") == "28-03-2021"

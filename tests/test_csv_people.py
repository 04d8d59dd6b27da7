"""CSV for people: a mapping adds to the built-in one, missing columns name the headers
that would do, `check` reads CSV with --mapping, and CSV findings carry their row's line
in every output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praktiktjek.fields import FIELD_KINDS
from praktiktjek.readers.csvfile import load_mapping, merge_columns
from test_audit import HEADER, row, write_csv


def _findings(doc: dict) -> dict[str, list[tuple[str, int | None]]]:  # type: ignore[type-arg]
    return {r["agreement_id"]: sorted((f["rule"], f["line"]) for f in r["findings"]) for r in doc["results"]}


def test_a_mapping_of_one_column_keeps_every_built_in_column(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Before: a mapping file replaced the built-in columns, so naming one header lost all
    the others and every row was VP000."""
    header = HEADER.replace("aftale_id", "Sagsnummer")
    f = write_csv(tmp_path / "x.csv", [row("K-1", "c-1", "01-03-2021", "11-04-2021")], header=header)
    m = tmp_path / "m.toml"
    m.write_text('[columns]\nSagsnummer = "id"\n', "utf-8")
    doc = run_cli("check", "-f", "json", "--mapping", str(m), str(f), code=1).json()
    assert _findings(doc) == {"K-1": [("VP202", 2)]}


def test_a_field_the_mapping_names_is_read_only_from_its_header(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    header = HEADER + ";Rigtig_slut"
    r = row("K-1", "c-1", "01-03-2021", "11-04-2021") + ";28-03-2021"
    f = write_csv(tmp_path / "x.csv", [r], header=header)
    m = tmp_path / "m.toml"
    m.write_text('[columns]\nRigtig_slut = "end"\n', "utf-8")
    # the built-in «slutdato» (6 weeks) is not read: the mapping's header (4 weeks) is
    doc = run_cli("check", "-f", "json", "--mapping", str(m), str(f), code=0).json()
    assert _findings(doc) == {"K-1": []}  # «slutdato», replaced on purpose, is not "unknown"
    doc = run_cli("check", "-f", "json", str(f), code=1).json()
    assert _findings(doc) == {"K-1": [("VP003", 2), ("VP202", 2)]}  # «Rigtig_slut» is read by nobody


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), st.sampled_from(sorted(FIELD_KINDS)), max_size=6))
def test_merged_columns_add_and_override(user: dict[str, str]) -> None:
    base = load_mapping(None).columns
    merged = merge_columns(base, user)
    for header, target in user.items():  # every user column is there, as the user says
        assert merged[header] == target
    for header, target in base.items():  # a built-in column stays unless the user took it
        took = target in user.values() or header.casefold() in {h.strip().casefold() for h in user}
        if took:  # gone, or there as the user's own column of that name
            assert header not in merged or header in user
        else:
            assert merged[header] == target
    for target in set(user.values()):  # a field the user maps is read from the user's headers only
        assert {h for h, f in merged.items() if f == target} == {h for h, f in user.items() if f == target}


def test_missing_columns_name_the_headers_that_would_do(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.csv"
    f.write_text("aftale_id;maalgruppe;cvr\nA1;dagpenge;35954716\n", "utf-8")
    msg = run_cli("check", "-f", "json", str(f), code=1).json()["results"][0]["findings"][0]["message"]
    assert "række 2" in msg
    from praktiktjek.contract import fields

    # the Danish text names each field by its Danish title, not its path (audit8)
    for field, header in (("citizen.id", "cpr"), ("start", "startdato"), ("end", "slutdato")):
        assert f"«{fields()[field].title_da}» (overskrift: «{header}»)" in msg and f"«{field}»" not in msg
    assert "company.cvr" not in msg and "CVR-nummer" not in msg
    m = tmp_path / "m.toml"
    m.write_text('[columns]\nPerson = "citizen.id"\nBorger = "citizen.id"\n', "utf-8")
    msg = run_cli("check", "-f", "json", "--mapping", str(m), str(f), code=1).json()["results"][0]["findings"][0]["message"]
    assert "«Borger-id» (overskrift: «Person» eller «Borger»)" in msg
    en = run_cli("check", "-f", "json", "--lang", "en", str(f), code=1).json()["results"][0]["findings"][0]["message"]
    assert "the file has no column for «citizen.id» (header: «cpr»)" in en


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_csv_findings_carry_the_row_line_in_every_format(run_cli, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    f = write_csv(tmp_path / "x.csv", [
        row("A1", "c-1", "01-03-2021", "28-03-2021"),
        row("A2", "c-2", "01-03-2021", "11-04-2021"),  # VP202 on line 3
        row("A3", "c-3", "01-03-2021", "28-03-2021", hours="40"),  # VP301 on line 4
    ])
    out = run_cli("check", "-f", fmt, str(f), code=1).out
    name = f.name
    if fmt == "text":
        assert f"{name}:3  /end" in out and f"{name}:4  /hours_per_week" in out
    elif fmt == "json":
        assert _findings(json.loads(out)) == {"A1": [], "A2": [("VP202", 3)], "A3": [("VP301", 4)]}
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        lines = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}
        assert lines == {"VP202": 3, "VP301": 4}
    elif fmt == "junit":
        text = " ".join(e.text or "" for e in ET.fromstring(out).iter("failure"))
        assert f"{name}:3:" in text and f"{name}:4:" in text
    else:
        assert "line=3" in out and "line=4" in out


def test_a_file_without_known_headers_names_the_required_ones(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "x.csv"
    f.write_text("a;b\n1;2\n", "utf-8")
    msg = run_cli("check", "-f", "json", str(f), code=1).json()["results"][0]["findings"][0]["message"]
    assert "de nødvendige kolonner hedder «aftale_id», «maalgruppe», «cpr», «startdato», «slutdato», «cvr»" in msg
    en = run_cli("check", "-f", "json", "--lang", "en", str(f), code=1).json()["results"][0]["findings"][0]["message"]
    assert "the required columns are called «aftale_id»" in en


def test_check_does_not_run_a_rule_a_csv_cannot_feed_and_says_so(run_cli) -> None:  # type: ignore[no-untyped-def]
    """An export without a column a rule needs: check leaves the rule out, as audit does, and
    names it on stderr, instead of reporting the absent column as absent content."""
    from conftest import EXAMPLES

    export = EXAMPLES.parent / "exports" / "vitas-eksempel.csv"
    res = run_cli("check", "-f", "json", str(export))
    rules = {f["rule"] for r in res.json()["results"] for f in r["findings"]}
    assert "VP505" not in rules
    assert "vitas-eksempel.csv: ikke kontrolleret, filen har ingen kolonne til det: VP505" in res.err


def test_model_labels_are_understood_in_a_spreadsheet(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every code's Danish label works in a CSV cell: the new group and the uncovered ones."""
    for label, rule in (("Uddannelsesparat kontanthjælpsmodtager", None), ("Sygedagpengemodtager", "VP001")):
        f = write_csv(tmp_path / "x.csv", [row("K-1", "c-1", "01-03-2021", "28-03-2021")])
        f.write_text(f.read_text("utf-8").replace("Dagpengemodtager", label), "utf-8")
        doc = run_cli("check", "-f", "json", str(f)).json()
        got = [x["rule"] for x in doc["results"][0]["findings"]]
        assert got == ([rule] if rule else []), (label, got)


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_every_line_ending_reads_every_row(run_cli, tmp_path: Path, ending: str) -> None:  # type: ignore[no-untyped-def]
    """Old Mac Excel ends CSV lines in a lone CR: all 14 rows are read, not one header."""
    from conftest import EXAMPLES

    text = (EXAMPLES.parent / "exports" / "vitas-eksempel.csv").read_text("utf-8-sig")
    p = tmp_path / "u.csv"
    p.write_bytes(ending.join(text.splitlines()).encode("utf-8") + ending.encode())
    for cmd in ("check", "audit"):
        doc = run_cli(cmd, "-f", "json", str(p)).json()
        assert doc["summary"]["records"] == 14 and doc["summary"]["input_problems"] == 1, cmd


def test_a_csv_on_stdin_is_read_as_csv_by_check_as_by_audit(run_cli) -> None:  # type: ignore[no-untyped-def]
    from conftest import EXAMPLES

    data = (EXAMPLES.parent / "exports" / "vitas-eksempel.csv").read_bytes()
    for cmd in ("check", "audit"):
        doc = run_cli(cmd, "-f", "json", "-", stdin=data).json()
        assert doc["summary"]["records"] == 14, cmd

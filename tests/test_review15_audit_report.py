"""Review 15, F4: the audit HTML report links each citation to its own act version, and
each listed finding shows its citation line (act version and notes) as the text report."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ruleset
from praktiktjek import auditreport
from praktiktjek.reporters.common import citation_line


def _agreement(start: dt.date) -> dict[str, Any]:
    from conftest import agreement

    return agreement({"id": f"T-{start.isoformat()}", "target_group": "dagpenge", "start": start.isoformat(),
                      "end": (start + dt.timedelta(days=41)).isoformat(), "hours_per_week": 40,
                      "citizen": {"graduate": False, "benefit_weeks_before_start": 22},
                      "company": {"ordinary_employees": 2, "subsidised_persons": 1.0}})


def _text(html: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("engine", ["python", "duckdb"])
def test_each_citation_links_its_own_act_and_each_finding_shows_its_act_version(
        run_cli, tmp_path: Path, engine: str) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "cc.jsonl"
    export.write_text("".join(json.dumps(_agreement(d), ensure_ascii=False) + "\n"
                              for d in (dt.date(2019, 3, 4), dt.date(2027, 3, 1))), "utf-8")
    report = tmp_path / "r.html"
    run_cli("audit", "-q", "--engine", engine, "--report", str(report), str(export))
    html = report.read_text("utf-8")
    # § 44 of LBK 1342/2016 is linked to that act, never to the newest one
    item = next(li for li in re.findall(r"<li>(.*?)</li>", html) if li.startswith("LBK 1342/2016 § 44"))
    assert 'href="https://www.retsinformation.dk/eli/lta/2016/1342"' in item and "2024/280" not in item
    assert "LBK nr. 1342 af 21/11/2016" in item and "seneste udgave" not in item
    text = _text(html)
    # the rule section carries the numbering note of the newest BAB version
    assert "BAB § 60, stk. 5 (paragrafnummeret er ikke efterprøvet i denne udgave)" in text
    # each listed finding's citation line: act version and notes, as check's text report
    assert "Hjemmel: LBK 1342/2016 § 44 (LBK nr. 1342 af 21/11/2016)" in text
    assert "nummereringen fra 2020; den ældre udgave kan have et andet nummer, ikke efterprøvet" in text
    assert ("Hjemmel: LAB § 61, stk. 1, nr. 1 (gældende før 01-01-2027; ikke efterprøvet for en start "
            "fra 01-01-2027, hvor loven ændres) (LBK nr. 280 af 01/03/2024, ikrafttræden udledt)") in text


def test_every_rule_citation_links_a_version_of_its_own_period() -> None:
    """No citation dated to end is linked to a version that starts after it ends."""
    rs = ruleset()
    for rule in rs.rules.values():
        for part in rule.spec.citations:
            got = auditreport._rule_citation(rs, part, "da")
            if part.valid_to is None or not got["url"]:
                continue
            v = next(v for v in rs.acts[part.act].versions if v.url == got["url"] and v.number == got["number"])
            assert v.valid_from is None or v.valid_from <= part.valid_to, (rule.id, part.text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.dates(min_value=dt.date(2018, 7, 1), max_value=dt.date(2027, 12, 31)),
       lang=st.sampled_from(["da", "en"]))
def test_property_a_listed_findings_citation_reads_as_the_text_report(start: dt.date, lang: str) -> None:
    from conftest import check_data
    from praktiktjek.engine import Engine
    from praktiktjek.reporters.jsonout import finding_dict

    result = check_data(_agreement(start), Engine(ruleset(), lang=lang))[0]
    doc = {"source": "x.jsonl", "line": 1, "findings": [finding_dict(f) for f in result.findings]}
    view = auditreport._agreement_view(doc, ruleset(), lang)
    shown = [f["cite"] for g in view["groups"] for f in g["findings"]]
    by_rule = sorted(result.findings, key=lambda f: f.rule)
    label = "Hjemmel: " if lang == "da" else "Legal basis: "
    assert sorted(label + c for c in shown if c) == sorted(citation_line(f.citation, lang)
                                                           for f in by_rule if f.citation)


# ------------------------------------------------------------------ F13: the act version in the findings file

def test_the_findings_files_name_the_act_version_in_a_last_column(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv

    export = tmp_path / "c.jsonl"
    export.write_text(json.dumps(_agreement(dt.date(2025, 3, 3)), ensure_ascii=False) + "\n", "utf-8")
    got = {}
    for suffix in ("csv", "jsonl"):
        out = tmp_path / f"f.{suffix}"
        run_cli("audit", "-q", "--findings", str(out), str(export))
        got[suffix] = out.read_text("utf-8-sig")
    rows = list(csv.DictReader(got["csv"].splitlines(), delimiter=";"))
    header = got["csv"].splitlines()[0].split(";")
    assert header == ["source", "line", "agreement_id", "citizen", "rule", "severity", "message",
                      "citation", "url", "pointer", "waived", "act_version"]
    vp202 = next(r for r in rows if r["rule"] == "VP202")
    assert vp202["citation"] == "LAB § 61, stk. 1, nr. 1" and vp202["act_version"] == (
        "LBK nr. 280 af 01/03/2024, ikrafttræden udledt")
    lines = [json.loads(x) for x in got["jsonl"].splitlines()]
    assert list(lines[0]) == header
    assert [x["act_version"] for x in lines] == [r["act_version"] or None for r in rows]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.dates(min_value=dt.date(2018, 7, 1), max_value=dt.date(2027, 12, 31)))
def test_property_a_findings_rows_act_version_is_the_text_reports(start: dt.date) -> None:
    from conftest import check_data
    from praktiktjek.audit import finding_rows
    from praktiktjek.reporters.common import act_numbers
    from praktiktjek.reporters.jsonout import finding_dict

    result = check_data(_agreement(start))[0]
    doc = {"source": "x.jsonl", "line": 1, "agreement_id": "a", "citizen": "c",
           "findings": [finding_dict(f) for f in result.findings]}
    assert [r["act_version"] for r in finding_rows(doc)] == [act_numbers(f.citation) or None
                                                             for f in result.findings]

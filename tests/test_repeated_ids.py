"""Review 11, finding 9: an agreement id on more than one record of an audit (two
overlapping exports, the same file given twice, ``-`` and the file) counts as ONE
agreement in every cross-record step — its last record — and the auditor is told which
ids repeat and where. Every record still gets its own findings (records read = reported)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, ruleset
from praktiktjek.batch import run_batch
from praktiktjek.batch.common import AuditOptions, AuditRun
from praktiktjek.batch.reference import run_audit
from praktiktjek.engine import Engine
from praktiktjek.readers.csvfile import load_mapping
from test_batch_parity import assert_same, records, reports, write_jsonl


def _record(rid: str, citizen: str, p_number: str, start: str, end: str, hours: float, **company: Any) -> dict[str, Any]:
    r = agreement()
    r["id"], r["citizen"]["id"], r["start"], r["end"], r["hours_per_week"] = rid, citizen, start, end, hours
    r["company"].update({"cvr": "35954716", "p_number": p_number, "ordinary_employees": 5, "subsidised_persons": 0,
                         **company})
    r["extensions"], r["history"] = [], []
    return r


def _runs(paths: list[str], jobs: int = 1) -> tuple[AuditRun, AuditRun]:
    engine, mapping = Engine(ruleset()), load_mapping(None)
    return (run_audit(engine, AuditOptions(paths, mapping, 1), lambda *a: None),
            run_batch(engine, AuditOptions(paths, mapping, jobs), lambda *a: None))


#: the statistics: about agreements, so a repeated id counts once (its last record)
STATISTICS = ("readable", "records_by_municipality", "findings_by_municipality", "records_by_group",
              "findings_by_group", "group_year", "sector", "durations", "histograms")
#: the findings tallies: about records, so every record counts (records read = reported)
TALLIES = ("records", "error", "warning", "info", "input_problems", "waived", "with_findings")


def _figures(paths: list[str], jobs: int = 1) -> dict[str, Any]:
    """The report's figures, as DuckDB computes them in SQL (``assert_same`` holds the
    reference's tallies and both reports to them)."""
    run = run_batch(Engine(ruleset()), AuditOptions(paths, load_mapping(None), jobs), lambda *a: None)
    return {**run.stats.figures(), "per_citizen": run.state.per_citizen}


def _statistics(figures: dict[str, Any]) -> dict[str, Any]:
    return {k: figures[k] for k in (*STATISTICS, "per_citizen")}


def _said(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A record's findings as a reader sees them, wherever the record is (not its line)."""
    return [(f["rule"], f["message"], f["pointer"]) for f in doc["findings"]]


def _rules(doc: dict[str, Any]) -> list[str]:
    return [f["rule"] for f in doc["findings"]]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exact_copy_of_a_record_is_not_its_own_other_internship(tmp_path: Path, jobs: int) -> None:
    """The review's case: one dagpenge agreement, 5 employees, 30 hours — no VP701 alone;
    the same line twice gave both VP701 («1,6 personer … denne aftale medregnet») and
    «forløb pr. borger: 2,0». Now both lines get the lone record's findings, the citizen
    has one internship, and the notice names both lines."""
    r = _record("AAL-1", "c-1", "1012345678", "2021-03-01", "2021-03-28", 30)
    alone = assert_same([write_jsonl(tmp_path / "one.jsonl", [r])], Engine(ruleset()), jobs)
    assert "VP701" not in _rules(alone[0])
    path = write_jsonl(tmp_path / "two.jsonl", [r, r])
    docs = assert_same([path], Engine(ruleset()), jobs)
    assert [_rules(d) for d in docs] == [_rules(alone[0])] * 2
    for run in _runs([path], jobs):
        assert run.read == 2 and run.state.per_citizen == {1: 1}
        assert run.state.repeated == [{"agreement_id": "AAL-1", "occurrences": [
            {"source": path, "line": 1}, {"source": path, "line": 2}]}]
    # the statistics show one agreement (one Aalborg, one private, one 4-week internship);
    # the findings tallies two records
    one, two = _figures([str(tmp_path / "one.jsonl")], jobs), _figures([path], jobs)
    assert _statistics(two) == _statistics(one) and two["readable"] == 1
    assert {k: two[k] for k in TALLIES} == {k: 2 * one[k] for k in TALLIES}
    assert two["by_rule"] == [(rule, 2 * n) for rule, n in one["by_rule"]]


@pytest.mark.parametrize("old_first", [True, False])
def test_the_statistics_count_a_repeated_id_once_by_its_last_record(tmp_path: Path, old_first: bool) -> None:
    """Agreement X in an older and an updated export that differ in municipality, sector,
    start year and duration: every statistic (per municipality, target group, year,
    sector, duration, citizen) is that of the record given last, alone — with its
    findings in the per-municipality and per-group tables — while the findings tallies
    and the per-rule table count both records. The report says so."""
    old = _record("X", "c-1", "1012345678", "2021-03-01", "2021-03-28", 30, sector="private")
    new = _record("X", "c-1", "1012345678", "2022-03-07", "2022-05-01", 30, sector="public")
    old["municipality"], new["municipality"] = "Aalborg", "Aarhus"
    new["ordinary_hours"] = None  # a finding of its own, so that its findings are told apart
    first, last = (old, new) if old_first else (new, old)
    both = write_jsonl(tmp_path / "both.jsonl", [first, last])
    alone = [write_jsonl(tmp_path / f"{n}.jsonl", [r]) for n, r in (("first", first), ("last", last))]
    docs = assert_same([both], Engine(ruleset()))
    got, want = _figures([both]), [_figures([p]) for p in alone]
    assert _statistics(got) == _statistics(want[1])
    assert got["records_by_municipality"] == [(last["municipality"], 1)]
    assert {k: got[k] for k in TALLIES} == {k: want[0][k] + want[1][k] for k in TALLIES}
    assert sum(n for _, n in got["by_rule"]) == sum(len(d["findings"]) for d in docs)
    run = _runs([both])[1]
    html, console = reports(Engine(ruleset()), run, run.stats, [])
    note = "1 gentaget aftale-id er talt én gang i statistikken (den sidste forekomst)."
    assert html.count(note) == 6  # per municipality, per target group, table 1.1, per citizen, duration, sector
    full = ("1 gentaget aftale-id er talt én gang, ved den sidste forekomst, i statistikken pr. kommune, målgruppe, "
            "år, borger, varighed og sektor; poster, fund og fund pr. regel er talt pr. post.")
    assert full in html and full in " ".join(console.split())


def test_the_later_of_two_differing_records_of_one_id_counts(tmp_path: Path) -> None:
    """An updated export moves agreement X to another P-number: given after the old one,
    it wins — B, at X's old workplace, no longer counts X (no VP701); given before it, the
    old record wins and B does. Either way X's two records are one internship of its
    citizen, and B's load never counts X twice."""
    old = _record("X", "c-1", "1012345678", "2021-03-01", "2021-06-30", 37)
    new = _record("X", "c-1", "1099999999", "2021-03-01", "2021-06-30", 37)
    b = _record("B", "c-2", "1012345678", "2021-04-01", "2021-04-28", 30)
    engine = Engine(ruleset())
    later = assert_same([write_jsonl(tmp_path / "a.jsonl", [old]), write_jsonl(tmp_path / "b.jsonl", [new, b])],
                        engine)
    assert "VP701" not in _rules(later[2])
    earlier = assert_same([write_jsonl(tmp_path / "c.jsonl", [new]), write_jsonl(tmp_path / "d.jsonl", [old, b])],
                          engine)
    (msg,) = [f["message"] for f in earlier[2]["findings"] if f["rule"] == "VP701"]
    both = assert_same([write_jsonl(tmp_path / "e.jsonl", [old, old, b])], engine)
    assert [f["message"] for f in both[2]["findings"] if f["rule"] == "VP701"] == [msg]  # X once, not twice
    for run in _runs([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]):
        assert run.state.per_citizen == {1: 2}  # c-1 with X once, c-2 with B
        assert [o["source"] for r in run.state.repeated for o in r["occurrences"]] == [
            str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]


def test_a_repeated_earlier_internship_is_one_earlier_internship_in_the_history(tmp_path: Path) -> None:
    """VP501 on a later internship at the same company names ONE earlier internship when
    the earlier one is in the audit twice (the review's «og 1 tidligere forløb»)."""
    first = _record("X", "c-1", "1012345678", "2021-01-04", "2021-01-31", 30)
    later = _record("Y", "c-1", "1012345678", "2021-06-01", "2021-06-28", 30)
    engine = Engine(ruleset())
    alone = assert_same([write_jsonl(tmp_path / "a.jsonl", [first, later])], engine)
    twice = assert_same([write_jsonl(tmp_path / "b.jsonl", [first, first, later])], engine)
    assert "VP501" in _rules(alone[1])
    assert _said(twice[2]) == _said(alone[1])  # the same words: one earlier internship
    assert [_said(d) for d in twice[:2]] == [_said(alone[0])] * 2


@settings(max_examples=int(os.environ.get("PRAKTIKTJEK_PARITY_EXAMPLES", "4")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(records(), min_size=1, max_size=15))
def test_an_export_given_twice_gives_every_record_the_findings_it_has_alone(
        tmp_path_factory: pytest.TempPathFactory, export: list[dict[str, Any] | str]) -> None:
    """The property behind the finding: whatever the export (ids unique in it), auditing it
    together with a copy of itself gives every record of both the findings it has when the
    export is audited alone — in both engines, byte-identical to each other."""
    tmp = tmp_path_factory.mktemp("twice")
    recs = []
    for n, r in enumerate(export):
        if isinstance(r, dict):
            r = copy.deepcopy(r)
            r["id"] = f"U{n}"
        recs.append(r)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in recs]
    a, b = tmp / "a.jsonl", tmp / "b.jsonl"
    for p in (a, b):
        p.write_text("".join(line + "\n" for line in lines), "utf-8")
    engine = Engine(ruleset())
    alone = assert_same([str(a)], engine)
    twice = assert_same([str(a), str(b)], engine)

    def shown(doc: dict[str, Any]) -> list[tuple[Any, ...]]:  # an unreadable line's message names its file
        return [(f["rule"], f["message"].replace(str(b), str(a)), f["pointer"], f.get("line")) for f in doc["findings"]]

    assert [shown(d) for d in twice] == [shown(d) for d in alone] * 2
    # the statistics are the export's alone; the findings tallies count every record twice
    once, doubled = _figures([str(a)]), _figures([str(a), str(b)])
    assert _statistics(doubled) == _statistics(once)
    assert {k: doubled[k] for k in TALLIES} == {k: 2 * once[k] for k in TALLIES}
    assert doubled["by_rule"] == [(rule, 2 * n) for rule, n in once["by_rule"]]
    assert doubled["agreements_by_rule"] == [(rule, 2 * n) for rule, n in once["agreements_by_rule"]]
    ref, dk = _runs([str(a), str(b)])
    assert ref.state.per_citizen == _runs([str(a)])[0].state.per_citizen
    assert ref.state.repeated == dk.state.repeated
    assert all([o["source"] for o in r["occurrences"]] == [str(a), str(b)] for r in ref.state.repeated)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_auditor_is_told_which_ids_repeat_and_where(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        lang: str) -> None:
    """On stderr beside a JSON document, in its summary, in the console summary and in the
    HTML report; the id through the door (a CPR number masked, a control character gone)."""
    r = _record("010190-1234\x07", "c-1", "1012345678", "2021-03-01", "2021-03-28", 30)
    a = write_jsonl(tmp_path / "a.jsonl", [r])
    b = write_jsonl(tmp_path / "b.jsonl", [_record("X", "c-2", "1012345678", "2021-03-01", "2021-03-28", 5), r])
    outs = {}
    for name in ("python", "duckdb"):
        report = tmp_path / f"{name}.html"
        res = run_cli("audit", "-q", "--lang", lang, "--engine", name, "-f", "json", "--report", str(report), a, b)
        text = run_cli("audit", "-q", "--lang", lang, "--engine", name, a, b)
        outs[name] = (res.out, res.err, report.read_text("utf-8"), text.out)
    assert outs["python"] == outs["duckdb"]
    out, err, html, console = outs["duckdb"]
    (rep,) = json.loads(out)["summary"]["repeated_ids"]
    assert rep["occurrences"] == [{"source": a, "line": 1}, {"source": b, "line": 2}]
    line = "linje" if lang == "da" else "line"
    for where in (err, html, console):
        assert "010190-1234" not in where and "\x07" not in where
        assert "010190-****" in where
    assert f"{a}, {line} 1; {b}, {line} 2" in err and f"{a}, {line} 1; {b}, {line} 2" in html
    assert ("forekommer 2 gange" if lang == "da" else "occurs 2 times") in err
    assert ("Gentagne aftale-id’er" if lang == "da" else "Repeated agreement ids") in html + console
    # and that the statistics count it once while the findings tallies count its records
    assert ("1 gentaget aftale-id er talt én gang i statistikken (den sidste forekomst)." if lang == "da" else
            "1 repeated agreement id is counted once in the statistics (its last occurrence).") in html
    per_record = "poster, fund og fund pr. regel er talt pr. post." if lang == "da" else "counted per record."
    assert per_record in html and per_record in " ".join(console.split())
    if lang == "da":
        assert "agreement" not in err + html.split("<section id=\"rules\"")[0].split("<section id=\"totals\"")[1]

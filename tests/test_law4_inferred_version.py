"""Review 15 F13, second half: RULES.md gives some act versions only an inferred start
(«LBK nr. 701 af 22/05/2022 … cite from 2022-05-22 (inferred)», «LBK nr. 280 af
01/03/2024 … cite from 2024-03-01 (inferred)»), so picking that version for a start date
is an inference too. That reached only JSON `sources[].inferred` and `explain`; now
every finding that names the version says so — «(LBK nr. 280 af 01/03/2024, ikrafttræden
udledt)» — in the text report, SARIF message, JUnit, GitHub annotation, the audit's
findings CSV/JSONL (both engines) and HTML report, and the web page."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import agreement, ruleset
from praktiktjek.engine import Engine
from praktiktjek.readers.jsonfile import read_json
from praktiktjek.web.app import WebEngine
from test_batch_parity import assert_same, write_jsonl

#: VP202's LAB version by start date, from RULES.md's acts table: (number, dates inferred)
CASES = [("2019-12-02", "LBK nr. 1342 af 21/11/2016", False),  # «to 2019-12-31»
         ("2022-05-20", "lov nr. 548 af 07/05/2019", False),  # «2020-01-01», read
         ("2022-05-22", "LBK nr. 701 af 22/05/2022", True),  # «cite from 2022-05-22 (inferred)»
         ("2024-02-29", "LBK nr. 701 af 22/05/2022", True),
         ("2024-03-01", "LBK nr. 280 af 01/03/2024", True)]  # «cite from 2024-03-01 (inferred)»
MARK = {"da": "ikrafttræden udledt", "en": "dates inferred"}


def data(start: str, n: int = 0) -> dict[str, Any]:
    day = dt.date.fromisoformat(start)
    return agreement({"id": f"A{n}", "start": start, "end": (day + dt.timedelta(days=41)).isoformat()})


def shown(number: str, inferred: bool, lang: str) -> str:
    return f"({number}, {MARK[lang]})" if inferred else f"({number})"


@pytest.mark.parametrize(("start", "number", "inferred"), CASES)
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_check_format_marks_an_act_version_whose_dates_are_inferred(
        run_cli, tmp_path: Path, start: str, number: str, inferred: bool, lang: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data(start)), "utf-8")
    want = shown(number, inferred, lang)
    text = run_cli("check", "--lang", lang, str(path), code=1).out
    sarif = json.loads(run_cli("check", "--lang", lang, "-f", "sarif", str(path), code=1).out)
    junit = run_cli("check", "--lang", lang, "-f", "junit", str(path), code=1).out
    github = run_cli("check", "--lang", lang, "-f", "github", str(path), code=1).out
    [message] = [r["message"]["text"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "VP202"]
    for out in (text, message, junit, github):
        assert want in out
        assert (MARK[lang] in out) is inferred
    [f] = [f for rec in read_json(path.read_bytes(), "a.json")
           for f in WebEngine(ruleset(), lang=lang).run_one(rec).findings if f.rule == "VP202"]
    [s] = [s for s in f.citation.sources if s.kind == "law"]
    assert s.dates_inferred is inferred and s.number == number


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_audits_findings_files_and_report_mark_it_in_both_engines(run_cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                      lang: str) -> None:
    records = [data(start, n) for n, (start, _, _) in enumerate(CASES)]
    export = write_jsonl(tmp_path / "x.jsonl", records)
    docs = assert_same([export], Engine(ruleset(), lang=lang))
    for doc, (_, number, inferred) in zip(docs, CASES, strict=True):
        [src] = [s for f in doc["findings"] if f["rule"] == "VP202" for s in f["citation"]["sources"]
                 if s["kind"] == "law"]
        assert src.get("dates_inferred", False) is inferred and src["number"] == number
    for engine in ("duckdb", "python"):
        csv_path, jsonl_path, html = (tmp_path / f"{engine}.csv", tmp_path / f"{engine}.jsonl",
                                      tmp_path / f"{engine}.html")
        run_cli("audit", "-q", "--lang", lang, "--engine", engine, "--findings", str(csv_path), export, code=1)
        run_cli("audit", "-q", "--lang", lang, "--engine", engine, "--findings", str(jsonl_path),
                "--report", str(html), export, code=1)
        rows = [r for r in csv.DictReader(csv_path.read_text("utf-8-sig").splitlines(), delimiter=";")
                if r["rule"] == "VP202"]
        lines = [r for r in map(json.loads, jsonl_path.read_text("utf-8").splitlines()) if r["rule"] == "VP202"]
        page = html.read_text("utf-8")
        for row, line, (_, number, inferred) in zip(rows, lines, CASES, strict=True):
            want = shown(number, inferred, lang)[1:-1]
            assert row["act_version"] == line["act_version"] == want
            assert f"({want})" in page

"""Review 15 F5: a dagpenge graduate before 2020 may have up to 8 weeks (RULES.md VP202:
«before 2020-01-01 a dagpenge graduate (dimittend) could have up to 8 weeks»; worked
example «a dagpenge graduate in 2019 with 7 weeks: fine»). Over 8 weeks the finding is
still an error against the 4-week limit, but its fix and the web form's latest lawful end
said 4 weeks and presented the 8 weeks as conditional. Where the exception certainly
applies they now say 8 weeks — in check, the web form and both audit engines alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from praktiktjek.readers.jsonfile import read_json
from praktiktjek.web.app import WebEngine
from test_batch_parity import assert_same, write_jsonl

FIX_8 = "Forkort praktikken til højst 8 uger, eller vælg et andet tilbud."
FIX_4 = "Forkort praktikken til højst 4 uger, eller vælg et andet tilbud."


def graduate(start: str, end: str, **citizen: Any) -> dict[str, Any]:
    return agreement({"target_group": "dagpenge", "start": start, "end": end,
                      "citizen": {"graduate": True, **citizen}})


def vp202(data: dict[str, Any], lang: str = "da") -> Any:
    [f] = [f for rec in read_json(json.dumps(data).encode(), "t.json")
           for f in WebEngine(ruleset(), lang=lang).run_one(rec).findings if f.rule == "VP202"]
    return f


def test_the_reviews_2019_graduate_is_told_8_weeks_in_check_web_and_both_engines(tmp_path: Path) -> None:
    data = graduate("2019-06-03", "2019-08-01")  # 60 days
    f = vp202(data)
    assert f.fix == FIX_8
    assert f.suggestion == "seneste lovlige slutdato: 28. juli 2019"
    en = vp202(data, "en")
    assert en.fix == "Shorten the internship to at most 8 weeks, or choose another offer."
    assert en.suggestion == "latest lawful end date: 28 July 2019"
    (r,) = check_data(data)
    [checked] = [x for x in r.findings if x.rule == "VP202"]
    assert (checked.message, checked.fix) == (f.message, FIX_8)
    docs = assert_same([write_jsonl(tmp_path / "g.jsonl", [data])], Engine(ruleset()))
    [audited] = [x for x in docs[0]["findings"] if x["rule"] == "VP202"]
    assert (audited["message"], audited["fix"]) == (f.message, FIX_8)


def test_where_the_exception_may_not_apply_the_fix_stays_4_weeks(tmp_path: Path) -> None:
    cases = [graduate("2019-06-03", "2019-08-01", higher_education=False),  # a condition known to fail
             graduate("2021-06-01", "2021-07-31"),  # the trial, its conditions not shown
             graduate("2023-06-01", "2023-07-31", higher_education=True, job_in_field_since_graduation=False)]
    for data in cases:
        assert vp202(data).fix == FIX_4
    for n, data in enumerate(cases):
        data["id"] = f"A{n}"
    docs = assert_same([write_jsonl(tmp_path / "c.jsonl", cases)], Engine(ruleset()))
    assert [x["fix"] for d in docs for x in d["findings"] if x["rule"] == "VP202"] == [FIX_4] * 3


def test_in_the_trial_with_its_conditions_shown_the_8_weeks_are_lawful_and_said() -> None:
    data = graduate("2021-06-01", "2021-07-31", higher_education=True, job_in_field_since_graduation=False)
    data["position"]["uses_education"] = True
    f = vp202(data)
    assert f.fix == FIX_8 and f.suggestion == "seneste lovlige slutdato: 26. juli 2021"

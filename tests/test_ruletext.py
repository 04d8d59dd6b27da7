"""Rule texts outside a finding (explain, rules, HTML report, SARIF help, web pages) are
filled with the rule's parameters for a date and never show an unfilled placeholder."""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.checks.base import Params
from praktiktjek.engine import _no_mask, fmt_value
from praktiktjek.pipeline import national_rules_dir
from praktiktjek.rulepack import load_rules
from praktiktjek.ruletext import rule_texts, text_day


def _all_texts(rt) -> list[str]:  # type: ignore[no-untyped-def]
    return [rt.title, rt.message, rt.fix, *rt.terms.values(), *rt.citations]


def _placeholders(template: str) -> set[str]:
    return {n.split(".")[0] for _, n, _, _ in string.Formatter().parse(template) if n}


def _slice_days() -> list[dt.date]:
    """The first day of every dated parameter period of every rule, and the pack's ends."""
    rs = ruleset()
    days = {s.valid_from for r in rs.rules.values() for s in r.slices if s.valid_from}
    nat = rs.national
    assert nat is not None and nat.reviewed_from and nat.reviewed_until
    return sorted(days | {nat.reviewed_from, nat.reviewed_until - dt.timedelta(days=1)})


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_rule_text_keeps_a_brace_on_any_parameter_period(lang: str) -> None:
    rs = ruleset()
    for rule in rs.rules.values():
        for day in [None, *_slice_days()]:
            for text in _all_texts(rule_texts(rs, rule, lang, day)):
                assert "{" not in text and "}" not in text, (rule.id, day, text)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_parameter_placeholder_shows_the_parameter_of_that_date(lang: str) -> None:
    """By cause: a placeholder named by the rule's parameters is replaced by exactly that
    parameter's value on the date (formatted as in a finding), on every dated period."""
    rs = ruleset()
    checked = 0
    for rule in rs.rules.values():
        s = rule.spec
        templates = [s.message.get(lang), s.fix.get(lang), *(t.get(lang) for t in s.terms.values())]
        for day in _slice_days():
            params = rule.params_at(day)
            assert isinstance(params, Params)
            known = params.template_facts()
            rt = rule_texts(rs, rule, lang, day)
            rendered = " ".join(_all_texts(rt))
            for tpl in templates:
                for name in _placeholders(tpl) & set(known):
                    assert fmt_value(known[name], lang, _no_mask) in rendered, (rule.id, day, name)
                    checked += 1
    assert checked > 50  # VP202, VP204, VP206, VP208, VP301, VP503, VP801, VP103 …


@pytest.mark.parametrize(("rid", "day", "lang", "expected"), [
    ("VP202", None, "da", "Forkort praktikken til højst 4 uger"),
    ("VP202", None, "en", "the limit is 4 weeks (28 days)"),
    ("VP202", None, "da", "for målgruppen er grænsen 4 uger (28 dage)"),
    ("VP204", None, "da", "Sæt den først aftalte slutdato til højst 13 uger efter start"),
    ("VP206", None, "da", "forlæng højst 13 uger ad gangen"),
    ("VP206", None, "da", "rækker ud over uge 26"),
    ("VP208", None, "da", "(højst 8 uger)"),
    ("VP301", None, "da", "højst er 37 timer pr. uge"),
    ("VP503", None, "da", "højst 14 dage imellem"),
    ("VP801", None, "en", "26 weeks"),
    ("VP010", None, "da", "01-07-2018 til og med 31-12-2026"),
    ("VP104", None, "da", "Aftalen mangler [en stillingsbetegnelse / arbejdsfunktioner"),
])
def test_known_texts(rid: str, day: dt.date | None, lang: str, expected: str) -> None:
    rs = ruleset()
    assert expected in " | ".join(_all_texts(rule_texts(rs, rs.rules[rid], lang, day)))


def test_the_fix_outside_a_finding_equals_the_fix_in_one() -> None:
    """Where a fix names only parameters, a finding's fix and the rule's fix for the
    agreement's start date are the same sentence (one rendering, not two)."""
    rs = ruleset()
    compared = 0
    for rule in rs.rules.values():
        ex = rule.spec.examples
        if ex is None:
            continue
        params = rule.params_at(dt.date(2021, 1, 1))
        assert isinstance(params, Params)
        if not _placeholders(rule.spec.fix.da) <= set(params.template_facts()):
            continue
        for e in ex.failing:
            data = agreement(e.patch)
            if (data.get("citizen") or {}).get("graduate"):
                continue  # the graduate exception puts its own limit into the hit
            for f in (f for r in check_data(data) for f in r.findings):
                if f.rule == rule.id:
                    day = dt.date.fromisoformat(data["start"])
                    assert f.fix == rule_texts(rs, rule, "da", day).fix, (rule.id, e.description)
                    compared += 1
    assert compared >= 20


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)), st.sampled_from(["da", "en"]))
def test_any_date_renders_without_a_brace(day: dt.date, lang: str) -> None:
    rs = ruleset()
    for rule in rs.rules.values():
        for text in _all_texts(rule_texts(rs, rule, lang, day)):
            assert "{" not in text and "}" not in text


def test_the_default_date_is_today_kept_in_the_reviewed_and_the_rule_period(tmp_path: Path) -> None:
    rs = ruleset()
    nat = rs.national
    assert nat is not None and nat.reviewed_from and nat.reviewed_until
    for rule in rs.rules.values():
        d = text_day(rs, rule)
        assert rule.in_force(d), rule.id
        if rule.spec.valid_from is None or rule.spec.valid_from <= nat.reviewed_until:
            assert d < nat.reviewed_until
    today = dt.date.today()
    if nat.reviewed_from <= today < nat.reviewed_until:
        assert text_day(rs, rs.rules["VP202"]) == today
    # a local rule whose dated limit changes: each side of the change shows its own value
    pack = tmp_path / "p.yaml"
    pack.write_text("""
pack: {name: t, prefix: TEST, title: {da: t, en: t}}
rules:
  - id: TEST001
    severity: error
    title: {da: t, en: t}
    message: {da: "højst {limit_weeks} uger", en: "at most {limit_weeks} weeks"}
    fix: {da: "f {weeks}", en: f}
    confidence: {level: practice}
    check: thirteen_week_duration
    valid_to: 2020-06-30
    params: {limit_days: {dated: [{valid_to: 2019-12-31, value: 91}, {valid_from: 2020-01-01, value: 70}]}}
    rationale: {da: r, en: r}
""", "utf-8")
    local = load_rules([pack], national=national_rules_dir())
    rule = local.rules["TEST001"]
    assert rule_texts(local, rule, "da", dt.date(2019, 12, 31)).message == "højst 13 uger"
    assert rule_texts(local, rule, "da", dt.date(2020, 1, 1)).message == "højst 10 uger"
    assert text_day(local, rule) == dt.date(2020, 6, 30)  # ended: its last day
    assert rule_texts(local, rule, "da").fix == "f [antal]"


def test_citations_follow_the_date_and_the_language() -> None:
    rs = ruleset()
    vp202 = rs.rules["VP202"]
    assert rule_texts(rs, vp202, "en", dt.date(2019, 6, 1)).citations == ("LBK 1342/2016 § 44",)
    later = rule_texts(rs, vp202, "en", dt.date(2022, 1, 1)).citations
    assert "LAB § 61, stk. 1, nr. 1" in later and "LBK 1342/2016 § 44" not in later


def test_explain_shows_the_parameters_of_the_date_asked_for(run_cli) -> None:  # type: ignore[no-untyped-def]
    # 2020-01-01 to 2021-05-15 there was no graduate exception: its limit was the 4 weeks
    then = run_cli("explain", "VP208", "--date", "2020-06-01", code=0).out
    assert "som de gælder 01-06-2020" in then and "(højst 4 uger)" in then and "{" not in then
    assert "(højst 8 uger)" in run_cli("explain", "VP208", "--date", "2022-06-01", code=0).out
    run_cli("explain", "VP202", "--date", "2019-02-30", code=2)
    assert "ÅÅÅÅ-MM-DD" in run_cli("explain", "VP202", "--date", "1-6-2019", code=2).err


@pytest.mark.parametrize("lang", ["da", "en"])
def test_explain_shows_a_real_text_for_every_rule(lang: str) -> None:
    """`explain VP010` showed the fix «…; …»: a fact only a finding knows was a bare «…».
    For every rule, explain's text has no «…» stand-in (a fact is named in brackets,
    a fact a term fills shows its alternatives), no open date as «…», no brace and no
    None; the only «…» left is one the rule's own rationale writes."""
    import io

    from praktiktjek.docs import explain_rule

    rs = ruleset()
    for rule in rs.rules.values():
        buf = io.StringIO()
        explain_rule(rs, rule, lang, buf)
        text = buf.getvalue()
        rationale = rule.spec.rationale.get(lang)
        for line in text.splitlines():
            assert "{" not in line and "}" not in line and "None" not in line, (rule.id, line)
            assert "[oplysning fra aftalen]" not in line and "[a fact of the agreement]" not in line, (rule.id, line)
            if "…" in line:
                assert line.strip() in rationale, (rule.id, line)
    out = io.StringIO()
    explain_rule(rs, rs.rules["VP010"], lang, out)
    fix = next(x for x in out.getvalue().splitlines() if x.startswith(("Hvad der skal ændres", "What to change")))
    if lang == "da":
        assert fix.endswith("; [regelpakken er kun gennemgået for startdatoer fra 01-07-2018 / loven ændres 01-01-2027]")
    else:
        assert "[the rule pack is reviewed only for start dates from 2018-07-01 / the law changes on 1 January 2027]" in fix

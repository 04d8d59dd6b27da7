"""`explain` (and the web page's rule page) says what the checks do (review 9, finding 12):
each citation is listed with the act versions it can be cited with — exactly those the
engine picks for some start date on which the citation is in force — and the graduate
exception's periods say that a condition known to fail ends the exception in every period."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, rule_ids, ruleset
from praktiktjek.docs import _dates, citation_versions, explain_rule
from praktiktjek.engine import Engine
from praktiktjek.web.rulesview import rule_view


def _cited_on_some_day(rs, c):  # type: ignore[no-untyped-def]
    """The versions the engine cites ``c`` with, over every start date: the version in force
    on each day where ``c`` is (the days where either changes are enough to look at)."""
    act = rs.acts[c.act]
    days = {dt.date(1900, 1, 1), dt.date(2100, 1, 1)}
    for d in (c.valid_from, c.valid_to, *(x for v in act.versions for x in (v.valid_from, v.valid_to))):
        if d is not None:
            days |= {d, d + dt.timedelta(days=1)}
    return [v for v in act.versions if any(c.in_force(d) and act.version_at(d) is v for d in days)]


def test_each_citation_is_paired_only_with_the_versions_it_can_be_cited_with() -> None:
    rs = ruleset()
    checked = 0
    for rule in rs.rules.values():
        for c in rule.spec.citations:
            assert citation_versions(rs.acts[c.act], c) == _cited_on_some_day(rs, c), (rule.spec.id, c.text)
            checked += 1
    assert checked > 20


def _block(out: str, citation: str) -> str:
    """The version lines listed under ``citation`` (indented deeper than the citations)."""
    lines = out.split(f"\n  {citation}  ", 1)[1].splitlines()[1:]
    block = []
    for line in lines:
        if not line.startswith("      "):
            break
        block.append(line)
    return "\n".join(block)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_explain_vp202_lists_no_act_version_beside_a_citation_it_never_applies_to(lang: str) -> None:
    rs = ruleset()
    buf = io.StringIO()
    explain_rule(rs, rs.rules["VP202"], lang, buf)
    out = buf.getvalue()
    new, old = _block(out, "LAB § 61, stk. 1, nr. 1"), _block(out, "LBK 1342/2016 § 44")
    assert "LBK nr. 1342 af 21/11/2016" not in new and "lov nr. 548 af 07/05/2019" in new
    assert "LBK nr. 1342 af 21/11/2016" in old
    assert "lov nr. 548" not in old and "LBK nr. 701" not in old and "LBK nr. 280" not in old
    web = rule_view(rs, rs.rules["VP202"], lang)
    by_text = {c["text"]: [v["number"] for v in c["versions"]] for c in web["citations"]}
    assert by_text["LBK 1342/2016 § 44"] == ["LBK nr. 1342 af 21/11/2016"]
    assert "LBK nr. 1342 af 21/11/2016" not in by_text["LAB § 61, stk. 1, nr. 1"]


@settings(max_examples=30, deadline=None)
@given(start=st.sampled_from([dt.date(2019, 3, 1), dt.date(2021, 6, 1), dt.date(2023, 3, 1)]),
       days=st.integers(29, 56),
       failing=st.sampled_from([("citizen", "higher_education", False),
                                ("citizen", "job_in_field_since_graduation", True),
                                ("position", "uses_education", False)]))
def test_what_explain_says_of_a_condition_known_to_fail_is_what_the_check_does(start: dt.date, days: int,
                                                                               failing: tuple[str, str, bool]) -> None:
    """In every period with an exception, before 2020 too, a graduate whose condition is known
    to fail gets VP202 over 4 weeks; explain said «uden betingelser» before 2020."""
    rs = ruleset()
    buf = io.StringIO()
    explain_rule(rs, rs.rules["VP202"], "da", buf)
    out = buf.getvalue()
    assert "uden betingelser" not in out
    assert "I alle perioder gælder undtagelsen ikke, når det vides, at en af dens betingelser ikke er opfyldt" in out
    where, field, value = failing
    patch = {"target_group": "dagpenge", "start": start.isoformat(),
             "end": (start + dt.timedelta(days=days - 1)).isoformat(),
             "citizen": {"graduate": True}, where: {field: value}}
    if where == "citizen":
        patch["citizen"] = {"graduate": True, field: value}
    ids = rule_ids(agreement(patch))
    assert "VP202" in ids and "VP208" not in ids


# --------------------------------------------------------------------------- review 12, D6: the rule's own period

_EXPLAINED: dict[tuple[str, str], str] = {}


def _explained(rs, rule, lang: str = "da") -> str:  # type: ignore[no-untyped-def]
    key = (rule.id, lang)
    if key not in _EXPLAINED:
        buf = io.StringIO()
        explain_rule(rs, rule, lang, buf)
        _EXPLAINED[key] = buf.getvalue()
    return _EXPLAINED[key]


def _line_start(v, lang: str) -> str:  # type: ignore[no-untyped-def]
    """How explain begins a version's line: its number, then its period (none when undated)."""
    dates = _dates(v.valid_from, v.valid_to, lang) if v.valid_from or v.valid_to else ""
    return f"      {v.number or ''} {dates}".rstrip() + (" " if dates else "")


def _listed_lines(rs, rule, c, lang: str = "da"):  # type: ignore[no-untyped-def]
    """(version, its line) for each act version explain lists under ``c`` of ``rule``."""
    lines = _block(_explained(rs, rule, lang), c.get(lang)).splitlines()
    out = []
    for line in lines:
        (v,) = [v for v in rs.acts[c.act].versions if line.startswith(_line_start(v, lang))]
        out.append((v, line))
    return out


def _listed(rs, rule, c):  # type: ignore[no-untyped-def]
    """The versions explain lists under ``c`` of ``rule``, as the engine's sources name them."""
    return {(v.number, v.amended_by) for v, _ in _listed_lines(rs, rule, c)}


def _cited(engine, rule, c, day):  # type: ignore[no-untyped-def]
    """The versions the engine cites ``c`` with in a finding of ``rule`` for a start on ``day``
    (with and without the tags that select a part)."""
    tags = frozenset(p.when for p in rule.spec.citations if p.when)
    out = set()
    for t in (frozenset(), tags):
        cit = engine.citation(rule, day, t)
        for s in cit.sources if cit else ():
            if s.text == c.get(engine.lang) and (s.number or s.url):  # explain lists what it can name
                out.add((s.number, s.amended_by))
    return out


def _reviewed(rs):  # type: ignore[no-untyped-def]
    nat = rs.national
    return nat.reviewed_from, nat.reviewed_until


def test_explain_lists_exactly_the_versions_the_engine_cites_for_some_start_in_the_reviewed_period() -> None:
    """VP101/VP102 apply from 2020, yet explain listed BEK 977/2018 (in force until 2019) under
    their citation. Every day on which a rule, a citation part or an act version begins or
    ends (and the days around it), within the reviewed period, is looked at: the cited
    versions are constant between them."""
    rs = ruleset()
    engine = Engine(rs)
    lo, hi = _reviewed(rs)
    checked = 0
    for rule in rs.rules.values():
        for c in rule.spec.citations:
            act = rs.acts[c.act]
            edges = {lo, hi - dt.timedelta(days=1)}
            for d in (rule.spec.valid_from, rule.spec.valid_to, c.valid_from, c.valid_to,
                      *(x for v in act.versions for x in (v.valid_from, v.valid_to))):
                if d is not None:
                    edges |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
            cited = set().union(*(_cited(engine, rule, c, d) for d in edges if lo <= d < hi and rule.in_force(d)))
            assert _listed(rs, rule, c) == cited, (rule.id, c.text)
            checked += 1
    assert checked > 20
    vp102 = rs.rules["VP102"]
    assert ("BEK nr. 977 af 28/06/2018", None) not in _listed(rs, vp102, vp102.spec.citations[0])


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(2018, 7, 1), dt.date(2026, 12, 31)), index=st.integers(0, 10_000))
def test_every_version_the_engine_cites_is_one_explain_lists(day: dt.date, index: int) -> None:
    rs = ruleset()
    rules = sorted((r for r in rs.rules.values() if r.spec.citations), key=lambda r: r.id)
    rule = rules[index % len(rules)]
    if not rule.in_force(day):
        return
    engine = _ENGINE.setdefault("da", Engine(rs))
    for c in rule.spec.citations:
        assert _cited(engine, rule, c, day) <= _listed(rs, rule, c), (rule.id, c.text, day)


_ENGINE: dict[str, Engine] = {}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_explain_says_the_versions_in_force_at_the_end_of_the_reviewed_period_are_not_verified_after_it(
        lang: str) -> None:
    """A finding for a start from 01-01-2027 cites the last versions with «ikke efterprøvet
    for en start fra 01-01-2027»; explain showed them open-ended without that limit. Each
    version line says it exactly when the version (and its citation, and the rule) is still
    in force on that day and its act is one the change rewrites (LAB, BAB, STAR's guidance;
    not forvaltningsloven, the GDPR or the report: review 19), in the engine's own words."""
    rs = ruleset()
    _, hi = _reviewed(rs)
    engine = Engine(rs, lang=lang)
    note = engine._carried_over_note()
    marked = 0
    for rule in rs.rules.values():
        for c in rule.spec.citations:
            for v, line in _listed_lines(rs, rule, c, lang):
                carried = rule.in_force(hi) and c.in_force(hi) and (v.valid_to is None or v.valid_to >= hi) \
                    and rs.acts[c.act].changes_at_review_end
                assert (note in line) == carried, (rule.id, line)
                if carried:
                    # the engine cites that very version for a start on that day, marked as not verified
                    tags = frozenset(p.when for p in rule.spec.citations if p.when)
                    cit = engine.citation(rule, hi, tags)
                    assert cit is not None and note in cit.text
                    assert any(s.number == v.number and s.amended_by == v.amended_by and s.inferred
                               for s in cit.sources)
                    marked += 1
    assert marked > 20

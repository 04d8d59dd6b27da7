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
from praktiktjek.docs import citation_versions, explain_rule
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

"""Properties that must hold for any input (Hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from praktiktjek.reporters import REPORTERS, ReportContext
from praktiktjek.results import summarise

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=6),
    max_leaves=25,
)

FIELDS = ["id", "target_group", "citizen", "company", "start", "end", "hours_per_week",
          "position", "purpose", "ordinary_hours", "after_internship", "extensions",
          "availability_test", "history", "agreed_by", "accommodations"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
@example([])
@example({"id": "x", "start": "2021-01-01"})
@example({"extensions": [{}], "history": [None]})
def test_any_json_value_gives_findings_or_vp000_never_an_exception(value: Any) -> None:
    results = check_data(value)
    assert results
    for r in results:
        if r.agreement is None:
            assert [f.rule for f in r.findings] == ["VP000"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(FIELDS), json_values)
@example("extensions", [{"end": "2020-01-01"}])
@example("history", [{"start": "2022-01-01", "cvr": "35954716"}])
@example("agreed_by", {"citizen": [1]})
def test_any_value_in_any_field_gives_findings_or_vp000(field: str, value: Any) -> None:
    data = agreement()
    data[field] = value
    for r in check_data(data):
        rules = [f.rule for f in r.findings]
        assert r.agreement is not None or rules == ["VP000"]


FOUR_WEEK = ["dagpenge", "jobparat_kontanthjaelp", "uddannelsesparat_uddannelseshjaelp"]


@settings(max_examples=200, deadline=None)
@given(
    group=st.sampled_from(FOUR_WEEK),
    start=st.dates(min_value=dt.date(2018, 7, 1), max_value=dt.date(2026, 10, 1)),
    days=st.integers(min_value=1, max_value=200),
    graduate=st.booleans(),
)
def test_lengthening_a_4_week_internship_past_28_days_gives_vp202_and_never_before(
    group: str, start: dt.date, days: int, graduate: bool
) -> None:
    # A compliant 4-week-group agreement; a graduate whose exception is known not to apply
    # (a job in the field) keeps the plain 4-week limit.
    end = start + dt.timedelta(days=days - 1)
    data = agreement({"target_group": group, "start": start.isoformat(), "end": end.isoformat(),
                      "citizen": {"graduate": graduate, "job_in_field_since_graduation": True}})
    rules = [f.rule for r in check_data(data) for f in r.findings]
    assert ("VP202" in rules) == (days > 28), (days, rules)


cpr_numbers = st.builds(
    lambda d, sep, tail: f"{d:%d%m%y}{sep}{tail:04d}",
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2010, 12, 31)),
    st.sampled_from(["", "-"]),
    st.integers(min_value=0, max_value=9999),
)


@settings(max_examples=100, deadline=None)
@given(cpr=cpr_numbers, fmt=st.sampled_from(["text", "json"]), broken=st.booleans())
@example(cpr="0101901234", fmt="text", broken=False)
def test_a_cpr_number_never_appears_unmasked_in_output(cpr: str, fmt: str, broken: bool) -> None:
    import io

    patch: dict[str, Any] = {
        "citizen": {"id": cpr},
        "purpose": {"description": f"Borgeren med CPR {cpr} skal afklares i lagerarbejde i otte uger."},
        "position": {"title": f"Lager {cpr}", "functions": [cpr]},
        "ordinary_hours": {"timing": "concurrent", "hours_per_week": 5, "functions": [cpr]},
        "end": "2021-05-01",
    }
    if broken:
        patch["hours_per_week"] = cpr  # a VP000 that quotes the bad value
    data = agreement(patch)
    engine = Engine(ruleset())
    results = check_data(data, engine=engine)
    out = io.StringIO()
    REPORTERS[fmt](results, summarise(results), ReportContext(ruleset(), "da", engine), out)
    text = out.getvalue()
    digits = cpr.replace("-", "")
    assert digits not in text.replace("-", "")
    assert f"{digits[:6]}-****" in text
    # and it is shown when explicitly asked for
    shown = check_data(data, engine=Engine(ruleset(), show_cpr=True))
    assert shown[0].citizen == cpr


def test_company_identifiers_are_never_masked() -> None:
    # a P-number whose first six digits happen to be a date
    data = agreement({"company": {"cvr": "01019012", "p_number": "0101901234"},
                      "citizen": {"last_employer": {"cvr": "01019012", "p_number": "0101901234"}}})
    results = check_data(data)
    doc = json.dumps([f.message for r in results for f in r.findings])
    assert "VP504" in [f.rule for r in results for f in r.findings]
    assert "****" not in doc

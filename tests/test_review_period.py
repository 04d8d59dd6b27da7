"""VP010, the start date outside the reviewed period (review 9, finding 13): the period it
states is the one it tests — a start on its last day stated is inside, the next day is
not — and a start before the period gets advice about that, not about the 2027 change."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset


def vp010(start: dt.date, lang: str = "da") -> list[tuple[str, str]]:
    data = agreement({"start": start.isoformat(), "end": (start + dt.timedelta(days=20)).isoformat()})
    return [(f.message, f.fix) for r in check_data(data, lang=lang) for f in r.findings if f.rule == "VP010"]


def _date(text: str) -> dt.date:
    d, m, y = text.split("-")
    return dt.date(int(y), int(m), int(d))


@settings(max_examples=60, deadline=None)
@given(start=st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
def test_the_stated_period_is_the_tested_one_and_the_advice_fits_the_side(start: dt.date) -> None:
    nat = ruleset().national
    assert nat is not None and nat.reviewed_from and nat.reviewed_until
    found = vp010(start)
    inside = nat.reviewed_from <= start < nat.reviewed_until
    assert bool(found) == (not inside)
    if inside:
        return
    [(message, fix)] = found
    first, last = re.search(r"\((\d\d-\d\d-\d{4}) til og med (\d\d-\d\d-\d{4})\)", message).groups()  # type: ignore[union-attr]
    assert not _date(first) <= start <= _date(last)  # the start lies outside the period it names
    assert (_date(first), _date(last) + dt.timedelta(days=1)) == (nat.reviewed_from, nat.reviewed_until)
    if start < nat.reviewed_from:
        assert " ligger før den periode" in message and "2027" not in fix
        assert f"startdatoer fra {first}" in fix
    else:
        assert " ligger efter den periode" in message and "loven ændres 01-01-2027" in fix


def test_english_texts_say_the_same() -> None:
    [(message, fix)] = vp010(dt.date(2018, 6, 30), "en")
    assert "lies before the period" in message and "(2018-07-01 to 2026-12-31 inclusive)" in message
    assert "2027" not in fix and "start dates from 2018-07-01" in fix
    [(message, fix)] = vp010(dt.date(2027, 1, 1), "en")
    assert "lies after the period" in message and "the law changes on 1 January 2027" in fix

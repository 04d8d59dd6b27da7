"""RULES.md: the law changes on 2027-01-01 and its text is not known here — "never carry
LAB § 61 or BAB §§ 60–65 over as citations for starts on or after 2027-01-01 as if
verified" (review 9, finding 3: a 2027 start cited BEK 1216/2023 with "inferred": false)."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from praktiktjek.reporters.jsonout import finding_dict

REVIEWED_UNTIL = ruleset().national.reviewed_until  # type: ignore[union-attr]

# an agreement with many cited findings: too long, no purpose category, no agreement by the jobcenter
_MANY = {"end": None, "purpose": {"categories": ["netvaerk"], "description": "x"},
         "agreed_by": {"jobcenter": None}, "hours_per_week": 40}


@settings(max_examples=30, deadline=None)
@given(offset=st.integers(-400, 400), lang=st.sampled_from(["da", "en"]))
def test_a_citation_says_it_is_not_verified_exactly_for_starts_from_reviewed_until(offset: int, lang: str) -> None:
    assert REVIEWED_UNTIL is not None
    start = REVIEWED_UNTIL + dt.timedelta(days=offset)
    patch = dict(_MANY, start=start.isoformat(), end=(start + dt.timedelta(days=60)).isoformat())
    (r,) = check_data(agreement(patch), Engine(ruleset(), lang=lang))
    cited = [f for f in r.findings if f.citation is not None]
    assert cited
    after = start >= REVIEWED_UNTIL
    shown = REVIEWED_UNTIL.strftime("%d-%m-%Y") if lang == "da" else REVIEWED_UNTIL.isoformat()
    word = "ikke efterprøvet" if lang == "da" else "not verified"
    for f in cited:
        assert f.citation is not None
        assert (word in f.citation.text and shown in f.citation.text) is after
        assert all(s.inferred for s in f.citation.sources) or not after
        d = json.loads(json.dumps(finding_dict(f)))
        if after:
            assert all(s["inferred"] for s in d["citation"]["sources"])
            assert d["citation"]["text"].startswith(f.citation.sources[0].text)

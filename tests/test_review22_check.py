"""Review 22 (check): F1 — the agreement's own «difference from earlier internships»
(`difference_from_earlier`, offered by the web form in «Tidligere forløb») was read only by
the audit: `check` said VP502 «det er ikke beskrevet, hvordan forløbene adskiller sig» to a
caseworker who had written it. F2 — VP103 counted what white space parts, so ten dashes
were ten words and a placeholder purpose passed «✓ ingen fund»."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import agreement, rule_ids
from praktiktjek.checks.purpose import word_count

EARLIER = {"id": "h", "cvr": "35954716", "p_number": "1012345678", "start": "2020-05-01",
           "end": "2020-05-28", "title": "Lager", "functions": ["lager"]}


def _with_history(**extra: object) -> dict[str, object]:
    a = agreement()
    a["company"]["cvr"], a["company"]["p_number"] = "35954716", "1012345678"
    a["history"] = [dict(EARLIER)]
    a.update(extra)
    return a


def test_the_agreements_own_difference_speaks_for_its_history() -> None:
    assert "VP502" in rule_ids(_with_history())
    assert "VP502" in rule_ids(_with_history(difference_from_earlier="  "))
    assert "VP502" not in rule_ids(_with_history(difference_from_earlier="Nu kundeservice i stedet for lager"))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=" -.–…_*·,;:!?\t", max_size=60))
def test_punctuation_is_no_word(text: str) -> None:
    assert word_count(text) == 0
    a = agreement({"purpose": {"description": text + " x" if text.strip() else "- - - - - - - - - -"}})
    assert "VP103" in rule_ids(a)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcæøå0123456789-.", min_size=1, max_size=6), max_size=12))
def test_a_word_holds_a_letter_or_a_digit(tokens: list[str]) -> None:
    assert word_count(" ".join(tokens)) == sum(1 for t in tokens if any(c.isalnum() for c in t))

"""Review 17, F4: a history entry without a `start` was ignored by VP501–VP503, even when
its `end` showed it was earlier. RULES.md ("Counting and interpretation"): «History entries
that do not start before this agreement's start are ignored» — only an entry shown NOT to
start before (a start on or after this one) is ignored; the format defines `history` as the
citizen's earlier internships. So an entry without a start counts (VP503 measures from its
end, and needs one), in `check` and in both audit engines, and its finding dates it by its
end or says it has no dates — never «None» or an empty date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import agreement, check_data, ruleset
from praktiktjek.engine import Engine
from test_batch_parity import assert_same, write_jsonl

START = dt.date(2021, 3, 1)  # the example base's start (dagpenge, a 4-week group)
CVR, P = "35954716", "1012345678"  # the example base's company
REPEATS = ("VP501", "VP502", "VP503")


def entry(**kw: Any) -> dict[str, Any]:
    """An earlier internship at the same company in the same job, no difference written."""
    return {"cvr": CVR, "p_number": P, "title": "Butiksassistent", "functions": ["kundeservice"], **kw}


def day(offset: int) -> str:
    return (START + dt.timedelta(days=offset)).isoformat()


def repeats(data: dict[str, Any], **kw: Any) -> dict[str, str]:
    (r,) = check_data(data, **kw)
    return {f.rule: f.message for f in r.findings if f.rule in REPEATS}


def test_an_entry_without_a_start_that_ended_before_this_start_is_an_earlier_internship() -> None:
    """The review's repro: same company and title, ended 13 days before, no start."""
    found = repeats(agreement({"history": [entry(end=day(-9))]}))
    assert set(found) == {"VP501", "VP502", "VP503"}
    for message in found.values():
        assert "sluttede 20-02-2021" in message and "None" not in message
    assert "starter 9 dage efter" in found["VP503"]


def test_vp503_measures_from_the_end_of_an_entry_without_a_start() -> None:
    assert "VP503" in repeats(agreement({"history": [entry(end=day(-14))]}))  # 14 days: within
    assert "VP503" not in repeats(agreement({"history": [entry(end=day(-15))]}))
    # a 13-week group has no VP503, but the repeat itself is still VP501/VP502
    assert set(repeats(agreement({"target_group": "aktivitetsparat_kontanthjaelp",
                                  "history": [entry(end=day(-9))]}))) == {"VP501", "VP502"}


def test_an_entry_without_dates_is_listed_as_earlier_and_not_shown_to_be_later() -> None:
    """Not ignored for VP501/VP502; VP503 needs its end, a missing fact: it does not fire."""
    found = repeats(agreement({"history": [entry()]}))
    assert set(found) == {"VP501", "VP502"}
    assert all("(—, uden datoer)" in m for m in found.values())
    found = repeats(agreement({"history": [entry(id="H1")]}), lang="en")
    assert all("(H1, without dates)" in m for m in found.values())


def test_an_entry_without_a_start_that_ends_on_or_after_this_start_is_not_shown_to_be_later() -> None:
    """It may have started before this one, so RULES.md's sentence does not ignore it:
    it counts, and VP503 reads it as running into this one."""
    found = repeats(agreement({"history": [entry(end=day(0))]}))
    assert set(found) == {"VP501", "VP502", "VP503"}
    assert "overlapper" in found["VP503"] and "sluttede 01-03-2021" in found["VP501"]


def test_an_entry_whose_start_is_not_before_this_start_is_still_ignored() -> None:
    for start in (day(0), day(5)):
        assert repeats(agreement({"history": [entry(start=start, end=day(-9))]})) == {}


def test_a_finding_names_a_dated_entry_before_one_without_a_start() -> None:
    found = repeats(agreement({"history": [entry(id="H1", start=day(-100), end=day(-73)),
                                           entry(id="H2", end=day(-9))]}))
    assert "(H1, fra 21-11-2020, og 1 tidligere forløb)" in found["VP501"]
    # VP503 names the one that ended last, whether it has a start or not
    assert "(H2, sluttede 20-02-2021);" in found["VP503"]


# --------------------------------------------------------------------------- the property

PLACES = [(CVR, P), (CVR, None), (CVR, "1099999999"), ("12345678", None), ("12345678", P)]
TITLES = ["Butiksassistent", " butiksassistent ", "Lager", None]
FUNCTIONS = ["kundeservice", "Kundeservice ", "lager", "kasse"]
OFFSETS = st.one_of(st.none(), st.integers(-60, 20))


def _norm(text: str | None) -> str:
    """RULES.md "Same function": case-folded, trimmed, white space collapsed."""
    return " ".join((text or "").casefold().split())


def expected(a: dict[str, Any]) -> dict[str, int]:
    """How many earlier internships each history rule finds, written from RULES.md alone."""
    start = dt.date.fromisoformat(a["start"])
    c = a["company"]
    title = _norm(a["position"]["title"])
    functions = {_norm(f) for f in a["position"]["functions"]}
    counts = {"VP501": 0, "VP502": 0, "VP503": 0}
    for h in a["history"]:
        # «History entries that do not start before this agreement's start are ignored.»
        if h.get("start") is not None and dt.date.fromisoformat(h["start"]) >= start:
            continue
        # «Same company: the same P-number when both sides have one, else the same CVR.»
        same = h["p_number"] == c["p_number"] if h["p_number"] and c["p_number"] else h["cvr"] == c["cvr"]
        if not same:
            continue
        if (title and _norm(h["title"]) == title) or functions & {_norm(f) for f in h["functions"]}:
            counts["VP501"] += 1
        if not (h.get("difference") or "").strip():
            counts["VP502"] += 1
        # VP503: 4-week groups (dagpenge here), `start − earlier end ≤ 14 days`; no end: a
        # missing fact, no finding
        if a["target_group"] == "dagpenge" and h.get("end") is not None:
            counts["VP503"] += (start - dt.date.fromisoformat(h["end"])).days <= 14
    return {rule: n for rule, n in counts.items() if n}


def found_counts(findings: list[tuple[str, str]]) -> dict[str, int]:
    """Per history rule, how many earlier internships its one finding counts (the one it
    names and «og N tidligere forløb»); its message is true of an entry without dates."""
    out = {}
    for rule, message in findings:
        if rule in REPEATS:
            assert "None" not in message and not re.search(r"(fra|sluttede) *[,)]", message)
            more = re.search(r"og (\d+) tidligere forløb", message)
            out[rule] = 1 + (int(more.group(1)) if more else 0)
    return out


@st.composite
def with_history(draw: st.DrawFn) -> dict[str, Any]:
    history = []
    for _ in range(draw(st.integers(1, 3))):
        cvr, p = draw(st.sampled_from(PLACES))
        h: dict[str, Any] = {"cvr": cvr, "p_number": p, "title": draw(st.sampled_from(TITLES)),
                             "functions": draw(st.lists(st.sampled_from(FUNCTIONS), max_size=2)),
                             "difference": draw(st.sampled_from([None, " ", "Nu lager i stedet for kasse."]))}
        for key in ("start", "end"):
            offset = draw(OFFSETS)
            if offset is not None:
                h[key] = day(offset)
            elif draw(st.booleans()):
                h[key] = None  # written as null, or left out
        history.append(h)
    return agreement({"target_group": draw(st.sampled_from(["dagpenge", "aktivitetsparat_kontanthjaelp"])),
                      "history": history})


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(with_history(), min_size=1, max_size=8))
def test_the_history_rules_follow_rules_md_in_check_and_both_engines(tmp_path: Path,
                                                                     records: list[dict[str, Any]]) -> None:
    """One audit per example, its records of different citizens (each reads its own history
    only), byte-identical in both engines."""
    for n, a in enumerate(records):
        a["id"], a["citizen"]["id"] = f"A{n}", f"c-{n}"
        (r,) = check_data(a)
        assert found_counts([(f.rule, f.message) for f in r.findings]) == expected(a)
    docs = assert_same([write_jsonl(tmp_path / "gen.jsonl", records)], Engine(ruleset()))
    for a, doc in zip(records, docs, strict=True):
        assert found_counts([(f["rule"], f["message"]) for f in doc["findings"]]) == expected(a)
